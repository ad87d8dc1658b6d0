package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.Inspection;
import io.stepwise.asl.StateTester;
import java.util.Optional;

/**
 * The TestState operation's shapes (TestStateInput / TestStateOutput in the Step Functions API model), as
 * {@link Engine#testState} takes and answers them. See docs/test-state.md.
 */
public final class TestState {
    private TestState() {}

    /** INFO answers the outcome; DEBUG and TRACE add the inspection (TRACE's HTTP details do not exist here). */
    public enum Level { INFO, DEBUG, TRACE }

    /** How a mocked task result is checked against its API's output shape (default STRICT). */
    public enum FieldValidation { STRICT, PRESENT, NONE }

    public record MockError(Optional<String> error, Optional<String> cause) {}

    /** {@code result} is JSON text; exactly one of {@code result} and {@code errorOutput} may be given. */
    public record Mock(Optional<String> result, Optional<MockError> errorOutput, FieldValidation fieldValidationMode) {}

    /** {@code stateConfiguration}; {@code mapItemReaderData} is JSON text. */
    public record Configuration(Optional<Integer> retrierRetryCount, Optional<String> errorCausedByState,
                                Optional<Integer> mapIterationFailureCount, Optional<String> mapItemReaderData) {
        public static Configuration none() {
            return new Configuration(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * The request: {@code definition} is one state, or with {@code stateName} a whole machine holding that state
     * (in a branch or item processor too); {@code input}, {@code variables} and {@code context} are JSON text.
     */
    public record Request(String definition, Optional<String> roleArn, Optional<String> input, Level level,
                          boolean revealSecrets, Optional<String> variables, Optional<String> stateName,
                          Optional<Mock> mock, Optional<String> context, Configuration configuration) {

        /** A request with only a definition and an input, at INFO. */
        public static Request of(String definition, String input) {
            return new Request(definition, Optional.empty(), Optional.of(input), Level.INFO, false, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Configuration.none());
        }
    }

    /** The answer; {@code inspection} is there at DEBUG and TRACE. */
    public record Response(StateTester.Status status, Optional<JsonNode> output, Optional<String> error,
                           Optional<String> cause, Optional<String> nextState, Optional<Inspection> inspection) {

        /**
         * TestStateOutput on the wire: {@code output} and the data-flow members of {@code inspectionData} are JSON
         * text; absent members are left out.
         */
        public ObjectNode json() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            output.ifPresent(v -> o.put("output", Json.text(v)));
            error.ifPresent(v -> o.put("error", v));
            cause.ifPresent(v -> o.put("cause", v));
            inspection.ifPresent(i -> o.set("inspectionData", inspectionData(i)));
            nextState.ifPresent(v -> o.put("nextState", v));
            o.put("status", status.name());
            return o;
        }

        private static ObjectNode inspectionData(Inspection i) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            i.input().ifPresent(v -> o.put("input", Json.text(v)));
            i.afterArguments().ifPresent(v -> o.put("afterArguments", Json.text(v)));
            i.afterInputPath().ifPresent(v -> o.put("afterInputPath", Json.text(v)));
            i.afterParameters().ifPresent(v -> o.put("afterParameters", Json.text(v)));
            i.result().ifPresent(v -> o.put("result", Json.text(v)));
            i.afterResultSelector().ifPresent(v -> o.put("afterResultSelector", Json.text(v)));
            i.afterResultPath().ifPresent(v -> o.put("afterResultPath", Json.text(v)));
            i.variables().ifPresent(v -> o.put("variables", Json.text(v)));
            i.errorDetails().ifPresent(d -> {
                ObjectNode e = o.putObject("errorDetails");
                d.catchIndex().ifPresent(n -> e.put("catchIndex", n));
                d.retryIndex().ifPresent(n -> e.put("retryIndex", n));
                d.retryBackoffIntervalSeconds().ifPresent(n -> e.put("retryBackoffIntervalSeconds", n));
            });
            i.afterItemsPath().ifPresent(v -> o.put("afterItemsPath", Json.text(v)));
            i.afterItemSelector().ifPresent(v -> o.put("afterItemSelector", Json.text(v)));
            i.afterItemBatcher().ifPresent(v -> o.put("afterItemBatcher", Json.text(v)));
            i.toleratedFailureCount().ifPresent(n -> o.put("toleratedFailureCount", n));
            i.toleratedFailurePercentage().ifPresent(n -> o.put("toleratedFailurePercentage", (float) n));
            i.maxConcurrency().ifPresent(n -> o.put("maxConcurrency", n));
            return o;
        }
    }
}
