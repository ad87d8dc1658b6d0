package io.stepwise.engine;

import static io.stepwise.engine.StateMachinesTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.Command;
import io.stepwise.asl.Event;
import io.stepwise.asl.StateTester.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * TestState's refusals and its real integrations. Refusal wordings come from LocalStack's AWS-recorded snapshots in
 * tests/aws/services/stepfunctions/v2/test_state/ (named per test); the ones without a recording are ours and are
 * listed in docs/test-state.md.
 */
class TestStateTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/test";
    static final String PASS = "{'Type': 'Pass', 'End': true}";
    static final String INVOKE = "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true}";
    static final String MAP = "{'Type': 'Map', 'ItemsPath': '$.Values', 'ItemProcessor': {'StartAt': 'P', 'States': "
            + "{'P': {'Type': 'Pass', 'End': true}}}, 'End': true}";
    static final String PARALLEL = "{'Type': 'Parallel', 'Branches': [{'StartAt': 'A', 'States': {'A': {'Type': "
            + "'Pass', 'End': true}}}, {'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'End': true}}}], "
            + "'ResultPath': '$.branches', 'End': true}";
    static final String START = "{'Type': 'Task', 'QueryLanguage': 'JSONata', 'Resource': "
            + "'arn:aws:states:::states:startExecution', 'Arguments': {'StateMachineArn': '{% $states.input.arn %}'}, "
            + "'Output': {'targetExecutionResult': '{% $states.result %}'}, 'End': true}";

    final FakeLambda lambda = new FakeLambda(c -> {
        if (c.payload().path("fail").asBoolean()) throw new FakeLambda.Fails("ValueError", "no good");
        return Json.MAPPER.createObjectNode().put("n", c.payload().path("n").asInt() * 2);
    });
    final List<Command.InvokeTask> children = new ArrayList<>();
    final StateTests tests = new StateTests(Arns.local(), new ManualScheduler(Harness.START), lambda, t -> {
        children.add(t);
        return new Event.TaskSucceeded(t.taskId(), Json.read("{\"ExecutionArn\": \"arn:child\", \"StartDate\": 1}"));
    }, new SplittableRandom(1));

    static TestState.Request request(String definition, String input) {
        return TestState.Request.of(Harness.q(definition), Harness.q(input));
    }

    static TestState.Request with(TestState.Request r, TestState.Mock mock) {
        return new TestState.Request(r.definition(), r.roleArn(), r.input(), r.level(), r.revealSecrets(),
                r.variables(), r.stateName(), Optional.of(mock), r.context(), r.configuration());
    }

    static TestState.Request role(TestState.Request r) {
        return new TestState.Request(r.definition(), Optional.of(ROLE), r.input(), r.level(), r.revealSecrets(),
                r.variables(), r.stateName(), r.mock(), r.context(), r.configuration());
    }

    static TestState.Request debug(TestState.Request r) {
        return new TestState.Request(r.definition(), r.roleArn(), r.input(), TestState.Level.DEBUG, r.revealSecrets(),
                r.variables(), r.stateName(), r.mock(), r.context(), r.configuration());
    }

    static TestState.Request context(TestState.Request r, String context) {
        return new TestState.Request(r.definition(), r.roleArn(), r.input(), r.level(), r.revealSecrets(),
                r.variables(), r.stateName(), r.mock(), Optional.of(Harness.q(context)), r.configuration());
    }

    static TestState.Mock result(String json) {
        return new TestState.Mock(Optional.of(Harness.q(json)), Optional.empty(), TestState.FieldValidation.STRICT);
    }

    static TestState.Mock result(String json, TestState.FieldValidation mode) {
        return new TestState.Mock(Optional.of(Harness.q(json)), Optional.empty(), mode);
    }

    static TestState.Mock error(String error, String cause) {
        return new TestState.Mock(Optional.empty(), Optional.of(new TestState.MockError(Optional.of(error),
                Optional.of(cause))), TestState.FieldValidation.STRICT);
    }

    // ---- the definition and the state

    @Test
    void an_invalid_state_definition_is_refused_with_findings_located_in_the_state() {
        refused(() -> tests.run(request(INVOKE.replace("'End': true", "'Retry': [{'ErrorEquals': ['E'], "
                + "'BackoffRate': 0.5}], 'End': true"), "{}")), "InvalidDefinition", "Invalid State Machine "
                + "Definition: 'SCHEMA_VALIDATION_FAILED: Minimum value is 1.0 at /Retry[0]/BackoffRate'");
        String source = "[Source: (String)\"{\"Type\": \"Pass\", \"End\": true\"; line: 1, column: ";
        refused(() -> tests.run(request("{'Type': 'Pass', 'End': true", "{}")), "InvalidDefinition",
                "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: Unexpected end-of-input: expected "
                        + "close marker for Object (start marker at " + source + "1])\n at " + source + "29] at "
                        + source + "29]'");
    }

    @Test
    void a_transition_out_of_the_tested_state_is_its_next_state_not_an_error() {
        var r = tests.run(request("{'Type': 'Pass', 'Next': 'Elsewhere'}", "{'a': 1}"));
        assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(r.nextState()).contains("Elsewhere");
        assertThat(r.inspection()).as("INFO shows no inspection").isEmpty();
        assertThat(tests.run(debug(request("{'Type': 'Pass', 'Next': 'Elsewhere'}", "{}"))).inspection()).isPresent();
    }

    @Test
    void an_unknown_state_name_is_refused_as_aws_refuses_it() {
        // test_test_state_machine_scenarios.snapshot.json: test_base_state_name_validation_failures[dne]
        var machine = new TestState.Request(Harness.q("{'StartAt': 'P', 'States': {'P': " + PASS + "}}"),
                Optional.empty(), Optional.empty(), TestState.Level.INFO, false, Optional.empty(), Optional.of("dne"),
                Optional.empty(), Optional.empty(), TestState.Configuration.none());
        refused(() -> tests.run(machine), "ValidationException", "State not found in definition");
    }

    @Test
    void bad_input_and_variables_are_refused() {
        refused(() -> tests.run(request(PASS, "{'a': ")), "InvalidExecutionInput", "Invalid State Machine Execution "
                + "Input: 'Unexpected end-of-input within/between Object entries'");
        var vars = new TestState.Request(Harness.q(PASS), Optional.empty(), Optional.empty(), TestState.Level.INFO,
                false, Optional.of("[1]"), Optional.empty(), Optional.empty(), Optional.empty(),
                TestState.Configuration.none());
        refused(() -> tests.run(vars), "ValidationException",
                "Invalid variables: they must be a JSON object of variable values");
    }

    // ---- mocks

    @Test
    void a_mock_is_refused_on_states_that_call_nothing() {
        // test_state_mock_validation.snapshot.json: test_state_type_does_not_accept_mock[mock_result-PassState] ...
        refused(() -> tests.run(with(request(PASS, "{}"), result("{}"))), "ValidationException",
                "State type 'Pass' is not supported when a mock is specified");
        refused(() -> tests.run(with(request("{'Type': 'Fail', 'Error': 'E'}", "{}"), error("E", "C"))),
                "ValidationException", "State type 'Fail' is not supported when a mock is specified");
        refused(() -> tests.run(with(request("{'Type': 'Succeed'}", "{}"), result("{}"))), "ValidationException",
                "State type 'Succeed' is not supported when a mock is specified");
    }

    @Test
    void map_and_parallel_states_are_refused_without_a_mock() {
        // test_state_mock_validation.snapshot.json: test_state_type_requires_mock[MapState], [ParallelState]
        String message = "TestState API does not support Map or Parallel states. Supported state types include: "
                + "[Task, Wait, Pass, Succeed, Fail, Choice]";
        refused(() -> tests.run(request(MAP, "{'Values': [1]}")), "InvalidDefinition", message);
        refused(() -> tests.run(request(PARALLEL, "{}")), "InvalidDefinition", message);
    }

    @Test
    void a_bad_mock_is_refused_with_awss_words() {
        // test_state_mock_validation.snapshot.json and test_test_state_mock_scenarios.snapshot.json
        TestState.Mock both = new TestState.Mock(Optional.of("{}"), Optional.of(new TestState.MockError(
                Optional.of("E"), Optional.empty())), TestState.FieldValidation.STRICT);
        refused(() -> tests.run(with(request(INVOKE, "{}"), both)), "ValidationException",
                "A test mock should have only one of the following fields: [result, errorOutput].");
        var secrets = with(request(INVOKE, "{}"), result("{}"));
        refused(() -> tests.run(new TestState.Request(secrets.definition(), Optional.empty(), secrets.input(),
                        TestState.Level.INFO, true, Optional.empty(), Optional.empty(), secrets.mock(), Optional.empty(),
                        TestState.Configuration.none())), "ValidationException",
                "TestState does not support RevealSecrets when a mock is specified.");
        refused(() -> tests.run(with(request(INVOKE, "{}"), result("not JSON string", TestState.FieldValidation.NONE))),
                "ValidationException", "Mocked result must be valid JSON");
        refused(() -> tests.run(with(request(MAP, "{'Values': [1]}"), result("{}"))), "ValidationException",
                "Mocked result must be an array.");
        String writer = "{'Type': 'Map', 'ItemsPath': '$.Values', 'ItemProcessor': {'ProcessorConfig': {'Mode': "
                + "'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, 'StartAt': 'P', 'States': {'P': {'Type': 'Pass', "
                + "'End': true}}}, 'ResultWriter': {'Resource': 'arn:aws:states:::s3:putObject', 'Parameters': "
                + "{'Bucket': 'b', 'Prefix': 'p'}}, 'End': true}";
        refused(() -> tests.run(with(request(writer, "{'Values': [1]}"), result("[1]"))), "ValidationException",
                "Mocked result must be a JSON object.");
        refused(() -> tests.run(with(request(PARALLEL, "{}"), result("{}"))), "ValidationException",
                "Mocked result must be an array.");
        refused(() -> tests.run(with(request(PARALLEL, "{}"), result("[1, 2, 3]"))), "ValidationException",
                "Mocked result must contain the same number of items as number of Parallel branches.");
    }

    @Test
    void a_mocked_result_is_checked_against_the_api_shape_as_its_field_validation_mode_says() {
        // test_field_validation_mode*.snapshot.json: test_strict_mode_lambda_task, test_strict_mode_sfn_task,
        // test_present_mode_sfn_task_validation_pass, test_none_mode_sfn_task
        refused(() -> tests.run(with(request(INVOKE, "{}"), result("{'StatusCode': '200'}"))), "ValidationException",
                "Mock result schema validation error: Field 'StatusCode' must be a number");
        refused(() -> tests.run(with(request(INVOKE, "{}"), result("{'StatusCode': '200'}",
                TestState.FieldValidation.PRESENT))), "ValidationException",
                "Mock result schema validation error: Field 'StatusCode' must be a number");
        refused(() -> tests.run(with(request(START, "{'arn': 'x'}"), result("{'executionArn': 'a', 'startDate': 's'}"))),
                "ValidationException", "Mock result schema validation error: Required field 'ExecutionArn' is missing");
        refused(() -> tests.run(with(request(START, "{'arn': 'x'}"), result("{'ExecutionArn': 'a', 'StartDate': 1}"))),
                "ValidationException", "Mock result schema validation error: Field 'StartDate' must be a string");
        var present = tests.run(with(request(START, "{'arn': 'x'}"), result("{}", TestState.FieldValidation.PRESENT)));
        assertThat(present.output()).contains(Json.read("{\"targetExecutionResult\": {}}"));
        var none = tests.run(with(request(START, "{'arn': 'x'}"), result("{'ExecutionArn': 'a', 'StartDate': true}",
                TestState.FieldValidation.NONE)));
        assertThat(none.status()).isEqualTo(Status.SUCCEEDED);
        var unknownFields = tests.run(with(request(INVOKE, "{}"), result("{'random': 'json'}")));
        assertThat(unknownFields.output()).contains(Json.read("{\"random\": \"json\"}"));
    }

    @Test
    void a_mocked_parallel_state_takes_the_mock_as_the_array_of_its_branch_outputs() {
        // not recorded by AWS (only its refusals are): the mock goes through ResultSelector/ResultPath as a result
        var r = tests.run(debug(with(request(PARALLEL, "{'a': 1}"), result("[{'x': 1}, {'y': 2}]"))));
        assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(r.output()).contains(Json.read("{\"a\": 1, \"branches\": [{\"x\": 1}, {\"y\": 2}]}"));
        assertThat(r.inspection().orElseThrow().afterInputPath()).contains(Json.read("{\"a\": 1}"));
        var failed = tests.run(with(request(PARALLEL, "{}"), error("Branch.Failed", "one branch failed")));
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.error()).contains("Branch.Failed");
    }

    // ---- the context object

    @Test
    void a_context_object_is_refused_without_a_mock_or_with_fields_aws_does_not_allow() {
        // test_state_context_object.snapshot.json: test_state_context_object_validation_failures[*] and
        // test_state_context_object_invalid_states[TOKEN_TASK_NOT_SYNC]
        var mocked = with(request(INVOKE, "{}"), result("{}"));
        refused(() -> tests.run(context(mocked, "{'Execution': {'Id': 1}}")), "ValidationException",
                "Invalid Context object provided: Execution.Id must be a string");
        refused(() -> tests.run(context(mocked, "{'Map': {}}")), "ValidationException",
                "Invalid Context object provided: 'Map' field is not supported when mocking a Context object");
        refused(() -> tests.run(context(mocked, "{'Execution': {'pokemon': 'squirtle'}}")), "ValidationException",
                "Invalid Context object provided: Field 'pokemon' is not allowed");
        refused(() -> tests.run(context(mocked, "{'Pokedex': {}}")), "ValidationException",
                "Invalid Context object provided: Field 'Pokedex' is not allowed");
        refused(() -> tests.run(context(mocked, "{'Task': {'Token': 'abcd123'}}")), "ValidationException",
                "Invalid Context object provided: Context object contains 'Task' when state is not a Task state with a "
                        + "'.sync' or '.waitForTaskToken' service integration pattern");
        refused(() -> tests.run(context(request(PASS, "{}"), "{}")), "ValidationException",
                "A Context object can only be provided when a mock is specified");
    }

    // ---- tasks that really run

    @Test
    void a_task_without_a_mock_needs_a_role() {
        // test_test_state_scenarios.snapshot.json: test_base_lambda_service_task_state_no_role_arn_validation
        refused(() -> tests.run(request(INVOKE, "{'FunctionName': 'f'}")), "ValidationException",
                "RoleArn must be specified when testing a Task state");
        var bad = request(INVOKE, "{}");
        refused(() -> tests.run(new TestState.Request(bad.definition(), Optional.of("not-an-arn"), bad.input(),
                bad.level(), false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                TestState.Configuration.none())), "InvalidArn", "Invalid Arn: 'Invalid ARN prefix: not-an-arn'");
    }

    @Test
    void callback_sync_and_activity_tasks_run_only_mocked() {
        String callback = INVOKE.replace("lambda:invoke", "lambda:invoke.waitForTaskToken");
        refused(() -> tests.run(role(request(callback, "{}"))), "ValidationException", "TestState supports the .sync "
                + "and .waitForTaskToken service integration patterns only when a mock is specified");
        String activity = "{'Type': 'Task', 'Resource': 'arn:aws:states:us-east-1:123456789012:activity:a', 'End': true}";
        refused(() -> tests.run(role(request(activity, "{}"))), "ValidationException",
                "TestState supports Activity tasks only when a mock is specified");
        assertThat(tests.run(with(request(callback, "{}"), result("{'done': true}"))).output())
                .contains(Json.read("{\"done\": true}"));
    }

    @Test
    void a_lambda_invoke_task_calls_the_function_and_answers_invokes_response() {
        var r = tests.run(debug(role(request(INVOKE, "{'FunctionName': 'double', 'Payload': {'n': 21}}"))));
        assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
        JsonNode out = r.output().orElseThrow();
        assertThat(out.get("Payload")).isEqualTo(Json.read("{\"n\": 42}"));
        assertThat(out.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(out.get("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(out.path("SdkHttpMetadata").path("HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(r.inspection().orElseThrow().result()).contains(out);
        assertThat(lambda.calls()).extracting(FakeLambda.Called::functionName).containsExactly("double");
    }

    @Test
    void a_failing_function_fails_the_task_with_its_error_type_or_goes_to_the_catcher() {
        var failed = tests.run(role(request(INVOKE, "{'FunctionName': 'f', 'Payload': {'fail': true}}")));
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.error()).contains("ValueError");
        assertThat(Json.read(failed.cause().orElseThrow()).path("errorMessage").asText()).isEqualTo("no good");
        String caught = INVOKE.replace("'End': true", "'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Oops'}], "
                + "'End': true");
        var r = tests.run(role(request(caught, "{'FunctionName': 'f', 'Payload': {'fail': true}}")));
        assertThat(r.status()).isEqualTo(Status.CAUGHT_ERROR);
        assertThat(r.nextState()).contains("Oops");
        assertThat(r.output().orElseThrow().path("Error").asText()).isEqualTo("ValueError");
        String retried = INVOKE.replace("'End': true", "'Retry': [{'ErrorEquals': ['ValueError'], "
                + "'IntervalSeconds': 3}], 'End': true");
        var retriable = tests.run(debug(role(request(retried, "{'FunctionName': 'f', 'Payload': {'fail': true}}"))));
        assertThat(retriable.status()).isEqualTo(Status.RETRIABLE);
        assertThat(retriable.inspection().orElseThrow().errorDetails().orElseThrow().retryBackoffIntervalSeconds())
                .hasValue(3);
    }

    @Test
    void a_start_execution_task_starts_the_child_and_other_services_fail_as_in_executions() {
        var r = tests.run(role(request(START, "{'arn': 'arn:aws:states:us-east-1:123456789012:stateMachine:c'}")));
        assertThat(r.output()).contains(Json.read("{\"targetExecutionResult\": {\"ExecutionArn\": \"arn:child\", "
                + "\"StartDate\": 1}}"));
        assertThat(children).extracting(c -> c.input().path("StateMachineArn").asText())
                .containsExactly("arn:aws:states:us-east-1:123456789012:stateMachine:c");
        String sqs = "{'Type': 'Task', 'Resource': 'arn:aws:states:::sqs:sendMessage', 'End': true}";
        var none = tests.run(role(request(sqs, "{}")));
        assertThat(none.status()).isEqualTo(Status.FAILED);
        assertThat(none.error()).contains("States.Runtime");
        assertThat(none.cause().orElseThrow()).startsWith("Stepwise has no integration for the resource "
                + "'arn:aws:states:::sqs:sendMessage'");
    }
}
