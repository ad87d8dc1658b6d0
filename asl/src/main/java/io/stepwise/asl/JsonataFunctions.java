package io.stepwise.asl;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * AWS's additions to JSONata ({@code $partition $range $hash $random $uuid $parse}), its removal of
 * {@code $eval}, and {@code $now}/{@code $millis} read from the injected clock.
 * See https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
final class JsonataFunctions {
    private static final int MAX_RANGE = 1000;

    private JsonataFunctions() {}

    /** Thrown inside library callbacks; unwrapped into the StatesError it carries. */
    static final class Failure extends RuntimeException {
        final transient StatesError error;
        Failure(StatesError error) {
            super(error.cause(), null, false, false);
            this.error = error;
        }
    }

    static void bind(Jsonata.Frame frame, Scope scope) {
        frame.bind("partition", fn((input, args) -> partition(args)));
        frame.bind("range", fn((input, args) -> range(args)));
        frame.bind("hash", fn((input, args) -> hash(args)));
        frame.bind("random", fn((input, args) -> args.isEmpty() || args.getFirst() == null
                ? scope.random().nextDouble()
                : new Random(number("$random", args.getFirst()).longValue()).nextDouble()));
        frame.bind("uuid", fn((input, args) -> IntrinsicFunctions.uuid(scope.random())));
        frame.bind("parse", fn((input, args) -> parse(args)));
        frame.bind("eval", fn((input, args) -> {
            throw fail("The function $eval is not supported");
        }));
        long millis = scope.now().toEpochMilli();
        frame.bind("millis", fn((input, args) -> millis));
        frame.bind("now", fn((input, args) -> Functions.dateTimeFromMillis(millis,
                args.isEmpty() ? null : (String) args.get(0), args.size() < 2 ? null : (String) args.get(1))));
    }

    private static Jsonata.JFunction fn(Jsonata.JFunctionCallable body) { return new Jsonata.JFunction(body, null); }

    private static Object partition(List<?> args) {
        List<?> array = array("$partition", arg(args, 0));
        long size = number("$partition", arg(args, 1)).longValue();
        if (size <= 0) throw fail("$partition: the chunk size must be a positive integer");
        var out = new ArrayList<Object>();
        for (int i = 0; i < array.size(); i += (int) size) {
            out.add(new ArrayList<>(array.subList(i, (int) Math.min(array.size(), i + size))));
        }
        return out;
    }

    private static Object range(List<?> args) {
        double start = number("$range", arg(args, 0)).doubleValue();
        double end = number("$range", arg(args, 1)).doubleValue();
        double step = number("$range", arg(args, 2)).doubleValue();
        if (step == 0) throw fail("$range: the step must not be 0");
        var out = new ArrayList<Object>();
        for (double v = start; step > 0 ? v <= end : v >= end; v += step) {
            if (out.size() == MAX_RANGE) throw fail("$range: the result exceeds " + MAX_RANGE + " elements");
            out.add(v == Math.rint(v) ? (Object) (long) v : (Object) v);
        }
        return out;
    }

    private static Object hash(List<?> args) {
        if (!(arg(args, 0) instanceof String data)) throw fail("$hash: the value must be a string");
        if (!(arg(args, 1) instanceof String algorithm)
                || !List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
            throw fail("$hash: the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw fail("$hash: unsupported algorithm " + algorithm);
        }
    }

    private static Object parse(List<?> args) {
        if (!(arg(args, 0) instanceof String text)) throw fail("$parse: the argument must be a string");
        try {
            JsonNode node = IntrinsicFunctions.JSON.readTree(text);
            return JsonataValues.toJava(node == null || node.isMissingNode() ? JsonNodeFactory.instance.nullNode() : node);
        } catch (JsonProcessingException e) {
            throw fail("$parse: the argument is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Object arg(List<?> args, int i) {
        if (args.size() <= i) throw fail("missing argument " + (i + 1));
        return args.get(i);
    }

    private static List<?> array(String function, Object value) {
        if (value instanceof List<?> list) return list;
        throw fail(function + ": argument 1 must be an array");
    }

    private static Number number(String function, Object value) {
        if (value instanceof Number n) return n;
        throw fail(function + ": expected a number but got " + value);
    }

    private static Failure fail(String message) {
        return new Failure(new StatesError("States.QueryEvaluationError", message));
    }
}
