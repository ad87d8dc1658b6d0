package io.stepwise.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Shapes of the Step Functions API on the wire: timestamps as epoch seconds with milliseconds, JSON objects. */
final class Sfn {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sfn() {}

    static ObjectNode object() { return JSON.createObjectNode(); }

    /** AWS JSON 1.0 timestamps: a number of seconds since the epoch, with milliseconds. */
    static BigDecimal time(Instant t) { return BigDecimal.valueOf(t.toEpochMilli(), 3); }

    /** A stored JSON document (configuration objects). */
    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A history event without the execution's data (GetExecutionHistory with includeExecutionData false): the inputs
     * and outputs of states, tasks and the execution, a task's parameters (its input) and assigned variables' values,
     * with their {@code *Details}. Names, resources, errors and causes stay. AWS does not document the exact set.
     */
    static ObjectNode withoutData(ObjectNode event) {
        event.properties().forEach(p -> {
            if (p.getValue() instanceof ObjectNode details) details.remove(DATA);
        });
        return event;
    }

    private static final List<String> DATA = List.of("input", "inputDetails", "output", "outputDetails", "parameters",
            "assignedVariables", "assignedVariablesDetails");
}
