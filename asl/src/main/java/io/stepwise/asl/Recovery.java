package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Retry and Catch (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 * The first retrier whose ErrorEquals matches decides: it retries until its own MaxAttempts, then Catch is tried.
 * {@code States.Runtime} fails the whole execution; {@code States.DataLimitExceeded} is never retried and is caught
 * only when named (not by {@code States.ALL}); {@code States.TaskFailed} matches every error but
 * {@code States.Timeout}.
 */
final class Recovery {
    static final String RUNTIME = "States.Runtime";
    static final String DATA_LIMIT = "States.DataLimitExceeded";
    private static final long MAX_DELAY_MS = 31_622_400_000L;

    private final DataFlow flow;

    Recovery(DataFlow flow) { this.flow = flow; }

    static boolean matches(List<String> errorEquals, String error) {
        String e = error == null ? "" : error;
        if (errorEquals.contains(e)) return true;
        if (e.equals(RUNTIME) || e.equals(DATA_LIMIT)) return false;
        if (errorEquals.contains(ErrorHandlers.ALL)) return true;
        return errorEquals.contains("States.TaskFailed") && !e.equals("States.Timeout");
    }

    /** What Retry and Catch make of an error; {@link Interpreter} applies it. */
    sealed interface Decision permits FailExecution, Retry, Catch, Unhandled {}
    /** States.Runtime: the whole execution fails, whatever the state's Retry and Catch. */
    record FailExecution() implements Decision {}
    /** Run the state again after this delay. */
    record Retry(long delayMillis) implements Decision {}
    /** Go on with this catcher. */
    record Catch(Catcher catcher) implements Decision {}
    /** No retrier or catcher applies: the frame fails. */
    record Unhandled() implements Decision {}

    /**
     * The frame's state failed with {@code error}: the first retrier whose ErrorEquals matches decides (it counts its
     * attempts, drawing the jitter from the execution's random), then the first matching catcher.
     */
    Decision decide(Execution x, Frame f, String error) {
        if (RUNTIME.equals(error)) return new FailExecution();
        List<Retrier> retriers = retriers(f.state);
        if (!retriers.isEmpty() && !DATA_LIMIT.equals(error)) {
            if (f.retrierAttempts == null) f.retrierAttempts = new int[retriers.size()];
            for (int i = 0; i < retriers.size(); i++) {
                Retrier r = retriers.get(i);
                if (!matches(r.errorEquals(), error)) continue;
                if (f.retrierAttempts[i] < r.maxAttempts()) return new Retry(delayMillis(x, r, f.retrierAttempts[i]++));
                break;
            }
        }
        for (Catcher c : catchers(f.state)) {
            if (matches(c.errorEquals(), error)) return new Catch(c);
        }
        return new Unhandled();
    }

    /** IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, times a [0, 1) draw with FULL jitter. */
    static long delayMillis(Execution x, Retrier r, int attempt) {
        double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt);
        if (r.maxDelaySeconds().isPresent()) seconds = Math.min(seconds, r.maxDelaySeconds().getAsInt());
        if (r.jitterStrategy() == Retrier.JitterStrategy.FULL) seconds = seconds * x.random.nextDouble();
        return (long) Math.min(MAX_DELAY_MS, Math.ceil(seconds * 1000));
    }

    /** The catcher's output ({@code {Error, Cause}} through ResultPath, or JSONata Output) and Assign. */
    Outcome.Exit caught(Execution x, Frame f, Catcher c, String error, String cause) throws StatesError {
        JsonNode errorOutput = DataFlow.errorOutput(error, cause);
        if (f.state.queryLanguage() == QueryLanguage.JSONPATH) {
            Map<String, JsonNode> values = DataFlow.assignments(c.assign(), flow.scope(x, f, errorOutput));
            return new Outcome.Exit(DataFlow.resultPath(c.resultPath(), f.input, errorOutput), values,
                    new Transition.Next(c.next()));
        }
        Scope scope = flow.scope(x, f, f.input, Optional.empty(), Optional.of(errorOutput));
        Map<String, JsonNode> values = DataFlow.assignments(c.assign(), scope);
        return new Outcome.Exit(flow.output(c.output(), scope, errorOutput), values, new Transition.Next(c.next()));
    }

    static List<Retrier> retriers(State s) {
        return switch (s) {
            case TaskState t -> t.retry();
            case ParallelState p -> p.retry();
            case MapState m -> m.retry();
            case PassState p -> List.of();
            case ChoiceState c -> List.of();
            case WaitState w -> List.of();
            case SucceedState su -> List.of();
            case FailState fa -> List.of();
        };
    }

    static List<Catcher> catchers(State s) {
        return switch (s) {
            case TaskState t -> t.catchers();
            case ParallelState p -> p.catchers();
            case MapState m -> m.catchers();
            case PassState p -> List.of();
            case ChoiceState c -> List.of();
            case WaitState w -> List.of();
            case SucceedState su -> List.of();
            case FailState fa -> List.of();
        };
    }
}
