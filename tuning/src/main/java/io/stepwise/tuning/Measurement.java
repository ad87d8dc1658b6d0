package io.stepwise.tuning;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One invocation as the tuner saw it: its REPORT figures, or the error it failed with.
 *
 * @param error      the error type when it failed ({@code Runtime.OutOfMemory}, {@code Sandbox.Timedout},
 *                   {@code TooManyRequestsException}, the function's own), empty when it succeeded
 * @param durationMs the REPORT line's Duration
 * @param billedMs   what was billed, init included when it was billed
 * @param initMs     the Init Duration of a cold start
 * @param output     what the function returned (its error JSON when it failed)
 */
public record Measurement(Optional<String> error, double durationMs, double billedMs, OptionalDouble initMs,
                          int maxMemoryUsedMb, String output) {

    public boolean ok() { return error.isEmpty(); }

    /** The duration the original averages: the invocation's own, plus its init on a cold start. */
    public double totalDuration() { return durationMs + initMs.orElse(0); }
}
