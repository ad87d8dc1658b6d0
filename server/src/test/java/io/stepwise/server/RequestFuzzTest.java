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
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Seeded random requests at every route of the Lambda API and Stepwise's own (wrong methods, odd names and
 * qualifiers, malformed and mistyped bodies, bogus headers and query parameters), and at every operation of the Step
 * Functions API (random targets, members of random JSON types, truncated bodies, huge strings, random ARNs). Whatever
 * comes in, the answer is below 500 and every error is AWS-shaped ({@code X-Amzn-ErrorType} and a JSON message; for
 * Step Functions {@code {"__type": "namespace#Code", "message"}}), and the server keeps serving.
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
            "/2018-10-31/layers", "/2018-10-31/layers/{n}/versions", "/2018-10-31/layers/{n}/versions/{n}",
            "/2018-10-31/layers/{n}/versions/{n}/policy", "/2018-10-31/layers/{n}/versions/{n}/policy/{a}",
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
            "MaximumEventAgeInSeconds", "DestinationConfig", "OnSuccess", "OnFailure", "Destination", "Content",
            "CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo", "StatementId", "Action", "Principal", "OrganizationId"};
    static final String[] QUERY = {"Qualifier", "Marker", "MaxItems", "FunctionVersion", "tagKeys", "limit", "format", "after",
            "find", "Arn", "CompatibleRuntime", "CompatibleArchitecture"};

    @BeforeAll
    static void start() {
        server = TestServer.start();
        LambdaApiTest.createEcho(server, "fuzz");
        server.lambda.publishVersion(b -> b.functionName("fuzz"));
        server.lambda.createAlias(b -> b.functionName("fuzz").name("live").functionVersion("1"));
        server.lambda.publishLayerVersion(b -> b.layerName("fuzz").content(c -> c.zipFile(Zips.of("python/f.py", "F = 1\n"))));
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

    static final String[] SFN_OPERATIONS = {"CreateStateMachine", "DescribeStateMachine", "UpdateStateMachine",
            "DeleteStateMachine", "ListStateMachines", "ValidateStateMachineDefinition", "PublishStateMachineVersion",
            "ListStateMachineVersions", "DeleteStateMachineVersion", "CreateStateMachineAlias", "DescribeStateMachineAlias",
            "UpdateStateMachineAlias", "DeleteStateMachineAlias", "ListStateMachineAliases", "StartExecution",
            "StartSyncExecution", "DescribeExecution", "DescribeStateMachineForExecution", "ListExecutions", "StopExecution",
            "GetExecutionHistory", "TagResource", "UntagResource", "ListTagsForResource", "SendTaskSuccess", "SendTaskFailure",
            "SendTaskHeartbeat", "TestState", "CreateActivity", "RedriveExecution", "Bogus", ""};
    static final String[] SFN_MEMBERS = {"name", "definition", "roleArn", "type", "publish", "versionDescription",
            "loggingConfiguration", "level", "includeExecutionData", "destinations", "tracingConfiguration", "enabled",
            "tags", "key", "value", "tagKeys", "stateMachineArn", "stateMachineVersionArn", "stateMachineAliasArn",
            "resourceArn", "executionArn", "mapRunArn", "routingConfiguration", "weight", "description", "revisionId",
            "input", "output", "error", "cause", "taskToken", "maxResults", "nextToken", "reverseOrder", "statusFilter",
            "includedData", "severity", "traceHeader", "redriveFilter", "encryptionConfiguration"};
    static final String SFN_ARNS_PREFIX = "arn:aws:states:us-east-1:123456789012:";
    static final String[] SFN_ARNS = {SFN_ARNS_PREFIX + "stateMachine:fuzz-sm", SFN_ARNS_PREFIX + "stateMachine:fuzz-sm:1",
            SFN_ARNS_PREFIX + "stateMachine:fuzz-sm:live", SFN_ARNS_PREFIX + "stateMachine:fuzz-express",
            SFN_ARNS_PREFIX + "stateMachine:fuzz-sm/Label", SFN_ARNS_PREFIX + "stateMachine:nobody",
            SFN_ARNS_PREFIX + "stateMachine:fuzz-sm:99999999999999999999", SFN_ARNS_PREFIX + "stateMachine:",
            SFN_ARNS_PREFIX + "execution:fuzz-sm:first", SFN_ARNS_PREFIX + "execution:fuzz-sm:nobody",
            SFN_ARNS_PREFIX + "execution:fuzz-sm", SFN_ARNS_PREFIX + "express:fuzz-express:x:00000000-0000-4000-8000-000000000000",
            SFN_ARNS_PREFIX + "mapRun:fuzz-sm/Label:1", SFN_ARNS_PREFIX + "activity:fuzz",
            "arn:aws:lambda:us-east-1:123456789012:function:fuzz", "arn:aws:states:::lambda:invoke", "arn:", "arn:aws:states",
            "fuzz-sm", "", "00000000-0000-4000-8000-000000000000"};
    static final String[] SFN_DEFINITIONS = {"{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}",
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Wait\",\"Seconds\":1,\"End\":true}}}",
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                    + "\"Parameters\":{\"FunctionName\":\"fuzz\"},\"End\":true}}}",
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Fail\"}}}", "{\"StartAt\":\"A\"}", "{", "[]", "null", "",
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"End\":true}}}"};

    @Test
    void random_step_functions_requests_get_aws_shaped_answers_below_500_and_the_server_keeps_serving() throws Exception {
        var sfn = server.sfn;
        String pass = SFN_DEFINITIONS[0];
        sfn.createStateMachine(b -> b.name("fuzz-sm").definition(pass).roleArn(LambdaApiTest.ROLE).publish(true));
        sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(r -> r.stateMachineVersionArn(SFN_ARNS[1]).weight(100)));
        sfn.createStateMachine(b -> b.name("fuzz-express").definition(pass).roleArn(LambdaApiTest.ROLE)
                .type(software.amazon.awssdk.services.sfn.model.StateMachineType.EXPRESS));
        sfn.startExecution(b -> b.stateMachineArn(SFN_ARNS[0]).name("first"));
        Random random = new Random(20261205);
        List<String> failures = new ArrayList<>();
        java.util.Set<String> answers = new java.util.TreeSet<>();
        for (int i = 0; i < 1500 && failures.size() < 10; i++) {
            HttpRequest request = sfnRequest(random);
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String problem = sfnProblem(r);
            if (problem != null) {
                failures.add("#" + i + " " + request.headers().firstValue("X-Amz-Target").orElse("-") + " -> " + problem);
            }
            answers.add(r.headers().firstValue(AwsErrors.HEADER).orElse(r.statusCode() < 300 ? "2xx" : "?"));
        }
        assertThat(failures).isEmpty();
        assertThat(answers).as("the requests reach past parsing into validation and the operations")
                .contains("2xx", "SerializationException", "ValidationException", "UnknownOperationException", "InvalidArn",
                        "StateMachineDoesNotExist", "ExecutionDoesNotExist", "InvalidDefinition", "ResourceNotFound");

        assertThat(server.http("GET", "/health", null).statusCode()).isEqualTo(200);
        String after = sfn.createStateMachine(b -> b.name("after-sfn-fuzz").definition(pass).roleArn(LambdaApiTest.ROLE))
                .stateMachineArn();
        String run = sfn.startExecution(b -> b.stateMachineArn(after).input("{\"k\": 1}")).executionArn();
        assertThat(Workflows.awaitEnd(sfn, run).output()).isEqualTo("{\"k\":1}");
    }

    /** What is wrong with a Step Functions answer, or null: a 5xx, or an error without AWS JSON 1.0's shape. */
    private static String sfnProblem(HttpResponse<String> r) {
        int status = r.statusCode();
        if (status >= 500) return status + " " + r.body();
        if (r.headers().firstValue("x-amzn-RequestId").isEmpty()) return status + " without x-amzn-RequestId";
        try {
            JsonNode body = JSON.readTree(r.body());
            if (status < 400) return body.isObject() ? null : status + " body is not an object: " + r.body();
            if (r.headers().firstValue(AwsErrors.HEADER).isEmpty()) return status + " without " + AwsErrors.HEADER;
            if (!body.path("__type").asText().contains("#")) return status + " without a namespaced __type: " + r.body();
            if (!body.path("message").isTextual()) return status + " body without a message: " + r.body();
        } catch (Exception e) {
            return status + " body is not JSON: " + r.body();
        }
        return null;
    }

    /** The members each operation takes (from the API model), so that many requests get past validation. */
    static final Map<String, String[]> SFN_INPUTS = Map.ofEntries(
            Map.entry("CreateStateMachine", new String[] {"name", "definition", "roleArn", "type", "publish", "tags",
                    "loggingConfiguration", "versionDescription"}),
            Map.entry("DescribeStateMachine", new String[] {"stateMachineArn", "includedData"}),
            Map.entry("UpdateStateMachine", new String[] {"stateMachineArn", "definition", "roleArn", "publish", "versionDescription"}),
            Map.entry("DeleteStateMachine", new String[] {"stateMachineArn"}),
            Map.entry("ListStateMachines", new String[] {"maxResults", "nextToken"}),
            Map.entry("ValidateStateMachineDefinition", new String[] {"definition", "type", "severity", "maxResults"}),
            Map.entry("PublishStateMachineVersion", new String[] {"stateMachineArn", "revisionId", "description"}),
            Map.entry("ListStateMachineVersions", new String[] {"stateMachineArn", "maxResults", "nextToken"}),
            Map.entry("DeleteStateMachineVersion", new String[] {"stateMachineVersionArn"}),
            Map.entry("CreateStateMachineAlias", new String[] {"name", "routingConfiguration", "description"}),
            Map.entry("DescribeStateMachineAlias", new String[] {"stateMachineAliasArn"}),
            Map.entry("UpdateStateMachineAlias", new String[] {"stateMachineAliasArn", "routingConfiguration", "description"}),
            Map.entry("DeleteStateMachineAlias", new String[] {"stateMachineAliasArn"}),
            Map.entry("ListStateMachineAliases", new String[] {"stateMachineArn", "maxResults", "nextToken"}),
            Map.entry("StartExecution", new String[] {"stateMachineArn", "name", "input"}),
            Map.entry("StartSyncExecution", new String[] {"stateMachineArn", "name", "input", "includedData"}),
            Map.entry("DescribeExecution", new String[] {"executionArn", "includedData"}),
            Map.entry("DescribeStateMachineForExecution", new String[] {"executionArn"}),
            Map.entry("ListExecutions", new String[] {"stateMachineArn", "statusFilter", "maxResults", "nextToken", "mapRunArn"}),
            Map.entry("StopExecution", new String[] {"executionArn", "error", "cause"}),
            Map.entry("GetExecutionHistory", new String[] {"executionArn", "maxResults", "reverseOrder", "nextToken",
                    "includeExecutionData"}),
            Map.entry("TagResource", new String[] {"resourceArn", "tags"}),
            Map.entry("UntagResource", new String[] {"resourceArn", "tagKeys"}),
            Map.entry("ListTagsForResource", new String[] {"resourceArn"}),
            Map.entry("SendTaskSuccess", new String[] {"taskToken", "output"}),
            Map.entry("SendTaskFailure", new String[] {"taskToken", "error", "cause"}),
            Map.entry("SendTaskHeartbeat", new String[] {"taskToken"}));

    private static HttpRequest sfnRequest(Random random) {
        String operation = pick(random, SFN_OPERATIONS);
        String body = SFN_INPUTS.containsKey(operation) && random.nextBoolean() ? sfnInput(random, SFN_INPUTS.get(operation))
                : sfnObject(random, 0);
        body = switch (random.nextInt(10)) {
            case 0 -> body.substring(0, random.nextInt(body.length() + 1));   // truncated
            case 1 -> pick(random, new String[] {"", "[]", "null", "42", "\"s\"", "{\"a\":}", "\uFEFF{}", "{}}"});
            default -> body;
        };
        var b = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("X-Amz-Target", (random.nextInt(20) == 0 ? "AWSStepFunctionz." : "AWSStepFunctions.") + operation);
        if (random.nextInt(4) > 0) b.header("Content-Type", "application/x-amz-json-1.0");
        return b.build();
    }

    /** Each of the operation's members most of the time, mostly with a value of its type. */
    private static String sfnInput(Random random, String[] members) {
        StringBuilder o = new StringBuilder("{");
        for (String m : members) {
            if (random.nextInt(5) == 0) continue;
            if (o.length() > 1) o.append(',');
            o.append(quote(m)).append(':').append(random.nextInt(6) == 0 ? sfnValue(random, 1) : sfnTyped(random, m));
        }
        return o.append('}').toString();
    }

    private static String sfnTyped(Random random, String member) {
        return switch (member) {
            case "definition" -> quote(pick(random, SFN_DEFINITIONS));
            case "roleArn" -> quote(LambdaApiTest.ROLE);
            case "name" -> quote(pick(random, new String[] {"fuzz-sm", "fuzz-" + random.nextInt(50), "live", "x y", "a".repeat(81)}));
            case "input", "output" -> quote(pick(random, new String[] {"{}", "{\"a\": 1}", "[1]", "not json", "", "x".repeat(300_000)}));
            case "type" -> quote(pick(random, new String[] {"STANDARD", "EXPRESS", "standard"}));
            case "publish", "reverseOrder", "includeExecutionData" -> random.nextBoolean() ? "true" : "false";
            case "maxResults" -> Integer.toString(random.nextInt(1100) - 50);
            case "tags" -> "[{\"key\": " + quote(scalar(random)) + ", \"value\": " + quote(scalar(random)) + "}]";
            case "tagKeys" -> "[" + quote(scalar(random)) + "]";
            case "routingConfiguration" -> "[{\"stateMachineVersionArn\": " + quote(pick(random, SFN_ARNS)) + ", \"weight\": "
                    + pick(random, new String[] {"100", "50", "101", "-1"}) + "}]";
            case "statusFilter" -> quote(pick(random, new String[] {"RUNNING", "SUCCEEDED", "FAILED", "ABORTED", "running"}));
            case "includedData" -> quote(pick(random, new String[] {"ALL_DATA", "METADATA_ONLY", "SOME"}));
            case "loggingConfiguration" -> pick(random, new String[] {"{}", "{\"level\": \"ALL\"}", "{\"level\": \"OFF\"}"});
            case "taskToken" -> quote(pick(random, new String[] {"00000000-0000-4000-8000-000000000000", "forged", ""}));
            case "nextToken" -> quote(pick(random, new String[] {"cDE6Mg", "garbage", "p1:x", ""}));
            default -> member.endsWith("Arn") ? quote(pick(random, SFN_ARNS)) : quote(scalar(random));
        };
    }

    private static String sfnObject(Random random, int depth) {
        StringBuilder o = new StringBuilder("{");
        for (int f = random.nextInt(6); f > 0; f--) {
            if (o.length() > 1) o.append(',');
            o.append(quote(pick(random, SFN_MEMBERS))).append(':').append(sfnValue(random, depth + 1));
        }
        return o.append('}').toString();
    }

    private static String sfnValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 7 : 9)) {
            case 0, 1 -> quote(pick(random, SFN_ARNS));
            case 2 -> quote(pick(random, SFN_DEFINITIONS));
            case 3 -> quote(random.nextInt(8) == 0 ? "x".repeat(random.nextInt(300_000)) : scalar(random));
            case 4 -> pick(random, new String[] {"1e400", "-0", "1.5", "9223372036854775808", "100", "1001", "0", "-1", "1"});
            case 5 -> pick(random, new String[] {"true", "false", "null"});
            case 6 -> quote(pick(random, new String[] {"STANDARD", "EXPRESS", "SUCCEEDED", "RUNNING", "ALL", "OFF", "METADATA_ONLY",
                    "{}", "{\"a\": 1}", "not json", "live", "INITIAL"}));
            case 7 -> "[" + sfnValue(random, depth + 1) + "," + sfnObject(random, depth + 1) + "]";
            default -> sfnObject(random, depth);
        };
    }

    /** What is wrong with an answer, or null. */
    /** An S3 API error: an XML {@code <Error>} with a code and a message (no body for HEAD). */
    private static boolean s3Error(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Type").orElse("").startsWith("application/xml")
                && r.body().contains("<Error><Code>") && r.body().contains("<Message>");
    }

    private static String problem(HttpResponse<String> r) {
        int status = r.statusCode();
        if (status >= 500) return status + " " + r.body();
        if (status < 400) return null;
        if (s3Error(r)) return null; // PUT /2015-03-31 is S3's CreateBucket of a reserved name: InvalidBucketName
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
