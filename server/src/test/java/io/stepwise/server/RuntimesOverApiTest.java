package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Node, Java (through the official RIC) and provided functions deployed and invoked with the AWS SDK. */
class RuntimesOverApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static InvokeResponse invoke(String name, String payload) {
        return server.lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String(payload)));
    }

    @Test
    void runs_a_node_function() {
        server.lambda.createFunction(b -> b.functionName("node-fn").runtime(Runtime.NODEJS20_X).role(LambdaApiTest.ROLE)
                .handler("index.handler").code(c -> c.zipFile(Zips.of("index.mjs", """
                        export const handler = async (event, context) => ({ sum: event.a + event.b, fn: context.functionName });
                        """))));
        InvokeResponse r = invoke("node-fn", "{\"a\": 2, \"b\": 3}");
        assertThat(r.functionError()).isNull();
        assertThat(r.payload().asUtf8String()).isEqualTo("{\"sum\":5,\"fn\":\"node-fn\"}");
    }

    /** Issue 13: the error payload and the log tail name /var/task, never the server's data folder. */
    @Test
    void function_errors_and_logs_read_as_on_lambda_through_the_api() {
        server.lambda.createFunction(b -> b.functionName("py-err").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py", """
                        def handler(event, context):
                            raise ValueError("x")
                        """))));
        server.lambda.createFunction(b -> b.functionName("node-log").runtime(Runtime.NODEJS20_X).role(LambdaApiTest.ROLE)
                .handler("index.handler").code(c -> c.zipFile(Zips.of("index.mjs", """
                        export const handler = async () => {
                          console.warn('careful');
                          throw new Error('x');
                        };
                        """))));

        InvokeResponse py = server.lambda.invoke(b -> b.functionName("py-err").logType(LogType.TAIL));
        InvokeResponse node = server.lambda.invoke(b -> b.functionName("node-log").logType(LogType.TAIL));

        String pyTail = new String(Base64.getDecoder().decode(py.logResult()), StandardCharsets.UTF_8);
        String nodeTail = new String(Base64.getDecoder().decode(node.logResult()), StandardCharsets.UTF_8);
        assertThat(py.payload().asUtf8String()).contains(
                "\"stackTrace\": [\"  File \\\"/var/task/app.py\\\", line 2, in handler\\n    raise ValueError(\\\"x\\\")\\n\"]");
        assertThat(pyTail).contains("[ERROR] ValueError: x\nTraceback (most recent call last):\n"
                + "  File \"/var/task/app.py\", line 2, in handler\n    raise ValueError(\"x\")\n");
        assertThat(node.payload().asUtf8String()).contains("\"    at Runtime.handler (file:///var/task/index.mjs:3:9)\"");
        assertThat(nodeTail).containsPattern("\\tWARN\\tcareful\n");
        String dataDir = server.dataDir.toAbsolutePath().toString();
        assertThat(py.payload().asUtf8String() + pyTail + node.payload().asUtf8String() + nodeTail).doesNotContain(dataDir, "bootstrap.py");
    }

    @Test
    void runs_a_provided_function_with_a_shell_bootstrap() {
        server.lambda.createFunction(b -> b.functionName("shell-fn").runtime(Runtime.PROVIDED_AL2023).role(LambdaApiTest.ROLE)
                .handler("function.handler").code(c -> c.zipFile(Zips.of("bootstrap", SHELL_BOOTSTRAP))));
        assertThat(invoke("shell-fn", "{\"x\":1}").payload().asUtf8String()).isEqualTo("{\"shell\":{\"x\":1}}");
    }

    /** A {@code demo.Hello::handleRequest} RequestHandler compiled against the official aws-lambda-java-core. */
    static byte[] javaHelloZip() throws Exception {
        Path src = Files.createTempDirectory("java-fn");
        Path file = src.resolve("demo/Hello.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                package demo;
                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;
                import java.util.Map;
                public class Hello implements RequestHandler<Map<String, Object>, String> {
                    public String handleRequest(Map<String, Object> event, Context context) {
                        return "hello " + event.get("name") + " from " + context.getFunctionName();
                    }
                }
                """);
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp",
                jarOf(com.amazonaws.services.lambda.runtime.Context.class), "-d", src.toString(), file.toString());
        assertThat(javac).isZero();
        return Zips.zip(Map.of("demo/Hello.class", Files.readAllBytes(src.resolve("demo/Hello.class"))));
    }

    /** A {@code provided} runtime: a shell bootstrap speaking the Runtime API with curl. */
    static final String SHELL_BOOTSTRAP = """
            #!/bin/sh
            API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
            while true; do
              HEADERS="$(mktemp)"
              EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
              ID=$(grep -i Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
              curl -sS -X POST "$API/invocation/$ID/response" -d "{\\"shell\\":$EVENT}" > /dev/null
            done
            """;

    @Test
    void runs_a_java_request_handler_through_the_runtime_interface_client() throws Exception {
        byte[] zip = javaHelloZip();
        server.lambda.createFunction(b -> b.functionName("java-fn").runtime(Runtime.JAVA21).role(LambdaApiTest.ROLE)
                .handler("demo.Hello::handleRequest").memorySize(512).timeout(30)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
        InvokeResponse r = invoke("java-fn", "{\"name\": \"ada\"}");
        assertThat(r.payload().asUtf8String()).as(server.http("GET", "/stepwise/v1/functions/java-fn/logs", null).body())
                .isEqualTo("\"hello ada from java-fn\"");
    }

    static String jarOf(Class<?> c) throws URISyntaxException, IOException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
