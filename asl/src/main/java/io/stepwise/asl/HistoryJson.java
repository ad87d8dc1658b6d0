package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * History events as GetExecutionHistory returns them on the wire (AWS JSON 1.0): {@code timestamp} in epoch
 * seconds with milliseconds, {@code type}, {@code id}, {@code previousEventId}, then the details field.
 */
public final class HistoryJson {
    private HistoryJson() {}

    public static ObjectNode event(HistoryEvent e) {
        ObjectNode o = DataFlow.F.objectNode();
        o.put("timestamp", BigDecimal.valueOf(e.timestamp().toEpochMilli(), 3));
        o.put("type", e.type());
        o.put("id", e.id());
        o.put("previousEventId", e.previousEventId());
        e.details().properties().forEach(d -> o.set(d.getKey(), d.getValue()));
        return o;
    }

    /** The events as a JSON array. */
    public static ArrayNode events(List<HistoryEvent> history) {
        ArrayNode a = DataFlow.F.arrayNode(history.size());
        history.forEach(e -> a.add(event(e)));
        return a;
    }

    /** The whole GetExecutionHistory response: {@code {"events": [...]}}. */
    public static ObjectNode response(List<HistoryEvent> history) {
        ObjectNode o = DataFlow.F.objectNode();
        o.set("events", events(history));
        return o;
    }

    public static String toJson(JsonNode node) { return DataFlow.json(node); }
}
