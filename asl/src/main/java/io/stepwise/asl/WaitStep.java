package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Wait states (https://states-language.net/spec.html#wait-state): a timer until {@code now + Seconds} or the
 * Timestamp. A negative or non-integer number of seconds, a bad timestamp, or a wait beyond one year from the
 * execution start (the longest a standard execution lives) fails with States.Runtime, as on AWS (in JSONata:
 * States.QueryEvaluationError). The wordings for SecondsPath and TimestampPath are AWS's; the others are ours.
 */
final class WaitStep {
    static final long ONE_YEAR_SECONDS = 31_536_000;
    private final Interpreter in;

    WaitStep(Interpreter in) { this.in = in; }

    /** Reads the time to wait; the frame then waits for its timer, or leaves at once when the time has come. */
    Outcome start(Execution x, Frame f, WaitState w) throws StatesError {
        JsonNode selected = f.input;
        if (w.io() instanceof Io.JsonPath io) {
            selected = DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input));
            Inspector.afterInputPath(f, selected);
        }
        Scope scope = in.flow.scope(x, f, selected);
        Instant until = switch (w.waitFor()) {
            case WaitState.Seconds s -> {
                long seconds = seconds(w, s.seconds(), DataFlow.value(s.seconds(), scope));
                if (seconds > ONE_YEAR_SECONDS) throw error(w, fieldName(w), "exceeds one year: " + seconds);
                yield x.now.plusSeconds(seconds);
            }
            case WaitState.Timestamp t -> {
                JsonNode v = DataFlow.value(t.timestamp(), scope);
                Instant at = timestamp(w, t.timestamp(), v);
                if (at.isAfter(x.startTime.plusSeconds(ONE_YEAR_SECONDS))) {
                    throw error(w, fieldName(w), "is more than one year after the execution started: "
                            + v.textValue());
                }
                yield at;
            }
        };
        if (!until.isAfter(x.now)) return finish(x, f);
        f.waiting = new Waiting.OnTimer(x.newTimer(new Execution.WaitTimer(f), until), Waiting.Why.WAIT);
        return Outcome.BLOCKED;
    }

    /**
     * Seconds / SecondsPath: a non-negative integer. SecondsPath errors carry AWS's wording, e.g. {@code The
     * SecondsPath parameter references a negative value: $.input.waitSeconds == -1} (DESIGN.md §3).
     */
    private static long seconds(WaitState w, ValueSource source, JsonNode v) throws StatesError {
        boolean integer = v.isNumber() && v.canConvertToExactIntegral() && v.canConvertToLong();
        if (source instanceof ValueSource.FromPath) {
            String assignment = DataFlow.pathText(source) + " == " + DataFlow.shown(v);
            if (!integer) {
                throw runtime("The SecondsPath parameter cannot be parsed as a long value: " + assignment);
            }
            if (v.asLong() < 0) throw runtime("The SecondsPath parameter references a negative value: " + assignment);
            return v.asLong();
        }
        if (!integer || v.asLong() < 0) {
            throw error(w, fieldName(w), "must be a non-negative integer, not " + DataFlow.json(v));
        }
        return v.asLong();
    }

    /**
     * Timestamp / TimestampPath: an RFC 3339 timestamp. The TimestampPath wording is AWS's, recorded in LocalStack's
     * tests/aws/services/stepfunctions/v2/base/test_wait.snapshot.json (test_wait_timestamppath).
     */
    private static Instant timestamp(WaitState w, ValueSource source, JsonNode v) throws StatesError {
        if (v.isTextual() && Timestamps.isValid(v.textValue())) return OffsetDateTime.parse(v.textValue()).toInstant();
        if (source instanceof ValueSource.FromPath) {
            throw runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time "
                    + "format string: " + DataFlow.pathText(source) + " == " + DataFlow.shown(v));
        }
        throw error(w, fieldName(w), "must be an RFC 3339 timestamp, not " + DataFlow.json(v));
    }

    private static StatesError runtime(String cause) { return new StatesError(Recovery.RUNTIME, cause); }

    private static String fieldName(WaitState w) {
        return switch (w.waitFor()) {
            case WaitState.Seconds s -> s.seconds() instanceof ValueSource.FromPath ? "SecondsPath" : "Seconds";
            case WaitState.Timestamp t -> t.timestamp() instanceof ValueSource.FromPath ? "TimestampPath" : "Timestamp";
        };
    }

    private static StatesError error(WaitState w, String field, String problem) {
        boolean jsonata = w.queryLanguage() == QueryLanguage.JSONATA;
        return new StatesError(jsonata ? "States.QueryEvaluationError" : "States.Runtime",
                "The value of the field '" + field + "' " + problem, jsonata ? field : null);
    }

    /** The wait is over: Assign and the output, then the state exits. */
    Outcome finish(Execution x, Frame f) throws StatesError {
        WaitState w = (WaitState) f.state;
        return switch (w.io()) {
            case Io.JsonPath io -> {
                JsonNode selected = DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input));
                Map<String, JsonNode> values = DataFlow.assignments(w.assign(), in.flow.scope(x, f, selected));
                yield new Outcome.Exit(in.flow.outputPath(x, f, io, selected), values, w.transition());
            }
            case Io.Jsonata io -> {
                Scope scope = in.flow.scope(x, f, f.input);
                Map<String, JsonNode> values = DataFlow.assignments(w.assign(), scope);
                yield new Outcome.Exit(in.flow.output(io.output(), scope, f.input), values, w.transition());
            }
        };
    }
}
