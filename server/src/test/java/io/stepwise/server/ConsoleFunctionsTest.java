package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.tuning.PowerTuning;
import io.stepwise.tuning.Visualization;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A function's page in Debian's chromium (console-functions/run.mjs, playwright-core) against a real server and real
 * Python functions: the chart of its invocations (read from Chart.js's data, not from pixels) with the cold start
 * marked and refreshed while the page is open; its logs following live (a line logged after the page opened appears
 * without a reload, ERROR and REPORT lines marked, the filter, the scroll kept where the reader put it, the newest
 * 2,000 lines kept); a small power tuning run drawn on the function's page and on its own page with the recommended
 * size, and one started while the page is open drawn when it ends; the tuner's visualization link and an old
 * /power-tuning/ link opening the console's chart. It takes docs/console-function.png and docs/console-power-tuning.png.
 */
@Tag("slow")
class ConsoleFunctionsTest {
    static final int MEMORY = 256;
    static TestServer server;
    static JsonNode results;
    static List<String> before = new ArrayList<>();
    static String coldRequestId;
    static JsonNode tuned;
    static String tuningArn;

    @BeforeAll
    static void useTheConsole() throws Exception {
        ConsoleScript.prepare();
        server = TestServer.start();
        server.lambda.createFunction(b -> b.functionName("greeter").runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").memorySize(MEMORY).code(c -> c.zipFile(Zips.of("app.py", """
                        def handler(event, context):
                            print("greeting", event.get("marker", "-"))
                            for i in range(event.get("lines", 0)):
                                print("line", i)
                            if event.get("fail"):
                                raise ValueError("asked to fail")
                            return {"hello": event.get("marker")}
                        """))));
        for (int i = 0; i < 6; i++) {
            var r = server.lambda.invoke(b -> b.functionName("greeter").payload(SdkBytes.fromUtf8String("{}")));
            before.add(r.responseMetadata().requestId());
        }
        JsonNode invocations = Workflows.json(
                server.http("GET", "/stepwise/v1/functions/greeter/invocations", null).body());
        for (JsonNode i : invocations.path("Invocations")) {
            if (i.path("Cold").asBoolean()) coldRequestId = i.path("RequestId").asText();
        }
        assertThat(coldRequestId).as("the first invocation started an environment").isEqualTo(before.getFirst());

        // a small tuning run of another function, by the tuner's own state machine
        server.lambda.createFunction(b -> b.functionName("sleepy").runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py",
                        "import time\ndef handler(event, context):\n    time.sleep(0.05)\n    return {}\n"))));
        String machine = Workflows.create(server.sfn, PowerTuning.MACHINE_NAME, PowerTuning.DEFINITION);
        tuningArn = server.sfn.startExecution(b -> b.stateMachineArn(machine).name("sleepy-tuned").input(
                "{\"lambdaARN\": \"sleepy\", \"num\": 5, \"powerValues\": [128, 256], \"includeOutputResults\": true}"))
                .executionArn();
        DescribeExecutionResponse run = Workflows.awaitEnd(server.sfn, tuningArn);
        assertThat(run.status()).as(run.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        tuned = Workflows.json(run.output());

        var scenario = new ObjectMapper().createObjectNode().put("function", "greeter")
                .put("invocations", before.size()).put("tuned", "sleepy").put("tuning", tuningArn).put("machine", machine)
                .put("link", tuned.path("stateMachine").path("visualization").asText());
        results = ConsoleScript.run("console-functions", server, scenario, 300);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void the_chart_has_a_point_per_invocation_and_marks_the_cold_start() {
        JsonNode chart = results.path("chart");
        assertThat(values(chart.path("Duration (ms)"), "requestId")).containsExactlyInAnyOrderElementsOf(before);
        assertThat(values(chart.path("Billed Duration (ms)"), "requestId")).containsExactlyInAnyOrderElementsOf(before);
        List<String> cold = new ArrayList<>();
        chart.path("Duration (ms)").forEach(p -> {
            if (p.path("cold").asBoolean()) cold.add(p.path("requestId").asText() + " " + p.path("style").asText());
            else assertThat(p.path("style").asText()).as("a warm invocation's point").isEqualTo("circle");
        });
        assertThat(cold).as("the cold start, drawn as a triangle").containsExactly(coldRequestId + " triangle");
        assertThat(values(chart.path("Init Duration (ms, cold starts)"), "requestId")).containsExactly(coldRequestId);
        assertThat(values(chart.path("Memory (MB)"), "y")).containsOnly(String.valueOf(MEMORY));
        chart.path("Max Memory Used (MB)").forEach(p -> assertThat(p.path("y").asInt()).isBetween(1, MEMORY));
        chart.path("Billed Duration (ms)").forEach(p -> assertThat(p.path("y").asDouble()).isPositive());
    }

    @Test
    void the_chart_takes_in_an_invocation_made_after_the_page_opened() {
        assertThat(results.path("invokedAfter").asText()).isNotEmpty();
        assertThat(values(results.path("chartAfter").path("Duration (ms)"), "requestId"))
                .containsAll(before).contains(results.path("invokedAfter").asText());
    }

    @Test
    void follow_shows_a_line_logged_after_the_page_opened_without_a_reload() {
        assertThat(results.path("followed").asText()).contains("greeting " + results.path("marker").asText());
        assertThat(results.path("samePage").asBoolean()).as("no reload: the page's own variable survived").isTrue();
        assertThat(results.path("errorLine").asText()).contains("[ERROR]", "asked to fail");
        assertThat(results.path("reportLines").asInt()).as("REPORT lines marked").isGreaterThan(before.size());
        assertThat(results.path("filtered")).as("the filter shows only the lines with its text").isNotEmpty()
                .allSatisfy(l -> assertThat(l.asText()).contains(results.path("marker").asText()));
        assertThat(results.path("followedToBottom").asBoolean()).as("the view followed the new lines").isTrue();
        assertThat(results.path("stayedUp").asBoolean()).as("a reader who scrolled up is left there").isTrue();
        assertThat(results.path("capped").path("kept").asInt()).as("the lines kept in the page").isEqualTo(2000);
        assertThat(results.path("capped").path("last").asText()).as("the newest kept").contains("line 2499");
        assertThat(results.path("pageErrors")).as("errors in the page").isEmpty();
    }

    @Test
    void a_tuning_run_is_drawn_with_its_recommended_size_on_the_functions_page_and_its_own() {
        String link = tuned.path("stateMachine").path("visualization").asText();
        List<Visualization.Point> expected = Visualization.decode(link);
        for (String where : List.of("functionTuning", "runPage")) {
            JsonNode shown = results.path(where);
            assertThat(shown.path("recommended").asInt()).as(where).isEqualTo(tuned.path("power").asInt());
            assertThat(shown.path("run").asText()).as(where).isEqualTo(tuningArn);
            assertPoints(shown, expected, where);
            assertThat(shown.path("marked").asText()).as(where + ": the recommended size's point")
                    .isEqualTo(tuned.path("power").asText());
        }
    }

    @Test
    void a_tuning_run_started_while_the_functions_page_is_open_is_drawn_there_when_it_ends() {
        assertThat(results.path("liveRun").toString()).as("the runs drawn, newest first").isEqualTo("[\""
                + tuningArn.replace(":sleepy-tuned", ":tuned-while-open") + "\",\"" + tuningArn + "\"]");
    }

    @Test
    void the_tuners_link_and_an_old_power_tuning_link_open_the_chart_in_the_console() {
        String link = tuned.path("stateMachine").path("visualization").asText();
        assertThat(link).startsWith(server.endpoint() + "/console/power-tuning#");
        List<Visualization.Point> expected = Visualization.decode(link);
        assertPoints(results.path("linkPage"), expected, "the link");
        assertThat(results.path("oldLinkUrl").asText()).as("redirected with its fragment")
                .isEqualTo(link);
        assertPoints(results.path("oldLink"), expected, "an old link");
        assertThat(results.path("runsListed").toString()).contains("sleepy-tuned");
    }

    private static void assertPoints(JsonNode shown, List<Visualization.Point> expected, String where) {
        List<Double> powers = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        List<Double> costs = new ArrayList<>();
        shown.path("points").forEach(p -> {
            powers.add(p.path("x").asDouble());
            durations.add(p.path("duration").asDouble());
            costs.add(p.path("costPerMillion").asDouble());
        });
        assertThat(powers).as(where).containsExactly(128d, 256d);
        assertThat(durations).as(where)
                .containsExactly(expected.stream().map(p -> (double) p.duration()).toArray(Double[]::new));
        for (int i = 0; i < expected.size(); i++) {
            assertThat(costs.get(i)).as(where).isCloseTo(expected.get(i).cost() * 1e6, Offset.offset(1e-9));
        }
    }

    private static List<String> values(JsonNode points, String field) {
        List<String> out = new ArrayList<>();
        points.forEach(p -> out.add(p.path(field).asText()));
        return out;
    }
}
