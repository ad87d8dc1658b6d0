package io.stepwise.server;

import static io.stepwise.server.Workflows.awaitEnd;
import static io.stepwise.server.Workflows.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.tuning.PowerTuning;
import io.stepwise.tuning.Visualization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Power tuning on real functions, through the original tool's state machine running on this server's engine and
 * started with the SDK: a CPU-bound function speeds up with memory until one vCPU (1,769 MB) and no further, a
 * sleeping one is cheapest at 128 MB, one that needs 150 MB fails at 128 MB while the other sizes are measured; the
 * function is left as it was found.
 */
class PowerTuningServerTest {
    static TestServer server;
    static String machine;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        machine = Workflows.create(server.sfn, PowerTuning.MACHINE_NAME, PowerTuning.DEFINITION);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void deploy(String name, String code, int memory) {
        server.lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").timeout(30).memorySize(memory).code(c -> c.zipFile(Zips.of("app.py", code))));
    }

    static DescribeExecutionResponse tune(String input) {
        String arn = server.sfn.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn();
        return awaitEnd(server.sfn, arn);
    }

    static Map<Integer, JsonNode> byPower(JsonNode out) {
        Map<Integer, JsonNode> m = new HashMap<>();
        out.path("stats").forEach(s -> m.put(s.path("value").asInt(), s));
        return m;
    }

    static final String CPU = """
            def handler(event, context):
                n = 0
                for i in range(event.get("n", 350000)):
                    n += i * i % 7
                return {"n": n}
            """;

    @Test
    void a_cpu_bound_function_speeds_up_until_one_vcpu_and_the_strategies_pick_from_what_was_measured() {
        deploy("tune-cpu", CPU, 1024);
        String arn = Workflows.FUNCTIONS + "tune-cpu";
        DescribeExecutionResponse speed = tune("{\"lambdaARN\": \"" + arn + "\", \"num\": 5, \"powerValues\": "
                + "[128, 512, 1769, 3008], \"strategy\": \"speed\", \"includeOutputResults\": true}");
        assertThat(speed.status()).as(speed.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = json(speed.output());
        Map<Integer, JsonNode> stats = byPower(out);
        double at128 = stats.get(128).path("averageDuration").asDouble();
        double at1769 = stats.get(1769).path("averageDuration").asDouble();
        double at3008 = stats.get(3008).path("averageDuration").asDouble();
        assertThat(at128 / at1769).as("128 MB has 1/13.8 of a vCPU").isGreaterThan(5);
        assertThat(at3008 / at1769).as("a single thread gains nothing past one vCPU").isBetween(0.6, 1.4);
        assertThat(out.path("power").asInt()).isGreaterThanOrEqualTo(1769);

        DescribeExecutionResponse cost = tune("{\"lambdaARN\": \"" + arn + "\", \"num\": 5, \"powerValues\": "
                + "[128, 512, 1769, 3008], \"includeOutputResults\": true}");
        JsonNode c = json(cost.output());
        JsonNode cheapest = null;
        for (JsonNode s : c.path("stats")) {
            if (cheapest == null || s.path("averagePrice").asDouble() < cheapest.path("averagePrice").asDouble()) cheapest = s;
        }
        assertThat(c.path("power").asInt()).isEqualTo(cheapest.path("value").asInt());

        var fn = server.lambda.getFunctionConfiguration(b -> b.functionName("tune-cpu"));
        assertThat(fn.memorySize()).as("$LATEST keeps its memory").isEqualTo(1024);
        assertThat(server.lambda.listAliases(b -> b.functionName("tune-cpu")).aliases()).isEmpty();
        assertThat(server.lambda.listVersionsByFunction(b -> b.functionName("tune-cpu")).versions())
                .extracting(v -> v.version()).containsExactly("$LATEST");
    }

    @Test
    void a_sleeping_function_is_cheapest_at_128_mb_and_the_output_is_the_originals_with_a_link_to_its_numbers() {
        deploy("tune-sleep", "import time\ndef handler(event, context):\n    time.sleep(0.2)\n    return {}\n", 512);
        DescribeExecutionResponse done = tune("{\"lambdaARN\": \"tune-sleep\", \"num\": 5, \"powerValues\": "
                + "[128, 256, 1024]}");
        assertThat(done.status()).as(done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = json(done.output());
        assertThat(out.fieldNames()).toIterable().containsExactly("power", "cost", "duration", "stateMachine");
        assertThat(out.path("power").asInt()).isEqualTo(128);
        assertThat(out.path("duration").asDouble()).isBetween(200.0, 400.0);
        assertThat(out.path("cost").isDouble()).isTrue();
        JsonNode sm = out.path("stateMachine");
        assertThat(sm.path("executionCost").asDouble()).isEqualTo(0.000375);
        assertThat(sm.path("lambdaCost").asDouble()).isPositive();
        String link = sm.path("visualization").asText();
        assertThat(link).startsWith(server.endpoint() + "/console/power-tuning#");
        List<Visualization.Point> points = Visualization.decode(link);
        assertThat(points).extracting(Visualization.Point::power).containsExactly(128, 256, 1024);
        assertThat(points.getFirst().duration()).isEqualTo((float) out.path("duration").asDouble());
        assertThat(points.getFirst().cost()).isEqualTo((float) out.path("cost").asDouble());
    }

    @Test
    void a_function_that_needs_150_mb_fails_at_128_mb_and_the_other_sizes_are_measured() {
        deploy("tune-memory", """
                def handler(event, context):
                    block = bytearray(150 * 1024 * 1024)
                    for i in range(0, len(block), 4096):
                        block[i] = 1
                    return {"mb": len(block) // (1024 * 1024)}
                """, 512);
        DescribeExecutionResponse done = tune("{\"lambdaARN\": \"tune-memory\", \"num\": 5, \"powerValues\": "
                + "[128, 512, 1024], \"includeOutputResults\": true}");
        assertThat(done.status()).as(done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = json(done.output());
        Map<Integer, JsonNode> stats = byPower(out);
        assertThat(stats.get(128).path("failure").asText()).isEqualTo("Runtime.OutOfMemory");
        assertThat(stats.get(512).has("failure")).isFalse();
        assertThat(stats.get(512).path("maxMemoryUsed").asInt()).isGreaterThanOrEqualTo(150);
        assertThat(out.path("power").asInt()).isIn(512, 1024);
        assertThat(out.path("warnings").toString()).contains("128 MB failed (Runtime.OutOfMemory)");
    }

    @Test
    void a_size_too_small_to_finish_within_the_timeout_is_reported_timed_out_and_the_others_are_measured() {
        server.lambda.createFunction(b -> b.functionName("tune-slow").runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").timeout(1).memorySize(1024).code(c -> c.zipFile(Zips.of("app.py", CPU))));
        DescribeExecutionResponse done = tune("{\"lambdaARN\": \"tune-slow\", \"num\": 5, \"powerValues\": "
                + "[128, 1769], \"payload\": {\"n\": 3000000}, \"includeOutputResults\": true}");
        assertThat(done.status()).as(done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = json(done.output());
        Map<Integer, JsonNode> stats = byPower(out);
        assertThat(stats.get(128).path("failure").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(stats.get(128).path("errors").asInt()).as("the first timeout is enough").isEqualTo(1);
        assertThat(stats.get(1769).has("failure")).isFalse();
        assertThat(out.path("power").asInt()).isEqualTo(1769);
    }

    @Test
    void a_missing_function_fails_the_run_with_lambdas_error_after_cleaning_up() {
        DescribeExecutionResponse done = tune("{\"lambdaARN\": \"nope\", \"num\": 5}");
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("ResourceNotFoundException");
        DescribeExecutionResponse invalid = tune("{\"lambdaARN\": \"nope\", \"num\": 2}");
        assertThat(invalid.error()).isEqualTo("Error");
        assertThat(invalid.cause()).isEqualTo("Missing num or num below 5");
    }
}
