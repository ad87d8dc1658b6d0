package io.stepwise.functions;

/** Throttled: AWS's {@code TooManyRequestsException} with its {@code Reason}. */
public final class TooManyRequestsException extends Exception {
    public enum Reason { ReservedFunctionConcurrentInvocationLimitExceeded, ConcurrentInvocationLimitExceeded }

    private final Reason reason;

    public TooManyRequestsException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
