package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The variables one (sub-)machine sees: its own, then its enclosing scopes' (a Parallel branch or Map iteration reads
 * outer variables but assigns only its own; the parser rejects assigning an outer name).
 * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html#variable-scope
 */
final class VariableScope extends AbstractMap<String, JsonNode> {
    private final Map<String, JsonNode> own = new HashMap<>();
    private final VariableScope outer;

    VariableScope(VariableScope outer) { this.outer = outer; }

    @Override public JsonNode get(Object name) {
        JsonNode v = own.get(name);
        return v != null || outer == null ? v : outer.get(name);
    }

    @Override public boolean containsKey(Object name) { return get(name) != null; }

    void assign(String name, JsonNode value) { own.put(name, value); }

    @Override public Set<Entry<String, JsonNode>> entrySet() {
        if (outer == null) return own.entrySet();
        Map<String, JsonNode> all = new LinkedHashMap<>(outer);
        all.putAll(own);
        return all.entrySet();
    }
}
