package io.stepwise.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Buckets in maps, with S3's error codes, pages of {@code pageSize} keys (the continuation is the page's last key),
 * and every call recorded. {@link #refusePuts} makes every put fail as S3 does for a missing permission.
 */
final class MemoryBuckets implements Buckets {
    static final Instant MODIFIED = Instant.parse("2026-03-04T05:06:07.890Z");

    private final Map<String, TreeMap<String, byte[]>> buckets = new HashMap<>();
    private final Map<String, String> contentTypes = new HashMap<>();
    private final int pageSize;
    final List<String> calls = new ArrayList<>();
    boolean refusePuts;

    MemoryBuckets(int pageSize) { this.pageSize = pageSize; }

    MemoryBuckets() { this(1000); }

    MemoryBuckets bucket(String name) {
        buckets.putIfAbsent(name, new TreeMap<>());
        return this;
    }

    MemoryBuckets object(String bucket, String key, String content) { return object(bucket, key, content.getBytes(UTF_8)); }

    MemoryBuckets object(String bucket, String key, byte[] content) {
        bucket(bucket).buckets.get(bucket).put(key, content);
        return this;
    }

    String text(String bucket, String key) { return new String(buckets.get(bucket).get(key), UTF_8); }

    List<String> keys(String bucket) { return List.copyOf(buckets.get(bucket).keySet()); }

    String contentType(String bucket, String key) { return contentTypes.get(bucket + "/" + key); }

    @Override
    public byte[] get(String bucket, String key) throws BucketError {
        calls.add("get " + bucket + "/" + key);
        byte[] content = require(bucket).get(key);
        if (content == null) throw new BucketError("NoSuchKey", "The specified key does not exist.");
        return content;
    }

    @Override
    public Listing list(String bucket, String prefix, Optional<String> continuation) throws BucketError {
        calls.add("list " + bucket + "/" + prefix + continuation.map(c -> " after " + c).orElse(""));
        TreeMap<String, byte[]> objects = require(bucket);
        var tail = continuation.isPresent() ? objects.tailMap(continuation.get(), false) : objects.tailMap(prefix, true);
        List<ObjectSummary> page = new ArrayList<>();
        for (var e : tail.entrySet()) {
            if (!e.getKey().startsWith(prefix)) break;
            if (page.size() == pageSize) return new Listing(page, Optional.of(page.getLast().key()));
            page.add(new ObjectSummary(e.getKey(), etag(e.getValue()), MODIFIED, e.getValue().length, "STANDARD"));
        }
        return new Listing(page, Optional.empty());
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) throws BucketError {
        calls.add("put " + bucket + "/" + key);
        TreeMap<String, byte[]> objects = require(bucket);
        if (refusePuts) throw new BucketError("AccessDenied", "Access Denied");
        objects.put(key, content);
        contentTypes.put(bucket + "/" + key, contentType);
    }

    private TreeMap<String, byte[]> require(String bucket) throws BucketError {
        TreeMap<String, byte[]> objects = buckets.get(bucket);
        if (objects == null) throw new BucketError("NoSuchBucket", "The specified bucket does not exist");
        return objects;
    }

    static String etag(byte[] content) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
