package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The execution page's Map iterations, Map Run, data flow of a Map and a Parallel, and cost, in Debian's chromium
 * (console-execution/run.mjs, playwright-core) against a real server: an inline Map's iterations listed and one
 * picked (by a click and by its ?iteration= link) colours the Map's inner states by that iteration alone; a Map in a
 * Map's events are placed in their own iterations, and its iterations are listed and coloured per outer iteration (and
 * linked by their path); a
 * distributed Map's child executions are listed a page at a time; the Map's and the Parallel's chains start from their
 * branches' results; the cost panel's figures are the ones this test computes from the history, the invocation
 * records and prices.json. It takes docs/console-iterations.png.
 */
@Tag("slow")
class ConsoleExecutionTest {
    static TestServer server;
    static JsonNode results;
    static String execution;
    static DescribeExecutionResponse ended;

    /** Item 3 takes the Choice's other way (Skip), so one iteration's colours differ from the execution's. */
    static final String DEFINITION = ("{'StartAt': 'Price', 'States': {"
            + "'Price': {'Type': 'Task', 'Resource': '" + Workflows.FUNCTIONS + "quote', 'ResultPath': '$.quote',"
            + " 'Next': 'Each'},"
            + "'Each': {'Type': 'Map', 'ItemsPath': '$.items', 'ItemSelector': {'n.$': '$$.Map.Item.Value'},"
            + " 'ItemProcessor': {'StartAt': 'Check', 'States': {"
            + "  'Check': {'Type': 'Choice', 'Choices': [{'Variable': '$.n', 'NumericEquals': 3, 'Next': 'Skip'}],"
            + "   'Default': 'Double'},"
            + "  'Skip': {'Type': 'Pass', 'Result': {'skipped': true}, 'End': true},"
            + "  'Double': {'Type': 'Pass', 'Parameters': {'n.$': '$.n', 'double.$': 'States.MathAdd($.n, $.n)'},"
            + "   'End': true}}},"
            + " 'ResultSelector': {'count.$': 'States.ArrayLength($)', 'first.$': '$[0]'}, 'ResultPath': '$.mapped',"
            + " 'OutputPath': '$.mapped', 'Next': 'Both'},"
            + "'Both': {'Type': 'Parallel', 'Branches': ["
            + "  {'StartAt': 'Left', 'States': {'Left': {'Type': 'Pass', 'Result': 1, 'End': true}}},"
            + "  {'StartAt': 'Right', 'States': {'Right': {'Type': 'Pass', 'Result': 2, 'End': true}}}],"
            + " 'ResultSelector': {'sum.$': 'States.MathAdd($[0], $[1])'}, 'ResultPath': '$.both', 'End': true}}}")
            .replace('\'', '"');

    @BeforeAll
    static void useTheConsole() throws Exception {
        ConsoleScript.prepare();
        server = TestServer.start();
        server.lambda.createFunction(b -> b.functionName("quote").runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").memorySize(256).code(c -> c.zipFile(Zips.of("app.py", """
                        def handler(event, context):
                            return {'price': 42}
                        """))));
        String machine = Workflows.create(server.sfn, "orders", DEFINITION);
        execution = server.sfn.startExecution(b -> b.stateMachineArn(machine).name("ordered")
                .input("{\"items\": [0, 1, 2, 3, 4, 5]}")).executionArn();
        ended = Workflows.awaitEnd(server.sfn, execution);
        assertThat(ended.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        // a distributed Map of 120 items: 120 child executions, listed 50 a page
        String fanOut = Workflows.create(server.sfn, "fan-out", ("{'StartAt': 'Fan', 'States': {'Fan': {'Type': 'Map',"
                + " 'ItemsPath': '$.items', 'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED',"
                + " 'ExecutionType': 'STANDARD'}, 'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}},"
                + " 'End': true}}}").replace('\'', '"'));
        String items = IntStream.range(0, 120).mapToObj(Integer::toString)
                .collect(Collectors.joining(",", "{\"items\": [", "]}"));
        String distributed = server.sfn.startExecution(b -> b.stateMachineArn(fanOut).name("fanned").input(items))
                .executionArn();
        assertThat(Workflows.awaitEnd(server.sfn, distributed).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        // a Map in a Map, all iterations at once: their events interleave
        String nested = succeeded("nested", ("{'StartAt': 'Outer', 'States': {'Outer': {"
                + "'Type': 'Map', 'ItemProcessor': {'StartAt': 'Inner', 'States': {'Inner': {'Type': 'Map',"
                + " 'ItemProcessor': {'StartAt': 'Leaf', 'States': {'Leaf': {'Type': 'Pass', 'End': true}}},"
                + " 'End': true}}}, 'Next': 'After'}, 'After': {'Type': 'Pass', 'End': true}}}").replace('\'', '"'), "[[1, 2, 3], [4, 5, 6]]");

        // a Map of 3 whose iterations each run a Map of 2, one at a time; item "bad" fails and the inner Map's Catch
        // takes it: inner iteration 1 of outer iteration 1 failed, every other succeeded
        String caught = succeeded("caught", ("{'StartAt': 'Outer', 'States': {'Outer': {"
                + "'Type': 'Map', 'ItemProcessor': {'StartAt': 'Inner', 'States': {'Inner': {'Type': 'Map',"
                + " 'MaxConcurrency': 1, 'ItemProcessor': {'StartAt': 'Check', 'States': {"
                + "  'Check': {'Type': 'Choice', 'Choices': [{'Variable': '$', 'StringEquals': 'bad', 'Next': 'Boom'}],"
                + "   'Default': 'Fine'},"
                + "  'Boom': {'Type': 'Fail', 'Error': 'Bad', 'Cause': 'a bad item'},"
                + "  'Fine': {'Type': 'Pass', 'End': true}}},"
                + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Caught'}], 'End': true},"
                + " 'Caught': {'Type': 'Pass', 'End': true}}}, 'End': true}}}").replace('\'', '"'),
                "[[\"a\", \"b\"], [\"c\", \"bad\"], [\"d\", \"e\"]]");

        results = ConsoleScript.run("console-execution", server, ConsoleScript.JSON.createObjectNode()
                .put("execution", execution).put("distributed", distributed).put("nested", nested)
                .put("caught", caught), 300);
    }

    /** The ARN of an execution of a new state machine `name` on `input`, once it has succeeded. */
    static String succeeded(String name, String definition, String input) {
        String machine = Workflows.create(server.sfn, name, definition);
        String arn = server.sfn.startExecution(b -> b.stateMachineArn(machine).name(name).input(input)).executionArn();
        assertThat(Workflows.awaitEnd(server.sfn, arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return arn;
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void the_map_lists_its_iterations_and_a_picked_one_colours_the_graph_by_its_own_states() {
        assertThat(results.path("iterations").toString()).isEqualTo("[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\"]");
        assertThat(results.path("statusFilter").toString()).contains("succeeded (6)");
        assertThat(results.path("wholeExecution").toString()).as("the execution as a whole took both ways")
                .isEqualTo("{\"Check\":\"succeeded\",\"Skip\":\"succeeded\",\"Double\":\"succeeded\"}");
        assertThat(results.path("clicked").path("url").asText()).endsWith("?iteration=4&map=Each");
        assertThat(results.path("clicked").path("graph").toString())
                .isEqualTo("{\"Check\":\"succeeded\",\"Skip\":\"not-started\",\"Double\":\"succeeded\"}");
        assertThat(results.path("clicked").path("input").asText()).isEqualTo("{\"n\":4}");
        assertThat(results.path("clicked").path("output").asText()).isEqualTo("{\"n\":4,\"double\":8}");
        assertThat(results.path("linked").path("graph").toString()).as("?iteration=3: the Skip way only")
                .isEqualTo("{\"Check\":\"succeeded\",\"Skip\":\"succeeded\",\"Double\":\"not-started\"}");
        assertThat(results.path("linked").path("input").asText()).isEqualTo("{\"n\":3}");
        assertThat(results.path("linked").path("iteration").asText()).isEqualTo("Each iteration 3");
        assertThat(results.path("pageErrors")).as("errors in the page").isEmpty();
    }

    @Test
    void a_nested_maps_events_are_placed_in_their_own_iterations() {
        JsonNode nested = results.path("nested");
        assertThat(nested.path("outer").asInt()).isEqualTo(2);
        assertThat(nested.path("inner").asInt()).as("3 inner iterations in each outer one").isEqualTo(6);
        assertThat(nested.path("innerParents").toString()).as("the outer iteration of each inner one")
                .isEqualTo("[0,0,0,1,1,1]");
        assertThat(nested.path("leafInputs").toString()).as("the Leaf inputs inside each outer iteration")
                .isEqualTo("[[\"1\",\"2\",\"3\"],[\"4\",\"5\",\"6\"]]");
        assertThat(nested.path("afterScope").asInt()).as("the state after the Map is in no iteration").isZero();
        assertThat(nested.path("iterationRows").toString()).as("the picker lists the outer Map's iterations")
                .isEqualTo("[\"0\",\"1\"]");
    }

    @Test
    void a_nested_maps_iterations_are_listed_and_coloured_per_outer_iteration_and_linked_by_their_path() {
        JsonNode caught = results.path("caught");
        assertThat(caught.path("outerRows").toString()).as("the outer Map's iterations")
                .isEqualTo("[\"0:SUCCEEDED\",\"1:SUCCEEDED\",\"2:SUCCEEDED\"]");
        assertThat(caught.path("innerProgress").asText()).as("the inner Map's items over its 3 entries")
                .isEqualTo("Inner 6/6 items, 1 failed");
        assertThat(caught.path("unpicked").path("rows")).as("no outer iteration picked: no inner list").isEmpty();
        assertThat(caught.path("unpicked").path("hint").asText()).contains("pick an iteration of Outer first");

        JsonNode outer1 = caught.path("outer1");
        assertThat(outer1.path("url").asText()).endsWith("?iteration=1&map=Outer");
        assertThat(outer1.path("rows").toString()).as("outer iteration 1's own inner iterations")
                .isEqualTo("[\"0:SUCCEEDED\",\"1:FAILED\"]");
        assertThat(outer1.path("scope").asText()).isEqualTo("in Outer iteration 1");
        assertThat(outer1.path("graph").toString()).as("outer iteration 1 took the Catch")
                .isEqualTo("{\"Inner\":\"caught\",\"Caught\":\"succeeded\",\"Check\":\"succeeded\","
                        + "\"Boom\":\"cancelled\",\"Fine\":\"succeeded\"}");

        JsonNode inner1 = caught.path("inner1");
        assertThat(inner1.path("url").asText()).endsWith("?iteration=1&map=Outer&iteration=1&map=Inner");
        assertThat(inner1.path("graph").toString()).as("inner iteration 1 of outer 1: the Boom way only")
                .isEqualTo("{\"Inner\":\"caught\",\"Caught\":\"succeeded\",\"Check\":\"succeeded\","
                        + "\"Boom\":\"failed\",\"Fine\":\"not-started\"}");
        assertThat(inner1.path("iteration").asText()).isEqualTo("Outer iteration 1 / Inner iteration 1");
        assertThat(inner1.path("input").asText()).isEqualTo("\"bad\"");
        assertThat(caught.path("inner0").path("graph").toString()).as("inner iteration 0 of outer 1: the Fine way")
                .isEqualTo("{\"Inner\":\"caught\",\"Caught\":\"succeeded\",\"Check\":\"succeeded\","
                        + "\"Boom\":\"not-started\",\"Fine\":\"succeeded\"}");
        assertThat(caught.path("inner0").path("input").asText()).isEqualTo("\"c\"");

        JsonNode outer0 = caught.path("outer0");
        assertThat(outer0.path("rows").toString()).as("outer iteration 0 lists its own 2 inner iterations")
                .isEqualTo("[\"0:SUCCEEDED\",\"1:SUCCEEDED\"]");
        assertThat(outer0.path("graph").toString()).as("outer iteration 0: no failure, no Catch")
                .isEqualTo("{\"Inner\":\"succeeded\",\"Caught\":\"not-started\",\"Check\":\"succeeded\","
                        + "\"Boom\":\"not-started\",\"Fine\":\"succeeded\"}");

        JsonNode linked = caught.path("linked");
        assertThat(linked.path("graph")).as("the link opens the same view").isEqualTo(inner1.path("graph"));
        assertThat(linked.path("rows").toString()).isEqualTo("[\"0:SUCCEEDED\",\"1:FAILED\"]");
        assertThat(linked.path("scope").asText()).isEqualTo("in Outer iteration 1");
        assertThat(linked.path("iteration").asText()).isEqualTo("Outer iteration 1 / Inner iteration 1");
        assertThat(linked.path("input").asText()).isEqualTo("\"bad\"");
        assertThat(results.path("pageErrors")).as("errors in the page").isEmpty();
    }

    @Test
    void the_map_and_the_parallel_show_their_chains_from_their_branches_results() {
        assertThat(results.path("mapChain").path("result").asText()).isEqualTo("[{\"n\":0,\"double\":0},"
                + "{\"n\":1,\"double\":2},{\"n\":2,\"double\":4},{\"skipped\":true},{\"n\":4,\"double\":8},"
                + "{\"n\":5,\"double\":10}]");
        assertThat(results.path("mapChain").path("afterResultSelector").asText())
                .isEqualTo("{\"count\":6,\"first\":{\"n\":0,\"double\":0}}");
        assertThat(results.path("mapChain").path("afterOutputPath").asText())
                .isEqualTo("{\"count\":6,\"first\":{\"n\":0,\"double\":0}}");
        assertThat(results.path("parallelChain").path("result").asText()).isEqualTo("[1,2]");
        assertThat(results.path("parallelChain").path("afterResultSelector").asText()).isEqualTo("{\"sum\":3}");
        assertThat(results.path("chainsDiffer").asBoolean()).as("the chains end in the execution's outputs").isFalse();
    }

    @Test
    void a_distributed_map_lists_its_child_executions_a_page_at_a_time() {
        assertThat(results.path("mapRunCounts").asText()).contains("items: 120 total, 120 succeeded");
        assertThat(results.path("childrenFirstPage").asInt()).isEqualTo(50);
        assertThat(results.path("childrenThirdPage").asInt()).isEqualTo(20);
        assertThat(results.path("childrenFailed").asInt()).as("none failed").isZero();
        assertThat(results.path("childUrl").asText()).contains("/console/executions/");
        assertThat(results.path("childMachine").asText()).as("a child's page opens").isNotEmpty();
    }

    @Test
    void the_cost_panel_prices_the_transitions_and_the_lambda_calls_as_the_cli_does() throws Exception {
        List<HistoryEvent> history = Workflows.history(server.sfn, execution);
        long entered = history.stream().filter(e -> e.typeAsString().endsWith("StateEntered")).count();
        long tasks = history.stream().filter(e -> e.typeAsString().equals("TaskStateEntered")).count();
        long scheduled = history.stream().filter(e -> e.typeAsString().equals("LambdaFunctionScheduled")).count();
        long transitions = entered + Math.max(0, scheduled - tasks);
        // Price, Each, 6 × (Check + Skip or Double), Both, Left, Right
        assertThat(transitions).isEqualTo(17);

        HttpResponse<String> records = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.endpoint() + "/stepwise/v1/functions/quote/invocations?limit=10000")).build(),
                HttpResponse.BodyHandlers.ofString());
        long requests = 0;
        double gbSeconds = 0;
        for (JsonNode r : Workflows.json(records.body()).path("Invocations")) {
            Instant t = Instant.parse(r.path("StartTime").asText());
            if (t.isBefore(ended.startDate()) || t.isAfter(ended.stopDate())) continue;
            requests++;
            gbSeconds += r.path("GbSeconds").asDouble();
        }
        assertThat(requests).isEqualTo(1);

        JsonNode prices;
        try (InputStream in = ConsoleExecutionTest.class.getResourceAsStream("/prices.json")) {
            prices = new ObjectMapper().readTree(in);
        }
        double total = transitions * prices.at("/stepFunctions/standardPerThousandTransitions").asDouble() / 1000
                + requests * prices.at("/lambda/perMillionRequests").asDouble() / 1e6
                + gbSeconds * prices.at("/lambda/perGbSecond/x86_64").asDouble();
        JsonNode cost = results.path("cost");
        assertThat(cost.path("transitions").asLong()).isEqualTo(transitions);
        assertThat(cost.path("requests").asLong()).isEqualTo(requests);
        assertThat(cost.path("gbSeconds").asDouble()).isCloseTo(gbSeconds, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(cost.path("total").asDouble()).isCloseTo(total, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cost.path("text").asText()).contains("us-east-1 list prices of " + prices.path("asOf").asText());
        assertThat(Workflows.json(results.path("pricesRoute").asText())).as("GET /stepwise/v1/prices is prices.json")
                .isEqualTo(prices);
    }
}
