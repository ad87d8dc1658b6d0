package io.stepwise.engine;

import static io.stepwise.engine.StateMachinesTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.asl.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EngineTest extends OnBothStores {
    static final String WAIT = "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 10, 'End': true}}}";

    ExecutionRow awaitClosed(String arn) {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!engine.describe(arn).status().closed()) {
            if (System.nanoTime() > deadline) throw new AssertionError(arn + " did not finish");
            Thread.onSpinWait();
        }
        return engine.describe(arn);
    }

    @Test
    void an_execution_is_described_as_aws_describes_it_while_running_and_after() {
        String m = create("orders", WAIT);
        var s = engine.start(m, Optional.of("first"), Optional.of("{\"a\": 1}"));
        assertThat(s.executionArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:orders:first");
        ExecutionRow running = engine.describe(s.executionArn());
        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.input()).isEqualTo("{\"a\": 1}");
        assertThat(running.stopDate()).isEmpty();
        time.advance(Duration.ofSeconds(10));
        ExecutionRow done = awaitClosed(s.executionArn());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).contains("{\"a\":1}");
        assertThat(done.stopDate()).contains(Harness.START.plusSeconds(10));
    }

    @Test
    void bad_input_is_refused_with_jacksons_message_as_aws_does() {
        String m = create("orders", WAIT);
        refused(() -> engine.start(m, Optional.empty(), Optional.of("not json")), "InvalidExecutionInput",
                "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting (JSON String, Number, "
                        + "Array, Object or token 'null', 'true' or 'false')'");
        refused(() -> engine.start(m, Optional.empty(), Optional.of("")), "InvalidExecutionInput",
                "Invalid State Machine Execution Input: 'Invalid execution input.'");
        refused(() -> engine.start(m, Optional.of("a b"), Optional.empty()), "InvalidName", "Invalid Name: 'a b'");
        refused(() -> engine.start(m + "x", Optional.empty(), Optional.empty()), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + m + "x'");
        refused(() -> engine.start(m, Optional.empty(), Optional.of("\"" + "x".repeat(262_144) + "\"")),
                "ValidationException", "1 validation error detected: Value at 'input' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 262144");
        assertThat(engine.start(m, Optional.empty(), Optional.of("42")).executionArn()).isNotBlank();
    }

    @Test
    void executions_are_listed_newest_first_by_status_and_by_version_a_page_at_a_time() {
        String m = create("orders", WAIT);
        engine.machines().publish(m, Optional.empty(), Optional.empty());
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            started.add(engine.start(i % 2 == 0 ? m : m + ":1", Optional.of("e" + i), Optional.empty())
                    .executionArn());
            time.advance(Duration.ofMillis(1));
        }
        var page1 = engine.list(m, Optional.empty(), Optional.of(2), Optional.empty());
        var page2 = engine.list(m, Optional.empty(), Optional.of(2), page1.nextToken());
        var page3 = engine.list(m, Optional.empty(), Optional.of(2), page2.nextToken());
        List<String> all = new ArrayList<>();
        for (var p : List.of(page1, page2, page3)) p.items().forEach(r -> all.add(r.name()));
        assertThat(all).containsExactly("e4", "e3", "e2", "e1", "e0");
        assertThat(page3.nextToken()).isEmpty();
        assertThat(engine.list(m + ":1", Optional.empty(), Optional.empty(), Optional.empty()).items())
                .extracting(ExecutionRow::name).containsExactly("e3", "e1");
        engine.stop(started.get(0), Optional.empty(), Optional.empty());
        assertThat(engine.list(m, Optional.of(ExecutionStatus.ABORTED), Optional.empty(), Optional.empty()).items())
                .extracting(ExecutionRow::name).containsExactly("e0");
    }

    @Test
    void history_pages_go_forward_or_in_reverse_with_ids_unchanged() {
        String m = create("chain", ExecutionsTest.CHAIN);
        var s = engine.start(m, Optional.empty(), Optional.empty());
        awaitClosed(s.executionArn());
        List<Long> forward = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            var page = engine.history(s.executionArn(), Optional.of(3), token, false);
            page.events().forEach(e -> forward.add(e.id()));
            token = page.nextToken();
        } while (token.isPresent());
        assertThat(forward).containsExactlyElementsOf(LongStream.rangeClosed(1, 8).boxed().toList());
        var reversed = engine.history(s.executionArn(), Optional.of(3), Optional.empty(), true);
        assertThat(reversed.events()).extracting(HistoryEvent::id).containsExactly(8L, 7L, 6L);
        assertThat(engine.history(s.executionArn(), Optional.of(3), reversed.nextToken(), true).events())
                .extracting(HistoryEvent::id).containsExactly(5L, 4L, 3L);
    }

    @Test
    void express_executions_run_synchronously_and_are_not_kept() {
        String m = engine.machines().create("quick", Harness.q(ExecutionsTest.TASK), ROLE, Machine.Type.EXPRESS,
                Optional.empty(), Optional.empty(), java.util.Map.of(), false, Optional.empty()).arn();
        var r = engine.startSync(m, Optional.of("x"), Optional.of("{\"n\": 4}"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output()).contains("{\"n\":8}");
        assertThat(r.executionArn()).startsWith("arn:aws:states:us-east-1:123456789012:express:quick:x:");
        assertThat(r.billedMemoryMb()).isEqualTo(64);
        assertThat(r.billedDurationMs() % 100).isZero();
        refused(() -> engine.describe(r.executionArn()), "InvalidArn",
                "Invalid Arn: 'Resource type not valid in this context: express'");
        refused(() -> engine.list(m, Optional.empty(), Optional.empty(), Optional.empty()),
                "StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
        String standard = create("slow", WAIT);
        refused(() -> engine.startSync(standard, Optional.empty(), Optional.empty()), "StateMachineTypeNotSupported",
                "This operation is not supported by this type of state machine");
    }

    @Test
    void a_callback_task_waits_for_its_token_and_send_task_success_answers_it() {
        String m = create("approve", """
                {'StartAt': 'Ask', 'States': {'Ask': {'Type': 'Task', 'End': true,
                  'Resource': 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                  'Parameters': {'FunctionName': 'double', 'Payload': {'token.$': '$$.Task.Token', 'n': 1}}}}}""");
        var s = engine.start(m, Optional.empty(), Optional.empty());
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (lambda.count() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        String token = lambda.calls().getFirst().payload().path("token").asText();
        assertThat(engine.describe(s.executionArn()).status()).isEqualTo(ExecutionStatus.RUNNING);
        refused(() -> engine.sendTaskSuccess("not-a-token", "{}"), "InvalidToken", "Invalid Token: 'Invalid token'");
        refused(() -> engine.sendTaskSuccess("00000000-0000-4000-8000-000000000000", "{}"), "TaskDoesNotExist",
                "Task Does Not Exist: the task token is not waited for by any running execution");
        refused(() -> engine.sendTaskSuccess(token, "{nope"), "InvalidOutput",
                "Invalid Output: 'Unexpected character ('n' (code 110)): was expecting double-quote to start field name'");
        engine.sendTaskSuccess(token, "{\"approved\": true}");
        ExecutionRow done = awaitClosed(s.executionArn());
        assertThat(done.output()).contains("{\"approved\":true}");
        refused(() -> engine.sendTaskSuccess(token, "{}"), "TaskDoesNotExist",
                "Task Does Not Exist: the task token is not waited for by any running execution");
    }

    @Test
    void a_sync_nested_execution_answers_with_the_childs_output_when_it_ends() {
        String child = create("child", WAIT);
        String parent = create("parent", """
                {'StartAt': 'Run', 'States': {'Run': {'Type': 'Task', 'End': true,
                  'Resource': 'arn:aws:states:::states:startExecution.sync:2',
                  'Parameters': {'StateMachineArn': '%s', 'Input': {'k.$': '$.k'}}}}}""".formatted(child));
        var s = engine.start(parent, Optional.empty(), Optional.of("{\"k\": 7}"));
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (engine.list(child, Optional.empty(), Optional.empty(), Optional.empty()).items().isEmpty()
                && System.nanoTime() < deadline) Thread.onSpinWait();
        time.advance(Duration.ofSeconds(10));
        ExecutionRow done = awaitClosed(s.executionArn());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        var out = Json.read(done.output().orElseThrow());
        assertThat(out.path("Output")).isEqualTo(Json.read("{\"k\":7}"));
        assertThat(out.path("Status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void stopping_a_closed_execution_leaves_it_as_it_was() {
        String m = create("chain", ExecutionsTest.CHAIN);
        var s = engine.start(m, Optional.empty(), Optional.empty());
        ExecutionRow done = awaitClosed(s.executionArn());
        assertThat(engine.stop(s.executionArn(), Optional.of("E"), Optional.empty())).isEqualTo(done.stopDate().get());
        assertThat(engine.describe(s.executionArn()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        refused(() -> engine.stop(m.replace("stateMachine", "execution") + ":none", Optional.empty(), Optional.empty()),
                "ExecutionDoesNotExist", "Execution Does Not Exist: '" + m.replace("stateMachine", "execution")
                        + ":none'");
    }

    @Test
    void a_restarted_engine_resumes_the_running_executions_of_its_node() {
        String m = create("orders", WAIT);
        var s = engine.start(m, Optional.of("e1"), Optional.empty());
        engine.close();
        engine = newEngine("node-a");
        engine.executions().resumeAll();
        time.advance(Duration.ofSeconds(10));
        assertThat(awaitClosed(s.executionArn()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
}
