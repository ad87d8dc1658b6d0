package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.functions.InvocationEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** Many callers at once: every answer is a correct 200 or a 429, never a 500; every accepted event runs once. */
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
