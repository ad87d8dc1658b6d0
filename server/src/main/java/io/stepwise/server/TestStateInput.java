package io.stepwise.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.StepFunctionsError;
import io.stepwise.engine.TestState;
import java.util.List;
import java.util.Optional;

/**
 * TestStateInput (Step Functions API model) read from a request body into the engine's {@link TestState.Request}, with
 * the model's types and constraints, the nested {@code mock} and {@code stateConfiguration} members included
 * ({@code mock.fieldValidationMode}, {@code stateConfiguration.retrierRetryCount} in the messages).
 */
final class TestStateInput {
    private static final int ARN = 256;
    private static final int NAME = 80;
    private static final int DEFINITION = 1_048_576;
    private static final int DATA = 262_144;

    private TestStateInput() {}

    static TestState.Request read(SfnRequest r) {
        String definition = r.requiredSensitive("definition", DEFINITION);
        if (definition.isEmpty()) throw tooShort("definition");
        Optional<String> stateName = r.sensitive("stateName", NAME);
        if (stateName.filter(String::isEmpty).isPresent()) throw tooShort("stateName");
        TestState.Level level = r.oneOf("inspectionLevel", List.of("INFO", "DEBUG", "TRACE"))
                .map(TestState.Level::valueOf).orElse(TestState.Level.INFO);
        Optional<String> role = r.text("roleArn", ARN);
        if (role.filter(String::isEmpty).isPresent()) throw SfnRequest.invalid("", "roleArn",
                "Member must have length greater than or equal to 1");
        return new TestState.Request(definition, role, r.sensitive("input", DATA), level,
                r.bool("revealSecrets", false), r.sensitive("variables", DATA), stateName, mock(r),
                r.sensitive("context", DATA), configuration(r));
    }

    private static Optional<TestState.Mock> mock(SfnRequest r) {
        Optional<ObjectNode> m = object(r.json(), "mock");
        if (m.isEmpty()) return Optional.empty();
        Optional<TestState.MockError> error = object(m.get(), "mock.errorOutput").map(e -> new TestState.MockError(
                text(e, "mock.errorOutput.error", 256), text(e, "mock.errorOutput.cause", 32_768)));
        Optional<String> mode = text(m.get(), "mock.fieldValidationMode", Integer.MAX_VALUE);
        List<String> modes = List.of("STRICT", "PRESENT", "NONE");
        if (mode.isPresent() && !modes.contains(mode.get())) {
            throw SfnRequest.invalid(mode.get(), "mock.fieldValidationMode", "Member must satisfy enum value set: "
                    + modes);
        }
        return Optional.of(new TestState.Mock(text(m.get(), "mock.result", DATA), error,
                mode.map(TestState.FieldValidation::valueOf).orElse(TestState.FieldValidation.STRICT)));
    }

    private static TestState.Configuration configuration(SfnRequest r) {
        Optional<ObjectNode> c = object(r.json(), "stateConfiguration");
        if (c.isEmpty()) return TestState.Configuration.none();
        Optional<String> causedBy = text(c.get(), "stateConfiguration.errorCausedByState", NAME);
        if (causedBy.filter(String::isEmpty).isPresent()) throw tooShort("stateConfiguration.errorCausedByState");
        return new TestState.Configuration(count(c.get(), "stateConfiguration.retrierRetryCount"), causedBy,
                count(c.get(), "stateConfiguration.mapIterationFailureCount"),
                text(c.get(), "stateConfiguration.mapItemReaderData", DATA));
    }

    private static String field(String path) { return path.substring(path.lastIndexOf('.') + 1); }

    private static Optional<ObjectNode> object(ObjectNode parent, String path) {
        JsonNode n = parent.get(field(path));
        if (n == null || n.isNull()) return Optional.empty();
        if (!(n instanceof ObjectNode o)) {
            throw SfnRequest.serialization("Expected an object for '" + path + "', not " + n.getNodeType());
        }
        return Optional.of(o);
    }

    /** A string member; its value is not echoed (TestState's members are sensitive). */
    private static Optional<String> text(ObjectNode parent, String path, int max) {
        JsonNode n = parent.get(field(path));
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isTextual()) throw SfnRequest.serialization("Expected a string for '" + path + "', not " + n.getNodeType());
        if (n.asText().length() > max) {
            throw StepFunctionsError.validation("1 validation error detected: Value at '" + path + "' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + max);
        }
        return Optional.of(n.asText());
    }

    private static Optional<Integer> count(ObjectNode parent, String path) {
        JsonNode n = parent.get(field(path));
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw SfnRequest.serialization("Expected an integer for '" + path + "', not " + n);
        }
        if (n.intValue() < 0) {
            throw SfnRequest.invalid(Integer.toString(n.intValue()), path,
                    "Member must have value greater than or equal to 0");
        }
        return Optional.of(n.intValue());
    }

    private static StepFunctionsError tooShort(String path) {
        return StepFunctionsError.validation("1 validation error detected: Value at '" + path + "' failed to "
                + "satisfy constraint: Member must have length greater than or equal to 1");
    }
}
