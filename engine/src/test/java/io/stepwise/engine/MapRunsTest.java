package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.asl.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class MapRunsTest extends OnBothStores {
    static String map(String fields, String processor) {
        return "{'StartAt': 'M', 'States': {'M': {'Type': 'Map', " + fields + " 'ItemProcessor': {'ProcessorConfig': "
                + "{'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, 'StartAt': 'P', 'States': {'P': " + processor
                + "}}, 'End': true}}}";
    }

    static final String DOUBLE = "{'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:f', "
            + "'End': true}";
    static final String WAIT = "{'Type': 'Wait', 'Seconds': 10, 'End': true}";

    static String numbers(int n) {
        StringBuilder b = new StringBuilder("{\"items\": [");
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append("{\"n\": ").append(i).append('}');
        return b.append("]}").toString();
    }

    void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    ExecutionRow closed(String arn) {
        until(() -> engine.describe(arn).status().closed(), arn + " to close");
        return engine.describe(arn);
    }

    String mapRunArn(String executionArn) {
        until(() -> !engine.listMapRuns(executionArn, Optional.empty(), Optional.empty()).items().isEmpty(),
                "a Map Run");
        return engine.listMapRuns(executionArn, Optional.empty(), Optional.empty()).items().getFirst().arn();
    }

    List<String> types(String arn) {
        return engine.history(arn, Optional.of(1000), Optional.empty(), false).events().stream()
                .map(HistoryEvent::type).toList();
    }

    @Test
    void each_item_runs_as_a_child_execution_and_the_results_come_back_in_item_order() {
        String m = create("reports", map("'ItemsPath': '$.items', 'MaxConcurrency': 3,", DOUBLE));
        String arn = engine.start(m, Optional.of("weekly"), Optional.of(numbers(20))).executionArn();
        ExecutionRow done = closed(arn);
        assertThat(done.status()).as(done.error() + " " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<Integer> doubled = Json.read(done.output().orElseThrow()).findValues("n").stream()
                .map(n -> n.asInt()).toList();
        assertThat(doubled).hasSize(20).isSorted().startsWith(0, 2, 4).endsWith(38);
        assertThat(types(arn)).containsExactly("ExecutionStarted", "MapStateEntered", "MapStateStarted",
                "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        String run = mapRunArn(arn);
        assertThat(run).matches("arn:aws:states:us-east-1:123456789012:mapRun:reports/M:[0-9a-f-]{36}");
        var children = engine.listByMapRun(run, Optional.empty(), Optional.of(100), Optional.empty()).items();
        assertThat(children).hasSize(20).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(c.mapRunArn()).contains(run);
            assertThat(c.stateMachineArn()).isEqualTo(m + "/M");
            assertThat(c.arn()).startsWith("arn:aws:states:us-east-1:123456789012:execution:reports/M:");
        });
        var d = engine.describeMapRun(run);
        assertThat(d.row().status()).isEqualTo(MapRunStore.MapRunStatus.SUCCEEDED);
        assertThat(d.row().maxConcurrency()).isEqualTo(3);
        assertThat(d.items().succeeded()).isEqualTo(20);
        assertThat(d.items().total()).isEqualTo(20);
        assertThat(d.executions().succeeded()).isEqualTo(20);
        assertThat(lambda.count()).isEqualTo(20);
    }

    @Test
    void batches_of_items_run_one_child_each_and_items_are_counted_apart_from_children() {
        String m = create("batches", map("'ItemsPath': '$.items', 'ItemBatcher': {'MaxItemsPerBatch': 4, "
                + "'BatchInput': {'week': 7}},", "{'Type': 'Pass', 'End': true}"));
        String arn = engine.start(m, Optional.empty(), Optional.of(numbers(10))).executionArn();
        ExecutionRow done = closed(arn);
        var out = Json.read(done.output().orElseThrow());
        assertThat(out).hasSize(3);
        assertThat(out.get(0).path("BatchInput").path("week").asInt()).isEqualTo(7);
        assertThat(out.get(2).path("Items")).hasSize(2);
        var d = engine.describeMapRun(mapRunArn(arn));
        assertThat(d.items().succeeded()).isEqualTo(10);
        assertThat(d.executions().succeeded()).isEqualTo(3);
        assertThat(d.executions().total()).isEqualTo(3);
    }

    @Test
    void failures_within_the_tolerated_count_keep_the_run_going_and_one_more_fails_it() {
        lambda = new FakeLambda(c -> {
            if (c.payload().path("n").asInt() % 5 == 0) throw new FakeLambda.Fails("BadUser", "no such user");
            return c.payload();
        });
        engine.close();
        engine = newEngine("node-a");
        String tolerant = create("tolerant", map("'ItemsPath': '$.items', 'ToleratedFailureCount': 4,", DOUBLE));
        ExecutionRow ok = closed(engine.start(tolerant, Optional.empty(), Optional.of(numbers(20))).executionArn());
        assertThat(ok.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        var results = Json.read(ok.output().orElseThrow());
        assertThat(results.get(5).path("Status").asText()).isEqualTo("FAILED");
        assertThat(results.get(5).path("Error").asText()).isEqualTo("BadUser");
        assertThat(results.get(6).path("n").asInt()).isEqualTo(6);

        String strict = create("strict", map("'ItemsPath': '$.items', 'ToleratedFailureCount': 3,", DOUBLE));
        String arn = engine.start(strict, Optional.empty(), Optional.of(numbers(20))).executionArn();
        ExecutionRow failed = closed(arn);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).contains("States.ExceedToleratedFailureThreshold");
        assertThat(types(arn)).contains("MapRunFailed", "MapStateFailed");
        var d = engine.describeMapRun(mapRunArn(arn));
        assertThat(d.row().status()).isEqualTo(MapRunStore.MapRunStatus.FAILED);
        assertThat(d.items().failed()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void an_end_seen_before_a_redrive_does_not_land_on_the_child_the_redrive_made_pending_again() {
        lambda = new FakeLambda(c -> {
            if (c.payload().path("n").asInt() == 2) throw new FakeLambda.Fails("BadUser", "no such user");
            return c.payload();
        });
        engine.close();
        engine = newEngine("node-a");
        String m = create("stale", map("'ItemsPath': '$.items', 'MaxConcurrency': 1,", DOUBLE));
        String arn = engine.start(m, Optional.empty(), Optional.of(numbers(4))).executionArn();
        assertThat(closed(arn).status()).isEqualTo(ExecutionStatus.FAILED);
        MapRunStore store = new MapRunStore(db);
        MapRunStore.RunRow run = store.findByArn(mapRunArn(arn)).orElseThrow();
        MapRunStore.ChildRow failed = store.children(run.id()).get(2);
        assertThat(failed.status()).isEqualTo(MapRunStore.ChildStatus.FAILED);

        store.redrive(run.id(), 1, Harness.START.plusSeconds(60));
        store.ended(List.of(new MapRunStore.Ended(run.id(), 0, failed)));   // queued before the redrive, written after

        assertThat(store.children(run.id()).get(2).status()).as("the stale end is dropped")
                .isEqualTo(MapRunStore.ChildStatus.PENDING);
        store.ended(List.of(new MapRunStore.Ended(run.id(), 1, failed)));
        assertThat(store.children(run.id()).get(2).status()).as("an end of the redriven run lands")
                .isEqualTo(MapRunStore.ChildStatus.FAILED);
    }

    @Test
    void items_are_read_from_a_csv_in_a_bucket_and_the_results_written_back_as_aws_lays_them_out() {
        buckets.object("users", "weekly/users.csv", "id,name\n1,ann\n2,bob\n3,cy\n").bucket("results");
        String m = create("csv", map("'ItemReader': {'Resource': 'arn:aws:states:::s3:getObject', 'ReaderConfig': "
                + "{'InputType': 'CSV', 'CSVHeaderLocation': 'FIRST_ROW'}, 'Parameters': {'Bucket': 'users', "
                + "'Key.$': '$.key'}}, 'ResultWriter': {'Resource': 'arn:aws:states:::s3:putObject', 'Parameters': "
                + "{'Bucket': 'results', 'Prefix': 'out'}},", "{'Type': 'Pass', 'End': true}"));
        String arn = engine.start(m, Optional.empty(), Optional.of("{\"key\": \"weekly/users.csv\"}"))
                .executionArn();
        ExecutionRow done = closed(arn);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String run = mapRunArn(arn);
        String id = run.substring(run.lastIndexOf(':') + 1);
        var details = Json.read(done.output().orElseThrow()).path("ResultWriterDetails");
        assertThat(details.path("Bucket").asText()).isEqualTo("results");
        assertThat(details.path("Key").asText()).isEqualTo("out/" + id + "/manifest.json");
        var succeeded = Json.read(buckets.text("results", "out/" + id + "/SUCCEEDED_0.json"));
        assertThat(succeeded).hasSize(3);
        assertThat(Json.read(succeeded.get(1).path("Output").asText()).path("name").asText()).isEqualTo("bob");
        assertThat(engine.describeMapRun(run).items().resultsWritten()).isEqualTo(3);
    }

    @Test
    void a_missing_object_fails_the_map_state_with_item_reader_failed() {
        buckets.bucket("users");
        String m = create("missing", map("'ItemReader': {'Resource': 'arn:aws:states:::s3:getObject', 'Parameters': "
                + "{'Bucket': 'users', 'Key': 'nope.json'}},", "{'Type': 'Pass', 'End': true}"));
        String arn = engine.start(m, Optional.empty(), Optional.empty()).executionArn();
        ExecutionRow failed = closed(arn);
        assertThat(failed.error()).contains("States.ItemReaderFailed");
        assertThat(failed.cause().orElseThrow()).contains("NoSuchKey");
        assertThat(engine.describeMapRun(mapRunArn(arn)).row().status()).isEqualTo(MapRunStore.MapRunStatus.FAILED);
    }

    @Test
    void update_map_run_raises_the_concurrency_of_a_running_run() {
        String m = create("slow", map("'ItemsPath': '$.items', 'MaxConcurrency': 1,", WAIT));
        String arn = engine.start(m, Optional.empty(), Optional.of(numbers(6))).executionArn();
        String run = mapRunArn(arn);
        until(() -> engine.describeMapRun(run).executions().running() == 1, "one child running");
        assertThat(engine.describeMapRun(run).executions().pending()).isEqualTo(5);
        engine.updateMapRun(run, Optional.of(4L), Optional.empty(), Optional.empty());
        until(() -> engine.describeMapRun(run).executions().running() == 4, "four children running");
        assertThat(engine.describeMapRun(run).row().maxConcurrency()).isEqualTo(4);
        runToEnd(arn);
        assertThat(closed(arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.describeMapRun(run).executions().succeeded()).isEqualTo(6);
    }

    @Test
    void a_restarted_node_takes_the_run_up_again_and_every_item_is_counted_once() {
        String m = create("crash", map("'ItemsPath': '$.items', 'MaxConcurrency': 4,", WAIT));
        String arn = engine.start(m, Optional.empty(), Optional.of(numbers(10))).executionArn();
        String run = mapRunArn(arn);
        until(() -> engine.describeMapRun(run).executions().running() == 4, "four children running");
        while (engine.describeMapRun(run).executions().succeeded() < 4) {
            time.advance(Duration.ofSeconds(10));
            Thread.yield();
        }
        engine.close();
        engine = newEngine("node-a");
        engine.executions().resumeAll();
        runToEnd(arn);
        ExecutionRow done = closed(arn);
        assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.read(done.output().orElseThrow()).findValues("n").stream().map(n -> n.asInt()).toList())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        var children = engine.listByMapRun(run, Optional.empty(), Optional.of(100), Optional.empty()).items();
        assertThat(children).hasSize(10).extracting(ExecutionRow::status).containsOnly(ExecutionStatus.SUCCEEDED);
        assertThat(engine.describeMapRun(run).executions().succeeded()).isEqualTo(10);
    }
}
