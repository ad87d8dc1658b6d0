package io.stepwise.asl;

/**
 * A run-time error with an ASL error name ({@code States.Runtime}, {@code States.IntrinsicFailure},
 * {@code States.QueryEvaluationError}, a task's own error ...) and a cause, exactly as AWS reports them.
 * Checked, so that every evaluation site decides what the error means for the execution.
 */
public final class StatesError extends Exception {
    private final String error;
    private final String cause;
    private final String location;

    public StatesError(String error, String cause) { this(error, cause, null); }

    /** With the field an expression failed in (e.g. {@code Output/error}), for the EvaluationFailed event. */
    public StatesError(String error, String cause, String location) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
        this.location = location;
    }

    public java.util.Optional<String> location() { return java.util.Optional.ofNullable(location); }

    public String error() { return error; }
    public String cause() { return cause; }
}
