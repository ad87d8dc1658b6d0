package io.stepwise.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step Functions Local's mock configuration (https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html):
 * {@code StateMachines -> <machine> -> TestCases -> <case> -> {<state>: <response name>}} and
 * {@code MockedResponses -> <name> -> {"0": {"Return": ...}, "1-2": {"Throw": {"Error", "Cause"}}}}.
 * Keys are invocation numbers (counted per state from 0 over the whole execution, so retries and Map iterations
 * advance them); after the last key the responses cycle from "0" again, as DESIGN.md and issue 2 describe.
 */
final class MockConfig {
    /** One configured answer. */
    sealed interface Response permits Return, Throw {}
    record Return(JsonNode value) implements Response {}
    record Throw(String error, String cause) implements Response {}
    private record Range(int from, int to, Response response) {}

    private final Map<String, List<Range>> byState;
    private final String testCase;
    private final Map<String, Integer> calls = new HashMap<>();

    private MockConfig(Map<String, List<Range>> byState, String testCase) {
        this.byState = byState;
        this.testCase = testCase;
    }

    static MockConfig none() { return new MockConfig(Map.of(), null); }

    /** Parses the file and selects the test case; a problem is a {@link Finding} (code INVALID_MOCK_CONFIG). */
    static MockConfig parse(String json, String machineName, String testCase) throws InvalidConfig {
        JsonNode root;
        try {
            root = DataFlow.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidConfig("", "The mock config is not JSON: " + e.getOriginalMessage());
        }
        JsonNode machines = root == null ? null : root.get("StateMachines");
        if (machines == null || !machines.isObject() || machines.isEmpty()) {
            throw new InvalidConfig("/StateMachines", "The mock config must have a non-empty 'StateMachines' object");
        }
        String name = machineName;
        if (!machines.has(name)) {
            if (machines.size() != 1) {
                throw new InvalidConfig("/StateMachines", "The mock config has no state machine '" + machineName
                        + "' and more than one other; choose one with --state-machine-name");
            }
            name = machines.fieldNames().next();
        }
        JsonNode cases = machines.get(name).get("TestCases");
        if (cases == null || !cases.isObject() || !cases.has(testCase) || !cases.get(testCase).isObject()) {
            throw new InvalidConfig("/StateMachines/" + name + "/TestCases", "No test case '" + testCase
                    + "' for state machine '" + name + "'");
        }
        JsonNode responses = root.get("MockedResponses");
        Map<String, List<Range>> byState = new HashMap<>();
        for (var e : cases.get(testCase).properties()) {
            String at = "/StateMachines/" + name + "/TestCases/" + testCase + "/" + e.getKey();
            if (!e.getValue().isTextual()) throw new InvalidConfig(at, "A mocked state must name a mocked response");
            String responseName = e.getValue().textValue();
            JsonNode response = responses == null ? null : responses.get(responseName);
            if (response == null || !response.isObject()) {
                throw new InvalidConfig(at, "No mocked response '" + responseName + "' in MockedResponses");
            }
            byState.put(e.getKey(), ranges(response, "/MockedResponses/" + responseName));
        }
        return new MockConfig(byState, testCase);
    }

    private static List<Range> ranges(JsonNode response, String at) throws InvalidConfig {
        List<Range> out = new ArrayList<>();
        for (var e : response.properties()) {
            String key = e.getKey();
            String kAt = at + "/" + key;
            int from;
            int to;
            try {
                String[] parts = key.split("-", -1);
                from = Integer.parseInt(parts[0].strip());
                to = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : from;
                if (parts.length > 2 || from < 0 || to < from) throw new NumberFormatException();
            } catch (NumberFormatException ex) {
                throw new InvalidConfig(kAt, "A mocked response key must be an invocation number or range such as "
                        + "\"0\" or \"1-2\", not \"" + key + "\"");
            }
            JsonNode v = e.getValue();
            Response r;
            if (v.has("Return") && !v.has("Throw")) {
                r = new Return(v.get("Return"));
            } else if (v.has("Throw") && !v.has("Return") && v.get("Throw").isObject()) {
                JsonNode t = v.get("Throw");
                r = new Throw(t.path("Error").asText(""), t.path("Cause").asText(""));
            } else {
                throw new InvalidConfig(kAt, "A mocked response must have exactly one of 'Return' or 'Throw'");
            }
            out.add(new Range(from, to, r));
        }
        if (out.isEmpty()) throw new InvalidConfig(at, "A mocked response needs at least one invocation");
        out.sort((a, b) -> Integer.compare(a.from(), b.from()));
        return out;
    }

    /** The answer for the next invocation of {@code state}, or empty when the test case does not mock it. */
    Optional<Response> next(String state) {
        List<Range> ranges = byState.get(state);
        if (ranges == null) return Optional.empty();
        int calls = this.calls.merge(state, 1, Integer::sum) - 1;
        int n = calls % (ranges.getLast().to() + 1);   // past the last key the responses cycle
        for (Range r : ranges) if (n >= r.from() && n <= r.to()) return Optional.of(r.response());
        return Optional.of(ranges.getFirst().response());   // a gap between keys: the first answer
    }

    Optional<String> testCase() { return Optional.ofNullable(testCase); }

    static final class InvalidConfig extends Exception {
        final String location;
        InvalidConfig(String location, String message) {
            super(message, null, false, false);
            this.location = location;
        }
    }
}
