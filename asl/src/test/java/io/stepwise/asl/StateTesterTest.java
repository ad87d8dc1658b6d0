package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.StateTester.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The interpreter's side of TestState. The answers AWS recorded are checked end to end by the engine's
 * TestStateGoldenTest; here are the rules that hold them up: how one state's definition parses, the context object
 * TestState makes, what happens to Wait, Retry and Catch, and what a Task hands to the driver.
 */
class StateTesterTest {
    static final ExecutionInfo INFO = new ExecutionInfo("arn:aws:states:us-east-1:123456789012:express:T:e1", "e1",
            "arn:aws:states:us-east-1:123456789012:stateMachine:T", "T", null, 0);

    final List<Command.InvokeTask> calls = new ArrayList<>();

    StateTester.Result test(String definition, String input, Optional<StateTester.Mock> mock) {
        return test(definition, input, mock, StateTester.Configuration.none(), Map.of());
    }

    StateTester.Result test(String definition, String input, Optional<StateTester.Mock> mock,
                            StateTester.Configuration configuration, Map<String, JsonNode> variables) {
        StateMachine m = ((ParseResult.Valid) Parser.parseState(definition.replace('\'', '"'))).machine();
        return StateTester.test(new StateTester.Request(m, m.startAt(), json(input), variables, Optional.empty(), mock,
                configuration, INFO, Json.NOW, 42), t -> {
                    calls.add(t);
                    return new Event.TaskSucceeded(t.taskId(), json("{'answered': true}"));
                });
    }

    static Optional<StateTester.Mock> returns(String result) {
        return Optional.of(new StateTester.Mock.Returns(json(result)));
    }

    static Optional<StateTester.Mock> fails(String error) {
        return Optional.of(new StateTester.Mock.Throws(error, "it broke"));
    }

    @Test
    void one_states_definition_parses_with_its_transitions_as_stand_ins_and_findings_located_in_it() {
        var valid = Parser.parseState("{\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.a\", \"IsPresent\": "
                + "true, \"Next\": \"StateName\"}], \"Default\": \"Other\"}");
        StateMachine m = ((ParseResult.Valid) valid).machine();
        assertThat(m.startAt()).as("the tested state yields its name to a target").isEqualTo("StateName_");
        assertThat(m.states()).containsKeys("StateName", "Other");
        var invalid = (ParseResult.Invalid) Parser.parseState("{\"Type\": \"Pass\", \"Next\": \"\", \"ResultPath\": 7}");
        assertThat(invalid.findings()).extracting(f -> f.location().orElseThrow()).contains("/ResultPath", "/Next");
        assertThat(Parser.parseState("[]")).isInstanceOf(ParseResult.Invalid.class);
    }

    @Test
    void the_context_object_is_made_as_aws_shows_it_in_teststate() {
        var r = test("{'Type': 'Pass', 'Parameters': {'c.$': '$$'}, 'End': true}", "{'a': 1}", Optional.empty());
        JsonNode c = r.output().orElseThrow().get("c");
        assertThat(c.path("State").path("Name").asText()).isEqualTo("StateName");
        assertThat(c.path("State").has("RetryCount")).as("only the states that retry have RetryCount").isFalse();
        assertThat(c.path("Execution").path("RoleArn").isNull()).isTrue();
        assertThat(c.path("Execution").path("Id").asText()).isEqualTo(INFO.executionArn());
        assertThat(c.path("Execution").path("Input")).isEqualTo(json("{'a': 1}"));
        assertThat(c.path("Execution").path("StartTime").asText()).isEqualTo("2026-11-24T12:34:56.789Z");
        var task = test("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke.waitForTaskToken', "
                + "'Parameters': {'c.$': '$$'}, 'End': true}", "{}", returns("{}"));
        assertThat(task.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(task.inspection().afterParameters().orElseThrow().path("c").path("State").path("RetryCount")
                .asInt()).isZero();
        String token = task.inspection().afterParameters().orElseThrow().path("c").path("Task").path("Token").asText();
        assertThat(token).as("$$.Task.Token is the callback's token").isNotBlank();
    }

    @Test
    void a_given_context_object_replaces_dollar_dollar_whole() {
        StateMachine m = ((ParseResult.Valid) Parser.parseState("{\"Type\": \"Task\", \"Resource\": "
                + "\"arn:aws:states:::lambda:invoke\", \"Parameters\": {\"c.$\": \"$$\"}, \"End\": true}")).machine();
        ObjectNode given = (ObjectNode) json("{'Execution': {'Name': 'mine'}}");
        var r = StateTester.test(new StateTester.Request(m, m.startAt(), json("{}"), Map.of(), Optional.of(given),
                returns("{}"), StateTester.Configuration.none(), INFO, Json.NOW, 1), t -> null);
        assertThat(r.inspection().afterParameters().orElseThrow().get("c")).isEqualTo(given);
    }

    @Test
    void a_wait_state_answers_at_once_whatever_it_would_wait() {
        var r = test("{'Type': 'Wait', 'Seconds': 86400, 'Next': 'After'}", "{'a': 1}", Optional.empty());
        assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(r.nextState()).contains("After");
        var bad = test("{'Type': 'Wait', 'SecondsPath': '$.s', 'End': true}", "{'s': -1}", Optional.empty());
        assertThat(bad.status()).isEqualTo(Status.FAILED);
        assertThat(bad.error()).contains("States.Runtime");
        assertThat(bad.cause()).contains("The SecondsPath parameter references a negative value: $.s == -1");
    }

    @Test
    void a_task_hands_its_effective_input_to_the_driver_when_it_is_not_mocked() {
        var r = test("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Parameters': {'FunctionName': "
                + "'f', 'Payload.$': '$.p'}, 'ResultPath': '$.r', 'End': true}", "{'p': 7}", Optional.empty());
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.input()).isEqualTo(json("{'FunctionName': 'f', 'Payload': 7}"));
            assertThat(c.resource().arn()).isEqualTo("arn:aws:states:::lambda:invoke");
        });
        assertThat(r.output()).contains(json("{'p': 7, 'r': {'answered': true}}"));
        assertThat(r.inspection().result()).contains(json("{'answered': true}"));
        assertThat(test("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true}", "{}",
                returns("{'mocked': 1}")).output()).contains(json("{'mocked': 1}"));
        assertThat(calls).as("a mocked task calls nothing").hasSize(1);
    }

    @Test
    void a_retrier_that_is_used_up_lets_catch_decide_and_both_are_reported() {
        String task = "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Retry': [{'ErrorEquals': "
                + "['Other']}, {'ErrorEquals': ['Boom'], 'MaxAttempts': 2, 'IntervalSeconds': 3, 'BackoffRate': 1.5}], "
                + "'Catch': [{'ErrorEquals': ['Boom'], 'ResultPath': '$.error', 'Next': 'Handle'}], 'End': true}";
        var retriable = test(task, "{'a': 1}", fails("Boom"), new StateTester.Configuration(1, OptionalInt.empty(),
                Optional.empty()), Map.of());
        assertThat(retriable.status()).isEqualTo(Status.RETRIABLE);
        assertThat(retriable.output()).isEmpty();
        assertThat(retriable.inspection().errorDetails()).contains(new Inspection.ErrorDetails(OptionalInt.empty(),
                OptionalInt.of(1), OptionalLong.of(5)));   // 3 s x 1.5^1 = 4.5 s, rounded up
        var caught = test(task, "{'a': 1}", fails("Boom"), new StateTester.Configuration(2, OptionalInt.empty(),
                Optional.empty()), Map.of());
        assertThat(caught.status()).isEqualTo(Status.CAUGHT_ERROR);
        assertThat(caught.nextState()).contains("Handle");
        assertThat(caught.output()).contains(json("{'a': 1, 'error': {'Error': 'Boom', 'Cause': 'it broke'}}"));
        assertThat(caught.inspection().errorDetails()).contains(new Inspection.ErrorDetails(OptionalInt.of(0),
                OptionalInt.of(1), OptionalLong.empty()));
    }

    @Test
    void states_runtime_is_neither_retried_nor_caught() {
        var r = test("{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'InputPath': '$.missing', "
                + "'Retry': [{'ErrorEquals': ['States.ALL']}], 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': "
                + "'H'}], 'End': true}", "{}", returns("{}"));
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.error()).contains("States.Runtime");
        assertThat(r.inspection().errorDetails()).isEmpty();
    }

    @Test
    void the_variables_after_the_state_are_the_given_ones_and_its_assignments() {
        var r = test("{'Type': 'Pass', 'QueryLanguage': 'JSONata', 'Assign': {'b': '{% $a + 1 %}'}, 'Output': "
                + "'{% $a %}', 'End': true}", "{}", Optional.empty(), StateTester.Configuration.none(),
                Map.of("a", json("41")));
        assertThat(r.output()).contains(json("41"));
        assertThat(r.inspection().variables()).contains(json("{'a': 41, 'b': 42}"));
        assertThat(r.inspection().afterInputPath()).as("JSONata states show no JSONPath steps").isEmpty();
    }

    @Test
    void a_mocked_map_shows_its_items_selected_and_batched() {
        var r = test("{'Type': 'Map', 'ItemsPath': '$.items', 'ItemSelector': {'v.$': '$$.Map.Item.Value', "
                + "'i.$': '$$.Map.Item.Index'}, 'ItemBatcher': {'MaxItemsPerBatch': 2}, 'ItemProcessor': {"
                + "'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, 'StartAt': 'P', "
                + "'States': {'P': {'Type': 'Pass', 'End': true}}}, 'ResultPath': '$.out', 'End': true}",
                "{'items': ['a', 'b', 'c']}", returns("['x']"));
        assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(r.output()).contains(json("{'items': ['a', 'b', 'c'], 'out': ['x']}"));
        Inspection i = r.inspection();
        assertThat(i.afterItemsPath()).contains(json("['a', 'b', 'c']"));
        assertThat(i.afterItemBatcher()).contains(json("[{'Items': ['a', 'b']}, {'Items': ['c']}]"));
        assertThat(i.afterItemSelector()).contains(json("[{'v': {'Items': ['a', 'b']}, 'i': 0}, "
                + "{'v': {'Items': ['c']}, 'i': 1}]"));
        assertThat(i.maxConcurrency()).hasValue(0);
        assertThat(i.toleratedFailureCount()).isEmpty();
    }
}
