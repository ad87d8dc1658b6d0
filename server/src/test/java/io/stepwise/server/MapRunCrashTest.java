package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.store.Dialect;
import io.stepwise.store.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

/**
 * Issue 10's crash test, on each store: a distributed Map of 2,000 standard child executions over a real Python
 * function, the server killed with SIGKILL while some children have ended, some run and most wait to start, and
 * started again on the same data folder and database. The Map Run must then complete with every item counted once,
 * no child execution started twice, and the function run again only for what was in flight at the kill (Lambda tasks
 * run at least once, as on AWS). The function logs a line per invocation: the log, kept in the data folder, counts them
 * across the restart.
 */
@Tag("slow")
class MapRunCrashTest {
    static final int ITEMS = 2_000;
    static final int MAX_CONCURRENCY = 20;
    static final String FUNCTION = """
            import time

            def handler(event, context):
                print("crash-item %d" % event, flush=True)
                time.sleep(0.05)                     # keep invocations in flight when the server dies
                return event * 2
            """;
    static final String DEFINITION = ("{'StartAt': 'Fan', 'States': {'Fan': {'Type': 'Map', 'ItemsPath': '$.items', "
            + "'MaxConcurrency': " + MAX_CONCURRENCY + ", 'Label': 'fan', 'End': true, 'ItemProcessor': {"
            + "'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, 'StartAt': 'Work', 'States': {"
            + "'Work': {'Type': 'Task', 'Resource': '" + Workflows.FUNCTIONS + "crash-map', 'End': true}}}}}}")
            .replace('\'', '"');
    static final Pattern LOGGED = Pattern.compile("crash-item (\\d+)");

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Dialect.class)
    void a_map_run_completes_with_every_item_counted_once_after_the_server_is_killed_mid_run(Dialect dialect)
            throws Exception {
        try (TestDatabase store = TestDatabase.create(dialect)) {
            Path data = store.dataDir();
            String parent;
            String run;
            MapRunItemCounts atKill;
            List<String> runningAtKill;
            Process child = ChildServer.launch(data, store.config());
            try {
                String endpoint = "http://127.0.0.1:" + ChildServer.port(child);
                try (var lambda = TestServer.client(endpoint); SfnClient sfn = TestServer.sfn(endpoint, false)) {
                    lambda.createFunction(b -> b.functionName("crash-map").runtime(Runtime.PYTHON3_12)
                            .role(LambdaApiTest.ROLE).handler("app.handler").timeout(30).memorySize(256)
                            .code(c -> c.zipFile(Zips.of("app.py", FUNCTION))));
                    String machine = Workflows.create(sfn, "map-crash", DEFINITION);
                    String items = IntStream.range(0, ITEMS).mapToObj(Integer::toString)
                            .collect(Collectors.joining(",", "{\"items\": [", "]}"));
                    parent = sfn.startExecution(b -> b.stateMachineArn(machine).name("parent").input(items))
                            .executionArn();
                    run = Eventually.until(() -> sfn.listMapRuns(b -> b.executionArn(parent)).mapRuns(),
                            runs -> !runs.isEmpty(), "the Map Run to start").getFirst().mapRunArn();
                    // mid-run: some children ended, some running, most still to start
                    atKill = Eventually.until(() -> sfn.describeMapRun(b -> b.mapRunArn(run)).itemCounts(),
                            c -> c.succeeded() >= 200, "200 children to succeed", Duration.ofMinutes(2));
                    runningAtKill = children(sfn, run).stream().filter(e -> e.status() == ExecutionStatus.RUNNING)
                            .map(ExecutionListItem::executionArn).toList();
                }
            } finally {
                child.destroyForcibly();   // SIGKILL: no shutdown hook, nothing flushed
                child.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(atKill.running()).as("children running at the kill: %s", atKill).isPositive();
            assertThat(atKill.pending()).as("children waiting to start at the kill: %s", atKill).isPositive();

            Instant restart = Instant.now();
            var config = TestServer.config(data, false).withDatabase(store.config());
            try (TestServer after = TestServer.start(config)) {
                DescribeExecutionResponse done = Eventually.until(
                        () -> after.sfn.describeExecution(b -> b.executionArn(parent)),
                        d -> d.status() != ExecutionStatus.RUNNING, "the parent to end", Duration.ofMinutes(3));
                assertThat(done.status()).as("%s %s", done.error(), done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(Workflows.json(done.output())).as("each item's result once, in item order")
                        .isEqualTo(Workflows.json(IntStream.range(0, ITEMS).mapToObj(i -> Integer.toString(2 * i))
                                .collect(Collectors.joining(",", "[", "]"))));

                var d = after.sfn.describeMapRun(b -> b.mapRunArn(run));
                assertThat(d.status()).isEqualTo(MapRunStatus.SUCCEEDED);
                assertThat(d.itemCounts().total()).isEqualTo(ITEMS);
                assertThat(d.itemCounts().succeeded()).isEqualTo(ITEMS);
                assertThat(d.executionCounts().total()).isEqualTo(ITEMS);
                assertThat(d.executionCounts().succeeded()).isEqualTo(ITEMS);

                List<ExecutionListItem> children = children(after.sfn, run);
                assertThat(children).as("child executions of the Map Run").hasSize(ITEMS)
                        .allSatisfy(c -> assertThat(c.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
                assertThat(children.stream().map(ExecutionListItem::name).distinct().count())
                        .as("distinct child names").isEqualTo(ITEMS);
                assertThat(children).as("children started after the restart")
                        .anySatisfy(c -> assertThat(c.startDate()).isAfter(restart));

                // the children that were running at the kill were taken up, not started again
                for (String arn : runningAtKill) {
                    List<HistoryEvent> h = Workflows.history(after.sfn, arn);
                    assertThat(count(h, HistoryEventType.EXECUTION_STARTED)).as(arn).isEqualTo(1);
                    assertThat(count(h, HistoryEventType.TASK_STATE_ENTERED)).as(arn).isEqualTo(1);
                    assertThat(count(h, HistoryEventType.EXECUTION_SUCCEEDED)).as(arn).isEqualTo(1);
                    assertThat(h).extracting(HistoryEvent::id).as(arn)
                            .isEqualTo(IntStream.rangeClosed(1, h.size()).mapToObj(i -> (long) i).toList());
                }

                Map<Integer, Integer> invocations = invocations(after.endpoint());
                assertThat(invocations.keySet()).as("items the function ran for")
                        .isEqualTo(IntStream.range(0, ITEMS).boxed().collect(Collectors.toSet()));
                int reruns = invocations.values().stream().mapToInt(n -> n - 1).sum();
                assertThat(reruns).as("invocations run again (at most those in flight at the kill)")
                        .isLessThanOrEqualTo(MAX_CONCURRENCY);
            }
        }
    }

    /** Every child execution of the Map Run, through the SDK's paginator. */
    static List<ExecutionListItem> children(SfnClient sfn, String run) {
        return sfn.listExecutionsPaginator(b -> b.mapRunArn(run).maxResults(1000)).executions().stream().toList();
    }

    static long count(List<HistoryEvent> history, HistoryEventType type) {
        return history.stream().filter(e -> e.type() == type).count();
    }

    /** How many times the function ran for each item, from its log (kept in the data folder across the restart). */
    static Map<Integer, Integer> invocations(String endpoint) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint
                + "/stepwise/v1/functions/crash-map/logs?limit=100000")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<Integer, Integer> n = new HashMap<>();
        Matcher m = LOGGED.matcher(r.body());
        while (m.find()) n.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        return n;
    }
}
