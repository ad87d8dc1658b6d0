package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.store.Dialect;
import io.stepwise.store.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Everything the API created is still there, and invocable, after the server is stopped and started again. */
class RestartTest {

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Dialect.class)
    void functions_versions_aliases_concurrency_records_and_queued_events_restartKeepsEverything(Dialect dialect) {
        try (var store = TestDatabase.create(dialect)) {
            restartKeepsEverything(TestServer.config(store.dataDir(), true).withDatabase(store.config()));
        }
    }

    private static void restartKeepsEverything(ServerConfig config) {
        TestServer first = TestServer.start(config);
        LambdaApiTest.createEcho(first, "keep");
        first.lambda.publishVersion(b -> b.functionName("keep"));
        first.lambda.createAlias(b -> b.functionName("keep").name("prod").functionVersion("1"));
        first.lambda.invoke(b -> b.functionName("keep"));
        // an event that cannot run yet (concurrency 0 throttles it) stays queued across the restart
        first.lambda.createFunction(b -> b.functionName("later").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py", LambdaApiTest.ECHO))));
        first.lambda.putFunctionConcurrency(b -> b.functionName("later").reservedConcurrentExecutions(0));
        first.lambda.invoke(b -> b.functionName("later").invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{\"queued\":1}")));
        first.stop();

        try (TestServer second = TestServer.start(config)) {
            assertThat(second.lambda.listFunctions().functions()).extracting(FunctionConfiguration::functionName)
                    .containsExactly("hello", "keep", "later");
            assertThat(second.lambda.listVersionsByFunction(b -> b.functionName("keep")).versions()).hasSize(2);
            assertThat(second.lambda.getAlias(b -> b.functionName("keep").name("prod")).functionVersion()).isEqualTo("1");
            var r = second.lambda.invoke(b -> b.functionName("keep").qualifier("prod").payload(SdkBytes.fromUtf8String("{\"after\":\"restart\"}")));
            assertThat(r.executedVersion()).isEqualTo("1");
            assertThat(LambdaApiTest.json(r.payload()).get("event").get("after").asText()).isEqualTo("restart");
            assertThat(second.server.functions().invocations().recent("keep", 10)).hasSize(2);
            assertThat(second.lambda.getFunctionConcurrency(b -> b.functionName("later")).reservedConcurrentExecutions()).isZero();
            assertThat(second.lambda.invoke(b -> b.functionName("hello")).payload().asUtf8String()).contains("Hello, world!");

            second.lambda.deleteFunctionConcurrency(b -> b.functionName("later"));
            var ran = Eventually.until(() -> second.server.functions().invocations().recent("later", 10), l -> !l.isEmpty(),
                    "the queued event to run after the restart");
            assertThat(ran.getFirst().invocationType()).isEqualTo("Event");
            assertThat(second.http("GET", "/stepwise/v1/functions/later/logs", null).body()).contains("'queued': 1");
        }
    }

    @Test
    void stopping_the_server_stops_its_execution_environments() {
        try (TestServer s = TestServer.start()) {
            // A function's pid is its own pid namespace's, so the host finds the environment's processes by their
            // environment variables instead: the log stream name is one per execution environment.
            s.lambda.createFunction(b -> b.functionName("env").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE).handler("app.handler")
                    .code(c -> c.zipFile(Zips.of("app.py", "import os\ndef handler(e, c):\n    return os.environ['AWS_LAMBDA_LOG_STREAM_NAME']\n"))));
            String stream = s.lambda.invoke(b -> b.functionName("env")).payload().asUtf8String().replace("\"", "");
            String entry = "AWS_LAMBDA_LOG_STREAM_NAME=" + stream;
            assertThat(hostProcessesWith(entry)).isNotEmpty();
            s.stop();
            // SIGKILL was sent by stop(); the kernel reaps the processes a moment later
            Eventually.until(() -> hostProcessesWith(entry), List::isEmpty, "the environment to exit");
        }
    }

    /** Host pids whose environment holds {@code entry}. */
    private static List<String> hostProcessesWith(String entry) {
        String needle = entry + "\0";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.ISO_8859_1).contains(needle);
                } catch (IOException gone) {
                    return false;
                }
            }).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
