package io.stepwise.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Test helpers: JSON literals (single quotes allowed) and scopes with a fixed clock and seeded randomness. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-24T12:34:56.789Z");

    private Json() {}

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Parses without the quote replacement, for texts that contain single quotes. */
    static JsonNode exact(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Scope scope(String input) { return scope(json(input)); }

    static Scope scope(JsonNode input) {
        return new Scope(input, json("{'Execution': {'Id': 'arn:exec', 'Name': 'run1'}, 'State': {'Name': 'S'}}"),
                Map.of(), Optional.empty(), Optional.empty(), NOW, new Random(42));
    }

    static Scope withVariables(Scope scope, Map<String, JsonNode> variables) {
        return new Scope(scope.input(), scope.context(), variables, scope.result(), scope.errorOutput(),
                scope.now(), scope.random());
    }
}
