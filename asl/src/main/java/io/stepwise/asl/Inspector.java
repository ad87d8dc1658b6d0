package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The TestState hook of a {@link Frame}: it records the data-flow steps of the frame's state as {@link DataFlow},
 * {@link States}, {@link TaskStep} and {@link WaitStep} take them, and holds the context object TestState was given.
 * The frames of a normal execution have none, so a step costs them one null check (the {@code passChain} benchmark in
 * docs/benchmarks.md shows no difference beyond the noise of the shared machine).
 */
final class Inspector {
    /** {@code $$} for the tested state: the request's {@code context}, or the one {@link StateTester} made. */
    final ObjectNode context;

    JsonNode input;
    JsonNode afterInputPath;
    JsonNode afterParameters;
    JsonNode afterArguments;
    JsonNode result;
    JsonNode afterResultSelector;
    JsonNode afterResultPath;
    JsonNode afterItemsPath;
    JsonNode afterItemSelector;
    JsonNode afterItemBatcher;
    Long maxConcurrency;
    Long toleratedFailureCount;
    Double toleratedFailurePercentage;
    JsonNode variables;
    Inspection.ErrorDetails errorDetails;

    Inspector(ObjectNode context) { this.context = context; }

    static void afterInputPath(Frame f, JsonNode v) {
        if (f.inspector != null) f.inspector.afterInputPath = v;
    }

    static void afterParameters(Frame f, JsonNode v) {
        if (f.inspector != null) f.inspector.afterParameters = v;
    }

    static void afterArguments(Frame f, JsonNode v) {
        if (f.inspector != null) f.inspector.afterArguments = v;
    }

    static void result(Frame f, JsonNode v) {
        if (f.inspector != null) f.inspector.result = v;
    }

    /** ResultSelector and ResultPath applied (a Pass state reports its result as both "after" steps' input). */
    static void afterResult(Frame f, JsonNode selected, JsonNode combined) {
        if (f.inspector != null) {
            f.inspector.afterResultSelector = selected;
            f.inspector.afterResultPath = combined;
        }
    }

    Inspection done() {
        return new Inspection(Optional.ofNullable(input), Optional.ofNullable(afterInputPath),
                Optional.ofNullable(afterParameters), Optional.ofNullable(afterArguments), Optional.ofNullable(result),
                Optional.ofNullable(afterResultSelector), Optional.ofNullable(afterResultPath),
                Optional.ofNullable(afterItemsPath), Optional.ofNullable(afterItemSelector),
                Optional.ofNullable(afterItemBatcher),
                maxConcurrency == null ? OptionalLong.empty() : OptionalLong.of(maxConcurrency),
                toleratedFailureCount == null ? OptionalLong.empty() : OptionalLong.of(toleratedFailureCount),
                toleratedFailurePercentage == null ? OptionalDouble.empty()
                        : OptionalDouble.of(toleratedFailurePercentage),
                Optional.ofNullable(variables), Optional.ofNullable(errorDetails));
    }

    static Inspection.ErrorDetails caught(int catchIndex, OptionalInt retryIndex) {
        return new Inspection.ErrorDetails(OptionalInt.of(catchIndex), retryIndex, OptionalLong.empty());
    }
}
