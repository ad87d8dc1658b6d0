package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The console's details in Debian's chromium (console-details/run.mjs, playwright-core) against a real server: an
 * execution's timeline (a bar per state, the Task's retry as a failed then a succeeded attempt), the data-flow chain of
 * the Task told by TestState with the recorded result (the exact JSON after each step), and a state machine's versions
 * and aliases, a version's link opening that version's definition. It takes docs/console-timeline.png.
 */
@Tag("slow")
class ConsoleDetailsTest {
    static TestServer server;
    static JsonNode results;
    static String v1;
    static String v2;

    /** Parameters pass $$.State.RetryCount, so the function fails on the first attempt and succeeds on the retry. */
    static final String DEFINITION = ("{'StartAt': 'Prepare', 'States': {"
            + "'Prepare': {'Type': 'Pass', 'Next': 'Price'},"
            + "'Price': {'Type': 'Task', 'Resource': '" + Workflows.FUNCTIONS + "pricer', 'InputPath': '$.order',"
            + " 'Parameters': {'items.$': '$.items', 'attempt.$': '$$.State.RetryCount'},"
            + " 'ResultSelector': {'total.$': '$.total'}, 'ResultPath': '$.priced', 'OutputPath': '$.priced',"
            + " 'Retry': [{'ErrorEquals': ['Flaky'], 'IntervalSeconds': 1, 'MaxAttempts': 2, 'BackoffRate': 1}],"
            + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Oops'}], 'Next': 'Done'},"
            + "'Oops': {'Type': 'Fail', 'Error': 'PricingFailed'},"
            + "'Done': {'Type': 'Succeed'}}}").replace('\'', '"');

    @BeforeAll
    static void useTheConsole() throws Exception {
        ConsoleScript.prepare();
        server = TestServer.start();
        server.lambda.createFunction(b -> b.functionName("pricer").runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py", """
                        class Flaky(Exception):
                            pass
                        def handler(event, context):
                            if event['attempt'] == 0:
                                raise Flaky('the first call fails')
                            return {'total': sum(event['items']), 'attempt': event['attempt'], 'note': 'dropped'}
                        """))));
        String machine = Workflows.create(server.sfn, "pricing", DEFINITION);
        String execution = server.sfn.startExecution(b -> b.stateMachineArn(machine).name("priced")
                .input("{\"order\": {\"id\": \"o-1\", \"items\": [2, 3]}, \"user\": \"ann\"}")).executionArn();
        assertThat(Workflows.awaitEnd(server.sfn, execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        // version 1 is the machine as it ran; version 2 adds an Audit state; the alias routes between them
        v1 = server.sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine).description("as it ran"))
                .stateMachineVersionArn();
        v2 = server.sfn.updateStateMachine(b -> b.stateMachineArn(machine).publish(true).versionDescription("audited")
                .definition(DEFINITION.replace("\"Next\": \"Done\"", "\"Next\": \"Audit\"").replace("\"Done\": {",
                        "\"Audit\": {\"Type\": \"Pass\", \"Next\": \"Done\"}, \"Done\": {"))).stateMachineVersionArn();
        server.sfn.createStateMachineAlias(b -> b.name("live").description("production").routingConfiguration(
                r -> r.stateMachineVersionArn(v2).weight(80), r -> r.stateMachineVersionArn(v1).weight(20)));

        // a Map of 60 iterations: its iterations' state gets a density strip, not 60 bars
        String fanOut = Workflows.create(server.sfn, "fan-out", ("{'StartAt': 'Each', 'States': {'Each': {'Type': 'Map',"
                + " 'ItemsPath': '$.items', 'ItemProcessor': {'StartAt': 'Item', 'States': {'Item': {'Type': 'Pass',"
                + " 'End': true}}}, 'End': true}}}").replace('\'', '"'));
        String items = java.util.stream.IntStream.range(0, 60).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",", "{\"items\": [", "]}"));
        String fanned = server.sfn.startExecution(b -> b.stateMachineArn(fanOut).name("fanned").input(items))
                .executionArn();
        assertThat(Workflows.awaitEnd(server.sfn, fanned).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        var scenario = ConsoleScript.JSON.createObjectNode().put("execution", execution).put("machine", machine)
                .put("task", "Price").put("v1", v1).put("v2", v2)
                .put("map", fanned);
        scenario.putArray("states").add("Prepare").add("Price").add("Done");
        results = ConsoleScript.run("console-details", server, scenario, 300);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void the_timeline_has_a_bar_per_state_and_shows_the_retry() {
        assertThat(results.path("bars").toString()).as("state → outcome of each bar")
                .isEqualTo("{\"Prepare\":[\"succeeded\"],\"Price\":[\"succeeded\"],\"Done\":[\"succeeded\"]}");
        assertThat(results.path("attempts").toString()).as("the Task's attempts, in order")
                .isEqualTo("[\"tl-attempt tl-attempt-failed\",\"tl-attempt tl-attempt-ok\"]");
        assertThat(results.path("retryMarks").asInt()).isEqualTo(1);
        assertThat(results.path("taskStatus").asText()).as("a retry that succeeded is a success, not a catch")
                .isEqualTo("status-succeeded");
        assertThat(results.path("ticks").asInt()).isGreaterThan(1);
        assertThat(results.path("selectedFromTimeline").asText()).startsWith("Price");
    }

    @Test
    void a_map_with_many_iterations_gets_a_density_strip_and_its_chain() {
        assertThat(results.path("mapRows").toString()).isEqualTo("[\"Each\",\"Item ×60\"]");
        assertThat(results.path("mapDensity").asBoolean()).as("Item's 60 entries as one strip").isTrue();
        assertThat(results.path("mapBars").asInt()).as("only the Map's own bar").isEqualTo(1);
        assertThat(results.path("mapChain").path("afterItemsPath").asText()).startsWith("[0,1,2,");
        assertThat(results.path("mapChain").path("afterOutputPath").asText()).startsWith("[0,1,2,").endsWith(",59]");
    }

    @Test
    void the_task_shows_its_data_flow_step_by_step() {
        JsonNode chain = results.path("chain");
        assertThat(chain.path("input").asText()).isEqualTo("{\"order\":{\"id\":\"o-1\",\"items\":[2,3]},\"user\":\"ann\"}");
        assertThat(chain.path("afterInputPath").asText()).isEqualTo("{\"id\":\"o-1\",\"items\":[2,3]}");
        assertThat(chain.path("afterParameters").asText()).as("the last attempt's, RetryCount 1")
                .isEqualTo("{\"items\":[2,3],\"attempt\":1}");
        assertThat(chain.path("result").asText()).isEqualTo("{\"total\":5,\"attempt\":1,\"note\":\"dropped\"}");
        assertThat(chain.path("afterResultSelector").asText()).isEqualTo("{\"total\":5}");
        assertThat(chain.path("afterResultPath").asText()).as("ResultPath writes into the state's own input")
                .isEqualTo("{\"order\":{\"id\":\"o-1\",\"items\":[2,3]},\"user\":\"ann\",\"priced\":{\"total\":5}}");
        assertThat(chain.path("afterOutputPath").asText()).isEqualTo("{\"total\":5}");
        assertThat(results.path("chainDiffers").asBoolean()).as("the chain's output is the execution's").isFalse();
        assertThat(results.path("failReason").asText()).as("a Fail state has no chain, and says why")
                .contains("Task, Pass, Parallel and Map");
        assertThat(results.path("pageErrors")).as("errors in the page").isEmpty();
    }

    @Test
    void the_machine_page_lists_versions_and_aliases_and_a_version_opens_its_own_page() {
        assertThat(results.path("versions").toString()).contains(v1, v2);
        assertThat(results.path("alias").asText()).contains("live", "version 2 80%", "version 1 20%", "production");
        assertThat(results.path("versionUrl").asText()).endsWith("/console/state-machines/"
                + java.net.URLEncoder.encode(v1, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        assertThat(results.path("versionBadge").asText()).isEqualTo("version 1");
        assertThat(results.path("versionStates").toString()).doesNotContain("Audit").contains("Price");
        assertThat(results.path("latestStates").toString()).contains("Audit");
    }
}
