package io.stepwise.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.StepFunctionsError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Step Functions request body (AWS JSON 1.0), read with the types and constraints of the API model. A member of the
 * wrong JSON type is a {@code SerializationException}; a missing required member or a value out of its bounds is a
 * {@code ValidationException} worded as AWS's request validation words it ("1 validation error detected: Value ... at
 * 'member' failed to satisfy constraint: ...").
 */
record SfnRequest(ObjectNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static SfnRequest parse(byte[] body) {
        if (body.length == 0) return new SfnRequest(JSON.createObjectNode());
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode() || n.isNull()) return new SfnRequest(JSON.createObjectNode());
            if (n instanceof ObjectNode o) return new SfnRequest(o);
            throw serialization("Start of structure or map not found: the request body must be a JSON object");
        } catch (JsonProcessingException e) {
            throw serialization("Could not parse the request body as JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw serialization("Could not read the request body: " + e.getMessage());
        }
    }

    static StepFunctionsError serialization(String message) {
        return new StepFunctionsError("SerializationException", 400, message);
    }

    static StepFunctionsError invalid(String value, String member, String constraint) {
        return StepFunctionsError.validation("1 validation error detected: Value " + (value == null ? "null"
                : "'" + value + "'") + " at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    Optional<String> text(String member) {
        return text(member, Integer.MAX_VALUE);
    }

    /** A string member of at most {@code max} characters. */
    Optional<String> text(String member, int max) {
        JsonNode n = json.get(member);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isTextual()) throw serialization("Expected a string for '" + member + "', not " + n.getNodeType());
        String s = n.asText();
        if (s.length() > max) {
            throw invalid(s, member, "Member must have length less than or equal to " + max);
        }
        return Optional.of(s);
    }

    /** A sensitive string member (input, output, definition...): its value is not echoed in messages. */
    Optional<String> sensitive(String member, int max) {
        JsonNode n = json.get(member);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isTextual()) throw serialization("Expected a string for '" + member + "', not " + n.getNodeType());
        String s = n.asText();
        if (s.length() > max) {
            throw StepFunctionsError.validation("1 validation error detected: Value at '" + member + "' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + max);
        }
        return Optional.of(s);
    }

    String required(String member, int max) {
        return text(member, max).map(s -> {
            if (s.isEmpty()) throw invalid(s, member, "Member must have length greater than or equal to 1");
            return s;
        }).orElseThrow(() -> invalid(null, member, "Member must not be null"));
    }

    String requiredSensitive(String member, int max) {
        return sensitive(member, max).orElseThrow(() -> StepFunctionsError.validation("1 validation error detected: "
                + "Value at '" + member + "' failed to satisfy constraint: Member must not be null"));
    }

    Optional<Integer> integer(String member) {
        JsonNode n = json.get(member);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw serialization("Expected an integer for '" + member + "', not " + n);
        }
        return Optional.of(n.intValue());
    }

    Optional<Double> number(String member) {
        JsonNode n = json.get(member);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isNumber()) throw serialization("Expected a number for '" + member + "', not " + n);
        return Optional.of(n.doubleValue());
    }

    Optional<Long> longInteger(String member) {
        JsonNode n = json.get(member);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw serialization("Expected an integer for '" + member + "', not " + n);
        }
        return Optional.of(n.longValue());
    }

    boolean bool(String member, boolean absent) {
        JsonNode n = json.get(member);
        if (n == null || n.isNull()) return absent;
        if (!n.isBoolean()) throw serialization("Expected a boolean for '" + member + "', not " + n);
        return n.booleanValue();
    }

    /** An enum member, checked against its values (listed in AWS's order for the message). */
    Optional<String> oneOf(String member, List<String> values) {
        Optional<String> v = text(member);
        if (v.isPresent() && !values.contains(v.get())) {
            throw invalid(v.get(), member, "Member must satisfy enum value set: [" + String.join(", ", values) + "]");
        }
        return v;
    }

    /** An object member, as JSON text (configuration objects the engine stores as given). */
    Optional<String> object(String member) {
        JsonNode n = json.get(member);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isObject()) throw serialization("Expected an object for '" + member + "', not " + n.getNodeType());
        return Optional.of(n.toString());
    }

    /** A list of {@code {"key", "value"}} tags. */
    Map<String, String> tags(String member) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : list(member)) {
            if (!t.isObject() || !t.path("key").isTextual()) {
                throw serialization("Expected a tag with a string 'key' in '" + member + "', not " + t);
            }
            String key = t.get("key").asText();
            String value = t.path("value").isTextual() ? t.get("value").asText() : "";
            if (key.isEmpty() || key.length() > 128) {
                throw invalid(key, member + ".member.key", "Member must have length " + (key.isEmpty()
                        ? "greater than or equal to 1" : "less than or equal to 128"));
            }
            if (value.length() > 256) {
                throw invalid(value, member + ".member.value", "Member must have length less than or equal to 256");
            }
            out.put(key, value);
        }
        return out;
    }

    List<JsonNode> list(String member) {
        JsonNode n = json.get(member);
        if (n == null || n.isNull()) return List.of();
        if (!n.isArray()) throw serialization("Expected a list for '" + member + "', not " + n.getNodeType());
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    List<String> strings(String member) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list(member)) {
            if (!n.isTextual()) throw serialization("Expected strings in '" + member + "', not " + n);
            out.add(n.asText());
        }
        return out;
    }

    boolean has(String member) {
        JsonNode n = json.get(member);
        return n != null && !n.isNull();
    }
}
