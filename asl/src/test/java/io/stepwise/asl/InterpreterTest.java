package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static io.stepwise.asl.Runs.failed;
import static io.stepwise.asl.Runs.history;
import static io.stepwise.asl.Runs.output;
import static io.stepwise.asl.Runs.run;
import static io.stepwise.asl.Runs.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class InterpreterTest {

    @Test
    void a_pass_chain_applies_input_path_parameters_result_path_and_output_path() {
        var r = run("""
                {'StartAt': 'A', 'States': {
                  'A': {'Type': 'Pass', 'InputPath': '$.in', 'Parameters': {'x.$': '$.v', 'k': 1},
                        'ResultPath': '$.in.r', 'OutputPath': '$.in', 'Next': 'B'},
                  'B': {'Type': 'Pass', 'Result': {'done': true}, 'ResultPath': '$.res', 'End': true}}}""",
                "{'in': {'v': 7}}");
        assertThat(output(r)).isEqualTo(json("{'v': 7, 'r': {'x': 7, 'k': 1}, 'res': {'done': true}}"));
        assertThat(types(r)).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
    }

    @Test
    void history_ids_count_from_one_and_the_first_state_follows_event_zero() {
        var h = history(run("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}", "{}"));
        assertThat(h).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(h).extracting(HistoryEvent::previousEventId).containsExactly(0L, 0L, 2L, 3L);
        assertThat(h.get(1).details().get("stateEnteredEventDetails").get("input").textValue()).isEqualTo("{}");
        assertThat(h.getFirst().timestamp()).isEqualTo(Runs.START);
    }

    @Test
    void the_context_object_names_the_execution_state_and_machine() {
        var r = run("""
                {'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Parameters': {'c.$': '$$'}, 'End': true}}}""",
                "{'a': 1}");
        JsonNode c = output(r).get("c");
        assertThat(c.at("/Execution/Id").textValue())
                .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:Machine:exec-1");
        assertThat(c.at("/Execution/Input")).isEqualTo(json("{'a': 1}"));
        assertThat(c.at("/Execution/StartTime").textValue()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(c.at("/State/Name").textValue()).isEqualTo("A");
        assertThat(c.at("/State/RetryCount").intValue()).isZero();
        assertThat(c.at("/StateMachine/Name").textValue()).isEqualTo("Machine");
    }

    @Test
    void choice_follows_the_first_matching_rule_else_default_else_fails() {
        String def = """
                {'StartAt': 'C', 'States': {
                  'C': {'Type': 'Choice', 'Choices': [
                     {'Variable': '$.n', 'NumericGreaterThan': 10, 'Next': 'Big'},
                     {'And': [{'Variable': '$.s', 'StringMatches': 'a*c'}, {'Not': {'Variable': '$.n', 'IsNull': true}}],
                      'Next': 'Match'}],
                   'Default': 'Other'},
                  'Big': {'Type': 'Pass', 'Result': 'big', 'End': true},
                  'Match': {'Type': 'Pass', 'Result': 'match', 'End': true},
                  'Other': {'Type': 'Pass', 'Result': 'other', 'End': true}}}""";
        assertThat(output(run(def, "{'n': 11, 's': 'x'}")).textValue()).isEqualTo("big");
        assertThat(output(run(def, "{'n': 1, 's': 'abbc'}")).textValue()).isEqualTo("match");
        assertThat(output(run(def, "{'n': 1, 's': 'abd'}")).textValue()).isEqualTo("other");
        var noDefault = run("""
                {'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [
                  {'Variable': '$.n', 'NumericEquals': 1, 'Next': 'E'}]}, 'E': {'Type': 'Succeed'}}}""", "{'n': 2}");
        assertThat(failed(noDefault).error()).isEqualTo("States.NoChoiceMatched");
    }

    @Test
    void a_missing_choice_variable_is_a_runtime_error_with_the_aws_cause_prefix() {
        var f = failed(run("""
                {'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [
                  {'Variable': '$.nope', 'NumericEquals': 1, 'Next': 'E'}], 'Default': 'E'}, 'E': {'Type': 'Succeed'}}}""",
                "{}"));
        assertThat(f.error()).isEqualTo("States.Runtime");
        assertThat(f.cause()).startsWith("An error occurred while executing the state 'C' (entered at the event id #2).");
    }

    @Test
    void wait_advances_the_virtual_clock() {
        var r = run("""
                {'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 90, 'Next': 'P'},
                  'P': {'Type': 'Pass', 'Parameters': {'t.$': '$$.State.EnteredTime'}, 'End': true}}}""", "{}");
        assertThat(output(r).get("t").textValue()).isEqualTo("2026-01-02T03:05:35.678Z");
        assertThat(types(r)).containsExactly("ExecutionStarted", "WaitStateEntered", "WaitStateExited",
                "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
    }

    @Test
    void a_wait_scale_spends_that_share_of_each_wait_and_retry_interval_in_real_time_and_zero_spends_none() {
        String definition = Runs.q("""
                {'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 90, 'Next': 'T'},
                  'T': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:f',
                        'Retry': [{'ErrorEquals': ['States.ALL'], 'IntervalSeconds': 4, 'MaxAttempts': 1}],
                        'Next': 'P'},
                  'P': {'Type': 'Pass', 'Parameters': {'t.$': '$$.State.EnteredTime'}, 'End': true}}}""");
        String mocks = Runs.q("""
                {'StateMachines': {'LocalStateMachine': {'TestCases': {'Flaky': {'T': 'FailThenOk'}}}},
                 'MockedResponses': {'FailThenOk': {'0': {'Throw': {'Error': 'E', 'Cause': 'c'}}, '1': {'Return': 1}}}}""");
        java.util.List<java.time.Duration> slept = new java.util.ArrayList<>();

        var tenth = LocalExecution.run(definition, "{}", Runs.OPTIONS.withMockConfig(mocks, "Flaky").withWaitScale(0.1)
                .withSleeper(slept::add));
        var none = LocalExecution.run(definition, "{}", Runs.OPTIONS.withMockConfig(mocks, "Flaky")
                .withSleeper(d -> { throw new AssertionError("slept " + d); }));

        assertThat(slept).containsExactly(java.time.Duration.ofSeconds(9), java.time.Duration.ofMillis(400));
        assertThat(output(tenth)).as("the virtual clock still moves by the full times").isEqualTo(output(none));
        assertThat(output(none).get("t").textValue()).isEqualTo("2026-01-02T03:05:39.678Z");
    }

    @Test
    void a_negative_seconds_path_fails_with_states_runtime_which_catch_all_cannot_catch() {
        var f = failed(run("""
                {'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'SecondsPath': '$.s', 'End': true}}}""",
                "{'s': -1}"));
        assertThat(f.error()).isEqualTo("States.Runtime");
    }

    @Test
    void fail_states_report_error_and_cause_from_paths() {
        var f = failed(LocalExecution.run("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.e",
                  "CausePath": "States.Format('bad {}', $.n)"}}}""", "{\"e\": \"Custom\", \"n\": 3}", Runs.OPTIONS));
        assertThat(f.error()).isEqualTo("Custom");
        assertThat(f.cause()).isEqualTo("bad 3");
        assertThat(types(run("{'StartAt': 'F', 'States': {'F': {'Type': 'Fail', 'Error': 'E'}}}", "{}")))
                .containsExactly("ExecutionStarted", "FailStateEntered", "ExecutionFailed");
    }

    @Test
    void variables_are_assigned_after_every_right_hand_side_is_evaluated() {
        var r = run("""
                {'StartAt': 'A', 'States': {
                  'A': {'Type': 'Pass', 'Assign': {'x': 1, 'y': 2}, 'Next': 'B'},
                  'B': {'Type': 'Pass', 'Assign': {'x.$': '$y', 'y.$': '$x'}, 'Next': 'C'},
                  'C': {'Type': 'Pass', 'Parameters': {'x.$': '$x', 'y.$': '$y'}, 'End': true}}}""", "{}");
        assertThat(output(r)).isEqualTo(json("{'x': 2, 'y': 1}"));
        var exited = history(r).get(2).details().get("stateExitedEventDetails");
        assertThat(exited.get("assignedVariables")).isEqualTo(json("{'x': '1', 'y': '2'}"));
    }
}
