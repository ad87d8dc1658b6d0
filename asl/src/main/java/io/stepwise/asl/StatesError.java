package io.stepwise.asl;

/**
 * A run-time error with an ASL error name ({@code States.Runtime}, {@code States.IntrinsicFailure},
 * {@code States.QueryEvaluationError}, a task's own error ...) and a cause, exactly as AWS reports them.
 * Checked, so that every evaluation site decides what the error means for the execution.
 */
public final class StatesError extends Exception {
    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
    }

    public String error() { return error; }
    public String cause() { return cause; }
}
