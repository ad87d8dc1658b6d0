package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.store.Dialect;
import io.stepwise.store.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The crash test, on each store: 500 standard executions mixing Lambda tasks on a real function (which fails
 * now and then and is retried), Waits and a Map; the server is killed with SIGKILL mid-flight and started again on the
 * same data folder and database. Every execution must then complete with the right output, and no history may have a
 * duplicated or missing event id or a state recorded twice.
 */
@Tag("slow")
class WorkflowCrashTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int EXECUTIONS = 500;
    /**
     * Fails now and then (retried). The machine retries any error with jittered back-off, so a throttled call (the
     * function's reserved concurrency is 30 for 500 executions) or a slow cold start on a loaded host is retried too.
     */
    static final String FUNCTION = """
            import random, time

            def handler(event, context):
                time.sleep(0.1)                      # keep tasks in flight when the server dies
                if random.random() < 0.15:
                    raise RuntimeError("flaky")     # errorType RuntimeError: retried by the machine
                return {"n": event["n"] * 2}
            """;
    static final String DEFINITION = """
            {"StartAt": "Double", "States": {
              "Double": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:crash-fn",
                         "Retry": [{"ErrorEquals": ["States.ALL"],
                                    "IntervalSeconds": 1, "BackoffRate": 2, "MaxDelaySeconds": 5, "MaxAttempts": 100,
                                    "JitterStrategy": "FULL"}],
                         "ResultPath": "$.doubled", "Next": "Pause"},
              "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Fan"},
              "Fan": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                      "ItemSelector": {"n.$": "$$.Map.Item.Value"}, "ResultPath": "$.mapped",
                      "ItemProcessor": {"StartAt": "Each", "States": {
                        "Each": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                 "Parameters": {"FunctionName": "crash-fn", "Payload.$": "$"},
                                 "ResultSelector": {"n.$": "$.Payload.n"},
                                 "Retry": [{"ErrorEquals": ["States.ALL"],
                                            "IntervalSeconds": 1, "BackoffRate": 2, "MaxDelaySeconds": 5,
                                            "MaxAttempts": 100, "JitterStrategy": "FULL"}],
                                 "End": true}}},
                      "Next": "Done"},
              "Done": {"Type": "Pass", "Parameters": {"n.$": "$.doubled.n", "mapped.$": "$.mapped[*].n"}, "End": true}}}""";

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Dialect.class)
    void every_execution_completes_exactly_once_after_the_server_is_killed_mid_flight(Dialect dialect) throws Exception {
        try (TestDatabase store = TestDatabase.create(dialect)) {
            Path data = store.dataDir();
            Process child = ChildServer.launch(data, store.config());
            try {
                String endpoint = "http://127.0.0.1:" + ChildServer.port(child);
                try (var lambda = TestServer.client(endpoint)) {
                    lambda.createFunction(b -> b.functionName("crash-fn").runtime(Runtime.PYTHON3_12)
                            .role(LambdaApiTest.ROLE).handler("app.handler").timeout(30)
                            .code(c -> c.zipFile(Zips.of("app.py", FUNCTION))));
                    lambda.putFunctionConcurrency(b -> b.functionName("crash-fn").reservedConcurrentExecutions(30));
                }
                sfn(endpoint, "CreateStateMachine", JSON.createObjectNode().put("name", "crash")
                        .put("definition", DEFINITION).put("roleArn", LambdaApiTest.ROLE));
                try (var pool = Executors.newFixedThreadPool(16)) {
                    var starts = IntStream.range(0, EXECUTIONS).mapToObj(i -> pool.submit(() -> sfn(endpoint,
                            "StartExecution", JSON.createObjectNode().put("stateMachineArn", machine())
                                    .put("name", "e" + i).put("input", input(i))))).toList();
                    for (var s : starts) s.get(120, TimeUnit.SECONDS);
                }
                // mid-flight: some executions done, many waiting on tasks, timers and Map iterations
                Eventually.until(() -> count(endpoint, "SUCCEEDED"), n -> n >= 20, "some executions to finish");
            } finally {
                child.destroyForcibly();   // SIGKILL: no shutdown hook, nothing flushed
                child.waitFor(30, TimeUnit.SECONDS);
            }

            var config = TestServer.config(data, false).withDatabase(store.config());
            try (TestServer after = TestServer.start(config)) {
                String endpoint = after.endpoint();
                int runningAfterRestart = count(endpoint, "RUNNING");
                assertThat(runningAfterRestart).as("executions still running after the crash").isPositive();
                Eventually.until(() -> count(endpoint, "RUNNING"), n -> n == 0, "every execution to finish",
                        java.time.Duration.ofMinutes(5));
                assertThat(count(endpoint, "SUCCEEDED")).as("succeeded; others: %s", others(endpoint))
                        .isEqualTo(EXECUTIONS);
                for (int i = 0; i < EXECUTIONS; i++) checkExecution(endpoint, i);
            }
        }
    }

    static String machine() { return "arn:aws:states:us-east-1:123456789012:stateMachine:crash"; }

    static String input(int i) {
        return "{\"n\": " + i + ", \"items\": [" + i + ", " + (i + 1) + ", " + (i + 2) + "]}";
    }

    private void checkExecution(String endpoint, int i) {
        String arn = "arn:aws:states:us-east-1:123456789012:execution:crash:e" + i;
        JsonNode d = sfn(endpoint, "DescribeExecution", JSON.createObjectNode().put("executionArn", arn));
        assertThat(d.path("status").asText()).as(arn).isEqualTo("SUCCEEDED");
        assertThat(read(d.path("output").asText())).as(arn).isEqualTo(read("{\"n\": " + 2 * i
                + ", \"mapped\": [" + 2 * i + ", " + 2 * (i + 1) + ", " + 2 * (i + 2) + "]}"));
        List<JsonNode> events = new ArrayList<>();
        String token = null;
        do {
            ObjectNode req = JSON.createObjectNode().put("executionArn", arn).put("maxResults", 1000);
            if (token != null) req.put("nextToken", token);
            JsonNode page = sfn(endpoint, "GetExecutionHistory", req);
            page.path("events").forEach(events::add);
            token = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : null;
        } while (token != null);
        Set<Long> ids = new HashSet<>();
        for (int k = 0; k < events.size(); k++) {
            JsonNode e = events.get(k);
            assertThat(e.path("id").asLong()).as(arn + " event ids").isEqualTo(k + 1);
            assertThat(ids.add(e.path("id").asLong())).as(arn + " duplicate event id").isTrue();
            assertThat(e.path("previousEventId").asLong()).as(arn).isLessThan(e.path("id").asLong());
        }
        // each state once (retries repeat the task's events, not its state), each Map item once
        assertThat(types(events, "TaskStateEntered")).as(arn).isEqualTo(4);
        assertThat(types(events, "WaitStateEntered")).as(arn).isEqualTo(1);
        assertThat(types(events, "MapIterationSucceeded")).as(arn).isEqualTo(3);
        assertThat(types(events, "LambdaFunctionSucceeded") + types(events, "TaskSucceeded")).as(arn).isEqualTo(4);
        assertThat(types(events, "ExecutionSucceeded")).as(arn).isEqualTo(1);
        assertThat(events.getLast().path("type").asText()).isEqualTo("ExecutionSucceeded");
    }

    private static long types(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).count();
    }

    /** The first few executions that did not succeed, with their error and cause (for the failure message). */
    private List<String> others(String endpoint) {
        List<String> out = new ArrayList<>();
        for (String status : List.of("FAILED", "TIMED_OUT", "ABORTED")) {
            JsonNode page = sfn(endpoint, "ListExecutions", JSON.createObjectNode().put("stateMachineArn", machine())
                    .put("statusFilter", status).put("maxResults", 5));
            for (JsonNode e : page.path("executions")) {
                JsonNode d = sfn(endpoint, "DescribeExecution", JSON.createObjectNode()
                        .put("executionArn", e.path("executionArn").asText()));
                out.add(status + " " + d.path("name").asText() + ": " + d.path("error").asText() + " "
                        + d.path("cause").asText());
            }
        }
        return out;
    }

    private int count(String endpoint, String status) {
        int n = 0;
        String token = null;
        do {
            ObjectNode req = JSON.createObjectNode().put("stateMachineArn", machine()).put("statusFilter", status)
                    .put("maxResults", 1000);
            if (token != null) req.put("nextToken", token);
            JsonNode page = sfn(endpoint, "ListExecutions", req);
            n += page.path("executions").size();
            token = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : null;
        } while (token != null);
        return n;
    }

    /** One Step Functions call over plain HTTP (AWS JSON 1.0), as the SDKs send it. */
    JsonNode sfn(String endpoint, String operation, ObjectNode body) {
        var req = HttpRequest.newBuilder(URI.create(endpoint + "/")).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions." + operation).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new AssertionError(operation + " answered " + r.statusCode() + ": " + r.body());
            return read(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
