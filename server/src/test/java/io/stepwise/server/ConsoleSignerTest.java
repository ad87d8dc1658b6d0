package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * The console's SigV4 signer (console/sign.js, run in node) against the AWS SDK for Java's signer on the same
 * requests the console sends (a Step Functions call with a non-ASCII body, a Lambda call on an ARN path, a
 * /stepwise/v1 read with a query, with a session token), and against AWS's published test-suite vector get-vanilla.
 */
class ConsoleSignerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant TIME = Instant.parse("2026-12-06T02:30:15Z");
    static final AwsCredentials KEY = AwsBasicCredentials.create("AKIDCONSOLE", "console/secret+key");

    record Case(String method, String url, Map<String, String> headers, String body, AwsCredentials credentials, String service) {}

    @Test
    void the_console_signs_each_request_exactly_as_the_aws_sdk_for_java_does() throws Exception {
        List<Case> cases = List.of(
                new Case("POST", "http://127.0.0.1:8080/", Map.of("Content-Type", "application/x-amz-json-1.0",
                        "X-Amz-Target", "AWSStepFunctions.StartExecution"),
                        "{\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:orders\",\"input\":\"{\\\"who\\\":\\\"Zoë\\\"}\"}",
                        KEY, "states"),
                new Case("POST", "http://192.0.2.2:8080/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Ahello/invocations",
                        Map.of("Content-Type", "application/json", "X-Amz-Log-Type", "Tail"), "{\"n\": 1}", KEY, "lambda"),
                new Case("GET", "http://localhost:8080/stepwise/v1/functions/hello/invocations?limit=20&Qualifier=a%20b&after=x%2By%20z&A=%E2%82%AC",
                        Map.of("Content-Type", "application/json", "X-Custom", "  spaced   out  value "), null,
                        AwsSessionCredentials.create("ASIATEMPORARY", "temporary/secret", "token/with+signs=="), "lambda"));
        ArrayNode input = JSON.createArrayNode();
        List<SdkHttpRequest> expected = new ArrayList<>();
        for (Case c : cases) {
            var request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(c.method())).uri(URI.create(c.url()));
            c.headers().forEach(request::putHeader);
            var signed = AwsV4HttpSigner.create().sign(r -> r.identity(c.credentials()).request(request.build())
                    .payload(c.body() == null ? null : ContentStreamProvider.fromUtf8String(c.body()))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, c.service())
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(TIME, ZoneOffset.UTC))).request();
            expected.add(signed);
            // the console signs every header it sends: give it those the SDK signed, less what signing adds
            ObjectNode headers = JSON.createObjectNode();
            signed.forEachHeader((name, values) -> {
                if (!List.of("host", "authorization", "x-amz-date", "x-amz-security-token").contains(name.toLowerCase())) {
                    headers.put(name, values.get(0));
                }
            });
            ObjectNode credentials = JSON.createObjectNode().put("accessKeyId", c.credentials().accessKeyId())
                    .put("secretAccessKey", c.credentials().secretAccessKey());
            if (c.credentials() instanceof AwsSessionCredentials s) credentials.put("sessionToken", s.sessionToken());
            ObjectNode one = input.addObject().put("method", c.method()).put("url", c.url()).put("time", TIME.toString());
            one.set("headers", headers);
            one.set("credentials", credentials);
            one.set("scope", JSON.createObjectNode().put("region", "us-east-1").put("service", c.service()));
            if (c.body() != null) one.put("body", c.body());
        }
        JsonNode signedByConsole = signInNode(input);
        for (int i = 0; i < cases.size(); i++) {
            SdkHttpRequest sdk = expected.get(i);
            JsonNode console = signedByConsole.get(i);
            assertThat(console.path("Authorization").asText()).as("case %d: %s", i, cases.get(i).url())
                    .isEqualTo(sdk.firstMatchingHeader("Authorization").orElseThrow());
            assertThat(console.path("X-Amz-Date").asText()).isEqualTo(sdk.firstMatchingHeader("X-Amz-Date").orElseThrow());
            assertThat(console.path("X-Amz-Security-Token").asText(null))
                    .isEqualTo(sdk.firstMatchingHeader("X-Amz-Security-Token").orElse(null));
        }
    }

    @Test
    void the_console_signs_aws_test_suite_get_vanilla_to_its_published_signature() throws Exception {
        ArrayNode input = JSON.createArrayNode();
        ObjectNode one = input.addObject().put("method", "GET").put("url", "http://example.amazonaws.com/")
                .put("time", "2015-08-30T12:36:00Z");
        one.set("headers", JSON.createObjectNode());
        one.set("credentials", JSON.createObjectNode().put("accessKeyId", "AKIDEXAMPLE")
                .put("secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        one.set("scope", JSON.createObjectNode().put("region", "us-east-1").put("service", "service"));
        assertThat(signInNode(input).get(0).path("Authorization").asText()).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    private static JsonNode signInNode(ArrayNode input) throws Exception {
        Path repo = ConsoleScript.repo();
        Path casesFile = Files.createTempFile("console-signer", ".json");
        Files.writeString(casesFile, input.toString());
        Path script = Path.of(ConsoleSignerTest.class.getResource("/console-signer/run.mjs").toURI());
        Process p = new ProcessBuilder("node", script.toString(),
                repo.resolve("server/src/main/resources/console/sign.js").toString(), casesFile.toString()).start();
        var errors = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node timed out").isTrue();
        assertThat(p.exitValue()).as("node: %s", errors.get()).isZero();
        Files.delete(casesFile);
        return JSON.readTree(out);
    }
}
