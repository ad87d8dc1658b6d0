package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses one state: its type, effective query language, allowed fields, input/output processing, transition and
 * Assign, then the type's own fields. Returns null when the state cannot be built (findings say why).
 */
final class StateParser {
    private static final Set<String> TYPES = Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");

    private final Findings findings;
    private final Expressions expr;
    private final MachineParser machines;
    private final TypeParsers types;

    StateParser(Findings findings, Expressions expr, MachineParser machines) {
        this.findings = findings;
        this.expr = expr;
        this.machines = machines;
        this.types = new TypeParsers(findings, expr, machines, new ErrorHandlers(findings, expr));
    }

    /** What every state type shares, parsed once. */
    record Common(String name, ObjectNode node, String at, QueryLanguage ql, boolean jsonataMachine,
                  Optional<String> comment, Io io, Optional<Template> assign, Transition transition) {}

    State state(String name, ObjectNode node, String at, QueryLanguage machineQl, boolean jsonataMachine) {
        Optional<String> type = findings.requiredString(node, "Type", at);
        if (type.isEmpty()) return null;
        if (!TYPES.contains(type.get())) {
            findings.schema(Findings.at(at, "Type"), Findings.oneOf("Pass", "Task", "Choice", "Wait", "Succeed",
                    "Fail", "Parallel", "Map"));
            return null;
        }
        QueryLanguage ql = machines.queryLanguage(node, at).orElse(machineQl);
        boolean downgraded = jsonataMachine && ql == QueryLanguage.JSONPATH;
        if (downgraded) {
            findings.schema(at, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
        }
        checkFields(node, at, type.get(), ql, downgraded);
        Common c = new Common(name, node, at, ql, jsonataMachine, findings.string(node, "Comment", at),
                io(node, at, type.get(), ql), assign(node, at, ql), transition(node, at, type.get()));
        return switch (type.get()) {
            case "Pass" -> types.pass(c);
            case "Task" -> types.task(c);
            case "Choice" -> types.choice(c);
            case "Wait" -> types.waitState(c);
            case "Succeed" -> new SucceedState(name, c.comment(), ql, c.io());
            case "Fail" -> types.fail(c);
            case "Parallel" -> types.parallel(c);
            case "Map" -> types.map(c);
            default -> null;
        };
    }

    /**
     * Fields the type does not have, reported at the state in AWS's words (recorded): a field of the other query
     * language names the state's language, any other says it is not supported. A state that reverts a JSONata
     * machine to JSONPath is told only that (recorded).
     */
    private void checkFields(ObjectNode node, String at, String type, QueryLanguage ql, boolean downgraded) {
        Set<String> allowed = Fields.allowed(type, ql);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (allowed.contains(f)) continue;
            boolean otherLanguage = ql == QueryLanguage.JSONATA ? Fields.JSONPATH_ONLY.contains(f)
                    : Fields.JSONATA_ONLY.contains(f);
            if (!otherLanguage) {
                findings.schema(at, Findings.unsupported(f));
            } else if (!downgraded) {
                String mine = ql == QueryLanguage.JSONATA ? "JSONata" : "JSONPath";
                String other = ql == QueryLanguage.JSONATA ? "JSONPath" : "JSONata";
                findings.schema(at, "The QueryLanguage is set to '" + mine + "', but field '" + f
                        + "' is only supported for the '" + other + "' QueryLanguage");
            }
        }
    }

    private Io io(ObjectNode node, String at, String type, QueryLanguage ql) {
        return switch (ql) {
            case JSONPATH -> new Io.JsonPath(pathOrNull(node, at, "InputPath", false),
                    type.equals("Map") ? Optional.empty() : template(node, at, "Parameters"),
                    template(node, at, "ResultSelector"),
                    Set.of("Pass", "Task", "Parallel", "Map").contains(type)
                            ? pathOrNull(node, at, "ResultPath", true) : Optional.empty(),
                    type.equals("Fail") ? Optional.empty() : pathOrNull(node, at, "OutputPath", false));
            case JSONATA -> new Io.Jsonata(
                    type.equals("Map") ? Optional.empty() : jsonata(node, at, "Arguments"), jsonata(node, at, "Output"));
        };
    }

    /** Absent means {@code $}; JSON null means "nothing" (Optional.empty()). */
    private Optional<ReferencePath> pathOrNull(ObjectNode node, String at, String field, boolean reference) {
        JsonNode v = node.get(field);
        if (v != null && v.isNull()) return Optional.empty();
        if (v != null && !v.isTextual()) {
            findings.schema(Findings.at(at, field), Findings.NOT_A_STRING);
            return Optional.empty();
        }
        String text = v == null ? "$" : v.textValue();
        String where = Findings.at(at, field);
        return reference ? expr.referencePath(text, where, field) : expr.path(text, where, field);
    }

    private Optional<PayloadTemplate> template(ObjectNode node, String at, String field) {
        JsonNode v = node.get(field);
        return v == null ? Optional.empty() : expr.payload(v, Findings.at(at, field), field);
    }

    Optional<JsonataTemplate> jsonata(ObjectNode node, String at, String field) {
        JsonNode v = node.get(field);
        return v == null ? Optional.empty() : expr.jsonata(v, Findings.at(at, field), field);
    }

    private Optional<Template> assign(ObjectNode node, String at, QueryLanguage ql) {
        JsonNode v = node.get("Assign");
        return v == null ? Optional.empty() : expr.assign(v, ql, Findings.at(at, "Assign"));
    }

    private Transition transition(ObjectNode node, String at, String type) {
        if (Set.of("Choice", "Succeed", "Fail").contains(type)) return null;
        JsonNode next = node.get("Next");
        JsonNode end = node.get("End");
        if (end != null && !end.isBoolean()) {
            findings.schema(Findings.at(at, "End"), "Field 'End' must be a boolean, not " + Findings.kind(end));
            return null;
        }
        boolean ends = end != null && end.booleanValue();
        if (next != null && ends) {
            findings.schema(at, "A " + type + " state must have either 'Next' or 'End': true, not both");
            return null;
        }
        if (next == null && !ends) {
            findings.schema(at, "A " + type + " state must have 'Next' or 'End': true");
            return null;
        }
        if (ends) return new Transition.End();
        if (!next.isTextual()) {
            findings.schema(Findings.at(at, "Next"), Findings.NOT_A_STRING);
            return null;
        }
        return new Transition.Next(next.textValue());
    }

}
