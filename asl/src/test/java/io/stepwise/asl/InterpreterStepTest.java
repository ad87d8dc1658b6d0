package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The interpreter driven by hand: explicit events, a fake clock, and the commands it asks for. */
class InterpreterStepTest {
    static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");

    static final class FakeClock implements InstantSource {
        Instant now = T0;
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    final FakeClock clock = new FakeClock();

    Interpreter interpreter(String definition) {
        var parsed = Parser.parse(Runs.q(definition));
        assertThat(parsed).isInstanceOf(ParseResult.Valid.class);
        return new Interpreter(((ParseResult.Valid) parsed).machine(), Interpreter.Config.defaults());
    }

    static <T extends Command> List<T> commands(Step s, Class<T> type) {
        return s.commands().stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<String> types(Step s) { return s.history().stream().map(HistoryEvent::type).toList(); }

    @Test
    void a_task_timeout_timer_fails_the_task_with_states_timeout_and_cancels_it() {
        var in = interpreter("""
                {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
                  'TimeoutSeconds': 10, 'Catch': [{'ErrorEquals': ['States.Timeout'], 'Next': 'Late'}], 'End': true},
                  'Late': {'Type': 'Pass', 'End': true}}}""");
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{}"), clock.instant(), 7);
        var invoke = commands(s, Command.InvokeTask.class).getFirst();
        assertThat(invoke.timeoutSeconds()).hasValue(10);
        var timer = commands(s, Command.StartTimer.class).getFirst();
        assertThat(timer.at()).isEqualTo(T0.plusSeconds(10));

        clock.advance(Duration.ofSeconds(10));
        s = in.step(s.execution(), new Event.TimerFired(timer.timerId()), clock.instant());
        assertThat(types(s)).containsExactly("TaskTimedOut", "TaskStateExited", "PassStateEntered",
                "PassStateExited", "ExecutionSucceeded");
        assertThat(commands(s, Command.CancelTask.class)).extracting(Command.CancelTask::taskId)
                .containsExactly(invoke.taskId());
        assertThat(s.status()).isEqualTo(new Execution.Succeeded(json("{'Error': 'States.Timeout', "
                + "'Cause': 'The task timed out.'}")));

        // the late answer is ignored
        Step late = in.step(s.execution(), new Event.TaskSucceeded(invoke.taskId(), json("1")), clock.instant());
        assertThat(late.history()).isEmpty();
    }

    @Test
    void a_heartbeat_restarts_the_heartbeat_timer_and_silence_fails_with_heartbeat_timeout() {
        var in = interpreter("""
                {'StartAt': 'T', 'States': {'T': {'Type': 'Task',
                  'Resource': 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
                  'Parameters': {'token.$': '$$.Task.Token'}, 'HeartbeatSeconds': 5, 'End': true}}}""");
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{}"), clock.instant(), 7);
        var invoke = commands(s, Command.InvokeTask.class).getFirst();
        assertThat(invoke.taskToken()).isPresent();
        assertThat(invoke.input().get("token").textValue()).isEqualTo(invoke.taskToken().get());
        var first = commands(s, Command.StartTimer.class).getFirst();

        clock.advance(Duration.ofSeconds(3));
        s = in.step(s.execution(), new Event.TaskHeartbeat(invoke.taskId()), clock.instant());
        assertThat(commands(s, Command.CancelTimer.class)).extracting(Command.CancelTimer::timerId)
                .containsExactly(first.timerId());
        var second = commands(s, Command.StartTimer.class).getFirst();
        assertThat(second.at()).isEqualTo(T0.plusSeconds(8));

        s = in.step(s.execution(), new Event.TimerFired(first.timerId()), clock.instant());   // stale: ignored
        assertThat(s.history()).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        s = in.step(s.execution(), new Event.TimerFired(second.timerId()), clock.instant());
        assertThat(types(s)).containsExactly("TaskTimedOut", "ExecutionFailed");
        assertThat(s.status()).isInstanceOfSatisfying(Execution.Failed.class,
                f -> assertThat(f.error()).isEqualTo("States.HeartbeatTimeout"));
    }

    @Test
    void max_concurrency_bounds_the_tasks_in_flight() {
        var in = interpreter("""
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'MaxConcurrency': 2, 'End': true,
                  'ItemProcessor': {'StartAt': 'T', 'States': {'T': {'Type': 'Task',
                     'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:f', 'End': true}}}}}}""");
        Step s = in.start(ExecutionInfo.local("M", "e"), json("[1, 2, 3, 4, 5]"), clock.instant(), 7);
        List<Command.InvokeTask> inFlight = new java.util.ArrayList<>(commands(s, Command.InvokeTask.class));
        assertThat(inFlight).hasSize(2);
        int answered = 0;
        while (!inFlight.isEmpty()) {
            var t = inFlight.removeFirst();
            s = in.step(s.execution(), new Event.TaskSucceeded(t.taskId(), t.input()), clock.instant());
            answered++;
            inFlight.addAll(commands(s, Command.InvokeTask.class));
            assertThat(inFlight.size()).isLessThanOrEqualTo(2);
        }
        assertThat(answered).isEqualTo(5);
        assertThat(s.status()).isEqualTo(new Execution.Succeeded(json("[1, 2, 3, 4, 5]")));
    }

    @Test
    void a_failing_iteration_aborts_the_ones_in_flight() {
        var in = interpreter("""
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'End': true,
                  'ItemProcessor': {'StartAt': 'T', 'States': {'T': {'Type': 'Task',
                     'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:f', 'End': true}}}}}}""");
        Step s = in.start(ExecutionInfo.local("M", "e"), json("[1, 2, 3]"), clock.instant(), 7);
        var tasks = commands(s, Command.InvokeTask.class);
        s = in.step(s.execution(), new Event.TaskFailed(tasks.get(1).taskId(), "Boom", "c"), clock.instant());
        assertThat(types(s)).containsExactly("LambdaFunctionFailed", "MapIterationFailed", "MapIterationAborted",
                "MapIterationAborted", "MapStateFailed", "ExecutionFailed");
        assertThat(commands(s, Command.CancelTask.class)).hasSize(2);
        assertThat(s.status()).isEqualTo(new Execution.Failed("Boom", "c"));
    }

    @Test
    void a_map_over_an_object_iterates_its_fields_with_the_key_in_the_context() {
        var in = interpreter("""
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'ItemsPath': '$.o', 'End': true,
                  'ItemSelector': {'k.$': '$$.Map.Item.Key', 'v.$': '$$.Map.Item.Value'},
                  'ItemProcessor': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}}}}""");
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{'o': {'a': 1, 'b': 2}}"), clock.instant(), 7);
        assertThat(s.status()).isEqualTo(new Execution.Succeeded(json("[{'k': 'a', 'v': 1}, {'k': 'b', 'v': 2}]")));
    }

    @Test
    void wait_until_a_timestamp_path_in_the_past_continues_at_once_and_one_beyond_a_year_is_a_runtime_error() {
        var in = interpreter("""
                {'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'TimestampPath': '$.t', 'End': true}}}""");
        Step past = in.start(ExecutionInfo.local("M", "e"), json("{'t': '2020-01-01T00:00:00Z'}"), clock.instant(), 7);
        assertThat(past.status()).isInstanceOf(Execution.Succeeded.class);
        Step later = in.start(ExecutionInfo.local("M", "e"), json("{'t': '2026-03-04T05:07:07Z'}"), clock.instant(), 7);
        assertThat(commands(later, Command.StartTimer.class).getFirst().at()).isEqualTo(T0.plusSeconds(60));
        Step tooFar = in.start(ExecutionInfo.local("M", "e"), json("{'t': '2028-01-01T00:00:00Z'}"), clock.instant(), 7);
        assertThat(tooFar.status()).isInstanceOfSatisfying(Execution.Failed.class,
                f -> assertThat(f.error()).isEqualTo("States.Runtime"));
    }

    @Test
    void runtime_errors_inside_a_branch_fail_the_whole_execution_despite_catch_all() {
        var in = interpreter("""
                {'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true,
                  'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'X'}],
                  'Branches': [{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'InputPath': '$.missing', 'End': true}}}]},
                  'X': {'Type': 'Succeed'}}}""");
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{}"), clock.instant(), 7);
        assertThat(s.status()).isInstanceOfSatisfying(Execution.Failed.class, f -> {
            assertThat(f.error()).isEqualTo("States.Runtime");
            assertThat(f.cause()).isEqualTo("An error occurred while executing the state 'A' (entered at the event "
                    + "id #4). Invalid path '$.missing' : No results for path: $['missing']");
        });
    }

    @Test
    void a_stop_event_aborts_the_execution_and_cancels_its_task_and_timers() {
        var in = interpreter("""
                {'StartAt': 'T', 'TimeoutSeconds': 60, 'States': {'T': {'Type': 'Task', 'Resource':
                  'arn:aws:lambda:us-east-1:123456789012:function:f', 'TimeoutSeconds': 5, 'End': true}}}""");
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{}"), clock.instant(), 7);
        var invoke = commands(s, Command.InvokeTask.class).getFirst();
        clock.advance(Duration.ofSeconds(2));
        s = in.step(s.execution(), new Event.Stop(Optional.of("Operator"), Optional.of("no longer needed")),
                clock.instant());
        assertThat(types(s)).containsExactly("ExecutionAborted");
        assertThat(s.history().getFirst().timestamp()).isEqualTo(clock.instant());
        assertThat(s.history().getFirst().details().toString())
                .isEqualTo("{\"executionAbortedEventDetails\":{\"error\":\"Operator\",\"cause\":\"no longer needed\"}}");
        assertThat(s.status()).isEqualTo(new Execution.Aborted(Optional.of("Operator"), Optional.of("no longer needed")));
        assertThat(commands(s, Command.CancelTask.class)).extracting(Command.CancelTask::taskId)
                .containsExactly(invoke.taskId());
        assertThat(commands(s, Command.CancelTimer.class)).hasSize(2);   // the task's and the execution's timeouts
        Step late = in.step(s.execution(), new Event.TaskSucceeded(invoke.taskId(), json("1")), clock.instant());
        assertThat(late.history()).isEmpty();
    }

    @Test
    void each_execution_draws_from_its_own_seeded_random_generator() {
        var in = interpreter("""
                {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Parameters': {'u.$': 'States.UUID()'}, 'End': true}}}""");
        Step a = in.start(ExecutionInfo.local("M", "a"), json("{}"), clock.instant(), 1);
        Step b = in.start(ExecutionInfo.local("M", "b"), json("{}"), clock.instant(), 2);
        Step a2 = in.start(ExecutionInfo.local("M", "a"), json("{}"), clock.instant(), 1);
        assertThat(a.status()).isEqualTo(a2.status());
        assertThat(a.status()).isNotEqualTo(b.status());
    }

    @Test
    void the_execution_limit_times_out_an_execution_whose_own_timeout_is_longer() {
        var parsed = Parser.parse(Runs.q("""
                {'StartAt': 'W', 'TimeoutSeconds': 600, 'States': {'W': {'Type': 'Wait', 'Seconds': 400, 'End': true}}}"""));
        var in = new Interpreter(((ParseResult.Valid) parsed).machine(),
                Interpreter.Config.defaults().withMaxExecutionSeconds(300));
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{}"), clock.instant(), 7);
        var timers = commands(s, Command.StartTimer.class);
        assertThat(timers).extracting(Command.StartTimer::at)
                .containsExactlyInAnyOrder(clock.instant().plusSeconds(300), clock.instant().plusSeconds(400));
        var limit = timers.stream().filter(t -> t.at().equals(clock.instant().plusSeconds(300))).findFirst().orElseThrow();
        clock.advance(Duration.ofSeconds(300));
        s = in.step(s.execution(), new Event.TimerFired(limit.timerId()), clock.instant());
        assertThat(s.status()).isEqualTo(new Execution.TimedOut("States.Timeout",
                "The execution timed out after 300 seconds."));
    }
}
