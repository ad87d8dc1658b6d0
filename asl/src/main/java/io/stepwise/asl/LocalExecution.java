package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

// CONTRACT STUB: the interpreter work replaces the body (and may add options), keeping these signatures.
/**
 * Runs one execution in-process, as {@code stepwise run} does: Task states are answered from a Step Functions Local
 * mock config ({@code MockConfigFile} JSON) and test case; Waits do not sleep (a virtual clock advances).
 */
public final class LocalExecution {
    private LocalExecution() {}

    public static Result run(String definitionJson, String inputJson, Optional<String> mockConfigJson,
                             Optional<String> testCase) {
        throw new UnsupportedOperationException();
    }

    public sealed interface Result permits Succeeded, Failed, Invalid {}
    public record Succeeded(JsonNode output, List<HistoryEvent> history) implements Result {}
    public record Failed(String error, String cause, List<HistoryEvent> history) implements Result {}
    /** The definition or the input was rejected before running: findings as the parser reports them. */
    public record Invalid(List<Finding> findings) implements Result {}
}
