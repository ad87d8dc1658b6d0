package io.stepwise.functions;

/** How one invocation ended, as seen by the platform. */
sealed interface Outcome {
    /** The runtime posted a response. */
    record Response(byte[] body) implements Outcome {}

    /** The runtime posted an invocation error (body is the AWS error JSON). */
    record HandlerError(byte[] body, String errorType) implements Outcome {}

    /** The runtime posted an init error before taking the event. */
    record InitError(byte[] body, String errorType) implements Outcome {}

    /** The response was over the 6 MB limit. */
    record TooLarge(long bytes) implements Outcome {}

    /** The deadline passed; the environment is killed. */
    record TimedOut() implements Outcome {}

    /** The process exited while the invocation was pending. */
    record Exited(int exitCode, boolean outOfMemory) implements Outcome {}
}
