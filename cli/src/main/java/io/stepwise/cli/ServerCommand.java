package io.stepwise.cli;

import io.stepwise.server.AccessKeys;
import io.stepwise.server.Auth;
import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import io.stepwise.store.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.io.PrintWriter;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code stepwise server}: runs the server in this JVM until Ctrl-C. On a new data folder it first runs the main job
 * ({@link MainJob}) as a client of its own endpoint, then keeps serving.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the Stepwise server (AWS Lambda and Step Functions APIs; embedded store or PostgreSQL) until "
                + "interrupted. On a new data folder it deploys the examples and runs the main job (weekly-report) once.")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;

    @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--data", description = "data folder (default: $STEPWISE_DATA or ./.stepwise)")
    Path data;

    @Option(names = "--database", paramLabel = "URL",
            description = "the store: 'embedded' (SQLite in the data folder) or a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://localhost:5432/stepwise?user=stepwise&password=... (default: $STEPWISE_DATABASE, "
                    + "else embedded)")
    String database;

    @Spec
    CommandSpec spec;

    @Option(names = "--no-example", description = "on a new data folder, deploy neither the example function 'hello' nor "
            + "the main job (the example workflow weekly-report, which otherwise runs once, with a progress bar and a summary)")
    boolean noExample;

    @Option(names = "--unsafe-no-sandbox", description = "where no sandbox can be set up (not root and no user "
            + "namespaces), run function code as the server's own user instead of refusing to start: it can then read and "
            + "change whatever the server can")
    boolean unsafeNoSandbox;

    @Option(names = "--memory-budget", paramLabel = "MB",
            description = "memory all execution environments together may use; a call that would need more gets 429 "
                    + "TooManyRequestsException (default: three quarters of this machine's memory, ${DEFAULT-VALUE} MB)")
    int memoryBudgetMb = ServerConfig.defaultMemoryBudgetMb();

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "stop a warm execution environment after this long without a call (default: ${DEFAULT-VALUE})")
    long idleTimeoutSeconds = 300;

    enum AuthMode { sigv4, none }

    @Option(names = "--auth", paramLabel = "sigv4|none",
            description = "sigv4: every request must be signed (AWS Signature V4) with a configured access key; none: any "
                    + "request is served (default: sigv4 when --host reaches beyond this machine or keys are configured, "
                    + "none otherwise)")
    AuthMode auth;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "access keys the server accepts, in the AWS shared credentials file format ([profile] sections "
                    + "with aws_access_key_id and aws_secret_access_key); also $STEPWISE_ACCESS_KEY_ID with "
                    + "$STEPWISE_SECRET_ACCESS_KEY")
    Path credentials;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "distributed Maps' ItemReader and ResultWriter read and write the buckets of this S3-compatible "
                    + "endpoint (AWS S3, MinIO, another Stepwise; path-style requests, credentials from AWS_ACCESS_KEY_ID / "
                    + "AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the AWS profile chain) instead of this server's own")
    URI s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "the region --s3-endpoint signs for (default: $AWS_REGION, $AWS_DEFAULT_REGION, else us-east-1)")
    String s3Region;

    /** Counted down to stop the server: by the shutdown hook (Ctrl-C, SIGTERM), or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);

    /** Completed once the server is ready and the main job, when it runs, has ended (tests wait on it). */
    final CompletableFuture<Void> settled = new CompletableFuture<>();

    /** The process environment; tests put their own. */
    Map<String, String> env = System.getenv();

    /** A configuration the server must not start with; exit code 1 with this message. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    ServerConfig config() {
        if (memoryBudgetMb < 128) {
            throw new ParameterException(spec.commandLine(), "--memory-budget must be at least 128 (MB), got " + memoryBudgetMb);
        }
        if (idleTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--idle-timeout must be at least 1 (second), got " + idleTimeoutSeconds);
        }
        Path dir = data != null ? data : Path.of(env.getOrDefault("STEPWISE_DATA", ".stepwise"));
        ServerConfig config = ServerConfig.defaults(dir).withDatabase(database(dir)).withPort(port).withHost(host).withExample(!noExample)
                .withMemoryBudgetMb(memoryBudgetMb).withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds)).withAuth(auth())
                .withUnsafeNoSandbox(unsafeNoSandbox);
        return s3Endpoint == null ? config : config.withS3Endpoint(s3());
    }

    private ServerConfig.S3Endpoint s3() {
        String scheme = String.valueOf(s3Endpoint.getScheme()).toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || s3Endpoint.getHost() == null) {
            throw new Refused("--s3-endpoint must be an http:// or https:// URL, got " + s3Endpoint);
        }
        String region = s3Region != null ? s3Region
                : env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        String token = env.get("AWS_SESSION_TOKEN");
        AwsCredentialsProvider credentials = id != null && secret != null
                ? StaticCredentialsProvider.create(token != null ? AwsSessionCredentials.create(id, secret, token)
                        : AwsBasicCredentials.create(id, secret))
                : DefaultCredentialsProvider.builder().build(); // AWS_PROFILE / ~/.aws, then container and instance roles
        return new ServerConfig.S3Endpoint(s3Endpoint, region, credentials);
    }

    private StoreConfig database(Path dir) {
        try {
            return StoreConfig.parse(Optional.ofNullable(database).or(() -> Optional.ofNullable(env.get("STEPWISE_DATABASE"))), dir);
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage() + (database == null ? " (from STEPWISE_DATABASE)" : ""));
        }
    }

    /** DESIGN §8: signatures are checked by default as soon as the port reaches beyond loopback. */
    private Auth auth() {
        AccessKeys keys = keys();
        boolean beyondLoopback = !ServerConfig.loopback(host);
        AuthMode mode = auth != null ? auth : beyondLoopback || !keys.isEmpty() ? AuthMode.sigv4 : AuthMode.none;
        if (mode == AuthMode.none) return new Auth.Open();
        if (keys.isEmpty()) {
            throw new Refused((auth == null ? "--host " + host + " reaches beyond this machine, so requests must be signed"
                    : "--auth sigv4 checks request signatures") + ", but no access keys are configured: pass --credentials FILE "
                    + "(AWS credentials file format) or set STEPWISE_ACCESS_KEY_ID and STEPWISE_SECRET_ACCESS_KEY"
                    + (auth == null ? " (or --auth none to let anyone who can reach the port deploy and run code)" : ""));
        }
        return new Auth.SigV4(keys);
    }

    private AccessKeys keys() {
        AccessKeys keys = AccessKeys.none();
        if (credentials != null) {
            try {
                keys = AccessKeys.read(credentials);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new Refused("no such credentials file: " + credentials);
            } catch (IOException e) {
                throw new Refused("cannot read the credentials file: " + e.getMessage());
            }
            if (keys.isEmpty()) throw new Refused(credentials + " holds no aws_access_key_id / aws_secret_access_key pair");
        }
        String id = env.get("STEPWISE_ACCESS_KEY_ID");
        String secret = env.get("STEPWISE_SECRET_ACCESS_KEY");
        if ((id == null) != (secret == null)) throw new Refused("set both STEPWISE_ACCESS_KEY_ID and STEPWISE_SECRET_ACCESS_KEY, or neither");
        try {
            return id == null ? keys : keys.and(AccessKeys.of(id, secret));
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Instant called = Instant.now();
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        ServerConfig config;
        try {
            config = config();
        } catch (Refused e) {
            err.println("stepwise: not starting the server: " + e.getMessage());
            err.flush();
            settled.complete(null);
            return 1;
        }
        Path dir = config.dataDir();
        StepwiseServer server;
        try {
            server = StepwiseServer.start(config);
        } catch (io.stepwise.functions.SandboxUnavailableException e) {
            err.println("stepwise: not starting the server: " + e.getMessage());
            err.flush();
            settled.complete(null);
            return 1;
        } catch (RuntimeException e) {
            err.println("stepwise: cannot start the server on " + host + ":" + port + ": " + e.getMessage());
            err.flush();
            settled.complete(null);
            return 1;
        }
        Instant ready = Instant.now();
        String url = server.endpoint();
        out.println();
        String store = config.database() instanceof StoreConfig.Postgres pg ? "; store: PostgreSQL " + pg : ""; // no password
        out.println("Stepwise is ready at " + url + "  (AWS Lambda and Step Functions APIs; data in " + dir.toAbsolutePath()
                + store + ")");
        out.flush();
        boolean mainJob = config.deployExample() && server.functions().newStore();
        Thread job = Thread.ofPlatform().name("stepwise-main-job").daemon().start(() -> {
            if (mainJob) {
                Remote self = Remote.of(url, signer(config.auth()));
                var problem = new java.io.StringWriter(); // said only if the server is not stopping anyway
                int code = self.run(new PrintWriter(problem), () -> new MainJob(self, out, Main.processStart().orElse(called),
                        ready).run() ? 0 : 1);
                if (code == 130 || stop.getCount() == 0) {
                    settled.complete(null);
                    return;
                }
                if (code > 1) err.println(problem.toString().strip() + "\nstepwise: the main job stopped early; the server goes on");
            }
            hints(out, config, server.port(), url);
            settled.complete(null);
        });
        var closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stepwise-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } finally {
            job.interrupt();
            err.println("stepwise: shutting down (stopping execution environments)");
            err.flush();
            server.close();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
        return 0;
    }

    /** How to reach the server: printed once it is ready and the main job (if it runs) has ended. */
    private static void hints(PrintWriter out, ServerConfig config, int port, String url) {
        String keyHint = switch (config.auth()) {
            case Auth.SigV4 s -> {
                out.println("Requests must be signed (AWS Signature V4) with a configured access key (" + String.join(", ", s.keys().ids())
                        + "). Try:");
                yield "AWS_ACCESS_KEY_ID=" + s.keys().ids().iterator().next() + " AWS_SECRET_ACCESS_KEY=<its secret>";
            }
            case Auth.Open o -> {
                out.println(ServerConfig.loopback(config.host()) ? "Requests are not authenticated (loopback only): any access key works. Try:"
                        : "WARNING: requests are not authenticated (--auth none): anyone who can reach port " + port
                                + " can deploy and run code. Try:");
                yield "AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x";
            }
        };
        String endpoint = url.equals("http://127.0.0.1:8080") ? "" : " --endpoint " + url;
        out.println();
        out.println("  " + keyHint + " AWS_DEFAULT_REGION=us-east-1 \\");
        out.println("  aws lambda invoke --endpoint-url " + url + " --function-name hello \\");
        out.println("      --cli-binary-format raw-in-base64-out --payload '{\"name\": \"Ada\"}' out.json && cat out.json");
        out.println("  stepwise workflows list" + endpoint + "     # state machines; `stepwise workflows start NAME --wait` runs one");
        out.println();
        String logs = config.auth() instanceof Auth.Open ? url + "/stepwise/v1/functions/hello/logs"
                : "stepwise logs hello --endpoint " + url + " (signs with the same AWS_* variables)";
        out.println("Console: " + url + "/console/   Logs: " + logs + "   Metrics: " + url + "/metrics   (Ctrl-C stops)");
        out.flush();
    }

    /** The main job signs its requests as any client must: with one of the server's keys when it checks signatures. */
    private static AwsCredentialsProvider signer(Auth auth) {
        return switch (auth) {
            case Auth.SigV4 s -> {
                String id = s.keys().ids().iterator().next();
                yield StaticCredentialsProvider.create(AwsBasicCredentials.create(id, s.keys().secret(id).orElseThrow()));
            }
            case Auth.Open o -> StaticCredentialsProvider.create(AwsBasicCredentials.create("stepwise", "stepwise"));
        };
    }
}
