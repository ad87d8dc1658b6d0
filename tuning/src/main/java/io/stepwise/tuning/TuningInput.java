package io.stepwise.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The original tool's input (aws-lambda-power-tuning 4.4, README "State machine input"), validated with its defaults.
 *
 * @param payloads the payloads with their weights: one of weight 1 for a plain {@code payload}; the list of
 *                 {@code {payload, weight}} for a weighted one
 */
public record TuningInput(String lambdaARN, int num, List<Integer> powerValues, List<Weighted> payloads,
                          Optional<String> payloadS3, boolean parallelInvocation, String strategy,
                          double balancedWeight, boolean autoOptimize, Optional<String> autoOptimizeAlias,
                          boolean dryRun, Optional<String> preProcessorARN, Optional<String> postProcessorARN,
                          double discardTopBottom, long sleepBetweenRunsMs, boolean onlyColdStarts,
                          boolean includeOutputResults, List<String> allowedExceptions, boolean disablePayloadLogs) {

    /** The original's default power values. */
    public static final List<Integer> DEFAULT_POWER_VALUES = List.of(128, 256, 512, 1024, 1536, 3008);
    public static final int MIN_MEMORY = 128;
    public static final int MAX_MEMORY = 10240;

    public record Weighted(JsonNode payload, double weight) {}

    public static TuningInput parse(JsonNode in) throws TuningException {
        if (in == null || !in.isObject()) throw invalid("The input must be a JSON object");
        String arn = in.path("lambdaARN").asText("");
        if (arn.isBlank()) throw invalid("Missing or empty lambdaARN");
        JsonNode n = in.get("num");
        int num;
        if (n != null && n.isIntegralNumber() && n.canConvertToInt()) num = n.asInt();
        else if (n != null && n.isTextual() && n.asText().matches("\\d{1,9}")) num = Integer.parseInt(n.asText());
        else throw invalid("Missing num or num below 5");
        if (num < 5) throw invalid("Missing num or num below 5");
        List<Integer> powers = powerValues(in.get("powerValues"));
        String strategy = in.path("strategy").asText("cost");
        if (!List.of("cost", "speed", "balanced").contains(strategy)) {
            throw invalid("Invalid strategy: " + strategy + " (cost, speed or balanced)");
        }
        double weight = number(in, "balancedWeight", 0.5);
        if (weight < 0 || weight > 1) throw invalid("Invalid balancedWeight: " + weight + " (between 0 and 1)");
        double discard = number(in, "discardTopBottom", 0.2);
        if (discard < 0 || discard > 0.4) throw invalid("Invalid discardTopBottom: " + discard + " (between 0 and 0.4)");
        long sleep = (long) number(in, "sleepBetweenRunsMs", 0);
        if (sleep < 0) throw invalid("Invalid sleepBetweenRunsMs: " + sleep);
        List<String> allowed = new ArrayList<>();
        JsonNode a = in.path("allowedExceptions");
        if (!a.isMissingNode() && !a.isNull()) {
            if (!a.isArray()) throw invalid("Invalid allowedExceptions: a list of error types");
            a.forEach(x -> allowed.add(x.asText()));
        }
        Optional<String> s3 = text(in, "payloadS3");
        if (s3.isPresent() && !s3.get().matches("s3://[^/]+/.+")) {
            throw invalid("Invalid payloadS3: " + s3.get() + " (s3://BUCKET/KEY)");
        }
        return new TuningInput(arn, num, powers, payloads(in.get("payload"), num), s3,
                in.path("parallelInvocation").asBoolean(false), strategy, weight,
                in.path("autoOptimize").asBoolean(false), text(in, "autoOptimizeAlias"),
                in.path("dryRun").asBoolean(false), text(in, "preProcessorARN"), text(in, "postProcessorARN"), discard,
                sleep, in.path("onlyColdStarts").asBoolean(false), in.path("includeOutputResults").asBoolean(false),
                List.copyOf(allowed), in.path("disablePayloadLogs").asBoolean(false));
    }

    private static List<Integer> powerValues(JsonNode p) throws TuningException {
        if (p == null || p.isNull()) return DEFAULT_POWER_VALUES;
        if (!p.isArray() || p.isEmpty()) throw invalid("Invalid powerValues: a non-empty list of memory sizes");
        List<Integer> out = new ArrayList<>();
        for (JsonNode v : p) {
            int m;
            try {
                m = Integer.parseInt(v.asText().strip());
            } catch (NumberFormatException e) {
                throw invalid("Invalid power value: " + v);
            }
            if (m < MIN_MEMORY || m > MAX_MEMORY) {
                throw invalid("Invalid power value: " + m + " (between " + MIN_MEMORY + " and " + MAX_MEMORY + " MB)");
            }
            if (!out.contains(m)) out.add(m);
        }
        out.sort(Integer::compare);
        return List.copyOf(out);
    }

    /** A weighted payload is a list whose every element has {@code payload} and a numeric {@code weight}. */
    private static List<Weighted> payloads(JsonNode p, int num) throws TuningException {
        if (p == null) return List.of(new Weighted(JsonNodeFactory.instance.objectNode(), 1));
        boolean weighted = p.isArray() && !p.isEmpty();
        if (weighted) {
            for (JsonNode e : p) weighted &= e.isObject() && e.has("payload") && e.path("weight").isNumber();
        }
        if (!weighted) return List.of(new Weighted(p, 1));
        List<Weighted> out = new ArrayList<>();
        for (JsonNode e : p) {
            double w = e.get("weight").asDouble();
            if (w <= 0) throw invalid("Invalid weight: " + w + " (a positive number)");
            out.add(new Weighted(e.get("payload"), w));
        }
        if (out.size() > num) {
            throw invalid("You have " + out.size() + " weighted payloads and num is " + num + ": num must be at least "
                    + "the number of payloads");
        }
        return List.copyOf(out);
    }

    /**
     * The payload of each of the {@code num} invocations: each weighted payload gets its share (largest remainders
     * first, so the counts add up to {@code num}), in the order given.
     */
    public List<JsonNode> invocationPayloads() {
        double total = payloads.stream().mapToDouble(Weighted::weight).sum();
        int[] counts = new int[payloads.size()];
        double[] rest = new double[payloads.size()];
        int given = 0;
        for (int i = 0; i < counts.length; i++) {
            double exact = num * payloads.get(i).weight() / total;
            counts[i] = (int) Math.floor(exact);
            rest[i] = exact - counts[i];
            given += counts[i];
        }
        while (given < num) {
            int best = 0;
            for (int i = 1; i < rest.length; i++) if (rest[i] > rest[best]) best = i;
            counts[best]++;
            rest[best] = -1;
            given++;
        }
        List<JsonNode> out = new ArrayList<>(num);
        for (int i = 0; i < counts.length; i++) for (int k = 0; k < counts[i]; k++) out.add(payloads.get(i).payload());
        return out;
    }

    private static double number(JsonNode in, String field, double otherwise) throws TuningException {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) return otherwise;
        if (v.isNumber()) return v.asDouble();
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            throw invalid("Invalid " + field + ": " + v);
        }
    }

    private static Optional<String> text(JsonNode in, String field) {
        JsonNode v = in.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
    }

    static TuningException invalid(String message) {
        return new TuningException("Error", message);
    }
}
