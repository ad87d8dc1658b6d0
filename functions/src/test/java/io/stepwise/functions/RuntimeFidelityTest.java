package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: what a function sees of itself and reports (memory, stack traces, log records) as on Lambda. */
class RuntimeFidelityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @TempDir Path dir;
    FunctionRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    private FunctionRuntime sandboxed() {
        runtime = new FunctionRuntime(RuntimeConfig.defaults(dir.resolve("data")));
        return runtime;
    }

    private static FunctionSpec spec(String name, String runtime, String handler, Path code, Map<String, String> env) {
        return new FunctionSpec(name, "arn:aws:lambda:us-east-1:000000000000:function:" + name + ":$LATEST", "$LATEST",
                runtime, handler, 512, 30, 512, env, code, "rev-1", OptionalInt.empty());
    }

    private static FunctionSpec spec(String name, String runtime, String handler, Path code) {
        return spec(name, runtime, handler, code, Map.of());
    }

    private JsonNode payload(FunctionSpec fn) throws Exception {
        return JSON.readTree(runtime.invoke(fn, InvokeRequest.of("{}")).payloadText());
    }

    private List<String> log(FunctionSpec fn) {
        return runtime.logs().recent(fn.name(), 200);
    }

    // --- Max Memory Used ---

    @Test
    void max_memory_used_of_a_node_and_a_python_function_is_within_ten_percent_of_the_runtimes_peak_rss() throws Exception {
        sandboxed();
        Path py = Fixtures.code(dir.resolve("py"), "app.py", """
                def hwm():
                    return int([l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1])
                def small(event, context):
                    return hwm()
                def allocates(event, context):
                    b = bytearray(60 * 1024 * 1024)
                    for i in range(0, len(b), 4096):
                        b[i] = 1
                    return hwm()
                """);
        Path node = Fixtures.code(dir.resolve("node"), "index.mjs", """
                import fs from 'node:fs';
                const hwm = () => Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
                export const small = async () => hwm();
                export const allocates = async () => { const b = Buffer.alloc(60 * 1024 * 1024, 1); return hwm() + b[0] - 1; };
                """);
        for (FunctionSpec fn : List.of(spec("py-small", "python3.12", "app.small", py), spec("py-60", "python3.12", "app.allocates", py),
                spec("node-small", "nodejs20.x", "index.small", node), spec("node-60", "nodejs20.x", "index.allocates", node))) {
            for (int call = 0; call < 2; call++) {   // cold, then warm
                InvocationResult r = runtime.invoke(fn, InvokeRequest.of("{}"));
                double peakRssMb = Long.parseLong(r.payloadText()) / 1024.0;
                assertThat((double) r.metering().maxMemoryUsedMb())
                        .as("%s (call %d): Max Memory Used against the runtime's VmHWM of %.1f MB", fn.name(), call, peakRssMb)
                        .isBetween(peakRssMb * 0.9, peakRssMb * 1.1);
            }
        }
    }

    // --- stack traces ---

    private static final String PY_ERRORS = """
            def boom(event, context):
                raise ValueError("x")
            """;
    private static final String NODE_ERRORS = """
            export const handler = async () => {
              throw new Error('x');
            };
            """;

    @Test
    void python_stack_traces_show_only_the_functions_frames_at_var_task_without_host_paths() throws Exception {
        sandboxed();
        FunctionSpec fn = spec("py-boom", "python3.12", "app.boom", Fixtures.code(dir.resolve("py"), "app.py", PY_ERRORS));

        JsonNode error = payload(fn);

        assertThat(error.path("errorType").asText()).isEqualTo("ValueError");
        assertThat(error.path("stackTrace").toString())
                .isEqualTo(JSON.writeValueAsString(List.of("  File \"/var/task/app.py\", line 2, in boom\n    raise ValueError(\"x\")\n")));
        assertThat(log(fn)).as("one record").contains("[ERROR] ValueError: x\nTraceback (most recent call last):\n"
                + "  File \"/var/task/app.py\", line 2, in boom\n    raise ValueError(\"x\")");
        assertThat(String.join("\n", log(fn))).doesNotContain(dir.toString(), "bootstrap");
    }

    @Test
    void node_stack_traces_show_var_task_and_var_runtime_never_host_paths() throws Exception {
        sandboxed();
        FunctionSpec fn = spec("node-boom", "nodejs20.x", "index.handler", Fixtures.code(dir.resolve("node"), "index.mjs", NODE_ERRORS));

        JsonNode error = payload(fn);

        assertThat(error.path("trace").get(0).asText()).isEqualTo("Error: x");
        assertThat(error.path("trace").get(1).asText()).isEqualTo("    at Runtime.handler (file:///var/task/index.mjs:2:9)");
        assertThat(error.toString()).contains("file:///var/runtime/node/bootstrap.mjs:").doesNotContain(dir.toString());
        assertThat(log(fn)).anyMatch(l -> l.matches(TIME + "\\t[0-9a-f-]{36}\\tERROR\\tInvoke Error \\t\\{.*file:///var/task/index.mjs:2:9.*"));
        assertThat(String.join("\n", log(fn))).doesNotContain(dir.toString());
    }

    @Test
    void init_errors_show_only_the_functions_paths() throws Exception {
        sandboxed();
        Path syntax = Fixtures.code(dir.resolve("py-syntax"), "app.py", "def handler(event, context:\n    return 1\n");
        Path raises = Fixtures.code(dir.resolve("py-raises"), "app.py", "import json\n\nraise RuntimeError('at import')\n");
        Path nodeSyntax = Fixtures.code(dir.resolve("node-syntax"), "index.mjs", "export const handler = async () => {\n");
        FunctionSpec pySyntax = spec("py-syntax", "python3.12", "app.handler", syntax);
        FunctionSpec pyRaises = spec("py-raises", "python3.12", "app.handler", raises);
        FunctionSpec node = spec("node-syntax", "nodejs20.x", "index.handler", nodeSyntax);

        JsonNode syntaxError = payload(pySyntax), importError = payload(pyRaises), nodeError = payload(node);

        assertThat(syntaxError.path("errorType").asText()).isEqualTo("Runtime.UserCodeSyntaxError");
        assertThat(syntaxError.path("stackTrace").get(0).asText()).startsWith("  File \"/var/task/app.py\" Line 1\n");
        assertThat(importError.path("errorType").asText()).isEqualTo("RuntimeError");
        assertThat(importError.path("stackTrace").toString())
                .isEqualTo(JSON.writeValueAsString(List.of("  File \"/var/task/app.py\", line 3, in <module>\n    raise RuntimeError('at import')\n")));
        assertThat(nodeError.path("errorType").asText()).isEqualTo("Runtime.UserCodeSyntaxError");
        for (FunctionSpec fn : List.of(pySyntax, pyRaises, node)) {
            assertThat(String.join("\n", log(fn))).as(fn.name()).doesNotContain(dir.toString(), "importlib", "bootstrap.py");
        }
        assertThat(syntaxError.toString() + importError + nodeError).doesNotContain(dir.toString(), "importlib", "bootstrap.py");
        assertThat(log(node)).anyMatch(l -> l.matches(TIME + "\\tundefined\\tERROR\\tUncaught Exception \\t\\{\"errorType\":\"Runtime.UserCodeSyntaxError\".*"));
    }

    @Test
    void without_a_mount_namespace_stack_traces_still_read_var_task() throws Exception {
        runtime = new FunctionRuntime(RuntimeConfig.defaults(dir.resolve("data")).withUnsafeNoSandbox(true),
                Sandbox.detect(Path.of("/sys/fs/cgroup")), new EphemeralStorage.SharedDir());
        FunctionSpec py = spec("py-boom", "python3.12", "app.boom", Fixtures.code(dir.resolve("py"), "app.py", PY_ERRORS));
        FunctionSpec node = spec("node-boom", "nodejs20.x", "index.handler", Fixtures.code(dir.resolve("node"), "index.mjs", NODE_ERRORS));

        JsonNode pyError = payload(py), nodeError = payload(node);

        assertThat(pyError.path("stackTrace").get(0).asText()).startsWith("  File \"/var/task/app.py\", line 2, in boom");
        assertThat(nodeError.path("trace").get(1).asText()).isEqualTo("    at Runtime.handler (file:///var/task/index.mjs:2:9)");
        assertThat(nodeError.toString()).contains("file:///var/runtime/node/bootstrap.mjs:");
        assertThat(pyError.toString() + nodeError + log(py) + log(node)).doesNotContain(dir.toString());
    }

    // --- log records ---

    @Test
    void node_console_lines_get_lambdas_time_request_id_and_level_prefix_one_record_per_call() throws Exception {
        sandboxed();
        FunctionSpec fn = spec("node-log", "nodejs20.x", "index.handler", Fixtures.code(dir.resolve("node"), "index.mjs", """
                console.log('at init');
                export const handler = async () => {
                  console.log('one %d', 1, { a: 1 });
                  console.info('info');
                  console.warn('warn');
                  console.error('error');
                  console.debug('debug');
                  console.trace('trace');
                  console.log('first\\nsecond');
                  return 'ok';
                };
                """));

        String id = runtime.invoke(fn, InvokeRequest.of("{}")).requestId();

        List<String> log = log(fn);
        String p = TIME + "\\t" + id + "\\t";
        assertThat(log).anyMatch(l -> l.matches(TIME + "\\tundefined\\tINFO\\tat init"));
        assertThat(log).anyMatch(l -> l.matches(p + "INFO\\tone 1 \\{ a: 1 }"));
        assertThat(log).anyMatch(l -> l.matches(p + "INFO\\tinfo"));
        assertThat(log).anyMatch(l -> l.matches(p + "WARN\\twarn"));
        assertThat(log).anyMatch(l -> l.matches(p + "ERROR\\terror"));
        assertThat(log).anyMatch(l -> l.matches(p + "DEBUG\\tdebug"));
        assertThat(log).anyMatch(l -> l.matches("(?s)" + p + "TRACE\\tTrace: trace\\n    at Runtime.handler \\(file:///var/task/index.mjs:8:11\\)\\n.*"));
        assertThat(log).anyMatch(l -> l.matches(p + "INFO\\tfirst\\nsecond"));
        assertThat(log).noneMatch(l -> l.equals("second"));
    }

    @Test
    void python_logging_gets_lambdas_format_at_warning_or_aws_lambda_log_level_while_print_stays_raw() throws Exception {
        sandboxed();
        Path code = Fixtures.code(dir.resolve("py"), "app.py", """
                import logging
                logging.getLogger().warning("at init")
                def handler(event, context):
                    print("raw print")
                    logging.getLogger().info("only at INFO")
                    logging.getLogger().warning("careful")
                    logging.getLogger("child").error("first\\nsecond")
                    return "ok"
                """);
        FunctionSpec byDefault = spec("py-log", "python3.12", "app.handler", code);
        FunctionSpec atInfo = spec("py-log-info", "python3.12", "app.handler", code, Map.of("AWS_LAMBDA_LOG_LEVEL", "INFO"));

        String id = runtime.invoke(byDefault, InvokeRequest.of("{}")).requestId();
        String infoId = runtime.invoke(atInfo, InvokeRequest.of("{}")).requestId();

        List<String> log = log(byDefault);
        assertThat(log).anyMatch(l -> l.matches("\\[WARNING]\\t" + TIME + "\\t\\tat init"));
        assertThat(log).contains("raw print");
        assertThat(log).anyMatch(l -> l.matches("\\[WARNING]\\t" + TIME + "\\t" + id + "\\tcareful"));
        assertThat(log).anyMatch(l -> l.matches("\\[ERROR]\\t" + TIME + "\\t" + id + "\\tfirst\\nsecond"));
        assertThat(log).noneMatch(l -> l.contains("only at INFO") || l.equals("second"));
        assertThat(log(atInfo)).anyMatch(l -> l.matches("\\[INFO]\\t" + TIME + "\\t" + infoId + "\\tonly at INFO"));
    }
}
