package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The execution page of a big Map in Debian's chromium (console-load/run.mjs): an inline Map of 6,000 Pass iterations
 * (MaxConcurrency 40, 24,000 events, near the 25,000 a history may hold) and a distributed one (10,000 items in 100 batches, 100 child
 * executions). It records how long the page takes until its graph, its events and its iterations are usable and what
 * one status refresh costs (reading the history, redrawing), and checks that the page renders a page of rows, not
 * 40,000; it sets no bound on the times (docs/benchmarks.md#console).
 */
@Tag("slow")
class ConsoleLoadTest {
    static TestServer server;
    static JsonNode results;

    /** A 10,000-item inline Map makes 40,000 events, over the 25,000 a history may hold (on AWS too): 6,000 it is. */
    static final int INLINE_ITEMS = 6_000;
    static final int DISTRIBUTED_ITEMS = 10_000;

    @BeforeAll
    static void loadTheBigExecutions() throws Exception {
        ConsoleScript.prepare();
        server = TestServer.start();
        String inline = Workflows.create(server.sfn, "inline-10k", ("{'StartAt': 'Each', 'States': {'Each': {'Type': 'Map',"
                + " 'ItemsPath': '$.items', 'MaxConcurrency': 40, 'ItemProcessor': {'StartAt': 'Item', 'States': {"
                + "'Item': {'Type': 'Pass', 'End': true}}}, 'ResultPath': null, 'End': true}}}").replace('\'', '"'));
        String distributed = Workflows.create(server.sfn, "distributed-10k", ("{'StartAt': 'Fan', 'States': {'Fan': {"
                + "'Type': 'Map', 'ItemsPath': '$.items', 'MaxConcurrency': 10, 'ItemBatcher': {'MaxItemsPerBatch': 100},"
                + " 'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'},"
                + " 'StartAt': 'Batch', 'States': {'Batch': {'Type': 'Pass', 'End': true}}}, 'ResultPath': null,"
                + " 'End': true}}}").replace('\'', '"'));
        long t0 = System.nanoTime();
        String inlineRun = server.sfn.startExecution(b -> b.stateMachineArn(inline).name("big").input(items(INLINE_ITEMS)))
                .executionArn();
        assertThat(Workflows.awaitEnd(server.sfn, inlineRun).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        long t1 = System.nanoTime();
        String distributedRun = server.sfn.startExecution(b -> b.stateMachineArn(distributed).name("big")
                .input(items(DISTRIBUTED_ITEMS)))
                .executionArn();
        assertThat(Workflows.awaitEnd(server.sfn, distributedRun).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        System.out.printf("ran the inline Map in %.1f s, the distributed one in %.1f s%n", (t1 - t0) / 1e9,
                (System.nanoTime() - t1) / 1e9);

        results = ConsoleScript.run("console-load", server, ConsoleScript.JSON.createObjectNode()
                .put("inline", inlineRun).put("distributed", distributedRun), 600);
        System.out.println("console load figures: " + results.path("timings"));
    }

    static String items(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.joining(",", "{\"items\": [", "]}"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void the_inline_map_page_renders_a_page_of_its_24000_events_and_of_its_iterations_not_all_of_them() {
        JsonNode page = results.path("inline");
        assertThat(page.path("eventRows").asInt()).isEqualTo(200);
        assertThat(page.path("eventRange").asText()).as("all the events are there, a page at a time")
                .matches(" 1–200 of 24\\d{3} ");
        assertThat(page.path("iterationRows").asInt()).isEqualTo(50);
        assertThat(page.path("iterationFilter").asText()).contains("succeeded (6000)");
        assertThat(page.path("lastIteration").asText()).as("the last page of iterations").isEqualTo("5999");
        assertThat(page.path("badge").asText()).isEqualTo("6000/6000");
        assertThat(results.path("pageErrors")).as("errors in the page").isEmpty();
    }

    @Test
    void the_distributed_map_page_lists_its_child_executions_and_item_counts() {
        JsonNode page = results.path("distributed");
        assertThat(page.path("counts").asText()).contains("items: 10000 total, 10000 succeeded")
                .contains("child executions: 100");
        assertThat(page.path("children").asInt()).isEqualTo(50);
    }

    @Test
    void the_timings_are_recorded() {
        for (String which : List.of("inline", "distributed")) {
            JsonNode t = results.path("timings").path(which);
            assertThat(t.path("usableMs").asDouble()).as(which + " page usable").isPositive();
            assertThat(t.path("historyMs").asDouble()).as(which + " history read").isPositive();
            assertThat(t.path("redrawMs").asDouble()).as(which + " redraw").isPositive();
        }
    }
}
