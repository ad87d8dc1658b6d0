package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;

/**
 * Compiles the expressions of a definition through the expression contracts ({@link ReferencePath},
 * {@link PayloadTemplate}, {@link JsonataTemplate}), turning every {@link SyntaxError} into a finding located at the
 * field plus the error's own place in the field's value ({@code /States/A/Parameters/x/y.$}). A JSONata expression
 * that does not compile is INVALID_JSONATA_EXPRESSION with the parser's message, as on AWS (recorded).
 */
final class Expressions {
    private final Findings findings;

    Expressions(Findings findings) { this.findings = findings; }

    Optional<ReferencePath> path(String text, String location, String field) {
        try {
            return Optional.of(ReferencePath.compile(text));
        } catch (SyntaxError e) {
            report(location, null, e, "Field '" + field + "' must be a valid JSONPath");
            return Optional.empty();
        }
    }

    /** ResultPath and the like: a path that names one node, so that it can be written to. */
    Optional<ReferencePath> referencePath(String text, String location, String field) {
        Optional<ReferencePath> p = path(text, location, field);
        if (p.isPresent() && !p.get().isReferencePath()) {
            findings.schema(location, "Field '" + field + "' must be a Reference Path (one node, no filters or "
                    + "wildcards), not '" + text + "'");
            return Optional.empty();
        }
        return p;
    }

    Optional<PayloadTemplate> payload(JsonNode template, String location, String field) {
        if (!template.isObject()) {
            findings.schema(location, "Field '" + field + "' must be an object, not " + Findings.kind(template));
            return Optional.empty();
        }
        try {
            return Optional.of(PayloadTemplate.compile(template));
        } catch (SyntaxError e) {
            report(location, template, e, "Field '" + field + "' holds an invalid path or intrinsic function");
            return Optional.empty();
        }
    }

    /** ErrorPath / CausePath: a reference path or an intrinsic function. */
    Optional<PayloadTemplate> pathOrIntrinsic(String text, String location, String field) {
        try {
            return Optional.of(PayloadTemplate.compileExpression(text));
        } catch (SyntaxError e) {
            report(location, null, e, "Field '" + field + "' must be a valid JSONPath or intrinsic function");
            return Optional.empty();
        }
    }

    /** A {@code ...Path} field read when the state runs: checked as a path, evaluated through a template. */
    Optional<ValueSource> fromPath(String text, String location, String field) {
        if (path(text, location, field).isEmpty()) return Optional.empty();
        return pathOrIntrinsic(text, location, field).map(ValueSource.FromPath::new);
    }

    Optional<JsonataTemplate> jsonata(JsonNode template, String location, String field) {
        try {
            return Optional.of(JsonataTemplate.compile(template, field));
        } catch (SyntaxError e) {
            findings.add(Findings.INVALID_JSONATA, Findings.at(location, template, e.pointer()), e.getMessage());
            return Optional.empty();
        }
    }

    static boolean isJsonata(JsonNode node) {
        return node != null && node.isTextual() && JsonataTemplate.isExpression(node);
    }

    static boolean looksLikeJsonata(String s) {
        String t = s.strip();
        return t.startsWith("{%") && t.endsWith("%}");
    }

    /** Assign, ItemSelector, BatchInput: a payload template in JSONPath, a JSONata template in JSONata. */
    Optional<Template> template(JsonNode node, QueryLanguage ql, String location, String field) {
        return switch (ql) {
            case JSONPATH -> payload(node, location, field).map(t -> (Template) t);
            case JSONATA -> jsonata(node, location, field).map(t -> (Template) t);
        };
    }

    Optional<Template> assign(JsonNode node, QueryLanguage ql, String location) {
        if (!node.isObject()) {
            findings.schema(location, "Field 'Assign' must be an object, not " + Findings.kind(node));
            return Optional.empty();
        }
        return template(node, ql, location, "Assign");
    }

    /** A JSONata-mode value that is either a literal or a whole {@code {% %}} expression. */
    Optional<ValueSource> literalOrJsonata(JsonNode node, String location, String field) {
        if (node.isTextual() && looksLikeJsonata(node.textValue())) {
            return jsonata(TextNode.valueOf(node.textValue()), location, field).map(ValueSource.FromTemplate::new);
        }
        return Optional.of(new ValueSource.Literal(node));
    }

    private void report(String location, JsonNode value, SyntaxError e, String what) {
        String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
        findings.schema(Findings.at(location, value, e.pointer()), what + detail);
    }
}
