package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * JSON comparison for golden expectations: numbers compare by value ({@code 1} equals {@code 1.0}), and in history
 * details an expected object is a subset of the actual one; strings holding JSON (event inputs and outputs) compare as
 * the JSON they hold.
 */
final class JsonMatch {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonMatch() {}

    static boolean same(JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null) return expected == actual;
        if (expected.isNumber() && actual.isNumber()) return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        if (expected.getNodeType() != actual.getNodeType()) return false;
        if (expected.isArray()) {
            if (expected.size() != actual.size()) return false;
            for (int i = 0; i < expected.size(); i++) if (!same(expected.get(i), actual.get(i))) return false;
            return true;
        }
        if (expected.isObject()) {
            if (expected.size() != actual.size()) return false;
            for (Map.Entry<String, JsonNode> e : expected.properties()) {
                if (!same(e.getValue(), actual.get(e.getKey()))) return false;
            }
            return true;
        }
        return expected.equals(actual);
    }

    /** Expected objects may leave out fields; JSON-in-strings compare parsed. */
    static boolean subset(JsonNode expected, JsonNode actual) {
        if (actual == null) return false;
        if (expected.isObject()) {
            if (!actual.isObject()) return false;
            for (Map.Entry<String, JsonNode> e : expected.properties()) {
                if (!subset(e.getValue(), actual.get(e.getKey()))) return false;
            }
            return true;
        }
        if (expected.isTextual() && actual.isTextual() && !expected.textValue().equals(actual.textValue())) {
            JsonNode a = parse(expected.textValue()), b = parse(actual.textValue());
            return a != null && b != null && a.isContainerNode() && same(a, b);
        }
        return same(expected, actual);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
