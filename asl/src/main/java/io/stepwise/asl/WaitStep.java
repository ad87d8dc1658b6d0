package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Wait states (https://states-language.net/spec.html#wait-state): a timer until {@code now + Seconds} or the
 * Timestamp. A negative or non-integer number of seconds, a bad timestamp, or a wait beyond one year from the
 * execution start (the longest a standard execution lives) fails with States.Runtime, as on AWS.
 */
final class WaitStep {
    static final long ONE_YEAR_SECONDS = 31_536_000;
    private final Interpreter in;

    WaitStep(Interpreter in) { this.in = in; }

    void start(Execution x, Frame f, WaitState w) throws StatesError {
        JsonNode selected = w.io() instanceof Io.JsonPath io
                ? DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input)) : f.input;
        Scope scope = in.flow.scope(x, f, selected);
        String field = fieldName(w);
        JsonNode v;
        Instant until;
        switch (w.waitFor()) {
            case WaitState.Seconds s -> {
                v = DataFlow.value(s.seconds(), scope);
                if (!v.isNumber() || !v.canConvertToExactIntegral() || v.asLong() < 0) {
                    throw error(w, field, "must be a non-negative integer, not " + DataFlow.json(v));
                }
                if (v.asLong() > ONE_YEAR_SECONDS) throw error(w, field, "exceeds one year: " + v.asLong());
                until = x.now.plusSeconds(v.asLong());
            }
            case WaitState.Timestamp t -> {
                v = DataFlow.value(t.timestamp(), scope);
                if (!v.isTextual() || !Timestamps.isValid(v.textValue())) {
                    throw error(w, field, "must be an RFC 3339 timestamp, not " + DataFlow.json(v));
                }
                until = OffsetDateTime.parse(v.textValue()).toInstant();
                if (until.isAfter(x.startTime.plusSeconds(ONE_YEAR_SECONDS))) {
                    throw error(w, field, "is more than one year after the execution started: " + v.textValue());
                }
            }
        }
        if (!until.isAfter(x.now)) {
            finish(x, f, w);
        } else {
            f.timerId = x.newTimer(new Execution.WaitTimer(f), until);
        }
    }

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

    void fired(Execution x, Frame f, String timerId) {
        if (f.done || !timerId.equals(f.timerId)) return;
        f.timerId = null;
        try {
            finish(x, f, (WaitState) f.state);
        } catch (StatesError e) {
            in.raise(x, f, e);
        }
    }

    private void finish(Execution x, Frame f, WaitState w) throws StatesError {
        switch (w.io()) {
            case Io.JsonPath io -> {
                JsonNode selected = DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input));
                Map<String, JsonNode> values = DataFlow.assignments(w.assign(), in.flow.scope(x, f, selected));
                in.exit(x, f, in.flow.outputPath(x, f, io, selected), in.flow.assign(f, values), w.transition());
            }
            case Io.Jsonata io -> {
                Scope scope = in.flow.scope(x, f, f.input);
                Map<String, JsonNode> values = DataFlow.assignments(w.assign(), scope);
                in.exit(x, f, in.flow.output(io.output(), scope, f.input), in.flow.assign(f, values),
                        w.transition());
            }
        }
    }
}
