package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Collects every finding of one parse, with the small typed readers that report wrong types as they read. */
final class Findings {
    static final String SCHEMA = "SCHEMA_VALIDATION_FAILED";
    static final String MISSING_TARGET = "MISSING_TRANSITION_TARGET";
    static final String UNREACHABLE = "UNREACHABLE_STATE";
    static final String INVALID_JSON = "INVALID_JSON_DESCRIPTION";
    static final String DUPLICATE_STATE = "DUPLICATE_STATE_NAME";
    static final String MISSING_DESCRIPTION = "MISSING_DESCRIPTION";
    static final String INVALID_RESOURCE = "INVALID_RESOURCE";
    static final String MISSING_END = "MISSING_END_STATE";

    private final List<Finding> list = new ArrayList<>();

    void add(String code, String location, String message) { list.add(new Finding(code, location, message)); }
    void schema(String location, String message) { add(SCHEMA, location, message); }
    List<Finding> all() { return List.copyOf(list); }
    boolean isEmpty() { return list.isEmpty(); }

    /** Fields not in {@code allowed}; {@code why} tells what they are not allowed for ("a Pass state"). */
    void onlyFields(ObjectNode node, Set<String> allowed, String location, String why) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) schema(at(location, f), "Field '" + f + "' is not supported for " + why);
        }
    }

    Optional<String> string(ObjectNode node, String field, String location) {
        JsonNode v = node.get(field);
        if (v == null) return Optional.empty();
        if (!v.isTextual()) {
            schema(at(location, field), "Field '" + field + "' must be a string, not " + kind(v));
            return Optional.empty();
        }
        return Optional.of(v.textValue());
    }

    Optional<String> requiredString(ObjectNode node, String field, String location, String what) {
        if (!node.has(field)) {
            schema(location, "Missing required field '" + field + "' in " + what);
            return Optional.empty();
        }
        return string(node, field, location);
    }

    Optional<ObjectNode> object(ObjectNode node, String field, String location) {
        JsonNode v = node.get(field);
        if (v == null) return Optional.empty();
        if (!v.isObject()) {
            schema(at(location, field), "Field '" + field + "' must be an object, not " + kind(v));
            return Optional.empty();
        }
        return Optional.of((ObjectNode) v);
    }

    /** An integer field in [min, max]; reports and returns empty otherwise. */
    Optional<Long> integer(ObjectNode node, String field, String location, long min, long max) {
        JsonNode v = node.get(field);
        if (v == null) return Optional.empty();
        return integerValue(v, field, at(location, field), min, max);
    }

    Optional<Long> integerValue(JsonNode v, String field, String location, long min, long max) {
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            schema(location, "Field '" + field + "' must be an integer, not " + kind(v));
            return Optional.empty();
        }
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            schema(location, "Field '" + field + "' must be between " + min + " and " + max + ", not " + v);
            return Optional.empty();
        }
        return Optional.of(v.asLong());
    }

    static String at(String location, String field) {
        return location + "/" + field.replace("~", "~0").replace("/", "~1");
    }

    static String at(String location, int index) { return location + "/" + index; }

    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case BINARY, MISSING -> "nothing";
        };
    }
}
