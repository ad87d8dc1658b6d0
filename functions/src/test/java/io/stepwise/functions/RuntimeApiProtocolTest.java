package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeApiProtocolTest {
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
    void answers_403_to_out_of_order_calls_and_202_with_status_ok_to_the_right_one() throws Exception {
        Path code = Fixtures.code(dir.resolve("code"), "bootstrap", """
                #!/bin/sh
                API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
                H="$(mktemp)"
                curl -sS -D "$H" "$API/invocation/next" > /dev/null
                ID=$(grep -i Lambda-Runtime-Aws-Request-Id "$H" | tr -d '[:space:]' | cut -d: -f2)
                WRONG=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$API/invocation/not-$ID/response" -d '1')
                LATE_INIT=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$API/init/error" -d '{}')
                OK=$(curl -s -X POST "$API/invocation/$ID/error" -H 'Lambda-Runtime-Function-Error-Type: Custom' \\
                  -d "{\\"errorMessage\\":\\"wrong=$WRONG init=$LATE_INIT\\",\\"errorType\\":\\"Custom\\",\\"stackTrace\\":[]}")
                echo "ok=$OK"
                AGAIN=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$API/invocation/$ID/response" -d '1')
                echo "again=$AGAIN"
                sleep 5
                """);
        InvocationResult r = runtime.invoke(Fixtures.spec("proto", "provided.al2023", "h", 128, 30, code), InvokeRequest.of("{}"));

        assertThat(r.functionError()).contains("Unhandled");
        assertThat(r.payloadText()).contains("wrong=403 init=403", "\"errorType\":\"Custom\"");
    }

    @Test
    void a_function_errors_type_is_the_error_jsons_else_the_one_the_runtime_declared() {
        assertThat(RuntimeApi.errorType(bytes("{\"errorMessage\":\"x\",\"errorType\":\"java.lang.IllegalStateException\"}"),
                "Runtime.UserException")).isEqualTo("java.lang.IllegalStateException");
        assertThat(RuntimeApi.errorType(bytes("{\"errorMessage\":\"x\"}"), "Custom")).isEqualTo("Custom");
        assertThat(RuntimeApi.errorType(bytes("{\"errorType\":42}"), "Custom")).isEqualTo("Custom");
        assertThat(RuntimeApi.errorType(bytes("[\"errorType\"]"), "Custom")).isEqualTo("Custom");
        assertThat(RuntimeApi.errorType(bytes("segfault, no JSON"), "Unhandled")).isEqualTo("Unhandled");
        assertThat(RuntimeApi.errorType(new byte[0], "Unhandled")).isEqualTo("Unhandled");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
