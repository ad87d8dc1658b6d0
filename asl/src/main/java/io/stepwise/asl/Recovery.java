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

    private final Interpreter in;

    Recovery(Interpreter in) { this.in = in; }

    static boolean matches(List<String> errorEquals, String error) {
        String e = error == null ? "" : error;
        if (errorEquals.contains(e)) return true;
        if (e.equals(RUNTIME) || e.equals(DATA_LIMIT)) return false;
        if (errorEquals.contains(ErrorHandlers.ALL)) return true;
        return errorEquals.contains("States.TaskFailed") && !e.equals("States.Timeout");
    }

    /** The frame's state failed with {@code error}: retry, catch, or let the frame fail. */
    void failState(Execution x, Frame f, String error, String cause) {
        if (RUNTIME.equals(error)) {
            in.failExecution(x, f.lastEventId, error, cause);
            return;
        }
        List<Retrier> retriers = retriers(f.state);
        if (!retriers.isEmpty() && !DATA_LIMIT.equals(error)) {
            if (f.retrierAttempts == null) f.retrierAttempts = new int[retriers.size()];
            for (int i = 0; i < retriers.size(); i++) {
                Retrier r = retriers.get(i);
                if (!matches(r.errorEquals(), error)) continue;
                if (f.retrierAttempts[i] < r.maxAttempts()) {
                    retry(x, f, r, i);
                    return;
                }
                break;
            }
        }
        for (Catcher c : catchers(f.state)) {
            if (matches(c.errorEquals(), error)) {
                try {
                    caught(x, f, c, error, cause);
                } catch (StatesError e) {
                    in.frameFailed(x, f, e.error(), e.cause());
                }
                return;
            }
        }
        in.frameFailed(x, f, error, cause);
    }

    private void retry(Execution x, Frame f, Retrier r, int index) {
        int attempt = f.retrierAttempts[index]++;
        double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt);
        if (r.maxDelaySeconds().isPresent()) seconds = Math.min(seconds, r.maxDelaySeconds().getAsInt());
        if (r.jitterStrategy() == Retrier.JitterStrategy.FULL) seconds = seconds * x.random.nextDouble();
        long millis = (long) Math.min(MAX_DELAY_MS, Math.ceil(seconds * 1000));
        f.retryCount++;
        f.context = null;
        f.timerId = x.newTimer(new Execution.RetryTimer(f), x.now.plusMillis(millis));
    }

    private void caught(Execution x, Frame f, Catcher c, String error, String cause) throws StatesError {
        JsonNode errorOutput = DataFlow.errorOutput(error, cause);
        JsonNode output;
        Map<String, JsonNode> values;
        if (f.state.queryLanguage() == QueryLanguage.JSONPATH) {
            values = DataFlow.assignments(c.assign(), in.flow.scope(x, f, errorOutput));
            output = DataFlow.resultPath(c.resultPath(), f.input, errorOutput);
        } else {
            Scope scope = in.flow.scope(x, f, f.input, Optional.empty(), Optional.of(errorOutput));
            values = DataFlow.assignments(c.assign(), scope);
            output = in.flow.output(c.output(), scope, errorOutput);
        }
        in.exit(x, f, output, in.flow.assign(f, values), new Transition.Next(c.next()));
    }

    private static List<Retrier> retriers(State s) {
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

    private static List<Catcher> catchers(State s) {
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
