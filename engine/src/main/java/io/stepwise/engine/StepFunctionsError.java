package io.stepwise.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure the Step Functions API reports to its caller, named as AWS names it ({@code StateMachineDoesNotExist},
 * {@code InvalidArn}, {@code ExecutionAlreadyExists}, ...) with its HTTP status, and the other members its shape has
 * ({@code reason} of a ValidationException, {@code resourceName} of ResourceNotFound and TooManyTags). The HTTP edge
 * renders it as {@code {"__type": "<type>", "message": "...", ...members}}.
 */
public final class StepFunctionsError extends RuntimeException {
    private final String type;
    private final int status;
    private final Map<String, String> members;

    public StepFunctionsError(String type, int status, String message) {
        this(type, status, message, Map.of());
    }

    private StepFunctionsError(String type, int status, String message, Map<String, String> members) {
        super(message, null, false, false); // an answer to the caller, not a bug: no stack trace
        this.type = type;
        this.status = status;
        this.members = members;
    }

    /** The same error with one more member of its shape. */
    public StepFunctionsError with(String member, String value) {
        Map<String, String> m = new LinkedHashMap<>(members);
        m.put(member, value);
        return new StepFunctionsError(type, status, getMessage(), Collections.unmodifiableMap(m));
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

    /** Members of the error's shape besides the message, in order. */
    public Map<String, String> members() { return members; }
}
