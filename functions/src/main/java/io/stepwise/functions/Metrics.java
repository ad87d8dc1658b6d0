package io.stepwise.functions;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Metering of one invocation. Duration rule: {@code max(wall time, CPU time x 1769 / memoryMb)}.
 * The kernel's CFS quota refills every period, so a burst shorter than one period runs at full speed whatever the
 * memory size; charging CPU time at the memory's vCPU share (one vCPU at 1,769 MB, as Lambda) makes a short
 * CPU-bound invocation at 128 MB report ~13.8x the duration it reports at 1,769 MB, as a throttled long one does.
 * Above 1,769 MB the share exceeds one vCPU and wall time dominates. Wall time excludes the runtime's run-queue
 * delay ({@code /proc/<pid>/task/<tid>/schedstat}), so a busy host does not make a function look slower.
 */
final class Metrics {
    static final double MB_PER_VCPU = 1769.0;

    private Metrics() {}

    /** @param floorMs the least Duration to report: the timeout when the invocation timed out (as AWS reports it) */
    static Metering meter(FunctionSpec fn, boolean cold, Environment env, Invocation inv, long endNanos, long runDelayNanos,
                          long cpuNanos, long peakBytes, double floorMs) {
        // Wall time minus the time the runtime waited for a CPU taken by other tenants of the host.
        double wallMs = inv.delivered.isDone() ? Math.max(0, endNanos - inv.delivered.join() - runDelayNanos) / 1e6 : 0;
        double durationMs = Math.max(floorMs, cpuNanos >= 0 ? Math.max(wallMs, cpuNanos / 1e6 * MB_PER_VCPU / fn.memoryMb()) : wallMs);
        long billed = Math.max(1, (long) Math.ceil(durationMs));
        OptionalDouble init = OptionalDouble.empty();
        if (cold) {
            long initEnd = env.initDoneNanos >= 0 ? env.initDoneNanos : endNanos;
            init = OptionalDouble.of((initEnd - env.startedNanos) / 1e6);
        }
        int maxUsed = peakBytes < 0 ? 0 : (int) Math.min(fn.memoryMb(), (peakBytes + (1 << 20) - 1) >> 20);
        long billedInit = init.isPresent() ? (long) Math.ceil(init.getAsDouble()) : 0;
        double gbSeconds = fn.memoryMb() / 1024.0 * (billed + billedInit) / 1000.0;
        return new Metering(durationMs, billed, fn.memoryMb(), maxUsed, init, cold, gbSeconds);
    }

    static String reportLine(String requestId, Metering m) {
        String s = String.format(Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\t"
                + "Memory Size: %d MB\tMax Memory Used: %d MB\t", requestId, m.durationMs(), m.billedDurationMs(),
                m.memorySizeMb(), m.maxMemoryUsedMb());
        if (m.initDurationMs().isPresent()) s += String.format(Locale.ROOT, "Init Duration: %.2f ms\t", m.initDurationMs().getAsDouble());
        return s;
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
