package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: what a function sees of itself and reports, as on Lambda. */
class RuntimeFidelityTest {

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
}
