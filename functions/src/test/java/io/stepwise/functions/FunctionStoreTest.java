package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionStoreTest extends OnBothStores {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    FunctionStore store;

    @BeforeEach
    void open() {
        store = new FunctionStore(db, new StoreCache(db));
    }

    @Test
    void a_function_reads_back_as_inserted_even_with_a_size_beyond_32_bits() {
        FunctionVersion f = latest("fn", "aa", 5_000_000_000L);
        assertThat(store.insert(f)).isTrue();
        assertThat(store.latest("fn")).contains(f);
    }

    @Test
    void a_second_function_of_the_same_name_is_refused() {
        store.insert(latest("fn", "aa", 1));
        assertThat(store.insert(latest("fn", "bb", 2))).isFalse();
        assertThat(store.latest("fn").orElseThrow().code().sha256Hex()).isEqualTo("aa");
    }

    @Test
    void functions_are_listed_in_byte_order_whatever_the_databases_collation() {
        for (String name : List.of("b", "B", "a-c", "a_c", "ab", "A")) store.insert(latest(name, "aa", 1));
        assertThat(store.list(Optional.empty(), 100)).extracting(FunctionVersion::functionName)
                .containsExactly("A", "B", "a-c", "a_c", "ab", "b");
        assertThat(store.list(Optional.of("a-c"), 2)).extracting(FunctionVersion::functionName).containsExactly("a_c", "ab");
    }

    @Test
    void publishing_numbers_versions_from_one_and_skips_an_unchanged_latest() {
        store.insert(latest("fn", "aa", 1));
        assertThat(store.publish("fn", "rev-2", NOW, Optional.of("first")).version()).isEqualTo("1");
        assertThat(store.publish("fn", "rev-3", NOW, Optional.empty()).version()).isEqualTo("1");
        store.updateLatest(latest("fn", "bb", 2));
        FunctionVersion second = store.publish("fn", "rev-4", NOW, Optional.empty());
        assertThat(second.version()).isEqualTo("2");
        assertThat(store.versions("fn")).extracting(FunctionVersion::version, v -> v.code().sha256Hex())
                .containsExactly(tuple("1", "aa"), tuple("2", "bb"));
        assertThat(store.versions("fn").getFirst().config().description()).isEqualTo("first");
    }

    @Test
    void a_deleted_version_number_is_not_given_again() {
        store.insert(latest("fn", "aa", 1));
        store.publish("fn", "r", NOW, Optional.empty());
        assertThat(store.deleteVersion("fn", "1")).isTrue();
        store.updateLatest(latest("fn", "bb", 1));
        assertThat(store.publish("fn", "r", NOW, Optional.empty()).version()).isEqualTo("2");
    }

    @Test
    void reserved_concurrency_is_set_and_cleared() {
        store.insert(latest("fn", "aa", 1));
        store.reservedConcurrency("fn", OptionalInt.of(0));
        assertThat(store.latest("fn").orElseThrow().reservedConcurrency()).hasValue(0);
        store.reservedConcurrency("fn", OptionalInt.empty());
        assertThat(store.latest("fn").orElseThrow().reservedConcurrency()).isEmpty();
    }

    @Test
    void deleting_a_function_deletes_its_versions() {
        store.insert(latest("fn", "aa", 1));
        store.publish("fn", "r", NOW, Optional.empty());
        assertThat(store.delete("fn")).isTrue();
        assertThat(store.latest("fn")).isEmpty();
        assertThat(rows("function_versions")).isZero();
    }

    @Test
    void the_code_still_referenced_counts_each_digest_once() {
        store.insert(latest("fn", "aa", 1));
        store.publish("fn", "r", NOW, Optional.empty());
        store.insert(latest("other", "bb", 1));
        assertThat(store.referencedCode()).containsExactlyInAnyOrder("aa", "bb");
    }
}
