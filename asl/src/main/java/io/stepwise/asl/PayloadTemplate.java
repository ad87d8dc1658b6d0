package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSONPath-mode template (Parameters, ResultSelector, ItemSelector, Assign, BatchInput): keys ending in
 * {@code .$} take the value of a path or an intrinsic function and lose the suffix; everything else is copied.
 * Everything is compiled once; evaluation only reads.
 */
public final class PayloadTemplate implements Template {
    private sealed interface Node {}
    private record Literal(JsonNode value) implements Node {}
    private record Path(String key, ReferencePath path) implements Node {}
    private record Call(IntrinsicArg.Call call) implements Node {}
    private record Obj(List<Map.Entry<String, Node>> fields) implements Node {}
    private record Arr(List<Node> items) implements Node {}

    private final Node root;
    private final String text;   // the path or call as written, for a single expression; null for a template
    private final JsonNode source;   // the template as written, for a template; null for a single expression

    private PayloadTemplate(Node root, String text, JsonNode source) {
        this.root = root;
        this.text = text;
        this.source = source;
    }

    public static PayloadTemplate compile(JsonNode template) throws SyntaxError {
        return new PayloadTemplate(node(template, ""), null, template.deepCopy());
    }

    /** A single {@code .$}-style value: a reference path or an intrinsic function call (ErrorPath, CausePath). */
    public static PayloadTemplate compileExpression(String pathOrIntrinsic) throws SyntaxError {
        return new PayloadTemplate(expression("", pathOrIntrinsic, ""), pathOrIntrinsic, null);
    }

    /** Templates compiled from the same source are equal, so that two parses of one definition give equal machines. */
    @Override public boolean equals(Object o) {
        return o instanceof PayloadTemplate t && java.util.Objects.equals(t.text, text)
                && java.util.Objects.equals(t.source, source);
    }

    @Override public int hashCode() { return java.util.Objects.hash(text, source); }

    /** The path or call as written, for a template made by {@link #compileExpression} (AWS quotes it in errors). */
    String text() { return text == null ? "" : text; }

    @Override public JsonNode evaluate(Scope scope) throws StatesError { return evaluate(root, scope); }

    private static Node node(JsonNode value, String pointer) throws SyntaxError {
        if (value.isObject()) {
            var fields = new ArrayList<Map.Entry<String, Node>>();
            var names = value.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                JsonNode v = value.get(key);
                if (key.endsWith(".$")) {
                    if (!v.isTextual()) {
                        throw new SyntaxError("The value of the field '" + key
                                + "' must be a path or an intrinsic function (a string)", child);
                    }
                    fields.add(Map.entry(key.substring(0, key.length() - 2), expression(key, v.textValue(), child)));
                } else {
                    fields.add(Map.entry(key, node(v, child)));
                }
            }
            return new Obj(List.copyOf(fields));
        }
        if (value.isArray()) {
            var items = new ArrayList<Node>();
            for (int i = 0; i < value.size(); i++) items.add(node(value.get(i), pointer + "/" + i));
            return new Arr(List.copyOf(items));
        }
        return new Literal(value.deepCopy());
    }

    private static Node expression(String key, String text, String pointer) throws SyntaxError {
        try {
            if (IntrinsicParser.looksLikeCall(text)) return new Call(IntrinsicParser.parse(text));
            if (text.startsWith("$")) return new Path(key, ReferencePath.compile(text));
        } catch (SyntaxError e) {
            throw new SyntaxError(e.getMessage(), pointer);
        }
        throw new SyntaxError("The value '" + text + "' of the field '" + key
                + "' is neither a JSONPath nor an intrinsic function", pointer);
    }

    private static JsonNode evaluate(Node node, Scope scope) throws StatesError {
        return switch (node) {
            case Literal l -> l.value().deepCopy();
            case Path p -> {
                var found = p.path().find(scope);
                if (found.isEmpty()) {
                    if (p.key().isEmpty()) yield p.path().read(scope);
                    throw new StatesError("States.Runtime", "The JSONPath '" + p.path().text()
                            + "' specified for the field '" + p.key() + "' could not be found in the input '"
                            + scope.input() + "'");
                }
                yield found.get();
            }
            case Call c -> IntrinsicFunctions.evaluate(c.call(), scope);
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
}
