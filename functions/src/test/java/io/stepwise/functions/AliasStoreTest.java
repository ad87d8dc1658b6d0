package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AliasStoreTest extends OnBothStores {
    FunctionStore functions;
    AliasStore aliases;

    @BeforeEach
    void open() {
        var cache = new StoreCache(db);
        functions = new FunctionStore(db, cache);
        aliases = new AliasStore(db, cache);
        functions.insert(latest("fn", "aa", 1));
    }

    @Test
    void an_alias_reads_back_with_its_routing_weights() {
        var prod = new Alias("fn", "prod", "1", "production", Map.of("2", 0.25), "rev-a");
        assertThat(aliases.insertAlias(prod)).isTrue();
        assertThat(aliases.alias("fn", "prod")).contains(prod);
    }

    @Test
    void a_second_alias_of_the_same_name_is_refused() {
        aliases.insertAlias(new Alias("fn", "prod", "1", "", Map.of(), "r1"));
        assertThat(aliases.insertAlias(new Alias("fn", "prod", "2", "", Map.of(), "r2"))).isFalse();
        assertThat(aliases.alias("fn", "prod").orElseThrow().functionVersion()).isEqualTo("1");
    }

    @Test
    void an_update_replaces_the_version_description_and_weights() {
        aliases.insertAlias(new Alias("fn", "prod", "1", "old", Map.of("2", 0.5), "r1"));
        var updated = new Alias("fn", "prod", "2", "new", Map.of(), "r2");
        aliases.updateAlias(updated);
        assertThat(aliases.alias("fn", "prod")).contains(updated);
    }

    @Test
    void aliases_are_listed_in_byte_order() {
        for (String name : List.of("beta", "Prod", "alpha", "PROD")) aliases.insertAlias(new Alias("fn", name, "1", "", Map.of(), "r"));
        assertThat(aliases.aliases("fn")).extracting(Alias::name).containsExactly("PROD", "Prod", "alpha", "beta");
    }

    @Test
    void an_alias_is_deleted_alone_or_with_its_function() {
        aliases.insertAlias(new Alias("fn", "a", "1", "", Map.of(), "r"));
        aliases.insertAlias(new Alias("fn", "b", "1", "", Map.of(), "r"));
        assertThat(aliases.deleteAlias("fn", "a")).isTrue();
        assertThat(aliases.deleteAlias("fn", "a")).isFalse();
        assertThat(aliases.aliases("fn")).extracting(Alias::name).containsExactly("b");
        functions.delete("fn");
        assertThat(rows("function_aliases")).isZero();
    }
}
