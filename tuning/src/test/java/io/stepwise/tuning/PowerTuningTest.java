package io.stepwise.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The five steps against a simulated function whose CPU share grows with memory up to one vCPU at 1,769 MB. */
class PowerTuningTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Prices PRICES = Prices.load();
    static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:report";

    /** A function of {@code cpuMs} of CPU work and {@code ioMs} of waiting; out of memory below {@code minMemory}. */
    static final class Simulated implements Target {
        final double cpuMs;
        final double ioMs;
        final int minMemory;
        final Map<String, Integer> aliases = new LinkedHashMap<>();
        final List<String> removed = new ArrayList<>();
        final List<String> invoked = new ArrayList<>();
        final List<String> payloads = new ArrayList<>();
        final List<String> processed = new ArrayList<>();
        int latestMemory = 1024;
        final Map<String, String> published = new LinkedHashMap<>();
        final SplittableRandom noise = new SplittableRandom(7);

        Simulated(double cpuMs, double ioMs, int minMemory) {
            this.cpuMs = cpuMs;
            this.ioMs = ioMs;
            this.minMemory = minMemory;
        }

        @Override public Function describe(String function) throws TuningException {
            if (!function.equals(FN)) throw new TuningException("ResourceNotFoundException", "Function not found: " + function);
            return new Function("report", FN, latestMemory, 30, "x86_64");
        }

        @Override public void prepare(String function, int memoryMb, String alias, String coldTag) {
            aliases.put(alias, memoryMb);
        }

        @Override public synchronized Measurement invoke(String function, String qualifier, byte[] payload) {
            if (function.equals("pre")) {
                return new Measurement(Optional.empty(), 1, 1, OptionalDouble.empty(), 10, "{\"prepared\": "
                        + new String(payload, StandardCharsets.UTF_8) + "}");
            }
            if (function.equals("post")) {
                processed.add(new String(payload, StandardCharsets.UTF_8));
                return new Measurement(Optional.empty(), 1, 1, OptionalDouble.empty(), 10, "{}");
            }
            invoked.add(qualifier);
            payloads.add(new String(payload, StandardCharsets.UTF_8));
            int memory = aliases.get(qualifier);
            if (memory < minMemory) {
                return new Measurement(Optional.of("Runtime.OutOfMemory"), 40, 40, OptionalDouble.empty(), memory, "{}");
            }
            double share = Math.min(1.0, memory / 1769.0);
            double d = cpuMs / share + ioMs + noise.nextDouble(0, 2);
            boolean cold = invoked.stream().filter(qualifier::equals).count() == 1;
            return new Measurement(Optional.empty(), d, Math.ceil(d), cold ? OptionalDouble.of(100) : OptionalDouble.empty(),
                    Math.min(memory, 60), "{\"ok\":true}");
        }

        @Override public void remove(String function, List<String> names) {
            removed.addAll(names);
            names.forEach(aliases::remove);
        }

        @Override public void setMemory(String function, int memoryMb) { latestMemory = memoryMb; }

        @Override public String publishAlias(String function, String alias) {
            published.put(alias, "" + latestMemory);
            return "7";
        }

        @Override public byte[] readObject(String bucket, String key) {
            return "{\"from\": \"s3\"}".getBytes(StandardCharsets.UTF_8);
        }
    }

    static ObjectNode input(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    /** The state machine's path, step by step, as the engine runs it. */
    static JsonNode tune(PowerTuning t, ObjectNode in) throws Exception {
        in.set("powerValues", t.initializer(in));
        ArrayNode stats = JSON.createArrayNode();
        for (JsonNode v : in.get("powerValues")) {
            ObjectNode item = JSON.createObjectNode();
            item.set("value", v);
            item.set("input", in);
            stats.add(t.executor(item));
        }
        in.set("stats", stats);
        t.cleaner(in);
        JsonNode analysis = t.analyzer(in);
        ObjectNode withAnalysis = in.deepCopy();
        withAnalysis.set("analysis", analysis);
        t.optimizer(withAnalysis);
        return analysis;
    }

    static PowerTuning tuner(Target target) {
        return new PowerTuning(target, PRICES, () -> "http://127.0.0.1:9001/power-tuning/");
    }

    @Test
    void a_cpu_bound_function_is_fastest_from_one_vcpu_and_the_cost_strategy_picks_the_cheapest_measured_size()
            throws Exception {
        var fn = new Simulated(400, 0, 0);
        String sizes = "'powerValues': [128, 512, 1024, 1769, 3008], 'num': 10, 'includeOutputResults': true";
        JsonNode speed = tune(tuner(fn), input("{'lambdaARN': '" + FN + "', 'strategy': 'speed', " + sizes + "}"));
        assertThat(speed.get("power").asInt()).isGreaterThanOrEqualTo(1769);
        JsonNode cost = tune(tuner(new Simulated(400, 0, 0)), input("{'lambdaARN': '" + FN + "', " + sizes + "}"));
        double cheapest = Double.MAX_VALUE;
        int cheapestPower = 0;
        for (JsonNode s : cost.get("stats")) {
            if (s.get("averagePrice").asDouble() < cheapest) {
                cheapest = s.get("averagePrice").asDouble();
                cheapestPower = s.get("value").asInt();
            }
        }
        assertThat(cost.get("power").asInt()).isEqualTo(cheapestPower);
        assertThat(cost.get("cost").asDouble()).isEqualTo(cheapest);
        JsonNode at128 = cost.get("stats").get(0);
        assertThat(at128.get("averageDuration").asDouble()).isGreaterThan(5000);   // 400 ms at 128/1769 of a vCPU
    }

    @Test
    void an_io_bound_function_is_cheapest_at_128_mb() throws Exception {
        JsonNode out = tune(tuner(new Simulated(0, 200, 0)), input("{'lambdaARN': '" + FN + "', 'num': 5, "
                + "'powerValues': [128, 256, 1024]}"));
        assertThat(out.get("power").asInt()).isEqualTo(128);
        assertThat(out.get("duration").asDouble()).isBetween(200.0, 230.0);
    }

    @Test
    void a_size_that_runs_out_of_memory_is_reported_and_left_out_while_the_others_are_measured() throws Exception {
        JsonNode out = tune(tuner(new Simulated(50, 0, 256)), input("{'lambdaARN': '" + FN + "', 'num': 5, "
                + "'powerValues': [128, 256, 512], 'includeOutputResults': true}"));
        assertThat(out.get("power").asInt()).isIn(256, 512);
        JsonNode at128 = out.get("stats").get(0);
        assertThat(at128.get("value").asInt()).isEqualTo(128);
        assertThat(at128.get("failure").asText()).isEqualTo("Runtime.OutOfMemory");
        assertThat(at128.get("errors").asInt()).as("one is enough: the size is left out").isEqualTo(1);
        assertThat(out.get("warnings").toString()).contains("128 MB failed (Runtime.OutOfMemory)");
        assertThat(out.get("stats").get(1).has("failure")).isFalse();
    }

    @Test
    void when_no_size_can_run_the_function_the_analyzer_fails_and_says_why_for_each() throws Exception {
        assertThatThrownBy(() -> tune(tuner(new Simulated(50, 0, 4096)), input("{'lambdaARN': '" + FN + "', "
                + "'num': 5, 'powerValues': [128, 256]}"))).isInstanceOf(TuningException.class)
                .hasMessage("No memory size could be measured: 128 MB Runtime.OutOfMemory; 256 MB Runtime.OutOfMemory");
    }

    @Test
    void the_output_has_the_original_shape_and_its_visualization_link_decodes_to_the_same_numbers() throws Exception {
        JsonNode out = tune(tuner(new Simulated(100, 10, 0)), input("{'lambdaARN': '" + FN + "', 'num': 6, "
                + "'powerValues': [512, 128, 256]}"));
        assertThat(out.fieldNames()).toIterable().containsExactly("power", "cost", "duration", "stateMachine");
        assertThat(out.get("power").isInt()).isTrue();
        assertThat(out.get("cost").isDouble()).isTrue();
        assertThat(out.get("duration").isDouble()).isTrue();
        JsonNode sm = out.get("stateMachine");
        assertThat(sm.fieldNames()).toIterable().containsExactly("executionCost", "lambdaCost", "visualization");
        assertThat(sm.get("executionCost").asDouble()).isCloseTo(0.000025 * (6 + 3 * 3), within(1e-12));
        assertThat(sm.get("lambdaCost").asDouble()).isPositive();
        String link = sm.get("visualization").asText();
        assertThat(link).startsWith("http://127.0.0.1:9001/power-tuning/#");
        List<Visualization.Point> points = Visualization.decode(link);
        assertThat(points).extracting(Visualization.Point::power).containsExactly(128, 256, 512);
        JsonNode withStats = tune(tuner(new Simulated(100, 10, 0)), input("{'lambdaARN': '" + FN + "', 'num': 6, "
                + "'powerValues': [512, 128, 256], 'includeOutputResults': true}"));
        Visualization.Point best = Visualization.decode(withStats.get("stateMachine").get("visualization").asText())
                .stream().filter(p -> p.power() == withStats.get("power").asInt()).findFirst().orElseThrow();
        assertThat(best.duration()).isEqualTo((float) withStats.get("duration").asDouble());
        assertThat(best.cost()).isEqualTo((float) withStats.get("cost").asDouble());
        for (JsonNode s : withStats.get("stats")) {
            assertThat(s.fieldNames()).toIterable().startsWith("value", "averagePrice", "averageDuration", "totalCost");
        }
    }

    @Test
    void the_price_of_an_invocation_is_billed_ms_times_the_base_cost_times_memory_over_128() {
        assertThat(PRICES.invocation("x86_64", 1024, 100.2)).isCloseTo(101 * 2.1e-9 * 8, within(1e-18));
        assertThat(PRICES.invocation("arm64", 128, 10)).isCloseTo(10 * 1.7e-9, within(1e-18));
    }

    @Test
    void the_trimmed_mean_discards_the_top_and_bottom_share_and_percentiles_use_every_invocation() {
        List<Measurement> ms = new ArrayList<>();
        for (double d : new double[] {100, 10, 11, 12, 13, 14, 15, 16, 17, 1}) {
            ms.add(new Measurement(Optional.empty(), d, d, OptionalDouble.empty(), 50, "{}"));
        }
        SizeStats s = Stats.of(128, "x86_64", ms, List.of(), 0.2, PRICES);
        assertThat(s.averageDuration()).isEqualTo((11 + 12 + 13 + 14 + 15 + 16) / 6.0);
        assertThat(s.p50()).isEqualTo(13);
        assertThat(s.p99()).isEqualTo(100);
        assertThat(s.invocations()).isEqualTo(10);
        assertThat(Stats.of(128, "x86_64", ms, List.of(), 0, PRICES).averageDuration()).isEqualTo(209 / 10.0);
    }

    @Test
    void allowed_exceptions_count_as_measurements_and_other_function_errors_exclude_the_size() {
        List<Measurement> ms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ms.add(new Measurement(i == 0 ? Optional.of("NotFound") : Optional.empty(), 20, 20, OptionalDouble.empty(), 50, "{}"));
        }
        assertThat(Stats.of(256, "x86_64", ms, List.of("NotFound"), 0.2, PRICES).failure()).isEmpty();
        assertThat(Stats.of(256, "x86_64", ms, List.of(), 0.2, PRICES).failure()).contains("NotFound");
    }

    @Test
    void balanced_weighs_cost_against_speed_and_its_extremes_are_the_cost_and_speed_strategies() throws Exception {
        List<SizeStats> sizes = List.of(size(128, 1000, 2.0e-6), size(512, 300, 2.5e-6), size(2048, 100, 4.0e-6));
        assertThat(Analysis.recommend(sizes, "balanced", 1.0).power()).isEqualTo(128);
        assertThat(Analysis.recommend(sizes, "balanced", 0.0).power()).isEqualTo(2048);
        assertThat(Analysis.recommend(sizes, "balanced", 0.5).power()).isEqualTo(512);
        assertThat(Analysis.recommend(sizes, "cost", 0.5).power()).isEqualTo(128);
        assertThat(Analysis.recommend(sizes, "speed", 0.5).power()).isEqualTo(2048);
        List<SizeStats> tie = List.of(size(128, 200, 1e-6), size(256, 100, 1e-6));
        assertThat(Analysis.recommend(tie, "cost", 0.5).power()).as("a tie in cost goes to the faster").isEqualTo(256);
    }

    static SizeStats size(int power, double duration, double price) {
        return new SizeStats(power, 5, 0, Optional.empty(), duration, duration, duration, duration, duration,
                OptionalDouble.empty(), price, price, price, 5 * price, 50, 0.01);
    }

    @Test
    void warnings_flag_a_wide_spread_and_a_runner_up_within_the_noise_of_the_strategys_measure() throws Exception {
        SizeStats noisy = new SizeStats(128, 5, 0, Optional.empty(), 100, 100, 100, 100, 100, OptionalDouble.empty(),
                1.00e-6, 1.00e-6, 1e-6, 5e-6, 50, 0.4);
        SizeStats close = new SizeStats(256, 5, 0, Optional.empty(), 60, 60, 60, 60, 60, OptionalDouble.empty(),
                1.05e-6, 1.05e-6, 1e-6, 5e-6, 50, 0.02);
        SizeStats far = new SizeStats(1024, 5, 0, Optional.empty(), 50, 50, 50, 50, 50, OptionalDouble.empty(),
                9e-6, 9e-6, 9e-6, 5e-5, 50, 0.02);
        List<String> cost = Analysis.warnings(List.of(noisy, close, far), noisy, "cost", 0.5);
        assertThat(cost).anySatisfy(w -> assertThat(w).startsWith("the durations at 128 MB vary widely (40% of"))
                .anySatisfy(w -> assertThat(w).startsWith("256 MB comes close to the recommended 128 MB"));
        SizeStats steady = new SizeStats(128, 5, 0, Optional.empty(), 100, 100, 100, 100, 100, OptionalDouble.empty(),
                1.00e-6, 1.00e-6, 1e-6, 5e-6, 50, 0.01);
        assertThat(Analysis.warnings(List.of(steady, close, far), steady, "cost", 0.5)).isEmpty();
        assertThat(Analysis.warnings(List.of(steady, close, far), far, "speed", 0.5))
                .as("by speed 1024 MB is clear of 256 MB").isEmpty();
    }

    @Test
    void the_initializer_publishes_an_alias_per_size_and_the_cleaner_removes_them_all() throws Exception {
        var fn = new Simulated(10, 0, 0);
        PowerTuning t = tuner(fn);
        ObjectNode in = input("{'lambdaARN': '" + FN + "', 'num': 5, 'powerValues': ['256', 128]}");
        assertThat(t.initializer(in).toString()).isEqualTo("[128,256]");
        assertThat(fn.aliases).containsExactly(Map.entry("RAM128", 128), Map.entry("RAM256", 256));
        t.cleaner(in);
        assertThat(fn.removed).containsExactly("RAM128", "RAM256");
        assertThat(fn.aliases).isEmpty();

        var cold = new Simulated(10, 0, 0);
        tune(tuner(cold), input("{'lambdaARN': '" + FN + "', 'num': 5, 'powerValues': [128], 'onlyColdStarts': true}"));
        assertThat(cold.invoked).containsExactly("RAM128-0", "RAM128-1", "RAM128-2", "RAM128-3", "RAM128-4");
        assertThat(cold.removed).hasSize(5);
    }

    @Test
    void weighted_payloads_share_the_invocations_by_weight() throws Exception {
        var fn = new Simulated(10, 0, 0);
        tune(tuner(fn), input("{'lambdaARN': '" + FN + "', 'num': 10, 'powerValues': [128], 'payload': "
                + "[{'payload': {'k': 'a'}, 'weight': 3}, {'payload': {'k': 'b'}, 'weight': 1}]}"));
        assertThat(fn.payloads).filteredOn(p -> p.contains("\"a\"")).hasSize(8);
        assertThat(fn.payloads).filteredOn(p -> p.contains("\"b\"")).hasSize(2);
        var s3 = new Simulated(10, 0, 0);
        tune(tuner(s3), input("{'lambdaARN': '" + FN + "', 'num': 5, 'powerValues': [128], 'payloadS3': 's3://b/k.json'}"));
        assertThat(s3.payloads).containsOnly("{\"from\":\"s3\"}");
    }

    @Test
    void a_pre_processor_prepares_each_payload_and_a_post_processor_sees_each_output() throws Exception {
        var fn = new Simulated(10, 0, 0);
        tune(tuner(fn), input("{'lambdaARN': '" + FN + "', 'num': 5, 'powerValues': [128], 'payload': {'k': 1}, "
                + "'preProcessorARN': 'pre', 'postProcessorARN': 'post'}"));
        assertThat(fn.payloads).hasSize(5).containsOnly("{\"prepared\":{\"k\":1}}");
        assertThat(fn.processed).hasSize(5).containsOnly("{\"ok\":true}");
    }

    @Test
    void a_dry_run_validates_and_publishes_and_cleans_up_without_invoking() throws Exception {
        var fn = new Simulated(10, 0, 0);
        JsonNode out = tune(tuner(fn), input("{'lambdaARN': '" + FN + "', 'num': 5, 'powerValues': [128, 256], "
                + "'dryRun': true, 'autoOptimize': true}"));
        assertThat(out.toString()).isEqualTo("{\"dryRun\":true,\"powerValues\":[128,256]}");
        assertThat(fn.invoked).isEmpty();
        assertThat(fn.removed).containsExactly("RAM128", "RAM256");
        assertThat(fn.latestMemory).isEqualTo(1024);
    }

    @Test
    void auto_optimize_sets_the_recommended_memory_and_moves_the_alias() throws Exception {
        var fn = new Simulated(0, 50, 0);
        tune(tuner(fn), input("{'lambdaARN': '" + FN + "', 'num': 5, 'powerValues': [128, 1024], 'autoOptimize': true, "
                + "'autoOptimizeAlias': 'live'}"));
        assertThat(fn.latestMemory).isEqualTo(128);
        assertThat(fn.published).containsEntry("live", "128");
        var untouched = new Simulated(0, 50, 0);
        tune(tuner(untouched), input("{'lambdaARN': '" + FN + "', 'num': 5, 'powerValues': [128, 256]}"));
        assertThat(untouched.latestMemory).isEqualTo(1024);
    }

    @Test
    void bad_input_is_refused_with_the_originals_messages() {
        String[][] cases = {
            {"{'num': 10}", "Missing or empty lambdaARN"},
            {"{'lambdaARN': 'f', 'num': 4}", "Missing num or num below 5"},
            {"{'lambdaARN': 'f'}", "Missing num or num below 5"},
            {"{'lambdaARN': 'f', 'num': 5, 'strategy': 'fast'}", "Invalid strategy: fast (cost, speed or balanced)"},
            {"{'lambdaARN': 'f', 'num': 5, 'balancedWeight': 2}", "Invalid balancedWeight: 2.0 (between 0 and 1)"},
            {"{'lambdaARN': 'f', 'num': 5, 'discardTopBottom': 0.5}", "Invalid discardTopBottom: 0.5 (between 0 and 0.4)"},
            {"{'lambdaARN': 'f', 'num': 5, 'powerValues': [64]}", "Invalid power value: 64 (between 128 and 10240 MB)"},
            {"{'lambdaARN': 'f', 'num': 5, 'powerValues': []}", "Invalid powerValues: a non-empty list of memory sizes"},
            {"{'lambdaARN': 'f', 'num': 5, 'payloadS3': 'bucket/key'}", "Invalid payloadS3: bucket/key (s3://BUCKET/KEY)"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> TuningInput.parse(input(c[0]))).as(c[0]).isInstanceOf(TuningException.class)
                    .hasMessage(c[1]);
        }
    }
}
