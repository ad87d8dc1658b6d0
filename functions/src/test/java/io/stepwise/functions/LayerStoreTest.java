package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LayerStoreTest extends OnBothStores {
    LayerStore layers;

    @BeforeEach
    void open() {
        layers = new LayerStore(db);
    }

    private LayerVersion publish(String name, String sha, List<String> runtimes) {
        return layers.publish(new LayerVersion(name, 0, "d", Optional.of("MIT"), runtimes, List.of("x86_64"),
                new PackageStore.Code(sha, 10), Instant.parse("2026-01-01T00:00:00Z"), Optional.empty(), "r0"));
    }

    @Test
    void numbers_each_layers_versions_from_one_and_never_reuses_a_number() {
        assertThat(publish("a", "aa", List.of()).version()).isEqualTo(1);
        assertThat(publish("a", "ab", List.of()).version()).isEqualTo(2);
        assertThat(publish("b", "ba", List.of()).version()).isEqualTo(1);
        assertThat(layers.delete("a", 2)).isTrue();
        assertThat(layers.delete("a", 1)).isTrue();
        assertThat(layers.delete("a", 1)).isFalse();
        assertThat(publish("a", "ac", List.of()).version()).isEqualTo(3);
    }

    @Test
    void reads_a_version_back_as_published_and_lists_them_newest_first() {
        LayerVersion v = publish("lib", "aa", List.of("python3.12", "python3.13"));
        assertThat(layers.get("lib", 1)).contains(v);
        publish("lib", "bb", List.of());
        publish("another", "cc", List.of());
        assertThat(layers.versions("lib")).extracting(LayerVersion::version).containsExactly(2L, 1L);
        assertThat(layers.all()).extracting(LayerVersion::layerName, LayerVersion::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple("another", 1L), org.assertj.core.groups.Tuple.tuple("lib", 2L),
                org.assertj.core.groups.Tuple.tuple("lib", 1L));
        assertThat(layers.referencedCode()).containsExactlyInAnyOrder("aa", "bb", "cc");
    }

    @Test
    void changes_a_policy_only_from_the_revision_it_was_read_at() {
        LayerVersion v = publish("lib", "aa", List.of());
        assertThat(layers.policy(v, Optional.of("{\"Statement\":[]}"), "r1")).isTrue();
        assertThat(layers.policy(v, Optional.empty(), "r2")).as("v still has revision r0").isFalse();
        assertThat(layers.get("lib", 1).orElseThrow().policy()).contains("{\"Statement\":[]}");
        assertThat(layers.get("lib", 1).orElseThrow().revisionId()).isEqualTo("r1");
    }
}
