package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Collects every finding of one parse, with the small typed readers that report wrong types as they read.
 * Locations are built as AWS writes them ({@link Finding}): {@link #at(String, String)} appends {@code /field},
 * {@link #at(String, int)} appends {@code [index]}; the definition itself is "" here and {@code /} in the finding.
 * The wordings quoted in docs/asl-validation.md are AWS's where AWS was recorded saying them.
 */
final class Findings {
    static final String SCHEMA = "SCHEMA_VALIDATION_FAILED";
    static final String MISSING_TARGET = "MISSING_TRANSITION_TARGET";
    static final String INVALID_JSON = "INVALID_JSON_DESCRIPTION";
    static final String DUPLICATE_STATE = "DUPLICATE_STATE_NAME";
    static final String MISSING_END = "MISSING_END_STATE";
    static final String INVALID_JSONATA = "INVALID_JSONATA_EXPRESSION";

    private final List<Finding> list = new ArrayList<>();

    void add(String code, String location, String message) {
        list.add(new Finding(code, location.isEmpty() ? "/" : location, message));
    }

    /** A finding AWS gives without a location. */
    void unlocated(String code, String message) { list.add(new Finding(code, Optional.empty(), message)); }

    void schema(String location, String message) { add(SCHEMA, location, message); }
    List<Finding> all() { return List.copyOf(list); }
    boolean isEmpty() { return list.isEmpty(); }

    /** Fields not in {@code allowed}, reported at the object that holds them, in AWS's words. */
    void onlyFields(ObjectNode node, Set<String> allowed, String location) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) schema(location, unsupported(f));
        }
    }

    static String unsupported(String field) { return "Field '" + field + "' is not supported"; }

    /**
     * Reports, in one finding at the object, the fields of {@code fields} it lacks ("These fields are required:
     * [States, StartAt]", AWS's wording and order); true when none is missing.
     */
    boolean required(ObjectNode node, String location, String... fields) {
        List<String> missing = new ArrayList<>();
        for (String f : fields) if (!node.has(f)) missing.add(f);
        if (missing.isEmpty()) return true;
        schema(location, "These fields are required: [" + String.join(", ", missing) + "]");
        return false;
    }

    Optional<String> string(ObjectNode node, String field, String location) {
        JsonNode v = node.get(field);
        if (v == null) return Optional.empty();
        if (!v.isTextual()) {
            schema(at(location, field), NOT_A_STRING);
            return Optional.empty();
        }
        return Optional.of(v.textValue());
    }

    /** AWS's wording for a field that must be a string (recorded for QueryLanguage). */
    static final String NOT_A_STRING = "Expected value of type [STRING]";

    Optional<String> requiredString(ObjectNode node, String field, String location) {
        if (!required(node, location, field)) return Optional.empty();
        return string(node, field, location);
    }

    /** AWS's wording for a value outside an enumeration (recorded for QueryLanguage). */
    static String oneOf(String... values) {
        return "Value should be one of the following: [" + String.join(", ", values) + "]";
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
            boolean low = v.canConvertToLong() ? v.asLong() < min : v.asDouble() < min;
            schema(location, low ? "Minimum value is " + min : "Maximum value is " + max);
            return Optional.empty();
        }
        return Optional.of(v.asLong());
    }

    static String at(String location, String field) { return location + "/" + field; }

    static String at(String location, int index) { return location + "[" + index + "]"; }

    /** The location of the node a JSON pointer names under {@code root} (at {@code location}), in AWS's form. */
    static String at(String location, JsonNode root, String pointer) {
        StringBuilder out = new StringBuilder(location);
        JsonNode node = root;
        for (String raw : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/", -1)) {
            String key = raw.replace("~1", "/").replace("~0", "~");
            if (node != null && node.isArray()) {
                out.append('[').append(key).append(']');
                node = node.path(Integer.parseInt(key));
            } else {
                out.append('/').append(key);
                node = node == null ? null : node.get(key);
            }
        }
        return out.toString();
    }

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
