package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TagStoreTest extends OnBothStores {
    FunctionStore functions;
    TagStore tags;

    @BeforeEach
    void open() {
        functions = new FunctionStore(db, new StoreCache(db));
        tags = new TagStore(db);
        functions.insert(latest("fn", "aa", 1));
    }

    @Test
    void tagging_again_replaces_the_value_of_a_key_and_keeps_the_others() {
        tags.tag("fn", Map.of("team", "ops", "cost", "42"));
        tags.tag("fn", Map.of("team", "data"));
        assertThat(tags.tags("fn")).isEqualTo(Map.of("team", "data", "cost", "42"));
    }

    @Test
    void untagging_removes_only_the_keys_given() {
        tags.tag("fn", Map.of("a", "1", "b", "2", "c", "3"));
        tags.untag("fn", List.of("a", "c", "missing"));
        assertThat(tags.tags("fn")).isEqualTo(Map.of("b", "2"));
    }

    @Test
    void tags_go_with_their_function() {
        tags.tag("fn", Map.of("a", "1"));
        functions.delete("fn");
        assertThat(tags.tags("fn")).isEmpty();
        assertThat(rows("function_tags")).isZero();
    }
}
