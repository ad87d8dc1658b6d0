package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeFamiliesTest {
    @TempDir Path dir;
    FunctionRuntime runtime;

    @BeforeEach
    void start() {
        runtime = new FunctionRuntime(RuntimeConfig.defaults(dir.resolve("data")));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void runs_node_async_and_callback_handlers_with_the_aws_context() throws Exception {
        Path code = Fixtures.code(dir.resolve("node"), "index.mjs", """
                export const handler = async (event, context) => ({
                  twice: event.n * 2, id: context.awsRequestId, fn: context.functionName,
                  left: context.getRemainingTimeInMillis() > 0, waits: context.callbackWaitsForEmptyEventLoop });
                export const cb = (event, context, callback) => setTimeout(() => callback(null, { cb: event.n }), 1);
                export const fails = async () => { throw new TypeError('nope'); };
                """);
        InvocationResult async = runtime.invoke(Fixtures.spec("node-async", "nodejs20.x", "index.handler", 256, 30, code), InvokeRequest.of("{\"n\":21}"));
        InvocationResult callback = runtime.invoke(Fixtures.spec("node-cb", "nodejs20.x", "index.cb", 256, 30, code), InvokeRequest.of("{\"n\":7}"));
        InvocationResult failed = runtime.invoke(Fixtures.spec("node-fail", "nodejs20.x", "index.fails", 256, 30, code), InvokeRequest.of("{}"));
        InvocationResult missing = runtime.invoke(Fixtures.spec("node-missing", "nodejs20.x", "index.nothing", 256, 30, code), InvokeRequest.of("{}"));

        assertThat(async.payloadText()).isEqualTo("{\"twice\":42,\"id\":\"" + async.requestId() + "\",\"fn\":\"node-async\",\"left\":true,\"waits\":true}");
        assertThat(callback.payloadText()).isEqualTo("{\"cb\":7}");
        assertThat(failed.functionError()).contains("Unhandled");
        assertThat(failed.errorType()).contains("TypeError");
        assertThat(failed.payloadText()).contains("\"errorType\":\"TypeError\"", "\"errorMessage\":\"nope\"", "\"trace\":[");
        assertThat(missing.errorType()).contains("Runtime.HandlerNotFound");
        assertThat(missing.payloadText()).contains("Runtime.HandlerNotFound");
    }

    @Test
    void a_node_callback_result_is_sent_when_the_event_loop_is_empty_unless_the_handler_says_not_to_wait() throws Exception {
        Path code = Fixtures.code(dir.resolve("node-loop"), "index.mjs", """
                export const handler = (event, context, callback) => {
                  const result = { timerRan: false };
                  context.callbackWaitsForEmptyEventLoop = event.wait;
                  setTimeout(() => { result.timerRan = true; }, 50);
                  callback(null, result);
                };
                """);
        FunctionSpec fn = Fixtures.spec("node-loop", "nodejs20.x", "index.handler", 256, 30, code);

        InvocationResult waited = runtime.invoke(fn, InvokeRequest.of("{\"wait\":true}"));
        InvocationResult notWaited = runtime.invoke(fn, InvokeRequest.of("{\"wait\":false}"));

        assertThat(waited.payloadText()).isEqualTo("{\"timerRan\":true}");
        assertThat(notWaited.payloadText()).isEqualTo("{\"timerRan\":false}");
        assertThat(notWaited.metering().coldStart()).isFalse();
    }

    @Test
    void runs_a_provided_runtime_shell_bootstrap() throws Exception {
        Path code = Fixtures.code(dir.resolve("provided"), "bootstrap", """
                #!/bin/sh
                API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
                while true; do
                  HEADERS="$(mktemp)"
                  EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
                  ID=$(grep -i Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
                  echo "shell got $EVENT"
                  curl -sS -X POST "$API/invocation/$ID/response" -d "{\\"echo\\":$EVENT,\\"handler\\":\\"$_HANDLER\\"}" > /dev/null
                done
                """);
        FunctionSpec fn = Fixtures.spec("shell", "provided.al2023", "function.handler", 128, 30, code);

        InvocationResult r = runtime.invoke(fn, InvokeRequest.of("{\"a\":1}"));
        InvocationResult warm = runtime.invoke(fn, InvokeRequest.of("{\"a\":2}"));

        assertThat(r.payloadText()).isEqualTo("{\"echo\":{\"a\":1},\"handler\":\"function.handler\"}");
        assertThat(warm.payloadText()).isEqualTo("{\"echo\":{\"a\":2},\"handler\":\"function.handler\"}");
        assertThat(warm.metering().coldStart()).isFalse();
    }

    @Test
    void runs_a_java_request_handler_through_the_official_runtime_interface_client() throws Exception {
        Path code = Fixtures.code(dir.resolve("java"), "example/Hello.java", """
                package example;
                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;
                import java.util.Map;
                public class Hello implements RequestHandler<Map<String, Object>, String> {
                    public String handleRequest(Map<String, Object> event, Context context) {
                        return "hello " + event.get("name") + " from " + context.getFunctionName() + " " + context.getMemoryLimitInMB();
                    }
                }
                """);
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", jarOf(com.amazonaws.services.lambda.runtime.Context.class),
                "-d", code.toString(), code.resolve("example/Hello.java").toString());
        assertThat(javac).isZero();
        FunctionSpec fn = Fixtures.spec("java-hello", "java21", "example.Hello::handleRequest", 512, 20, code);

        InvocationResult r = runtime.invoke(fn, InvokeRequest.of("{\"name\":\"ada\"}"));
        InvocationResult warm = runtime.invoke(fn, InvokeRequest.of("{\"name\":\"bob\"}"));

        assertThat(r.payloadText()).as(String.join("\n", runtime.logs().recent("java-hello", 40)))
                .isEqualTo("\"hello ada from java-hello 512\"");
        assertThat(warm.payloadText()).as(String.join("\n", runtime.logs().recent("java-hello", 60))).isEqualTo("\"hello bob from java-hello 512\"");
        assertThat(warm.metering().coldStart()).as(String.join("\n", runtime.logs().recent("java-hello", 40))).isFalse();
    }

    @Test
    void a_java_handler_exception_is_typed_by_its_class_not_by_the_runtime_clients_category() throws Exception {
        Path code = Fixtures.code(dir.resolve("java-fail"), "example/Fails.java", """
                package example;
                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.RequestHandler;
                import java.util.Map;
                public class Fails implements RequestHandler<Map<String, Object>, String> {
                    public String handleRequest(Map<String, Object> event, Context context) {
                        throw new IllegalStateException("no " + event.get("name"));
                    }
                }
                """);
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", jarOf(com.amazonaws.services.lambda.runtime.Context.class),
                "-d", code.toString(), code.resolve("example/Fails.java").toString());
        assertThat(javac).isZero();
        FunctionSpec fn = Fixtures.spec("java-fails", "java21", "example.Fails::handleRequest", 512, 20, code);

        InvocationResult r = runtime.invoke(fn, InvokeRequest.of("{\"name\":\"ada\"}"));

        // The official runtime client declares Runtime.UserException for every handler exception; the error JSON
        // names the class, and that is the type Step Functions retries and catches on.
        assertThat(r.functionError()).contains("Unhandled");
        assertThat(r.errorType()).as(String.join("\n", runtime.logs().recent("java-fails", 40)))
                .contains("java.lang.IllegalStateException");
        assertThat(r.payloadText()).contains("no ada");
    }

    private static String jarOf(Class<?> c) throws URISyntaxException, IOException {
        Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(Files.exists(p)).isTrue();
        return p.toString();
    }
}
