package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.functions.FunctionRef;
import io.stepwise.functions.InvocationResult;
import io.stepwise.functions.InvokeRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** The function lifecycle through the real AWS SDK for Java v2: create, read, list, update, invoke, delete. */
class LambdaApiTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/test";
    static final String ECHO = """
            import os
            def handler(event, context):
                print("event", event)
                if isinstance(event, dict) and event.get("fail"):
                    raise ValueError("asked to fail")
                return {"event": event, "arn": context.invoked_function_arn, "version": context.function_version,
                        "greeting": os.environ.get("GREETING"), "memory": context.memory_limit_in_mb}
            """;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CreateFunctionResponse createEcho(TestServer s, String name) {
        return createEcho(s.lambda, name);
    }

    static CreateFunctionResponse createEcho(software.amazon.awssdk.services.lambda.LambdaClient lambda, String name) {
        return createEcho(lambda, name, Zips.of("app.py", ECHO));
    }

    static CreateFunctionResponse createEcho(software.amazon.awssdk.services.lambda.LambdaClient lambda, String name, SdkBytes zip) {
        return lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(ROLE)
                .handler("app.handler").code(c -> c.zipFile(zip))
                .environment(e -> e.variables(java.util.Map.of("GREETING", "hi"))));
    }

    /** CodeSha256 as AWS defines it: the base64 of the SHA-256 of the zip as uploaded. */
    static String sha256Base64(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static JsonNode json(SdkBytes bytes) {
        try {
            return new ObjectMapper().readTree(bytes.asByteArray());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void creates_a_python_function_and_invokes_it_with_its_configuration() throws Exception {
        SdkBytes zip = Zips.of("app.py", ECHO);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CreateFunctionResponse created = createEcho(server.lambda, "echo-py", zip);
        Instant after = Instant.now();
        assertThat(created.functionName()).isEqualTo("echo-py");
        assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:echo-py");
        assertThat(created.version()).isEqualTo("$LATEST");
        assertThat(created.runtime()).isEqualTo(Runtime.PYTHON3_12);
        assertThat(created.role()).isEqualTo(ROLE);
        assertThat(created.handler()).isEqualTo("app.handler");
        assertThat(created.memorySize()).isEqualTo(128);
        assertThat(created.timeout()).isEqualTo(3);
        assertThat(created.ephemeralStorage().size()).isEqualTo(512);
        assertThat(created.architecturesAsStrings()).containsExactly("x86_64");
        assertThat(created.packageTypeAsString()).isEqualTo("Zip");
        assertThat(created.environment().variables()).isEqualTo(java.util.Map.of("GREETING", "hi"));
        assertThat(created.codeSize()).isEqualTo(zip.asByteArray().length);
        assertThat(created.codeSha256()).isEqualTo(sha256Base64(zip.asByteArray()));
        assertThat(created.revisionId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(created.stateAsString()).isEqualTo("Active");
        assertThat(created.lastUpdateStatusAsString()).isEqualTo("Successful");
        // AWS's LastModified: ISO 8601 with milliseconds and a +0000 offset (2024-05-01T12:00:00.000+0000)
        assertThat(created.lastModified()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000");
        assertThat(Instant.parse(created.lastModified().replace("+0000", "Z"))).isBetween(before, after);

        InvokeResponse r = server.lambda.invoke(b -> b.functionName("echo-py").payload(SdkBytes.fromUtf8String("{\"n\":1}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isNull();
        assertThat(r.executedVersion()).isEqualTo("$LATEST");
        JsonNode out = json(r.payload());
        assertThat(out.get("event").get("n").asInt()).isEqualTo(1);
        assertThat(out.get("greeting").asText()).isEqualTo("hi");
        assertThat(out.get("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:echo-py");
    }

    @Test
    void accepts_the_function_name_as_a_full_or_partial_arn() {
        createEcho(server, "echo-arn");
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:echo-arn";
        assertThat(server.lambda.getFunction(b -> b.functionName(arn)).configuration().functionName()).isEqualTo("echo-arn");
        assertThat(server.lambda.getFunctionConfiguration(b -> b.functionName("123456789012:function:echo-arn")).handler())
                .isEqualTo("app.handler");
        InvokeResponse r = server.lambda.invoke(b -> b.functionName(arn + ":$LATEST").payload(SdkBytes.fromUtf8String("{}")));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void tail_returns_the_last_log_lines_with_the_report_and_a_function_error_is_flagged() {
        createEcho(server, "echo-tail");
        InvokeResponse r = server.lambda.invoke(b -> b.functionName("echo-tail").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"fail\": true}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(json(r.payload()).get("errorType").asText()).isEqualTo("ValueError");
        String log = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        assertThat(log).contains("START RequestId: ").contains("END RequestId: ").contains("REPORT RequestId: ")
                .contains("\tBilled Duration: ").contains("asked to fail");
    }

    @Test
    void an_invocation_returns_its_error_type_and_executed_version_and_leaves_exactly_one_record() throws Exception {
        createEcho(server, "echo-typed");
        server.lambda.publishVersion(b -> b.functionName("echo-typed"));
        server.lambda.createAlias(b -> b.functionName("echo-typed").name("live").functionVersion("1"));

        InvocationResult r = server.server.functions().invoke(FunctionRef.parse("echo-typed:live"),
                InvokeRequest.of("{\"fail\": true}"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.errorType()).contains("ValueError");
        assertThat(r.functionError()).contains("Unhandled");
        assertThat(r.executedVersion()).isEqualTo("1");
        assertThat(r.payloadText()).contains("asked to fail");
        assertThat(server.server.functions().invocations().recent("echo-typed", 10)).singleElement().satisfies(e -> {
            assertThat(e.requestId()).isEqualTo(r.requestId());
            assertThat(e.version()).isEqualTo("1");
            assertThat(e.error()).contains("ValueError");
        });
        JsonNode listed = new ObjectMapper().readTree(server.http("GET", "/stepwise/v1/functions/echo-typed/invocations", null).body());
        assertThat(listed.get("Invocations")).singleElement().satisfies(e -> assertThat(e.get("Error").asText()).isEqualTo("ValueError"));
        assertThat(server.http("GET", "/metrics", null).body())
                .contains("stepwise_function_errors_total{function=\"echo-typed\",type=\"ValueError\"} 1.0");
    }

    @Test
    void get_function_returns_configuration_code_location_and_concurrency() throws Exception {
        SdkBytes uploaded = Zips.of("app.py", ECHO);
        CreateFunctionResponse created = createEcho(server.lambda, "echo-get", uploaded);
        server.lambda.putFunctionConcurrency(b -> b.functionName("echo-get").reservedConcurrentExecutions(5));
        var got = server.lambda.getFunction(b -> b.functionName("echo-get"));
        assertThat(got.configuration().functionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:echo-get");
        assertThat(got.configuration().runtime()).isEqualTo(Runtime.PYTHON3_12);
        assertThat(got.configuration().codeSha256()).isEqualTo(sha256Base64(uploaded.asByteArray()));
        assertThat(got.configuration().revisionId()).isEqualTo(created.revisionId());
        assertThat(got.concurrency().reservedConcurrentExecutions()).isEqualTo(5);
        assertThat(got.code().repositoryType()).isEqualTo("S3");
        HttpResponse<byte[]> zip = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(got.code().location())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.body()).as("the zip as uploaded").isEqualTo(uploaded.asByteArray());
    }

    @Test
    void lists_functions_in_pages() {
        for (int i = 0; i < 3; i++) createEcho(server, "page-" + i);
        var onePage = server.lambda.listFunctions(b -> b.maxItems(50));
        assertThat(onePage.nextMarker()).as("everything fits in one page").isNull();
        List<String> inOnePage = names(onePage.functions());
        assertThat(inOnePage).contains("page-0", "page-1", "page-2").isSorted();

        List<String> inPagesOf2 = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            var page = server.lambda.listFunctions(b -> b.maxItems(2).marker(from));
            assertThat(page.functions()).hasSizeBetween(1, 2);
            inPagesOf2.addAll(names(page.functions()));
            marker = page.nextMarker();
        } while (marker != null);
        assertThat(inPagesOf2).as("pages of 2, each after the last one's marker").isEqualTo(inOnePage);
        assertThat(server.lambda.listFunctionsPaginator(b -> b.maxItems(2)).functions().stream()
                .map(FunctionConfiguration::functionName).toList()).isEqualTo(inOnePage);
    }

    private static List<String> names(List<FunctionConfiguration> functions) {
        return functions.stream().map(FunctionConfiguration::functionName).toList();
    }

    @Test
    void updates_code_and_configuration_and_the_next_invocation_sees_them() {
        createEcho(server, "echo-upd");
        server.lambda.invoke(b -> b.functionName("echo-upd"));
        var cfg = server.lambda.updateFunctionConfiguration(b -> b.functionName("echo-upd").memorySize(256).timeout(10)
                .description("bigger").environment(e -> e.variables(java.util.Map.of("GREETING", "hello"))));
        assertThat(cfg.memorySize()).isEqualTo(256);
        assertThat(cfg.timeout()).isEqualTo(10);
        JsonNode out = json(server.lambda.invoke(b -> b.functionName("echo-upd")).payload());
        assertThat(out.get("greeting").asText()).isEqualTo("hello");
        assertThat(out.get("memory").asText()).isEqualTo("256");
        server.lambda.updateFunctionCode(b -> b.functionName("echo-upd")
                .zipFile(Zips.of("app.py", "def handler(e, c):\n    return 'v2'\n")));
        assertThat(server.lambda.invoke(b -> b.functionName("echo-upd")).payload().asUtf8String()).isEqualTo("\"v2\"");
    }

    @Test
    void deletes_a_function_and_then_it_is_not_found() {
        createEcho(server, "echo-del");
        server.lambda.deleteFunction(b -> b.functionName("echo-del"));
        assertThatThrownBy(() -> server.lambda.getFunction(b -> b.functionName("echo-del")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:123456789012:function:echo-del");
        assertThatThrownBy(() -> server.lambda.invoke(b -> b.functionName("echo-del")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void serves_logs_and_invocation_records_of_a_function() throws Exception {
        createEcho(server, "echo-logs");
        Instant before = Instant.now();
        var r = server.lambda.invoke(b -> b.functionName("echo-logs").payload(SdkBytes.fromUtf8String("{\"x\":42}")));
        Instant after = Instant.now();
        String requestId = r.responseMetadata().requestId();
        var logs = server.http("GET", "/stepwise/v1/functions/echo-logs/logs?limit=10", null);
        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(logs.body()).contains("START RequestId: " + requestId + " Version: $LATEST")
                .contains("event {'x': 42}").contains("REPORT RequestId: " + requestId);
        var inv = server.http("GET", "/stepwise/v1/functions/echo-logs/invocations?limit=5", null);
        JsonNode first = new ObjectMapper().readTree(inv.body()).get("Invocations").get(0);
        assertThat(first.get("RequestId").asText()).isEqualTo(requestId);
        assertThat(first.get("FunctionName").asText()).isEqualTo("echo-logs");
        assertThat(first.get("Version").asText()).isEqualTo("$LATEST");
        assertThat(first.get("Cold").asBoolean()).isTrue();
        assertThat(first.get("InitDurationMs").asDouble()).as("a cold start's init").isPositive();
        assertThat(first.get("MemorySizeMb").asInt()).isEqualTo(128);
        assertThat(first.get("Error").isNull()).isTrue();
        assertThat(Instant.parse(first.get("StartTime").asText())).isBetween(before, after);

        var unknown = server.http("GET", "/stepwise/v1/functions/nope/logs", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("X-Amzn-ErrorType")).hasValue("ResourceNotFoundException");
    }

    @Test
    void the_json_log_page_returns_only_lines_after_its_cursor() throws Exception {
        createEcho(server, "echo-follow");
        server.lambda.invoke(b -> b.functionName("echo-follow").payload(SdkBytes.fromUtf8String("{\"n\":1}")));
        var mapper = new ObjectMapper();
        JsonNode first = mapper.readTree(server.http("GET", "/stepwise/v1/functions/echo-follow/logs?format=json", null).body());
        assertThat(first.get("Lines").toString()).contains("event {'n': 1}").contains("REPORT RequestId:");
        String cursor = first.get("NextCursor").asText();

        String second = server.lambda.invoke(b -> b.functionName("echo-follow").payload(SdkBytes.fromUtf8String("{\"n\":2}")))
                .responseMetadata().requestId();
        JsonNode next = mapper.readTree(server.http("GET", "/stepwise/v1/functions/echo-follow/logs?format=json&after="
                + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8), null).body());

        List<String> lines = new ArrayList<>();
        next.get("Lines").forEach(l -> lines.add(l.asText()));
        assertThat(lines.getFirst()).isEqualTo("START RequestId: " + second + " Version: $LATEST");
        assertThat(lines).noneMatch(l -> l.contains("'n': 1")).anyMatch(l -> l.contains("event {'n': 2}"));
        assertThat(lines.getLast()).startsWith("REPORT RequestId: " + second);
        JsonNode none = mapper.readTree(server.http("GET", "/stepwise/v1/functions/echo-follow/logs?format=json&after="
                + next.get("NextCursor").asText(), null).body());
        assertThat(none.get("Lines")).isEmpty();
    }

    @Test
    void health_and_prometheus_metrics_are_served() {
        createEcho(server, "echo-metrics");
        server.lambda.invoke(b -> b.functionName("echo-metrics"));
        assertThat(server.http("GET", "/health", null).statusCode()).isEqualTo(200);
        String metrics = server.http("GET", "/metrics", null).body();
        assertThat(metrics).contains("stepwise_function_invocations_total{function=\"echo-metrics\"}")
                .contains("stepwise_function_gb_seconds_total").contains("stepwise_environments")
                .contains("stepwise_function_events_queued");
    }

    @Test
    void account_settings_report_the_quotas_and_usage() {
        createEcho(server, "echo-account");
        var settings = server.lambda.getAccountSettings();
        // Lambda's default quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
        assertThat(settings.accountLimit().totalCodeSize()).as("75 GB").isEqualTo(80_530_636_800L);
        assertThat(settings.accountLimit().codeSizeUnzipped()).as("250 MB").isEqualTo(262_144_000L);
        assertThat(settings.accountLimit().codeSizeZipped()).as("50 MB").isEqualTo(52_428_800L);
        assertThat(settings.accountLimit().concurrentExecutions()).isEqualTo(1000);
        assertThat(settings.accountUsage().functionCount())
                .isEqualTo(server.lambda.listFunctionsPaginator(b -> b.maxItems(50)).functions().stream().count());
    }

    @Test
    void a_second_server_cannot_open_a_data_folder_in_use() {
        createEcho(server, "echo-still");
        assertThatThrownBy(() -> TestServer.start(server.dataDir, false)).hasMessageContaining("in use by another Stepwise server");
        InvokeResponse stillServing = server.lambda.invoke(b -> b.functionName("echo-still").payload(SdkBytes.fromUtf8String("{\"n\":7}")));
        assertThat(json(stillServing.payload()).get("event").get("n").asInt()).as("the first server still serves").isEqualTo(7);
    }
}
