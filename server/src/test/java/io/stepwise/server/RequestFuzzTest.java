package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Seeded random requests at every route of the Lambda API and Stepwise's own: wrong methods, odd names and
 * qualifiers, malformed and mistyped bodies, bogus headers and query parameters. Whatever comes in, the answer is
 * below 500 and every error is AWS-shaped ({@code X-Amzn-ErrorType} and a JSON message), and the server keeps serving.
 */
class RequestFuzzTest {
    static TestServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static final String[] ROUTES = {
            "/2015-03-31/functions", "/2015-03-31/functions/{n}", "/2015-03-31/functions/{n}/configuration",
            "/2015-03-31/functions/{n}/code", "/2015-03-31/functions/{n}/invocations", "/2015-03-31/functions/{n}/versions",
            "/2015-03-31/functions/{n}/aliases", "/2015-03-31/functions/{n}/aliases/{a}", "/2017-03-31/tags/{arn}",
            "/2017-10-31/functions/{n}/concurrency", "/2019-09-30/functions/{n}/concurrency", "/2016-08-19/account-settings",
            "/2019-09-25/functions/{n}/event-invoke-config", "/2019-09-25/functions/{n}/event-invoke-config/list",
            "/stepwise/v1/functions/{n}/logs", "/stepwise/v1/functions/{n}/invocations", "/stepwise/v1/code/{n}",
            "/", "/2015-03-31", "/2015-03-31/functions/{n}/{n}", "/health", "/metrics"};
    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
    static final String[] NAMES = {"fuzz", "fuzz:1", "fuzz:$LATEST", "fuzz:live", "fuzz:", ":", "nope", "", " ", "a".repeat(300),
            "../../etc/passwd", "fu zz", "ü", "fuzz:live:extra", "arn:aws:lambda:us-east-1:123456789012:function:fuzz",
            "arn:aws:lambda:us-east-1:123456789012:function:fuzz:live", "arn:aws:lambda:eu-west-1:1:function:x", "arn:bad",
            "123456789012:function:fuzz", "%00", "fuzz%3Alive", "\u0000", "-1", "99999999999999999999"};
    static final String[] MEMBERS = {"FunctionName", "Runtime", "Role", "Handler", "Code", "ZipFile", "MemorySize", "Timeout",
            "Environment", "Variables", "Description", "FunctionVersion", "Name", "RoutingConfig", "AdditionalVersionWeights",
            "ReservedConcurrentExecutions", "RevisionId", "Publish", "EphemeralStorage", "Size", "Tags", "TagKeys",
            "Architectures", "PackageType", "CodeSha256", "S3Bucket", "Layers", "TracingConfig", "Mode", "MaximumRetryAttempts",
            "MaximumEventAgeInSeconds", "DestinationConfig", "OnSuccess", "OnFailure", "Destination"};
    static final String[] QUERY = {"Qualifier", "Marker", "MaxItems", "FunctionVersion", "tagKeys", "limit", "format", "after"};

    @BeforeAll
    static void start() {
        server = TestServer.start();
        LambdaApiTest.createEcho(server, "fuzz");
        server.lambda.publishVersion(b -> b.functionName("fuzz"));
        server.lambda.createAlias(b -> b.functionName("fuzz").name("live").functionVersion("1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void random_requests_get_aws_shaped_answers_below_500_and_the_server_keeps_serving() throws Exception {
        Random random = new Random(20261124);
        List<String> failures = new ArrayList<>();
        java.util.Set<String> answers = new java.util.TreeSet<>();
        for (int i = 0; i < 1500 && failures.size() < 10; i++) {
            HttpRequest request = request(random);
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String problem = problem(r);
            if (problem != null) failures.add("#" + i + " " + request.method() + " " + request.uri() + " -> " + problem);
            answers.add(r.headers().firstValue(AwsErrors.HEADER).orElse(r.statusCode() < 300 ? "2xx" : "?"));
        }
        assertThat(failures).isEmpty();
        assertThat(answers).as("the requests reach past routing into validation and the operations")
                .contains("2xx", "ResourceNotFoundException", "UnknownOperationException", "InvalidRequestContentException")
                .containsAnyOf("ValidationException", "InvalidParameterValueException");

        assertThat(server.http("GET", "/health", null).statusCode()).isEqualTo(200);
        // a fresh function: the fuzzer may well have deleted or reconfigured "fuzz" (a random DELETE is a valid request)
        LambdaApiTest.createEcho(server, "after-fuzz");
        server.lambda.publishVersion(b -> b.functionName("after-fuzz"));
        server.lambda.createAlias(b -> b.functionName("after-fuzz").name("live").functionVersion("1"));
        var ok = server.lambda.invoke(b -> b.functionName("after-fuzz").qualifier("live").payload(SdkBytes.fromUtf8String("{\"k\":1}")));
        assertThat(ok.functionError()).isNull();
        assertThat(ok.payload().asUtf8String()).contains("\"k\": 1");
    }

    /** What is wrong with an answer, or null. */
    private static String problem(HttpResponse<String> r) {
        int status = r.statusCode();
        if (status >= 500) return status + " " + r.body();
        if (status < 400) return null;
        if (r.headers().firstValue(AwsErrors.HEADER).isEmpty()) return status + " without " + AwsErrors.HEADER + ": " + r.body();
        if (r.request().method().equals("HEAD")) return null;
        try {
            JsonNode body = JSON.readTree(r.body());
            if (!body.path("message").isTextual() && !body.path("Message").isTextual()) return status + " body without a message: " + r.body();
        } catch (Exception e) {
            return status + " body is not JSON: " + r.body();
        }
        return null;
    }

    private static HttpRequest request(Random random) {
        String path = pick(random, ROUTES).replace("{n}", name(random)).replace("{a}", name(random)).replace("{arn}", name(random));
        StringBuilder query = new StringBuilder();
        for (int q = random.nextInt(3); q > 0; q--) {
            query.append(query.isEmpty() ? "?" : "&").append(pick(random, QUERY)).append('=').append(encode(scalar(random)));
        }
        String method = pick(random, METHODS);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + path + query))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body(random)));
        if (random.nextBoolean()) b.header("Content-Type", pick(random, new String[] {"application/json", "text/plain", "application/x-amz-json-1.1", "x/y"}));
        if (random.nextInt(3) == 0) b.header("X-Amz-Invocation-Type", pick(random, new String[] {"RequestResponse", "Event", "DryRun", "Bogus", ""}));
        if (random.nextInt(4) == 0) b.header("X-Amz-Log-Type", pick(random, new String[] {"Tail", "None", "bogus"}));
        if (random.nextInt(6) == 0) b.header("X-Amz-Client-Context", random.nextBoolean() ? "%%%not-base64" : Base64.getEncoder()
                .encodeToString(scalar(random).getBytes(StandardCharsets.UTF_8)));
        return b.build();
    }

    /** A name, percent-encoded as a path segment (sometimes twice, sometimes with its colons raw). */
    private static String name(Random random) {
        String n = pick(random, NAMES);
        return switch (random.nextInt(4)) {
            case 0 -> encode(encode(n));
            case 1 -> encode(n).replace("%3A", ":");
            default -> encode(n);
        };
    }

    private static byte[] body(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> new byte[0];
            case 1 -> pick(random, new String[] {"{", "[]", "null", "123", "\"s\"", "{\"a\":}", "{}}", "\uFEFF{}"}).getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                yield bytes;
            }
            default -> object(random, 0).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String object(Random random, int depth) {
        StringBuilder o = new StringBuilder("{");
        for (int f = random.nextInt(5); f > 0; f--) {
            if (o.length() > 1) o.append(',');
            o.append(quote(pick(random, MEMBERS))).append(':').append(value(random, depth + 1));
        }
        return o.append('}').toString();
    }

    private static String value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> quote(scalar(random));
            case 1 -> Long.toString(random.nextLong() % 100_000);
            case 2 -> pick(random, new String[] {"1e400", "-0", "1.5", "9223372036854775808", "128", "10240", "0", "-1"});
            case 3 -> random.nextBoolean() ? "true" : "null";
            case 4 -> "\"" + Base64.getEncoder().encodeToString(Zips.of("app.py", "def handler(e, c):\n    return e\n").asByteArray()) + "\"";
            case 5 -> "\"python3.12\"";
            case 6 -> "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]";
            default -> object(random, depth);
        };
    }

    private static String scalar(Random random) {
        return pick(random, new String[] {"", "fuzz", "1", "-5", "abc", "$LATEST", "ALL", "json", "x:1", "live", "a".repeat(200),
                "\u0000", "%", "ü", "1e9", "9999999999"});
    }

    private static String quote(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String pick(Random random, String[] from) {
        return from[random.nextInt(from.length)];
    }
}
