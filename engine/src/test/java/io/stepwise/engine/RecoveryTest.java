package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.asl.Execution;
import io.stepwise.asl.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node that stops (crash) or pauses (lost lease): what another node, or the same one restarted, makes of it. On
 * every store.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Stores.class)
class RecoveryTest {
    @Parameter
    Stores kind;
    Stores.Opened opened;
    ExecutionStore store;

    @BeforeEach
    void open() {
        opened = kind.open();
        store = opened.store();
    }

    @AfterEach
    void close() throws Exception {
        opened.close();
    }

    static final String TASK_THEN_WAIT = """
            {'StartAt': 'T', 'States': {
              'T': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:double', 'Next': 'W'},
              'W': {'Type': 'Wait', 'Seconds': 60, 'Next': 'U'},
              'U': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:double', 'End': true}}}""";

    static void assertIdsContiguous(List<HistoryEvent> history) {
        assertThat(history).extracting(HistoryEvent::id)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, history.size()).boxed().toList());
    }

    @Test
    void a_restarted_node_replays_its_executions_and_invokes_again_the_task_that_was_in_flight() throws Exception {
        var time = new ManualScheduler(Harness.START);
        var stuck = new CountDownLatch(1);
        var before = new FakeLambda(c -> {
            if (c.payload().path("n").asInt() == 2) {   // the second task never answers before the crash
                try {
                    stuck.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new FakeLambda.Fails("Crashed", "the node died");
            }
            return ExecutionsTest.doubled(c);
        });
        var first = new Harness(store, time, before, "node-a");
        var started = first.start("e1", TASK_THEN_WAIT, "{'n': 1}");
        first.until(() -> first.types(started.arn()).contains("WaitStateEntered"), "the wait");
        time.advance(Duration.ofSeconds(60));
        first.until(() -> before.count() == 2, "the second task in flight");
        first.close();              // the node stops; its in-flight task's answer is never recorded
        stuck.countDown();
        List<HistoryEvent> atCrash = Stores.history(store, started.arn());
        assertThat(atCrash.getLast().type()).isEqualTo("LambdaFunctionStarted");

        var after = new FakeLambda(ExecutionsTest::doubled);
        try (var second = new Harness(store, time, after, "node-a")) {
            second.executions.resumeAll();
            second.until(() -> store.find(started.arn()).orElseThrow().status().closed(), "the resumed execution");
            ExecutionRow row = store.find(started.arn()).orElseThrow();
            assertThat(row.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(row.output()).contains("{\"n\":4}");
            assertThat(after.calls()).extracting(c -> c.payload().path("n").asInt()).containsExactly(2);
            List<HistoryEvent> history = Stores.history(store, started.arn());
            assertIdsContiguous(history);
            assertThat(history.subList(0, atCrash.size())).isEqualTo(atCrash);
            assertThat(history).extracting(HistoryEvent::type).endsWith("LambdaFunctionStarted",
                    "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
        }
    }

    @Test
    void a_restarted_node_fires_a_wait_that_fell_due_while_it_was_down() {
        var time = new ManualScheduler(Harness.START);
        var first = new Harness(store, time, new FakeLambda(ExecutionsTest::doubled), "node-a");
        var started = first.start("e1", "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 60, 'End': true}}}",
                "{}");
        first.close();
        var later = new ManualScheduler(Harness.START.plusSeconds(3600));
        try (var second = new Harness(store, later, new FakeLambda(ExecutionsTest::doubled), "node-a")) {
            second.executions.resumeAll();
            later.advance(Duration.ZERO);
            second.until(() -> store.find(started.arn()).orElseThrow().status().closed(), "the overdue wait");
            assertThat(store.find(started.arn()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertIdsContiguous(Stores.history(store, started.arn()));
        }
    }

    @Test
    void a_node_that_lost_its_lease_is_fenced_out_and_the_execution_finishes_once_on_the_new_owner() {
        var time = new ManualScheduler(Harness.START);
        var paused = new Harness(store, time, new FakeLambda(ExecutionsTest::doubled), "node-a");   // never renews
        var started = paused.start("e1", "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 60, "
                + "'Next': 'P'}, 'P': {'Type': 'Pass', 'End': true}}}", "{}");
        try (var other = new Harness(store, time, new FakeLambda(ExecutionsTest::doubled), "node-b")) {
            time.advance(Duration.ofSeconds(31));           // node-a's lease (30 s) has expired
            other.executions.resumeAll();
            assertThat(other.executions.running(started.arn())).isPresent();
            time.advance(Duration.ofSeconds(29));           // the wait ends: both nodes' timers fire
            other.until(() -> store.find(started.arn()).orElseThrow().status().closed(), "the new owner's end");
            paused.until(() -> paused.executions.running(started.arn()).isEmpty(), "the old owner to give up");
            List<HistoryEvent> history = Stores.history(store, started.arn());
            assertIdsContiguous(history);
            assertThat(history).extracting(HistoryEvent::type).filteredOn("ExecutionSucceeded"::equals).hasSize(1);
            assertThat(started.run().closed).as("the fenced copy never finished").isNotDone();
        } finally {
            paused.close();
        }
    }

    @Test
    void a_write_the_store_refuses_for_good_drops_the_run_without_acting_on_its_step() {
        var time = new ManualScheduler(Harness.START);
        var lambda = new FakeLambda(ExecutionsTest::doubled);
        var flaky = new Stores.Intercepted(store);
        try (var h = new Harness(flaky, time, lambda, "node-a")) {
            var started = h.start("e1", "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 5, 'Next': 'T'},"
                    + "'T': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:f', 'End': true}}}",
                    "{'n': 1}");
            flaky.failNext = new IllegalStateException("disk full");
            time.advance(Duration.ofSeconds(5));
            // the batch failed; retried alone it succeeds (failNext fires once), so the task runs exactly once
            assertThat(Harness.awaitClosed(started)).isInstanceOf(Execution.Succeeded.class);
            assertThat(lambda.count()).isEqualTo(1);
            assertIdsContiguous(Stores.history(store, started.arn()));
        }
    }

    @Test
    void a_restart_with_more_running_executions_than_one_claim_batch_resumes_each_exactly_once() throws Exception {
        var time = new ManualScheduler(Harness.START);
        var never = new CountDownLatch(1);
        var before = new FakeLambda(c -> {
            try {
                never.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new FakeLambda.Fails("Crashed", "the node died");
        });
        var first = new Harness(store, time, before, "node-a");
        int n = 450;   // more than two claim batches
        for (int i = 0; i < n; i++) first.start("e" + i, ExecutionsTest.TASK, "{'n': " + i + "}");
        first.until(() -> before.count() == n, "every task in flight");
        first.close();
        never.countDown();
        var after = new FakeLambda(ExecutionsTest::doubled);
        try (var second = new Harness(store, time, after, "node-a")) {
            second.executions.resumeAll();
            second.until(() -> after.count() >= n && second.executions.runningCount() == 0, "every resumed execution");
            assertThat(after.count()).as("tasks invoked again after the restart").isEqualTo(n);
        }
    }
}
