package io.stepwise.server;

import io.stepwise.engine.Buckets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link Buckets} on the server's own object store, without HTTP: a distributed Map reads and writes the objects the
 * S3 API serves, with the S3 API's error codes and messages. Pages are S3's 1000 keys; the continuation is the last key
 * of the page. Every object is STANDARD. Like the S3 API, it refuses keys over 1024 bytes of UTF-8.
 */
final class StoreBuckets implements Buckets {
    private static final int PAGE = 1000;
    private final ObjectStore store;

    StoreBuckets(ObjectStore store) { this.store = store; }

    @Override
    public byte[] get(String bucket, String key) throws BucketError {
        var info = call(() -> store.object(bucket, key)).orElseThrow(() -> error(S3Error.noSuchKey(key)));
        try {
            return Files.readAllBytes(store.blob(info.blob()));
        } catch (NoSuchFileException e) {   // replaced or deleted since it was looked up
            throw error(S3Error.noSuchKey(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Listing list(String bucket, String prefix, Optional<String> continuation) throws BucketError {
        List<ObjectStore.ObjectInfo> found = call(() -> store.list(bucket, prefix, continuation.orElse(""), PAGE + 1));
        List<ObjectSummary> page = found.stream().limit(PAGE)
                .map(o -> new ObjectSummary(o.key(), o.etag(), o.lastModified(), o.size(), "STANDARD")).toList();
        return new Listing(page, found.size() > PAGE ? Optional.of(page.getLast().key()) : Optional.empty());
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) throws BucketError {
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {   // as S3Api refuses it
            throw error(S3Error.of("KeyTooLongError", 400, "Your key is too long (at most 1024 bytes of UTF-8)"));
        }
        call(() -> store.bucket(bucket)).orElseThrow(() -> error(S3Error.noSuchBucket(bucket)));
        ObjectStore.Written written = store.write(new ByteArrayInputStream(content), Long.MAX_VALUE);
        call(() -> store.put(bucket, key, written, written.etag(), contentType, Map.of()));
    }

    /** The store's operation, its S3 error as a {@link BucketError}. */
    private static <T> T call(Supplier<T> operation) throws BucketError {
        try {
            return operation.get();
        } catch (S3Error e) {
            throw error(e);
        }
    }

    private static BucketError error(S3Error e) {
        return new BucketError(e.code(), e.getMessage());
    }
}
