package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/**
 * The 18 intrinsic functions of JSONPath mode, with their arity; {@link IntrinsicFunctions} runs them.
 * See https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
enum Intrinsic {
    FORMAT("States.Format", 1, Integer.MAX_VALUE),
    STRING_TO_JSON("States.StringToJson", 1, 1),
    JSON_TO_STRING("States.JsonToString", 1, 1),
    ARRAY("States.Array", 0, Integer.MAX_VALUE),
    ARRAY_PARTITION("States.ArrayPartition", 2, 2),
    ARRAY_CONTAINS("States.ArrayContains", 2, 2),
    ARRAY_RANGE("States.ArrayRange", 3, 3),
    ARRAY_GET_ITEM("States.ArrayGetItem", 2, 2),
    ARRAY_LENGTH("States.ArrayLength", 1, 1),
    ARRAY_UNIQUE("States.ArrayUnique", 1, 1),
    BASE64_ENCODE("States.Base64Encode", 1, 1),
    BASE64_DECODE("States.Base64Decode", 1, 1),
    HASH("States.Hash", 2, 2),
    JSON_MERGE("States.JsonMerge", 3, 3),
    MATH_RANDOM("States.MathRandom", 2, 3),
    MATH_ADD("States.MathAdd", 2, 2),
    STRING_SPLIT("States.StringSplit", 2, 2),
    UUID("States.UUID", 0, 0);

    private final String text;
    private final int minArgs;
    private final int maxArgs;

    Intrinsic(String text, int minArgs, int maxArgs) {
        this.text = text;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    String text() { return text; }

    static Intrinsic named(String name) {
        return Arrays.stream(values()).filter(f -> f.text.equals(name)).findFirst().orElse(null);
    }

    void checkArity(int count) throws SyntaxError {
        if (count < minArgs || count > maxArgs) {
            String expected = minArgs == maxArgs ? String.valueOf(minArgs)
                    : maxArgs == Integer.MAX_VALUE ? "at least " + minArgs : minArgs + " to " + maxArgs;
            throw new SyntaxError("The intrinsic function " + text + " takes " + expected
                    + " argument(s) but got " + count);
        }
    }

    /** Compile-time type checks of literal arguments (paths and nested calls are checked when run). */
    void checkLiterals(List<IntrinsicArg> args) throws SyntaxError {
        for (int i = 0; i < args.size(); i++) {
            if (!(args.get(i) instanceof IntrinsicArg.Literal literal)) continue;
            JsonNode v = literal.value();
            String problem = switch (this) {
                case FORMAT -> i == 0 && !v.isTextual() ? "the template must be a string" : null;
                case STRING_TO_JSON, BASE64_ENCODE, BASE64_DECODE -> v.isTextual() ? null : "the argument must be a string";
                case STRING_SPLIT -> v.isTextual() ? null : "the arguments must be strings";
                case ARRAY_PARTITION, ARRAY_CONTAINS, ARRAY_GET_ITEM, ARRAY_LENGTH, ARRAY_UNIQUE ->
                        i == 0 ? "the first argument must be an array (use a path or States.Array)"
                                : (this == ARRAY_PARTITION || this == ARRAY_GET_ITEM) && !v.isNumber()
                                ? "the second argument must be a number" : null;
                case ARRAY_RANGE, MATH_RANDOM, MATH_ADD -> v.isNumber() ? null : "the arguments must be numbers";
                case HASH -> i == 1 && !v.isTextual() ? "the algorithm must be a string" : null;
                case JSON_MERGE -> i < 2 ? "the first two arguments must be objects (use paths)"
                        : !v.isBoolean() ? "the deep flag must be a boolean"
                        : v.booleanValue() ? "deep merging is not supported: the third argument must be false" : null;
                case JSON_TO_STRING, ARRAY, UUID -> null;
            };
            if (problem != null) throw new SyntaxError("Invalid arguments in " + text + ": " + problem);
        }
    }
}
