package io.stepwise.functions;

/** How one invocation ended, as seen by the platform. */
sealed interface Outcome {
    /** The runtime posted a response. */
    record Response(byte[] body) implements Outcome {}

    /**
     * The runtime posted an invocation error (body is the AWS error JSON).
     *
     * @param errorType the function's error type: the error JSON's {@code errorType}, else the runtime's declared one
     */
    record HandlerError(byte[] body, String errorType) implements Outcome {}

    /**
     * The runtime posted an init error before taking the event.
     *
     * @param declaredType its {@code Lambda-Runtime-Function-Error-Type}, which INIT_REPORT shows
     * @param errorType    the function's error type: the error JSON's {@code errorType}, else {@code declaredType}
     */
    record InitError(byte[] body, String declaredType, String errorType) implements Outcome {}

    /** The response was over the 6 MB limit. */
    record TooLarge(long bytes) implements Outcome {}

    /** The deadline passed; the environment is killed. */
    record TimedOut() implements Outcome {}

    /** The process exited while the invocation was pending. */
    record Exited(int exitCode, boolean outOfMemory) implements Outcome {}
}
