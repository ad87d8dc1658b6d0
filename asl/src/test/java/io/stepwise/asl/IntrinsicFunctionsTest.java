package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static io.stepwise.asl.Json.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The examples of https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html and AWS's quirks. */
class IntrinsicFunctionsTest {
    static JsonNode run(String expression, String input) throws Exception {
        return PayloadTemplate.compileExpression(expression).evaluate(scope(input));
    }

    static void fails(String expression, String input, String messagePart) {
        assertThatThrownBy(() -> run(expression, input)).isInstanceOfSatisfying(StatesError.class, e -> {
            assertThat(e.error()).isEqualTo("States.IntrinsicFailure");
            assertThat(e.cause()).contains(messagePart);
        });
    }

    static void rejected(String expression) {
        assertThatThrownBy(() -> PayloadTemplate.compileExpression(expression)).as(expression)
                .isInstanceOf(SyntaxError.class);
    }

    @Test
    void array_collects_its_arguments() throws Exception {
        assertThat(run("States.Array($.Id)", "{'Id': 123456}")).isEqualTo(json("[123456]"));
        assertThat(run("States.Array()", "{}")).isEqualTo(json("[]"));
        assertThat(run("States.Array('a', 1, 2.5, null, true, States.Array())", "{}"))
                .isEqualTo(json("['a', 1, 2.5, null, true, []]"));
    }

    @Test
    void array_partition_chunks_with_a_smaller_last_chunk() throws Exception {
        assertThat(run("States.ArrayPartition($.inputArray,4)", "{'inputArray': [1,2,3,4,5,6,7,8,9]}"))
                .isEqualTo(json("[[1,2,3,4],[5,6,7,8],[9]]"));
        fails("States.ArrayPartition($.a, 0)", "{'a': [1]}", "positive");
    }

    @Test
    void array_contains_looks_for_a_value() throws Exception {
        var input = "{'inputArray': [1,2,3,4,5,6,7,8,9], 'lookingFor': 5}";
        assertThat(run("States.ArrayContains($.inputArray, $.lookingFor)", input)).isEqualTo(json("true"));
        assertThat(run("States.ArrayContains($.inputArray, 10)", input)).isEqualTo(json("false"));
        assertThat(run("States.ArrayContains($.o, $.o[0])", "{'o': [{'a': [1]}]}")).isEqualTo(json("true"));
    }

    @Test
    void array_range_is_inclusive_and_limited_to_1000_elements() throws Exception {
        assertThat(run("States.ArrayRange(1, 9, 2)", "{}")).isEqualTo(json("[1,3,5,7,9]"));
        assertThat(run("States.ArrayRange(10, 0, -5)", "{}")).isEqualTo(json("[10,5,0]"));
        assertThat(run("States.ArrayRange(1, 1000, 1)", "{}").size()).isEqualTo(1000);
        fails("States.ArrayRange(0, 1000, 1)", "{}", "1000");
        fails("States.ArrayRange(0, 5, 0)", "{}", "step");
    }

    @Test
    void array_get_item_reads_by_index() throws Exception {
        var input = "{'inputArray': [1,2,3,4,5,6,7,8,9], 'index': 5}";
        assertThat(run("States.ArrayGetItem($.inputArray, $.index)", input)).isEqualTo(json("6"));
        fails("States.ArrayGetItem($.inputArray, 9)", input, "out of bounds");
    }

    @Test
    void array_length_and_unique() throws Exception {
        assertThat(run("States.ArrayLength($.inputArray)", "{'inputArray': [1,2,3,4,5,6,7,8,9]}"))
                .isEqualTo(json("9"));
        assertThat(run("States.ArrayUnique($.inputArray)", "{'inputArray': [1,2,3,3,3,3,3,3,4]}"))
                .isEqualTo(json("[1,2,3,4]"));
    }

    @Test
    void base64_encodes_and_decodes() throws Exception {
        assertThat(run("States.Base64Encode($.input)", "{'input': 'Data to encode'}"))
                .isEqualTo(json("'RGF0YSB0byBlbmNvZGU='"));
        assertThat(run("States.Base64Decode($.base64)", "{'base64': 'RGF0YSB0byBlbmNvZGU='}"))
                .isEqualTo(json("'Data to encode'"));
        fails("States.Base64Decode('%%%')", "{}", "base64");
        fails("States.Base64Encode($.s)", "{'s': '" + "x".repeat(10_001) + "'}", "10000");
    }

    @Test
    void hash_supports_the_five_algorithms() throws Exception {
        var input = "{'Data': 'input data', 'Algorithm': 'SHA-1'}";
        assertThat(run("States.Hash($.Data, $.Algorithm)", input))
                .isEqualTo(json("'aaff4a450a104cd177d28d18d74485e8cae074b7'"));
        assertThat(run("States.Hash($.Data, 'MD5')", input)).isEqualTo(json("'812f45842bc6d66ee14572ce20db8e86'"));
        assertThat(run("States.Hash('', 'SHA-256')", "{}").textValue()).hasSize(64);
        assertThat(run("States.Hash('', 'SHA-384')", "{}").textValue()).hasSize(96);
        assertThat(run("States.Hash('', 'SHA-512')", "{}").textValue()).hasSize(128);
        fails("States.Hash('x', 'SHA-3')", "{}", "algorithm");
    }

    @Test
    void json_merge_is_shallow_and_the_second_object_wins() throws Exception {
        var input = "{'json1': {'a': {'a1': 1, 'a2': 2}, 'b': 2}, 'json2': {'a': {'a3': 1, 'a4': 2}, 'c': 3}}";
        assertThat(run("States.JsonMerge($.json1, $.json2, false)", input))
                .isEqualTo(json("{'a': {'a3': 1, 'a4': 2}, 'b': 2, 'c': 3}"));
        rejected("States.JsonMerge($.json1, $.json2, true)");
        fails("States.JsonMerge($.json1, $.json1.b, false)", input, "objects");
    }

    @Test
    void string_to_json_parses_and_an_empty_string_is_null() throws Exception {
        assertThat(run("States.StringToJson($.escapedJsonString)", "{'escapedJsonString': '{\\\"foo\\\": \\\"bar\\\"}'}"))
                .isEqualTo(json("{'foo': 'bar'}"));
        assertThat(run("States.StringToJson('')", "{}")).isEqualTo(json("null"));
        fails("States.StringToJson('{')", "{}", "JSON");
    }

    @Test
    void json_to_string_serialises_compactly() throws Exception {
        assertThat(run("States.JsonToString($.unescapedJson)", "{'unescapedJson': {'foo': 'bar', 'n': [1, 2]}}"))
                .isEqualTo(Json.exact("\"{\\\"foo\\\":\\\"bar\\\",\\\"n\\\":[1,2]}\""));
    }

    @Test
    void math_add_rounds_its_arguments_to_integers() throws Exception {
        assertThat(run("States.MathAdd($.value1, $.step)", "{'value1': 111, 'step': -1}")).isEqualTo(json("110"));
        assertThat(run("States.MathAdd(1.49, 1.5)", "{}")).isEqualTo(json("3"));
        rejected("States.MathAdd('1', 2)");
        fails("States.MathAdd($.s, 2)", "{'s': '1'}", "number");
    }

    @Test
    void math_random_stays_in_range_and_a_seed_matches_java_util_random() throws Exception {
        for (int i = 0; i < 50; i++) {
            long v = run("States.MathRandom($.start, $.end)", "{'start': 1, 'end': 999}").longValue();
            assertThat(v).isBetween(1L, 998L);
        }
        long seeded = run("States.MathRandom(1, 999, 7)", "{}").longValue();
        assertThat(seeded).isEqualTo(1 + new java.util.Random(7).nextLong(998));
        assertThat(run("States.MathRandom(1, 999, 7)", "{}").longValue()).isEqualTo(seeded);
    }

    @Test
    void string_split_uses_each_delimiter_character_and_drops_empty_tokens() throws Exception {
        assertThat(run("States.StringSplit($.inputString, $.splitter)", "{'inputString': '1,2,3,4,5', 'splitter': ','}"))
                .isEqualTo(json("['1','2','3','4','5']"));
        assertThat(run("States.StringSplit($.s, '.+,=')", "{'s': 'This.is+a,test=string'}"))
                .isEqualTo(json("['This','is','a','test','string']"));
        assertThat(run("States.StringSplit(', , ,', ',')", "{}")).isEqualTo(json("[' ', ' ']"));
    }

    @Test
    void uuid_is_a_version_4_uuid_from_the_injected_randomness() throws Exception {
        String uuid = run("States.UUID()", "{}").textValue();
        assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(run("States.UUID()", "{}").textValue()).isEqualTo(uuid);
    }

    @Test
    void format_fills_placeholders_in_order() throws Exception {
        assertThat(run("States.Format('Hello, my name is {}.', $.name)", "{'name': 'Arnav'}"))
                .isEqualTo(json("'Hello, my name is Arnav.'"));
        assertThat(run("States.Format('{} {} {} {}', 1, 2.5, true, null)", "{}")).isEqualTo(json("'1 2.5 true null'"));
    }

    @Test
    void format_renders_objects_and_arrays_as_java_collections_do() throws Exception {
        assertThat(run("States.Format('{}', $.o)", "{'o': {'Arg1': 1, 'Arg2': []}}")).isEqualTo(json("'{Arg1=1, Arg2=[]}'"));
        assertThat(run("States.Format('{}', $.a)", "{'a': [1, 2]}")).isEqualTo(json("'[1, 2]'"));
        assertThat(run("States.Format('{}', $.n)", "{'n': {'s': 'x', 'l': ['y', {'z': null}]}}"))
                .isEqualTo(json("'{s=x, l=[y, {z=null}]}'"));
    }

    @Test
    void format_escapes_quotes_braces_and_backslashes() throws Exception {
        assertThat(run("States.Format('Welcome to {} {}\\'s playlist.', $.firstName, $.lastName)",
                "{'firstName': 'John', 'lastName': 'Doe'}")).isEqualTo(Json.exact("\"Welcome to John Doe's playlist.\""));
        assertThat(run("States.Format('\\{\\} {} \\\\', 'x')", "{}")).isEqualTo(Json.exact("\"{} x \\\\\""));
    }

    @Test
    void format_fails_when_arguments_and_placeholders_differ() {
        fails("States.Format('{} {}', 1)", "{}", "placeholders");
        fails("States.Format('{}', 1, 2)", "{}", "placeholders");
    }

    @Test
    void nested_calls_are_evaluated_inside_out() throws Exception {
        // The AWS guide's nine-deep example, with '{}.{}' (its '{}.{}.{}' has three placeholders for two arguments).
        var input = "{'ImageRecipe': {'Arn': 'arn:aws:imagebuilder:us-east-1:123:image-recipe/my.recipe/1.0.0'}}";
        assertThat(run("States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
                + "States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit("
                + "States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))", input))
                .isEqualTo(json("'1.0'"));
    }

    @Test
    void paths_may_contain_commas_and_parentheses_in_brackets() throws Exception {
        assertThat(run("States.Array($['a,b'], $.l[?(@ > 1)])", "{'a,b': 1, 'l': [1, 2]}")).isEqualTo(json("[1, [2]]"));
        assertThat(run("States.Array($$.Execution.Name)", "{}")).isEqualTo(json("['run1']"));
    }

    @Test
    void malformed_calls_are_syntax_errors() {
        for (String bad : new String[] {"States.Nope(1)", "States.Array(1", "States.Array('x)", "States.Array(1,)",
                "States.UUID(1)", "States.ArrayLength()", "States.Format()", "States.Array(1) x", "States.Array(foo)",
                "States.ArrayLength('abc')", "States.Format(1)"}) {
            rejected(bad);
        }
    }

    @Test
    void a_missing_path_argument_is_a_runtime_error() {
        assertThatThrownBy(() -> run("States.Array($.missing)", "{}"))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
    }
}
