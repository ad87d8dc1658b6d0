package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RedriveExecution as the interpreter sees it: an {@link Event.Redrive} on a failed, timed out or aborted execution
 * runs again only what did not succeed (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html).
 */
class RedriveTest {
    static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");
    static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:f";

    Instant now = T0;

    static Interpreter interpreter(String definition, boolean mapRuns) {
        var parsed = Parser.parse(Runs.q(definition));
        assertThat(parsed).isInstanceOf(ParseResult.Valid.class);
        return new Interpreter(((ParseResult.Valid) parsed).machine(),
                Interpreter.Config.defaults().withMapRuns(mapRuns));
    }

    static Interpreter interpreter(String definition) { return interpreter(definition, false); }

    static List<Command.InvokeTask> invokes(Step s) {
        return s.commands().stream().filter(Command.InvokeTask.class::isInstance).map(Command.InvokeTask.class::cast)
                .toList();
    }

    static List<String> types(Step s) { return s.history().stream().map(HistoryEvent::type).toList(); }

    Step step(Step s, Event e) {
        now = now.plusSeconds(1);
        return in.step(s.execution(), e, now);
    }

    Interpreter in;

    @Test
    void a_failed_task_runs_again_with_the_input_it_had_and_the_states_before_it_are_not_run_again() {
        in = interpreter("""
                {'StartAt': 'A', 'States': {
                  'A': {'Type': 'Pass', 'Result': {'n': 1}, 'ResultPath': '$.a', 'Assign': {'seen': 'yes'},
                        'Next': 'B'},
                  'B': {'Type': 'Task', 'Resource': '%s', 'Retry': [{'ErrorEquals': ['Boom'], 'MaxAttempts': 1,
                        'IntervalSeconds': 1}], 'Next': 'C'},
                  'C': {'Type': 'Pass', 'Parameters': {'b.$': '$', 'redrives.$': '$$.Execution.RedriveCount',
                        'seen.$': '$seen'}, 'End': true}}}""".formatted(FN));
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{'x': 1}"), now, 7);
        var first = invokes(s).getFirst();
        s = step(s, new Event.TaskFailed(first.taskId(), "Boom", "one"));
        var timer = s.commands().stream().filter(Command.StartTimer.class::isInstance)
                .map(Command.StartTimer.class::cast).reduce((a, b) -> b).orElseThrow();
        s = step(s, new Event.TimerFired(timer.timerId()));
        var retry = invokes(s).getFirst();
        assertThat(retry.attempt()).isEqualTo(1);
        s = step(s, new Event.TaskFailed(retry.taskId(), "Boom", "two"));
        assertThat(s.status()).isEqualTo(new Execution.Failed("Boom", "two"));
        long failedAt = s.execution().eventCount();

        s = step(s, new Event.Redrive(1));
        assertThat(types(s)).containsExactly("ExecutionRedriven", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted");
        assertThat(s.history().getFirst().id()).isEqualTo(failedAt + 1);
        assertThat(s.history().getFirst().previousEventId()).isEqualTo(failedAt);
        assertThat(s.history().getFirst().details().toString())
                .isEqualTo("{\"executionRedrivenEventDetails\":{\"redriveCount\":1}}");
        assertThat(s.status()).isInstanceOf(Execution.Running.class);
        var again = invokes(s).getFirst();
        assertThat(again.input()).isEqualTo(first.input());
        assertThat(again.attempt()).isZero();   // the retries start over
        assertThat(again.taskId()).isNotIn(first.taskId(), retry.taskId());

        s = step(s, new Event.TaskSucceeded(again.taskId(), json("'done'")));
        assertThat(s.status()).isEqualTo(new Execution.Succeeded(json("{'b': 'done', 'redrives': 1, 'seen': 'yes'}")));
        assertThat(s.history()).filteredOn(h -> h.type().endsWith("StateEntered"))
                .extracting(h -> h.details().path("stateEnteredEventDetails").path("name").asText())
                .containsExactly("C");   // A ran once, before the failure
    }

    @Test
    void a_parallel_runs_again_only_the_branch_that_failed_and_keeps_the_result_of_the_one_that_succeeded() {
        in = interpreter("""
                {'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true, 'Branches': [
                  {'StartAt': 'L', 'States': {'L': {'Type': 'Task', 'Resource': '%1$s', 'End': true}}},
                  {'StartAt': 'R', 'States': {'R': {'Type': 'Task', 'Resource': '%1$s', 'End': true}}}]}}}"""
                .formatted(FN));
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{}"), now, 7);
        var tasks = invokes(s);
        s = step(s, new Event.TaskSucceeded(tasks.get(0).taskId(), json("'left'")));
        s = step(s, new Event.TaskFailed(tasks.get(1).taskId(), "Boom", "right failed"));
        assertThat(s.status()).isEqualTo(new Execution.Failed("Boom", "right failed"));

        s = step(s, new Event.Redrive(1));
        assertThat(types(s)).containsExactly("ExecutionRedriven", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted");
        assertThat(s.history().get(1).details().path("stateEnteredEventDetails").path("name").asText())
                .isEqualTo("R");
        var right = invokes(s);
        assertThat(right).hasSize(1);
        s = step(s, new Event.TaskSucceeded(right.getFirst().taskId(), json("'right'")));
        assertThat(s.status()).isEqualTo(new Execution.Succeeded(json("['left', 'right']")));
    }

    @Test
    void an_inline_map_runs_again_its_failed_and_aborted_iterations_then_the_ones_never_started_within_its_concurrency() {
        in = interpreter("""
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'MaxConcurrency': 2, 'End': true,
                  'ItemProcessor': {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': '%s',
                     'End': true}}}}}}""".formatted(FN));
        Step s = in.start(ExecutionInfo.local("M", "e"), json("[0, 1, 2, 3, 4]"), now, 7);
        var first = invokes(s);   // items 0 and 1
        s = step(s, new Event.TaskSucceeded(first.get(0).taskId(), json("'r0'")));
        var item2 = invokes(s).getFirst();
        assertThat(item2.input()).isEqualTo(json("2"));
        s = step(s, new Event.TaskFailed(first.get(1).taskId(), "Boom", "item 1"));
        assertThat(types(s)).contains("MapIterationAborted");   // item 2
        assertThat(s.status()).isInstanceOf(Execution.Failed.class);

        s = step(s, new Event.Redrive(1));
        List<Command.InvokeTask> inFlight = new ArrayList<>(invokes(s));
        assertThat(inFlight).extracting(Command.InvokeTask::input).containsExactly(json("1"), json("2"));
        assertThat(types(s)).filteredOn("MapIterationStarted"::equals).hasSize(2);
        List<JsonNodeText> ran = new ArrayList<>();
        while (!inFlight.isEmpty()) {
            var t = inFlight.removeFirst();
            ran.add(new JsonNodeText(t.input().toString()));
            s = step(s, new Event.TaskSucceeded(t.taskId(), json("'r" + t.input() + "'")));
            inFlight.addAll(invokes(s));
            assertThat(inFlight.size()).isLessThanOrEqualTo(2);
        }
        assertThat(ran).extracting(JsonNodeText::text).containsExactly("1", "2", "3", "4");
        assertThat(s.status()).isEqualTo(new Execution.Succeeded(json("['r0', 'r1', 'r2', 'r3', 'r4']")));
    }

    record JsonNodeText(String text) {}

    @Test
    void an_aborted_execution_enters_again_the_wait_it_was_stopped_in_and_its_timeout_starts_again() {
        in = interpreter("""
                {'StartAt': 'W', 'TimeoutSeconds': 100, 'States': {
                  'W': {'Type': 'Wait', 'Seconds': 30, 'Next': 'D'}, 'D': {'Type': 'Pass', 'End': true}}}""");
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{'k': 1}"), now, 7);
        s = step(s, new Event.Stop(Optional.empty(), Optional.empty()));
        assertThat(s.status()).isInstanceOf(Execution.Aborted.class);

        s = step(s, new Event.Redrive(1));
        Instant redrivenAt = now;
        assertThat(types(s)).containsExactly("ExecutionRedriven", "WaitStateEntered");
        var timers = s.commands().stream().filter(Command.StartTimer.class::isInstance)
                .map(Command.StartTimer.class::cast).toList();
        assertThat(timers).extracting(Command.StartTimer::at)
                .containsExactlyInAnyOrder(redrivenAt.plusSeconds(100), redrivenAt.plusSeconds(30));
        var wait = timers.stream().filter(t -> t.at().equals(redrivenAt.plusSeconds(30))).findFirst().orElseThrow();
        s = step(s, new Event.TimerFired(wait.timerId()));
        assertThat(s.status()).isEqualTo(new Execution.Succeeded(json("{'k': 1}")));
    }

    @Test
    void a_redrive_of_a_running_or_succeeded_execution_changes_nothing() {
        in = interpreter("{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': '%s', 'End': true}}}"
                .formatted(FN));
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{}"), now, 7);
        var t = invokes(s).getFirst();
        Step running = step(s, new Event.Redrive(1));
        assertThat(running.history()).isEmpty();
        assertThat(running.commands()).isEmpty();
        s = step(running, new Event.TaskSucceeded(t.taskId(), json("1")));
        Step done = step(s, new Event.Redrive(1));
        assertThat(done.history()).isEmpty();
        assertThat(done.status()).isEqualTo(new Execution.Succeeded(json("1")));
    }

    @Test
    void a_distributed_map_asks_its_driver_to_redrive_the_same_map_run() {
        in = interpreter("""
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'End': true,
                  'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'},
                    'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': '%s', 'End': true}}}}}}"""
                .formatted(FN), true);
        Step s = in.start(ExecutionInfo.local("M", "e"), json("[1, 2]"), now, 7);
        var start = s.commands().stream().filter(Command.StartMapRun.class::isInstance)
                .map(Command.StartMapRun.class::cast).findFirst().orElseThrow();
        String runId = start.request().runId();
        s = step(s, new Event.MapRunFailed(runId, "States.ExceedToleratedFailureThreshold", "too many"));
        assertThat(s.status()).isInstanceOf(Execution.Failed.class);

        s = step(s, new Event.Redrive(1));
        assertThat(types(s)).containsExactly("ExecutionRedriven", "MapRunRedriven");
        assertThat(s.history().get(1).details().toString()).isEqualTo("{\"mapRunRedrivenEventDetails\":{\"mapRunArn\":\""
                + start.request().mapRunArn() + "\",\"redriveCount\":1}}");
        var redrive = s.commands().stream().filter(Command.RedriveMapRun.class::isInstance)
                .map(Command.RedriveMapRun.class::cast).findFirst().orElseThrow();
        assertThat(redrive.request()).isSameAs(start.request());
        assertThat(redrive.redriveCount()).isEqualTo(1);
        assertThat(s.execution().awaitedMapRuns()).containsExactly(runId);

        s = step(s, new Event.MapRunSucceeded(runId, json("['a', 'b']")));
        assertThat(s.status()).isEqualTo(new Execution.Succeeded(json("['a', 'b']")));
    }

    @Test
    void replaying_the_same_events_with_a_redrive_rebuilds_the_same_history() {
        String definition = """
                {'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'Next': 'U', 'Branches': [
                  {'StartAt': 'L', 'States': {'L': {'Type': 'Task', 'Resource': '%1$s', 'End': true}}},
                  {'StartAt': 'R', 'States': {'R': {'Type': 'Task', 'Resource': '%1$s', 'End': true}}}]},
                  'U': {'Type': 'Pass', 'Parameters': {'u.$': 'States.UUID()', 'r.$': '$'}, 'End': true}}}"""
                .formatted(FN);
        in = interpreter(definition);
        List<HistoryEvent> history = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        Step s = in.start(ExecutionInfo.local("M", "e"), json("{}"), T0, 7);
        history.addAll(s.history());
        var tasks = invokes(s);
        for (Event e : List.<Event>of(new Event.TaskFailed(tasks.get(0).taskId(), "Boom", "c"))) {
            events.add(e);
            s = step(s, e);
            times.add(now);
            history.addAll(s.history());
        }
        events.add(new Event.Redrive(1));
        s = step(s, events.getLast());
        times.add(now);
        history.addAll(s.history());
        var again = invokes(s);
        assertThat(again).hasSize(2);   // L failed, R was aborted with it
        for (var t : again) {
            events.add(new Event.TaskSucceeded(t.taskId(), json("'" + t.stateName() + "'")));
            s = step(s, events.getLast());
            times.add(now);
            history.addAll(s.history());
        }
        assertThat(s.status()).isInstanceOf(Execution.Succeeded.class);

        Interpreter fresh = interpreter(definition);
        Step r = fresh.start(ExecutionInfo.local("M", "e"), json("{}"), T0, 7);
        List<HistoryEvent> replayed = new ArrayList<>(r.history());
        for (int i = 0; i < events.size(); i++) {
            r = fresh.step(r.execution(), events.get(i), times.get(i));
            replayed.addAll(r.history());
        }
        assertThat(replayed).isEqualTo(history);
    }
}
