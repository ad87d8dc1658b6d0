package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The little JSON the remote commands read. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            return MAPPER.missingNode();
        }
    }

    /** The message of an AWS-shaped error body ({@code message} or {@code Message}), else the body itself. */
    static String message(String body) {
        JsonNode n = parse(body);
        for (String f : new String[] {"message", "Message", "errorMessage"}) {
            if (n.path(f).isTextual()) return n.path(f).textValue();
        }
        return body.isBlank() ? "(no message)" : body.strip();
    }
}
