package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Parses a state machine (the definition, a Parallel branch or a Map ItemProcessor): its own fields, each state,
 * then the transitions as AWS checks them (recorded, see docs/asl-validation.md): every StartAt/Next/Default/Catch
 * target must be a state of this same machine ("Missing 'Next' target: X"), a machine needs a terminal state
 * ("Workflow has no terminal state"), and every state but StartAt must be the target of another state
 * ("State \"X\" is not reachable.", also MISSING_TRANSITION_TARGET). Loops are allowed, as on AWS.
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
    /** The definition's own language: what states inherit at every depth (recorded: a Map's own is inert inside). */
    private QueryLanguage machineQl = QueryLanguage.JSONPATH;

    MachineParser(Findings findings) {
        this.findings = findings;
        this.states = new StateParser(findings, new Expressions(findings), this);
    }

    StateMachine topLevel(ObjectNode node) {
        findings.onlyFields(node, TOP_FIELDS, "");
        machineQl = queryLanguage(node, "").orElse(QueryLanguage.JSONPATH);
        Optional<String> version = findings.string(node, "Version", "");
        if (version.isPresent() && !version.get().equals("1.0")) {
            findings.schema("/Version", Findings.oneOf("1.0"));
        }
        OptionalInt timeout = findings.integer(node, "TimeoutSeconds", "", 1, 99_999_999)
                .map(l -> OptionalInt.of(l.intValue())).orElse(OptionalInt.empty());
        StateMachine machine = body(node, "", machineQl, machineQl == QueryLanguage.JSONATA, timeout, version);
        new Variables(findings).check(node, "", Set.of());
        return machine;
    }

    /**
     * A Parallel branch or Map ItemProcessor; {@code extra} names fields allowed beside StartAt/States/Comment. Its
     * states inherit the definition's QueryLanguage, not the enclosing state's (AWS, recorded).
     */
    StateMachine nested(ObjectNode node, String location, boolean jsonataMachine, Set<String> extra) {
        Set<String> allowed = new HashSet<>(BRANCH_FIELDS);
        allowed.addAll(extra);
        findings.onlyFields(node, allowed, location);
        return body(node, location, machineQl, jsonataMachine, OptionalInt.empty(), Optional.empty());
    }

    /**
     * A {@code QueryLanguage} field: exactly "JSONPath" is JSONPath; any other value present is JSONata, and is
     * reported unless it is exactly "JSONata" (AWS resolves and reports the two independently, recorded).
     */
    Optional<QueryLanguage> queryLanguage(ObjectNode node, String location) {
        JsonNode v = node.get("QueryLanguage");
        if (v == null) return Optional.empty();
        String at = Findings.at(location, "QueryLanguage");
        if (!v.isTextual()) findings.schema(at, Findings.NOT_A_STRING);
        else if (v.textValue().equals("JSONPath")) return Optional.of(QueryLanguage.JSONPATH);
        else if (!v.textValue().equals("JSONata")) findings.schema(at, Findings.oneOf("JSONPath", "JSONata"));
        return Optional.of(QueryLanguage.JSONATA);
    }

    private StateMachine body(ObjectNode node, String location, QueryLanguage ql, boolean jsonataMachine,
                              OptionalInt timeout, Optional<String> version) {
        findings.required(node, location, "States", "StartAt");
        Optional<String> startAt = findings.string(node, "StartAt", location);
        Optional<String> comment = findings.string(node, "Comment", location);
        Map<String, State> parsed = new LinkedHashMap<>();
        String statesAt = Findings.at(location, "States");
        JsonNode statesNode = node.get("States");
        if (statesNode == null) {
            // reported with StartAt above
        } else if (!statesNode.isObject()) {
            findings.schema(statesAt, "Field 'States' must be an object, not " + Findings.kind(statesNode));
        } else if (statesNode.isEmpty()) {
            findings.schema(statesAt, "Field 'States' must hold at least one state");
        } else {
            for (Map.Entry<String, JsonNode> e : statesNode.properties()) {
                String at = Findings.at(statesAt, e.getKey());
                if (e.getKey().isEmpty() || e.getKey().length() > MAX_STATE_NAME) {
                    findings.schema(at, "State name must be 1 to " + MAX_STATE_NAME + " characters long, not "
                            + e.getKey().length());
                }
                if (!allNames.add(e.getKey())) {
                    findings.add(Findings.DUPLICATE_STATE, at, "Duplicate State name: " + e.getKey());
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
        }
        return new StateMachine(startAt.orElse(null), parsed, ql, comment, timeout, version);
    }

    private record Edge(String from, String target, String location) {}

    /**
     * In AWS's order (recorded): a StartAt or transition naming no state of this machine, then a missing terminal
     * state, then the states no other state names. A missing terminal state or StartAt stops the last check
     * (recorded).
     */
    private void transitions(ObjectNode statesNode, String statesAt, Optional<String> startAt, String location) {
        List<Edge> edges = new ArrayList<>();
        statesNode.properties().forEach(e -> {
            if (e.getValue().isObject()) collectEdges(e.getKey(), (ObjectNode) e.getValue(),
                    Findings.at(statesAt, e.getKey()), edges);
        });
        if (startAt.isPresent() && !statesNode.has(startAt.get())) {
            findings.add(Findings.MISSING_TARGET, Findings.at(location, "StartAt"), missing(startAt.get()));
        }
        for (Edge edge : edges) {
            if (!statesNode.has(edge.target())) findings.add(Findings.MISSING_TARGET, edge.location(), missing(edge.target()));
        }
        if (!hasTerminal(statesNode) && wellFormedTransitions(statesNode)) {
            // AWS gives the definition's own no location; a branch's or item processor's is ours (its States).
            if (location.isEmpty()) findings.unlocated(Findings.MISSING_END, NO_TERMINAL);
            else findings.add(Findings.MISSING_END, statesAt, NO_TERMINAL);
            return;
        }
        if (startAt.isEmpty()) return; // AWS reports only the missing StartAt (recorded)
        Set<String> targeted = new HashSet<>(List.of(startAt.get()));
        for (Edge edge : edges) if (!edge.target().equals(edge.from())) targeted.add(edge.target());
        for (String name : iterable(statesNode)) {
            if (!targeted.contains(name)) findings.add(Findings.MISSING_TARGET, Findings.at(statesAt, name),
                    "State \"" + name + "\" is not reachable.");
        }
    }

    static final String NO_TERMINAL = "Workflow has no terminal state";

    /** AWS says 'Next' whichever field (StartAt, Default, a rule's or catcher's Next) names the missing state. */
    private static String missing(String target) { return "Missing 'Next' target: " + target; }

    private static List<String> iterable(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * MISSING_END_STATE is not said when a state lacks a usable Next and End: that schema finding already explains
     * it (ours). A Next naming no state is usable here: AWS reports both (recorded).
     */
    private static boolean wellFormedTransitions(ObjectNode statesNode) {
        for (JsonNode s : statesNode) {
            String type = s.path("Type").asText();
            if (Set.of("Choice", "Succeed", "Fail").contains(type)) continue;
            if (!s.path("Next").isTextual()) return false;
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

    private static void collectEdges(String from, ObjectNode state, String at, List<Edge> out) {
        textAt(state, "Next").ifPresent(t -> out.add(new Edge(from, t, Findings.at(at, "Next"))));
        textAt(state, "Default").ifPresent(t -> out.add(new Edge(from, t, Findings.at(at, "Default"))));
        for (String arr : List.of("Choices", "Catch")) {
            JsonNode a = state.get(arr);
            if (a == null || !a.isArray()) continue;
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isObject()) {
                    String ruleAt = Findings.at(Findings.at(at, arr), i);
                    textAt((ObjectNode) a.get(i), "Next").ifPresent(t -> out.add(new Edge(from, t, Findings.at(ruleAt, "Next"))));
                }
            }
        }
    }

    private static Optional<String> textAt(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }
}
