package io.stepwise.functions;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warm invoke round trip, throughput and cold start per runtime, on real processes. Run (a few minutes):
 * {@code java -cp functions/target/classes:functions/target/test-classes:$(cat /tmp/fcp) io.stepwise.functions.FunctionsBench [warm|throughput|cold]... [java-handler java-code-dir]}
 * <p>
 * The platform's own overhead is measured with a {@code provided} runtime written in C (bench/echo_bootstrap.c,
 * built with the machine's {@code cc}): it answers an event in microseconds, so its warm round trip is almost
 * entirely the platform's (queueing, the Runtime API's HTTP, metering, logs) plus the kernel's loopback.
 */
public final class FunctionsBench {
    public static void main(String[] args) throws Exception {
        List<String> parts = args.length == 0 || !List.of("warm", "throughput", "cold").contains(args[0])
                ? List.of("warm", "throughput", "cold") : List.of(args[0].split(","));
        Path dir = Files.createTempDirectory("stepwise-bench");
        var config = new RuntimeConfig(dir.resolve("data"), 16_384, Duration.ofMinutes(5), InstantSource.system(),
                new SimpleMeterRegistry(), "us-east-1");
        try (var runtime = new FunctionRuntime(config)) {
            Path py = Fixtures.code(dir.resolve("py"), "app.py", "def handler(e, c):\n    return e\n");
            Path node = Fixtures.code(dir.resolve("node"), "index.mjs", "export const handler = async (e) => e;\n");
            Path c = cEcho(dir.resolve("c"));
            Path sh = Fixtures.code(dir.resolve("sh"), "bootstrap", "#!/bin/sh\nAPI=\"http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime\"\n"
                    + "while true; do H=\"$(mktemp)\"; E=$(curl -sS -D \"$H\" \"$API/invocation/next\");"
                    + " I=$(grep -i Lambda-Runtime-Aws-Request-Id \"$H\" | tr -d '[:space:]' | cut -d: -f2);"
                    + " curl -sS -X POST \"$API/invocation/$I/response\" -d \"$E\" >/dev/null; done\n");
            if (parts.contains("warm")) {
                if (c != null) warm(runtime, spec("c-warm", "provided.al2023", "x", c, 1769), 5000);
                warm(runtime, spec("py-warm", "python3.12", "app.handler", py, 1769), 3000);
                warm(runtime, spec("node-warm", "nodejs20.x", "index.handler", node, 1769), 3000);
            }
            if (parts.contains("throughput")) {
                for (int callers : new int[] {1, 10, 100}) {
                    if (c != null) throughput(runtime, spec("c-tp" + callers, "provided.al2023", "x", c, 128), callers, 10);
                    throughput(runtime, spec("py-tp" + callers, "python3.12", "app.handler", py, 128), callers, 10);
                }
            }
            if (parts.contains("cold")) {
                cold(runtime, spec("py-cold", "python3.12", "app.handler", py, 1769), 5);
                cold(runtime, spec("node-cold", "nodejs20.x", "index.handler", node, 1769), 5);
                cold(runtime, spec("sh-cold", "provided.al2023", "x", sh, 1769), 5);
                int j = args.length - 2;
                if (j >= 0 && args[j].contains("::")) cold(runtime, spec("java-cold", "java21", args[j], Path.of(args[j + 1]), 1769), 3);
                for (int n : new int[] {20, 50}) burst(runtime, spec("py-burst" + n, "python3.12", "app.handler", py, 128), n);
            }
        }
    }

    static FunctionSpec spec(String name, String runtime, String handler, Path code, int memoryMb) {
        return new FunctionSpec(name, "arn:aws:lambda:us-east-1:0:function:" + name, "$LATEST", runtime, handler, memoryMb, 30, 512,
                java.util.Map.of(), code, "1", OptionalInt.empty());
    }

    /** Compiles the C echo runtime, or returns null (with a note) when there is no C compiler. */
    static Path cEcho(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path src = dir.resolve("echo_bootstrap.c");
        try (InputStream in = FunctionsBench.class.getResourceAsStream("/bench/echo_bootstrap.c")) {
            Files.copy(in, src);
        }
        Process p = new ProcessBuilder("cc", "-O2", "-o", dir.resolve("bootstrap").toString(), src.toString()).inheritIO().start();
        if (p.waitFor() == 0) return dir;
        System.out.println("no C compiler: skipping the platform-overhead (C runtime) figures");
        return null;
    }

    static void warm(FunctionRuntime runtime, FunctionSpec fn, int n) throws Exception {
        for (int i = 0; i < 500; i++) runtime.invoke(fn, InvokeRequest.of("{\"i\":1}"));
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            runtime.invoke(fn, InvokeRequest.of("{\"i\":1}"));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-16s warm invoke round trip: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms (n=%d)%n", fn.runtime(),
                ms[n / 2], ms[n * 9 / 10], ms[n * 99 / 100], n);
    }

    /** {@code callers} threads invoke in a loop for {@code seconds} (after a warm-up that starts the environments). */
    static void throughput(FunctionRuntime runtime, FunctionSpec fn, int callers, int seconds) throws Exception {
        AtomicInteger ok = new AtomicInteger(), throttled = new AtomicInteger(), errors = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> warmup = new ArrayList<>();
            for (int i = 0; i < callers; i++) warmup.add(pool.submit(() -> loop(runtime, fn, System.nanoTime() + 3_000_000_000L, null, null, null)));
            for (Future<?> f : warmup) f.get();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long start = System.nanoTime();
            List<Future<?>> run = new ArrayList<>();
            for (int i = 0; i < callers; i++) run.add(pool.submit(() -> loop(runtime, fn, end, ok, throttled, errors)));
            for (Future<?> f : run) f.get();
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-16s 128 MB, %3d callers: %7.0f invokes/s (%d ok, %d throttled, %d errors, %d environments)%n",
                    fn.runtime(), callers, ok.get() / secs, ok.get(), throttled.get(), errors.get(), runtime.pool.environments(fn.name()).size());
        }
        runtime.retire(fn.name());
    }

    private static Void loop(FunctionRuntime runtime, FunctionSpec fn, long endNanos, AtomicInteger ok, AtomicInteger throttled, AtomicInteger errors) {
        while (System.nanoTime() < endNanos) {
            try {
                InvocationResult r = runtime.invoke(fn, InvokeRequest.of("{\"i\":1}"));
                if (ok != null) (r.functionError().isPresent() ? errors : ok).incrementAndGet();
            } catch (TooManyRequestsException e) {
                if (throttled != null) throttled.incrementAndGet();
                Thread.onSpinWait();
            }
        }
        return null;
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

    /**
     * {@code n} callers invoke a function without environments at the same instant, so that every call is a cold
     * start (a Map state fanning out): how long until the last one has answered. 128 MB so that 50 fit the budget.
     */
    static void burst(FunctionRuntime runtime, FunctionSpec fn, int n) throws Exception {
        double[] total = new double[n];
        double[] init = new double[n];
        double[] outside = new double[n]; // round trip minus Init Duration: queueing for a launch, the launch, the call
        var gate = new CountDownLatch(1);
        int cold = 0;
        int errors = 0;
        long start;
        double allMs;
        try (var pool = Executors.newFixedThreadPool(n)) {
            List<Future<InvocationResult>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                calls.add(pool.submit(() -> {
                    gate.await();
                    long t = System.nanoTime();
                    InvocationResult r = runtime.invoke(fn, InvokeRequest.of("{\"i\":1}"));
                    total[k] = (System.nanoTime() - t) / 1e6;
                    return r;
                }));
            }
            start = System.nanoTime();
            gate.countDown();
            for (int i = 0; i < n; i++) {
                InvocationResult r = calls.get(i).get();
                init[i] = r.metering().initDurationMs().orElse(-1);
                outside[i] = total[i] - init[i];
                if (r.metering().coldStart()) cold++;
                if (r.functionError().isPresent()) errors++;
            }
            allMs = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(init);
        Arrays.sort(total);
        Arrays.sort(outside);
        System.out.printf("%-16s %d concurrent cold starts (%d cold, %d errors): last answer after %.0f ms; round trip median %.0f ms,"
                + " max %.0f ms; Init Duration median %.0f ms, max %.0f ms; round trip minus Init median %.0f ms, max %.0f ms%n",
                fn.runtime(), n, cold, errors, allMs, total[n / 2], total[n - 1], init[n / 2], init[n - 1], outside[n / 2], outside[n - 1]);
        runtime.retire(fn.name());
    }
}
