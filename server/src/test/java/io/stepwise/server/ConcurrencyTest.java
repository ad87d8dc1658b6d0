package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stepwise.functions.InvocationEntry;
import io.stepwise.functions.OutsideNetwork;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Many callers at once: every answer is a correct 200 or a 429, never a 500; every accepted event runs once; a reserved
 * concurrency of N lets N run at once and throttles the next.
 */
class ConcurrencyTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        LambdaApiTest.createEcho(server, "busy");
        server.lambda.putFunctionConcurrency(b -> b.functionName("busy").reservedConcurrentExecutions(3));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void concurrent_synchronous_calls_either_succeed_or_are_throttled() throws Exception {
        Set<String> outcomes = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    try {
                        var r = server.lambda.invoke(b -> b.functionName("busy").payload(SdkBytes.fromUtf8String("{\"n\":" + n + "}")));
                        assertThat(LambdaApiTest.json(r.payload()).get("event").get("n").asInt()).isEqualTo(n);
                        outcomes.add("200");
                    } catch (TooManyRequestsException e) {
                        assertThat(e.reasonAsString()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
                        outcomes.add("429");
                    }
                    return null;
                }));
            }
            for (Future<?> f : calls) f.get();
        }
        assertThat(outcomes).contains("200").isSubsetOf("200", "429");
    }

    /** Connects to the gate and answers the line the gate sends, so the test decides when it ends. */
    static final String HELD = """
            import socket
            def handler(event, context):
                if "gate" not in event:
                    return "ran"
                with socket.create_connection((event["gate"], event["port"])) as s:
                    return s.makefile().readline().strip()
            """;

    /**
     * Runs in a network namespace outside the host (functions have no way to the host's own ports): says "connected"
     * for each function that reaches it, and sends each line it reads to every function waiting.
     */
    static final String GATE = """
            import socket, sys, threading
            server = socket.create_server((sys.argv[1], 0))
            print(server.getsockname()[1], flush=True)
            waiting = []
            def accept():
                while True:
                    waiting.append(server.accept()[0])
                    print("connected", flush=True)
            threading.Thread(target=accept, daemon=True).start()
            for line in sys.stdin:
                for c in waiting:
                    c.sendall(line.encode())
                    c.close()
                waiting.clear()
            """;

    @Test
    void with_reserved_concurrency_3_a_fourth_call_while_3_run_is_throttled_and_runs_once_they_end() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the gate's network namespace needs root");
        server.lambda.createFunction(b -> b.functionName("held").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").timeout(60).code(c -> c.zipFile(Zips.of("app.py", HELD))));
        server.lambda.putFunctionConcurrency(b -> b.functionName("held").reservedConcurrentExecutions(3));
        // what reaches the test, in order: "connected" per function running, or an invocation's answer or error
        BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor(); var outside = OutsideNetwork.create()) {
            Process gate = outside.start("python3", "-c", GATE, outside.address());
            var out = new BufferedReader(new InputStreamReader(gate.getInputStream(), StandardCharsets.UTF_8));
            var release = new PrintWriter(gate.getOutputStream(), true, StandardCharsets.UTF_8);
            String port = out.readLine();
            pool.submit(() -> {
                for (String line; (line = out.readLine()) != null; ) arrivals.add(line);
                return null;
            });
            try (AutoCloseable hangUp = () -> release.println("hung up")) {   // ends held calls, also on failure
                String event = "{\"gate\": \"" + outside.address() + "\", \"port\": " + port + "}";
                for (int i = 0; i < 3; i++) pool.submit(() -> arrivals.add(invoke("held", event)));
                for (int i = 0; i < 3; i++) assertThat(arrivals.take()).as("3 may run at once").isEqualTo("connected");

                Throwable fourthWhile3Run = catchThrowable(() -> server.lambda.invoke(b -> b.functionName("held")
                        .payload(SdkBytes.fromUtf8String("{}"))));
                assertThat(fourthWhile3Run).as("a fourth call while 3 run").isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.reasonAsString()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
                });

                release.println("released");
                for (int i = 0; i < 3; i++) {
                    assertThat(arrivals.take()).isInstanceOfSatisfying(InvokeResponse.class,
                            r -> assertThat(r.payload().asUtf8String()).isEqualTo("\"released\""));
                }
                InvokeResponse fourth = server.lambda.invoke(b -> b.functionName("held").payload(SdkBytes.fromUtf8String("{}")));
                assertThat(fourth.functionError()).isNull();
                assertThat(fourth.payload().asUtf8String()).isEqualTo("\"ran\"");
            }
        }
    }

    /** The answer, or the exception the call ended with. */
    private static Object invoke(String function, String payload) {
        try {
            return server.lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void concurrent_events_each_run_exactly_once() {
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 30; i++) {
                int n = i;
                pool.submit(() -> accepted.add(server.lambda.invoke(b -> b.functionName("busy").invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String("{\"event\":" + n + "}"))).responseMetadata().requestId()));
            }
        }
        assertThat(accepted).hasSize(30);
        List<InvocationEntry> ran = Eventually.until(() -> events(), l -> l.size() >= 30, "30 events to run");
        assertThat(ran.stream().map(InvocationEntry::requestId).collect(Collectors.toSet())).isEqualTo(accepted);
        assertThat(ran).hasSize(30);
    }

    private static List<InvocationEntry> events() {
        return server.server.functions().invocations().recent("busy", 1000).stream()
                .filter(e -> e.invocationType().equals("Event")).toList();
    }
}
