package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static io.stepwise.asl.Runs.failed;
import static io.stepwise.asl.Runs.output;
import static io.stepwise.asl.Runs.run;
import static io.stepwise.asl.Runs.types;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SemanticsTest {
    static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";

    static String mocks(String state, String responses) {
        return "{'StateMachines': {'Machine': {'TestCases': {'T': {'" + state + "': 'R'}}}}, 'MockedResponses': {'R': "
                + responses + "}}";
    }

    @Test
    void jsonata_catch_output_and_assign_see_the_error_output() {
        var r = run("""
                {'QueryLanguage': 'JSONata', 'StartAt': 'Call', 'States': {
                  'Call': {'Type': 'Task', 'Resource': '%s', 'End': true, 'Catch': [{'ErrorEquals': ['States.ALL'],
                    'Output': {'why': '{%% $states.errorOutput.Cause %%}', 'in': '{%% $states.input.x %%}'},
                    'Assign': {'err': '{%% $states.errorOutput.Error %%}'}, 'Next': 'After'}]},
                  'After': {'Type': 'Pass', 'Output': {'why': '{%% $states.input.why %%}', 'err': '{%% $err %%}'},
                    'End': true}}}""".formatted(LAMBDA), "{'x': 5}", mocks("Call", "{'0': {'Throw': {'Error': 'E', 'Cause': 'c'}}}"), "T");
        assertThat(output(r)).isEqualTo(json("{'why': 'c', 'err': 'E'}"));
    }

    @Test
    void a_result_path_that_cannot_be_applied_is_a_catchable_result_path_match_failure() {
        var r = run("""
                {'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': '%s', 'ResultPath': '$.r',
                  'Catch': [{'ErrorEquals': ['States.ResultPathMatchFailure'], 'ResultPath': null, 'Next': 'X'}],
                  'End': true}, 'X': {'Type': 'Pass', 'Result': 'caught', 'End': true}}}""".formatted(LAMBDA),
                "'a string input'", mocks("Call", "{'0': {'Return': 1}}"), "T");
        assertThat(output(r).textValue()).isEqualTo("caught");
    }

    @Test
    void data_limit_exceeded_is_caught_when_named() {
        var r = run("""
                {'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': '%s', 'End': true,
                  'Catch': [{'ErrorEquals': ['States.DataLimitExceeded'], 'Next': 'X'}]}, 'X': {'Type': 'Succeed'}}}"""
                .formatted(LAMBDA), "{}", mocks("Call", "{'0': {'Return': '" + "y".repeat(270_000) + "'}}"), "T");
        assertThat(output(r).get("Error").textValue()).isEqualTo("States.DataLimitExceeded");
    }

    @Test
    void a_parallel_retry_runs_every_branch_again() {
        var r = run("""
                {'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true,
                  'Retry': [{'ErrorEquals': ['E'], 'MaxAttempts': 1}], 'Branches': [
                  {'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': '%s', 'End': true}}}]}}}"""
                .formatted(LAMBDA), "{}", mocks("Call", "{'0': {'Throw': {'Error': 'E', 'Cause': ''}}, '1': {'Return': 2}}"), "T");
        assertThat(output(r)).isEqualTo(json("[2]"));
        assertThat(types(r).stream().filter("ParallelStateStarted"::equals).count()).isEqualTo(2);
    }

    @Test
    void item_batcher_groups_items_with_the_batch_input() {
        var r = run("""
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'End': true,
                  'ItemBatcher': {'MaxItemsPerBatch': 2, 'BatchInput': {'job': 'j'}},
                  'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'EXPRESS'},
                    'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}}}}""", "[1, 2, 3]");
        assertThat(output(r)).isEqualTo(json(
                "[{'BatchInput': {'job': 'j'}, 'Items': [1, 2]}, {'BatchInput': {'job': 'j'}, 'Items': [3]}]"));
    }

    @Test
    void tolerated_failure_percentage_is_relative_to_all_items() {
        String def = """
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'ToleratedFailurePercentagePath': '$.pct',
                  'ItemsPath': '$.items', 'End': true,
                  'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'},
                    'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [
                       {'Variable': '$', 'BooleanEquals': true, 'Next': 'Bad'}], 'Default': 'Good'},
                      'Bad': {'Type': 'Fail', 'Error': 'Bad'}, 'Good': {'Type': 'Succeed'}}}}}}""";
        assertThat(output(run(def, "{'pct': 50, 'items': [true, false, false, false]}")).get(0))
                .isEqualTo(json("{'Error': 'Bad', 'Cause': null}"));
        assertThat(failed(run(def, "{'pct': 25, 'items': [true, true, false, false]}")).error())
                .isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(failed(run(def, "{'pct': 'x', 'items': []}")).error()).isEqualTo("States.Runtime");
    }

    @Test
    void variables_assigned_inside_an_iteration_do_not_leak_out() {
        var r = run("""
                {'StartAt': 'M', 'States': {
                  'M': {'Type': 'Map', 'ItemProcessor': {'StartAt': 'In', 'States': {
                     'In': {'Type': 'Pass', 'Assign': {'inner': 1}, 'End': true}}}, 'Next': 'After'},
                  'After': {'Type': 'Pass', 'Parameters': {'seen.$': '$inner'}, 'End': true}}}""", "[1]");
        assertThat(failed(r).error()).isEqualTo("States.Runtime");
    }

    @Test
    void timestamp_comparisons_compare_instants_across_offsets() {
        var r = run("""
                {'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [
                  {'Variable': '$.a', 'TimestampEqualsPath': '$.b', 'Next': 'Same'}], 'Default': 'Different'},
                  'Same': {'Type': 'Pass', 'Result': 'same', 'End': true},
                  'Different': {'Type': 'Pass', 'Result': 'different', 'End': true}}}""",
                "{'a': '2026-01-01T10:00:00Z', 'b': '2026-01-01T12:00:00+02:00'}");
        assertThat(output(r).textValue()).isEqualTo("same");
    }

    @Test
    void string_matches_treats_escaped_stars_literally() {
        assertThat(Conditions.matches("log-*.txt", "log-\\*.txt")).isTrue();
        assertThat(Conditions.matches("log-1.txt", "log-\\*.txt")).isFalse();
        assertThat(Conditions.matches("log-1.txt", "log-*.txt")).isTrue();
        assertThat(Conditions.matches("a\\b", "a\\\\b")).isTrue();
    }
}
