package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * TestState answers as AWS answered: every {@code teststate/<case>.json} holds a request and the responses AWS gave it
 * at each inspection level, copied from LocalStack's AWS-recorded snapshots (the file names its source and the
 * recordings). As in the snapshots, JSON-text members ({@code output}, the data-flow members of
 * {@code inspectionData}) are compared as the JSON they hold, and the values the recordings mask compare loosely:
 * {@code "date"} is any text, {@code <resource:1>}, {@code <region>}, {@code <partition>} and the account
 * {@code 111111111111} any ARN part. A case whose function is named runs it on a fake Lambda.
 */
class TestStateGoldenTest {
    private static final Path ROOT = Path.of("src/test/resources/teststate");

    @TestFactory
    Stream<DynamicTest> each_state_answers_at_each_level_as_aws_recorded_it() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(ROOT)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            JsonNode c = Json.read(Files.readString(file));
            for (var level : c.get("expected").properties()) {
                String name = file.getFileName().toString().replace(".json", "") + " at " + level.getKey();
                tests.add(DynamicTest.dynamicTest(name, () -> check(c, TestState.Level.valueOf(level.getKey()),
                        level.getValue())));
            }
        }
        return tests.stream();
    }

    private static void check(JsonNode c, TestState.Level level, JsonNode expected) {
        FakeLambda lambda = new FakeLambda(call -> Json.MAPPER.getNodeFactory()
                .textNode(c.path("function").path("returns").asText()));
        StateTests tests = new StateTests(Arns.local(), new ManualScheduler(Harness.START), lambda,
                t -> { throw new AssertionError("no child executions here"); }, new SplittableRandom(7));
        JsonNode mock = c.path("mock");
        Optional<TestState.Mock> m = mock.isMissingNode() ? Optional.empty() : Optional.of(new TestState.Mock(
                text(mock, "result"), mock.has("errorOutput") ? Optional.of(new TestState.MockError(
                        text(mock.get("errorOutput"), "error"), text(mock.get("errorOutput"), "cause")))
                        : Optional.empty(), TestState.FieldValidation.STRICT));
        JsonNode conf = c.path("stateConfiguration");
        var configuration = new TestState.Configuration(integer(conf, "retrierRetryCount"),
                text(conf, "errorCausedByState"), integer(conf, "mapIterationFailureCount"), Optional.empty());
        var request = new TestState.Request(Json.text(c.get("definition")), text(c, "roleArn"),
                json(c, "input"), level, false, json(c, "variables"), text(c, "stateName"), m, json(c, "context"),
                configuration);
        ObjectNode actual = tests.run(request).json();
        assertThat(matches(expected, parsed(actual))).as("expected %s%nbut got %s", expected, parsed(actual))
                .isTrue();
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.path(field).isTextual() ? Optional.of(n.get(field).asText()) : Optional.empty();
    }

    private static Optional<String> json(JsonNode n, String field) {
        return n.has(field) ? Optional.of(Json.text(n.get(field))) : Optional.empty();
    }

    private static Optional<Integer> integer(JsonNode n, String field) {
        return n.has(field) ? Optional.of(n.get(field).asInt()) : Optional.empty();
    }

    /** The response with its JSON-text members read, as the snapshots show them. */
    private static JsonNode parsed(ObjectNode wire) {
        ObjectNode o = wire.deepCopy();
        if (o.has("output")) o.set("output", Json.read(o.get("output").asText()));
        if (o.get("inspectionData") instanceof ObjectNode i) {
            for (var e : List.copyOf(i.properties())) {
                if (e.getValue().isTextual()) i.set(e.getKey(), Json.read(e.getValue().asText()));
            }
        }
        return o;
    }

    private static final Pattern MASK = Pattern.compile("<[^>]+>|111111111111");

    /** Same JSON; numbers by value; masked recorded values match loosely; a recorded JSON text matches its JSON. */
    static boolean matches(JsonNode expected, JsonNode actual) {
        if (actual == null) return false;
        if (expected.isTextual()) {
            if (actual.isTextual() && masked(expected.textValue(), actual.textValue())) return true;
            try {
                JsonNode inner = Json.STRICT.readTree(expected.textValue());
                return inner != null && !inner.isTextual() && matches(inner, actual)
                        || inner != null && inner.isTextual() && inner.equals(actual);
            } catch (IOException notJson) {
                return false;
            }
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.getNodeType() != actual.getNodeType() || expected.size() != actual.size()) return false;
        if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) if (!matches(expected.get(i), actual.get(i))) return false;
            return true;
        }
        if (expected.isObject()) {
            for (Map.Entry<String, JsonNode> e : expected.properties()) {
                if (!matches(e.getValue(), actual.get(e.getKey()))) return false;
            }
            return true;
        }
        return expected.equals(actual);
    }

    private static boolean masked(String expected, String actual) {
        if (expected.equals("date")) return true;
        StringBuilder regex = new StringBuilder();
        var m = MASK.matcher(expected);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(expected.substring(last, m.start())));
            regex.append(m.group().equals("111111111111") ? "\\d*" : "[^:]*");
            last = m.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        return actual.matches(regex.toString());
    }
}
