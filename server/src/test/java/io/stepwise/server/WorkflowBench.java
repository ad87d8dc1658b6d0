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
 *       clients), against the same clients calling DescribeStateMachine (an HTTP round trip that does no work).</li>
 * </ul>
 * Not a test: see docs/benchmarks.md. {@code java ... io.stepwise.server.WorkflowBench [map|sync|all] [items]}
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
        var started = s.server.engine().start(arn, Optional.empty(), Optional.of(input.toString()));
        ExecutionRow row;
        while (!(row = s.server.engine().describe(started.executionArn())).status().closed()) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (row.status() != ExecutionStatus.SUCCEEDED) throw new AssertionError(row.error() + " " + row.cause());
        double rate = items / seconds;
        System.out.printf("Map of %,d items, MaxConcurrency 100, standard: %.2f s, %,.0f items/s = %.2f of the direct "
                + "invoke rate (%,d history events; load %s)%n", items, seconds, rate, rate / invokes,
                row.lastEventId(), load());
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
