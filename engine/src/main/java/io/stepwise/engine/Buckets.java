package io.stepwise.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The engine's way to S3 buckets, for a distributed Map's ItemReader ({@link ItemReaders}) and ResultWriter
 * ({@link ResultWriters}): the three S3 operations they use (GetObject, ListObjectsV2, PutObject), with S3's error
 * codes. The server plugs in its own object store or an external S3-compatible endpoint; tests plug in a map.
 * Called on a virtual thread; may block.
 */
public interface Buckets {

    /** The object's bytes. */
    byte[] get(String bucket, String key) throws BucketError;

    /**
     * One page of the keys under {@code prefix}, in key order (S3's: by UTF-8 bytes), starting after the page that
     * handed out {@code continuation}; at most 1000. {@link Listing#next()} is present while more keys follow.
     */
    Listing list(String bucket, String prefix, Optional<String> continuation) throws BucketError;

    void put(String bucket, String key, byte[] content, String contentType) throws BucketError;

    /** An object as ListObjectsV2 lists it; {@code etag} as S3 gives it, with its double quotes. */
    record ObjectSummary(String key, String etag, Instant lastModified, long size, String storageClass) {}

    record Listing(List<ObjectSummary> objects, Optional<String> next) {}

    /** S3's error code ({@code NoSuchBucket}, {@code NoSuchKey}, {@code AccessDenied} ...) and message. */
    final class BucketError extends Exception {
        private final String code;

        public BucketError(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() { return code; }
    }
}
