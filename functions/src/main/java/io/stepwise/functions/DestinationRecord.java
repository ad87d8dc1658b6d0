package io.stepwise.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The invocation record an asynchronous invocation sends to its destination, in Lambda's shape
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html): {@code version},
 * {@code timestamp}, {@code requestContext}, {@code requestPayload}, {@code responseContext}, {@code responsePayload}.
 */
final class DestinationRecord {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Why the record was sent: {@code requestContext.condition}. */
    enum Condition {
        SUCCESS("Success"), RETRIES_EXHAUSTED("RetriesExhausted"), EVENT_AGE_EXCEEDED("EventAgeExceeded");

        final String text;

        Condition(String text) {
            this.text = text;
        }
    }

    private DestinationRecord() {}

    /**
     * @param response the last attempt's; empty when the event expired without ever running (throttled throughout),
     *                 and then the record has no {@code responseContext} or {@code responsePayload}: Lambda documents
     *                 none for that case
     */
    static byte[] of(String requestId, String functionArn, Condition condition, int approximateInvokeCount, byte[] requestPayload,
                     Optional<EventQueue.Response> response, Instant now) {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", "1.0");
        o.put("timestamp", TIMESTAMP.format(now));
        o.putObject("requestContext").put("requestId", requestId).put("functionArn", functionArn)
                .put("condition", condition.text).put("approximateInvokeCount", approximateInvokeCount);
        o.set("requestPayload", json(requestPayload));
        response.ifPresent(r -> {
            ObjectNode context = o.putObject("responseContext").put("statusCode", 200).put("executedVersion", r.executedVersion());
            r.functionError().ifPresent(e -> context.put("functionError", e));
            o.set("responsePayload", json(r.payload()));
        });
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Events are JSON (Invoke checks); a function may answer anything, which then travels as a string. */
    private static JsonNode json(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            return n == null || n.isMissingNode() ? JSON.nullNode() : n;
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
