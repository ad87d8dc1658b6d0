package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Input and output processing (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html):
 * the context object, scopes for expressions, JSONPath's InputPath → Parameters → ResultSelector → ResultPath →
 * OutputPath, JSONata's Arguments/Output, Assign, and the payload size limit. JSON values are never mutated once
 * built, so they are shared freely between inputs, outputs, variables and history.
 */
final class DataFlow {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** AWS's context timestamps: always three fraction digits, e.g. {@code 2019-03-26T20:14:13.192Z}. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final long maxPayloadBytes;

    DataFlow(long maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    static String json(JsonNode node) { return JsonText.of(node); }

    /** The payload limit (AWS: 256 KiB); {@code json} is the value already serialised for the history. */
    boolean tooLarge(String json) { return JsonText.utf8Length(json, maxPayloadBytes) >= maxPayloadBytes; }

    static ObjectNode executionContext(ExecutionInfo info, JsonNode input, Instant start) {
        ObjectNode e = F.objectNode();
        e.put("Id", info.executionArn());
        e.set("Input", input);
        e.put("Name", info.executionName());
        e.put("RoleArn", info.roleArn());
        e.put("StartTime", TIME.format(start));
        e.put("RedriveCount", info.redriveCount());
        return e;
    }

    static ObjectNode machineContext(ExecutionInfo info) {
        ObjectNode m = F.objectNode();
        m.put("Id", info.stateMachineArn());
        m.put("Name", info.stateMachineName());
        return m;
    }

    /** {@code $$} for the frame's current state: Execution, State, StateMachine and, with a token, Task. */
    ObjectNode context(Execution x, Frame f) {
        if (f.context != null) return f.context;
        if (f.inspector != null) return f.context = f.inspector.context;
        ObjectNode c = F.objectNode();
        c.set("Execution", x.executionContext);
        ObjectNode s = c.putObject("State");
        s.put("EnteredTime", x.format(f.enteredTime));
        s.put("Name", f.state.name());
        s.put("RetryCount", f.retryCount);
        c.set("StateMachine", x.machineContext);
        if (f.taskToken != null) c.putObject("Task").put("Token", f.taskToken);
        f.context = c;
        return c;
    }

    /** The context with {@code Map.Item} for one item's ItemSelector. */
    ObjectNode itemContext(Execution x, Frame f, int index, String key, JsonNode value) {
        ObjectNode c = F.objectNode();
        c.setAll(context(x, f));   // shallow: $$.Execution.Input may be the whole (large) input
        ObjectNode item = c.putObject("Map").putObject("Item");
        item.put("Index", index);
        if (key != null) item.put("Key", key);
        item.set("Value", value);
        return c;
    }

    Scope scope(Execution x, Frame f, JsonNode input) {
        return new Scope(input, context(x, f), f.variables, Optional.empty(), Optional.empty(), x.now, x.random);
    }

    Scope scope(Execution x, Frame f, JsonNode input, Optional<JsonNode> result, Optional<JsonNode> errorOutput) {
        return new Scope(input, context(x, f), f.variables, result, errorOutput, x.now, x.random);
    }

    static JsonNode read(Optional<ReferencePath> path, Scope scope) throws StatesError {
        if (path.isEmpty()) return F.objectNode();
        ReferencePath p = path.get();
        return p.isWholeInput() ? scope.input() : p.read(scope);
    }

    /** InputPath then Parameters: the effective input of a JSONPath state. */
    JsonNode effectiveInput(Execution x, Frame f, Io.JsonPath io) throws StatesError {
        JsonNode selected = read(io.inputPath(), scope(x, f, f.input));
        Inspector.afterInputPath(f, selected);
        JsonNode effective = io.parameters().isEmpty() ? selected
                : io.parameters().get().evaluate(scope(x, f, selected));
        Inspector.afterParameters(f, effective);
        return effective;
    }

    /** ResultSelector (on the raw result) then ResultPath (into the raw state input), without OutputPath. */
    JsonNode combine(Execution x, Frame f, Io.JsonPath io, JsonNode result) throws StatesError {
        JsonNode selected = io.resultSelector().isEmpty() ? result
                : io.resultSelector().get().evaluate(scope(x, f, result));
        return resultPath(io.resultPath(), f.input, selected);
    }

    JsonNode selectResult(Execution x, Frame f, Io.JsonPath io, JsonNode result) throws StatesError {
        return io.resultSelector().isEmpty() ? result : io.resultSelector().get().evaluate(scope(x, f, result));
    }

    static JsonNode resultPath(Optional<ReferencePath> path, JsonNode input, JsonNode result) throws StatesError {
        if (path.isEmpty()) return input;
        if (path.get().isWholeInput()) return result;
        try {
            return path.get().write(input, result);
        } catch (StatesError e) {
            // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-error-representation
            throw new StatesError("States.ResultPathMatchFailure", e.cause());
        }
    }

    JsonNode outputPath(Execution x, Frame f, Io.JsonPath io, JsonNode combined) throws StatesError {
        return read(io.outputPath(), scope(x, f, combined));
    }

    /** JSONata {@code Output}, or {@code fallback} when absent. */
    JsonNode output(Optional<JsonataTemplate> output, Scope scope, JsonNode fallback) throws StatesError {
        return output.isEmpty() ? fallback : output.get().evaluate(scope);
    }

    static JsonNode value(ValueSource source, Scope scope) throws StatesError {
        return switch (source) {
            case ValueSource.Literal l -> l.value();
            case ValueSource.FromPath p -> p.path().evaluate(scope);
            case ValueSource.FromTemplate t -> t.template().evaluate(scope);
        };
    }

    /** The {@code ...Path} field's path as written ({@code $.input.waitSeconds}); empty for other sources. */
    static String pathText(ValueSource source) {
        return source instanceof ValueSource.FromPath p && p.path() instanceof PayloadTemplate t ? t.text() : "";
    }

    /**
     * A value the way AWS quotes it after a path in a run-time error ({@code $.input.waitSeconds == 1.5}, and a
     * string without quotes: {@code $.start_at == 2023-12-11T22:05:59}).
     */
    static String shown(JsonNode v) { return v.isTextual() ? v.textValue() : json(v); }

    /** Evaluates Assign completely before anything is assigned (all right-hand sides see the old values). */
    static Map<String, JsonNode> assignments(Optional<Template> assign, Scope scope) throws StatesError {
        if (assign.isEmpty()) return Map.of();
        JsonNode values = assign.get().evaluate(scope);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        values.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Applies assignments; returns them JSON-encoded for {@code assignedVariables}. Nothing is assigned when one
     * variable (name and JSON value) or all of this Assign together reach the payload limit (AWS: 256 KiB each).
     */
    Map<String, String> assign(Frame f, Map<String, JsonNode> values) throws StatesError {
        if (values.isEmpty()) return Map.of();
        Map<String, String> encoded = new LinkedHashMap<>();
        long total = 0;
        for (var e : values.entrySet()) {
            String text = json(e.getValue());
            long size = e.getKey().length() + JsonText.utf8Length(text, maxPayloadBytes);
            total += size;
            if (size >= maxPayloadBytes || total >= maxPayloadBytes) {
                throw new StatesError(Recovery.DATA_LIMIT, "The state '" + f.state.name() + "' assigned "
                        + (size >= maxPayloadBytes ? "the variable '" + e.getKey() + "' a value" : "variables")
                        + " with a size exceeding the maximum number of bytes service limit.");
            }
            encoded.put(e.getKey(), text);
        }
        values.forEach(f.variables::assign);
        return encoded;
    }

    /** {@code {"Error": ..., "Cause": ...}}: what Catch passes on (ResultPath / $states.errorOutput). */
    static ObjectNode errorOutput(String error, String cause) {
        ObjectNode o = F.objectNode();
        o.put("Error", error);
        o.put("Cause", cause);
        return o;
    }
}
