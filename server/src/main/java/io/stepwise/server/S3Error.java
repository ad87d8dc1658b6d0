package io.stepwise.server;

import java.util.Optional;

/**
 * An S3 error: its code and HTTP status as the S3 API documents them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), rendered as XML by {@link S3Api}.
 *
 * @param resource what {@code <Key>} or {@code <BucketName>} the error names, when it names one
 */
final class S3Error extends RuntimeException {
    private final String code;
    private final int status;
    private final String resourceElement;
    private final String resource;

    private S3Error(String code, int status, String message, String resourceElement, String resource) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.resourceElement = resourceElement;
        this.resource = resource;
    }

    static S3Error of(String code, int status, String message) {
        return new S3Error(code, status, message, null, null);
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    /** The element name and value ({@code BucketName}, {@code Key}, {@code UploadId}) the error carries. */
    Optional<String[]> resource() {
        return resource == null ? Optional.empty() : Optional.of(new String[] {resourceElement, resource});
    }

    static S3Error noSuchBucket(String bucket) {
        return new S3Error("NoSuchBucket", 404, "The specified bucket does not exist", "BucketName", bucket);
    }

    static S3Error noSuchKey(String key) {
        return new S3Error("NoSuchKey", 404, "The specified key does not exist.", "Key", key);
    }

    static S3Error noSuchUpload(String uploadId) {
        return new S3Error("NoSuchUpload", 404, "The specified upload does not exist. The upload ID may be invalid, or the "
                + "upload may have been aborted or completed.", "UploadId", uploadId);
    }

    static S3Error invalidBucketName(String bucket, String why) {
        return new S3Error("InvalidBucketName", 400, "The specified bucket is not valid: " + why, "BucketName", bucket);
    }

    static S3Error alreadyOwned(String bucket) {
        return new S3Error("BucketAlreadyOwnedByYou", 409, "Your previous request to create the named bucket succeeded and "
                + "you already own it.", "BucketName", bucket);
    }

    static S3Error notEmpty(String bucket) {
        return new S3Error("BucketNotEmpty", 409, "The bucket you tried to delete is not empty", "BucketName", bucket);
    }

    static S3Error invalidArgument(String message) {
        return of("InvalidArgument", 400, message);
    }

    static S3Error invalidRange(long size) {
        return of("InvalidRange", 416, "The requested range is not satisfiable (object size " + size + ")");
    }

    static S3Error malformedXml() {
        return of("MalformedXML", 400, "The XML you provided was not well-formed or did not validate against our published schema");
    }

    static S3Error notImplemented(String what) {
        return of("NotImplemented", 501, "A header or query you provided implies functionality that is not implemented: " + what);
    }
}
