package io.stepwise.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Structural mutations (drop, rename, retype, swap, null out, empty) of every valid definition of the golden and
 * parser suites: {@link Parser#parse} never throws or hangs, and every result keeps {@link ParserInvariants} (AWS's
 * codes, locations that name a node of the document, the same answer twice, a valid definition written again parses
 * to the same machine).
 */
class ParserMutationPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonNode[] JUNK = {F.nullNode(), F.numberNode(-1), F.numberNode(1.5), F.textNode(""), F.textNode("$.x"),
            F.textNode("{% $x %}"), F.textNode("States.Format("), F.booleanNode(true), F.arrayNode(), F.objectNode(),
            F.numberNode(99999999999L), F.textNode("Nowhere")};

    /** A place in a tree: an object field or an array element. */
    private record Slot(JsonNode parent, String field, int index) {
        JsonNode get() { return field != null ? parent.get(field) : parent.get(index); }
        void set(JsonNode v) {
            if (field != null) ((ObjectNode) parent).set(field, v);
            else ((ArrayNode) parent).set(index, v);
        }
    }

    @Test
    void mutated_definitions_give_a_machine_or_findings_that_keep_the_parser_invariants() throws IOException {
        List<JsonNode> sources = sources();
        assertThat(sources).hasSizeGreaterThan(300);
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random random = new Random(424242);
            int invalid = 0;
            for (int i = 0; i < 6000; i++) {
                JsonNode d = sources.get(random.nextInt(sources.size())).deepCopy();
                for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) mutate(d, random);
                if (ParserInvariants.check(JSON.writeValueAsString(d)) instanceof ParseResult.Invalid) invalid++;
            }
            assertThat(invalid).as("mutations must mostly break definitions").isGreaterThan(3000);
        });
    }

    private static void mutate(JsonNode root, Random random) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) return;
        Slot s = slots.get(random.nextInt(slots.size()));
        switch (random.nextInt(6)) {
            case 0 -> { // drop
                if (s.field() != null) ((ObjectNode) s.parent()).remove(s.field());
                else ((ArrayNode) s.parent()).remove(s.index());
            }
            case 1 -> { // rename
                if (s.field() != null) {
                    JsonNode v = ((ObjectNode) s.parent()).remove(s.field());
                    String f = s.field();
                    ((ObjectNode) s.parent()).set(random.nextBoolean() ? f.toLowerCase() : f + "x", v);
                }
            }
            case 2 -> s.set(JUNK[random.nextInt(JUNK.length)]); // change type or value
            case 3 -> { // swap two values
                Slot t = slots.get(random.nextInt(slots.size()));
                JsonNode a = s.get().deepCopy(), b = t.get().deepCopy();
                s.set(b);
                t.set(a);
            }
            case 4 -> { // wrap in an array or an object
                JsonNode v = s.get();
                s.set(random.nextBoolean() ? F.arrayNode().add(v.deepCopy()) : F.objectNode().set("x", v.deepCopy()));
            }
            default -> { // empty a container
                JsonNode v = s.get();
                if (v instanceof ObjectNode o) o.removeAll();
                else if (v instanceof ArrayNode a) a.removeAll();
                else s.set(F.textNode(v.asText() + v.asText()));
            }
        }
    }

    private static void collect(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode o) {
            for (String f : iterable(o)) { out.add(new Slot(o, f, -1)); collect(o.get(f), out); }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) { out.add(new Slot(a, null, i)); collect(a.get(i), out); }
        }
    }

    private static List<String> iterable(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> sources() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String dir : List.of("src/test/resources/golden", "src/test/resources/parser/valid")) {
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                for (Path p : s.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                    JsonNode n = JSON.readTree(p.toFile());
                    JsonNode d = n.has("expect") ? n.get("definition") : n;
                    if (d != null && d.isObject() && Parser.parse(JSON.writeValueAsString(d)) instanceof ParseResult.Valid) out.add(d);
                }
            }
        }
        return out;
    }
}
