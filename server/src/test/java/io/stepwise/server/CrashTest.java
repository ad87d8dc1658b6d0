package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** What the API acknowledged survives the server being killed with SIGKILL. */
class CrashTest {

    @Test
    void an_accepted_event_and_the_functions_survive_sigkill_and_run_after_restart() throws Exception {
        Path data = TestServer.tempDir();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildServer.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        try {
            var out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            String line;
            int port = -1;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PORT ")) {
                    port = Integer.parseInt(line.substring(5).trim());
                    break;
                }
            }
            assertThat(port).as("child server port").isPositive();
            Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining its console
            try (LambdaClient lambda = TestServer.client("http://127.0.0.1:" + port)) {
                lambda.createFunction(b -> b.functionName("survivor").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                        .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py", LambdaApiTest.ECHO))));
                lambda.putFunctionConcurrency(b -> b.functionName("survivor").reservedConcurrentExecutions(0));
                var accepted = lambda.invoke(b -> b.functionName("survivor").invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String("{\"before\":\"crash\"}")));
                assertThat(accepted.statusCode()).isEqualTo(202);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            child.waitFor(30, TimeUnit.SECONDS);
        }

        try (TestServer after = TestServer.start(data, false)) {
            assertThat(after.lambda.getFunction(b -> b.functionName("survivor")).configuration().handler()).isEqualTo("app.handler");
            after.lambda.deleteFunctionConcurrency(b -> b.functionName("survivor"));
            var ran = Eventually.until(() -> after.server.functions().invocations().recent("survivor", 5), l -> !l.isEmpty(),
                    "the event accepted before the crash to run");
            assertThat(ran.getFirst().invocationType()).isEqualTo("Event");
            assertThat(after.http("GET", "/stepwise/v1/functions/survivor/logs", null).body()).contains("'before': 'crash'");
        }
    }
}
