package io.stepwise.tuning;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The analyzer: the recommended size by strategy, and the output in the original's shape
 * ({@code {power, cost, duration, stateMachine: {executionCost, lambdaCost, visualization}, stats}}).
 *
 * <p>Strategies (DESIGN.md §5): {@code cost} the cheapest (ties: the faster), {@code speed} the fastest (ties: the
 * cheaper), {@code balanced} the lowest {@code w * cost / maxCost + (1 - w) * duration / maxDuration}. Sizes that
 * failed (out of memory, timed out, throttled, a function error not allowed) are not candidates.
 */
public final class Analysis {
    private Analysis() {}

    /** A spread (coefficient of variation) above this makes a ranking doubtful. */
    static final double WIDE_SPREAD = 0.25;

    public static SizeStats recommend(List<SizeStats> sizes, String strategy, double balancedWeight)
            throws TuningException {
        List<SizeStats> candidates = sizes.stream().filter(SizeStats::measured).toList();
        if (candidates.isEmpty()) {
            throw new TuningException("Error", "No memory size could be measured: " + String.join("; ", sizes.stream()
                    .map(s -> s.power() + " MB " + s.failure().orElse("?")).toList()));
        }
        Comparator<SizeStats> byCost = Comparator.comparingDouble(SizeStats::averagePrice);
        Comparator<SizeStats> bySpeed = Comparator.comparingDouble(SizeStats::averageDuration);
        return switch (strategy) {
            case "speed" -> candidates.stream().min(bySpeed.thenComparing(byCost)).orElseThrow();
            case "balanced" -> {
                double maxCost = candidates.stream().mapToDouble(SizeStats::averagePrice).max().orElse(1);
                double maxDuration = candidates.stream().mapToDouble(SizeStats::averageDuration).max().orElse(1);
                yield candidates.stream().min(Comparator.comparingDouble((SizeStats s) ->
                        balancedWeight * ratio(s.averagePrice(), maxCost)
                                + (1 - balancedWeight) * ratio(s.averageDuration(), maxDuration))
                        .thenComparing(byCost)).orElseThrow();
            }
            default -> candidates.stream().min(byCost.thenComparing(bySpeed)).orElseThrow();
        };
    }

    private static double ratio(double v, double max) { return max == 0 ? 0 : v / max; }

    /** What the strategy minimizes. */
    static java.util.function.ToDoubleFunction<SizeStats> score(List<SizeStats> candidates, String strategy,
                                                               double balancedWeight) {
        double maxCost = candidates.stream().mapToDouble(SizeStats::averagePrice).max().orElse(1);
        double maxDuration = candidates.stream().mapToDouble(SizeStats::averageDuration).max().orElse(1);
        return switch (strategy) {
            case "speed" -> SizeStats::averageDuration;
            case "balanced" -> s -> balancedWeight * ratio(s.averagePrice(), maxCost)
                    + (1 - balancedWeight) * ratio(s.averageDuration(), maxDuration);
            default -> SizeStats::averagePrice;
        };
    }

    /** The original's own cost: 0.000025 x (6 + 3N) for N power values (its state transitions). */
    public static double executionCost(int powerValues, Prices prices) {
        return prices.perTransition() * (6 + 3 * powerValues);
    }

    /**
     * The output. {@code stats} (with {@code includeOutputResults}) has the original's {@code value},
     * {@code averagePrice}, {@code averageDuration}, {@code totalCost}, then Stepwise's figures; Stepwise's
     * {@code warnings} come with it.
     */
    public static ObjectNode output(List<SizeStats> sizes, TuningInput in, String visualizationBase, Prices prices)
            throws TuningException {
        SizeStats best = recommend(sizes, in.strategy(), in.balancedWeight());
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("power", best.power());
        o.put("cost", best.averagePrice());
        o.put("duration", best.averageDuration());
        ObjectNode sm = o.putObject("stateMachine");
        sm.put("executionCost", round(executionCost(in.powerValues().size(), prices)));
        sm.put("lambdaCost", sizes.stream().mapToDouble(SizeStats::totalCost).sum());
        List<Visualization.Point> points = new ArrayList<>();
        for (SizeStats s : sizes) {
            if (s.measured()) {
                points.add(new Visualization.Point(s.power(), (float) s.averageDuration(), (float) s.averagePrice()));
            }
        }
        sm.put("visualization", Visualization.link(visualizationBase, points));
        if (in.includeOutputResults()) {
            ArrayNode stats = o.putArray("stats");
            for (SizeStats s : sizes) stats.add(stat(s, prices));
            ArrayNode warnings = o.putArray("warnings");
            warnings(sizes, best, in.strategy(), in.balancedWeight()).forEach(warnings::add);
        }
        return o;
    }

    static ObjectNode stat(SizeStats s, Prices prices) {
        ObjectNode x = JsonNodeFactory.instance.objectNode();
        x.put("value", s.power());
        x.put("averagePrice", s.averagePrice());
        x.put("averageDuration", s.averageDuration());
        x.put("totalCost", s.totalCost());
        x.put("invocations", s.invocations());
        x.put("errors", s.errors());
        s.failure().ifPresent(e -> x.put("failure", e));
        x.put("p50", s.p50());
        x.put("p90", s.p90());
        x.put("p99", s.p99());
        x.put("averageBilledDuration", s.averageBilledDuration());
        s.averageInitDuration().ifPresent(d -> x.put("averageInitDuration", d));
        x.put("averagePriceX86_64", s.averagePriceX86());
        x.put("averagePriceArm64", s.averagePriceArm64());
        x.put("pricePerMillion", s.averagePrice() * 1_000_000 + prices.perRequest() * 1_000_000);
        x.put("maxMemoryUsed", s.maxMemoryUsedMb());
        x.put("spread", s.spread());
        return x;
    }

    /** Where the numbers should not be trusted as they stand. */
    static List<String> warnings(List<SizeStats> sizes, SizeStats best, String strategy, double balancedWeight) {
        List<String> out = new ArrayList<>();
        for (SizeStats s : sizes) {
            if (s.measured() && s.spread() > WIDE_SPREAD) {
                out.add(String.format(Locale.ROOT, "the durations at %d MB vary widely (%.0f%% of their mean): run more "
                        + "invocations (num) before trusting a ranking there", s.power(), 100 * s.spread()));
            }
            s.failure().ifPresent(e -> out.add(s.power() + " MB failed (" + e + ") and is not a candidate"));
        }
        // the runner-up by the strategy's own measure, and whether the measurements' noise could swap the two
        List<SizeStats> measured = sizes.stream().filter(SizeStats::measured).toList();
        java.util.function.ToDoubleFunction<SizeStats> score = score(measured, strategy, balancedWeight);
        Optional<SizeStats> runnerUp = measured.stream().filter(s -> s != best)
                .min(Comparator.comparingDouble(score));
        runnerUp.filter(r -> Math.abs(score.applyAsDouble(r) - score.applyAsDouble(best))
                        < Math.max(best.spread(), r.spread()) * score.applyAsDouble(best))
                .ifPresent(r -> out.add(r.power() + " MB comes close to the recommended " + best.power() + " MB: "
                        + "they differ by less than the spread of their durations, so another run may rank them "
                        + "the other way"));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }
}
