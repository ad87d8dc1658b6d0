package io.stepwise.asl;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between JsonNode and the JSONata library's Java values, keeping key order and integral numbers. */
final class JsonataValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonataValues() {}

    static Object toJava(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                var map = new LinkedHashMap<String, Object>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
                yield map;
            }
            case ARRAY -> {
                var list = new ArrayList<Object>();
                node.forEach(item -> list.add(toJava(item)));
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue()
                    : (Object) node.doubleValue();
            case NULL, MISSING -> Jsonata.NULL_VALUE;
            case BINARY, POJO -> node.asText();
        };
    }

    /** Null (JSONata's undefined) is returned as null; functions cannot be serialised and fail. */
    static JsonNode toJson(Object value) throws StatesError {
        if (value == null || value == Jsonata.NULL_VALUE) return value == null ? null : NODES.nullNode();
        return switch (value) {
            case Map<?, ?> map -> {
                ObjectNode out = NODES.objectNode();
                for (var e : map.entrySet()) {
                    JsonNode v = toJson(e.getValue());
                    if (v != null) out.set(String.valueOf(e.getKey()), v);
                }
                yield out;
            }
            case List<?> list -> {
                ArrayNode out = NODES.arrayNode();
                for (Object item : list) {
                    JsonNode v = toJson(item);
                    if (v != null) out.add(v);
                }
                yield out;
            }
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> IntrinsicFunctions.integral(l);
            case BigInteger b -> NODES.numberNode(b);
            case BigDecimal b -> NODES.numberNode(b);
            case Number n -> number(n.doubleValue());
            default -> throw new StatesError("States.QueryEvaluationError",
                    "The JSONata expression returned a value that is not JSON (" + value.getClass().getSimpleName() + ")");
        };
    }

    private static JsonNode number(double d) throws StatesError {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new StatesError("States.QueryEvaluationError", "The JSONata expression returned a non-finite number");
        }
        if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) return IntrinsicFunctions.integral((long) d);
        return NODES.numberNode(d);
    }
}
