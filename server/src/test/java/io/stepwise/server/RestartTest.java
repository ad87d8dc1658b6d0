package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Everything the API created is still there, and invocable, after the server is stopped and started again. */
class RestartTest {

    @Test
    void functions_versions_aliases_concurrency_records_and_queued_events_survive_a_restart() {
        Path data = TestServer.tempDir();
        TestServer first = TestServer.start(data, true);
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

        try (TestServer second = TestServer.start(data, true)) {
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
            s.lambda.createFunction(b -> b.functionName("pid").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                    .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py", "import os\ndef handler(e, c):\n    return os.getpid()\n"))));
            long pid = Long.parseLong(s.lambda.invoke(b -> b.functionName("pid")).payload().asUtf8String());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);
            s.stop();
            // SIGKILL was sent by stop(); the kernel reaps the process a moment later
            Eventually.until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive), java.util.Optional::isEmpty, "the environment to exit");
        }
    }
}
