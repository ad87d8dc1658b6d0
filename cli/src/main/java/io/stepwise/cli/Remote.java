package io.stepwise.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The server a command talks to ({@code --endpoint}, a picocli mixin) and how failures become exit codes:
 * 0 done, 1 the function or the execution failed, 2 the server refused the request ({@code ErrorType: message}), 3 no server there.
 * Never a stack trace: the person at the terminal gets one line on stderr.
 * <p>
 * Requests are signed (SigV4) with the first credentials found: {@code AWS_ACCESS_KEY_ID} /
 * {@code AWS_SECRET_ACCESS_KEY}, then {@code STEPWISE_ACCESS_KEY_ID} / {@code STEPWISE_SECRET_ACCESS_KEY} (the
 * server's own variables), then the AWS profile ({@code AWS_PROFILE} or {@code default} in {@code ~/.aws/credentials});
 * with none, a placeholder key, which a server without authentication accepts.
 */
final class Remote {
    static final int FUNCTION_ERROR = 1;
    static final int EXECUTION_FAILED = 1;
    static final int REFUSED = 2;
    static final int UNREACHABLE = 3;

    @Option(names = "--endpoint", defaultValue = "${env:STEPWISE_ENDPOINT:-http://127.0.0.1:8080}", paramLabel = "URL",
            description = "Stepwise server (default: $STEPWISE_ENDPOINT, else http://127.0.0.1:8080; now ${DEFAULT-VALUE})")
    String endpoint;

    /** Signs with these instead of the first credentials found (the main job signs with one of its server's keys). */
    AwsCredentialsProvider credentials;

    /** A remote for a server this process runs itself. */
    static Remote of(String endpoint, AwsCredentialsProvider credentials) {
        Remote r = new Remote();
        r.endpoint = endpoint;
        r.credentials = credentials;
        return r;
    }

    /** A command's work; its failures are turned into exit codes by {@link #run}. */
    interface Action {
        int run() throws Exception;
    }

    /** A refusal by the server's own routes, in the AWS error shape. */
    static final class Refused extends Exception {
        final String type;

        Refused(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    int run(PrintWriter err, Action action) {
        try {
            return action.run();
        } catch (AwsServiceException e) {
            var d = e.awsErrorDetails();
            String message = d == null || d.errorMessage() == null ? e.getMessage() : d.errorMessage();
            err.println((d == null || d.errorCode() == null ? "Error" : d.errorCode()) + ": " + message);
            return REFUSED;
        } catch (Refused e) {
            err.println(e.type + ": " + e.getMessage());
            return REFUSED;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("stepwise: no such file: " + e.getFile());
            return REFUSED;
        } catch (java.nio.file.NotDirectoryException e) {
            err.println("stepwise: not a folder: " + e.getFile());
            return REFUSED;
        } catch (java.nio.file.FileSystemException | java.io.FileNotFoundException e) {
            err.println("stepwise: cannot read " + e.getMessage());
            return REFUSED;
        } catch (SdkClientException | IOException e) {
            if (!unreachable(e)) {
                err.println("stepwise: " + e.getMessage());
                return REFUSED;
            }
            err.println("stepwise: cannot reach a Stepwise server at " + endpoint + " (" + reason(e)
                    + "); start one with `stepwise server` or pass --endpoint");
            return UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            err.println("stepwise: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return REFUSED;
        } finally {
            err.flush();
        }
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException) return true;
        }
        // java.net.http reports a connection the server dropped as a bare IOException; local files are caught before
        return e instanceof IOException;
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return "connection refused";
            if (t instanceof UnknownHostException) return "unknown host " + t.getMessage();
            if (t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException) return "timed out";
        }
        return e.getClass().getSimpleName();
    }

    private AwsCredentialsProvider signer() {
        return credentials != null ? credentials : credentials();
    }

    static AwsCredentialsProvider credentials() {
        AwsCredentialsProvider stepwise = () -> {
            String id = System.getenv("STEPWISE_ACCESS_KEY_ID");
            String secret = System.getenv("STEPWISE_SECRET_ACCESS_KEY");
            if (id == null || secret == null) throw SdkClientException.create("no STEPWISE_ACCESS_KEY_ID / STEPWISE_SECRET_ACCESS_KEY");
            return AwsBasicCredentials.create(id, secret);
        };
        return AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(true).credentialsProviders(
                SystemPropertyCredentialsProvider.create(), EnvironmentVariableCredentialsProvider.create(), stepwise,
                ProfileCredentialsProvider.create(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("stepwise", "stepwise"))).build();
    }

    LambdaClient lambda() {
        return LambdaClient.builder()
                .endpointOverride(uri())
                .region(Region.US_EAST_1)
                .credentialsProvider(signer())
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(960))) // invocations may run 900 s
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    /**
     * The Step Functions client. StartSyncExecution carries the endpoint host prefix {@code sync-}, which would turn
     * {@code 127.0.0.1} into a host that does not resolve: Stepwise serves every operation on the one endpoint.
     */
    SfnClient sfn() {
        return SfnClient.builder()
                .endpointOverride(uri())
                .region(Region.US_EAST_1)
                .credentialsProvider(signer())
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(400))) // StartSyncExecution may run 5 minutes
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    /** GET on one of Stepwise's own routes; the body, or {@link Refused} in the AWS error shape. */
    String get(String path) throws IOException, InterruptedException, Refused {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<String> r = http.send(signedGet(uri().resolve(path)), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) return r.body();
            String type = r.headers().firstValue("X-Amzn-ErrorType").orElse("HTTP " + r.statusCode());
            throw new Refused(type, Json.message(r.body()));
        }
    }

    /** A GET signed as the Lambda client signs (service lambda, us-east-1); the SDK signer adds Host itself. */
    private HttpRequest signedGet(URI uri) {
        AwsCredentials c = signer().resolveCredentials();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(c)
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri).build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, Region.US_EAST_1.id()));
        var b = HttpRequest.newBuilder(uri).GET();
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) values.forEach(v -> b.header(name, v)); // java.net.http sends the same Host
        });
        return b.build();
    }

    private URI uri() {
        String e = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return URI.create(e.contains("://") ? e : "http://" + e);
    }
}
