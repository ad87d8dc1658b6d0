package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonRuntimeTest {
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
    void runs_a_python_handler_with_aws_event_and_context_then_reuses_the_warm_environment() throws Exception {
        Path code = Fixtures.code(dir.resolve("code"), "app.py", """
                import os
                def handler(event, context):
                    print("got", event["n"])
                    return {"n": event["n"] + 1, "id": context.aws_request_id, "fn": context.function_name,
                            "mem": context.memory_limit_in_mb, "arn": context.invoked_function_arn,
                            "left": context.get_remaining_time_in_millis(), "greeting": os.environ["GREETING"],
                            "tz": os.environ["TZ"], "exec": os.environ["AWS_EXECUTION_ENV"], "env": os.environ["AWS_LAMBDA_LOG_STREAM_NAME"],
                            "tmp": os.environ["TMPDIR"], "cwd": os.getcwd()}
                """);
        FunctionSpec fn = Fixtures.spec("py-echo", "python3.12", "app.handler", 256, 30, code);

        InvocationResult first = runtime.invoke(fn, new InvokeRequest("{\"n\":41}".getBytes(), true, java.util.Optional.empty()));
        InvocationResult second = runtime.invoke(fn, InvokeRequest.of("{\"n\":1}"));

        assertThat(first.functionError()).isEmpty();
        assertThat(first.payloadText()).contains("\"n\": 42", "\"id\": \"" + first.requestId() + "\"", "\"fn\": \"py-echo\"",
                "\"mem\": \"256\"", "\"greeting\": \"hello\"", "\"tz\": \":UTC\"", "\"exec\": \"AWS_Lambda_python3.12\"",
                "\"cwd\": \"/var/task\"", "function:py-echo:$LATEST");
        assertThat(first.metering().coldStart()).isTrue();
        assertThat(first.metering().initDurationMs()).isPresent();
        assertThat(second.metering().coldStart()).isFalse();
        assertThat(second.metering().initDurationMs()).isEmpty();
        assertThat(environment(second)).isEqualTo(environment(first));
        String tail = new String(Base64.getDecoder().decode(first.logTail().orElseThrow()), StandardCharsets.UTF_8);
        assertThat(tail).contains("START RequestId: " + first.requestId() + " Version: $LATEST", "got 41",
                "END RequestId: " + first.requestId(), "REPORT RequestId: " + first.requestId() + "\tDuration: ");
        assertThat(tail).matches("(?s).*REPORT RequestId: \\S+\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\t"
                + "Memory Size: 256 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms\\t\n.*");
        assertThat(runtime.logs().recent("py-echo", 100)).anyMatch(l -> l.equals("got 1"));
    }

    @Test
    void the_functions_log_lines_come_before_end_and_report_every_time() throws Exception {
        Path code = Fixtures.code(dir.resolve("code"), "app.py", """
                import sys
                def handler(event, context):
                    for i in range(200):
                        print("line", i)
                    sys.stdout.write("no newline at the end")
                    return "ok"
                """);
        FunctionSpec fn = Fixtures.spec("py-order", "python3.12", "app.handler", 256, 30, code);

        for (int i = 0; i < 10; i++) runtime.invoke(fn, InvokeRequest.of("{}"));

        java.util.List<String> log = runtime.logs().recent("py-order", 10_000);
        int starts = 0;
        for (int i = 0; i < log.size(); i++) {
            if (!log.get(i).startsWith("START ")) continue;
            starts++;
            assertThat(log.subList(i + 1, i + 202)).as("invocation %d", starts)
                    .startsWith("line 0").contains("line 199").endsWith("no newline at the end");
            assertThat(log.get(i + 202)).startsWith("END RequestId: ");
            assertThat(log.get(i + 203)).startsWith("REPORT RequestId: ");
        }
        assertThat(starts).isEqualTo(10);
    }

    @Test
    void a_raised_exception_is_an_unhandled_function_error_in_aws_shape_and_the_environment_survives() throws Exception {
        Path code = Fixtures.code(dir.resolve("code"), "app.py", """
                def handler(event, context):
                    raise ValueError("bad input")
                """);
        FunctionSpec fn = Fixtures.spec("py-fail", "python3.12", "app.handler", 128, 30, code);

        InvocationResult r = runtime.invoke(fn, InvokeRequest.of("{}"));
        InvocationResult again = runtime.invoke(fn, InvokeRequest.of("{}"));

        assertThat(r.functionError()).contains("Unhandled");
        assertThat(r.errorType()).contains("ValueError");
        assertThat(r.payloadText()).as(String.join("\n", runtime.logs().recent("py-fail", 50))).contains("\"errorMessage\": \"bad input\"", "\"errorType\": \"ValueError\"",
                "\"requestId\": \"" + r.requestId() + "\"", "\"stackTrace\": [", "in handler");
        assertThat(again.metering().coldStart()).isFalse();
    }

    @Test
    void a_missing_module_is_an_import_module_init_error() throws Exception {
        Path code = Fixtures.code(dir.resolve("code"), "app.py", "x = 1\n");
        InvocationResult missingModule = runtime.invoke(Fixtures.spec("py-nomod", "python3.12", "nothere.handler", 128, 30, code), InvokeRequest.of("{}"));
        InvocationResult missingHandler = runtime.invoke(Fixtures.spec("py-nohandler", "python3.12", "app.handler", 128, 30, code), InvokeRequest.of("{}"));

        assertThat(missingModule.functionError()).contains("Unhandled");
        assertThat(missingModule.errorType()).contains("Runtime.ImportModuleError");
        assertThat(missingModule.payloadText()).contains("Runtime.ImportModuleError", "Unable to import module 'nothere'");
        assertThat(missingHandler.errorType()).contains("Runtime.HandlerNotFound");
        assertThat(missingHandler.payloadText()).contains("Runtime.HandlerNotFound");
    }

    @Test
    void a_function_running_past_its_timeout_is_killed_and_the_next_call_gets_a_new_environment() throws Exception {
        Path code = Fixtures.code(dir.resolve("code"), "app.py", """
                import time, os
                def handler(event, context):
                    if event.get("sleep"):
                        time.sleep(30)
                    return os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
                """);
        FunctionSpec fn = Fixtures.spec("py-slow", "python3.12", "app.handler", 128, 1, code);
        InvocationResult warm = runtime.invoke(fn, InvokeRequest.of("{}"));

        InvocationResult timedOut = runtime.invoke(fn, InvokeRequest.of("{\"sleep\":true}"));
        InvocationResult after = runtime.invoke(fn, InvokeRequest.of("{}"));

        assertThat(timedOut.functionError()).contains("Unhandled");
        assertThat(timedOut.errorType()).contains("Sandbox.Timedout");
        assertThat(timedOut.payloadText()).contains("\"errorType\":\"Sandbox.Timedout\"",
                timedOut.requestId() + " Task timed out after 1.00 seconds");
        // Duration excludes run-queue delay, so on a loaded host a 1 s timeout can report slightly under 1000 ms.
        assertThat(timedOut.metering().durationMs()).isBetween(900.0, 5000.0);
        assertThat(after.functionError()).isEmpty();
        assertThat(after.errorType()).isEmpty();
        assertThat(after.metering().coldStart()).isTrue();
        assertThat(after.payloadText()).isNotEqualTo(warm.payloadText());
    }

    @Test
    void a_runtime_that_dies_is_an_exit_error_and_the_next_call_starts_a_new_environment() throws Exception {
        Path code = Fixtures.code(dir.resolve("code"), "app.py", """
                import os, signal
                def handler(event, context):
                    if event.get("die"):
                        os.kill(os.getpid(), signal.SIGKILL)
                    return "alive"
                """);
        FunctionSpec fn = Fixtures.spec("py-crash", "python3.12", "app.handler", 128, 30, code);

        InvocationResult crashed = runtime.invoke(fn, InvokeRequest.of("{\"die\":true}"));
        InvocationResult next = runtime.invoke(fn, InvokeRequest.of("{}"));

        assertThat(crashed.payloadText()).isEqualTo("{\"errorMessage\":\"RequestId: " + crashed.requestId()
                + " Error: Runtime exited with error: signal: killed\",\"errorType\":\"Runtime.ExitError\"}");
        assertThat(crashed.errorType()).contains("Runtime.ExitError");
        assertThat(next.payloadText()).isEqualTo("\"alive\"");
        assertThat(next.metering().coldStart()).isTrue();
    }

    /** The log stream name: one per execution environment (as on Lambda), unlike pids, which a pid namespace repeats. */
    private static String environment(InvocationResult r) {
        return r.payloadText().replaceAll(".*\"env\": \"([^\"]+)\".*", "$1");
    }
}
