package io.stepwise.functions;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/**
 * @param dataDir               environments' /tmp dirs and logs/&lt;function&gt;/ live here
 * @param globalMemoryBudgetMb  sum of the memory of all live environments may not exceed this
 * @param idleTimeout           a warm environment idle this long is stopped (checked with {@code clock})
 * @param region                AWS_REGION given to functions
 * @param sandboxUser           who function code runs as when the server is root
 */
public record RuntimeConfig(Path dataDir, int globalMemoryBudgetMb, Duration idleTimeout, InstantSource clock,
                            MeterRegistry meters, String region, SandboxUser sandboxUser) {
    /** The sandbox user from {@code STEPWISE_SANDBOX_USER}, else nobody (65534). */
    public RuntimeConfig(Path dataDir, int globalMemoryBudgetMb, Duration idleTimeout, InstantSource clock,
                         MeterRegistry meters, String region) {
        this(dataDir, globalMemoryBudgetMb, idleTimeout, clock, meters, region, SandboxUser.fromEnvironment());
    }

    public static RuntimeConfig defaults(Path dataDir) {
        return new RuntimeConfig(dataDir, 8192, Duration.ofMinutes(5), InstantSource.system(),
                new SimpleMeterRegistry(), "us-east-1");
    }
}
