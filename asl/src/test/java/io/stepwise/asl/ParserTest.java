package io.stepwise.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {

    static StateMachine valid(String json) {
        ParseResult r = Parser.parse(json);
        assertThat(r).as("%s", r).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) r).machine();
    }

    static List<Finding> findings(String json) {
        ParseResult r = Parser.parse(json);
        assertThat(r).isInstanceOf(ParseResult.Invalid.class);
        return ((ParseResult.Invalid) r).findings();
    }

    @Test
    void resolves_absent_paths_to_dollar_and_null_paths_to_empty() {
        StateMachine m = valid("""
                {"StartAt":"A","States":{
                  "A":{"Type":"Pass","Next":"B"},
                  "B":{"Type":"Pass","InputPath":null,"ResultPath":null,"OutputPath":null,"End":true}}}""");
        var a = (Io.JsonPath) ((PassState) m.state("A")).io();
        assertThat(a.inputPath()).isPresent();
        assertThat(a.resultPath()).isPresent();
        assertThat(a.outputPath()).isPresent();
        assertThat(a.parameters()).isEmpty();
        var b = (Io.JsonPath) ((PassState) m.state("B")).io();
        assertThat(b.inputPath()).isEmpty();
        assertThat(b.resultPath()).isEmpty();
        assertThat(b.outputPath()).isEmpty();
        assertThat(m.startAt()).isEqualTo("A");
        assertThat(m.states().keySet()).containsExactly("A", "B");
        assertThat(((PassState) m.state("A")).transition()).isEqualTo(new Transition.Next("B"));
        assertThat(((PassState) m.state("B")).transition()).isEqualTo(new Transition.End());
    }

    @Test
    void retrier_defaults_are_one_second_three_attempts_rate_two_no_jitter() {
        StateMachine m = valid("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "Retry":[{"ErrorEquals":["States.ALL"]}],"End":true}}}""");
        Retrier r = ((TaskState) m.state("T")).retry().getFirst();
        assertThat(r).isEqualTo(new Retrier(List.of("States.ALL"), 1, 3, 2.0, java.util.OptionalInt.empty(),
                Retrier.JitterStrategy.NONE));
    }

    @Test
    void classifies_task_resources() {
        assertThat(TaskResources.classify("arn:aws:lambda:us-east-1:123456789012:function:F:PROD").orElseThrow().kind())
                .isEqualTo(TaskResource.Kind.LAMBDA_FUNCTION);
        assertThat(TaskResources.classify("arn:aws:states:us-east-1:123456789012:activity:A").orElseThrow().kind())
                .isEqualTo(TaskResource.Kind.ACTIVITY);
        TaskResource sync2 = TaskResources.classify("arn:aws:states:::states:startExecution.sync:2").orElseThrow();
        assertThat(sync2).isEqualTo(new TaskResource("arn:aws:states:::states:startExecution.sync:2",
                TaskResource.Kind.SERVICE_INTEGRATION, "states", "startExecution", TaskResource.Pattern.RUN_JOB_V2));
        assertThat(TaskResources.classify("arn:aws:states:::batch:submitJob.sync").orElseThrow().pattern())
                .isEqualTo(TaskResource.Pattern.RUN_JOB);
        assertThat(TaskResources.classify("arn:aws:states:::sqs:sendMessage.waitForTaskToken").orElseThrow().pattern())
                .isEqualTo(TaskResource.Pattern.WAIT_FOR_TASK_TOKEN);
        TaskResource sdk = TaskResources.classify("arn:aws:states:::aws-sdk:s3:getObject").orElseThrow();
        assertThat(sdk.service()).isEqualTo("aws-sdk:s3");
        assertThat(sdk.action()).isEqualTo("getObject");
        assertThat(sdk.pattern()).isEqualTo(TaskResource.Pattern.REQUEST_RESPONSE);
        assertThat(TaskResources.classify("arn:aws:s3:::bucket")).isEmpty();
        assertThat(TaskResources.classify("MyFunction")).isEmpty();
    }

    @Test
    void legacy_iterator_and_parameters_become_item_processor_and_item_selector() {
        StateMachine m = valid("""
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","Parameters":{"v.$":"$$.Map.Item.Value"},
                  "Iterator":{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},"End":true}}}""");
        MapState map = (MapState) m.state("M");
        assertThat(map.itemProcessor().startAt()).isEqualTo("X");
        assertThat(map.itemSelector()).isPresent();
        assertThat(map.items()).isPresent();
        assertThat(((Io.JsonPath) map.io()).parameters()).isEmpty();
        assertThat(map.mode()).isEqualTo(MapState.ProcessorMode.INLINE);
        assertThat(map.executionType()).isEqualTo(MapState.ExecutionType.STANDARD);
    }

    @Test
    void resolves_the_effective_query_language_per_state_and_inherits_it_into_branches() {
        StateMachine m = valid("""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
                  "Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","Output":"{% 1 %}","End":true}}}]}}}""");
        assertThat(m.queryLanguage()).isEqualTo(QueryLanguage.JSONATA);
        StateMachine branch = ((ParallelState) m.state("P")).branches().getFirst();
        assertThat(branch.state("X").queryLanguage()).isEqualTo(QueryLanguage.JSONATA);
        assertThat(((PassState) branch.state("X")).io()).isInstanceOf(Io.Jsonata.class);

        StateMachine mixed = valid("""
                {"StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONata","End":true}}}""");
        assertThat(mixed.queryLanguage()).isEqualTo(QueryLanguage.JSONPATH);
        assertThat(mixed.state("A").queryLanguage()).isEqualTo(QueryLanguage.JSONATA);
    }

    /** Recorded on AWS (floci-io/floci#2968): a Map's or Parallel's own QueryLanguage does not reach inside. */
    @Test
    void states_inside_a_branch_inherit_the_definitions_query_language_not_the_enclosing_states() {
        StateMachine m = valid("""
                {"StartAt":"M","States":{"M":{"Type":"Map","QueryLanguage":"JSONata","Items":"{% [1] %}","End":true,
                  "ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","InputPath":"$.a","End":true}}}}}}""");
        MapState map = (MapState) m.state("M");
        assertThat(map.queryLanguage()).isEqualTo(QueryLanguage.JSONATA);
        assertThat(map.itemProcessor().state("X").queryLanguage()).isEqualTo(QueryLanguage.JSONPATH);
        assertThat(findings("""
                {"StartAt":"M","States":{"M":{"Type":"Map","QueryLanguage":"JSONata","End":true,
                  "ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","Output":{},"End":true}}}}}}"""))
                .containsExactly(new Finding("SCHEMA_VALIDATION_FAILED", "/States/M/ItemProcessor/States/X",
                        "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage"));
    }

    @Test
    void wait_and_fail_values_keep_their_source() {
        StateMachine m = valid("""
                {"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","Next":"F"},
                  "F":{"Type":"Fail","Error":"Boom","CausePath":"$.cause"}}}""");
        var w = (WaitState) m.state("W");
        assertThat(w.waitFor()).isInstanceOfSatisfying(WaitState.Seconds.class,
                s -> assertThat(s.seconds()).isInstanceOf(ValueSource.FromPath.class));
        var f = (FailState) m.state("F");
        assertThat(f.error()).containsInstanceOf(ValueSource.Literal.class);
        assertThat(f.cause()).containsInstanceOf(ValueSource.FromPath.class);
    }

    @Test
    void choice_rules_become_conditions_with_typed_operands() {
        StateMachine m = valid("""
                {"StartAt":"C","States":{"C":{"Type":"Choice","Default":"E","Choices":[
                  {"Not":{"Variable":"$.a","StringEquals":"x"},"Next":"E"},
                  {"And":[{"Variable":"$.n","NumericGreaterThanPath":"$.m"},{"Variable":"$.b","BooleanEquals":true}],
                   "Next":"E"}]},
                  "E":{"Type":"Succeed"}}}""");
        var c = (ChoiceState) m.state("C");
        assertThat(c.defaultState()).contains("E");
        assertThat(c.choices().get(0).condition()).isInstanceOfSatisfying(ChoiceState.Not.class, n ->
                assertThat(((ChoiceState.Comparison) n.condition()).operator())
                        .isEqualTo(ChoiceState.Operator.STRING_EQUALS));
        var and = (ChoiceState.And) c.choices().get(1).condition();
        var first = (ChoiceState.Comparison) and.conditions().get(0);
        assertThat(first.operator()).isEqualTo(ChoiceState.Operator.NUMERIC_GREATER_THAN);
        assertThat(first.operand()).isInstanceOf(ChoiceState.PathOperand.class);
        assertThat(((ChoiceState.Comparison) and.conditions().get(1)).operand()).isInstanceOf(ChoiceState.Literal.class);
    }

    @Test
    void messages_are_aws_wordings_and_locations_keep_names_as_written() {
        List<Finding> f = findings("""
                {"StartAt":"A","States":{"A":{"Type":"Pass","Nxt":"B","Next":"Foo"},"Foo ":{"Type":"Succeed"}}}""");
        assertThat(f).containsExactly(
                new Finding("SCHEMA_VALIDATION_FAILED", "/States/A", "Field 'Nxt' is not supported"),
                new Finding("MISSING_TRANSITION_TARGET", "/States/A/Next", "Missing 'Next' target: Foo"),
                new Finding("MISSING_TRANSITION_TARGET", "/States/Foo ", "State \"Foo \" is not reachable."));
    }

    @Test
    void every_machine_needs_a_terminal_state_and_names_are_unique_across_branches() {
        List<Finding> f = findings("""
                {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"P","Branches":[
                  {"StartAt":"X","States":{"X":{"Type":"Succeed"}}},
                  {"StartAt":"X","States":{"X":{"Type":"Wait","Seconds":1,"Next":"X"}}}]}}}""");
        assertThat(f).extracting(Finding::code, Finding::location).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("DUPLICATE_STATE_NAME", java.util.Optional.of("/States/P/Branches[1]/States/X")),
                org.assertj.core.groups.Tuple.tuple("MISSING_END_STATE", java.util.Optional.of("/States/P/Branches[1]/States")),
                org.assertj.core.groups.Tuple.tuple("MISSING_END_STATE", java.util.Optional.empty()));
    }

    @Test
    void bad_json_is_located_by_the_parsers_source_line_and_column_as_on_aws() {
        List<Finding> f = findings("{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("INVALID_JSON_DESCRIPTION");
            assertThat(x.location()).hasValueSatisfying(l -> assertThat(l).startsWith("[Source: (String)\"{")
                    .endsWith("; line: 3, column: 14]"));
            assertThat(x.message()).endsWith("\n at " + x.location().orElseThrow());
        });
    }

    /** Found by ParserInvariants: the repeated key's location named a node of a document that does not exist. */
    @Test
    void a_repeated_key_in_text_that_is_no_json_further_on_is_reported_as_that_syntax_error() {
        List<Finding> f = findings("{\"StartAt\": \"A\", \"StartAt\": \"A\", \"States\": {");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("INVALID_JSON_DESCRIPTION");
            assertThat(x.message()).startsWith("Unexpected end-of-input");
            assertThat(x.location()).hasValueSatisfying(l -> assertThat(l).startsWith("[Source: "));
        });
        assertThat(findings("{\"StartAt\": \"A\", \"StartAt\": \"A\", \"States\": {}}")).singleElement()
                .isEqualTo(new Finding("INVALID_JSON_DESCRIPTION", "/StartAt", "Duplicate field 'StartAt'"));
    }

    @Test
    void jsonpath_only_fields_in_jsonata_states_name_the_states_query_language() {
        List<Finding> f = findings("""
                {"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","ResultPath":"$.x","End":true}}}""");
        assertThat(f).singleElement().isEqualTo(new Finding("SCHEMA_VALIDATION_FAILED", "/States/A", "The QueryLanguage "
                + "is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage"));
    }
}
