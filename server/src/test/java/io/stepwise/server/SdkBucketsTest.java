package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.engine.Buckets;
import java.net.URI;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link SdkBuckets} against a real Stepwise server's S3 API, over HTTP with signed requests. */
class SdkBucketsTest extends BucketsContract {
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    static TestServer server;
    static SdkBuckets buckets;
    static S3Client s3;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        buckets = SdkBuckets.connect(URI.create(server.endpoint()), "us-east-1", true, CREDENTIALS);
        s3 = S3ApiTest.client(server.endpoint(), CREDENTIALS.resolveCredentials());
    }

    @AfterAll
    static void stop() {
        buckets.close();
        s3.close();
        server.close();
    }

    @Override
    Buckets buckets() { return buckets; }

    @Override
    void createBucket(String name) { s3.createBucket(b -> b.bucket(name)); }

    @Test
    void an_endpoint_that_cannot_be_reached_is_an_sdk_client_error() {
        try (var nowhere = SdkBuckets.connect(URI.create("http://127.0.0.1:9"), "us-east-1", true, CREDENTIALS)) {
            assertThatThrownBy(() -> nowhere.list("b", "", Optional.empty())).isInstanceOfSatisfying(Buckets.BucketError.class,
                    e -> Assertions.assertThat(e.code()).isEqualTo("SdkClientException"));
        }
    }
}
