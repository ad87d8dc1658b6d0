package io.stepwise.engine;

/**
 * A failure the Step Functions API reports to its caller, named as AWS names it ({@code StateMachineDoesNotExist},
 * {@code InvalidArn}, {@code ExecutionAlreadyExists}, ...) with its HTTP status. The HTTP edge renders it as
 * {@code {"__type": "<type>", "message": "..."}}.
 */
public final class StepFunctionsError extends RuntimeException {
    private final String type;
    private final int status;

    public StepFunctionsError(String type, int status, String message) {
        super(message, null, false, false); // an answer to the caller, not a bug: no stack trace
        this.type = type;
        this.status = status;
    }

    public static StepFunctionsError of(String type, String message) { return new StepFunctionsError(type, 400, message); }

    public static StepFunctionsError validation(String message) {
        return new StepFunctionsError("ValidationException", 400, message);
    }

    /** A malformed ARN; one that does not even start with {@code arn:} is worded as AWS words it. */
    public static StepFunctionsError invalidArn(String arn) {
        boolean prefixed = arn != null && arn.startsWith("arn:");
        return new StepFunctionsError("InvalidArn", 400, "Invalid Arn: '" + (prefixed ? "" : "Invalid ARN prefix: ")
                + arn + "'");
    }

    public String type() { return type; }

    public int status() { return status; }
}
