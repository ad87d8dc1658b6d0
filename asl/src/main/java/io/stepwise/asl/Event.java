package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** What comes back to the interpreter from its driver. Events for unknown or finished tasks/timers are ignored. */
public sealed interface Event permits Event.TaskSucceeded, Event.TaskFailed, Event.TaskHeartbeat, Event.TimerFired,
        Event.Stop, Event.MapRunSucceeded, Event.MapRunFailed, Event.Redrive {
    record TaskSucceeded(String taskId, JsonNode output) implements Event {}
    /** A task's error name and cause, e.g. a Lambda function's {@code errorType} and its error JSON. */
    record TaskFailed(String taskId, String error, String cause) implements Event {}
    /** SendTaskHeartbeat: restarts the task's HeartbeatSeconds timer. */
    record TaskHeartbeat(String taskId) implements Event {}
    record TimerFired(String timerId) implements Event {}
    /** StopExecution: the execution ends as ABORTED with this (optional) error and cause. */
    record Stop(java.util.Optional<String> error, java.util.Optional<String> cause) implements Event {}
    /** A distributed Map's run ({@link Command.StartMapRun}) ended well: the Map state's result (before ResultSelector). */
    record MapRunSucceeded(String runId, JsonNode output) implements Event {}
    /** A distributed Map's run failed (tolerated failures exceeded, items unreadable, results unwritable...). */
    record MapRunFailed(String runId, String error, String cause) implements Event {}
    /**
     * RedriveExecution of a failed, timed out or aborted execution: ExecutionRedriven, then the states that did not
     * succeed run again (a Parallel's or inline Map's unsuccessful branches and iterations only, a distributed Map's
     * Map Run redriven). {@code redriveCount} is the execution's count after this redrive.
     */
    record Redrive(int redriveCount) implements Event {}
}
