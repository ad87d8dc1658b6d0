package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The numbers a Map state reads when it starts (MaxConcurrency, ToleratedFailureCount/Percentage, ItemBatcher
 * limits) and the check that its items are an array. A bad value fails with States.Runtime (JSONPath) or
 * States.QueryEvaluationError (JSONata). The {@code ...Path} wordings are AWS's as LocalStack's AWS-validated Map tests
 * reproduce them (localstack/localstack, tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.py:
 * test_map_state_tolerated_failure_count_path / _percentage_path; MaxConcurrencyPath: localstack PR #10705); the
 * JSONata Items wordings are AWS's as DESIGN.md §3 records them. The literal and JSONata ones are ours.
 */
final class MapLimits {
    private MapLimits() {}

    /** MaxConcurrency(Path): 0 (no limit) when absent. */
    static long maxConcurrency(Optional<ValueSource> source, Scope scope, boolean jsonata) throws StatesError {
        if (source.isEmpty()) return 0;
        JsonNode v = DataFlow.value(source.get(), scope);
        if (source.get() instanceof ValueSource.FromPath) {
            if (!isInt(v)) throw notValid(source.get(), "MaxConcurrencyPath", v, "integer");
            if (v.asLong() < 0) {
                throw runtime("Expected non-negative integer for MaxConcurrency, got '" + v.asLong() + "' instead.");
            }
            return v.asLong();
        }
        return integer(source, scope, "MaxConcurrency", jsonata, 0);
    }

    /** ToleratedFailureCount(Path): -1 when absent. */
    static long toleratedCount(Optional<ValueSource> source, Scope scope, boolean jsonata) throws StatesError {
        if (source.isEmpty()) return -1;
        if (source.get() instanceof ValueSource.FromPath) {
            JsonNode v = DataFlow.value(source.get(), scope);
            if (!isInt(v)) throw notValid(source.get(), "ToleratedFailureCountPath", v, "integer");
            if (v.asLong() < 0) throw runtime("ToleratedFailureCount cannot be negative.");
            return v.asLong();
        }
        return integer(source, scope, "ToleratedFailureCount", jsonata, -1);
    }

    /** ToleratedFailurePercentage(Path): -1 when absent. */
    static double toleratedPercentage(Optional<ValueSource> source, Scope scope, boolean jsonata) throws StatesError {
        if (source.isEmpty()) return -1;
        JsonNode v = DataFlow.value(source.get(), scope);
        if (source.get() instanceof ValueSource.FromPath) {
            if (!v.isNumber()) throw notValid(source.get(), "ToleratedFailurePercentagePath", v, "float");
            if (v.asDouble() < 0 || v.asDouble() > 100) {
                throw runtime("ToleratedFailurePercentage must be between 0 and 100.");
            }
            return v.asDouble();
        }
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 100) {
            throw new StatesError(jsonata ? "States.QueryEvaluationError" : Recovery.RUNTIME, "The value of the field "
                    + "'ToleratedFailurePercentage' must be a number from 0 to 100, not " + DataFlow.json(v));
        }
        return v.asDouble();
    }

    /** A non-negative integer up to Integer.MAX_VALUE, or {@code absent}. */
    static long integer(Optional<ValueSource> source, Scope scope, String field, boolean jsonata, long absent)
            throws StatesError {
        if (source.isEmpty()) return absent;
        JsonNode v = DataFlow.value(source.get(), scope);
        if (!isInt(v) || v.asLong() < 0) {
            throw new StatesError(jsonata ? "States.QueryEvaluationError" : Recovery.RUNTIME, "The value of the "
                    + "field '" + field + "' must be a non-negative integer, not " + DataFlow.json(v));
        }
        return v.asLong();
    }

    /**
     * JSONata Map items that are not an array (a JSON object included: JSONata does not iterate fields), with AWS's
     * wordings: for {@code Items} the expression, the JSON type and the value; without {@code Items} the input.
     */
    static StatesError notAnArray(Optional<ValueSource> items, JsonNode value) {
        Optional<String> expression = items.flatMap(s -> s instanceof ValueSource.FromTemplate t
                ? t.template().expression() : Optional.empty());
        if (expression.isEmpty()) {
            return new StatesError("States.QueryEvaluationError", "Map state input must be an array but was: "
                    + DataFlow.json(value));
        }
        return new StatesError("States.QueryEvaluationError", "The JSONata expression '" + expression.get()
                + "' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '"
                + typeName(value) + "' for value: " + DataFlow.json(value), "Items");
    }

    private static String typeName(JsonNode v) {
        return switch (v.getNodeType()) {
            case NUMBER -> "number";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case NULL, MISSING, BINARY -> "null";
        };
    }

    private static boolean isInt(JsonNode v) {
        return v.isNumber() && v.canConvertToExactIntegral() && v.canConvertToLong() && v.asLong() <= Integer.MAX_VALUE;
    }

    /** {@code The MaxConcurrencyPath field refers to value "1.5" which is not a valid integer: $.max}. */
    private static StatesError notValid(ValueSource source, String field, JsonNode v, String kind) {
        return runtime("The " + field + " field refers to value \"" + DataFlow.shown(v) + "\" which is not a valid "
                + kind + ": " + DataFlow.pathText(source));
    }

    private static StatesError runtime(String cause) { return new StatesError(Recovery.RUNTIME, cause); }
}
