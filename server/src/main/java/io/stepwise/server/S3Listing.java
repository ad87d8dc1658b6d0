package io.stepwise.server;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ListBuckets, ListObjectsV2 and ListObjects (V1). Keys come from the store in S3's order (UTF-8 bytes); with a
 * delimiter, every key whose rest after the prefix contains it counts once, as its common prefix, toward
 * {@code max-keys}. A continuation token is the last key or common prefix of the page (base64, marked which), so the
 * next page starts after it and skips the rest of that common prefix.
 */
final class S3Listing {
    private static final int BATCH = 1000;
    private final ObjectStore store;

    S3Listing(ObjectStore store) {
        this.store = store;
    }

    void listBuckets(Context ctx) {
        S3Xml xml = S3Xml.document("ListAllMyBucketsResult");
        xml.start("Owner").element("ID", "stepwise").element("DisplayName", "stepwise").end().start("Buckets");
        for (var b : store.buckets()) {
            xml.start("Bucket").element("Name", b.name()).element("CreationDate", S3Xml.timestamp(b.created())).end();
        }
        ctx.contentType("application/xml").result(xml.end().done());
    }

    /** One page: objects and common prefixes in key order, whether more follow, and where the next page starts. */
    private record Page(List<ObjectStore.ObjectInfo> contents, Set<String> prefixes, boolean truncated, String last,
                        boolean lastIsPrefix) {}

    private Page page(String bucket, String prefix, String delimiter, String after, boolean afterIsPrefix, int maxKeys) {
        if (maxKeys == 0) return new Page(List.of(), Set.of(), false, null, false);
        List<ObjectStore.ObjectInfo> contents = new ArrayList<>();
        Set<String> prefixes = new LinkedHashSet<>();
        String skip = afterIsPrefix ? after : null;
        String last = null;
        boolean lastIsPrefix = false;
        String cursor = after;
        while (true) {
            var batch = store.list(bucket, prefix, cursor, BATCH);
            for (var o : batch) {
                cursor = o.key();
                if (skip != null && o.key().startsWith(skip)) continue;
                if (contents.size() + prefixes.size() >= maxKeys) return new Page(contents, prefixes, true, last, lastIsPrefix);
                int at = delimiter.isEmpty() ? -1 : o.key().indexOf(delimiter, prefix.length());
                if (at >= 0) {
                    skip = o.key().substring(0, at + delimiter.length());
                    prefixes.add(skip);
                    last = skip;
                    lastIsPrefix = true;
                } else {
                    contents.add(o);
                    last = o.key();
                    lastIsPrefix = false;
                }
            }
            if (batch.size() < BATCH) return new Page(contents, prefixes, false, last, lastIsPrefix);
        }
    }

    void list(Context ctx, String bucket) {
        boolean v2 = "2".equals(ctx.queryParam("list-type"));
        String prefix = Optional.ofNullable(ctx.queryParam("prefix")).orElse("");
        String delimiter = Optional.ofNullable(ctx.queryParam("delimiter")).orElse("");
        boolean urlEncoded = "url".equals(ctx.queryParam("encoding-type"));
        if (ctx.queryParam("encoding-type") != null && !urlEncoded) throw S3Error.invalidArgument("Invalid Encoding Method specified in Request");
        int maxKeys = maxKeys(ctx.queryParam("max-keys"));
        String token = v2 ? ctx.queryParam("continuation-token") : null;
        String startAfter = Optional.ofNullable(ctx.queryParam(v2 ? "start-after" : "marker")).orElse("");
        String after = startAfter;
        boolean afterIsPrefix = false;
        if (token != null) {
            String t = untoken(token);
            after = t.substring(1);
            afterIsPrefix = t.charAt(0) == 'P';
        }
        Page page = page(bucket, prefix, delimiter, after, afterIsPrefix, maxKeys);

        S3Xml xml = S3Xml.document("ListBucketResult");
        xml.element("Name", bucket).element("Prefix", encode(prefix, urlEncoded));
        if (!v2) xml.element("Marker", encode(startAfter, urlEncoded));
        if (v2) xml.element("KeyCount", page.contents().size() + page.prefixes().size());
        xml.element("MaxKeys", maxKeys);
        if (!delimiter.isEmpty()) xml.element("Delimiter", encode(delimiter, urlEncoded));
        if (urlEncoded) xml.element("EncodingType", "url");
        xml.element("IsTruncated", page.truncated());
        if (v2) {
            if (token != null) xml.element("ContinuationToken", token);
            if (page.truncated()) xml.element("NextContinuationToken", token(page));
            if (!startAfter.isEmpty()) xml.element("StartAfter", encode(startAfter, urlEncoded));
        } else if (page.truncated() && !delimiter.isEmpty()) {
            xml.element("NextMarker", encode(page.last(), urlEncoded));
        }
        for (var o : page.contents()) {
            xml.start("Contents").element("Key", encode(o.key(), urlEncoded))
                    .element("LastModified", S3Xml.timestamp(o.lastModified())).element("ETag", o.etag())
                    .element("Size", o.size()).element("StorageClass", "STANDARD").end();
        }
        for (String p : page.prefixes()) xml.start("CommonPrefixes").element("Prefix", encode(p, urlEncoded)).end();
        ctx.contentType("application/xml").result(xml.done());
    }

    private static int maxKeys(String text) {
        if (text == null) return 1000;
        try {
            int n = Integer.parseInt(text);
            if (n < 0) throw new NumberFormatException();
            return Math.min(n, 1000);
        } catch (NumberFormatException e) {
            throw S3Error.invalidArgument("Provided max-keys not an integer or within integer range");
        }
    }

    private static String token(Page page) {
        String marked = (page.lastIsPrefix() ? "P" : "K") + page.last();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(marked.getBytes(StandardCharsets.UTF_8));
    }

    private static String untoken(String token) {
        try {
            String t = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (t.isEmpty() || (t.charAt(0) != 'K' && t.charAt(0) != 'P')) throw new IllegalArgumentException();
            return t;
        } catch (IllegalArgumentException e) {
            throw S3Error.invalidArgument("The continuation token provided is incorrect");
        }
    }

    /** With {@code encoding-type=url}, names as S3 encodes them (a space as {@code +}, slashes kept). */
    private static String encode(String value, boolean url) {
        return url ? URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%2F", "/") : value;
    }
}
