package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An ASL path: {@code $...} (the input), {@code $$...} (the context object) or {@code $name...} (a variable),
 * used by InputPath, OutputPath, ResultPath, ItemsPath, every {@code ...Path} field and Choice {@code Variable}.
 *
 * <p>Reading goes through Jayway JSONPath because AWS's engine is JVM-based and behaves like it
 * ({@code $[*]} on {@code {}} is {@code []}, its "No results for path" messages appear in AWS's causes).
 * A variable path {@code $v.a} is evaluated as {@code $.a} against the variable's value.
 */
public final class ReferencePath {
    static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .build();
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)(.*)", Pattern.DOTALL);

    private sealed interface Root permits Input, Context, Variable {}
    private record Input() implements Root {}
    private record Context() implements Root {}
    private record Variable(String name) implements Root {}

    private final String text;
    private final Root root;
    private final JsonPath path;
    private final String jaywayText;
    private volatile List<Object> steps;   // ResultPath steps, parsed on first write
    private volatile boolean stepsKnown;

    private ReferencePath(String text, Root root, String jaywayText) throws SyntaxError {
        this.text = text;
        this.root = root;
        this.jaywayText = jaywayText;
        try {
            this.path = JsonPath.compile(jaywayText);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new SyntaxError("Invalid JSONPath '" + text + "': " + e.getMessage());
        }
    }

    public static ReferencePath compile(String text) throws SyntaxError {
        if (text == null || !text.startsWith("$")) {
            throw new SyntaxError("The path '" + text + "' must start with '$'");
        }
        if (!balanced(text)) throw new SyntaxError("Invalid JSONPath '" + text + "': unbalanced brackets");
        if (text.startsWith("$$")) {
            return new ReferencePath(text, new Context(), text.substring(1));
        }
        var variable = VARIABLE.matcher(text);
        if (variable.matches()) {
            return new ReferencePath(text, new Variable(variable.group(1)), "$" + variable.group(2));
        }
        return new ReferencePath(text, new Input(), text);
    }

    public String text() { return text; }

    /** Jayway accepts an unclosed {@code $.a[}; AWS's validator does not. */
    private static boolean balanced(String text) {
        int depth = 0;
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                if (--depth < 0) return false;
            }
        }
        return depth == 0 && quote == 0;
    }

    /** The variable this path reads, when it is {@code $name...}. */
    public Optional<String> variable() {
        return root instanceof Variable v ? Optional.of(v.name()) : Optional.empty();
    }

    /** True when the path is a Reference Path (single node, no filters/wildcards): required by ResultPath. */
    public boolean isReferencePath() { return path.isDefinite(); }

    /** True for {@code $} itself: the whole input, which callers take without going through JSONPath. */
    public boolean isWholeInput() { return root instanceof Input && text.equals("$"); }

    /** The node(s) selected, or empty when nothing matches (Choice IsPresent). */
    public Optional<JsonNode> find(Scope scope) {
        JsonNode document = switch (root) {
            case Input i -> scope.input();
            case Context c -> scope.context();
            case Variable v -> scope.variables().get(v.name());
        };
        if (document == null) return Optional.empty();
        JsonNode direct = direct(document);
        if (direct != null) return Optional.of(direct);
        try {
            JsonNode found = path.read(document, JAYWAY);
            return Optional.ofNullable(found);
        } catch (PathNotFoundException e) {
            return path.isDefinite() ? Optional.empty() : Optional.of(DataFlow.F.arrayNode());
        } catch (JsonPathException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The node(s) selected; no match fails with States.Runtime and AWS's message. */
    public JsonNode read(Scope scope) throws StatesError {
        JsonNode document = switch (root) {
            case Input i -> scope.input();
            case Context c -> scope.context();
            case Variable v -> scope.variables().get(v.name());
        };
        if (document == null) {
            throw new StatesError("States.Runtime", "Invalid path '" + text + "' : The variable '"
                    + variable().orElse("") + "' is not defined");
        }
        JsonNode direct = direct(document);
        if (direct != null) return direct;
        try {
            JsonNode found = path.read(document, JAYWAY);
            if (found == null) throw new PathNotFoundException("No results for path: " + path.getPath());
            return found;
        } catch (PathNotFoundException e) {
            if (!path.isDefinite()) return DataFlow.F.arrayNode();
            throw new StatesError("States.Runtime", "Invalid path '" + text + "' : " + e.getMessage());
        } catch (JsonPathException | ClassCastException e) {
            throw new StatesError("States.Runtime", "Invalid path '" + text + "' : " + e.getMessage());
        }
    }

    /**
     * ResultPath: {@code target} with {@code value} placed at this path, creating objects on the way. The target is
     * not changed: only the containers along the path are copied (shallowly), so the cost does not grow with the
     * size of the input. Values are shared, never mutated afterwards.
     */
    public JsonNode write(JsonNode target, JsonNode value) throws StatesError {
        if (!(root instanceof Input)) {
            throw new StatesError("States.Runtime", "Invalid path '" + text + "': ResultPath must refer to the input");
        }
        List<Object> steps = writeSteps();
        if (steps == null) {
            throw new StatesError("States.Runtime", "Invalid path '" + text + "': not a reference path");
        }
        if (steps.isEmpty()) return value;
        if (!target.isObject() && !(target.isArray() && steps.getFirst() instanceof Integer)) {
            throw cannotWrite(target);
        }
        return write(target, steps, 0, value, target);
    }

    private JsonNode write(JsonNode current, List<Object> steps, int i, JsonNode value, JsonNode whole)
            throws StatesError {
        Object step = steps.get(i);
        boolean last = i == steps.size() - 1;
        if (step instanceof String name) {
            if (!(current instanceof ObjectNode object)) throw cannotWrite(whole);
            ObjectNode copy = object.objectNode();
            copy.setAll(object);
            if (last) {
                copy.set(name, value);
            } else {
                JsonNode next = object.get(name);
                if (next == null || !next.isContainerNode()) next = object.objectNode();
                copy.set(name, write(next, steps, i + 1, value, whole));
            }
            return copy;
        }
        int index = (Integer) step;
        if (!(current instanceof ArrayNode array) || index >= array.size() || index < 0) throw cannotWrite(whole);
        ArrayNode copy = array.arrayNode(array.size());
        copy.addAll(array);
        copy.set(index, last ? value : write(array.get(index), steps, i + 1, value, whole));
        return copy;
    }

    /**
     * The node a simple path ({@code $.a.b}, {@code $['a'][0]}) selects, walked directly; null whenever anything is
     * unusual (no such node, a JSON null, a filter or function), and then Jayway decides, with its own messages.
     * Jayway costs about a quarter of a Pass state; most paths in real definitions are simple.
     */
    private JsonNode direct(JsonNode document) {
        List<Object> s = writeSteps();
        if (s == null) return null;
        JsonNode current = document;
        for (int i = 0; i < s.size() && current != null; i++) {
            current = s.get(i) instanceof String name
                    ? (current.isObject() ? current.get(name) : null)
                    : (current.isArray() ? current.get((Integer) s.get(i)) : null);
        }
        return current == null || current.isNull() || current.isMissingNode() ? null : current;
    }

    private List<Object> writeSteps() {
        List<Object> s = steps;
        if (s == null && !stepsKnown) {
            s = PathSteps.of(jaywayText);
            steps = s;
            stepsKnown = true;
        }
        return s;
    }

    private StatesError cannotWrite(JsonNode target) {
        return new StatesError("States.Runtime", "Invalid path '" + text + "' : Unable to apply ResultPath '"
                + text + "' to input " + target);
    }

    @Override public String toString() { return text; }
    @Override public boolean equals(Object o) { return o instanceof ReferencePath p && p.text.equals(text); }
    @Override public int hashCode() { return text.hashCode(); }
}
