package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weighted aliases (RoutingConfig.AdditionalVersionWeights): a weight w sends a share w of invocations to the additional
 * version, the rest to the alias's own version. The registry's random source is injected, so the draws are scripted.
 */
class AliasRoutingTest extends OnBothStores {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    @TempDir Path dir;
    FunctionStore functions;
    AliasStore aliases;

    @BeforeEach
    void twoVersions() {
        var cache = new StoreCache(db);
        functions = new FunctionStore(db, cache);
        aliases = new AliasStore(db, cache);
        functions.insert(latest("fn", "aa", 1));
        functions.publish("fn", "rev-v1", NOW, Optional.empty());
        functions.updateLatest(latest("fn", "bb", 2));
        functions.publish("fn", "rev-v2", NOW, Optional.empty());
    }

    @Test
    void a_draw_below_the_weight_goes_to_the_additional_version_and_one_at_or_above_it_to_the_aliases_own() {
        var draws = new ScriptedDraws(0.0, 0.29999, 0.3, 0.30001, 0.99999);
        FunctionRegistry registry = registry(draws);
        registry.createAlias("fn", "canary", "1", "", Map.of("2", 0.3));

        List<FunctionRegistry.Target> targets = Stream.generate(() -> registry.target(FunctionRef.parse("fn:canary"))).limit(5).toList();

        assertThat(targets).extracting(t -> t.version().version()).containsExactly("2", "2", "1", "1", "1");
        assertThat(targets).extracting(FunctionRegistry.Target::invokedArn)
                .containsOnly("arn:aws:lambda:us-east-1:123456789012:function:fn:canary");
        assertThat(draws.left()).isZero();
    }

    @Test
    void about_the_weights_share_of_many_seeded_draws_go_to_the_additional_version() {
        FunctionRegistry registry = registry(new Random(20260301));
        registry.createAlias("fn", "canary", "1", "", Map.of("2", 0.3));

        int n = 10_000;
        int toAdditional = 0;
        for (int i = 0; i < n; i++) if (run(registry).equals("2")) toAdditional++;

        // 0.3 of 10,000 draws: a standard deviation of 46; the seed makes the count fixed, the bound only tells why
        assertThat(toAdditional / (double) n).isCloseTo(0.3, within(0.03));
    }

    @Test
    void an_alias_without_weights_a_version_number_and_reading_an_aliases_configuration_draw_nothing() {
        var none = new ScriptedDraws();
        FunctionRegistry registry = registry(none);
        registry.createAlias("fn", "plain", "1", "", Map.of());
        registry.createAlias("fn", "canary", "1", "", Map.of("2", 0.3));

        assertThat(run(registry, "fn:plain")).isEqualTo("1");
        assertThat(run(registry, "fn:2")).isEqualTo("2");
        assertThat(registry.get(FunctionRef.parse("fn:canary")).version()).as("GetFunctionConfiguration shows the alias's own").isEqualTo("1");
    }

    private FunctionRegistry registry(RandomGenerator random) {
        return new FunctionRegistry(functions, aliases, new TagStore(db), new PackageStore(dir, 1L << 30),
                InstantSource.fixed(NOW), "us-east-1", random, name -> {}, new LayerStore(db));
    }

    private static String run(FunctionRegistry registry) {
        return run(registry, "fn:canary");
    }

    private static String run(FunctionRegistry registry, String qualified) {
        return registry.target(FunctionRef.parse(qualified)).version().version();
    }

    /** Hands out the doubles a test scripts, in order; a draw beyond them fails the test. */
    private static final class ScriptedDraws implements RandomGenerator {
        private final Deque<Double> draws = new ArrayDeque<>();

        ScriptedDraws(double... draws) {
            for (double d : draws) this.draws.add(d);
        }

        int left() {
            return draws.size();
        }

        @Override
        public double nextDouble() {
            Double d = draws.poll();
            if (d == null) throw new AssertionError("a draw that was not scripted");
            return d;
        }

        @Override
        public long nextLong() {
            throw new AssertionError("routing draws a double in [0, 1)");
        }
    }
}
