package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What a distributed Map asks its driver to run (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html):
 * its items, or the ItemReader that reads them, become child executions of the ItemProcessor, at most
 * {@code maxConcurrency} at a time, failures tolerated up to the thresholds, results in item order (or written by the
 * ResultWriter). Every field a JSONPath or JSONata expression decides is already evaluated here.
 *
 * @param runId               the run's id (the last part of its ARN), drawn from the execution's own randomness
 * @param mapRunArn           {@code arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:RUN_ID}
 * @param label               the Map state's Label, else its name
 * @param processorDefinition the ItemProcessor as a state machine definition of its own (the children run it)
 * @param items               the items when there is no ItemReader (ItemsPath / Items already applied)
 * @param itemReader          the ItemReader with its Parameters (Arguments) and ReaderConfig evaluated; MaxItemsPath
 *                            is given as {@code ReaderConfig.MaxItems}
 * @param inputs              ItemSelector, then ItemBatcher, over the items read: the children's inputs, in order
 * @param batched             with an ItemBatcher: each input is {@code {"Items": [...], "BatchInput": ...}}
 * @param maxConcurrency      0: as many as the driver allows
 * @param toleratedFailureCount      -1 when not set
 * @param toleratedFailurePercentage -1 when not set
 * @param resultWriter        the ResultWriter with its Parameters (Arguments) evaluated
 */
public record MapRunRequest(String runId, String mapRunArn, String stateName, String label,
                            MapState.ExecutionType executionType, String processorDefinition,
                            Optional<List<JsonNode>> items, Optional<JsonNode> itemReader, Inputs inputs,
                            boolean batched,
                            long maxConcurrency, long toleratedFailureCount, double toleratedFailurePercentage,
                            Optional<JsonNode> resultWriter) {

    /** Turns the items read into the children's inputs; safe to call from any thread, once the request is made. */
    @FunctionalInterface
    public interface Inputs {
        List<JsonNode> of(List<JsonNode> items) throws StatesError;
    }
}
