package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the names given in {@code Assign} (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html):
 * identifiers of at most 80 characters, not the reserved {@code states}, and a Parallel branch or Map iteration may
 * not assign a variable of an enclosing scope. Runs over the raw JSON after the states are parsed.
 */
final class Variables {
    static final int MAX_NAME = 80;
    private final Findings findings;

    Variables(Findings findings) { this.findings = findings; }

    /** Checks one machine and, recursively, its nested machines; {@code outer} holds the enclosing scopes' names. */
    void check(JsonNode machine, String location, Set<String> outer) {
        JsonNode states = machine.get("States");
        if (states == null || !states.isObject()) return;
        String statesAt = Findings.at(location, "States");
        Set<String> mine = new HashSet<>();
        for (Map.Entry<String, JsonNode> e : states.properties()) {
            if (!e.getValue().isObject()) continue;
            String at = Findings.at(statesAt, e.getKey());
            for (var assign : assigns((ObjectNode) e.getValue(), at)) {
                for (Map.Entry<String, JsonNode> v : assign.node().properties()) {
                    String name = v.getKey().endsWith(".$") ? v.getKey().substring(0, v.getKey().length() - 2)
                            : v.getKey();
                    String vAt = Findings.at(assign.location(), v.getKey());
                    if (!isIdentifier(name)) {
                        findings.schema(vAt, "Variable name '" + name + "' must start with a letter or '_', hold only "
                                + "letters, digits and '_', and be at most " + MAX_NAME + " characters long");
                    } else if (name.equals("states")) {
                        findings.schema(vAt, "Variable name 'states' is reserved");
                    } else if (outer.contains(name)) {
                        findings.schema(vAt, "Variable '" + name + "' belongs to an enclosing scope and cannot be "
                                + "assigned inside a Parallel branch or Map iteration");
                    }
                    mine.add(name);
                }
            }
        }
        Set<String> inner = new HashSet<>(outer);
        inner.addAll(mine);
        for (Map.Entry<String, JsonNode> e : states.properties()) {
            JsonNode s = e.getValue();
            String at = Findings.at(statesAt, e.getKey());
            JsonNode branches = s.get("Branches");
            if (branches != null && branches.isArray()) {
                for (int i = 0; i < branches.size(); i++) {
                    check(branches.get(i), Findings.at(Findings.at(at, "Branches"), i), inner);
                }
            }
            for (String f : List.of("ItemProcessor", "Iterator")) {
                if (s.has(f) && s.get(f).isObject()) check(s.get(f), Findings.at(at, f), inner);
            }
        }
    }

    private record Assign(ObjectNode node, String location) {}

    private static List<Assign> assigns(ObjectNode state, String at) {
        List<Assign> out = new java.util.ArrayList<>();
        if (state.get("Assign") instanceof ObjectNode a) out.add(new Assign(a, Findings.at(at, "Assign")));
        for (String arr : List.of("Choices", "Catch")) {
            JsonNode a = state.get(arr);
            if (a == null || !a.isArray()) continue;
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).get("Assign") instanceof ObjectNode o) {
                    out.add(new Assign(o, Findings.at(Findings.at(Findings.at(at, arr), i), "Assign")));
                }
            }
        }
        return out;
    }

    static boolean isIdentifier(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) return false;
        int first = name.codePointAt(0);
        if (!(Character.isLetter(first) || first == '_')) return false;
        return name.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }
}
