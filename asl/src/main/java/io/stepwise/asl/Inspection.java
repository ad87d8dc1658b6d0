package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What TestState's DEBUG and TRACE levels show of one state's run: {@code InspectionData} in the Step Functions API
 * model. The data-flow steps the state went through ({@code input}, then {@code afterInputPath},
 * {@code afterParameters} / {@code afterArguments}, the raw {@code result}, {@code afterResultSelector},
 * {@code afterResultPath}), a Map state's items and limits, the variables after the state, and which Retry or Catch
 * handled an error. A step the state does not take is empty, as AWS leaves it out (a Pass state with {@code Result}
 * shows no {@code afterInputPath}; JSONata states show no JSONPath steps). The HTTP {@code request}/{@code response}
 * of TRACE are never filled: Stepwise has no HTTP task integration.
 */
public record Inspection(Optional<JsonNode> input, Optional<JsonNode> afterInputPath,
                         Optional<JsonNode> afterParameters, Optional<JsonNode> afterArguments,
                         Optional<JsonNode> result, Optional<JsonNode> afterResultSelector,
                         Optional<JsonNode> afterResultPath, Optional<JsonNode> afterItemsPath,
                         Optional<JsonNode> afterItemSelector, Optional<JsonNode> afterItemBatcher,
                         OptionalLong maxConcurrency, OptionalLong toleratedFailureCount,
                         OptionalDouble toleratedFailurePercentage, Optional<JsonNode> variables,
                         Optional<ErrorDetails> errorDetails) {

    /**
     * The Catch ({@code catchIndex}) or Retry ({@code retryIndex}, with the back-off it would wait) that handled the
     * error; a retrier whose attempts are used up still shows its index.
     */
    public record ErrorDetails(OptionalInt catchIndex, OptionalInt retryIndex,
                               OptionalLong retryBackoffIntervalSeconds) {}
}
