package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Tasks the server runs in process, for the resources {@code arn:aws:states:::stepwise:ACTION}: the steps of the apps
 * Stepwise ships as state machines (power tuning). The engine knows only this port; the server plugs the apps in.
 */
public interface BuiltInTasks {

    /** True when {@code action} is one of these tasks. */
    boolean serves(String action);

    /** Runs the task on its input (on a virtual thread: it may block); a {@link Failed} is the task's error. */
    JsonNode run(String action, JsonNode input) throws Failed;

    /** A task's failure: the error name and cause Retry and Catch see. */
    final class Failed extends Exception {
        private final String error;

        public Failed(String error, String cause) {
            super(cause);
            this.error = error;
        }

        public String error() { return error; }
    }

    BuiltInTasks NONE = new BuiltInTasks() {
        @Override public boolean serves(String action) { return false; }

        @Override public JsonNode run(String action, JsonNode input) throws Failed {
            throw new Failed("States.Runtime", "no built-in task " + action);
        }
    };
}
