package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.asl.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RedriveExecution on the durable engine: the failed part runs again, durably, and only that part. */
class RedriveTest extends OnBothStores {
    static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:";

    /** While set, the function "check" fails, and so does "work" for item 7. */
    final AtomicBoolean broken = new AtomicBoolean(true);

    @BeforeEach
    void functions() {
        engine.close();
        lambda = new FakeLambda(c -> {
            boolean check = c.functionName().endsWith("check");
            if (broken.get() && (check || c.payload().path("n").asInt(-1) == 7)) {
                throw new FakeLambda.Fails("Broken", "not yet");
            }
            return c.payload();
        });
        engine = newEngine("node-a");
    }

    void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.yield();
        }
    }

    ExecutionRow closed(String arn) {
        until(() -> engine.describe(arn).status().closed(), arn + " to close");
        return engine.describe(arn);
    }

    List<String> types(String arn) {
        return engine.history(arn, Optional.of(1000), Optional.empty(), false).events().stream()
                .map(HistoryEvent::type).toList();
    }

    long calls(String function) {
        return lambda.calls().stream().filter(c -> c.functionName().endsWith(function)).count();
    }

    static final String TWO_TASKS = "{'StartAt': 'Load', 'States': {"
            + "'Load': {'Type': 'Task', 'Resource': '" + FN + "load', 'Next': 'Check'},"
            + "'Check': {'Type': 'Task', 'Resource': '" + FN + "check', 'Next': 'Pause'},"
            + "'Pause': {'Type': 'Wait', 'Seconds': 10, 'End': true}}}";

    @Test
    void a_failed_execution_runs_again_from_the_state_that_failed_and_succeeds() {
        String m = create("report", TWO_TASKS);
        String arn = engine.start(m, Optional.of("weekly"), Optional.of("{\"week\": 7}")).executionArn();
        ExecutionRow failed = closed(arn);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(engine.notRedrivableBecause(failed)).isEmpty();

        broken.set(false);
        Instant at = engine.redrive(arn, Optional.empty());
        assertThat(engine.describe(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(engine.notRedrivableBecause(engine.describe(arn)))
                .contains("Execution is RUNNING and cannot be redriven");
        assertThatThrownBy(() -> engine.redrive(arn, Optional.empty())).isInstanceOf(StepFunctionsError.class)
                .hasMessage("Execution is RUNNING and cannot be redriven");
        until(() -> types(arn).contains("WaitStateEntered"), "the wait");
        time.advance(Duration.ofSeconds(10));
        ExecutionRow done = closed(arn);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).contains("{\"week\":7}");
        assertThat(done.redriveCount()).isEqualTo(1);
        assertThat(done.redriveDate()).contains(at);
        assertThat(calls("load")).isEqualTo(1);
        assertThat(calls("check")).isEqualTo(2);
        List<String> types = types(arn);
        assertThat(types.subList(types.indexOf("ExecutionFailed"), types.size())).containsExactly("ExecutionFailed",
                "ExecutionRedriven", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded", "TaskStateExited", "WaitStateEntered", "WaitStateExited",
                "ExecutionSucceeded");
        assertThatThrownBy(() -> engine.redrive(arn, Optional.empty())).isInstanceOf(StepFunctionsError.class)
                .hasMessage("Execution is SUCCEEDED and cannot be redriven")
                .extracting(e -> ((StepFunctionsError) e).type()).isEqualTo("ExecutionNotRedrivable");
    }

    @Test
    void a_repeated_call_with_the_same_client_token_answers_the_first_redrive() {
        String m = create("token", TWO_TASKS);
        String arn = engine.start(m, Optional.empty(), Optional.empty()).executionArn();
        closed(arn);
        broken.set(false);
        Instant first = engine.redrive(arn, Optional.of("t-1"));
        until(() -> types(arn).contains("WaitStateEntered"), "the wait");
        assertThat(engine.redrive(arn, Optional.of("t-1"))).isEqualTo(first);
        assertThatThrownBy(() -> engine.redrive(arn, Optional.of("t-2"))).isInstanceOf(StepFunctionsError.class)
                .hasMessage("Execution is RUNNING and cannot be redriven");
        assertThat(engine.describe(arn).redriveCount()).isEqualTo(1);
        assertThat(calls("check")).isEqualTo(2);
    }

    @Test
    void a_node_restarted_after_a_redrive_replays_the_redrive_and_goes_on_without_running_anything_twice() {
        String m = create("restart", TWO_TASKS);
        String arn = engine.start(m, Optional.empty(), Optional.empty()).executionArn();
        closed(arn);
        broken.set(false);
        engine.redrive(arn, Optional.empty());
        until(() -> types(arn).contains("WaitStateEntered"), "the wait");
        engine.close();
        engine = newEngine("node-a");
        engine.executions().resumeAll();
        runToEnd(arn);
        ExecutionRow done = closed(arn);
        assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.redriveCount()).isEqualTo(1);
        assertThat(calls("check")).isEqualTo(2);
        assertThat(types(arn)).filteredOn("ExecutionRedriven"::equals).hasSize(1);
    }

    @Test
    void a_redriven_map_run_runs_again_only_its_failed_and_unstarted_children_and_keeps_the_others_results() {
        String m = create("fanout", MapRunsTest.map("'ItemsPath': '$.items', 'MaxConcurrency': 1,",
                "{'Type': 'Task', 'Resource': '" + FN + "work', 'End': true}"));
        String arn = engine.start(m, Optional.empty(), Optional.of(MapRunsTest.numbers(10))).executionArn();
        ExecutionRow failed = closed(arn);
        assertThat(failed.error()).contains("States.ExceedToleratedFailureThreshold");
        String run = engine.listMapRuns(arn, Optional.empty(), Optional.empty()).items().getFirst().arn();
        var before = engine.describeMapRun(run);
        assertThat(before.items().succeeded()).isEqualTo(7);
        assertThat(before.items().failed()).isEqualTo(1);
        assertThat(before.items().pending()).isEqualTo(2);
        String child7 = engine.listByMapRun(run, Optional.of(ExecutionStatus.FAILED), Optional.of(10),
                Optional.empty()).items().getFirst().arn();

        broken.set(false);
        engine.redrive(arn, Optional.empty());
        ExecutionRow done = closed(arn);
        assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.read(done.output().orElseThrow()).findValues("n").stream().map(n -> n.asInt()).toList())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        List<String> types = types(arn);
        assertThat(types.subList(types.indexOf("ExecutionRedriven"), types.size())).containsExactly(
                "ExecutionRedriven", "MapRunRedriven", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited",
                "ExecutionSucceeded");

        Map<Integer, Long> callsByItem = lambda.calls().stream()
                .collect(Collectors.groupingBy(c -> c.payload().path("n").asInt(), Collectors.counting()));
        assertThat(callsByItem).containsEntry(7, 2L).containsEntry(0, 1L).containsEntry(6, 1L)
                .containsEntry(8, 1L).containsEntry(9, 1L).hasSize(10);

        var after = engine.describeMapRun(run);
        assertThat(after.row().status()).isEqualTo(MapRunStore.MapRunStatus.SUCCEEDED);
        assertThat(after.row().redriveCount()).isEqualTo(1);
        assertThat(after.items().succeeded()).isEqualTo(10);
        var children = engine.listByMapRun(run, Optional.empty(), Optional.of(100), Optional.empty()).items();
        assertThat(children).hasSize(10).extracting(ExecutionRow::status).containsOnly(ExecutionStatus.SUCCEEDED);
        ExecutionRow redriven = engine.describe(child7);
        assertThat(redriven.redriveCount()).isEqualTo(1);
        assertThat(types(child7)).contains("ExecutionFailed", "ExecutionRedriven", "ExecutionSucceeded");
    }

    @Test
    void a_node_restarted_during_a_redriven_map_run_takes_up_the_redrive_and_counts_every_item_once() {
        String m = create("fanout", MapRunsTest.map("'ItemsPath': '$.items', 'MaxConcurrency': 2,",
                "{'Type': 'Task', 'Resource': '" + FN + "work', 'Next': 'W'}, 'W': {'Type': 'Wait', 'Seconds': 10, "
                        + "'End': true}"));
        String arn = engine.start(m, Optional.empty(), Optional.of(MapRunsTest.numbers(10))).executionArn();
        runToEnd(arn);
        assertThat(closed(arn).status()).isEqualTo(ExecutionStatus.FAILED);
        String run = engine.listMapRuns(arn, Optional.empty(), Optional.empty()).items().getFirst().arn();
        List<Integer> succeededBefore = engine.listByMapRun(run, Optional.of(ExecutionStatus.SUCCEEDED),
                Optional.of(100), Optional.empty()).items().stream()
                .map(c -> Json.read(c.input()).path("n").asInt()).toList();
        assertThat(succeededBefore).isNotEmpty().doesNotContain(7);

        broken.set(false);
        engine.redrive(arn, Optional.empty());
        until(() -> engine.describeMapRun(run).executions().running() == 2, "two children running again");
        engine.close();
        engine = newEngine("node-a");
        engine.executions().resumeAll();
        runToEnd(arn);
        ExecutionRow done = closed(arn);
        assertThat(done.status()).as(done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.read(done.output().orElseThrow()).findValues("n").stream().map(n -> n.asInt()).toList())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        var after = engine.describeMapRun(run);
        assertThat(after.row().redriveCount()).isEqualTo(1);
        assertThat(after.items().succeeded()).isEqualTo(10);
        assertThat(after.executions().total()).isEqualTo(10);
        Map<Integer, Long> callsByItem = lambda.calls().stream()
                .collect(Collectors.groupingBy(c -> c.payload().path("n").asInt(), Collectors.counting()));
        // item 7 failed, then ran again after the redrive (and once more if its task was in flight at the restart)
        assertThat(callsByItem.get(7)).isBetween(2L, 3L);
        assertThat(callsByItem).hasSize(10);
        succeededBefore.forEach(n -> assertThat(callsByItem.get(n)).as("item %d, which had succeeded", n)
                .isEqualTo(1));
        assertThat(types(arn)).filteredOn("MapRunRedriven"::equals).hasSize(1);
    }
}
