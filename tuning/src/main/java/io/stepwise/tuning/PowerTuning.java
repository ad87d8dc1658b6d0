package io.stepwise.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The original tool's five steps (aws-lambda-power-tuning 4.4: initializer, executor, cleaner, analyzer, optimizer),
 * each a function of its task's input, run by the state machine {@link #DEFINITION} on Stepwise's own engine.
 *
 * <p>Design note. As in the original, the initializer publishes one version per memory size behind an alias
 * {@code RAM<size>} (one per invocation, {@code RAM<size>-<i>}, for {@code onlyColdStarts}), the executor invokes
 * that alias {@code num} times, the cleaner deletes the aliases and versions, the analyzer picks the size by strategy
 * and the optimizer applies it when asked. $LATEST keeps its configuration throughout unless the optimizer changes it.
 * Unlike the original, a size that runs out of memory, times out, is throttled or fails is reported and left out
 * rather than failing the run; the sizes are measured one after another (the Map's MaxConcurrency is 1) so that on one
 * machine they do not compete for its cores.
 */
public final class PowerTuning {
    /** The state machine's name when Stepwise installs it. */
    public static final String MACHINE_NAME = "stepwise-power-tuning";
    /** Its definition (resource {@code power-tuning.asl.json}); Tasks call {@code arn:aws:states:::stepwise:powerTuning*}. */
    public static final String DEFINITION = resource("power-tuning.asl.json");
    /** The task actions of the definition, in the order they run. */
    public static final List<String> ACTIONS = List.of("powerTuningInitializer", "powerTuningExecutor",
            "powerTuningCleaner", "powerTuningAnalyzer", "powerTuningOptimizer");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Target target;
    private final Prices prices;
    private final java.util.function.Supplier<String> visualizationBase;

    /** @param visualizationBase where the visualization link points (the server's {@code /console/power-tuning}) */
    public PowerTuning(Target target, Prices prices, java.util.function.Supplier<String> visualizationBase) {
        this.target = target;
        this.prices = prices;
        this.visualizationBase = visualizationBase;
    }

    /** Runs one step by its task action. */
    public JsonNode run(String action, JsonNode input) throws TuningException {
        return switch (action) {
            case "powerTuningInitializer" -> initializer(input);
            case "powerTuningExecutor" -> executor(input);
            case "powerTuningCleaner" -> cleaner(input);
            case "powerTuningAnalyzer" -> analyzer(input);
            case "powerTuningOptimizer" -> optimizer(input);
            default -> throw new TuningException("States.Runtime", "no power tuning step " + action);
        };
    }

    static String alias(int power) { return "RAM" + power; }

    static String coldAlias(int power, int i) { return "RAM" + power + "-" + i; }

    /** Validates the input and publishes a version per size behind its alias; answers the sizes, for the Map. */
    public JsonNode initializer(JsonNode input) throws TuningException {
        TuningInput in = TuningInput.parse(input);
        target.describe(in.lambdaARN());
        ArrayNode powers = JsonNodeFactory.instance.arrayNode();
        for (int power : in.powerValues()) {
            if (in.onlyColdStarts()) {
                for (int i = 0; i < in.num(); i++) target.prepare(in.lambdaARN(), power, coldAlias(power, i), "" + i);
            } else {
                target.prepare(in.lambdaARN(), power, alias(power), "");
            }
            powers.add(power);
        }
        return powers;
    }

    /** Invokes one size {@code num} times: input {@code {value, input}}; answers its stats. */
    public JsonNode executor(JsonNode input) throws TuningException {
        int power = input.path("value").asInt();
        TuningInput in = TuningInput.parse(input.path("input"));
        Target.Function fn = target.describe(in.lambdaARN());
        if (in.dryRun()) {
            return Analysis.stat(new SizeStats(power, 0, 0, Optional.of("dryRun"), 0, 0, 0, 0, 0,
                    OptionalDouble.empty(), 0, 0, 0, 0, 0, 0), prices);
        }
        List<JsonNode> payloads = in.payloadS3().isPresent() ? List.copyOf(java.util.Collections.nCopies(in.num(),
                s3Payload(in.payloadS3().get()))) : in.invocationPayloads();
        List<Measurement> measured = new ArrayList<>();
        if (in.parallelInvocation()) {
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Measurement>> futures = new ArrayList<>();
                for (int i = 0; i < in.num(); i++) {
                    int k = i;
                    futures.add(pool.submit(() -> once(in, power, k, payloads.get(k))));
                }
                for (Future<Measurement> f : futures) measured.add(get(f));
            }
        } else {
            for (int i = 0; i < in.num(); i++) {
                if (i > 0 && in.sleepBetweenRunsMs() > 0) sleep(in.sleepBetweenRunsMs());
                Measurement m = once(in, power, i, payloads.get(i));
                measured.add(m);
                // out of memory or out of time once is enough to leave the size out: its other invocations are spared
                if (m.error().filter(Stats.SIZE_FAILURES::contains).filter(e -> !e.startsWith("TooMany")).isPresent()) {
                    break;
                }
            }
        }
        SizeStats s = Stats.of(power, fn.architecture(), measured, in.allowedExceptions(), in.discardTopBottom(),
                prices);
        return Analysis.stat(s, prices);
    }

    private Measurement once(TuningInput in, int power, int i, JsonNode payload) throws TuningException {
        JsonNode event = payload;
        if (in.preProcessorARN().isPresent()) {
            Measurement pre = target.invoke(in.preProcessorARN().get(), "$LATEST", bytes(payload));
            if (!pre.ok()) {
                throw new TuningException("PreProcessorError", "the pre-processor failed with "
                        + pre.error().get() + ": " + pre.output());
            }
            event = parse(pre.output());
        }
        String qualifier = in.onlyColdStarts() ? coldAlias(power, i) : alias(power);
        Measurement m = target.invoke(in.lambdaARN(), qualifier, bytes(event));
        if (in.postProcessorARN().isPresent()) {
            Measurement post = target.invoke(in.postProcessorARN().get(), "$LATEST", m.output()
                    .getBytes(StandardCharsets.UTF_8));
            if (!post.ok()) {
                throw new TuningException("PostProcessorError", "the post-processor failed with "
                        + post.error().get() + ": " + post.output());
            }
        }
        return m;
    }

    /** Deletes the aliases and versions of every size. */
    public JsonNode cleaner(JsonNode input) throws TuningException {
        TuningInput in = TuningInput.parse(input);
        List<String> aliases = new ArrayList<>();
        for (int power : in.powerValues()) {
            if (in.onlyColdStarts()) {
                for (int i = 0; i < in.num(); i++) aliases.add(coldAlias(power, i));
            } else {
                aliases.add(alias(power));
            }
        }
        target.remove(in.lambdaARN(), aliases);
        return JsonNodeFactory.instance.objectNode();
    }

    /** Input: the tuning input with {@code stats}, the executors' answers; answers the output. */
    public JsonNode analyzer(JsonNode input) throws TuningException {
        TuningInput in = TuningInput.parse(input);
        List<SizeStats> sizes = new ArrayList<>();
        for (JsonNode s : input.path("stats")) sizes.add(parseStat(s));
        if (in.dryRun()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("dryRun", true);
            o.set("powerValues", JSON.valueToTree(in.powerValues()));
            return o;
        }
        return Analysis.output(sizes, in, visualizationBase.get(), prices);
    }

    /** Input: the tuning input with {@code analysis}; with autoOptimize, $LATEST (and the alias) get the size. */
    public JsonNode optimizer(JsonNode input) throws TuningException {
        TuningInput in = TuningInput.parse(input);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (!in.autoOptimize() || in.dryRun() || !input.path("analysis").has("power")) return out;
        int power = input.path("analysis").path("power").asInt();
        target.setMemory(in.lambdaARN(), power);
        out.put("memorySize", power);
        if (in.autoOptimizeAlias().isPresent()) {
            out.put("alias", in.autoOptimizeAlias().get());
            out.put("version", target.publishAlias(in.lambdaARN(), in.autoOptimizeAlias().get()));
        }
        return out;
    }

    /** A size's stats as the executor answers them (and the output's {@code stats} lists them). */
    public static SizeStats parseStat(JsonNode s) {
        return new SizeStats(s.path("value").asInt(), s.path("invocations").asInt(), s.path("errors").asInt(),
                Optional.ofNullable(s.get("failure")).map(JsonNode::asText), s.path("averageDuration").asDouble(),
                s.path("p50").asDouble(), s.path("p90").asDouble(), s.path("p99").asDouble(),
                s.path("averageBilledDuration").asDouble(),
                s.has("averageInitDuration") ? OptionalDouble.of(s.get("averageInitDuration").asDouble())
                        : OptionalDouble.empty(),
                s.path("averagePrice").asDouble(), s.path("averagePriceX86_64").asDouble(),
                s.path("averagePriceArm64").asDouble(), s.path("totalCost").asDouble(),
                s.path("maxMemoryUsed").asInt(), s.path("spread").asDouble());
    }

    private JsonNode s3Payload(String url) throws TuningException {
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        return parse(new String(target.readObject(rest.substring(0, slash), rest.substring(slash + 1)),
                StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String text) throws TuningException {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new TuningException("Error", "not JSON: " + e.getMessage());
        }
    }

    private static byte[] bytes(JsonNode payload) {
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Measurement get(Future<Measurement> f) throws TuningException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TuningException t) throw t;
            throw new TuningException("Error", "an invocation failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuningException("Error", "interrupted");
        }
    }

    private static void sleep(long ms) throws TuningException {
        try {
            Thread.sleep(ms);   // sleepBetweenRunsMs: the user asked for real time between invocations
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuningException("Error", "interrupted");
        }
    }

    private static String resource(String name) {
        try (var in = PowerTuning.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("io/stepwise/tuning/" + name + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
