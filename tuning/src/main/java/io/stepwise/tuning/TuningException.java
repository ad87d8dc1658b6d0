package io.stepwise.tuning;

/** A step that cannot go on: the error name and message the state machine's task fails with. */
public final class TuningException extends Exception {
    private final String error;

    public TuningException(String error, String message) {
        super(message);
        this.error = error;
    }

    public String error() { return error; }
}
