package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.ChoiceState.Condition;
import io.stepwise.asl.ChoiceState.Operator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Choice rules (https://states-language.net/spec.html#choice-state): JSONPath rules are a Variable with exactly one
 * comparison operator, or And/Or/Not; JSONata rules are a Condition. Only top-level rules carry Next.
 */
final class ChoiceRules {
    private static final Map<String, Operator> LITERAL = new HashMap<>();
    private static final Map<String, Operator> PATH = new HashMap<>();
    static {
        for (Operator op : Operator.values()) {
            LITERAL.put(op.aslName(), op);
            if (!op.aslName().startsWith("Is") && op != Operator.STRING_MATCHES) PATH.put(op.aslName() + "Path", op);
        }
    }
    private static final Set<String> COMBINATORS = Set.of("And", "Or", "Not");

    private final Findings findings;
    private final Expressions expr;

    ChoiceRules(Findings findings, Expressions expr) {
        this.findings = findings;
        this.expr = expr;
    }

    List<ChoiceState.Rule> rules(ObjectNode state, String at, QueryLanguage ql) {
        List<ChoiceState.Rule> out = new ArrayList<>();
        JsonNode choices = state.get("Choices");
        String cAt = Findings.at(at, "Choices");
        if (!findings.required(state, at, "Choices")) return out;
        if (!choices.isArray() || choices.isEmpty()) {
            findings.schema(cAt, "Field 'Choices' must be a non-empty array of rules");
            return out;
        }
        for (int i = 0; i < choices.size(); i++) {
            String rAt = Findings.at(cAt, i);
            if (!choices.get(i).isObject()) {
                findings.schema(rAt, "A Choice rule must be an object, not " + Findings.kind(choices.get(i)));
                continue;
            }
            ObjectNode r = (ObjectNode) choices.get(i);
            String next = findings.requiredString(r, "Next", rAt).orElse(null);
            Optional<Template> assign = r.has("Assign")
                    ? expr.assign(r.get("Assign"), ql, Findings.at(rAt, "Assign")) : Optional.empty();
            Condition condition;
            Optional<JsonataTemplate> output = Optional.empty();
            if (ql == QueryLanguage.JSONATA) {
                findings.onlyFields(r, Set.of("Condition", "Next", "Output", "Assign", "Comment"), rAt);
                condition = jsonataCondition(r, rAt);
                if (r.has("Output")) output = expr.jsonata(r.get("Output"), Findings.at(rAt, "Output"), "Output");
            } else {
                condition = condition(r, rAt, Set.of("Next", "Assign", "Comment"));
            }
            out.add(new ChoiceState.Rule(condition, next, output, assign));
        }
        return out;
    }

    private Condition jsonataCondition(ObjectNode r, String at) {
        JsonNode c = r.get("Condition");
        if (!findings.required(r, at, "Condition")) return null;
        if (!c.isBoolean() && !(c.isTextual() && Expressions.looksLikeJsonata(c.textValue()))) {
            findings.schema(Findings.at(at, "Condition"), "Field 'Condition' must be a boolean or a {% %} expression");
            return null;
        }
        return expr.jsonata(c, Findings.at(at, "Condition"), "Condition")
                .map(ChoiceState.JsonataCondition::new).orElse(null);
    }

    /** One JSONPath rule; {@code extra} names the fields allowed besides the rule itself (Next at the top). */
    private Condition condition(ObjectNode r, String at, Set<String> extra) {
        List<String> operators = new ArrayList<>();
        Set<String> allowed = new HashSet<>(extra);
        allowed.add("Variable");
        allowed.add("Comment");
        r.fieldNames().forEachRemaining(f -> {
            if (LITERAL.containsKey(f) || PATH.containsKey(f) || COMBINATORS.contains(f)) operators.add(f);
            else if (!allowed.contains(f)) findings.schema(at, Findings.unsupported(f));
        });
        if (operators.size() != 1) {
            findings.schema(at, operators.isEmpty()
                    ? "A Choice rule must have exactly one comparison operator or And/Or/Not, but has none"
                    : "A Choice rule must have exactly one comparison operator or And/Or/Not, but has " + operators);
            return null;
        }
        String op = operators.getFirst();
        String opAt = Findings.at(at, op);
        JsonNode v = r.get(op);
        if (COMBINATORS.contains(op)) {
            if (r.has("Variable")) findings.schema(Findings.at(at, "Variable"),
                    "Field 'Variable' is not allowed beside '" + op + "'");
            if (op.equals("Not")) {
                if (!v.isObject()) {
                    findings.schema(opAt, "Field 'Not' must be an object holding one rule");
                    return null;
                }
                Condition inner = condition((ObjectNode) v, opAt, Set.of());
                return inner == null ? null : new ChoiceState.Not(inner);
            }
            if (!v.isArray() || v.isEmpty()) {
                findings.schema(opAt, "Field '" + op + "' must be a non-empty array of rules");
                return null;
            }
            List<Condition> inner = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isObject()) {
                    findings.schema(Findings.at(opAt, i), "A Choice rule must be an object");
                    continue;
                }
                inner.add(condition((ObjectNode) v.get(i), Findings.at(opAt, i), Set.of()));
            }
            if (inner.contains(null)) return null;
            return op.equals("And") ? new ChoiceState.And(inner) : new ChoiceState.Or(inner);
        }
        Optional<ReferencePath> variable = findings.requiredString(r, "Variable", at)
                .flatMap(t -> expr.path(t, Findings.at(at, "Variable"), "Variable"));
        ChoiceState.Operand operand = operand(op, v, opAt);
        if (variable.isEmpty() || operand == null) return null;
        return new ChoiceState.Comparison(variable.get(), LITERAL.getOrDefault(op, PATH.get(op)), operand);
    }

    private ChoiceState.Operand operand(String op, JsonNode v, String at) {
        if (PATH.containsKey(op)) {
            if (!v.isTextual()) {
                findings.schema(at, "Field '" + op + "' must be a path string, not " + Findings.kind(v));
                return null;
            }
            return expr.path(v.textValue(), at, op).map(ChoiceState.PathOperand::new).orElse(null);
        }
        Operator operator = LITERAL.get(op);
        String problem = switch (operator) {
            case STRING_EQUALS, STRING_LESS_THAN, STRING_GREATER_THAN, STRING_LESS_THAN_EQUALS,
                 STRING_GREATER_THAN_EQUALS, STRING_MATCHES -> v.isTextual() ? null : "a string";
            case NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_GREATER_THAN, NUMERIC_LESS_THAN_EQUALS,
                 NUMERIC_GREATER_THAN_EQUALS -> v.isNumber() ? null : "a number";
            case BOOLEAN_EQUALS, IS_NULL, IS_PRESENT, IS_NUMERIC, IS_STRING, IS_BOOLEAN, IS_TIMESTAMP ->
                    v.isBoolean() ? null : "a boolean";
            case TIMESTAMP_EQUALS, TIMESTAMP_LESS_THAN, TIMESTAMP_GREATER_THAN, TIMESTAMP_LESS_THAN_EQUALS,
                 TIMESTAMP_GREATER_THAN_EQUALS -> v.isTextual() && Timestamps.isValid(v.textValue())
                    ? null : "an RFC 3339 timestamp string (e.g. 2016-03-14T01:59:00Z)";
        };
        if (problem != null) {
            findings.schema(at, "Field '" + op + "' must be " + problem + ", not " + v);
            return null;
        }
        return new ChoiceState.Literal(v);
    }
}
