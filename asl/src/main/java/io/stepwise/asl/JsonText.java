package io.stepwise.asl;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON text of a tree, as the history records inputs and outputs, and its size for the payload limit. */
final class JsonText {
    private JsonText() {}

    /**
     * Compact JSON text. Walks the tree straight into a generator: going through ObjectMapper builds a serializer
     * provider per call, which showed up as a tenth of the interpreter's time (history holds every input/output).
     */
    static String of(JsonNode node) {
        var out = new StringWriter(64);
        try (JsonGenerator g = DataFlow.JSON.getFactory().createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (var e : n.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode item : n) write(g, item);
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case BINARY, POJO -> g.writeTree(n);
        }
    }


    /** The UTF-8 length of {@code text}, computed only when it could reach {@code limit} (bytes >= chars). */
    static long utf8Length(String text, long limit) {
        if (text.length() >= limit || (long) text.length() * 3 < limit) return text.length();
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
