package io.stepwise.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.Event;
import java.time.Instant;
import java.util.Optional;

/**
 * One event delivered to an execution's interpreter and the time it was delivered at: the journal a node replays to
 * rebuild a standard execution (the interpreter is deterministic for the same events, times and seed). Stored as a
 * kind and a small JSON document.
 */
public record JournalEntry(long seq, Instant at, Event event) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String kind() {
        return switch (event) {
            case Event.TaskSucceeded e -> "TaskSucceeded";
            case Event.TaskFailed e -> "TaskFailed";
            case Event.TaskHeartbeat e -> "TaskHeartbeat";
            case Event.TimerFired e -> "TimerFired";
            case Event.Stop e -> "Stop";
            case Event.MapRunSucceeded e -> "MapRunSucceeded";
            case Event.MapRunFailed e -> "MapRunFailed";
            case Event.Redrive e -> "Redrive";
        };
    }

    public String payload() {
        ObjectNode o = JSON.createObjectNode();
        switch (event) {
            case Event.TaskSucceeded e -> o.put("task", e.taskId()).set("output", e.output());
            case Event.TaskFailed e -> o.put("task", e.taskId()).put("error", e.error()).put("cause", e.cause());
            case Event.TaskHeartbeat e -> o.put("task", e.taskId());
            case Event.TimerFired e -> o.put("timer", e.timerId());
            case Event.Stop e -> {
                e.error().ifPresent(v -> o.put("error", v));
                e.cause().ifPresent(v -> o.put("cause", v));
            }
            case Event.MapRunSucceeded e -> o.put("run", e.runId()).set("output", e.output());
            case Event.MapRunFailed e -> o.put("run", e.runId()).put("error", e.error()).put("cause", e.cause());
            case Event.Redrive e -> o.put("count", e.redriveCount());
        }
        return o.toString();
    }

    public static JournalEntry decode(long seq, Instant at, String kind, String payload) {
        JsonNode o;
        try {
            o = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable journal entry " + seq + ": " + e.getOriginalMessage(), e);
        }
        Event event = switch (kind) {
            case "TaskSucceeded" -> new Event.TaskSucceeded(o.path("task").asText(), o.get("output"));
            case "TaskFailed" -> new Event.TaskFailed(o.path("task").asText(), text(o, "error"), text(o, "cause"));
            case "TaskHeartbeat" -> new Event.TaskHeartbeat(o.path("task").asText());
            case "TimerFired" -> new Event.TimerFired(o.path("timer").asText());
            case "Stop" -> new Event.Stop(Optional.ofNullable(text(o, "error")), Optional.ofNullable(text(o, "cause")));
            case "MapRunSucceeded" -> new Event.MapRunSucceeded(o.path("run").asText(), o.get("output"));
            case "MapRunFailed" -> new Event.MapRunFailed(o.path("run").asText(), text(o, "error"), text(o, "cause"));
            case "Redrive" -> new Event.Redrive(o.path("count").asInt());
            default -> throw new IllegalStateException("unknown journal entry kind " + kind);
        };
        return new JournalEntry(seq, at, event);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
