package io.stepwise.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/** S3 bucket and single-object operations: CreateBucket ... DeleteObjects, PutObject, CopyObject, GetObject/HeadObject. */
final class S3Objects {
    /** A single PUT's largest body (S3's own limit); bodies are streamed to disk, never held in memory. */
    static final long MAX_OBJECT_BYTES = 5L << 30;
    private static final int MAX_METADATA_BYTES = 2048;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
    private final ObjectStore store;

    S3Objects(ObjectStore store) {
        this.store = store;
    }

    // ---- buckets

    void createBucket(Context ctx, String bucket) {
        validBucketName(bucket);
        if (!store.createBucket(bucket)) throw S3Error.alreadyOwned(bucket);
        ctx.header("Location", "/" + bucket);
    }

    /** S3's naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
    static void validBucketName(String bucket) {
        if (!BUCKET.matcher(bucket).matches()) {
            throw S3Error.invalidBucketName(bucket, "3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit");
        }
        if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
            throw S3Error.invalidBucketName(bucket, "no two adjacent periods, no period next to a hyphen");
        }
        if (IP.matcher(bucket).matches()) throw S3Error.invalidBucketName(bucket, "not formatted as an IP address");
        for (String prefix : List.of("xn--", "sthree-", "amzn-s3-demo-")) {
            if (bucket.startsWith(prefix)) throw S3Error.invalidBucketName(bucket, "must not start with " + prefix);
        }
        for (String suffix : List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")) {
            if (bucket.endsWith(suffix)) throw S3Error.invalidBucketName(bucket, "must not end with " + suffix);
        }
    }

    void headBucket(Context ctx, String bucket) {
        store.bucket(bucket).orElseThrow(() -> S3Error.noSuchBucket(bucket));
        ctx.header("x-amz-bucket-region", "us-east-1");
    }

    void bucketLocation(Context ctx, String bucket) {
        store.bucket(bucket).orElseThrow(() -> S3Error.noSuchBucket(bucket));
        // us-east-1 is an empty LocationConstraint
        ctx.contentType("application/xml").result(S3Xml.document("LocationConstraint").done());
    }

    void deleteBucket(Context ctx, String bucket) {
        store.deleteBucket(bucket);
        ctx.status(204);
    }

    // ---- objects

    void put(Context ctx, String bucket, String key) {
        store.bucket(bucket).orElseThrow(() -> S3Error.noSuchBucket(bucket)); // before reading a body for nothing
        Map<String, String> metadata = metadata(ctx);
        ObjectStore.Written written = write(ctx, store);
        var info = store.put(bucket, key, written, written.etag(), contentType(ctx), metadata);
        ctx.header("ETag", info.etag());
    }

    /** The body in a new blob; {@code BadDigest} when a {@code Content-MD5} was sent and does not match. */
    static ObjectStore.Written write(Context ctx, ObjectStore store) {
        ObjectStore.Written written;
        try (InputStream body = S3Api.body(ctx)) {
            written = store.write(body, MAX_OBJECT_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String md5 = ctx.header("Content-MD5");
        if (md5 != null && !md5.equals(Base64.getEncoder().encodeToString(written.md5()))) {
            store.discard(written);
            throw S3Error.of("BadDigest", 400, "The Content-MD5 you specified did not match what we received.");
        }
        return written;
    }

    void copy(Context ctx, String bucket, String key) {
        String source = S3Api.decode(ctx.header("x-amz-copy-source").split("\\?", 2)[0]);
        source = source.startsWith("/") ? source.substring(1) : source;
        int slash = source.indexOf('/');
        if (slash <= 0 || slash == source.length() - 1) throw S3Error.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        String sourceBucket = source.substring(0, slash);
        String sourceKey = source.substring(slash + 1);
        var from = store.object(sourceBucket, sourceKey).orElseThrow(() -> S3Error.noSuchKey(sourceKey));
        boolean replace = "REPLACE".equalsIgnoreCase(ctx.header("x-amz-metadata-directive"));
        if (!replace && sourceBucket.equals(bucket) && sourceKey.equals(key)) {
            throw S3Error.of("InvalidRequest", 400, "This copy request is illegal because it is trying to copy an object to itself "
                    + "without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }
        store.bucket(bucket).orElseThrow(() -> S3Error.noSuchBucket(bucket));
        ObjectStore.Written written;
        try (InputStream in = open(from)) {
            written = store.write(in, Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var info = store.put(bucket, key, written, from.etag(), replace ? contentType(ctx) : from.contentType(),
                replace ? metadata(ctx) : from.metadata());
        ctx.contentType("application/xml").result(S3Xml.document("CopyObjectResult").element("ETag", info.etag())
                .element("LastModified", S3Xml.timestamp(info.lastModified())).done());
    }

    void get(Context ctx, String bucket, String key, boolean withBody) {
        var info = store.object(bucket, key).orElseThrow(() -> S3Error.noSuchKey(key));
        if (notModified(ctx, info)) {
            ctx.status(304);
            ctx.header("ETag", info.etag());
            ctx.header("Last-Modified", HTTP_DATE.format(info.lastModified()));
            return;
        }
        long first = 0;
        long last = info.size() - 1;
        long[] range = range(ctx.header("Range"), info.size());
        if (range != null) {
            first = range[0];
            last = range[1];
        }
        long length = last - first + 1;
        // opened first: an object deleted since its row was read is then NoSuchKey, and once open its bytes stay readable
        try (InputStream in = withBody && length > 0 ? open(info) : InputStream.nullInputStream()) {
            if (range != null) {
                ctx.status(206);
                ctx.header("Content-Range", "bytes " + first + "-" + last + "/" + info.size());
            }
            ctx.header("ETag", info.etag());
            ctx.header("Last-Modified", HTTP_DATE.format(info.lastModified()));
            ctx.header("Accept-Ranges", "bytes");
            ctx.res().setCharacterEncoding(null); // or Jetty appends one to a text/* type: the object's type is sent as stored
            ctx.res().setContentType(info.contentType());
            info.metadata().forEach((name, value) -> ctx.header("x-amz-meta-" + name, value));
            ctx.res().setContentLengthLong(length);
            if (!withBody || length == 0) return;
            in.skipNBytes(first);
            OutputStream out = ctx.res().getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (long left = length; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) throw new IOException("blob " + info.blob() + " is shorter than its object");
                out.write(buffer, 0, n);
                left -= n;
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The conditional headers, as S3 weighs them (RFC 7232): {@code If-Match} (else {@code If-Unmodified-Since}) that
     * does not hold is 412 {@code PreconditionFailed}; {@code If-None-Match} that matches (else {@code If-Modified-Since}
     * that finds no change) is a 304. An unreadable date is ignored.
     */
    private static boolean notModified(Context ctx, ObjectStore.ObjectInfo info) {
        Instant modified = info.lastModified().truncatedTo(ChronoUnit.SECONDS);
        String ifMatch = ctx.header("If-Match");
        Instant unmodifiedSince = httpDate(ctx.header("If-Unmodified-Since"));
        if (ifMatch != null ? !etagMatches(ifMatch, info.etag()) : unmodifiedSince != null && modified.isAfter(unmodifiedSince)) {
            throw S3Error.of("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold");
        }
        String ifNoneMatch = ctx.header("If-None-Match");
        Instant modifiedSince = httpDate(ctx.header("If-Modified-Since"));
        return ifNoneMatch != null ? etagMatches(ifNoneMatch, info.etag()) : modifiedSince != null && !modified.isAfter(modifiedSince);
    }

    private static boolean etagMatches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.replace("\"", "").equals(etag.replace("\"", ""))) return true;
        }
        return false;
    }

    private static Instant httpDate(String text) {
        try {
            return text == null ? null : Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The object's bytes; {@code NoSuchKey} when it was deleted or replaced since its row was read. */
    private InputStream open(ObjectStore.ObjectInfo info) {
        try {
            return Files.newInputStream(store.blob(info.blob()));
        } catch (NoSuchFileException e) {
            throw S3Error.noSuchKey(info.key());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first and last byte of a single {@code Range: bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}; null (the whole
     * object) for none, or for one S3 ignores (malformed, several ranges, end before start); {@code InvalidRange} when it
     * starts at or beyond the end.
     */
    static long[] range(String header, long size) {
        Matcher m = header == null ? null : RANGE.matcher(header.strip());
        if (m == null || !m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return null;
        long first;
        long last = size - 1;
        if (m.group(1).isEmpty()) {                           // the last n bytes
            long n = Long.parseLong(m.group(2));
            first = n == 0 ? size : Math.max(0, size - n);
        } else {
            first = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty()) {
                long end = Long.parseLong(m.group(2));
                if (end < first) return null;
                last = Math.min(last, end);
            }
        }
        if (first >= size) throw S3Error.invalidRange(size);
        return new long[] {first, last};
    }

    void delete(Context ctx, String bucket, String key) {
        store.delete(bucket, key);
        ctx.status(204);
    }

    /** DeleteObjects: up to 1,000 keys, each deleted (a missing one too); with Quiet only errors are listed. */
    void deleteObjects(Context ctx, String bucket) {
        Element request = S3Xml.parse(S3Api.smallBody(ctx));
        List<Element> keys = S3Xml.children(request, "Object");
        if (keys.isEmpty() || keys.size() > 1000) throw S3Error.malformedXml();
        boolean quiet = S3Xml.children(request, "Quiet").stream().anyMatch(q -> q.getTextContent().strip().equals("true"));
        store.bucket(bucket).orElseThrow(() -> S3Error.noSuchBucket(bucket));
        S3Xml result = S3Xml.document("DeleteResult");
        for (Element o : keys) {
            String key = S3Xml.child(o, "Key");
            store.delete(bucket, key);
            if (!quiet) result.start("Deleted").element("Key", key).end();
        }
        ctx.contentType("application/xml").result(result.done());
    }

    static String contentType(Context ctx) {
        String type = ctx.header("Content-Type");
        return type == null || type.isBlank() ? "binary/octet-stream" : type;
    }

    /** The {@code x-amz-meta-*} headers, by the rest of their (lower-case) name; at most 2 KB in all, as S3. */
    static Map<String, String> metadata(Context ctx) {
        Map<String, String> metadata = new LinkedHashMap<>();
        int bytes = 0;
        for (String header : ctx.headerMap().keySet()) {
            String name = header.toLowerCase(Locale.ROOT);
            if (!name.startsWith("x-amz-meta-")) continue;
            String value = ctx.header(header);
            metadata.put(name.substring("x-amz-meta-".length()), value);
            bytes += name.length() - "x-amz-meta-".length() + value.getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_METADATA_BYTES) {
            throw S3Error.of("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size ("
                    + MAX_METADATA_BYTES + " bytes)");
        }
        return metadata;
    }
}
