package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What running a state (or a part of it: a task's result, a fired timer, a child frame's end) came to. The step helpers
 * ({@link States}, {@link TaskStep}, {@link WaitStep}, {@link FanOuts}) return one; {@link Interpreter} applies it, so
 * leaving a state, failing one and failing a frame each happen in one place. An error raised on the way is a
 * {@link StatesError}, which the interpreter routes through Retry and Catch.
 */
sealed interface Outcome permits Outcome.Exit, Outcome.Error, Outcome.FailFrame, Outcome.Blocked {

    /** Leave the state: assign {@code variables}, record StateExited with {@code output}, follow {@code transition}. */
    record Exit(JsonNode output, Map<String, JsonNode> variables, Transition transition) implements Outcome {}

    /** The state failed with this error, already in its final words (a task's, a child's): Retry and Catch decide. */
    record Error(String error, String cause) implements Outcome {}

    /** A Fail state: the frame fails with this error and cause; no Retry or Catch. */
    record FailFrame(String error, String cause) implements Outcome {}

    /** Nothing to apply now: the frame waits (see its {@link Waiting}), or another frame carries on. */
    record Blocked() implements Outcome {}

    Blocked BLOCKED = new Blocked();
}
