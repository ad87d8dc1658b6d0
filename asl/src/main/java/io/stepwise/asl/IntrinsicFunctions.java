package io.stepwise.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.StringTokenizer;
import java.util.random.RandomGenerator;

/** Runs intrinsic function calls; run-time failures are {@code States.IntrinsicFailure}. */
final class IntrinsicFunctions {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_RANGE = 1000;
    private static final int MAX_STRING = 10_000;

    private IntrinsicFunctions() {}

    static JsonNode evaluate(IntrinsicArg.Call call, Scope scope) throws StatesError {
        var args = new ArrayList<JsonNode>();
        for (IntrinsicArg arg : call.args()) args.add(value(arg, scope));
        return apply(call.function(), call.args(), args, scope);
    }

    private static JsonNode value(IntrinsicArg arg, Scope scope) throws StatesError {
        return switch (arg) {
            case IntrinsicArg.Literal l -> l.value();
            case IntrinsicArg.Path p -> p.path().read(scope);
            case IntrinsicArg.Call c -> evaluate(c, scope);
        };
    }

    private static JsonNode apply(Intrinsic f, List<IntrinsicArg> raw, List<JsonNode> a, Scope scope) throws StatesError {
        return switch (f) {
            case FORMAT -> NODES.textNode(IntrinsicFormat.format(f, raw.getFirst(), a));
            case STRING_TO_JSON -> stringToJson(f, text(f, a, 0));
            case JSON_TO_STRING -> NODES.textNode(a.getFirst().toString());
            case ARRAY -> NODES.arrayNode().addAll(a);
            case ARRAY_PARTITION -> partition(f, array(f, a, 0), integer(f, a, 1));
            case ARRAY_CONTAINS -> NODES.booleanNode(list(array(f, a, 0)).contains(a.get(1)));
            case ARRAY_RANGE -> range(f, integer(f, a, 0), integer(f, a, 1), integer(f, a, 2));
            case ARRAY_GET_ITEM -> {
                ArrayNode array = array(f, a, 0);
                long index = integer(f, a, 1);
                if (index < 0 || index >= array.size()) {
                    throw failure(f, "index " + index + " is out of bounds for an array of length " + array.size());
                }
                yield array.get((int) index);
            }
            case ARRAY_LENGTH -> integral(array(f, a, 0).size());
            case ARRAY_UNIQUE -> NODES.arrayNode().addAll(new LinkedHashSet<>(list(array(f, a, 0))));
            case BASE64_ENCODE -> NODES.textNode(Base64.getEncoder().encodeToString(
                    limited(f, text(f, a, 0)).getBytes(StandardCharsets.UTF_8)));
            case BASE64_DECODE -> {
                try {
                    yield NODES.textNode(new String(Base64.getDecoder().decode(limited(f, text(f, a, 0))),
                            StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw failure(f, "the argument is not valid base64: " + e.getMessage());
                }
            }
            case HASH -> hash(f, a.getFirst(), text(f, a, 1));
            case JSON_MERGE -> {
                if (!a.get(0).isObject() || !a.get(1).isObject()) throw failure(f, "both arguments must be objects");
                if (!a.get(2).isBoolean() || a.get(2).booleanValue()) {
                    throw failure(f, "deep merging is not supported: the third argument must be false");
                }
                ObjectNode merged = a.get(0).deepCopy();
                merged.setAll((ObjectNode) a.get(1).deepCopy());
                yield merged;
            }
            case MATH_RANDOM -> {
                long start = integer(f, a, 0), end = integer(f, a, 1);
                if (end <= start) throw failure(f, "the end must be greater than the start");
                RandomGenerator random = a.size() == 3 ? new Random(integer(f, a, 2)) : scope.random();
                yield integral(start + random.nextLong(end - start));
            }
            case MATH_ADD -> {
                long sum = integer(f, a, 0) + integer(f, a, 1);
                yield integral(sum);
            }
            case STRING_SPLIT -> {
                var tokens = new StringTokenizer(text(f, a, 0), text(f, a, 1));
                var out = NODES.arrayNode();
                while (tokens.hasMoreTokens()) out.add(tokens.nextToken());
                yield out;
            }
            case UUID -> NODES.textNode(uuid(scope.random()));
        };
    }

    private static JsonNode stringToJson(Intrinsic f, String text) throws StatesError {
        if (text.isBlank()) return NODES.nullNode();
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw failure(f, "the argument is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode partition(Intrinsic f, ArrayNode array, long size) throws StatesError {
        if (size <= 0) throw failure(f, "the chunk size must be a positive integer");
        var out = NODES.arrayNode();
        ArrayNode chunk = null;
        for (int i = 0; i < array.size(); i++) {
            if (i % size == 0) chunk = out.addArray();
            chunk.add(array.get(i));
        }
        return out;
    }

    private static JsonNode range(Intrinsic f, long start, long end, long step) throws StatesError {
        if (step == 0) throw failure(f, "the step must not be 0");
        var out = NODES.arrayNode();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
            if (out.size() == MAX_RANGE) throw failure(f, "the result exceeds " + MAX_RANGE + " elements");
            out.add(integral(v));
        }
        return out;
    }

    private static JsonNode hash(Intrinsic f, JsonNode data, String algorithm) throws StatesError {
        String input = data.isTextual() ? data.textValue() : data.toString();
        limited(f, input);
        if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
            throw failure(f, "the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512; got '" + algorithm + "'");
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
            return NODES.textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw failure(f, "unsupported algorithm " + algorithm);
        }
    }

    /** Integral numbers as Jackson's parser would make them (IntNode when they fit), so that equals() holds. */
    static JsonNode integral(long v) {
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    /** A version 4 UUID from the injected randomness, so that tests and replays are deterministic. */
    static String uuid(RandomGenerator random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new java.util.UUID(msb, lsb).toString();
    }

    private static List<JsonNode> list(ArrayNode array) {
        var out = new ArrayList<JsonNode>();
        array.forEach(out::add);
        return out;
    }

    private static String limited(Intrinsic f, String s) throws StatesError {
        if (s.length() > MAX_STRING) throw failure(f, "the input exceeds " + MAX_STRING + " characters");
        return s;
    }

    private static String text(Intrinsic f, List<JsonNode> a, int i) throws StatesError {
        if (!a.get(i).isTextual()) throw failure(f, "argument " + (i + 1) + " must be a string, got " + a.get(i));
        return a.get(i).textValue();
    }

    private static ArrayNode array(Intrinsic f, List<JsonNode> a, int i) throws StatesError {
        if (!(a.get(i) instanceof ArrayNode array)) {
            throw failure(f, "argument " + (i + 1) + " must be an array, got " + a.get(i));
        }
        return array;
    }

    /** AWS rounds numeric arguments to integers (States.MathAdd(1.49, 1.5) is 3). */
    private static long integer(Intrinsic f, List<JsonNode> a, int i) throws StatesError {
        JsonNode n = a.get(i);
        if (!n.isNumber()) throw failure(f, "argument " + (i + 1) + " must be a number, got " + n);
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) throw failure(f, "argument " + (i + 1) + " is out of range");
            return n.longValue();
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Math.abs(d) > 9e18) throw failure(f, "argument " + (i + 1) + " is out of range");
        return Math.round(d);
    }

    static StatesError failure(Intrinsic f, String why) {
        return new StatesError("States.IntrinsicFailure", "Invalid arguments in " + f.text() + ": " + why);
    }
}
