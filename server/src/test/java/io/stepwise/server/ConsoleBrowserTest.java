package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The console in Debian's chromium, driven by playwright-core (run.mjs) against a real server, as a person uses it:
 * the weekly report started from its state machine's page and watched live until it succeeds, a failed execution's
 * failed state shown red with its error and cause, a function invoked from its page, a deep link opened in a new tab.
 * It takes the screenshots of docs/console.md.
 */
@Tag("slow")
class ConsoleBrowserTest {
    static TestServer server;
    static JsonNode results;

    @BeforeAll
    static void useTheConsole() throws Exception {
        ConsoleScript.prepare();
        Path repo = ConsoleScript.repo();
        server = TestServer.start();
        Path example = repo.resolve("examples/weekly-report");
        String code = read(example.resolve("function/app.py"));
        server.lambda.createFunction(b -> b.functionName("weekly-report").runtime(Runtime.PYTHON3_12)
                .role(Workflows.ROLE).handler("app.handler").timeout(30)
                .environment(e -> e.variables(java.util.Map.of("FAIL_RATE", "0")))   // the invoke below must not flake
                .code(c -> c.zipFile(Zips.of("app.py", code))));
        String weekly = Workflows.create(server.sfn, "weekly-report", read(example.resolve("definition.json")));
        server.lambda.createFunction(b -> b.functionName("declines").runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py", "class CardDeclined(Exception):\n"
                        + "    pass\ndef handler(event, context):\n    raise CardDeclined('card ending 4242 was declined')\n"))));
        String charge = Workflows.create(server.sfn, "charge", ("{'StartAt': 'Prepare', 'States': {"
                + "'Prepare': {'Type': 'Pass', 'Next': 'Charge'}, 'Charge': {'Type': 'Task', 'Resource': '"
                + Workflows.FUNCTIONS + "declines', 'End': true}}}").replace('\'', '"'));
        String failed = server.sfn.startExecution(b -> b.stateMachineArn(charge).name("declined")).executionArn();
        Workflows.awaitEnd(server.sfn, failed);

        ObjectNode scenario = ConsoleScript.JSON.createObjectNode();
        scenario.putObject("weekly").put("name", "weekly-report").put("arn", weekly)
                .put("input", read(example.resolve("input.json"))).put("mapState", "BuildReports")
                .put("lastState", "Summarize");
        scenario.putObject("failed").put("arn", failed).put("state", "Charge");
        scenario.putObject("function").put("name", "weekly-report")
                .put("payload", "{\"userId\": \"u0001\", \"week\": \"2026-W49\"}");
        results = ConsoleScript.run("console-browser", server, scenario, 400);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    @Test
    void the_weekly_report_started_from_its_page_is_watched_live_until_it_succeeds() {
        assertThat(results.path("machines").toString()).contains("weekly-report", "charge");
        assertThat(results.path("invalidInputDisablesStart").asBoolean()).isTrue();
        assertThat(results.path("executionUrl").asText()).contains("/console/executions/arn%3Aaws%3Astates%3A",
                "weekly-report%3Awatched");
        assertThat(results.path("finalStatus").asText()).isEqualTo("SUCCEEDED");
        assertThat(results.path("mapStatuses").toString()).as("the Map was seen running").contains("status-running");
        assertThat(results.path("mapStateAtEnd").asText()).isEqualTo("status-succeeded");
        assertThat(results.path("sumStateAtEnd").asText()).isEqualTo("status-succeeded");
        assertThat(results.path("progress").size()).as("the Map's progress moved: %s", results.path("progress"))
                .isGreaterThan(1);
        assertThat(results.path("lastOutput").asText()).contains("\"week\"");
        assertThat(results.path("deepLinkStatus").asText()).isEqualTo("SUCCEEDED");
        assertThat(results.path("pageErrors")).as("errors in the page").isEmpty();
    }

    @Test
    void a_failed_execution_shows_its_failed_state_red_with_the_error_and_the_cause() {
        assertThat(results.path("failedState").asText()).isEqualTo("status-failed");
        assertThat(results.path("failedError").asText()).isEqualTo("CardDeclined");
        assertThat(results.path("failedCause").asText()).contains("card ending 4242 was declined");
        assertThat(results.path("failedStatePanel").asText()).contains("CardDeclined", "card ending 4242");
    }

    @Test
    void a_function_is_invoked_from_its_page_with_its_result_log_and_the_invocation_listed() {
        assertThat(results.path("invokeResponse").asText()).contains("\"userId\": \"u0001\"");
        assertThat(results.path("invokeLog").asText()).contains("REPORT RequestId:");
        assertThat(results.path("invocationRows").asInt()).isPositive();
    }
}
