package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static io.stepwise.asl.Runs.failed;
import static io.stepwise.asl.Runs.history;
import static io.stepwise.asl.Runs.output;
import static io.stepwise.asl.Runs.run;
import static io.stepwise.asl.Runs.types;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskAndRecoveryTest {
    static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";

    static String mocks(String responses) {
        return "{'StateMachines': {'Machine': {'TestCases': {'T': {'Call': 'R'}}}}, 'MockedResponses': {'R': "
                + responses + "}}";
    }

    @Test
    void a_lambda_invoke_integration_records_task_events_with_resource_type_and_resource() {
        var r = run("""
                {'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
                  'Parameters': {'FunctionName': 'f', 'Payload.$': '$'}, 'ResultSelector': {'p.$': '$.Payload'},
                  'End': true}}}""", "{'a': 1}", mocks("{'0': {'Return': {'StatusCode': 200, 'Payload': 'hi'}}}"), "T");
        assertThat(output(r)).isEqualTo(json("{'p': 'hi'}"));
        assertThat(types(r)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
        var scheduled = history(r).get(2).details().get("taskScheduledEventDetails");
        assertThat(scheduled.get("resourceType").textValue()).isEqualTo("lambda");
        assertThat(scheduled.get("resource").textValue()).isEqualTo("invoke");
        assertThat(json(scheduled.get("parameters").textValue())).isEqualTo(json("{'FunctionName': 'f', 'Payload': {'a': 1}}"));
    }

    @Test
    void a_plain_function_arn_records_lambda_function_events() {
        var r = run("{'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': '" + LAMBDA + "', 'End': true}}}",
                "{}", mocks("{'0': {'Return': {'ok': true}}}"), "T");
        assertThat(output(r)).isEqualTo(json("{'ok': true}"));
        assertThat(types(r)).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    @Test
    void retries_with_exponential_backoff_until_max_attempts_then_catches() {
        var r = run("""
                {'StartAt': 'Call', 'States': {
                  'Call': {'Type': 'Task', 'Resource': '%s',
                    'Retry': [{'ErrorEquals': ['Boom'], 'IntervalSeconds': 2, 'MaxAttempts': 2, 'BackoffRate': 3}],
                    'Catch': [{'ErrorEquals': ['States.ALL'], 'ResultPath': '$.err', 'Next': 'Done'}], 'End': true},
                  'Done': {'Type': 'Pass', 'Parameters': {'err.$': '$.err', 't.$': '$$.State.EnteredTime'}, 'End': true}}}"""
                .formatted(LAMBDA), "{}", mocks("{'0-2': {'Throw': {'Error': 'Boom', 'Cause': 'bad'}}}"), "T");
        // two retries after 2 s and 6 s
        assertThat(output(r).get("t").textValue()).isEqualTo(DataFlow.TIME.format(Runs.START.plus(Duration.ofSeconds(8))));
        assertThat(output(r).get("err")).isEqualTo(json("{'Error': 'Boom', 'Cause': 'bad'}"));
        assertThat(types(r).stream().filter(t -> t.equals("LambdaFunctionFailed")).count()).isEqualTo(3);
    }

    @Test
    void mocked_responses_cycle_after_the_configured_invocations() {
        var r = run("""
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'End': true, 'ItemProcessor': {'StartAt': 'Call',
                  'States': {'Call': {'Type': 'Task', 'Resource': '%s', 'End': true}}}}}}""".formatted(LAMBDA),
                "[1, 2, 3, 4, 5]", mocks("{'0': {'Return': 'a'}, '1-2': {'Return': 'b'}}"), "T");
        assertThat(output(r)).isEqualTo(json("['a', 'b', 'b', 'a', 'b']"));
    }

    @Test
    void max_attempts_zero_never_retries() {
        var f = failed(run("""
                {'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': '%s',
                    'Retry': [{'ErrorEquals': ['States.ALL'], 'MaxAttempts': 0}], 'End': true}}}""".formatted(LAMBDA),
                "{}", mocks("{'0': {'Throw': {'Error': 'E', 'Cause': 'c'}}, '1': {'Return': 1}}"), "T"));
        assertThat(f.error()).isEqualTo("E");
        assertThat(f.cause()).isEqualTo("c");
    }

    @Test
    void a_task_without_a_mock_fails_the_execution_naming_the_state() {
        var f = failed(run("""
                {'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': '%s',
                  'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'X'}], 'End': true}, 'X': {'Type': 'Succeed'}}}"""
                .formatted(LAMBDA), "{}"));
        assertThat(f.error()).isEqualTo("States.Runtime");
        assertThat(f.cause()).contains("'Call'");
    }

    @Test
    void a_task_result_over_the_payload_limit_fails_with_data_limit_exceeded_not_caught_by_states_all() {
        String big = "x".repeat(300_000);
        var f = failed(run("""
                {'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': '%s',
                  'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'X'}], 'End': true}, 'X': {'Type': 'Succeed'}}}"""
                .formatted(LAMBDA), "{}", mocks("{'0': {'Return': '" + big + "'}}"), "T"));
        assertThat(f.error()).isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void jitter_full_uses_the_injected_random_so_runs_repeat() {
        String def = """
                {'StartAt': 'Call', 'States': {
                  'Call': {'Type': 'Task', 'Resource': '%s', 'Retry': [{'ErrorEquals': ['States.ALL'],
                    'IntervalSeconds': 10, 'MaxAttempts': 1, 'JitterStrategy': 'FULL'}], 'Next': 'P'},
                  'P': {'Type': 'Pass', 'Parameters': {'t.$': '$$.State.EnteredTime'}, 'End': true}}}""".formatted(LAMBDA);
        String m = mocks("{'0': {'Throw': {'Error': 'E', 'Cause': ''}}, '1': {'Return': 1}}");
        var first = output(run(def, "{}", m, "T"));
        assertThat(output(run(def, "{}", m, "T"))).isEqualTo(first);
        assertThat(first.get("t").textValue()).isNotEqualTo(DataFlow.TIME.format(Runs.START.plusSeconds(10)));
    }

    @Test
    void an_endless_loop_stops_at_the_history_limit() {
        var r = LocalExecution.run(Runs.q("""
                {'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Choice',
                  'Choices': [{'Variable': '$.stop', 'IsPresent': true, 'Next': 'E'}], 'Default': 'A'},
                  'E': {'Type': 'Succeed'}}}"""),
                "{}", Runs.OPTIONS, Interpreter.Config.defaults().withMaxHistoryEvents(1000));
        var f = failed(r);
        assertThat(f.error()).isEqualTo("States.Runtime");
        assertThat(f.cause()).contains("limit of 1,000 events");
        assertThat(f.history()).hasSize(1000);
    }

    @Test
    void the_execution_timeout_ends_a_long_wait() {
        var r = run("""
                {'TimeoutSeconds': 5, 'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 60, 'End': true}}}""",
                "{}");
        assertThat(failed(r).error()).isEqualTo("States.Timeout");
        assertThat(types(r)).containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut");
    }
}
