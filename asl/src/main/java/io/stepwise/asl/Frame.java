package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One running (sub-)machine: the top level, a Parallel branch or a Map iteration; and the state it is in.
 * Mutable, owned by its {@link Execution}; only the interpreter touches it.
 */
final class Frame {
    /** The next state to enter, with its input, when the frame runs. */
    record Pending(String state, JsonNode input) {}

    final StateMachine machine;
    final FanOut owner;          // the Parallel/Map this frame is a branch/iteration of; null at the top
    final int index;             // branch or item index
    final VariableScope variables;

    Pending next;
    boolean queued;
    boolean done;                // finished, failed or aborted: later events for it are ignored
    long lastEventId;

    // the current state
    State state;
    JsonNode input;              // raw state input
    Instant enteredTime;
    long enteredEventId;
    int retryCount;
    int[] retrierAttempts;
    ObjectNode context;          // cached context object for this state entry (rebuilt on retry)
    String taskToken;

    // what the current state started, kept until it is left so that a redrive can take it up again
    FanOut run;                          // a Parallel's branches or an inline Map's iterations
    MapRunRequest mapRun;                // a distributed Map's Map Run
    boolean mapRunSucceeded;
    int mapRunRedrives;

    Waiting waiting = Waiting.NOTHING;   // what the frame waits for between steps
    Inspector inspector;                 // TestState only: records the state's data flow; null in executions

    Frame(StateMachine machine, FanOut owner, int index, VariableScope variables, long lastEventId) {
        this.machine = machine;
        this.owner = owner;
        this.index = index;
        this.variables = variables;
        this.lastEventId = lastEventId;
    }

    boolean isTop() { return owner == null; }

    /** True while the frame waits for this Parallel/Map run (a run it has left is stale). */
    boolean waitsFor(FanOut run) { return waiting instanceof Waiting.OnChildren c && c.run() == run; }

    /** True while the frame waits for this timer, for this reason. */
    boolean waitsFor(String timerId, Waiting.Why why) {
        return !done && waiting instanceof Waiting.OnTimer t && t.why() == why && t.timerId().equals(timerId);
    }
}
