package io.stepwise.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSONata-mode value (Arguments, Output, Assign, Items, Condition, TimeoutSeconds ...): any JSON where every
 * string of the form {@code "{% expr %}"} is a JSONata expression evaluated with AWS's extensions and limits.
 * Expressions see {@code $states} ({input, context, result?, errorOutput?}) and every variable as {@code $name}.
 */
public final class JsonataTemplate implements Template {
    private static final long TIMEOUT_MS = 5_000;
    private static final int MAX_DEPTH = 500;

    private sealed interface Node {}
    private record Literal(JsonNode value) implements Node {}
    private record Expr(String text, String location, Jsonata compiled) implements Node {}
    private record Obj(List<Map.Entry<String, Node>> fields) implements Node {}
    private record Arr(List<Node> items) implements Node {}

    private final Node root;
    private final JsonNode source;
    private final String field;

    private JsonataTemplate(Node root, JsonNode source, String field) {
        this.root = root;
        this.source = source;
        this.field = field;
    }

    public static JsonataTemplate compile(JsonNode template) throws SyntaxError { return compile(template, ""); }

    /** Templates compiled from the same source are equal, so that two parses of one definition give equal machines. */
    @Override public boolean equals(Object o) {
        return o instanceof JsonataTemplate t && t.source.equals(source) && t.field.equals(field);
    }

    @Override public int hashCode() { return source.hashCode() * 31 + field.hashCode(); }

    /** As {@link #compile(JsonNode)}, naming the field (e.g. {@code Output}) in evaluation error messages. */
    public static JsonataTemplate compile(JsonNode template, String field) throws SyntaxError {
        return new JsonataTemplate(node(template, "", field), template.deepCopy(), field);
    }

    /** True when the node is a string of the form {@code "{% ... %}"}. */
    public static boolean isExpression(JsonNode node) {
        if (node == null || !node.isTextual()) return false;
        String s = node.textValue();
        return s.length() >= 4 && s.startsWith("{%") && s.endsWith("%}");
    }

    @Override public JsonNode evaluate(Scope scope) throws StatesError { return evaluate(root, scope); }

    /** The expression between {@code {%} and {@code %}} when the whole template is one (AWS quotes it in errors). */
    Optional<String> expression() { return root instanceof Expr e ? Optional.of(e.text()) : Optional.empty(); }

    private static Node node(JsonNode value, String pointer, String field) throws SyntaxError {
        if (isExpression(value)) {
            String text = value.textValue();
            String expression = text.substring(2, text.length() - 2).strip();
            return new Expr(expression, field + pointer, JsonataSyntax.compile(expression, pointer));
        }
        if (value.isObject()) {
            var fields = new ArrayList<Map.Entry<String, Node>>();
            var names = value.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                fields.add(Map.entry(key, node(value.get(key), child, field)));
            }
            return new Obj(List.copyOf(fields));
        }
        if (value.isArray()) {
            var items = new ArrayList<Node>();
            for (int i = 0; i < value.size(); i++) items.add(node(value.get(i), pointer + "/" + i, field));
            return new Arr(List.copyOf(items));
        }
        return new Literal(value.deepCopy());
    }

    private static JsonNode evaluate(Node node, Scope scope) throws StatesError {
        return switch (node) {
            case Literal l -> l.value().deepCopy();
            case Expr e -> run(e, scope);
            case Obj o -> {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                for (var field : o.fields()) out.set(field.getKey(), evaluate(field.getValue(), scope));
                yield out;
            }
            case Arr a -> {
                var out = JsonNodeFactory.instance.arrayNode();
                for (Node item : a.items()) out.add(evaluate(item, scope));
                yield out;
            }
        };
    }

    private static JsonNode run(Expr e, Scope scope) throws StatesError {
        Object result;
        try {
            Jsonata.Frame frame = e.compiled().createFrame();
            frame.setRuntimeBounds(TIMEOUT_MS, MAX_DEPTH);
            var states = new LinkedHashMap<String, Object>();
            states.put("input", JsonataValues.toJava(scope.input()));
            states.put("context", JsonataValues.toJava(scope.context()));
            scope.result().ifPresent(r -> states.put("result", JsonataValues.toJava(r)));
            scope.errorOutput().ifPresent(r -> states.put("errorOutput", JsonataValues.toJava(r)));
            scope.variables().forEach((name, value) -> frame.bind(name, JsonataValues.toJava(value)));
            frame.bind("states", states);
            JsonataFunctions.bind(frame, scope);
            result = e.compiled().evaluate(null, frame);
        } catch (RuntimeException | StackOverflowError failure) {
            throw evaluationError(e, failure);
        }
        JsonNode json = JsonataValues.toJson(result);
        if (json == null) {
            throw new StatesError("States.QueryEvaluationError", "The JSONata expression '" + e.text() + "'"
                    + forField(e) + " returned nothing (undefined).", location(e));
        }
        return json;
    }

    private static StatesError evaluationError(Expr e, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonataFunctions.Failure f) {
                return new StatesError(f.error.error(), f.error.cause(), location(e));
            }
        }
        String message = failure instanceof JException j ? j.getMessage()
                : failure instanceof StackOverflowError ? "the expression recursed too deeply"
                : String.valueOf(failure.getMessage());
        return new StatesError("States.QueryEvaluationError", "An error occurred while evaluating the JSONata expression '"
                + e.text() + "'" + forField(e) + ": " + message, location(e));
    }

    private static String location(Expr e) { return e.location().isEmpty() ? null : e.location(); }

    private static String forField(Expr e) {
        return e.location().isEmpty() ? "" : " specified for the field '" + e.location() + "'";
    }
}
