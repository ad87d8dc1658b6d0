package io.stepwise.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.stepwise.functions.LambdaError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A REST-JSON request body, read with the types the API model gives its members; a wrong type is a 400. */
record Body(ObjectNode json) {
    /** A 50 MB zip is a 70 MB base64 string: Jackson's default 20 MB string limit would refuse it. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength((int) StepwiseServer.MAX_REQUEST_BYTES).build()).build());

    static Body of(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) return new Body(JSON.createObjectNode());
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw LambdaError.invalidContent("Could not parse request body into json: " + firstLine(e.getMessage()));
        }
        if (n == null || n.isMissingNode()) return new Body(JSON.createObjectNode());
        if (!(n instanceof ObjectNode o)) throw LambdaError.invalidContent("Could not parse request body into json: expected an object");
        return new Body(o);
    }

    Optional<String> text(String name) {
        JsonNode n = json.get(name);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isTextual()) throw wrongType(name, "a string");
        return Optional.of(n.asText());
    }

    Optional<Integer> integer(String name) {
        JsonNode n = json.get(name);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw wrongType(name, "an integer");
        return Optional.of(n.intValue());
    }

    boolean bool(String name) {
        JsonNode n = json.get(name);
        if (n == null || n.isNull()) return false;
        if (!n.isBoolean()) throw wrongType(name, "a boolean");
        return n.booleanValue();
    }

    Optional<Body> object(String name) {
        JsonNode n = json.get(name);
        if (n == null || n.isNull()) return Optional.empty();
        if (!(n instanceof ObjectNode o)) throw wrongType(name, "an object");
        return Optional.of(new Body(o));
    }

    Optional<Map<String, String>> strings(String name) {
        return object(name).map(b -> {
            Map<String, String> out = new LinkedHashMap<>();
            b.json.properties().forEach(e -> {
                if (!e.getValue().isTextual()) throw wrongType(name + "." + e.getKey(), "a string");
                out.put(e.getKey(), e.getValue().asText());
            });
            return out;
        });
    }

    /** A list of strings. */
    Optional<List<String>> list(String name) {
        JsonNode n = json.get(name);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isArray()) throw wrongType(name, "a list");
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) throw wrongType(name + " members", "strings");
            out.add(e.asText());
        }
        return Optional.of(out);
    }

    Optional<Map<String, Double>> numbers(String name) {
        return object(name).map(b -> {
            Map<String, Double> out = new LinkedHashMap<>();
            b.json.properties().forEach(e -> {
                if (!e.getValue().isNumber()) throw wrongType(name + "." + e.getKey(), "a number");
                out.put(e.getKey(), e.getValue().doubleValue());
            });
            return out;
        });
    }

    /** A blob member: base64 text in JSON. */
    Optional<byte[]> blob(String name) {
        Optional<String> t = text(name);
        try {
            return t.map(s -> java.util.Base64.getMimeDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            throw LambdaError.invalidContent("Could not parse request body into json: " + name + " is not valid base64");
        }
    }

    String required(String name, String member) {
        return text(name).orElseThrow(() -> LambdaError.validation("Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null"));
    }

    private static LambdaError wrongType(String name, String type) {
        return LambdaError.invalidContent("Could not parse request body into json: " + name + " must be " + type);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
