package io.stepwise.functions;

import java.util.Optional;

/**
 * A failure the Lambda API reports to its caller, named and coded as AWS names and codes it
 * ({@code ResourceNotFoundException} 404, {@code InvalidParameterValueException} 400, ...). The HTTP edge renders it as
 * {@code X-Amzn-ErrorType: <type>} plus {@code {"Type": "User", "message": ...}}.
 *
 * @param reason the {@code Reason} member of {@code TooManyRequestsException}, when there is one
 */
public final class LambdaError extends RuntimeException {
    private final String type;
    private final int status;
    private final Optional<String> reason;

    public LambdaError(String type, int status, String message, Optional<String> reason) {
        super(message, null, false, false); // an answer to the caller, not a bug: no stack trace
        this.type = type;
        this.status = status;
        this.reason = reason;
    }

    public LambdaError(String type, int status, String message) {
        this(type, status, message, Optional.empty());
    }

    public static LambdaError notFound(String message) {
        return new LambdaError("ResourceNotFoundException", 404, message);
    }

    public static LambdaError invalidParameter(String message) {
        return new LambdaError("InvalidParameterValueException", 400, message);
    }

    /** A value broke a constraint of the API model (pattern, range, required member). */
    public static LambdaError validation(String message) {
        return new LambdaError("ValidationException", 400, "1 validation error detected: " + message);
    }

    public static LambdaError conflict(String message) {
        return new LambdaError("ResourceConflictException", 409, message);
    }

    public static LambdaError tooLarge(String message) {
        return new LambdaError("RequestTooLargeException", 413, message);
    }

    public static LambdaError invalidContent(String message) {
        return new LambdaError("InvalidRequestContentException", 400, message);
    }

    public static LambdaError throttled(TooManyRequestsException e) {
        return new LambdaError("TooManyRequestsException", 429, e.getMessage(), Optional.of(e.reason().name()));
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public Optional<String> reason() {
        return reason;
    }
}
