package io.stepwise.engine;

import io.stepwise.asl.Interpreter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;

/**
 * @param node            this server's name among the nodes sharing a database (keep it across restarts: a restarted
 *                        node takes its own executions back at once instead of waiting for their leases to expire)
 * @param lease           how long a node's claim on its running executions lasts without renewal
 * @param standardLimits  limits of standard executions (AWS: 25,000 events, 256 KiB, one year)
 * @param expressLimits   limits of express executions (AWS: five minutes)
 * @param mapRunConcurrency how many children a Map Run with MaxConcurrency 0 (no limit) runs at once on this node
 *                          (AWS: 10,000; a single machine runs fewer)
 */
public record EngineConfig(Arns arns, String node, Duration lease, Interpreter.Config standardLimits,
                           Interpreter.Config expressLimits, InstantSource clock, int mapRunConcurrency) {
    /** The most children a Map Run runs at once, as on AWS. */
    public static final int MAX_MAP_RUN_CONCURRENCY = 10_000;

    public static final long ONE_YEAR_SECONDS = 31_536_000;
    public static final long FIVE_MINUTES = 300;

    public static EngineConfig defaults(InstantSource clock) {
        return new EngineConfig(Arns.local(), UUID.randomUUID().toString(), Duration.ofSeconds(30),
                Interpreter.Config.defaults().withMaxExecutionSeconds(ONE_YEAR_SECONDS),
                Interpreter.Config.defaults().withMaxExecutionSeconds(FIVE_MINUTES), clock, 1000);
    }

    public EngineConfig withNode(String n) {
        return new EngineConfig(arns, n, lease, standardLimits, expressLimits, clock, mapRunConcurrency);
    }

    public EngineConfig withLease(Duration d) {
        return new EngineConfig(arns, node, d, standardLimits, expressLimits, clock, mapRunConcurrency);
    }

    public EngineConfig withStandardLimits(Interpreter.Config c) {
        return new EngineConfig(arns, node, lease, c, expressLimits, clock, mapRunConcurrency);
    }

    public EngineConfig withExpressLimits(Interpreter.Config c) {
        return new EngineConfig(arns, node, lease, standardLimits, c, clock, mapRunConcurrency);
    }

    public EngineConfig withMapRunConcurrency(int n) {
        return new EngineConfig(arns, node, lease, standardLimits, expressLimits, clock, n);
    }
}
