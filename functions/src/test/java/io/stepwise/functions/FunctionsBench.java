package io.stepwise.functions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Warm invoke round trip and cold start per runtime, on real processes. Run (about 30 s):
 * {@code java -cp functions/target/classes:functions/target/test-classes:$(cat /tmp/fcp) io.stepwise.functions.FunctionsBench}
 */
public final class FunctionsBench {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("stepwise-bench");
        try (var runtime = new FunctionRuntime(RuntimeConfig.defaults(dir.resolve("data")))) {
            Path py = Fixtures.code(dir.resolve("py"), "app.py", "def handler(e, c):\n    return e\n");
            Path node = Fixtures.code(dir.resolve("node"), "index.mjs", "export const handler = async (e) => e;\n");
            Path sh = Fixtures.code(dir.resolve("sh"), "bootstrap", "#!/bin/sh\nAPI=\"http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime\"\n"
                    + "while true; do H=\"$(mktemp)\"; E=$(curl -sS -D \"$H\" \"$API/invocation/next\");"
                    + " I=$(grep -i Lambda-Runtime-Aws-Request-Id \"$H\" | tr -d '[:space:]' | cut -d: -f2);"
                    + " curl -sS -X POST \"$API/invocation/$I/response\" -d \"$E\" >/dev/null; done\n");
            warm(runtime, spec("py-warm", "python3.12", "app.handler", py), 2000);
            warm(runtime, spec("node-warm", "nodejs20.x", "index.handler", node), 2000);
            cold(runtime, spec("py-cold", "python3.12", "app.handler", py), 5);
            cold(runtime, spec("node-cold", "nodejs20.x", "index.handler", node), 5);
            cold(runtime, spec("sh-cold", "provided.al2023", "x", sh), 5);
            if (args.length > 0) cold(runtime, spec("java-cold", "java21", args[0], Path.of(args[1])), 3);
        }
    }

    static FunctionSpec spec(String name, String runtime, String handler, Path code) {
        return new FunctionSpec(name, "arn:aws:lambda:us-east-1:0:function:" + name, "$LATEST", runtime, handler, 1769, 10, 512,
                java.util.Map.of(), code, "1", OptionalInt.empty());
    }

    static void warm(FunctionRuntime runtime, FunctionSpec fn, int n) throws Exception {
        for (int i = 0; i < 200; i++) runtime.invoke(fn, InvokeRequest.of("{\"i\":1}"));
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            runtime.invoke(fn, InvokeRequest.of("{\"i\":1}"));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-10s warm invoke round trip: p50 %.3f ms, p99 %.3f ms (n=%d)%n", fn.runtime(), ms[n / 2], ms[n * 99 / 100], n);
    }

    static void cold(FunctionRuntime runtime, FunctionSpec fn, int n) throws Exception {
        double[] init = new double[n];
        double[] total = new double[n];
        for (int i = 0; i < n; i++) {
            runtime.retire(fn.name());
            long t = System.nanoTime();
            InvocationResult r = runtime.invoke(fn, InvokeRequest.of("{\"i\":1}"));
            total[i] = (System.nanoTime() - t) / 1e6;
            init[i] = r.metering().initDurationMs().orElse(-1);
        }
        Arrays.sort(init);
        Arrays.sort(total);
        System.out.printf("%-16s cold start: Init Duration median %.1f ms, first invoke round trip median %.1f ms (n=%d)%n",
                fn.runtime(), init[n / 2], total[n / 2], n);
    }
}
