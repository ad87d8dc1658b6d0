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
 */
public record EngineConfig(Arns arns, String node, Duration lease, Interpreter.Config standardLimits,
                           Interpreter.Config expressLimits, InstantSource clock) {
    public static final long ONE_YEAR_SECONDS = 31_536_000;
    public static final long FIVE_MINUTES = 300;

    public static EngineConfig defaults(InstantSource clock) {
        return new EngineConfig(Arns.local(), UUID.randomUUID().toString(), Duration.ofSeconds(30),
                Interpreter.Config.defaults().withMaxExecutionSeconds(ONE_YEAR_SECONDS),
                Interpreter.Config.defaults().withMaxExecutionSeconds(FIVE_MINUTES), clock);
    }

    public EngineConfig withNode(String n) { return new EngineConfig(arns, n, lease, standardLimits, expressLimits, clock); }

    public EngineConfig withLease(Duration d) { return new EngineConfig(arns, node, d, standardLimits, expressLimits, clock); }

    public EngineConfig withStandardLimits(Interpreter.Config c) {
        return new EngineConfig(arns, node, lease, c, expressLimits, clock);
    }

    public EngineConfig withExpressLimits(Interpreter.Config c) {
        return new EngineConfig(arns, node, lease, standardLimits, c, clock);
    }
}
