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
 */
public record RuntimeConfig(Path dataDir, int globalMemoryBudgetMb, Duration idleTimeout, InstantSource clock,
                            MeterRegistry meters, String region) {
    public static RuntimeConfig defaults(Path dataDir) {
        return new RuntimeConfig(dataDir, 8192, Duration.ofMinutes(5), InstantSource.system(),
                new SimpleMeterRegistry(), "us-east-1");
    }
}
