package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static io.stepwise.asl.Json.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadTemplateTest {
    @Test
    void dollar_keys_take_the_path_value_and_lose_the_suffix() throws Exception {
        var template = PayloadTemplate.compile(json(
                "{'flagged': true, 'parts': {'first.$': '$.vals[0]', 'last3.$': '$.vals[-3:]'}}"));
        assertThat(template.evaluate(scope("{'vals': [0, 10, 20, 30, 40, 50]}")))
                .isEqualTo(json("{'flagged': true, 'parts': {'first': 0, 'last3': [30, 40, 50]}}"));
    }

    @Test
    void nested_objects_inside_arrays_are_processed_too() throws Exception {
        var template = PayloadTemplate.compile(json("{'list': [{'a.$': '$.x'}, 1, 'plain $.x']}"));
        assertThat(template.evaluate(scope("{'x': 'X'}"))).isEqualTo(json("{'list': [{'a': 'X'}, 1, 'plain $.x']}"));
    }

    @Test
    void values_come_from_the_context_object_variables_and_intrinsics() throws Exception {
        var template = PayloadTemplate.compile(Json.exact(
                "{\"id.$\": \"$$.Execution.Id\", \"v.$\": \"$myVar\", \"greeting.$\": \"States.Format('hi {}', $.name)\"}"));
        var scope = Json.withVariables(scope("{'name': 'Ann'}"), Map.of("myVar", json("[1]")));
        assertThat(template.evaluate(scope)).isEqualTo(json("{'id': 'arn:exec', 'v': [1], 'greeting': 'hi Ann'}"));
    }

    @Test
    void a_path_that_matches_nothing_fails_with_states_runtime_naming_the_field() throws Exception {
        var template = PayloadTemplate.compile(json("{'foo.$': '$.missing'}"));
        assertThatThrownBy(() -> template.evaluate(scope("{'a': 1}"))).isInstanceOfSatisfying(StatesError.class, e -> {
            assertThat(e.error()).isEqualTo("States.Runtime");
            assertThat(e.cause()).isEqualTo(
                    "The JSONPath '$.missing' specified for the field 'foo.$' could not be found in the input '{\"a\":1}'");
        });
    }

    @Test
    void a_bad_dollar_value_is_a_syntax_error_pointing_at_its_key() {
        for (var bad : Map.of("{'foo.$': 'not a path'}", "/foo.$", "{'a': {'b.$': 3}}", "/a/b.$",
                "{'l': [{'c.$': 'States.Nope()'}]}", "/l/0/c.$", "{'x/y.$': '$.a['}", "/x~1y.$").entrySet()) {
            assertThatThrownBy(() -> PayloadTemplate.compile(json(bad.getKey()))).as(bad.getKey())
                    .isInstanceOfSatisfying(SyntaxError.class, e -> assertThat(e.pointer()).isEqualTo(bad.getValue()));
        }
    }

    @Test
    void evaluation_never_shares_nodes_with_the_template() throws Exception {
        var template = PayloadTemplate.compile(json("{'fixed': {'a': 1}}"));
        var first = template.evaluate(scope("{}"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) first.get("fixed")).put("a", 2);
        assertThat(template.evaluate(scope("{}"))).isEqualTo(json("{'fixed': {'a': 1}}"));
    }

    @Test
    void an_expression_is_a_path_or_an_intrinsic() throws Exception {
        assertThat(PayloadTemplate.compileExpression("$.error").evaluate(scope("{'error': 'E'}"))).isEqualTo(json("'E'"));
        assertThat(PayloadTemplate.compileExpression("States.Format('{}!', $.error)").evaluate(scope("{'error': 'E'}")))
                .isEqualTo(json("'E!'"));
        assertThatThrownBy(() -> PayloadTemplate.compileExpression("$.none").evaluate(scope("{}")))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.cause())
                        .isEqualTo("Invalid path '$.none' : No results for path: $['none']"));
        assertThatThrownBy(() -> PayloadTemplate.compileExpression("error")).isInstanceOf(SyntaxError.class);
    }
}
