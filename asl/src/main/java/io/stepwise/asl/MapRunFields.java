package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A distributed Map's ItemReader and ResultWriter with their expressions evaluated when the state starts: in JSONPath
 * the {@code .$} keys of Parameters (and {@code ReaderConfig.MaxItemsPath}, given as {@code MaxItems}), in JSONata
 * every {@code {% %}} of Arguments and ReaderConfig. What the fields mean is the driver's business (it reads and writes
 * the buckets); a path that selects nothing fails the state as any Parameters would.
 */
final class MapRunFields {
    private MapRunFields() {}

    static JsonNode reader(JsonNode reader, Scope scope, boolean jsonata) throws StatesError {
        ObjectNode r = reader.deepCopy();
        if (!jsonata && r.path("ReaderConfig") instanceof ObjectNode config && config.has("MaxItemsPath")) {
            config.set("MaxItems.$", config.remove("MaxItemsPath"));
        }
        return evaluate(r, scope, jsonata, "ItemReader");
    }

    static JsonNode writer(JsonNode writer, Scope scope, boolean jsonata) throws StatesError {
        return evaluate(writer.deepCopy(), scope, jsonata, "ResultWriter");
    }

    private static JsonNode evaluate(ObjectNode node, Scope scope, boolean jsonata, String field) throws StatesError {
        try {
            Template t = jsonata ? JsonataTemplate.compile(node, field) : PayloadTemplate.compile(node);
            return t.evaluate(scope);
        } catch (SyntaxError e) {
            throw new StatesError(jsonata ? "States.QueryEvaluationError" : Recovery.RUNTIME, "The " + field
                    + " field cannot be evaluated: " + e.getMessage());
        }
    }
}
