package io.stepwise.server;

import io.stepwise.store.StoreConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * @param port               0 picks a free port (tests)
 * @param database           the store: SQLite in {@code dataDir} (default) or a PostgreSQL database; the data folder
 *                           holds packages, logs and environments either way
 * @param deployExample      deploy the bundled {@code hello} function when the data folder is new
 * @param asyncRetryDelays   waits before the retries of a failed Event invocation (AWS: 1 and 2 minutes)
 * @param memoryBudgetMb     memory all warm environments together may use (default: three quarters of the machine's)
 * @param idleTimeout        a warm environment idle this long is stopped
 * @param auth               how callers are authenticated (default {@link Auth.Open}, for the loopback default host)
 * @param clock              the server's clock: signature dates, invocation times, idle timeouts
 * @param maxHistoryEvents   the history limit of a standard execution (AWS: 25,000)
 * @param s3Endpoint         where distributed Maps' ItemReader and ResultWriter read and write buckets: an external
 *                           S3-compatible endpoint, else (empty, the default) the server's own object store
 */
public record ServerConfig(String host, int port, Path dataDir, StoreConfig database, boolean deployExample, List<Duration> asyncRetryDelays,
                           int memoryBudgetMb, Duration idleTimeout, Auth auth, InstantSource clock, int maxHistoryEvents,
                           boolean unsafeNoSandbox, Optional<S3Endpoint> s3Endpoint) {
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("127.0.0.1", 8080, dataDir, new StoreConfig.Embedded(dataDir), true,
                List.of(Duration.ofMinutes(1), Duration.ofMinutes(2)),
                defaultMemoryBudgetMb(), Duration.ofMinutes(5), new Auth.Open(), InstantSource.system(), 25_000, false, Optional.empty());
    }

    /** Three quarters of the machine's physical memory, leaving the rest to the server and everything else. */
    public static int defaultMemoryBudgetMb() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return defaultMemoryBudgetMb(os.getTotalMemorySize());
    }

    /** Three quarters of {@code physicalBytes} in MB (rounded down), at least 1024. */
    public static int defaultMemoryBudgetMb(long physicalBytes) {
        return (int) Math.max(1024, physicalBytes / 4 * 3 >> 20);
    }

    /** Whether only this machine can reach {@code host} (127.0.0.0/8, ::1, a name for them); unknown names are not. */
    public static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public ServerConfig withMaxHistoryEvents(int n) {
        return new ServerConfig(host, port, dataDir, database, deployExample, asyncRetryDelays, memoryBudgetMb, idleTimeout, auth, clock, n, unsafeNoSandbox, s3Endpoint);
    }

    public ServerConfig withDatabase(StoreConfig database) {
        return new ServerConfig(host, port, dataDir, database, deployExample, asyncRetryDelays, memoryBudgetMb, idleTimeout, auth, clock, maxHistoryEvents, unsafeNoSandbox, s3Endpoint);
    }

    public ServerConfig withMemoryBudgetMb(int mb) {
        return new ServerConfig(host, port, dataDir, database, deployExample, asyncRetryDelays, mb, idleTimeout, auth, clock, maxHistoryEvents, unsafeNoSandbox, s3Endpoint);
    }

    public ServerConfig withIdleTimeout(Duration idle) {
        return new ServerConfig(host, port, dataDir, database, deployExample, asyncRetryDelays, memoryBudgetMb, idle, auth, clock, maxHistoryEvents, unsafeNoSandbox, s3Endpoint);
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(host, port, dataDir, database, deployExample, asyncRetryDelays, memoryBudgetMb, idleTimeout, auth, clock, maxHistoryEvents, unsafeNoSandbox, s3Endpoint);
    }

    public ServerConfig withHost(String host) {
        return new ServerConfig(host, port, dataDir, database, deployExample, asyncRetryDelays, memoryBudgetMb, idleTimeout, auth, clock, maxHistoryEvents, unsafeNoSandbox, s3Endpoint);
    }

    public ServerConfig withExample(boolean deploy) {
        return new ServerConfig(host, port, dataDir, database, deploy, asyncRetryDelays, memoryBudgetMb, idleTimeout, auth, clock, maxHistoryEvents, unsafeNoSandbox, s3Endpoint);
    }

    public ServerConfig withAsyncRetryDelays(List<Duration> delays) {
        return new ServerConfig(host, port, dataDir, database, deployExample, delays, memoryBudgetMb, idleTimeout, auth, clock, maxHistoryEvents, unsafeNoSandbox, s3Endpoint);
    }

    public ServerConfig withAuth(Auth auth) {
        return new ServerConfig(host, port, dataDir, database, deployExample, asyncRetryDelays, memoryBudgetMb, idleTimeout, auth, clock, maxHistoryEvents, unsafeNoSandbox, s3Endpoint);
    }

    public ServerConfig withClock(InstantSource clock) {
        return new ServerConfig(host, port, dataDir, database, deployExample, asyncRetryDelays, memoryBudgetMb, idleTimeout, auth, clock, maxHistoryEvents, unsafeNoSandbox, s3Endpoint);
    }

    /** Run functions unconfined (as the server's user) when no sandbox can be set up, instead of refusing to start. */
    public ServerConfig withUnsafeNoSandbox(boolean unsafe) {
        return new ServerConfig(host, port, dataDir, database, deployExample, asyncRetryDelays, memoryBudgetMb, idleTimeout, auth, clock, maxHistoryEvents, unsafe, s3Endpoint);
    }

    public ServerConfig withS3Endpoint(S3Endpoint endpoint) {
        return new ServerConfig(host, port, dataDir, database, deployExample, asyncRetryDelays, memoryBudgetMb, idleTimeout, auth, clock, maxHistoryEvents, unsafeNoSandbox, Optional.of(endpoint));
    }

    /** An S3-compatible endpoint (AWS S3, MinIO, another Stepwise), addressed path-style ({@code URL/BUCKET/KEY}). */
    public record S3Endpoint(URI url, String region, AwsCredentialsProvider credentials) {}
}
