package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Retry and Catch arrays (https://states-language.net/spec.html#errors), with AWS's defaults and limits. */
final class ErrorHandlers {
    static final String ALL = "States.ALL";
    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final long MAX_DELAY_LIMIT = 31_622_401;

    private final Findings findings;
    private final Expressions expr;

    ErrorHandlers(Findings findings, Expressions expr) {
        this.findings = findings;
        this.expr = expr;
    }

    List<Retrier> retry(ObjectNode state, String at) {
        List<Retrier> out = new ArrayList<>();
        List<ObjectNode> items = elements(state, "Retry", at);
        for (int i = 0; i < items.size(); i++) {
            ObjectNode r = items.get(i);
            String rAt = Findings.at(Findings.at(at, "Retry"), i);
            findings.onlyFields(r, RETRIER_FIELDS, rAt);
            findings.required(r, rAt, "ErrorEquals");
            List<String> errors = errorEquals(r, rAt, i == items.size() - 1, "Retrier");
            long interval = findings.integer(r, "IntervalSeconds", rAt, 1, 99_999_999).orElse(1L);
            long attempts = findings.integer(r, "MaxAttempts", rAt, 0, 99_999_999).orElse(3L);
            double rate = 2.0;
            JsonNode b = r.get("BackoffRate");
            if (b != null && !b.isNumber()) {
                findings.schema(Findings.at(rAt, "BackoffRate"), "Field 'BackoffRate' must be a number, not "
                        + Findings.kind(b));
            } else if (b != null && b.asDouble() < 1.0) {
                findings.schema(Findings.at(rAt, "BackoffRate"), "Minimum value is 1.0");
            } else if (b != null) {
                rate = b.asDouble();
            }
            OptionalInt maxDelay = findings.integer(r, "MaxDelaySeconds", rAt, 1, MAX_DELAY_LIMIT - 1)
                    .map(l -> OptionalInt.of(l.intValue())).orElse(OptionalInt.empty());
            Retrier.JitterStrategy jitter = Retrier.JitterStrategy.NONE;
            Optional<String> j = findings.string(r, "JitterStrategy", rAt);
            if (j.isPresent()) {
                switch (j.get()) {
                    case "FULL" -> jitter = Retrier.JitterStrategy.FULL;
                    case "NONE" -> jitter = Retrier.JitterStrategy.NONE;
                    default -> findings.schema(Findings.at(rAt, "JitterStrategy"), Findings.oneOf("FULL", "NONE"));
                }
            }
            out.add(new Retrier(errors, (int) interval, (int) attempts, rate, maxDelay, jitter));
        }
        return out;
    }

    List<Catcher> catchers(ObjectNode state, String at, QueryLanguage ql) {
        List<Catcher> out = new ArrayList<>();
        List<ObjectNode> items = elements(state, "Catch", at);
        Set<String> allowed = ql == QueryLanguage.JSONPATH
                ? Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment")
                : Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment");
        for (int i = 0; i < items.size(); i++) {
            ObjectNode c = items.get(i);
            String cAt = Findings.at(Findings.at(at, "Catch"), i);
            findings.onlyFields(c, allowed, cAt);
            findings.required(c, cAt, "ErrorEquals", "Next");
            List<String> errors = errorEquals(c, cAt, i == items.size() - 1, "Catcher");
            String next = findings.string(c, "Next", cAt).orElse(null);
            Optional<ReferencePath> resultPath = Optional.empty();
            Optional<JsonataTemplate> output = Optional.empty();
            if (ql == QueryLanguage.JSONPATH) {
                JsonNode rp = c.get("ResultPath");
                if (rp == null) {
                    resultPath = expr.referencePath("$", Findings.at(cAt, "ResultPath"), "ResultPath");
                } else if (rp.isTextual()) {
                    resultPath = expr.referencePath(rp.textValue(), Findings.at(cAt, "ResultPath"), "ResultPath");
                } else if (!rp.isNull()) {
                    findings.schema(Findings.at(cAt, "ResultPath"), Findings.NOT_A_STRING);
                }
            } else if (c.has("Output")) {
                output = expr.jsonata(c.get("Output"), Findings.at(cAt, "Output"), "Output");
            }
            Optional<Template> assign = c.has("Assign")
                    ? expr.assign(c.get("Assign"), ql, Findings.at(cAt, "Assign")) : Optional.empty();
            out.add(new Catcher(errors, next, resultPath, output, assign));
        }
        return out;
    }

    private List<ObjectNode> elements(ObjectNode state, String field, String at) {
        JsonNode a = state.get(field);
        List<ObjectNode> out = new ArrayList<>();
        if (a == null) return out;
        if (!a.isArray()) {
            findings.schema(Findings.at(at, field), "Field '" + field + "' must be an array, not " + Findings.kind(a));
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).isObject()) out.add((ObjectNode) a.get(i));
            else findings.schema(Findings.at(Findings.at(at, field), i), "Each element of '" + field
                    + "' must be an object, not " + Findings.kind(a.get(i)));
        }
        return out;
    }

    private List<String> errorEquals(ObjectNode node, String at, boolean last, String what) {
        JsonNode a = node.get("ErrorEquals");
        String eAt = Findings.at(at, "ErrorEquals");
        List<String> out = new ArrayList<>();
        if (a == null) return out; // reported as a required field
        if (!a.isArray() || a.isEmpty()) {
            findings.schema(eAt, "Field 'ErrorEquals' must be a non-empty array of error names");
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).isTextual() && !a.get(i).textValue().isEmpty()) out.add(a.get(i).textValue());
            else findings.schema(Findings.at(eAt, i), "Each error name in 'ErrorEquals' must be a non-empty string");
        }
        if (out.contains(ALL) && a.size() > 1) {
            findings.schema(eAt, "'" + ALL + "' must appear alone in 'ErrorEquals'");
        }
        if (out.contains(ALL) && !last) {
            findings.schema(eAt, "A " + what + " with '" + ALL + "' must be the last one");
        }
        return out;
    }
}
