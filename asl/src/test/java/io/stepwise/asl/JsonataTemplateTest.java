package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static io.stepwise.asl.Json.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonataTemplateTest {
    static JsonNode run(String template, Scope scope) throws Exception {
        return JsonataTemplate.compile(Json.exact(template)).evaluate(scope);
    }

    static JsonNode expr(String expression, String input) throws Exception {
        return JsonataTemplate.compile(Json.exact("\"{% " + expression + " %}\"")).evaluate(scope(input));
    }

    static void evaluationFails(String expression, String messagePart) {
        assertThatThrownBy(() -> expr(expression, "{}")).as(expression).isInstanceOfSatisfying(StatesError.class, e -> {
            assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(e.cause()).contains(messagePart);
        });
    }

    static void rejected(String expression) {
        assertThatThrownBy(() -> JsonataTemplate.compile(Json.exact("\"{% " + expression + " %}\""))).as(expression)
                .isInstanceOf(SyntaxError.class);
    }

    @Test
    void only_whole_strings_in_percent_braces_are_expressions() throws Exception {
        assertThat(JsonataTemplate.isExpression(json("'{% 1 %}'"))).isTrue();
        assertThat(JsonataTemplate.isExpression(json("' {% 1 %}'"))).isFalse();
        assertThat(JsonataTemplate.isExpression(json("'a {% 1 %}'"))).isFalse();
        assertThat(JsonataTemplate.isExpression(json("3"))).isFalse();
        assertThat(run("{\"a\": \"{% 1 + 2 %}\", \"b\": \"x {% 1 %}\", \"c\": [true, \"{% 'y' %}\"]}", scope("{}")))
                .isEqualTo(json("{'a': 3, 'b': 'x {% 1 %}', 'c': [true, 'y']}"));
    }

    @Test
    void states_exposes_input_context_result_and_error_output() throws Exception {
        var base = scope("{'n': 2}");
        var scope = new Scope(base.input(), base.context(), Map.of(), Optional.of(json("{'r': 5}")),
                Optional.of(json("{'Error': 'E'}")), base.now(), base.random());
        assertThat(run("\"{% [$states.input.n, $states.context.Execution.Name, $states.result.r, $states.errorOutput.Error] %}\"",
                scope)).isEqualTo(json("[2, 'run1', 5, 'E']"));
    }

    @Test
    void variables_are_visible_by_name() throws Exception {
        var scope = Json.withVariables(scope("{}"), Map.of("answer", json("'the_answer'"), "n", json("41")));
        assertThat(run("\"{% $answer & ':' & ($n + 1) %}\"", scope)).isEqualTo(json("'the_answer:42'"));
    }

    @Test
    void integral_numbers_stay_integral_and_key_order_is_kept() throws Exception {
        assertThat(expr("6 / 2", "{}")).isEqualTo(json("3"));
        assertThat(expr("7 / 2", "{}")).isEqualTo(json("3.5"));
        assertThat(expr("$states.input", "{'z': 1, 'a': [1.5, null], 'm': {'y': true}}").toString())
                .isEqualTo("{\"z\":1,\"a\":[1.5,null],\"m\":{\"y\":true}}");
    }

    @Test
    void partition_range_hash_parse_follow_the_aws_guide() throws Exception {
        assertThat(expr("$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)", "{}")).isEqualTo(json("[[1,2,3],[4,5,6],[7,8,9]]"));
        assertThat(expr("$partition([1, 2, 3], 2)", "{}")).isEqualTo(json("[[1,2],[3]]"));
        assertThat(expr("$range(0, 10, 2)", "{}")).isEqualTo(json("[0,2,4,6,8,10]"));
        assertThat(expr("$range(3, 1, -1)", "{}")).isEqualTo(json("[3,2,1]"));
        assertThat(expr("$hash('input data', 'SHA-1')", "{}")).isEqualTo(json("'aaff4a450a104cd177d28d18d74485e8cae074b7'"));
        assertThat(expr("$parse($states.input.s)", "{'s': '{\\\"a\\\": [1]}'}")).isEqualTo(json("{'a': [1]}"));
        evaluationFails("$hash('x', 'SHA-3')", "algorithm");
        evaluationFails("$parse('{')", "JSON");
        evaluationFails("$range(0, 5000, 1)", "1000");
    }

    @Test
    void random_with_a_seed_is_java_util_random() throws Exception {
        assertThat(expr("$random(7)", "{}").doubleValue()).isEqualTo(new java.util.Random(7).nextDouble());
        double unseeded = expr("$random()", "{}").doubleValue();
        assertThat(unseeded).isEqualTo(new java.util.Random(42).nextDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void uuid_now_and_millis_come_from_the_scope() throws Exception {
        assertThat(expr("$uuid()", "{}").textValue()).matches("[0-9a-f-]{36}");
        assertThat(expr("$now()", "{}")).isEqualTo(json("'2026-11-24T12:34:56.789Z'"));
        assertThat(expr("$millis()", "{}").longValue()).isEqualTo(Json.NOW.toEpochMilli());
    }

    @Test
    void standard_jsonata_functions_work() throws Exception {
        assertThat(expr("$sum($states.input.v)", "{'v': [1, 2, 3]}")).isEqualTo(json("6"));
        assertThat(expr("$uppercase('abc')", "{}")).isEqualTo(json("'ABC'"));
        assertThat(expr("$states.input.v[$ > 1]", "{'v': [1, 2, 3]}")).isEqualTo(json("[2, 3]"));
        assertThat(expr("$string({'a': 1})", "{}")).isEqualTo(json("'{\\\"a\\\":1}'"));
        assertThat(expr("$exists($states.input.nope)", "{}")).isEqualTo(json("false"));
        assertThat(expr("null", "{}")).isEqualTo(json("null"));
    }

    @Test
    void eval_is_not_available() {
        evaluationFails("$eval('1 + 1')", "$eval");
    }

    @Test
    void the_elvis_and_coalescing_operators_are_rejected_at_compile_time() throws Exception {
        rejected("$states.input.a ?: 'x'");
        rejected("$states.input.a ?? 'x'");
        rejected("1 +");
        rejected("");
        assertThat(expr("'??' & '?:'", "{}")).isEqualTo(json("'???:'"));
        assertThat(expr("true ? 1 : 2", "{}")).isEqualTo(json("1"));
    }

    @Test
    void an_undefined_result_fails_with_a_query_evaluation_error() {
        assertThatThrownBy(() -> JsonataTemplate.compile(json("'{% $states.input.missing %}'"), "Output")
                .evaluate(scope("{}"))).isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.QueryEvaluationError");
                    assertThat(e.cause()).isEqualTo("The JSONata expression '$states.input.missing' specified for the "
                            + "field 'Output' returned nothing (undefined).");
                });
        assertThatThrownBy(() -> JsonataTemplate.compile(json("{'a': ['{% $states.input.missing %}']}"), "Arguments")
                .evaluate(scope("{}"))).isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.cause())
                        .isEqualTo("The JSONata expression '$states.input.missing' specified for the field "
                                + "'Arguments/a/0' returned nothing (undefined)."));
        assertThatThrownBy(() -> JsonataTemplate.compile(json("'{% $states.input.missing %}'")).evaluate(scope("{}")))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.cause())
                        .isEqualTo("The JSONata expression '$states.input.missing' returned nothing (undefined)."));
    }

    @Test
    void evaluation_errors_are_query_evaluation_errors() {
        evaluationFails("$number('abc')", "$number('abc')");
        evaluationFails("'a' + 1", "'a' + 1");
        evaluationFails("$error('boom')", "boom");
        evaluationFails("($f := function($x) { 1 + $f($x + 1) }; $f(0))", "$f");
    }

    @Test
    void a_function_result_cannot_become_json() {
        evaluationFails("function($x) { $x }", "not JSON");
    }
}
