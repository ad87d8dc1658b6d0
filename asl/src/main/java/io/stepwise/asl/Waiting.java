package io.stepwise.asl;

import java.util.Optional;

/**
 * What a {@link Frame} waits for between two steps: one thing at a time, so one sealed value instead of a nullable
 * field per kind. Events carry ids; an event whose id is not the one the frame waits for is stale and ignored.
 */
sealed interface Waiting permits Waiting.Nothing, Waiting.OnTask, Waiting.OnTimer, Waiting.OnChildren,
        Waiting.OnMapRun {

    /** Not waiting: running (or about to run) its state, or finished. */
    record Nothing() implements Waiting {}

    Nothing NOTHING = new Nothing();

    /** A task attempt, with the timers of the state's TimeoutSeconds and HeartbeatSeconds when it has them. */
    record OnTask(String taskId, Optional<String> timeoutTimer, Optional<String> heartbeatTimer) implements Waiting {
        OnTask withHeartbeatTimer(Optional<String> timer) { return new OnTask(taskId, timeoutTimer, timer); }
    }

    /** A timer: a Wait state's, or a retry's back-off. */
    record OnTimer(String timerId, Why why) implements Waiting {}

    enum Why { WAIT, RETRY }

    /** The branches or iterations of the Parallel or Map state the frame is in. */
    record OnChildren(FanOut run) implements Waiting {}

    /** A distributed Map's run, carried out by the driver as child executions. */
    record OnMapRun(String runId) implements Waiting {}
}
