package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue's rules with a fake clock, a scripted dispatcher (hand-written fakes) and a real store, SQLite and
 * PostgreSQL; the queue is not started, {@code runDue()} runs what is due in the test's thread.
 */
class EventQueueTest extends OnBothStores {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Destination DEST = new Destination("arn:aws:lambda:us-east-1:123456789012:function:dest", Destination.Service.LAMBDA);

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T12:00:00Z"));
    final InstantSource clock = now::get;
    final Map<String, Deque<EventQueue.Attempt>> script = new HashMap<>();
    final List<EventQueue.Event> runs = new ArrayList<>();
    final Map<String, EventQueue.Policy> policies = new HashMap<>();
    EventQueue queue;

    @BeforeEach
    void open() {
        queue = new EventQueue(db, clock, List.of(Duration.ofMinutes(1), Duration.ofMinutes(2)),
                (fn, q) -> policies.getOrDefault(fn, policy(fn, 2, Duration.ofHours(6), Optional.empty(), Optional.empty())),
                e -> {
                    runs.add(e);
                    Deque<EventQueue.Attempt> next = script.get(e.functionName());
                    return next == null || next.isEmpty() ? ok("{}") : next.poll();
                });
    }

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void maximum_retry_attempts_zero_gives_exactly_one_attempt() {
        policies.put("fn", policy("fn", 0, Duration.ofHours(6), Optional.empty(), Optional.empty()));
        script("fn", failed(), failed(), failed());
        queue.enqueue("fn", Optional.empty(), bytes("{}"));
        queue.runDue();
        advance(Duration.ofMinutes(10));
        queue.runDue();
        assertThat(runs).hasSize(1);
        assertThat(queue.pending()).isZero();
    }

    @Test
    void a_function_error_is_retried_after_the_configured_delays_up_to_the_maximum() {
        policies.put("fn", policy("fn", 1, Duration.ofHours(6), Optional.empty(), Optional.empty()));
        script("fn", failed(), failed(), failed());
        queue.enqueue("fn", Optional.empty(), bytes("{}"));
        queue.runDue();
        advance(Duration.ofSeconds(59));
        assertThat(queue.runDue()).as("the retry waits the first delay").isZero();
        advance(Duration.ofSeconds(1));
        queue.runDue();
        advance(Duration.ofMinutes(5));
        queue.runDue();
        assertThat(runs).hasSize(2).allSatisfy(e -> assertThat(e.requestId()).isEqualTo(runs.getFirst().requestId()));
        assertThat(queue.pending()).isZero();
    }

    @Test
    void a_success_sends_the_invocation_record_to_the_on_success_function() {
        policies.put("fn", policy("fn", 2, Duration.ofHours(6), Optional.of(DEST), Optional.empty()));
        script("fn", ok("{\"answer\": 42}"));
        String id = queue.enqueue("fn", Optional.empty(), bytes("{\"question\": \"?\"}"));
        queue.runDue();
        queue.runDue();

        assertThat(runs).extracting(EventQueue.Event::functionName).containsExactly("fn", "dest");
        JsonNode record = json(runs.get(1).payload());
        assertThat(record.get("version").asText()).isEqualTo("1.0");
        assertThat(record.get("timestamp").asText()).isEqualTo("2026-01-01T12:00:00.000Z");
        assertThat(record.get("requestContext").toString()).isEqualTo("{\"requestId\":\"" + id
                + "\",\"functionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST\",\"condition\":\"Success\","
                + "\"approximateInvokeCount\":1}");
        assertThat(record.get("requestPayload").toString()).isEqualTo("{\"question\":\"?\"}");
        assertThat(record.get("responseContext").toString()).isEqualTo("{\"statusCode\":200,\"executedVersion\":\"$LATEST\"}");
        assertThat(record.get("responsePayload").toString()).isEqualTo("{\"answer\":42}");
        assertThat(runs.get(1).depth()).isEqualTo(1);
    }

    @Test
    void exhausted_retries_send_the_last_error_and_the_attempt_count_to_on_failure() {
        policies.put("fn", policy("fn", 1, Duration.ofHours(6), Optional.empty(), Optional.of(DEST)));
        script("fn", failed(), failed());
        queue.enqueue("fn", Optional.empty(), bytes("{}"));
        queue.runDue();
        advance(Duration.ofMinutes(1));
        queue.runDue();
        queue.runDue();

        JsonNode record = json(runs.getLast().payload());
        assertThat(runs.getLast().functionName()).isEqualTo("dest");
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
        assertThat(record.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
        assertThat(record.at("/responsePayload/errorType").asText()).isEqualTo("ValueError");
    }

    @Test
    void an_event_throttled_past_the_maximum_age_is_discarded_unrun_with_an_age_exceeded_record() {
        policies.put("fn", policy("fn", 2, Duration.ofSeconds(60), Optional.empty(), Optional.of(DEST)));
        script("fn", new EventQueue.Attempt.Throttled(), new EventQueue.Attempt.Throttled());
        queue.enqueue("fn", Optional.empty(), bytes("{\"k\": 1}"));
        queue.runDue();
        advance(Duration.ofSeconds(61));
        queue.runDue();
        queue.runDue();

        assertThat(runs).extracting(EventQueue.Event::functionName).containsExactly("fn", "dest");
        JsonNode record = json(runs.getLast().payload());
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("EventAgeExceeded");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).as("a throttle is not an invocation").isZero();
        assertThat(record.has("responseContext")).as("nothing ever answered").isFalse();
        assertThat(record.get("requestPayload").toString()).isEqualTo("{\"k\":1}");
    }

    @Test
    void a_retry_due_after_the_maximum_age_ends_with_the_error_it_had() {
        policies.put("fn", policy("fn", 2, Duration.ofSeconds(60), Optional.empty(), Optional.of(DEST)));
        script("fn", failed());
        queue.enqueue("fn", Optional.empty(), bytes("{}"));
        queue.runDue();
        advance(Duration.ofMinutes(1).plusMillis(1));
        queue.runDue();
        queue.runDue();

        assertThat(runs).extracting(EventQueue.Event::functionName).containsExactly("fn", "dest");
        JsonNode record = json(runs.getLast().payload());
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("EventAgeExceeded");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(1);
        assertThat(record.at("/responsePayload/errorMessage").asText()).isEqualTo("asked to fail");
    }

    @Test
    void a_destination_that_is_not_a_function_gets_nothing_and_the_event_is_gone() {
        var queueArn = new Destination("arn:aws:sqs:us-east-1:123456789012:records", Destination.Service.SQS);
        policies.put("fn", policy("fn", 2, Duration.ofHours(6), Optional.of(queueArn), Optional.empty()));
        queue.enqueue("fn", Optional.empty(), bytes("{}"));
        queue.runDue();
        assertThat(queue.runDue()).isZero();
        assertThat(queue.pending()).isZero();
    }

    @Test
    void functions_naming_each_other_as_destinations_stop_after_sixteen_hops() {
        var toA = new Destination("arn:aws:lambda:us-east-1:123456789012:function:a", Destination.Service.LAMBDA);
        var toB = new Destination("arn:aws:lambda:us-east-1:123456789012:function:b", Destination.Service.LAMBDA);
        policies.put("a", policy("a", 2, Duration.ofHours(6), Optional.of(toB), Optional.empty()));
        policies.put("b", policy("b", 2, Duration.ofHours(6), Optional.of(toA), Optional.empty()));
        queue.enqueue("a", Optional.empty(), bytes("{}"));
        while (queue.runDue() > 0) {
            assertThat(runs).hasSizeLessThan(100);
        }
        assertThat(runs).hasSize(EventQueue.MAX_DESTINATION_HOPS + 1);
        assertThat(runs.getLast().depth()).isEqualTo(EventQueue.MAX_DESTINATION_HOPS);
    }

    private EventQueue.Policy policy(String fn, int retries, Duration age, Optional<Destination> success, Optional<Destination> failure) {
        return new EventQueue.Policy("arn:aws:lambda:us-east-1:123456789012:function:" + fn + ":$LATEST", retries, age, success, failure);
    }

    private void script(String fn, EventQueue.Attempt... attempts) {
        script.put(fn, new ArrayDeque<>(List.of(attempts)));
    }

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    private static EventQueue.Attempt ok(String json) {
        return new EventQueue.Attempt.Ran(new EventQueue.Response(bytes(json), "$LATEST", Optional.empty()));
    }

    private static EventQueue.Attempt failed() {
        return new EventQueue.Attempt.Ran(new EventQueue.Response(
                bytes("{\"errorMessage\": \"asked to fail\", \"errorType\": \"ValueError\"}"), "$LATEST", Optional.of("Unhandled")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
