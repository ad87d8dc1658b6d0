package io.stepwise.tuning;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the tuner measured at one memory size: the original tool's figures ({@code averageDuration},
 * {@code averagePrice}, {@code totalCost}) and Stepwise's own beside them.
 *
 * @param power                 the memory size, MB
 * @param invocations           invocations measured (successful ones; errors are counted apart)
 * @param errors                invocations that failed (function errors, timeouts, out of memory, throttles)
 * @param failure               why the size is excluded from the recommendation ({@code Runtime.OutOfMemory},
 *                              {@code Sandbox.Timedout}, {@code TooManyRequestsException}, a function error type),
 *                              empty when it was measured
 * @param averageDuration       trimmed mean of the durations, init included, ms (the original's {@code duration})
 * @param p50                   median duration, ms (untrimmed)
 * @param p90                   90th percentile, ms
 * @param p99                   99th percentile, ms
 * @param averageBilledDuration mean billed duration (init included when billed), ms
 * @param averageInitDuration   mean init duration of the cold invocations, when there were any
 * @param averagePrice          cost of one invocation at the function's architecture, USD, from billed durations (the
 *                              original's {@code averagePrice}: no request price)
 * @param averagePriceX86       the same at x86_64 prices
 * @param averagePriceArm64     the same at arm64 prices (the durations measured here, priced as arm64)
 * @param totalCost             cost of every invocation made at this size, USD
 * @param maxMemoryUsedMb       the largest Max Memory Used seen
 * @param spread                coefficient of variation of the durations (standard deviation / mean)
 */
public record SizeStats(int power, int invocations, int errors, Optional<String> failure, double averageDuration,
                        double p50, double p90, double p99, double averageBilledDuration,
                        OptionalDouble averageInitDuration, double averagePrice, double averagePriceX86,
                        double averagePriceArm64, double totalCost, int maxMemoryUsedMb, double spread) {

    /** True when the size was measured and can be recommended. */
    public boolean measured() { return failure.isEmpty(); }
}
