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
 * @param maxConcurrentStarts   environments starting at once (see {@link EnvironmentPool}); an invocation that finds
 *                              them all busy waits for a start slot or for an environment of its function to become
 *                              idle, whichever comes first
 * @param unsafeNoSandbox       when no sandbox can be set up, run function code as the server's user (loudly) instead
 *                              of refusing to start
 * @param apiAccess             how function code reaches the server's API with credentials of its own
 */
public record RuntimeConfig(Path dataDir, int globalMemoryBudgetMb, Duration idleTimeout, InstantSource clock,
                            MeterRegistry meters, String region, SandboxUser sandboxUser, int maxConcurrentStarts,
                            boolean unsafeNoSandbox, ApiAccess apiAccess) {
    /** The sandbox user from {@code STEPWISE_SANDBOX_USER}, else nobody (65534); {@link #defaultConcurrentStarts()}. */
    public RuntimeConfig(Path dataDir, int globalMemoryBudgetMb, Duration idleTimeout, InstantSource clock,
                         MeterRegistry meters, String region) {
        this(dataDir, globalMemoryBudgetMb, idleTimeout, clock, meters, region, SandboxUser.fromEnvironment(),
                defaultConcurrentStarts(), false, ApiAccess.NONE);
    }

    public RuntimeConfig(Path dataDir, int globalMemoryBudgetMb, Duration idleTimeout, InstantSource clock,
                         MeterRegistry meters, String region, SandboxUser sandboxUser) {
        this(dataDir, globalMemoryBudgetMb, idleTimeout, clock, meters, region, sandboxUser, defaultConcurrentStarts(), false,
                ApiAccess.NONE);
    }

    /**
     * Four per core. A cold start is mostly CPU (namespaces, mounts, the interpreter and the handler's imports): more at
     * once than the cores can carry only makes each slower (100 Python starts at once on 2 cores took 10-30 s each and
     * ran into the init limit) while the first environments to be ready could already serve the waiting invocations.
     */
    public static int defaultConcurrentStarts() {
        return 4 * Runtime.getRuntime().availableProcessors();
    }

    public RuntimeConfig withMaxConcurrentStarts(int n) {
        return new RuntimeConfig(dataDir, globalMemoryBudgetMb, idleTimeout, clock, meters, region, sandboxUser, n, unsafeNoSandbox, apiAccess);
    }

    public RuntimeConfig withUnsafeNoSandbox(boolean unsafe) {
        return new RuntimeConfig(dataDir, globalMemoryBudgetMb, idleTimeout, clock, meters, region, sandboxUser, maxConcurrentStarts, unsafe, apiAccess);
    }

    public RuntimeConfig withApiAccess(ApiAccess access) {
        return new RuntimeConfig(dataDir, globalMemoryBudgetMb, idleTimeout, clock, meters, region, sandboxUser, maxConcurrentStarts,
                unsafeNoSandbox, access);
    }

    public static RuntimeConfig defaults(Path dataDir) {
        return new RuntimeConfig(dataDir, 8192, Duration.ofMinutes(5), InstantSource.system(),
                new SimpleMeterRegistry(), "us-east-1");
    }
}
