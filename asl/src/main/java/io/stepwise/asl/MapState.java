package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Map: runs {@code itemProcessor} for every item of an array (ItemsPath / JSONata Items, default the input).
 * {@code Iterator} (the older name) parses into {@code itemProcessor} too; {@code Parameters} into {@code itemSelector}.
 * {@code processorDefinition} is the processor as a definition of its own (without ProcessorConfig, with the query
 * language it inherits), which a distributed Map's child executions run.
 */
public record MapState(String name, Optional<String> comment, QueryLanguage queryLanguage, Io io,
                       Optional<ValueSource> items, Optional<Template> itemSelector, StateMachine itemProcessor,
                       JsonNode processorDefinition,
                       ProcessorMode mode, ExecutionType executionType, Optional<ItemBatcher> itemBatcher,
                       Optional<JsonNode> itemReader, Optional<JsonNode> resultWriter,
                       Optional<ValueSource> maxConcurrency, Optional<ValueSource> toleratedFailurePercentage,
                       Optional<ValueSource> toleratedFailureCount, Optional<String> label,
                       List<Retrier> retry, List<Catcher> catchers, Optional<Template> assign,
                       Transition transition) implements State {

    public enum ProcessorMode { INLINE, DISTRIBUTED }
    public enum ExecutionType { STANDARD, EXPRESS }

    /** ItemBatcher: MaxItemsPerBatch(Path), MaxInputBytesPerBatch(Path), BatchInput. */
    public record ItemBatcher(Optional<ValueSource> maxItemsPerBatch, Optional<ValueSource> maxInputBytesPerBatch,
                              Optional<Template> batchInput) {}
}
