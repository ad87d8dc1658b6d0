package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.TaskResource;
import java.util.List;
import java.util.Optional;

/**
 * TestState's {@code mock.fieldValidationMode}: a mocked Task result is checked against the output shape of the API
 * its resource calls. STRICT wants the required fields and well-typed present ones, PRESENT only the latter, NONE
 * nothing; fields the shape does not know pass. The shapes are those of Stepwise's own integrations, from the API
 * models: Lambda Invoke (InvocationResponse; lambda-2015-03-31) for {@code lambda:invoke}, StartExecution
 * (StartExecutionOutput; stepfunctions-2016-11-23, with Step Functions' capitalised names) for
 * {@code states:startExecution}. Other resources (and {@code .sync} / {@code .waitForTaskToken} results) are not
 * checked. The wordings are AWS's, recorded in LocalStack's test_state/test_field_validation_mode*.snapshot.json.
 */
final class MockSchemas {
    private MockSchemas() {}

    private enum Type { STRING, NUMBER }

    /** A top-level member: its JSON type (timestamps and blobs are strings in a state's result) and limits. */
    private record Field(String name, Type type, boolean required, int minLength) {}

    private static final List<Field> INVOKE = List.of(new Field("StatusCode", Type.NUMBER, false, 0),
            new Field("FunctionError", Type.STRING, false, 0), new Field("LogResult", Type.STRING, false, 0),
            new Field("Payload", Type.STRING, false, 0), new Field("ExecutedVersion", Type.STRING, false, 1));
    private static final List<Field> START_EXECUTION = List.of(new Field("ExecutionArn", Type.STRING, true, 1),
            new Field("StartDate", Type.STRING, true, 0));

    /** The problem with {@code result} for the resource, worded as AWS words it; empty when it passes. */
    static Optional<String> problem(TaskResource r, JsonNode result, TestState.FieldValidation mode) {
        Optional<List<Field>> shape = shape(r);
        if (mode == TestState.FieldValidation.NONE || shape.isEmpty() || !result.isObject()) return Optional.empty();
        for (Field f : shape.get()) {
            JsonNode v = result.get(f.name());
            if (v == null) {
                if (f.required() && mode == TestState.FieldValidation.STRICT) {
                    return problem("Required field '" + f.name() + "' is missing");
                }
                continue;
            }
            boolean typed = switch (f.type()) {
                case STRING -> v.isTextual();
                case NUMBER -> v.isNumber();
            };
            if (!typed) return problem("Field '" + f.name() + "' must be a " + f.type().name().toLowerCase());
            if (v.isTextual() && v.textValue().length() < f.minLength()) {
                return problem("Field '" + f.name() + "' is smaller than the minimum length");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(String what) {
        return Optional.of("Mock result schema validation error: " + what);
    }

    private static Optional<List<Field>> shape(TaskResource r) {
        if (r.kind() != TaskResource.Kind.SERVICE_INTEGRATION
                || r.pattern() != TaskResource.Pattern.REQUEST_RESPONSE) {
            return Optional.empty();
        }
        if (r.service().equals("lambda") && r.action().equals("invoke")) return Optional.of(INVOKE);
        if (r.service().equals("states") && r.action().equals("startExecution")) return Optional.of(START_EXECUTION);
        return Optional.empty();
    }
}
