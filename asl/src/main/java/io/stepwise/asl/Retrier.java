package io.stepwise.asl;

import java.util.List;
import java.util.OptionalInt;

/** One element of a Retry array, with AWS's defaults resolved (1 s, 3 attempts, rate 2.0, no jitter). */
public record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                      OptionalInt maxDelaySeconds, JitterStrategy jitterStrategy) {
    public enum JitterStrategy { NONE, FULL }
}
