package io.stepwise.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** A real server on an ephemeral port with its own data folder, plus the real AWS SDK clients pointed at it. */
final class TestServer implements AutoCloseable {
    final Path dataDir;
    final StepwiseServer server;
    final LambdaClient lambda;
    final SfnClient sfn;
    private final HttpClient http = HttpClient.newHttpClient();
    private boolean stopped;

    private TestServer(ServerConfig config) {
        this.dataDir = config.dataDir();
        this.server = StepwiseServer.start(config);
        this.lambda = client(server.endpoint());
        this.sfn = sfn(server.endpoint(), true);
    }

    static ServerConfig config(Path dataDir, boolean example) {
        return ServerConfig.defaults(dataDir).withPort(0).withExample(example)
                .withAsyncRetryDelays(List.of(Duration.ZERO, Duration.ZERO));
    }

    static TestServer start(ServerConfig config) {
        return new TestServer(config);
    }

    static TestServer start() {
        return start(tempDir(), false);
    }

    static TestServer start(Path dataDir, boolean example) {
        return new TestServer(config(dataDir, example));
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("stepwise-server-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LambdaClient client(String endpoint) {
        return client(endpoint, AwsBasicCredentials.create("test", "test"));
    }

    /** The real SDK client signing with these credentials. */
    static LambdaClient client(String endpoint, AwsCredentials credentials) {
        return LambdaClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    /**
     * The real Step Functions client. The SDK sends StartSyncExecution (and TestState) to the host prefixed with
     * {@code sync-} even with an endpoint override, unless host prefix injection is disabled.
     */
    static SfnClient sfn(String endpoint, boolean disableHostPrefix) {
        return SfnClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, disableHostPrefix))
                .build();
    }

    String endpoint() {
        return server.endpoint();
    }

    HttpResponse<String> http(String method, String path, String body) {
        var req = HttpRequest.newBuilder(URI.create(endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server, keeping the data folder (for restart tests). */
    void stop() {
        if (stopped) return;
        stopped = true;
        lambda.close();
        sfn.close();
        server.close();
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp folder
        }
    }
}
