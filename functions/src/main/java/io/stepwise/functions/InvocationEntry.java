package io.stepwise.functions;

import java.time.Instant;
import java.util.Optional;

/**
 * One invocation as {@link InvocationHistory} keeps it on disk.
 *
 * @param error          the errorType of a failed invocation ({@code Sandbox.Timedout}, a handler's exception type...)
 * @param invocationType {@code RequestResponse} or {@code Event}
 */
public record InvocationEntry(String functionName, String requestId, String version, Instant start, Metering metering,
                              Optional<String> error, String invocationType) {}
