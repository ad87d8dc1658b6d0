package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Parses a state machine (the definition, a Parallel branch or a Map ItemProcessor): its own fields, each state,
 * then the transitions: every Next/Default/Catch target must be a state of this same machine, and every state
 * must be reachable from StartAt. Loops and states without a way to the end are allowed, as on AWS.
 */
final class MachineParser {
    static final int MAX_STATE_NAME = 80;
    private static final Set<String> TOP_FIELDS = Set.of("StartAt", "States", "Comment", "Version",
            "TimeoutSeconds", "QueryLanguage");
    private static final Set<String> BRANCH_FIELDS = Set.of("StartAt", "States", "Comment");

    private final Findings findings;
    private final StateParser states;
    /** State names are unique across the whole definition, branches and item processors included. */
    private final Set<String> allNames = new HashSet<>();

    MachineParser(Findings findings) {
        this.findings = findings;
        this.states = new StateParser(findings, new Expressions(findings), this);
    }

    StateMachine topLevel(ObjectNode node) {
        findings.onlyFields(node, TOP_FIELDS, "", "a state machine definition");
        QueryLanguage ql = queryLanguage(node, "", QueryLanguage.JSONPATH).orElse(QueryLanguage.JSONPATH);
        Optional<String> version = findings.string(node, "Version", "");
        if (version.isPresent() && !version.get().equals("1.0")) {
            findings.schema("/Version", "Field 'Version' must be \"1.0\", not \"" + version.get() + "\"");
        }
        OptionalInt timeout = findings.integer(node, "TimeoutSeconds", "", 1, 99_999_999)
                .map(l -> OptionalInt.of(l.intValue())).orElse(OptionalInt.empty());
        StateMachine machine = body(node, "", ql, ql == QueryLanguage.JSONATA, timeout, version);
        new Variables(findings).check(node, "", Set.of());
        return machine;
    }

    /** A Parallel branch or Map ItemProcessor; {@code extra} names fields allowed beside StartAt/States/Comment. */
    StateMachine nested(ObjectNode node, String location, QueryLanguage ql, boolean jsonataMachine, Set<String> extra,
                        String what) {
        Set<String> allowed = new HashSet<>(BRANCH_FIELDS);
        allowed.addAll(extra);
        findings.onlyFields(node, allowed, location, what);
        return body(node, location, ql, jsonataMachine, OptionalInt.empty(), Optional.empty());
    }

    Optional<QueryLanguage> queryLanguage(ObjectNode node, String location) {
        return queryLanguage(node, location, null);
    }

    private Optional<QueryLanguage> queryLanguage(ObjectNode node, String location, QueryLanguage fallback) {
        Optional<String> s = findings.string(node, "QueryLanguage", location);
        if (s.isEmpty()) return Optional.ofNullable(fallback);
        return switch (s.get()) {
            case "JSONPath" -> Optional.of(QueryLanguage.JSONPATH);
            case "JSONata" -> Optional.of(QueryLanguage.JSONATA);
            default -> {
                findings.schema(Findings.at(location, "QueryLanguage"),
                        "Field 'QueryLanguage' must be \"JSONPath\" or \"JSONata\", not \"" + s.get() + "\"");
                yield Optional.ofNullable(fallback);
            }
        };
    }

    private StateMachine body(ObjectNode node, String location, QueryLanguage ql, boolean jsonataMachine,
                              OptionalInt timeout, Optional<String> version) {
        String what = location.isEmpty() ? "the state machine" : "'" + location + "'";
        Optional<String> startAt = findings.requiredString(node, "StartAt", location, what);
        Optional<String> comment = findings.string(node, "Comment", location);
        Map<String, State> parsed = new LinkedHashMap<>();
        String statesAt = Findings.at(location, "States");
        JsonNode statesNode = node.get("States");
        if (statesNode == null) {
            findings.schema(location, "Missing required field 'States' in " + what);
        } else if (!statesNode.isObject()) {
            findings.schema(statesAt, "Field 'States' must be an object, not " + Findings.kind(statesNode));
        } else if (statesNode.isEmpty()) {
            findings.schema(statesAt, "Field 'States' must hold at least one state");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields(); it.hasNext(); ) {
                var e = it.next();
                String at = Findings.at(statesAt, e.getKey());
                if (e.getKey().isEmpty() || e.getKey().length() > MAX_STATE_NAME) {
                    findings.schema(at, "State name must be 1 to " + MAX_STATE_NAME + " characters long, not "
                            + e.getKey().length());
                }
                if (!allNames.add(e.getKey())) {
                    findings.add(Findings.DUPLICATE_STATE, at, "State name '" + e.getKey()
                            + "' is already used elsewhere in this state machine");
                }
                if (!e.getValue().isObject()) {
                    findings.schema(at, "State '" + e.getKey() + "' must be an object, not "
                            + Findings.kind(e.getValue()));
                    continue;
                }
                State s = states.state(e.getKey(), (ObjectNode) e.getValue(), at, ql, jsonataMachine);
                if (s != null) parsed.put(e.getKey(), s);
            }
            transitions((ObjectNode) statesNode, statesAt, startAt, location);
            if (!hasTerminal((ObjectNode) statesNode) && wellFormedTransitions((ObjectNode) statesNode)) {
                findings.add(Findings.MISSING_END, statesAt, "No state of " + what + " ends it: at least one must be "
                        + "a Succeed or Fail state or have \"End\": true");
            }
        }
        return new StateMachine(startAt.orElse(null), parsed, ql, comment, timeout, version);
    }

    private record Edge(String target, String location) {}

    private void transitions(ObjectNode statesNode, String statesAt, Optional<String> startAt, String location) {
        Map<String, List<Edge>> edges = new LinkedHashMap<>();
        statesNode.fields().forEachRemaining(e -> {
            List<Edge> out = new ArrayList<>();
            if (e.getValue().isObject()) collectEdges((ObjectNode) e.getValue(), Findings.at(statesAt, e.getKey()), out);
            edges.put(e.getKey(), out);
        });
        edges.forEach((from, out) -> out.forEach(edge -> {
            if (!edges.containsKey(edge.target())) {
                String field = edge.location().substring(edge.location().lastIndexOf('/') + 1);
                findings.add(Findings.MISSING_TARGET, edge.location(), "'" + field + "' points to '" + edge.target()
                        + "', which is not a state of this " + (location.isEmpty() ? "machine" : "branch"));
            }
        }));
        if (startAt.isEmpty()) return;
        if (!edges.containsKey(startAt.get())) {
            findings.add(Findings.MISSING_TARGET, Findings.at(location, "StartAt"), "'StartAt' points to '"
                    + startAt.get() + "', which is not a state of this " + (location.isEmpty() ? "machine" : "branch"));
            return;
        }
        Set<String> seen = new HashSet<>(List.of(startAt.get()));
        ArrayDeque<String> todo = new ArrayDeque<>(seen);
        while (!todo.isEmpty()) {
            for (Edge edge : edges.get(todo.poll())) {
                if (edges.containsKey(edge.target()) && seen.add(edge.target())) todo.add(edge.target());
            }
        }
        edges.keySet().stream().filter(n -> !seen.contains(n)).forEach(n -> findings.add(Findings.UNREACHABLE,
                Findings.at(statesAt, n), "State '" + n + "' is not reachable from StartAt '" + startAt.get() + "'"));
    }

    /** MISSING_END_STATE is only worth saying when no broken Next/End already explains it. */
    private static boolean wellFormedTransitions(ObjectNode statesNode) {
        for (JsonNode s : statesNode) {
            String type = s.path("Type").asText();
            if (Set.of("Choice", "Succeed", "Fail").contains(type)) continue;
            JsonNode next = s.get("Next");
            if (next == null || !next.isTextual() || !statesNode.has(next.textValue())) return false;
        }
        return true;
    }

    private static boolean hasTerminal(ObjectNode statesNode) {
        for (JsonNode s : statesNode) {
            if (!s.isObject()) return true; // already reported; do not guess what it was meant to be
            JsonNode type = s.get("Type");
            JsonNode end = s.get("End");
            if (type != null && ("Succeed".equals(type.asText()) || "Fail".equals(type.asText()))) return true;
            if (end != null && end.asBoolean(false)) return true;
        }
        return false;
    }

    private static void collectEdges(ObjectNode state, String at, List<Edge> out) {
        textAt(state, "Next").ifPresent(t -> out.add(new Edge(t, Findings.at(at, "Next"))));
        textAt(state, "Default").ifPresent(t -> out.add(new Edge(t, Findings.at(at, "Default"))));
        for (String arr : List.of("Choices", "Catch")) {
            JsonNode a = state.get(arr);
            if (a == null || !a.isArray()) continue;
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isObject()) {
                    String ruleAt = Findings.at(Findings.at(at, arr), i);
                    textAt((ObjectNode) a.get(i), "Next").ifPresent(t -> out.add(new Edge(t, Findings.at(ruleAt, "Next"))));
                }
            }
        }
    }

    private static Optional<String> textAt(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }
}
