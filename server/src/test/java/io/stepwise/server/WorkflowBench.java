package io.stepwise.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.engine.ExecutionRow;
import io.stepwise.engine.ExecutionStatus;
import io.stepwise.engine.Machine;
import io.stepwise.functions.FunctionRef;
import io.stepwise.functions.InvokeRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Workflows on real functions, each against a baseline measured in the same run (a ratio survives a noisy machine):
 * <ul>
 *   <li>{@code map}: a standard execution of a 10,000-item Map at MaxConcurrency 100 over a warm Python echo function,
 *       as items/s, against that function's direct (in-process) invoke throughput with 100 concurrent callers;</li>
 *   <li>{@code sync}: express StartSyncExecution/s through the HTTP API (a Pass machine, {@code callers} concurrent
 *       clients), against the same clients calling DescribeStateMachine (an HTTP round trip that does no work);</li>
 *   <li>{@code distributed}: a standard execution of a distributed Map of {@code items} items in batches of 100 (child
 *       executions of a Map Run, MaxConcurrency 10) over a warm Python function, as items/s and wall time, against
 *       the same batches invoked directly by 10 in-process callers.</li>
 * </ul>
 * Not a test: see docs/benchmarks.md.
 * {@code java ... io.stepwise.server.WorkflowBench [map|sync|distributed|all] [items]}
 */
public final class WorkflowBench {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        ServerConfig config = TestServer.config(TestServer.tempDir(), false).withMaxHistoryEvents(10 * items + 100);
        try (TestServer s = TestServer.start(config)) {
            System.out.printf("%d cores; load before: %s%n", java.lang.Runtime.getRuntime().availableProcessors(), load());
            if (what.equals("map") || what.equals("all")) map(s, items);
            if (what.equals("sync") || what.equals("all")) sync(s);
            if (what.equals("distributed") || what.equals("all")) distributed(s, items);
        }
    }

    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static void map(TestServer s, int items) throws Exception {
        s.lambda.createFunction(b -> b.functionName("echo").runtime(Runtime.PYTHON3_12).handler("app.handler")
                .role(LambdaApiTest.ROLE).memorySize(128).code(c -> c.zipFile(Zips.of("app.py",
                        "def handler(e, c):\n    return e\n"))));
        var ref = new FunctionRef("echo", Optional.empty());
        byte[] event = "7".getBytes();
        System.out.println("warming 100 environments...");
        direct(s, ref, event, 100, Duration.ofSeconds(5));
        double invokes = direct(s, ref, event, 100, Duration.ofSeconds(10));
        System.out.printf("direct invoke, 100 callers: %,.0f invokes/s (load %s)%n", invokes, load());

        String definition = """
                {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "MaxConcurrency": 100, "End": true,
                  "ItemProcessor": {"StartAt": "Echo", "States": {"Echo": {"Type": "Task",
                    "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo", "End": true}}}}}}""";
        String arn = s.server.engine().machines().create("map-bench", definition, LambdaApiTest.ROLE,
                Machine.Type.STANDARD, Optional.empty(), Optional.empty(), Map.of(), false, Optional.empty()).arn();
        StringBuilder input = new StringBuilder("[");
        for (int i = 0; i < items; i++) input.append(i == 0 ? "" : ",").append(i);
        input.append("]");
        long start = System.nanoTime();
        ExecutionRow row = run(s, arn, input.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = items / seconds;
        System.out.printf("Map of %,d items, MaxConcurrency 100, standard: %.2f s, %,.0f items/s = %.2f of the direct "
                + "invoke rate (%,d history events; load %s)%n", items, seconds, rate, rate / invokes,
                row.lastEventId(), load());
    }

    static void distributed(TestServer s, int items) throws Exception {
        int batch = 100;
        int concurrency = 10;
        s.lambda.createFunction(b -> b.functionName("batches").runtime(Runtime.PYTHON3_12).handler("app.handler")
                .role(LambdaApiTest.ROLE).memorySize(128).code(c -> c.zipFile(Zips.of("app.py", """
                        def handler(e, c):
                            return {"users": len(e["Items"]), "sum": sum(e["Items"]), "week": e["BatchInput"]["week"]}
                        """))));
        var ref = new FunctionRef("batches", Optional.empty());
        StringBuilder payload = new StringBuilder("{\"BatchInput\": {\"week\": 49}, \"Items\": [");
        for (int i = 0; i < batch; i++) payload.append(i == 0 ? "" : ",").append(i);
        byte[] event = payload.append("]}").toString().getBytes();
        String definition = """
                {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "ItemsPath": "$.users", "MaxConcurrency": %d,
                  "ItemBatcher": {"MaxItemsPerBatch": %d, "BatchInput": {"week.$": "$.week"}}, "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Report", "States": {"Report": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:batches", "End": true}}}}}}"""
                .formatted(concurrency, batch);
        String arn = s.server.engine().machines().create("distributed-bench", definition, LambdaApiTest.ROLE,
                Machine.Type.STANDARD, Optional.empty(), Optional.empty(), Map.of(), false, Optional.empty()).arn();
        System.out.println("warming " + concurrency + " environments and the engine...");
        direct(s, ref, event, concurrency, Duration.ofSeconds(5));
        users(s, arn, items);
        // the runs are short (about a second): alternate them, and take the medians
        int rounds = 7;
        double[] direct = new double[rounds];
        double[] mapped = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            direct[r] = batches(s, ref, event, items / batch, concurrency);
            mapped[r] = users(s, arn, items);
            System.out.printf("round %d: direct %.3f s, distributed Map %.3f s (load %s)%n", r + 1, direct[r],
                    mapped[r], load());
        }
        java.util.Arrays.sort(direct);
        java.util.Arrays.sort(mapped);
        double d = direct[rounds / 2];
        double m = mapped[rounds / 2];
        System.out.printf("medians: direct, %,d batches of %d by %d callers: %.2f s, %,.0f items/s%n", items / batch,
                batch, concurrency, d, items / d);
        System.out.printf("distributed Map of %,d items in batches of %d (%,d child executions), MaxConcurrency %d: "
                + "%.2f s, %,.0f items/s = %.2f of the direct rate%n", items, batch, items / batch, concurrency, m,
                items / m, d / m);
    }

    /** Seconds {@code callers} in-process callers take to invoke {@code n} batches between them. */
    static double batches(TestServer s, FunctionRef ref, byte[] event, int n, int callers) throws Exception {
        long start = System.nanoTime();
        var next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (next.getAndIncrement() < n) {
                    s.server.functions().invoke(ref, new InvokeRequest(event, false, Optional.empty()));
                }
            }));
        }
        for (Thread t : threads) t.join();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds from StartExecution to the end of an execution over {@code items} users. */
    static double users(TestServer s, String machine, int items) {
        StringBuilder input = new StringBuilder("{\"week\": 49, \"users\": [");
        for (int i = 0; i < items; i++) input.append(i == 0 ? "" : ",").append(i);
        input.append("]}");
        long start = System.nanoTime();
        run(s, machine, input.toString());
        return (System.nanoTime() - start) / 1e9;
    }

    /** Starts an execution and waits until it succeeds. */
    static ExecutionRow run(TestServer s, String machine, String input) {
        var started = s.server.engine().start(machine, Optional.empty(), Optional.of(input));
        ExecutionRow row;
        while (!(row = s.server.engine().describe(started.executionArn())).status().closed()) {
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
        if (row.status() != ExecutionStatus.SUCCEEDED) throw new AssertionError(row.error() + " " + row.cause());
        return row;
    }

    /** Invokes per second of {@code callers} concurrent in-process callers. */
    static double direct(TestServer s, FunctionRef ref, byte[] event, int callers, Duration d) throws Exception {
        var stop = new AtomicBoolean();
        var n = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    s.server.functions().invoke(ref, new InvokeRequest(event, false, Optional.empty()));
                    n.increment();
                }
            }));
        }
        Thread.sleep(d);
        stop.set(true);
        for (Thread t : threads) t.join();
        return n.sum() / ((System.nanoTime() - start) / 1e9);
    }

    static void sync(TestServer s) throws Exception {
        s.server.engine().machines().create("sync-bench", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"echo.$": "$"}, "End": true}}}""",
                LambdaApiTest.ROLE, Machine.Type.EXPRESS, Optional.empty(), Optional.empty(), Map.of(), false,
                Optional.empty());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String arn = "arn:aws:states:us-east-1:123456789012:stateMachine:sync-bench";
        HttpRequest sync = request(s, "StartSyncExecution", "{\"stateMachineArn\":\"" + arn + "\",\"input\":\"{\\\"a\\\":1}\"}");
        HttpRequest describe = request(s, "DescribeStateMachine", "{\"stateMachineArn\":\"" + arn + "\"}");
        for (int callers : new int[] {1, 16}) {
            calls(http, describe, callers, Duration.ofSeconds(3));
            double baseline = calls(http, describe, callers, Duration.ofSeconds(8));
            calls(http, sync, callers, Duration.ofSeconds(3));
            double rate = calls(http, sync, callers, Duration.ofSeconds(8));
            System.out.printf("%d callers: StartSyncExecution %,.0f/s; DescribeStateMachine %,.0f/s; ratio %.2f (load %s)%n",
                    callers, rate, baseline, rate / baseline, load());
        }
    }

    static HttpRequest request(TestServer s, String op, String body) {
        return HttpRequest.newBuilder(URI.create(s.endpoint() + "/")).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AWSStepFunctions." + op)
                .build();
    }

    static double calls(HttpClient http, HttpRequest req, int callers, Duration d) throws Exception {
        var stop = new AtomicBoolean();
        var n = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) throw new AssertionError(r.body());
                    } catch (java.io.IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    n.increment();
                }
            }));
        }
        Thread.sleep(d);
        stop.set(true);
        for (Thread t : threads) t.join();
        return n.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
