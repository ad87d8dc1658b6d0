package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The ASL interpreter: {@code (execution, event) -> Step(execution, commands, history)}.
 *
 * <p>Design note. An execution is a tree of {@link Frame}s (the top level, Parallel branches, Map iterations), each in
 * one state. A step handles one {@link Event} (a task result, a timer), then runs every frame that became ready, in
 * FIFO order, until each one blocks on a task or timer or finishes; so a history is deterministic for a given
 * sequence of events. Everything that takes time is a {@link Command} for the driver: tasks, and timers for Wait,
 * retry back-off, task timeouts/heartbeats and the execution timeout. The interpreter reads no clock: the driver passes
 * the time of each step in. Randomness (jitter, task tokens, {@code States.UUID}) comes from a generator that belongs
 * to the execution, seeded at its start, so a driver that replays an execution's events at their recorded times
 * rebuilds the same execution, draws included. One interpreter serves any number of executions of its machine.
 * A frame waits for one thing at a time, a {@link Waiting} (a task, a timer, its branches/iterations); events whose ids
 * it does not wait for are stale and ignored. The parts that run states return what a state came to as an
 * {@link Outcome} (exit, an error for Retry/Catch, a failed frame, or blocked) and the interpreter alone applies it
 * ({@link #apply}), so leaving a state, failing one and failing a frame each happen in one place. Errors raised while
 * evaluating a state are {@link StatesError}s caught in one place ({@link #raise}), which adds AWS's cause prefix;
 * {@link Recovery} decides what Retry and Catch make of an error and the interpreter applies that decision too.
 * The parts: {@link DataFlow} (input/output processing),
 * {@link Conditions} (Choice), {@link TaskStep} (Task), {@link WaitStep} (Wait), {@link FanOuts} (Parallel, Map),
 * {@link Recovery} (Retry, Catch), {@link HistoryDetails} (event shapes). See docs/interpreter.md.
 */
public final class Interpreter {

    /**
     * Limits, defaulting to AWS's: 25,000 history events, 256 KiB payloads. {@code maxExecutionSeconds} (0: none) is
     * the longest an execution may run whatever its TimeoutSeconds says (AWS: one year for standard executions, five
     * minutes for express ones); reaching it times the execution out as TimeoutSeconds would.
     */
    public record Config(int maxHistoryEvents, long maxPayloadBytes, long maxExecutionSeconds, boolean mapRuns) {
        public static Config defaults() { return new Config(25_000, 256 * 1024, 0, false); }
        public Config withMaxHistoryEvents(int n) { return new Config(n, maxPayloadBytes, maxExecutionSeconds, mapRuns); }
        public Config withMaxPayloadBytes(long n) { return new Config(maxHistoryEvents, n, maxExecutionSeconds, mapRuns); }
        public Config withMaxExecutionSeconds(long s) { return new Config(maxHistoryEvents, maxPayloadBytes, s, mapRuns); }
        /**
         * With {@code true}, a distributed Map asks its driver for a Map Run ({@link Command.StartMapRun}: child
         * executions, ItemReader, ResultWriter); without, it runs its items inline as {@code stepwise run} does.
         */
        public Config withMapRuns(boolean on) {
            return new Config(maxHistoryEvents, maxPayloadBytes, maxExecutionSeconds, on);
        }

        /** The execution timeout: the machine's TimeoutSeconds or the limit, whichever is shorter. */
        java.util.OptionalLong timeoutSeconds(StateMachine m) {
            if (m.timeoutSeconds().isEmpty()) {
                return maxExecutionSeconds > 0 ? java.util.OptionalLong.of(maxExecutionSeconds)
                        : java.util.OptionalLong.empty();
            }
            long t = m.timeoutSeconds().getAsInt();
            return java.util.OptionalLong.of(maxExecutionSeconds > 0 ? Math.min(t, maxExecutionSeconds) : t);
        }
    }

    final StateMachine machine;
    final Config config;
    final DataFlow flow;
    final TaskStep tasks;
    final WaitStep waits;
    final FanOuts fanOuts;
    final Recovery recovery;
    final States states;

    public Interpreter(StateMachine machine, Config config) {
        this.machine = machine;
        this.config = config;
        this.flow = new DataFlow(config.maxPayloadBytes());
        this.tasks = new TaskStep(this);
        this.waits = new WaitStep(this);
        this.fanOuts = new FanOuts(this);
        this.recovery = new Recovery(flow);
        this.states = new States(this);
    }

    public StateMachine machine() { return machine; }

    /**
     * Starts an execution at {@code now}: ExecutionStarted, then runs until the first task or timer (or the end).
     * {@code seed} seeds the execution's own random generator.
     */
    public Step start(ExecutionInfo info, JsonNode input, Instant now, long seed) {
        Execution x = new Execution(info, input, now, DataFlow.executionContext(info, input, now),
                DataFlow.machineContext(info), seed);
        guarded(x, () -> {
            String text = x.json(input);
            emit(x, null, "ExecutionStarted", HistoryDetails.executionStarted(text, info.roleArn()));
            x.top = new Frame(machine, null, 0, new VariableScope(null), 0);
            if (flow.tooLarge(text)) {
                failExecution(x, 1, "States.DataLimitExceeded",
                        "The state machine's input has a size exceeding the maximum number of bytes service limit.");
                return;
            }
            config.timeoutSeconds(machine).ifPresent(t ->
                    x.newTimer(new Execution.ExecutionTimeout(), now.plusSeconds(t)));
            schedule(x, x.top, new Frame.Pending(machine.startAt(), input));
        });
        return take(x);
    }

    /**
     * Applies one event at {@code now} and runs whatever became ready. Events for finished executions are ignored.
     * Time never runs backwards: a {@code now} before the last step's is taken as the last step's.
     */
    public Step step(Execution x, Event event, Instant now) {
        if (now.isAfter(x.now)) x.now = now;
        if (event instanceof Event.Redrive r) {
            if (x.top != null && !x.isRunning() && !(x.status instanceof Execution.Succeeded)) {
                guarded(x, () -> redrive(x, r));
            }
            return take(x);
        }
        if (!x.isRunning()) return take(x);
        guarded(x, () -> {
            switch (event) {
                case Event.TaskSucceeded s -> {
                    Frame f = tasks.claim(x, s.taskId());
                    if (f != null) run(x, f, () -> tasks.succeeded(x, f, s));
                }
                case Event.TaskFailed e -> {
                    Frame f = tasks.claim(x, e.taskId());
                    if (f != null) run(x, f, () -> tasks.failed(x, f, e));
                }
                case Event.TaskHeartbeat h -> tasks.heartbeat(x, h);
                case Event.TimerFired t -> timerFired(x, t.timerId());
                case Event.Stop s -> abort(x, s);
                case Event.MapRunSucceeded m -> {
                    Frame f = fanOuts.claimMapRun(x, m.runId());
                    if (f != null) run(x, f, () -> fanOuts.mapRunSucceeded(x, f, m));
                }
                case Event.MapRunFailed m -> {
                    Frame f = fanOuts.claimMapRun(x, m.runId());
                    if (f != null) run(x, f, () -> fanOuts.mapRunFailed(x, f, m));
                }
                case Event.Redrive r -> { }   // handled above
            }
        });
        return take(x);
    }

    /**
     * RedriveExecution (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html): the execution
     * runs again from the states that did not succeed, with the same input and what the states that succeeded left
     * (their output, the variables they assigned). ExecutionRedriven, then every unsuccessful frame is taken up: the
     * state it failed in (or was stopped in) is entered again with the input it had and fresh retry counts; a Parallel
     * or inline Map runs only its branches and iterations that did not succeed; a distributed Map redrives its Map Run.
     * The execution timeout starts again from the redrive.
     */
    private void redrive(Execution x, Event.Redrive r) {
        x.status = new Execution.Running();
        x.executionContext.put("RedriveCount", r.redriveCount());
        x.executionContext.put("RedriveTime", x.format(x.now));
        emit(x, null, "ExecutionRedriven", HistoryDetails.executionRedriven(r.redriveCount()));
        config.timeoutSeconds(machine).ifPresent(t -> x.newTimer(new Execution.ExecutionTimeout(),
                x.now.plusSeconds(t)));
        if (x.top.state == null) {   // it failed before its first state (its input was over the limit)
            failExecution(x, x.lastId, "States.DataLimitExceeded",
                    "The state machine's input has a size exceeding the maximum number of bytes service limit.");
            return;
        }
        redriveFrame(x, x.top);
    }

    /** Takes up a frame that did not succeed (see {@link #redrive}). */
    void redriveFrame(Execution x, Frame f) {
        f.done = false;
        f.queued = false;
        f.waiting = Waiting.NOTHING;
        if (f.next != null) {   // it had left its state and was about to enter the next one
            Frame.Pending next = f.next;
            f.next = null;
            schedule(x, f, next);
        } else if (FanOuts.resumable(f)) {
            f.retryCount = 0;
            f.retrierAttempts = null;
            f.context = null;
            run(x, f, () -> {
                fanOuts.resume(x, f);
                return Outcome.BLOCKED;
            });
        } else if (FanOuts.mapRunResumable(f)) {
            f.retryCount = 0;
            f.retrierAttempts = null;
            f.context = null;
            fanOuts.redriveMapRun(x, f);
        } else {
            schedule(x, f, new Frame.Pending(f.state.name(), f.input));
        }
    }

    /** StopExecution: ExecutionAborted, and every task and timer still pending is cancelled. */
    private void abort(Execution x, Event.Stop s) {
        long id = ++x.lastId;
        x.history.add(new HistoryEvent(id, id - 1, x.now, "ExecutionAborted",
                HistoryDetails.errorCause("executionAbortedEventDetails", s.error().orElse(null),
                        s.cause().orElse(null))));
        x.status = new Execution.Aborted(s.error(), s.cause());
        stopEverything(x);
    }

    /**
     * Runs {@code body}, then every frame that became ready. The history limit ends the execution; so does a bug of
     * ours (States.Runtime), rather than escaping into the driver.
     */
    private void guarded(Execution x, Runnable body) {
        try {
            body.run();
            drain(x);
        } catch (HistoryFull full) {
            historyFull(x);
        } catch (RuntimeException bug) {
            failExecution(x, x.lastId, "States.Runtime", "An internal error occurred in the Stepwise interpreter: "
                    + bug);
        }
    }

    private void timerFired(Execution x, String id) {
        Execution.Timer timer = x.timers.remove(id);
        if (timer == null) return;
        switch (timer) {
            case Execution.WaitTimer w -> {
                Frame f = w.frame();
                if (f.waitsFor(id, Waiting.Why.WAIT)) {
                    f.waiting = Waiting.NOTHING;
                    run(x, f, () -> waits.finish(x, f));
                }
            }
            case Execution.RetryTimer r -> {
                if (r.frame().waitsFor(id, Waiting.Why.RETRY)) {
                    r.frame().waiting = Waiting.NOTHING;
                    attempt(x, r.frame());
                }
            }
            case Execution.TaskTimeout t -> taskTimedOut(x, t.frame(), t.taskId(), "States.Timeout");
            case Execution.HeartbeatTimeout h -> taskTimedOut(x, h.frame(), h.taskId(), "States.HeartbeatTimeout");
            case Execution.ExecutionTimeout e -> {
                String cause = "The execution timed out after " + config.timeoutSeconds(machine).getAsLong()
                        + " seconds.";
                emit(x, null, "ExecutionTimedOut", HistoryDetails.errorCause("executionTimedOutEventDetails",
                        "States.Timeout", cause));
                x.status = new Execution.TimedOut("States.Timeout", cause);
                stopEverything(x);
            }
        }
    }

    private void taskTimedOut(Execution x, Frame frame, String taskId, String error) {
        Frame f = tasks.claim(x, taskId);
        if (f != null && f == frame) run(x, f, () -> tasks.timedOut(x, f, taskId, error));
    }

    private static Step take(Execution x) {
        Step s = new Step(x, List.copyOf(x.commands), List.copyOf(x.history));
        x.commands.clear();
        x.history.clear();
        return s;
    }

    // ---- running frames

    void schedule(Execution x, Frame f, Frame.Pending next) {
        f.next = next;
        if (!f.queued) {
            f.queued = true;
            x.ready.add(f);
        }
    }

    private void drain(Execution x) {
        Frame f;
        while (x.isRunning() && (f = x.ready.poll()) != null) {
            while (f.next != null && !f.done && x.isRunning()) {
                Frame.Pending p = f.next;
                f.next = null;
                states.enter(x, f, p.state(), p.input());
                attempt(x, f);
            }
            f.queued = false;
        }
    }

    // ---- history

    /** Records an event after the frame's last one (or after 0 at the top, as AWS does for the first state). */
    long emit(Execution x, Frame f, String type, JsonNode details) {
        boolean last = type.startsWith("Execution") && !type.equals("ExecutionStarted");
        if (!last && x.lastId + 1 >= config.maxHistoryEvents()) throw new HistoryFull();
        long id = ++x.lastId;
        long previous = f == null ? (type.equals("ExecutionStarted") ? 0 : id - 1) : f.lastEventId;
        x.history.add(new HistoryEvent(id, previous, x.now, type, details));
        if (f != null) f.lastEventId = id;
        return id;
    }

    /** Thrown by {@link #emit} when the history limit is reached; the execution then fails. */
    private static final class HistoryFull extends RuntimeException {
        HistoryFull() { super(null, null, false, false); }
    }

    private void historyFull(Execution x) {
        failExecution(x, x.lastId, "States.Runtime", "The execution history has reached the limit of "
                + String.format("%,d", config.maxHistoryEvents()) + " events. Consider using a Distributed Map or "
                + "starting a new execution to continue the work.");
    }

    // ---- applying what a state came to

    /** Runs the frame's state from its start (on entry, and again after a retry delay). */
    private void attempt(Execution x, Frame f) {
        try {
            apply(x, f, states.run(x, f));
        } catch (StatesError e) {
            raise(x, f, e);
        }
    }

    /** A part of a state's run that yields an {@link Outcome} or raises a {@link StatesError}. */
    @FunctionalInterface
    private interface Part {
        Outcome run() throws StatesError;
    }

    /** Applies what {@code part} comes to for frame {@code f}; an error raised on the way goes to Retry and Catch. */
    private void run(Execution x, Frame f, Part part) {
        try {
            apply(x, f, part.run());
        } catch (StatesError e) {
            raise(x, f, e);
        }
    }

    private void apply(Execution x, Frame f, Outcome outcome) throws StatesError {
        switch (outcome) {
            case Outcome.Exit e -> exit(x, f, e);
            case Outcome.Error e -> recover(x, f, e.error(), e.cause());
            case Outcome.FailFrame e -> frameFailed(x, f, e.error(), e.cause());
            case Outcome.Blocked b -> { }
        }
    }

    /** Assigns the variables, emits {@code <Type>StateExited} and follows the transition. */
    private void exit(Execution x, Frame f, Outcome.Exit e) throws StatesError {
        Map<String, String> assigned = flow.assign(f, e.variables());
        String text = x.json(e.output());
        if (flow.tooLarge(text)) {
            throw new StatesError("States.DataLimitExceeded", "The state/task '" + f.state.name()
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
        emit(x, f, States.typeName(f.state) + "StateExited",
                HistoryDetails.stateExited(f.state.name(), text, assigned));
        switch (e.transition()) {
            case Transition.Next n -> schedule(x, f, new Frame.Pending(n.state(), e.output()));
            case Transition.End end -> finishFrame(x, f, e.output(), text);
        }
    }

    private void finishFrame(Execution x, Frame f, JsonNode output, String text) {
        f.done = true;
        if (!f.isTop()) {
            run(x, f.owner.parent, () -> fanOuts.childSucceeded(x, f, output));
            return;
        }
        emit(x, f, "ExecutionSucceeded", HistoryDetails.output("executionSucceededEventDetails", text));
        x.status = new Execution.Succeeded(output);
        stopEverything(x);
    }

    /** The (sub-)machine failed: the execution fails, or the enclosing Parallel/Map hears of it. */
    private void frameFailed(Execution x, Frame f, String error, String cause) {
        f.done = true;
        if (f.isTop()) failExecution(x, f.lastEventId, error, cause);
        else run(x, f.owner.parent, () -> fanOuts.childFailed(x, f, error, cause));
    }

    private void failExecution(Execution x, long previousId, String error, String cause) {
        if (!x.isRunning()) return;
        long id = ++x.lastId;
        x.history.add(new HistoryEvent(id, previousId, x.now, "ExecutionFailed",
                HistoryDetails.errorCause("executionFailedEventDetails", error, cause)));
        x.status = new Execution.Failed(error, cause);
        stopEverything(x);
    }

    /** After the end: every task and timer still pending is cancelled. */
    private static void stopEverything(Execution x) {
        x.tasks.keySet().forEach(t -> x.commands.add(new Command.CancelTask(t)));
        x.tasks.clear();
        x.timers.keySet().forEach(t -> x.commands.add(new Command.CancelTimer(t)));
        x.timers.clear();
        x.mapRuns.keySet().forEach(r -> x.commands.add(new Command.StopMapRun(r)));
        x.mapRuns.clear();
        x.ready.clear();
    }

    // ---- errors

    /**
     * An error raised while evaluating the frame's state: AWS prefixes the cause with where it happened, records a
     * failed JSONata evaluation as EvaluationFailed, then the state's Retry/Catch decide.
     */
    private void raise(Execution x, Frame f, StatesError e) {
        String cause = e.error().equals("States.DataLimitExceeded") ? e.cause()
                : "An error occurred while executing the state '" + f.state.name() + "' (entered at the event id #"
                        + f.enteredEventId + "). " + e.cause();
        if (e.error().equals("States.QueryEvaluationError")) {
            emit(x, f, "EvaluationFailed", HistoryDetails.evaluationFailed(e.error(), cause,
                    e.location().orElse(null), f.state.name()));
        }
        recover(x, f, e.error(), cause);
    }

    /** The frame's state failed: what {@link Recovery} decides happens here. */
    private void recover(Execution x, Frame f, String error, String cause) {
        switch (recovery.decide(x, f, error)) {
            case Recovery.FailExecution e -> failExecution(x, f.lastEventId, error, cause);
            case Recovery.Retry r -> {
                f.retryCount++;
                f.context = null;
                f.waiting = new Waiting.OnTimer(x.newTimer(new Execution.RetryTimer(f),
                        x.now.plusMillis(r.delayMillis())), Waiting.Why.RETRY);
            }
            case Recovery.Catch c -> {
                try {
                    exit(x, f, recovery.caught(x, f, c.catcher(), error, cause));
                } catch (StatesError e) {
                    frameFailed(x, f, e.error(), e.cause());
                }
            }
            case Recovery.Unhandled u -> frameFailed(x, f, error, cause);
        }
    }
}
