package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.MapState.ExecutionType;
import io.stepwise.asl.MapState.ProcessorMode;
import io.stepwise.asl.StateParser.Common;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Map states, inline and distributed (https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html).
 * {@code Iterator} is the older name of {@code ItemProcessor}, and {@code Parameters} of {@code ItemSelector}.
 */
final class MapParser {
    static final int MAX_LABEL = 40;
    private static final Pattern LABEL_FORBIDDEN = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]");

    private final Findings findings;
    private final Expressions expr;
    private final MachineParser machines;
    private final ErrorHandlers errors;
    private final TypeParsers types;

    MapParser(Findings findings, Expressions expr, MachineParser machines, ErrorHandlers errors, TypeParsers types) {
        this.findings = findings;
        this.expr = expr;
        this.machines = machines;
        this.errors = errors;
        this.types = types;
    }

    MapState map(Common c) {
        ObjectNode n = c.node();
        String processorField = n.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        if (n.has("ItemProcessor") && n.has("Iterator")) {
            findings.schema(c.at(), "A Map state cannot have both 'ItemProcessor' and 'Iterator'");
        }
        ProcessorMode mode = ProcessorMode.INLINE;
        ExecutionType executionType = ExecutionType.STANDARD;
        StateMachine processor = null;
        JsonNode processorDefinition = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        Optional<ObjectNode> p = findings.object(n, processorField, c.at());
        String pAt = Findings.at(c.at(), processorField);
        if (!n.has(processorField)) {
            findings.required(n, c.at(), "ItemProcessor");
        } else if (p.isPresent()) {
            Optional<ObjectNode> config = findings.object(p.get(), "ProcessorConfig", pAt);
            if (config.isPresent()) {
                String cAt = Findings.at(pAt, "ProcessorConfig");
                findings.onlyFields(config.get(), Set.of("Mode", "ExecutionType"), cAt);
                Optional<String> m = findings.string(config.get(), "Mode", cAt);
                if (m.isPresent()) {
                    switch (m.get()) {
                        case "INLINE" -> mode = ProcessorMode.INLINE;
                        case "DISTRIBUTED" -> mode = ProcessorMode.DISTRIBUTED;
                        default -> findings.schema(Findings.at(cAt, "Mode"), Findings.oneOf("INLINE", "DISTRIBUTED"));
                    }
                }
                Optional<String> e = findings.string(config.get(), "ExecutionType", cAt);
                if (e.isPresent()) {
                    switch (e.get()) {
                        case "STANDARD" -> executionType = ExecutionType.STANDARD;
                        case "EXPRESS" -> executionType = ExecutionType.EXPRESS;
                        default -> findings.schema(Findings.at(cAt, "ExecutionType"),
                                Findings.oneOf("STANDARD", "EXPRESS"));
                    }
                } else if (mode == ProcessorMode.DISTRIBUTED) {
                    findings.required(config.get(), cAt, "ExecutionType");
                }
            }
            processor = machines.nested(p.get(), pAt, c.jsonataMachine(), Set.of("ProcessorConfig"));
            ObjectNode own = p.get().deepCopy();
            own.remove("ProcessorConfig");
            if (c.ql() == QueryLanguage.JSONATA && !own.has("QueryLanguage")) own.put("QueryLanguage", "JSONata");
            processorDefinition = own;
        }
        if (mode == ProcessorMode.INLINE) {
            for (String f : List.of("ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage",
                    "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label")) {
                if (n.has(f)) findings.schema(Findings.at(c.at(), f), "Field '" + f + "' is only supported by a "
                        + "Distributed Map (ProcessorConfig Mode DISTRIBUTED)");
            }
        }
        Optional<ValueSource> items = items(c);
        Optional<Template> selector = selector(c);
        Optional<MapState.ItemBatcher> batcher = batcher(c);
        Optional<JsonNode> reader = objectField(c, "ItemReader");
        Optional<JsonNode> writer = objectField(c, "ResultWriter");
        Optional<ValueSource> maxConcurrency = types.seconds(c, "MaxConcurrency", 0, Integer.MAX_VALUE);
        Optional<ValueSource> percentage = percentage(c);
        Optional<ValueSource> count = types.seconds(c, "ToleratedFailureCount", 0, Integer.MAX_VALUE);
        Optional<String> label = findings.string(n, "Label", c.at());
        label.ifPresent(l -> {
            if (l.isEmpty() || l.length() > MAX_LABEL || LABEL_FORBIDDEN.matcher(l).find()) {
                findings.schema(Findings.at(c.at(), "Label"), "Field 'Label' must be 1 to " + MAX_LABEL
                        + " characters without whitespace or special characters, not \"" + l + "\"");
            }
        });
        return new MapState(c.name(), c.comment(), c.ql(), c.io(), items, selector, processor, processorDefinition,
                mode, executionType,
                batcher, reader, writer, maxConcurrency, percentage, count, label, errors.retry(n, c.at()),
                errors.catchers(n, c.at(), c.ql()), c.assign(), c.transition());
    }

    private Optional<ValueSource> items(Common c) {
        if (c.ql() == QueryLanguage.JSONPATH) {
            return findings.string(c.node(), "ItemsPath", c.at())
                    .flatMap(p -> expr.fromPath(p, Findings.at(c.at(), "ItemsPath"), "ItemsPath"));
        }
        JsonNode v = c.node().get("Items");
        if (v == null) return Optional.empty();
        String at = Findings.at(c.at(), "Items");
        if (!v.isArray() && !(v.isTextual() && Expressions.looksLikeJsonata(v.textValue()))) {
            findings.schema(at, "Field 'Items' must be an array or a {% %} expression, not " + Findings.kind(v));
            return Optional.empty();
        }
        return expr.jsonata(v, at, "Items").map(ValueSource.FromTemplate::new);
    }

    private Optional<Template> selector(Common c) {
        ObjectNode n = c.node();
        if (n.has("ItemSelector") && n.has("Parameters")) {
            findings.schema(c.at(), "A Map state cannot have both 'ItemSelector' and 'Parameters'");
            return Optional.empty();
        }
        String field = n.has("Parameters") ? "Parameters" : "ItemSelector";
        JsonNode v = n.get(field);
        return v == null ? Optional.empty() : expr.template(v, c.ql(), Findings.at(c.at(), field), field);
    }

    private Optional<MapState.ItemBatcher> batcher(Common c) {
        Optional<ObjectNode> b = findings.object(c.node(), "ItemBatcher", c.at());
        if (b.isEmpty()) return Optional.empty();
        String at = Findings.at(c.at(), "ItemBatcher");
        Set<String> allowed = c.ql() == QueryLanguage.JSONPATH
                ? Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                        "MaxInputBytesPerBatchPath", "BatchInput")
                : Set.of("MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput");
        findings.onlyFields(b.get(), allowed, at);
        Common inner = new Common(c.name(), b.get(), at, c.ql(), c.jsonataMachine(), Optional.empty(), c.io(),
                Optional.empty(), c.transition());
        Optional<ValueSource> items = types.seconds(inner, "MaxItemsPerBatch", 1, Integer.MAX_VALUE);
        Optional<ValueSource> bytes = types.seconds(inner, "MaxInputBytesPerBatch", 1, 262_144);
        JsonNode input = b.get().get("BatchInput");
        Optional<Template> batchInput = input == null ? Optional.empty()
                : expr.template(input, c.ql(), Findings.at(at, "BatchInput"), "BatchInput");
        return Optional.of(new MapState.ItemBatcher(items, bytes, batchInput));
    }

    private Optional<JsonNode> objectField(Common c, String field) {
        return findings.object(c.node(), field, c.at()).map(o -> o);
    }

    private Optional<ValueSource> percentage(Common c) {
        JsonNode v = c.node().get("ToleratedFailurePercentage");
        String at = Findings.at(c.at(), "ToleratedFailurePercentage");
        if (v == null || (c.ql() == QueryLanguage.JSONATA && Expressions.isJsonata(v))) {
            return types.seconds(c, "ToleratedFailurePercentage", 0, 100);
        }
        if (c.node().has("ToleratedFailurePercentagePath")) return types.seconds(c, "ToleratedFailurePercentage", 0, 100);
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 100) {
            findings.schema(at, "Field 'ToleratedFailurePercentage' must be a number from 0 to 100, not " + v);
            return Optional.empty();
        }
        return Optional.of(new ValueSource.Literal(v));
    }
}
