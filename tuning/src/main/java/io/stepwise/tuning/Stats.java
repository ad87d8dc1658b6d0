package io.stepwise.tuning;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** The figures of one memory size from its invocations (the original's trimmed mean, and percentiles beside it). */
public final class Stats {
    private Stats() {}

    /** Error types that mean the size itself cannot run the function: excluded, whatever allowedExceptions says. */
    static final List<String> SIZE_FAILURES = List.of("Runtime.OutOfMemory", "Sandbox.Timedout",
            "TooManyRequestsException");

    /**
     * @param measurements every invocation made at this size
     * @param allowed      error types that count as measurements (the original's {@code allowedExceptions})
     */
    public static SizeStats of(int power, String architecture, List<Measurement> measurements, List<String> allowed,
                               double discardTopBottom, Prices prices) {
        Optional<String> failure = measurements.stream().filter(m -> !m.ok())
                .map(m -> m.error().orElseThrow())
                .filter(e -> SIZE_FAILURES.contains(e) || !allowed.contains(e))
                .min((a, b) -> Integer.compare(rank(a), rank(b)));
        List<Measurement> counted = measurements.stream()
                .filter(m -> m.ok() || allowed.contains(m.error().orElseThrow())).toList();
        int errors = (int) measurements.stream().filter(m -> !m.ok()).count();
        double totalCost = measurements.stream()
                .mapToDouble(m -> prices.invocation(architecture, power, m.billedMs())).sum();
        int maxMemory = measurements.stream().mapToInt(Measurement::maxMemoryUsedMb).max().orElse(0);
        if (counted.isEmpty()) {
            return new SizeStats(power, 0, errors, failure.or(() -> Optional.of("no invocation")), 0, 0, 0, 0, 0,
                    OptionalDouble.empty(), 0, 0, 0, totalCost, maxMemory, 0);
        }
        double[] durations = counted.stream().mapToDouble(Measurement::totalDuration).sorted().toArray();
        int[] order = sortedIndexes(counted);
        int discard = (int) (counted.size() * discardTopBottom);
        double duration = 0;
        double billed = 0;
        double price = 0;
        double priceX86 = 0;
        double priceArm = 0;
        int kept = counted.size() - 2 * discard;
        for (int k = discard; k < counted.size() - discard; k++) {
            Measurement m = counted.get(order[k]);
            duration += m.totalDuration();
            billed += m.billedMs();
            price += prices.invocation(architecture, power, m.billedMs());
            priceX86 += prices.invocation("x86_64", power, m.billedMs());
            priceArm += prices.invocation("arm64", power, m.billedMs());
        }
        OptionalDouble init = counted.stream().filter(m -> m.initMs().isPresent())
                .mapToDouble(m -> m.initMs().getAsDouble()).average();
        // the spread of what the mean is made of (a cold start trimmed away does not make the warm runs look noisy)
        double[] kept2 = Arrays.copyOfRange(durations, discard, counted.size() - discard);
        double mean = Arrays.stream(kept2).average().orElse(0);
        double variance = Arrays.stream(kept2).map(d -> (d - mean) * (d - mean)).average().orElse(0);
        return new SizeStats(power, counted.size(), errors, failure, duration / kept, percentile(durations, 50),
                percentile(durations, 90), percentile(durations, 99), billed / kept, init, price / kept,
                priceX86 / kept, priceArm / kept, totalCost, maxMemory, mean == 0 ? 0 : Math.sqrt(variance) / mean);
    }

    /** Out of memory and timeouts say most about a size; then throttling; then the function's own errors. */
    private static int rank(String error) {
        int i = SIZE_FAILURES.indexOf(error);
        return i < 0 ? SIZE_FAILURES.size() : i;
    }

    private static int[] sortedIndexes(List<Measurement> ms) {
        Integer[] idx = new Integer[ms.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(ms.get(a).totalDuration(), ms.get(b).totalDuration()));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
