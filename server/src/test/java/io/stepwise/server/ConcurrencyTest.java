package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.stepwise.functions.InvocationEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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

    /** Connects to the test's port and answers the line the test sends, so the test decides when it ends. */
    static final String HELD = """
            import socket
            def handler(event, context):
                if "port" not in event:
                    return "ran"
                with socket.create_connection(("127.0.0.1", event["port"])) as s:
                    return s.makefile().readline().strip()
            """;

    @Test
    void with_reserved_concurrency_3_a_fourth_call_while_3_run_is_throttled_and_runs_once_they_end() throws Exception {
        server.lambda.createFunction(b -> b.functionName("held").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").timeout(60).code(c -> c.zipFile(Zips.of("app.py", HELD))));
        server.lambda.putFunctionConcurrency(b -> b.functionName("held").reservedConcurrentExecutions(3));
        // what reaches the test, in order: a connection per function running, or an invocation's answer or error
        BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
        List<Socket> running = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor();
             var listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             AutoCloseable hangUp = () -> { for (Socket s : running) s.close(); }) { // ends held calls, also on failure
            pool.submit(() -> {
                try {
                    while (true) arrivals.add(listener.accept());
                } catch (IOException closed) {
                    return null;
                }
            });
            for (int i = 0; i < 3; i++) pool.submit(() -> arrivals.add(invoke("held", "{\"port\": " + listener.getLocalPort() + "}")));
            for (int i = 0; i < 3; i++) {
                Object arrival = arrivals.take();
                assertThat(arrival).as("3 may run at once").isInstanceOf(Socket.class);
                running.add((Socket) arrival);
            }

            Throwable fourthWhile3Run = catchThrowable(() -> server.lambda.invoke(b -> b.functionName("held")
                    .payload(SdkBytes.fromUtf8String("{}"))));
            assertThat(fourthWhile3Run).as("a fourth call while 3 run").isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(429);
                assertThat(e.reasonAsString()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
            });

            for (Socket s : running) s.getOutputStream().write("released\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                assertThat(arrivals.take()).isInstanceOfSatisfying(InvokeResponse.class,
                        r -> assertThat(r.payload().asUtf8String()).isEqualTo("\"released\""));
            }
            InvokeResponse fourth = server.lambda.invoke(b -> b.functionName("held").payload(SdkBytes.fromUtf8String("{}")));
            assertThat(fourth.functionError()).isNull();
            assertThat(fourth.payload().asUtf8String()).isEqualTo("\"ran\"");
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
