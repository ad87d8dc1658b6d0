package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.Execution;
import io.stepwise.asl.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Executions on each store: in memory, SQLite and PostgreSQL. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Stores.class)
class ExecutionsTest {
    @Parameter
    Stores kind;
    Stores.Opened opened;
    Stores.Intercepted store;

    @BeforeEach
    void open() {
        opened = kind.open();
        store = new Stores.Intercepted(opened.store());
    }

    @AfterEach
    void close() throws Exception {
        opened.close();
    }

    private Harness harness(FakeLambda lambda) {
        return new Harness(store, new ManualScheduler(Harness.START), lambda, "node-a");
    }

    static final String CHAIN = """
            {'StartAt': 'A', 'States': {
              'A': {'Type': 'Pass', 'Result': 1, 'ResultPath': '$.a', 'Next': 'B'},
              'B': {'Type': 'Choice', 'Choices': [{'Variable': '$.a', 'NumericEquals': 1, 'Next': 'C'}]},
              'C': {'Type': 'Pass', 'End': true}}}""";
    static final String TASK = """
            {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource':
              'arn:aws:lambda:us-east-1:123456789012:function:double', 'End': true}}}""";

    static JsonNode doubled(FakeLambda.Called c) {
        return Json.MAPPER.createObjectNode().put("n", c.payload().path("n").asInt() * 2);
    }

    @Test
    void a_pass_and_choice_machine_runs_to_the_end_in_one_commit_with_its_whole_history() {
        try (var h = harness(new FakeLambda(ExecutionsTest::doubled))) {
            var started = h.start("e1", CHAIN, "{}");
            assertThat(Harness.awaitClosed(started)).isInstanceOf(Execution.Succeeded.class);
            assertThat(h.types(started.arn())).containsExactly("ExecutionStarted", "PassStateEntered",
                    "PassStateExited", "ChoiceStateEntered", "ChoiceStateExited", "PassStateEntered", "PassStateExited",
                    "ExecutionSucceeded");
            ExecutionRow row = h.store.find(started.arn()).orElseThrow();
            assertThat(row.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(row.output()).contains("{\"a\":1}");
            assertThat(row.lastEventId()).isEqualTo(8);
            assertThat(row.transitions()).isEqualTo(3);
            assertThat(row.stopDate()).contains(Harness.START);
            assertThat(store.commits).hasValue(1);
        }
    }

    @Test
    void start_is_answered_only_after_the_commit_that_holds_the_first_step() throws Exception {
        var gate = new CountDownLatch(1);
        var gated = new Stores.Intercepted(store) {
            @Override
            void beforeCommit(List<Write> writes) {
                try {
                    if (!gate.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("gate");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        var lambda = new FakeLambda(ExecutionsTest::doubled);
        try (var h = new Harness(gated, new ManualScheduler(Harness.START), lambda, "n")) {
            var start = CompletableFuture.supplyAsync(() -> h.start("e1", TASK, "{'n': 2}"));
            assertThat(start).isNotCompleted();
            assertThat(start.copy().completeOnTimeout(null, 300, TimeUnit.MILLISECONDS).join()).isNull();
            assertThat(lambda.count()).as("the task must not run before its step is committed").isZero();
            gate.countDown();
            var started = start.join();
            Harness.awaitClosed(started);
            assertThat(lambda.count()).isEqualTo(1);
            assertThat(h.store.find(started.arn()).orElseThrow().output()).contains("{\"n\":4}");
        }
    }

    @Test
    void a_lambda_function_arn_task_records_lambda_function_events_and_takes_the_output_as_the_result() {
        try (var h = harness(new FakeLambda(ExecutionsTest::doubled))) {
            var started = h.start("e1", TASK, "{'n': 21}");
            assertThat(Harness.awaitClosed(started)).isEqualTo(new Execution.Succeeded(Json.read("{\"n\":42}")));
            assertThat(h.types(started.arn())).containsExactly("ExecutionStarted", "TaskStateEntered",
                    "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                    "ExecutionSucceeded");
            assertThat(h.lambda.calls().getFirst().functionName())
                    .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:double");
        }
    }

    @Test
    void a_failed_task_is_retried_after_its_backoff_when_the_clock_gets_there() {
        int[] calls = {0};
        var lambda = new FakeLambda(c -> {
            if (++calls[0] < 3) throw new FakeLambda.Fails("Flaky", "try again");
            return doubled(c);
        });
        try (var h = harness(lambda)) {
            var started = h.start("e1", """
                    {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource':
                      'arn:aws:lambda:us-east-1:123456789012:function:double', 'End': true,
                      'Retry': [{'ErrorEquals': ['Flaky'], 'IntervalSeconds': 10, 'BackoffRate': 2}]}}}""", "{'n': 1}");
            h.until(() -> h.time.due().contains(Harness.START.plusSeconds(10)), "the first retry timer");
            h.time.advance(Duration.ofSeconds(10));
            h.until(() -> h.time.due().contains(Harness.START.plusSeconds(30)), "the second retry timer");
            assertThat(lambda.count()).isEqualTo(2);
            h.time.advance(Duration.ofSeconds(19));
            assertThat(started.run().closed).isNotDone();
            h.time.advance(Duration.ofSeconds(1));
            assertThat(Harness.awaitClosed(started)).isInstanceOf(Execution.Succeeded.class);
            assertThat(lambda.count()).isEqualTo(3);
            List<HistoryEvent> history = h.history(started.arn());
            assertThat(history.getLast().timestamp()).isEqualTo(Harness.START.plusSeconds(30));
        }
    }

    @Test
    void a_function_error_fails_the_task_with_the_functions_error_type_and_its_error_json_as_cause() {
        var lambda = new FakeLambda(c -> { throw new FakeLambda.Fails("ValueError", "bad n"); });
        try (var h = harness(lambda)) {
            var started = h.start("e1", TASK, "{'n': 1}");
            var status = (Execution.Failed) Harness.awaitClosed(started);
            assertThat(status.error()).isEqualTo("ValueError");
            assertThat(Json.read(status.cause()).path("errorMessage").asText()).isEqualTo("bad n");
            assertThat(h.types(started.arn())).contains("LambdaFunctionFailed");
        }
    }

    @Test
    void a_missing_function_fails_the_task_as_lambda_resource_not_found_worded_as_the_java_sdk() {
        try (var h = harness(new FakeLambda(ExecutionsTest::doubled))) {
            var started = h.start("e1", """
                    {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
                      'Parameters': {'FunctionName': 'missing', 'Payload.$': '$'}, 'End': true}}}""", "{}");
            var status = (Execution.Failed) Harness.awaitClosed(started);
            assertThat(status.error()).isEqualTo("Lambda.ResourceNotFoundException");
            assertThat(status.cause()).startsWith("Function not found: missing (Service: AWSLambda; Status Code: 404; "
                    + "Error Code: ResourceNotFoundException; Request ID: ").endsWith("; Proxy: null)");
        }
    }

    @Test
    void lambda_invoke_returns_the_invoke_response_with_the_payload_and_status_code() {
        try (var h = harness(new FakeLambda(ExecutionsTest::doubled))) {
            var started = h.start("e1", """
                    {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
                      'Parameters': {'FunctionName': 'double', 'Payload.$': '$'}, 'End': true}}}""", "{'n': 5}");
            var out = ((Execution.Succeeded) Harness.awaitClosed(started)).output();
            assertThat(out.path("Payload")).isEqualTo(Json.read("{\"n\":10}"));
            assertThat(out.path("StatusCode").asInt()).isEqualTo(200);
            assertThat(out.path("ExecutedVersion").asText()).isEqualTo("$LATEST");
            assertThat(out.path("SdkHttpMetadata").path("HttpStatusCode").asInt()).isEqualTo(200);
            assertThat(out.path("SdkResponseMetadata").path("RequestId").asText())
                    .isEqualTo(out.path("SdkHttpMetadata").path("HttpHeaders").path("x-amzn-RequestId").asText());
            assertThat(h.types(started.arn())).contains("TaskScheduled", "TaskStarted", "TaskSucceeded");
        }
    }

    @Test
    void a_wait_state_ends_when_the_clock_reaches_it_and_not_before() {
        try (var h = harness(new FakeLambda(ExecutionsTest::doubled))) {
            var started = h.start("e1", """
                    {'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 60, 'End': true}}}""", "{}");
            h.time.advance(Duration.ofSeconds(59));
            assertThat(started.run().closed).isNotDone();
            h.time.advance(Duration.ofSeconds(1));
            Harness.awaitClosed(started);
            assertThat(h.store.find(started.arn()).orElseThrow().stopDate()).contains(Harness.START.plusSeconds(60));
        }
    }

    @Test
    void start_execution_is_idempotent_for_the_same_name_and_input_only_while_running() {
        try (var h = harness(new FakeLambda(ExecutionsTest::doubled))) {
            String waits = "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 60, 'End': true}}}";
            var first = h.start("same", waits, "{'a': 1}");
            var again = h.start("same", waits, "{ 'a' : 1 }");
            assertThat(again.arn()).isEqualTo(first.arn());
            assertThat(again.startDate()).isEqualTo(first.startDate());
            assertThatThrownBy(() -> h.start("same", waits, "{'a': 2}")).isInstanceOfSatisfying(
                    StepFunctionsError.class, e -> assertThat(e.type()).isEqualTo("ExecutionAlreadyExists"));
            h.time.advance(Duration.ofSeconds(60));
            Harness.awaitClosed(first);
            assertThatThrownBy(() -> h.start("same", waits, "{'a': 1}")).isInstanceOfSatisfying(
                    StepFunctionsError.class, e -> assertThat(e.type()).isEqualTo("ExecutionAlreadyExists"));
        }
    }

    @Test
    void stop_aborts_a_running_execution_and_answers_after_the_abort_is_committed() {
        try (var h = harness(new FakeLambda(ExecutionsTest::doubled))) {
            var started = h.start("e1", "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 60, 'End': true}}}",
                    "{}");
            h.executions.stop(started.run(), Optional.of("Halt"), Optional.of("by hand"));
            ExecutionRow row = h.store.find(started.arn()).orElseThrow();
            assertThat(row.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(row.error()).contains("Halt");
            assertThat(h.types(started.arn())).endsWith("WaitStateEntered", "ExecutionAborted");
            assertThat(Harness.awaitClosed(started)).isInstanceOf(Execution.Aborted.class);
            assertThat(h.time.pending()).as("the wait's and the execution's timers are cancelled").isZero();
        }
    }

    @Test
    void an_express_execution_runs_without_writing_anything() {
        try (var h = harness(new FakeLambda(ExecutionsTest::doubled))) {
            var started = h.executions.start(h.spec("M", "x1", TASK, "{'n': 3}", true));
            assertThat(Harness.awaitClosed(started)).isEqualTo(new Execution.Succeeded(Json.read("{\"n\":6}")));
            assertThat(store.commits).hasValue(0);
            assertThat(store.find(started.arn())).isEmpty();
        }
    }

    @Test
    void a_map_runs_its_iterations_tasks_concurrently_up_to_max_concurrency() throws Exception {
        var allIn = new CountDownLatch(4);
        var lambda = new FakeLambda(c -> {
            allIn.countDown();
            try {
                if (!allIn.await(20, TimeUnit.SECONDS)) throw new FakeLambda.Fails("Serial", "ran one at a time");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return doubled(c);
        });
        try (var h = harness(lambda)) {
            var started = h.start("e1", """
                    {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'MaxConcurrency': 4, 'End': true,
                      'ItemProcessor': {'StartAt': 'T', 'States': {'T': {'Type': 'Task',
                        'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:double', 'End': true}}}}}}""",
                    "[{'n': 1}, {'n': 2}, {'n': 3}, {'n': 4}, {'n': 5}, {'n': 6}, {'n': 7}, {'n': 8}]");
            var out = ((Execution.Succeeded) Harness.awaitClosed(started)).output();
            assertThat(out).isEqualTo(Json.read("[{\"n\":2},{\"n\":4},{\"n\":6},{\"n\":8},{\"n\":10},{\"n\":12},"
                    + "{\"n\":14},{\"n\":16}]"));
        }
    }

    @Test
    void many_executions_started_together_share_commits() throws Exception {
        var gate = new CountDownLatch(1);
        var first = new CountDownLatch(1);
        var gated = new Stores.Intercepted(store) {
            @Override
            void beforeCommit(List<Write> writes) {
                first.countDown();
                try {
                    if (!gate.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("gate");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        try (var h = new Harness(gated, new ManualScheduler(Harness.START), new FakeLambda(ExecutionsTest::doubled),
                "n")) {
            var starts = LongStream.range(0, 50).mapToObj(i -> CompletableFuture.supplyAsync(
                    () -> h.start("e" + i, CHAIN, "{}"), Thread::startVirtualThread)).toList();
            assertThat(first.await(20, TimeUnit.SECONDS)).isTrue();
            // the first commit is held; the other 49 starts queue behind it
            h.until(() -> h.executions.runningCount() == 50, "50 starts queued");
            gate.countDown();
            List<String> arns = starts.stream().map(s -> s.join().arn()).toList();
            assertThat(store.commits.get()).isLessThanOrEqualTo(3);
            assertThat(arns).allSatisfy(arn -> assertThat(store.find(arn)).isPresent());
        }
    }
}
