package io.stepwise.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The golden suite: every {@code golden/<category>/<case>.json} (written by {@code golden/generate.py}; expectations
 * from AWS's documentation) runs through {@link LocalExecution} with a fixed start time, seed and names. A case listed
 * in {@code golden/known-gaps.txt} must still fail (the test is then reported as aborted with the reason); a listed
 * case that passes fails the suite, so the list stays honest.
 */
class GoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("src/test/resources/golden");

    @TestFactory
    Stream<DynamicTest> golden_cases_behave_as_aws_documents() throws IOException {
        Map<String, String> gaps = knownGaps();
        List<Path> files;
        try (Stream<Path> s = Files.walk(ROOT)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(500);
        List<String> names = files.stream().map(GoldenTest::name).toList();
        assertThat(names).as("known-gaps.txt names only existing cases").containsAll(gaps.keySet());
        return files.stream().map(f -> DynamicTest.dynamicTest(name(f), () -> {
            String gap = gaps.get(name(f));
            JsonNode c = JSON.readTree(f.toFile());
            if (gap == null) {
                try {
                    Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> check(c));
                } catch (AssertionError e) {
                    throw new AssertionError(name(f) + ": " + e.getMessage(), e);
                }
                return;
            }
            try {
                Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> check(c));
            } catch (TestAbortedException e) {
                throw e;
            } catch (Throwable expected) {
                Assumptions.abort("known gap: " + gap);
            }
            fail(name(f) + " is listed in known-gaps.txt (" + gap + ") but passes: remove it from the list");
        }));
    }

    private static String name(Path f) {
        String rel = ROOT.relativize(f).toString().replace('\\', '/');
        return rel.substring(0, rel.length() - ".json".length());
    }

    static Map<String, String> knownGaps() throws IOException {
        Map<String, String> gaps = new TreeMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("known-gaps.txt"))) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int space = t.indexOf(' ');
            gaps.put(space < 0 ? t : t.substring(0, space), space < 0 ? "" : t.substring(space + 1).strip());
        }
        return gaps;
    }

    private static void check(JsonNode c) throws IOException {
        String definition = c.has("definitionText") ? c.get("definitionText").textValue() : JSON.writeValueAsString(c.get("definition"));
        String input = c.has("inputText") ? c.get("inputText").textValue() : JSON.writeValueAsString(c.get("input"));
        JsonNode exp = c.get("expect");
        if (exp.has("valid")) {
            ParseResult r = Parser.parse(definition);
            assertThat(r).as("%s", r).isInstanceOf(ParseResult.Valid.class);
            return;
        }
        LocalExecution.Result r = GoldenRun.run(definition, input, config(c));
        String got = GoldenRun.describe(r);
        if (exp.has("invalid")) {
            assertThat(r).as(got).isInstanceOf(LocalExecution.Invalid.class);
            List<Finding> findings = ((LocalExecution.Invalid) r).findings();
            assertCodes(exp.get("invalid"), findings);
            if (exp.has("findingMessageContains")) {
                assertThat(findings).anySatisfy(x -> assertThat(x.message()).contains(exp.get("findingMessageContains").textValue()));
            }
            return;
        }
        if (exp.has("output")) {
            assertThat(r).as(got).isInstanceOf(LocalExecution.Succeeded.class);
            JsonNode output = ((LocalExecution.Succeeded) r).output();
            assertThat(JsonMatch.same(exp.get("output"), output)).as("output %s, expected %s", output, exp.get("output")).isTrue();
        } else {
            assertThat(r).as(got).isInstanceOf(LocalExecution.Failed.class);
            var failed = (LocalExecution.Failed) r;
            if (exp.has("error")) assertThat(failed.error()).as(got).isEqualTo(exp.get("error").textValue());
            if (exp.has("errorOneOf")) {
                List<String> names = new ArrayList<>();
                exp.get("errorOneOf").forEach(n -> names.add(n.textValue()));
                assertThat(failed.error()).as(got).isIn(names);
            }
            if (exp.has("cause")) assertThat(failed.cause()).as(got).isEqualTo(exp.get("cause").textValue());
            if (exp.has("causeContains")) assertThat(failed.cause()).as(got).contains(exp.get("causeContains").textValue());
        }
        List<HistoryEvent> history = GoldenRun.history(r);
        if (exp.has("historyTypes")) {
            List<String> expected = new ArrayList<>();
            exp.get("historyTypes").forEach(t -> expected.add(t.textValue()));
            assertThat(history.stream().map(HistoryEvent::type).toList()).isEqualTo(expected);
        }
        if (exp.has("events")) checkEvents(exp.get("events"), history);
    }

    private static GoldenRun.Config config(JsonNode c) throws IOException {
        JsonNode o = c.path("options");
        return new GoldenRun.Config(
                c.has("mockConfig") ? Optional.of(JSON.writeValueAsString(c.get("mockConfig"))) : Optional.empty(),
                c.has("testCase") ? Optional.of(c.get("testCase").textValue()) : Optional.empty(),
                o.has("startTime") ? Instant.parse(o.get("startTime").textValue()) : GoldenRun.START,
                o.path("executionName").asText("golden-exec"), o.path("stateMachineName").asText("golden"));
    }

    private static void assertCodes(JsonNode expected, List<Finding> findings) {
        assertThat(findings).isNotEmpty();
        List<String> codes = new ArrayList<>();
        expected.forEach(n -> codes.add(n.textValue()));
        if (codes.equals(List.of("*"))) return;
        assertThat(findings.stream().map(Finding::code).sorted().toList()).as("%s", findings).isEqualTo(codes.stream().sorted().toList());
    }

    /**
     * The listed events are the history's events of the listed types, all of them and in order: the history filtered
     * to those types must have exactly as many events, each of the listed type, with the listed details (a subset)
     * and, where given, the listed id, previous id and timestamp.
     */
    private static void checkEvents(JsonNode expected, List<HistoryEvent> history) {
        Set<String> types = new HashSet<>();
        expected.forEach(e -> types.add(e.get("type").textValue()));
        List<HistoryEvent> actual = history.stream().filter(h -> types.contains(h.type())).toList();
        List<String> actualTypes = actual.stream().map(HistoryEvent::type).toList();
        List<String> expectedTypes = new ArrayList<>();
        expected.forEach(e -> expectedTypes.add(e.get("type").textValue()));
        assertThat(actualTypes).as("the %s events of %s", types, history).isEqualTo(expectedTypes);
        for (int i = 0; i < actual.size(); i++) {
            JsonNode e = expected.get(i);
            HistoryEvent h = actual.get(i);
            String type = e.get("type").textValue();
            if (e.has("details")) assertThat(JsonMatch.subset(e.get("details"), h.details()))
                    .as("%s #%d details %s within %s", type, i, e.get("details"), h.details()).isTrue();
            if (e.has("id")) assertThat(h.id()).as("%s id", type).isEqualTo(e.get("id").asLong());
            if (e.has("previousEventId")) assertThat(h.previousEventId()).as("%s previousEventId", type).isEqualTo(e.get("previousEventId").asLong());
            if (e.has("timestamp")) assertThat(h.timestamp()).as("%s timestamp", type).isEqualTo(Instant.parse(e.get("timestamp").textValue()));
        }
    }
}
