package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The state of one execution as the interpreter advances it.
 *
 * <p>Deliberately mutable (a rule-break of "records everywhere"): copying a tree of running branches and Map
 * iterations on every step would cost more than the whole interpreter budget (DESIGN.md §7). The caller owns the
 * object and hands it back to {@link Interpreter#step}; it is not thread-safe. The history events returned by each
 * step are the durable record; nothing else here needs persisting to explain what happened.
 */
public final class Execution {
    public sealed interface Status permits Running, Succeeded, Failed, TimedOut, Aborted {}
    public record Running() implements Status {}
    public record Succeeded(JsonNode output) implements Status {}
    public record Failed(String error, String cause) implements Status {}
    public record TimedOut(String error, String cause) implements Status {}
    /** Stopped by StopExecution, with the error and cause it was given (both optional, as on AWS). */
    public record Aborted(Optional<String> error, Optional<String> cause) implements Status {}

    /** What a timer id stands for. */
    sealed interface Timer permits WaitTimer, RetryTimer, TaskTimeout, HeartbeatTimeout, ExecutionTimeout {}
    record WaitTimer(Frame frame) implements Timer {}
    record RetryTimer(Frame frame) implements Timer {}
    record TaskTimeout(Frame frame, String taskId) implements Timer {}
    record HeartbeatTimeout(Frame frame, String taskId) implements Timer {}
    record ExecutionTimeout() implements Timer {}

    final ExecutionInfo info;
    final JsonNode input;
    final Instant startTime;
    final com.fasterxml.jackson.databind.node.ObjectNode executionContext;     // $$.Execution (RedriveCount changes)
    final JsonNode machineContext;       // $$.StateMachine
    Frame top;
    Status status = new Running();
    long lastId;
    long transitions;
    int nextTask;
    int nextTimer;
    final Map<String, Frame> tasks = new HashMap<>();
    final Map<String, Timer> timers = new HashMap<>();
    final Map<String, Frame> mapRuns = new HashMap<>();
    final ArrayDeque<Frame> ready = new ArrayDeque<>();
    List<Command> commands = new ArrayList<>();
    List<HistoryEvent> history = new ArrayList<>();
    Instant now;
    /** The execution's own randomness: seeded at the start, so a replay draws the same numbers. */
    final SplittableRandom random;

    Execution(ExecutionInfo info, JsonNode input, Instant startTime, com.fasterxml.jackson.databind.node.ObjectNode executionContext,
              JsonNode machineContext, long seed) {
        this.random = new SplittableRandom(seed);
        this.info = info;
        this.input = input;
        this.startTime = startTime;
        this.now = startTime;
        this.executionContext = executionContext;
        this.machineContext = machineContext;
    }

    public ExecutionInfo info() { return info; }
    public Status status() { return status; }
    public boolean isRunning() { return status instanceof Running; }
    /** Events recorded so far (the id of the last one). */
    public long eventCount() { return lastId; }
    /** States entered so far (AWS bills standard workflows per state transition). */
    public long stateTransitions() { return transitions; }
    public Instant startTime() { return startTime; }
    /** The time of the last step. */
    public Instant now() { return now; }
    /** Ids of the tasks the execution waits for (a driver resuming after a crash invokes these again). */
    public java.util.Set<String> awaitedTasks() { return java.util.Set.copyOf(tasks.keySet()); }
    /** Ids of the timers still pending (a driver resuming after a crash starts these again). */
    public java.util.Set<String> awaitedTimers() { return java.util.Set.copyOf(timers.keySet()); }
    /** Ids of the Map Runs still waited for (a driver resuming after a crash takes these up again). */
    public java.util.Set<String> awaitedMapRuns() { return java.util.Set.copyOf(mapRuns.keySet()); }

    private Instant formattedInstant;
    private String formatted;

    /** Context timestamps; the virtual time rarely moves between states, so the last text is reused. */
    String format(Instant t) {
        if (!t.equals(formattedInstant)) {
            formatted = DataFlow.TIME.format(t);
            formattedInstant = t;
        }
        return formatted;
    }

    private JsonNode lastNode;
    private String lastJson;

    /**
     * JSON text for the history. A state's output is the next state's input (and the last output is the
     * execution's), so the text of the last node serialised is reused rather than written twice.
     */
    String json(JsonNode node) {
        if (node != lastNode) {
            lastJson = DataFlow.json(node);
            lastNode = node;
        }
        return lastJson;
    }

    String newTaskId() { return "task-" + (++nextTask); }

    String newTimer(Timer timer, Instant at) {
        String id = "timer-" + (++nextTimer);
        timers.put(id, timer);
        commands.add(new Command.StartTimer(id, at));
        return id;
    }

    void cancelTimer(String id) {
        if (id != null && timers.remove(id) != null) commands.add(new Command.CancelTimer(id));
    }
}
