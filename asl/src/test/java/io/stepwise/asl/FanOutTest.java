package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static io.stepwise.asl.Runs.failed;
import static io.stepwise.asl.Runs.history;
import static io.stepwise.asl.Runs.output;
import static io.stepwise.asl.Runs.run;
import static io.stepwise.asl.Runs.types;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FanOutTest {

    @Test
    void parallel_outputs_one_element_per_branch_in_branch_order() {
        var r = run("""
                {'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true, 'Branches': [
                  {'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 5, 'Next': 'A'},
                                               'A': {'Type': 'Pass', 'Result': 'slow', 'End': true}}},
                  {'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'Result': 'fast', 'End': true}}}]}}}""", "{}");
        assertThat(output(r)).isEqualTo(json("['slow', 'fast']"));
        assertThat(types(r)).startsWith("ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted")
                .endsWith("ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded");
    }

    @Test
    void a_failing_branch_fails_the_parallel_state_with_the_branch_error_and_catch_sees_it() {
        var r = run("""
                {'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'Next': 'Ok',
                  'Catch': [{'ErrorEquals': ['Oops'], 'Next': 'Caught'}], 'Branches': [
                  {'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 5, 'End': true}}},
                  {'StartAt': 'F', 'States': {'F': {'Type': 'Fail', 'Error': 'Oops', 'Cause': 'why'}}}]},
                  'Ok': {'Type': 'Succeed'}, 'Caught': {'Type': 'Pass', 'End': true}}}""", "{'in': 1}");
        assertThat(output(r)).isEqualTo(json("{'Error': 'Oops', 'Cause': 'why'}"));
        assertThat(types(r)).contains("ParallelStateFailed").doesNotContain("WaitStateExited");
    }

    @Test
    void inline_map_records_iterations_and_keeps_item_order() {
        var r = run("""
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'ItemsPath': '$.items', 'MaxConcurrency': 2,
                  'ItemSelector': {'v.$': '$$.Map.Item.Value', 'i.$': '$$.Map.Item.Index', 'k.$': '$.k'},
                  'ItemProcessor': {'StartAt': 'D', 'States': {'D': {'Type': 'Pass', 'End': true}}},
                  'ResultPath': '$.out', 'End': true}}}""", "{'items': ['a', 'b', 'c'], 'k': 0}");
        assertThat(output(r).get("out")).isEqualTo(json(
                "[{'v': 'a', 'i': 0, 'k': 0}, {'v': 'b', 'i': 1, 'k': 0}, {'v': 'c', 'i': 2, 'k': 0}]"));
        assertThat(types(r)).containsSubsequence("MapStateEntered", "MapStateStarted", "MapIterationStarted",
                "PassStateEntered", "PassStateExited", "MapIterationSucceeded", "MapStateSucceeded", "MapStateExited");
        var started = history(r).get(2).details().get("mapStateStartedEventDetails");
        assertThat(started.get("length").intValue()).isEqualTo(3);
        var iteration = history(r).get(3).details().get("mapIterationStartedEventDetails");
        assertThat(iteration).isEqualTo(json("{'name': 'M', 'index': 0}"));
    }

    @Test
    void an_empty_map_outputs_an_empty_array() {
        var r = run("""
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map',
                  'Iterator': {'StartAt': 'D', 'States': {'D': {'Type': 'Pass', 'End': true}}}, 'End': true}}}""", "[]");
        assertThat(output(r)).isEqualTo(json("[]"));
    }

    @Test
    void a_distributed_map_tolerates_failures_up_to_the_count_then_exceeds_the_threshold() {
        String def = """
                {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'ToleratedFailureCount': 1,
                  'ItemProcessor': {'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'},
                    'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [
                       {'Variable': '$', 'NumericGreaterThan': 0, 'Next': 'Bad'}], 'Default': 'Good'},
                      'Bad': {'Type': 'Fail', 'Error': 'Neg'}, 'Good': {'Type': 'Succeed'}}}, 'End': true}}}""";
        assertThat(output(run(def, "[0, 1, 0]")).size()).isEqualTo(3);
        assertThat(failed(run(def, "[1, 1, 0]")).error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void inner_scopes_read_outer_variables_and_keep_their_own() {
        var r = run("""
                {'StartAt': 'A', 'States': {
                  'A': {'Type': 'Pass', 'Assign': {'outer': 10}, 'Next': 'M'},
                  'M': {'Type': 'Map', 'ItemProcessor': {'StartAt': 'In', 'States': {
                      'In': {'Type': 'Pass', 'Assign': {'inner.$': '$'}, 'Next': 'Out'},
                      'Out': {'Type': 'Pass', 'Parameters': {'sum.$': 'States.MathAdd($outer, $inner)'}, 'End': true}}},
                    'End': true}}}""", "[1, 2]");
        assertThat(output(r)).isEqualTo(json("[{'sum': 11}, {'sum': 12}]"));
    }

    @Test
    void jsonata_states_use_arguments_output_and_states_variables() {
        var r = run("""
                {'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {
                  'A': {'Type': 'Pass', 'Assign': {'n': '{% $states.input.n * 2 %}'}, 'Output': {'x': 1}, 'Next': 'C'},
                  'C': {'Type': 'Choice', 'Choices': [{'Condition': '{% $n > 5 %}', 'Next': 'Big',
                        'Output': '{% {\\"n\\": $n} %}'}], 'Default': 'Small'},
                  'Big': {'Type': 'Succeed'}, 'Small': {'Type': 'Fail', 'Error': 'Small'}}}""", "{'n': 3}");
        assertThat(output(r)).isEqualTo(json("{'n': 6}"));
    }

    @Test
    void a_failed_jsonata_evaluation_records_evaluation_failed() {
        var r = run("""
                {'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {
                  'A': {'Type': 'Pass', 'Output': '{% $undefinedThing %}', 'End': true}}}""", "{}");
        assertThat(failed(r).error()).isEqualTo("States.QueryEvaluationError");
        assertThat(types(r)).containsExactly("ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed");
        var details = history(r).get(2).details().get("evaluationFailedEventDetails");
        assertThat(details.get("state").textValue()).isEqualTo("A");
        assertThat(details.get("location").textValue()).isEqualTo("Output");
    }
}
