package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the interpreter asks its driver to do. The driver answers with {@link Event}s; timers are the interpreter's
 * only notion of time passing (Wait, retry back-off, task timeouts and heartbeats, the execution timeout).
 */
public sealed interface Command permits Command.InvokeTask, Command.CancelTask, Command.StartTimer,
        Command.CancelTimer, Command.StartMapRun, Command.StopMapRun, Command.RedriveMapRun {

    /**
     * Run one attempt of a Task state. {@code attempt} counts from 0 within the state's current entry (retries);
     * {@code taskToken} is set for {@code .waitForTaskToken} resources. Timeouts are enforced by the interpreter's
     * own timers; they are given here for drivers that pass them on (e.g. a Lambda deadline).
     */
    record InvokeTask(String taskId, String stateName, TaskResource resource, JsonNode input, int attempt,
                      OptionalLong timeoutSeconds, OptionalLong heartbeatSeconds, Optional<String> taskToken,
                      Optional<JsonNode> credentials) implements Command {}

    /** A task the interpreter no longer waits for (timed out, or its Parallel/Map was aborted). */
    record CancelTask(String taskId) implements Command {}

    /** Deliver {@link Event.TimerFired} with this id at (or after) {@code at}. */
    record StartTimer(String timerId, Instant at) implements Command {}

    /** A timer that no longer matters; delivering it anyway is harmless (the interpreter ignores stale ids). */
    record CancelTimer(String timerId) implements Command {}

    /**
     * Run a distributed Map's items as child executions (a Map Run); the driver answers with
     * {@link Event.MapRunSucceeded} or {@link Event.MapRunFailed}. Only given when {@link Interpreter.Config#mapRuns()}.
     */
    record StartMapRun(MapRunRequest request) implements Command {}

    /** A Map Run the interpreter no longer waits for (its execution ended, or an enclosing Parallel/Map was aborted). */
    record StopMapRun(String runId) implements Command {}

    /**
     * Run again the children of a Map Run that did not succeed (failed, timed out, aborted or never started), after a
     * redrive of the execution; answered as {@link StartMapRun} is. {@code redriveCount} is the run's count after this
     * redrive, so that a driver taking it up again after a crash can tell whether it has done it already.
     */
    record RedriveMapRun(MapRunRequest request, int redriveCount) implements Command {}
}
