package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.functions.InvocationEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Event invocations under an EventInvokeConfig: retries, maximum age (on a clock the test moves, never a sleep) and
 * invocation records delivered to a destination function, which prints each record it gets as one log line.
 */
class DestinationsTest {
    static final String ARN = EventInvokeConfigTest.ARN;
    static final String SINK = """
            import json
            def handler(event, context):
                print("RECORD " + json.dumps(event))
                return {"stored": True}
            """;
    static final AtomicReference<Duration> skew = new AtomicReference<>(Duration.ZERO);
    static final InstantSource clock = () -> Instant.now().plus(skew.get());
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.config(TestServer.tempDir(), false).withClock(clock));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void sink(String name) {
        server.lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py", SINK))));
    }

    private static String invokeAsync(String function, String payload) {
        return server.lambda.invoke(b -> b.functionName(function).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload))).responseMetadata().requestId();
    }

    /** The first invocation record the sink function logged, once it has. */
    private static JsonNode record(String sink) {
        String line = Eventually.until(() -> server.http("GET", "/stepwise/v1/functions/" + sink + "/logs?limit=1000", null).body()
                .lines().filter(l -> l.startsWith("RECORD ")).findFirst().orElse(""), l -> !l.isEmpty(), "a record at " + sink);
        try {
            return new ObjectMapper().readTree(line.substring("RECORD ".length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<InvocationEntry> runs(String function) {
        return server.server.functions().invocations().recent(function, 100);
    }

    @Test
    void a_success_sends_lambdas_invocation_record_to_the_on_success_function() {
        LambdaApiTest.createEcho(server, "ok-src");
        sink("ok-sink");
        server.lambda.putFunctionEventInvokeConfig(b -> b.functionName("ok-src")
                .destinationConfig(d -> d.onSuccess(s -> s.destination(ARN + "ok-sink"))));
        String id = invokeAsync("ok-src", "{\"order\": 7}");

        JsonNode r = record("ok-sink");
        assertThat(r.get("version").asText()).isEqualTo("1.0");
        assertThat(Instant.parse(r.get("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(r.get("requestContext").get("requestId").asText()).isEqualTo(id);
        assertThat(r.get("requestContext").get("functionArn").asText()).isEqualTo(ARN + "ok-src:$LATEST");
        assertThat(r.get("requestContext").get("condition").asText()).isEqualTo("Success");
        assertThat(r.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(1);
        assertThat(r.get("requestPayload").toString()).isEqualTo("{\"order\":7}");
        assertThat(r.get("responseContext").toString()).isEqualTo("{\"statusCode\":200,\"executedVersion\":\"$LATEST\"}");
        assertThat(r.get("responsePayload").get("event").get("order").asInt()).as("the echo function's answer").isEqualTo(7);
        assertThat(Eventually.until(() -> runs("ok-sink"), l -> !l.isEmpty(), "the sink's invocation entry"))
                .singleElement().satisfies(e -> assertThat(e.invocationType()).isEqualTo("Event"));
    }

    @Test
    void maximum_retry_attempts_zero_gives_exactly_one_attempt_then_the_failure_record() {
        LambdaApiTest.createEcho(server, "once");
        sink("once-sink");
        server.lambda.putFunctionEventInvokeConfig(b -> b.functionName("once").maximumRetryAttempts(0)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "once-sink"))));
        invokeAsync("once", "{\"fail\": true}");

        JsonNode r = record("once-sink");
        assertThat(r.get("requestContext").get("condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(r.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(1);
        assertThat(r.get("responseContext").get("functionError").asText()).isEqualTo("Unhandled");
        assertThat(r.get("responsePayload").get("errorType").asText()).isEqualTo("ValueError");
        // the record is queued in the transaction that removes the event, so no attempt can follow it
        assertThat(runs("once")).singleElement().satisfies(e -> assertThat(e.error()).hasValue("ValueError"));
    }

    @Test
    void retries_exhausted_after_the_configured_attempts_report_their_count() {
        LambdaApiTest.createEcho(server, "twice");
        sink("twice-sink");
        server.lambda.putFunctionEventInvokeConfig(b -> b.functionName("twice").maximumRetryAttempts(1)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "twice-sink"))));
        String id = invokeAsync("twice", "{\"fail\": true}");

        JsonNode r = record("twice-sink");
        assertThat(r.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(2);
        assertThat(runs("twice")).hasSize(2).allSatisfy(e -> assertThat(e.requestId()).isEqualTo(id));
    }

    @Test
    void an_event_older_than_the_maximum_age_is_discarded_and_reported_as_event_age_exceeded() {
        LambdaApiTest.createEcho(server, "stale");
        sink("stale-sink");
        server.lambda.putFunctionConcurrency(b -> b.functionName("stale").reservedConcurrentExecutions(0)); // throttled: it waits
        server.lambda.putFunctionEventInvokeConfig(b -> b.functionName("stale").maximumEventAgeInSeconds(60)
                .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "stale-sink"))));
        String id = invokeAsync("stale", "{\"late\": true}");
        assertThat(server.http("GET", "/stepwise/v1/functions/stale-sink/logs", null).body()).doesNotContain("RECORD");

        skew.set(Duration.ofSeconds(61));
        try {
            JsonNode r = record("stale-sink");
            assertThat(r.get("requestContext").get("requestId").asText()).isEqualTo(id);
            assertThat(r.get("requestContext").get("condition").asText()).isEqualTo("EventAgeExceeded");
            assertThat(r.get("requestContext").get("approximateInvokeCount").asInt()).isZero();
            assertThat(r.get("requestPayload").get("late").asBoolean()).isTrue();
            assertThat(r.has("responseContext")).as("it never ran").isFalse();
            server.lambda.deleteFunctionConcurrency(b -> b.functionName("stale"));
            assertThat(runs("stale")).isEmpty();
        } finally {
            skew.set(Duration.ZERO);
        }
    }

    @Test
    void the_config_of_the_qualifier_the_event_was_invoked_with_applies() {
        LambdaApiTest.createEcho(server, "aliased");
        sink("alias-sink");
        server.lambda.publishVersion(b -> b.functionName("aliased"));
        server.lambda.createAlias(b -> b.functionName("aliased").name("live").functionVersion("1"));
        server.lambda.putFunctionEventInvokeConfig(b -> b.functionName("aliased").qualifier("live")
                .destinationConfig(d -> d.onSuccess(s -> s.destination(ARN + "alias-sink"))));
        invokeAsync("aliased", "{\"unqualified\": true}"); // $LATEST has no config: no record
        invokeAsync("aliased:live", "{\"via\": \"alias\"}");

        JsonNode r = record("alias-sink");
        assertThat(r.get("requestContext").get("functionArn").asText()).isEqualTo(ARN + "aliased:live");
        assertThat(r.get("responseContext").get("executedVersion").asText()).isEqualTo("1");
        assertThat(r.get("requestPayload").get("via").asText()).isEqualTo("alias");
        Eventually.until(() -> runs("aliased"), l -> l.size() == 2, "both events to run");
        assertThat(Eventually.until(() -> runs("alias-sink"), l -> !l.isEmpty(), "the sink's invocation entry")).hasSize(1);
    }
}
