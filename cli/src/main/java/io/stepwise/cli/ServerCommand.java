package io.stepwise.cli;

import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code stepwise server}: runs the server in this JVM until Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the Stepwise server (AWS Lambda API, embedded store) until interrupted.")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;

    @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--data", description = "data folder (default: $STEPWISE_DATA or ./.stepwise)")
    Path data;

    @Spec
    CommandSpec spec;

    @Option(names = "--no-example", description = "do not deploy the example function 'hello' into a new data folder")
    boolean noExample;

    @Option(names = "--memory-budget", paramLabel = "MB",
            description = "memory all execution environments together may use; a call that would need more gets 429 "
                    + "TooManyRequestsException (default: three quarters of this machine's memory, ${DEFAULT-VALUE} MB)")
    int memoryBudgetMb = ServerConfig.defaultMemoryBudgetMb();

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "stop a warm execution environment after this long without a call (default: ${DEFAULT-VALUE})")
    long idleTimeoutSeconds = 300;

    ServerConfig config() {
        if (memoryBudgetMb < 128) {
            throw new ParameterException(spec.commandLine(), "--memory-budget must be at least 128 (MB), got " + memoryBudgetMb);
        }
        if (idleTimeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--idle-timeout must be at least 1 (second), got " + idleTimeoutSeconds);
        }
        Path dir = data != null ? data : Path.of(System.getenv().getOrDefault("STEPWISE_DATA", ".stepwise"));
        return ServerConfig.defaults(dir).withPort(port).withHost(host).withExample(!noExample)
                .withMemoryBudgetMb(memoryBudgetMb).withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds));
    }

    @Override
    public Integer call() throws InterruptedException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var config = config();
        Path dir = config.dataDir();
        StepwiseServer server;
        try {
            server = StepwiseServer.start(config);
        } catch (RuntimeException e) {
            err.println("stepwise: cannot start the server on " + host + ":" + port + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("stepwise: shutting down (stopping execution environments)");
            server.close();
            stopped.countDown();
        }, "stepwise-shutdown"));
        String url = server.endpoint();
        out.println();
        out.println("Stepwise is ready at " + url + "  (AWS Lambda API; data in " + dir.toAbsolutePath() + ")");
        out.println("No request signing is checked yet: any access key works. Try:");
        out.println();
        out.println("  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 \\");
        out.println("  aws lambda invoke --endpoint-url " + url + " --function-name hello \\");
        out.println("      --cli-binary-format raw-in-base64-out --payload '{\"name\": \"Ada\"}' out.json && cat out.json");
        out.println();
        out.println("Logs: " + url + "/stepwise/v1/functions/hello/logs   Metrics: " + url + "/metrics   (Ctrl-C stops)");
        out.flush();
        stopped.await();
        return 0;
    }
}
