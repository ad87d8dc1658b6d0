package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The interpreter is deterministic: the same events at the same clock readings, with the same seed, rebuild the same
 * execution. This is how a durable driver can recover an execution from what it stored, without serialising it.
 */
class ReplayTest {
    record Logged(Instant at, Event event) {}

    static final class Clock implements InstantSource {
        Instant now = Runs.START;
        @Override public Instant instant() { return now; }
    }

    @Test
    void replaying_the_recorded_events_rebuilds_the_same_history_and_outcome() throws Exception {
        String definition = Files.readString(Path.of("..", "examples", "hello", "definition.json"));
        var machine = ((ParseResult.Valid) Parser.parse(definition)).machine();
        var input = json("{'users': ['Ada', 'Grace', 'Linus', 'Edsger']}");
        var seeded = new SplittableRandom(11);

        // a first run, answering tasks with pseudo-random successes and failures, logging every event
        Clock clock = new Clock();
        Interpreter first = new Interpreter(machine, Interpreter.Config.defaults());
        Step s = first.start(ExecutionInfo.local("Hello", "e"), input, clock.now, 5);
        List<HistoryEvent> history = new ArrayList<>(s.history());
        List<Logged> log = new ArrayList<>();
        ArrayDeque<Command.InvokeTask> tasks = new ArrayDeque<>();
        PriorityQueue<Command.StartTimer> timers = new PriorityQueue<>(Comparator.comparing(Command.StartTimer::at));
        while (true) {
            for (Command c : s.commands()) {
                if (c instanceof Command.InvokeTask t) tasks.add(t);
                if (c instanceof Command.StartTimer t) timers.add(t);
            }
            if (!s.execution().isRunning()) break;
            Event e;
            if (!tasks.isEmpty()) {
                var t = tasks.poll();
                e = seeded.nextInt(4) == 0
                        ? new Event.TaskFailed(t.taskId(), "Lambda.TooManyRequestsException", "slow down")
                        : new Event.TaskSucceeded(t.taskId(), json("{'Payload': {'greeting': 'hi'}, 'sent': true}"));
            } else {
                var t = timers.poll();
                if (t.at().isAfter(clock.now)) clock.now = t.at();
                e = new Event.TimerFired(t.timerId());
            }
            log.add(new Logged(clock.now, e));
            s = first.step(s.execution(), e, clock.now);
            history.addAll(s.history());
        }

        // the replay sees the same events at the same times
        Clock replayClock = new Clock();
        Interpreter second = new Interpreter(machine, Interpreter.Config.defaults());
        Step r = second.start(ExecutionInfo.local("Hello", "e"), input, replayClock.now, 5);
        List<HistoryEvent> replayed = new ArrayList<>(r.history());
        for (Logged l : log) {
            replayClock.now = l.at();
            r = second.step(r.execution(), l.event(), replayClock.now);
            replayed.addAll(r.history());
        }
        assertThat(log).hasSizeGreaterThan(5);
        assertThat(replayed).isEqualTo(history);
        assertThat(r.status()).isEqualTo(s.status());
    }
}
