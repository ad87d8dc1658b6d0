package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static io.stepwise.asl.Json.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferencePathTest {
    @Test
    void reads_a_field_of_the_input() throws Exception {
        assertThat(ReferencePath.compile("$.a.b").read(scope("{'a': {'b': 3}}"))).isEqualTo(json("3"));
    }

    @Test
    void dollar_alone_is_the_whole_input() throws Exception {
        assertThat(ReferencePath.compile("$").read(scope("{'a': 1}"))).isEqualTo(json("{'a': 1}"));
    }

    @Test
    void double_dollar_reads_the_context_object() throws Exception {
        assertThat(ReferencePath.compile("$$.Execution.Id").read(scope("{}"))).isEqualTo(json("'arn:exec'"));
        assertThat(ReferencePath.compile("$$").read(scope("{}")).has("State")).isTrue();
    }

    @Test
    void dollar_name_reads_a_variable() throws Exception {
        var scope = Json.withVariables(scope("{}"), Map.of("myVar", json("{'field': [10, 20]}")));
        assertThat(ReferencePath.compile("$myVar.field[1]").read(scope)).isEqualTo(json("20"));
        assertThat(ReferencePath.compile("$myVar").read(scope)).isEqualTo(json("{'field': [10, 20]}"));
        assertThat(ReferencePath.compile("$myVar").variable()).contains("myVar");
    }

    @Test
    void a_missing_field_fails_with_the_aws_message() throws Exception {
        assertThatThrownBy(() -> ReferencePath.compile("$.x").read(scope("{}")))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.Runtime");
                    assertThat(e.cause()).isEqualTo("Invalid path '$.x' : No results for path: $['x']");
                });
    }

    @Test
    void find_is_empty_when_nothing_matches() throws Exception {
        assertThat(ReferencePath.compile("$.x.y").find(scope("{'x': 1}"))).isEmpty();
        assertThat(ReferencePath.compile("$.x").find(scope("{'x': null}"))).contains(json("null"));
        assertThat(ReferencePath.compile("$undefinedVar").find(scope("{}"))).isEmpty();
    }

    @Test
    void a_wildcard_on_an_empty_object_gives_an_empty_array() throws Exception {
        assertThat(ReferencePath.compile("$[*]").read(scope("{}"))).isEqualTo(json("[]"));
    }

    @Test
    void indefinite_paths_return_an_array_of_matches() throws Exception {
        var input = "{'items': [{'p': 1}, {'p': 5}, {'p': 9}]}";
        assertThat(ReferencePath.compile("$.items[?(@.p > 2)].p").read(scope(input))).isEqualTo(json("[5, 9]"));
        assertThat(ReferencePath.compile("$..p").read(scope(input))).isEqualTo(json("[1, 5, 9]"));
        assertThat(ReferencePath.compile("$.items[0:2].p").read(scope(input))).isEqualTo(json("[1, 5]"));
    }

    @Test
    void reference_paths_have_no_filters_wildcards_slices_or_deep_scans() throws Exception {
        assertThat(ReferencePath.compile("$.a['b'][0].c").isReferencePath()).isTrue();
        assertThat(ReferencePath.compile("$").isReferencePath()).isTrue();
        for (String path : new String[] {"$.a[*]", "$..a", "$.a[?(@.x)]", "$.a[0:1]", "$.a[0,1]"}) {
            assertThat(ReferencePath.compile(path).isReferencePath()).as(path).isFalse();
        }
    }

    @Test
    void text_not_starting_with_a_dollar_is_a_syntax_error() {
        assertThatThrownBy(() -> ReferencePath.compile("a.b")).isInstanceOf(SyntaxError.class);
        assertThatThrownBy(() -> ReferencePath.compile("$.a[")).isInstanceOf(SyntaxError.class);
    }

    @Test
    void writing_at_dollar_replaces_the_input() throws Exception {
        assertThat(ReferencePath.compile("$").write(json("{'a': 1}"), json("[1]"))).isEqualTo(json("[1]"));
    }

    @Test
    void writing_creates_intermediate_objects_and_leaves_the_target_unchanged() throws Exception {
        var target = json("{'a': 1, 'r': {'keep': true}}");
        var written = ReferencePath.compile("$.r.x.y").write(target, json("'v'"));
        assertThat(written).isEqualTo(json("{'a': 1, 'r': {'keep': true, 'x': {'y': 'v'}}}"));
        assertThat(target).isEqualTo(json("{'a': 1, 'r': {'keep': true}}"));
    }

    @Test
    void writing_replaces_an_existing_value_and_indexes_into_arrays() throws Exception {
        assertThat(ReferencePath.compile("$.a").write(json("{'a': 1}"), json("2"))).isEqualTo(json("{'a': 2}"));
        assertThat(ReferencePath.compile("$.l[1]").write(json("{'l': [1, 2]}"), json("9")))
                .isEqualTo(json("{'l': [1, 9]}"));
        assertThat(ReferencePath.compile("$['odd key']").write(json("{}"), json("1")))
                .isEqualTo(json("{'odd key': 1}"));
    }

    @Test
    void writing_into_a_non_object_input_is_a_runtime_error() {
        assertThatThrownBy(() -> ReferencePath.compile("$.a").write(json("5"), json("1")))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
    }
}
