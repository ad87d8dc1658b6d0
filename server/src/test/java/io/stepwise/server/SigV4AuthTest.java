package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * A server with SigV4 on (DESIGN §8), called by the real AWS SDK for Java v2 client and by requests signed with the
 * SDK's stand-alone signer and sent as raw HTTP, so the verifier is checked against AWS's own signing code.
 */
class SigV4AuthTest {
    static final String ID = "AKIDSTEPWISETEST";
    static final String SECRET = "stepwise/test+secret";
    static TestServer server;
    static LambdaClient signed;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.config(TestServer.tempDir(), false)
                .withAuth(new Auth.SigV4(AccessKeys.of(ID, SECRET).and(AccessKeys.of("AKIDSECOND", "second")))));
        signed = TestServer.client(server.endpoint(), AwsBasicCredentials.create(ID, SECRET));
        LambdaApiTest.createEcho(signed, "echo-auth");
    }

    @AfterAll
    static void stop() {
        signed.close();
        server.close();
    }

    static AwsServiceException refusal(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e;
        }
        throw new AssertionError("the call was not refused");
    }

    @Test
    void the_sdk_with_a_configured_key_creates_and_invokes_a_function() {
        InvokeResponse r = signed.invoke(b -> b.functionName("echo-auth").payload(SdkBytes.fromUtf8String("{\"n\":7}")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.payload().asUtf8String()).contains("\"n\": 7");
    }

    @Test
    void every_configured_key_is_accepted_and_a_session_token_is_signed_along() {
        try (LambdaClient second = TestServer.client(server.endpoint(), AwsBasicCredentials.create("AKIDSECOND", "second"));
             LambdaClient session = TestServer.client(server.endpoint(), AwsSessionCredentials.create(ID, SECRET, "any-token"))) {
            assertThat(second.getFunction(b -> b.functionName("echo-auth")).configuration().functionName()).isEqualTo("echo-auth");
            assertThat(session.listFunctions().functions()).extracting(f -> f.functionName()).contains("echo-auth");
        }
    }

    @Test
    void a_wrong_secret_is_an_invalid_signature_403() {
        try (LambdaClient wrong = TestServer.client(server.endpoint(), AwsBasicCredentials.create(ID, "not-the-secret"))) {
            AwsServiceException e = refusal(() -> wrong.listFunctions());

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                    + "documentation for details.");
        }
    }

    @Test
    void an_unsigned_s3_request_is_an_access_denied_403_in_s3s_xml() {
        HttpResponse<String> r = server.http("GET", "/some-bucket/some-key", null);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("<Error><Code>AccessDenied</Code><Message>Missing Authentication Token</Message>");
    }

    @Test
    void an_unknown_access_key_is_an_unrecognized_client_403() {
        AwsServiceException e = refusal(() -> server.lambda.listFunctions()); // signs with key "test"

        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void an_unsigned_request_is_a_missing_authentication_token_403_even_on_an_unknown_route() {
        for (String path : new String[] {"/2015-03-31/functions", "/2015-03-31/functions/echo-auth/invocations", "/2015-03-31/nowhere"}) {
            HttpResponse<String> r = server.http("GET", path, null);

            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.headers().firstValue("X-Amzn-ErrorType")).as(path).hasValue("MissingAuthenticationTokenException");
            assertThat(r.body()).as(path).isEqualTo("{\"Type\":\"User\",\"message\":\"Missing Authentication Token\"}");
        }
    }

    @Test
    void health_metrics_and_the_chart_page_stay_open_and_stepwise_own_routes_need_a_signature() {
        assertThat(server.http("GET", "/health", null).statusCode()).isEqualTo(200);
        assertThat(server.http("GET", "/metrics", null).statusCode()).isEqualTo(200);
        assertThat(server.http("GET", "/power-tuning/", null).statusCode()).as("old links: to the console").isEqualTo(302);
        assertThat(server.http("GET", "/console/power-tuning", null).statusCode()).isEqualTo(200);
        assertThat(server.http("GET", "/console/visualization.mjs", null).statusCode()).isEqualTo(200);
        assertThat(server.http("PUT", "/power-tuning/x", "").statusCode()).isEqualTo(403);
        assertThat(server.http("GET", "/stepwise/v1/functions/echo-auth/logs", null).statusCode()).isEqualTo(403);

        HttpResponse<String> logs = send(sdkSigned("GET", "/stepwise/v1/functions/echo-auth/logs?limit=5", "", Clock.systemUTC()));
        assertThat(logs.statusCode()).as(logs.body()).isEqualTo(200);
    }

    @Test
    void a_request_signed_by_the_sdk_signer_passes_and_the_same_request_with_its_body_changed_fails() {
        HttpRequest.Builder original = sdkSigned("POST", "/2015-03-31/functions/echo-auth/invocations", "{\"n\":1}", Clock.systemUTC());
        HttpResponse<String> ok = send(original.copy().POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")));
        HttpResponse<String> tampered = send(original.copy().POST(HttpRequest.BodyPublishers.ofString("{\"n\":2}")));

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.headers().firstValue("X-Amzn-ErrorType")).hasValue("InvalidSignatureException");
    }

    @Test
    void a_changed_query_parameter_breaks_the_signature() {
        HttpRequest r = sdkSigned("GET", "/2015-03-31/functions/echo-auth?Qualifier=%24LATEST", "", Clock.systemUTC()).build();
        URI changed = URI.create(r.uri().toString().replace("%24LATEST", "1"));

        assertThat(send(HttpRequest.newBuilder(r, (n, v) -> true)).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = send(HttpRequest.newBuilder(r, (n, v) -> true).uri(changed));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("X-Amzn-ErrorType")).hasValue("InvalidSignatureException");
    }

    @Test
    void a_request_signed_twenty_minutes_ago_has_expired() {
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
        HttpResponse<String> r = send(sdkSigned("GET", "/2015-03-31/functions", "", past));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(r.body()).containsPattern("Signature expired: \\d{8}T\\d{6}Z is now earlier than \\d{8}T\\d{6}Z "
                + "\\(\\d{8}T\\d{6}Z - 15 min\\.\\)");
    }

    @Test
    void a_request_signed_twenty_minutes_ahead_is_not_yet_current() {
        HttpResponse<String> r = send(sdkSigned("GET", "/2015-03-31/functions", "", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20))));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("Signature not yet current: ");
    }

    @Test
    void a_malformed_authorization_header_is_an_incomplete_signature() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/2015-03-31/functions"))
                .header("Authorization", "Bearer abc").GET());

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).hasValue("IncompleteSignatureException");
        assertThat(r.body()).contains("Authorization header requires 'Credential' parameter. Authorization header requires "
                + "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header "
                + "requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc");
    }

    @Test
    void hostile_signatures_get_an_aws_shaped_403_never_a_5xx() {
        String cred = "Credential=" + ID + "/20260101/us-east-1/lambda/aws4_request";
        String[] authorizations = {"", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256 ,,,", "AWS4-HMAC-SHA256 =,=,=",
                "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=, Signature=", "AWS4-HMAC-SHA256 Credential=////, SignedHeaders=host, Signature=x",
                "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=;;host;;, Signature=%zz", "AWS4-HMAC-SHA256 Credential=" + ID
                + "/2026/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00", "AWS4-HMAC-SHA512 " + cred};
        for (String a : authorizations) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/2015-03-31/functions"))
                    .header("Authorization", a).header("X-Amz-Date", "20260101T000000Z").GET());
            assertThat(r.statusCode()).as(a).isEqualTo(403);
            assertThat(r.headers().firstValue("X-Amzn-ErrorType")).as(a).isPresent();
        }
        String[] queries = {"X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=%zz&X-Amz-Credential=%", "X-Amz-Algorithm=x&X-Amz-Credential=a"
                + "&X-Amz-Date=1&X-Amz-SignedHeaders=host&X-Amz-Signature=0", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb"
                + "&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=0&X-Amz-Expires=99999999999"};
        for (String q : queries) {
            String response = raw("GET /stepwise/v1/functions/echo-auth/logs?" + q + " HTTP/1.1");
            assertThat(response).as(q).startsWith("HTTP/1.1 4").containsIgnoringCase("X-Amzn-ErrorType: ");
        }
    }

    /** One request written by hand: java.net.URI refuses malformed escapes before they could reach the server. */
    private static String raw(String requestLine) {
        try (var socket = new java.net.Socket("127.0.0.1", server.server.port())) {
            socket.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void the_code_location_of_get_function_is_a_presigned_link_that_downloads_without_credentials() throws IOException {
        String location = signed.getFunction(b -> b.functionName("echo-auth")).code().location();

        assertThat(location).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256").contains("X-Amz-Credential=" + ID + "%2F")
                .contains("X-Amz-Expires=600").contains("X-Amz-Signature=");
        HttpResponse<byte[]> zip = sendBytes(HttpRequest.newBuilder(URI.create(location)).GET());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.body()).startsWith('P', 'K');
        HttpResponse<byte[]> forged = sendBytes(HttpRequest.newBuilder(URI.create(location.replace("X-Amz-Expires=600",
                "X-Amz-Expires=604800"))).GET());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void a_link_presigned_by_the_sdk_is_accepted_until_it_expires() {
        HttpRequest.Builder fresh = sdkPresigned("/stepwise/v1/functions/echo-auth/invocations", Clock.systemUTC(), Duration.ofMinutes(5));
        HttpRequest.Builder old = sdkPresigned("/stepwise/v1/functions/echo-auth/invocations",
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6)), Duration.ofMinutes(5));

        assertThat(send(fresh).statusCode()).isEqualTo(200);
        HttpResponse<String> expired = send(old);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("Request has expired");
    }

    @Test
    void the_server_clock_decides_so_a_server_twenty_minutes_ahead_refuses_the_sdk() {
        try (TestServer ahead = TestServer.start(TestServer.config(TestServer.tempDir(), false)
                .withAuth(new Auth.SigV4(AccessKeys.of(ID, SECRET))).withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20))));
             LambdaClient client = TestServer.client(ahead.endpoint(), AwsBasicCredentials.create(ID, SECRET))) {
            AwsServiceException e = refusal(() -> client.listFunctions());

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Signature expired: ");
        }
    }

    // ---- requests signed by the SDK's stand-alone SigV4 signer, sent with java.net.http ----

    private HttpRequest.Builder sdkSigned(String method, String pathAndQuery, String body, Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create(server.endpoint() + pathAndQuery)).putHeader("Content-Type", "application/json").build();
        var signedRequest = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(ID, SECRET))
                .request(request).payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        return toJava(signedRequest.request(), method, body);
    }

    private HttpRequest.Builder sdkPresigned(String path, Clock clock, Duration validity) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create(server.endpoint() + path)).build();
        var signedRequest = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(ID, SECRET))
                .request(request).putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1").putProperty(HttpSigner.SIGNING_CLOCK, clock)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, validity));
        return toJava(signedRequest.request(), "GET", "");
    }

    private static HttpRequest.Builder toJava(SdkHttpRequest r, String method, String body) {
        var b = HttpRequest.newBuilder(r.getUri()).method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        Set<String> restricted = Set.of("host", "content-length", "connection", "expect");
        r.headers().forEach((name, values) -> {
            if (!restricted.contains(name.toLowerCase())) values.forEach(v -> b.header(name, v));
        });
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
