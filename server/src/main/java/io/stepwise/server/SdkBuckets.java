package io.stepwise.server;

import io.stepwise.engine.Buckets;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link Buckets} on an external S3-compatible endpoint (AWS S3, MinIO, another Stepwise) through the AWS SDK for
 * Java v2: GetObject, ListObjectsV2 and PutObject, with the endpoint's own error codes and messages. Checksums are sent
 * and checked only where an operation requires them, which every S3-compatible store accepts. A failure to reach the
 * endpoint is a {@link BucketError} whose code is the SDK's exception, {@code SdkClientException}.
 */
public final class SdkBuckets implements Buckets, AutoCloseable {
    private final S3Client s3;

    SdkBuckets(S3Client s3) { this.s3 = s3; }

    /** A client of {@code endpoint}; {@code pathStyle} for endpoints that do not serve {@code bucket.host} names. */
    public static SdkBuckets connect(URI endpoint, String region, boolean pathStyle, AwsCredentialsProvider credentials) {
        return new SdkBuckets(S3Client.builder().endpointOverride(endpoint).region(Region.of(region))
                .forcePathStyle(pathStyle).credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build());
    }

    @Override
    public byte[] get(String bucket, String key) throws BucketError {
        return call(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    }

    @Override
    public Listing list(String bucket, String prefix, Optional<String> continuation) throws BucketError {
        ListObjectsV2Response page = call(() -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
                .continuationToken(continuation.orElse(null))));
        return new Listing(page.contents().stream().map(o -> new ObjectSummary(o.key(), o.eTag(), o.lastModified(),
                        o.size(), o.storageClassAsString() == null ? "STANDARD" : o.storageClassAsString())).toList(),
                Boolean.TRUE.equals(page.isTruncated()) ? Optional.ofNullable(page.nextContinuationToken()) : Optional.empty());
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) throws BucketError {
        call(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content)));
    }

    @Override
    public void close() { s3.close(); }

    private static <T> T call(Supplier<T> operation) throws BucketError {
        try {
            return operation.get();
        } catch (S3Exception e) {
            var details = e.awsErrorDetails();
            String code = details != null && details.errorCode() != null ? details.errorCode() : "HTTP" + e.statusCode();
            String message = details != null && details.errorMessage() != null ? details.errorMessage() : e.getMessage();
            throw new BucketError(code, message);
        } catch (SdkClientException e) {
            throw new BucketError("SdkClientException", e.getMessage());
        }
    }
}
