package io.stepwise.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every result of {@link Parser#parse} must satisfy, whatever the text: the fuzz tests
 * ({@link ParserRobustnessTest}, {@link ParserMutationPropertyTest}) run it on every text they make.
 * <ul>
 * <li>an Invalid result has findings; each has one of AWS's codes and a message, and a location (when it has one)
 * that names a node of the document: the AWS form ({@code /States/C/Choices[0]/Next}) is resolved to a JSON pointer;
 * text that is not JSON gives only INVALID_JSON_DESCRIPTION findings, located by the JSON parser's
 * {@code [Source: ...]}; JSON that is no object gives AWS's one unlocated finding;</li>
 * <li>parsing is deterministic: the same text gives equal findings in the same order, or equal machines;</li>
 * <li>a valid definition written again (pretty-printed, every object's keys in reverse order) parses to an equal
 * machine: the model cannot serialise itself, so the parsed JSON is what is written.</li>
 * </ul>
 */
final class ParserInvariants {
    private ParserInvariants() {}

    /**
     * The error codes of ValidateStateMachineDefinitionDiagnostic in AWS's API model
     * (/work/shared/aws-models/stepfunctions-2016-11-23.service.json), and the two JSONata codes AWS was recorded
     * answering (floci-io/floci#2745, #2670).
     */
    static final Set<String> AWS_CODES = Set.of("INVALID_JSON_DESCRIPTION", "MISSING_DESCRIPTION",
            "SCHEMA_VALIDATION_FAILED", "INVALID_RESOURCE", "MISSING_END_STATE", "DUPLICATE_STATE_NAME",
            "INVALID_STATE_NAME", "STATE_MACHINE_NAME_EMPTY", "STATE_MACHINE_NAME_INVALID", "STATE_MACHINE_NAME_TOO_LONG",
            "STATE_MACHINE_NAME_ALREADY_EXISTS", "DUPLICATE_LABEL_NAME", "INVALID_LABEL_NAME",
            "MISSING_TRANSITION_TARGET", "TOO_DEEPLY_NESTED", "INVALID_JSONATA_EXPRESSION",
            "UNSUPPORTED_JSONATA_EXPRESSION");

    /** Reads what the parser reads, but keeps the last of repeated keys instead of failing, to resolve locations. */
    private static final ObjectMapper LENIENT = new ObjectMapper();
    private static final Pattern INDEX = Pattern.compile("^\\[(\\d+)]");

    /** Checks every invariant for this text and returns the result. */
    static ParseResult check(String text) {
        ParseResult r = parse(text);
        assertThat(parse(text)).as("parsing twice gives the same result, findings in the same order: %s", text)
                .isEqualTo(r);
        switch (r) {
            case ParseResult.Invalid(List<Finding> findings) -> checkFindings(text, findings);
            case ParseResult.Valid(StateMachine machine) -> checkRoundTrip(text, machine);
        }
        return r;
    }

    private static ParseResult parse(String text) {
        try {
            ParseResult r = Parser.parse(text);
            assertThat(r).as(text).isNotNull();
            return r;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("Parser.parse threw on " + text, e);
        }
    }

    private static void checkFindings(String text, List<Finding> findings) {
        assertThat(findings).as("an Invalid result says why: %s", text).isNotEmpty();
        for (Finding f : findings) {
            assertThat(f.code()).as("AWS's code: %s in %s", f, text).isIn(AWS_CODES);
            assertThat(f.message()).as("a message: %s in %s", f, text).isNotBlank();
            f.location().ifPresent(l -> assertThat(l).as("a location, when there is one: %s in %s", f, text).isNotBlank());
        }
        Optional<JsonNode> document = json(text);
        if (document.isEmpty()) {
            assertThat(findings).as("text that is not JSON: %s", text).allSatisfy(f -> {
                assertThat(f.code()).isEqualTo("INVALID_JSON_DESCRIPTION");
                assertThat(f.location()).hasValueSatisfying(l -> assertThat(l).startsWith("[Source: "));
            });
            return;
        }
        if (!document.get().isObject()) {
            assertThat(findings).as("JSON that is no object: %s", text).containsExactly(new Finding(
                    "SCHEMA_VALIDATION_FAILED", Optional.empty(), "Definition must be a valid JSON object"));
            return;
        }
        for (Finding f : findings) {
            f.location().ifPresent(l -> assertThat(pointer(document.get(), l))
                    .as("the location of %s names a node of %s", f, text).isPresent());
        }
    }

    private static void checkRoundTrip(String text, StateMachine machine) {
        JsonNode document = json(text).orElseThrow();
        String again;
        try {
            again = LENIENT.writerWithDefaultPrettyPrinter().writeValueAsString(reversed(document));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        assertThat(parse(again)).as("%s written again as %s", text, again).isEqualTo(new ParseResult.Valid(machine));
    }

    private static Optional<JsonNode> json(String text) {
        try {
            return Optional.ofNullable(text == null ? null : LENIENT.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The same JSON with every object's keys in reverse order. */
    static JsonNode reversed(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : names.reversed()) out.set(name, reversed(o.get(name)));
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            a.forEach(item -> out.add(reversed(item)));
            return out;
        }
        return node;
    }

    /**
     * The JSON pointer of the node an AWS location names ({@code /} is the document; {@code /a/b} a field, written as
     * it is, so a name may hold '/' or '[': every way of reading it is tried; {@code [i]} an array element).
     */
    static Optional<String> pointer(JsonNode root, String location) {
        if (location.equals("/")) return Optional.of("");
        return resolve(root, location, "");
    }

    private static Optional<String> resolve(JsonNode node, String rest, String pointer) {
        if (rest.isEmpty()) return Optional.of(pointer);
        if (node.isArray()) {
            Matcher m = INDEX.matcher(rest);
            if (!m.find()) return Optional.empty();
            int i = Integer.parseInt(m.group(1));
            if (i >= node.size()) return Optional.empty();
            return resolve(node.get(i), rest.substring(m.end()), pointer + "/" + i);
        }
        if (!node.isObject() || !rest.startsWith("/")) return Optional.empty();
        for (var e : node.properties()) {
            String key = e.getKey();
            if (!rest.startsWith(key, 1)) continue;
            String after = rest.substring(1 + key.length());
            if (!after.isEmpty() && !after.startsWith("/") && !after.startsWith("[")) continue;
            Optional<String> found = resolve(e.getValue(), after,
                    pointer + "/" + key.replace("~", "~0").replace("/", "~1"));
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }
}
