package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Task states: the effective input, one {@link Command.InvokeTask} per attempt, timeouts as timers, and the history
 * events AWS records for the resource kind: {@code LambdaFunction*} for a plain function ARN, {@code Activity*} for
 * an activity, {@code Task*} (with {@code resourceType}/{@code resource}, e.g. {@code lambda}/{@code invoke}) for
 * service integrations.
 */
final class TaskStep {
    private final Interpreter in;

    TaskStep(Interpreter in) { this.in = in; }

    private record Names(String scheduled, String started, String succeeded, String failed, String timedOut,
                         String prefix) {}

    private static final Names LAMBDA = new Names("LambdaFunctionScheduled", "LambdaFunctionStarted",
            "LambdaFunctionSucceeded", "LambdaFunctionFailed", "LambdaFunctionTimedOut", "lambdaFunction");
    private static final Names ACTIVITY = new Names("ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
            "ActivityFailed", "ActivityTimedOut", "activity");
    private static final Names SERVICE = new Names("TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskFailed",
            "TaskTimedOut", "task");

    private static Names names(TaskResource r) {
        return switch (r.kind()) {
            case LAMBDA_FUNCTION -> LAMBDA;
            case ACTIVITY -> ACTIVITY;
            case SERVICE_INTEGRATION -> SERVICE;
        };
    }

    /** {@code invoke}, {@code startExecution.sync:2}, {@code invoke.waitForTaskToken} ... */
    static String resourceName(TaskResource r) {
        return r.action() + switch (r.pattern()) {
            case REQUEST_RESPONSE -> "";
            case RUN_JOB -> ".sync";
            case RUN_JOB_V2 -> ".sync:2";
            case WAIT_FOR_TASK_TOKEN -> ".waitForTaskToken";
        };
    }

    /** Schedules the first (or next) attempt; the frame then waits for the task. */
    Outcome start(Execution x, Frame f, TaskState t) throws StatesError {
        TaskResource r = t.resource();
        if (r.pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN) {
            f.taskToken = IntrinsicFunctions.uuid(x.random);
            f.context = null;
        }
        JsonNode input = switch (t.io()) {
            case Io.JsonPath io -> in.flow.effectiveInput(x, f, io);
            case Io.Jsonata io -> {
                if (io.arguments().isEmpty()) yield f.input;
                JsonNode arguments = io.arguments().get().evaluate(in.flow.scope(x, f, f.input));
                Inspector.afterArguments(f, arguments);
                yield arguments;
            }
        };
        Scope scope = in.flow.scope(x, f, f.input);
        OptionalLong timeout = seconds(t.timeoutSeconds(), scope, "TimeoutSeconds");
        OptionalLong heartbeat = seconds(t.heartbeatSeconds(), scope, "HeartbeatSeconds");
        String text = x.json(input);
        if (in.flow.tooLarge(text)) {
            throw new StatesError(Recovery.DATA_LIMIT, "The input of the Task state '" + t.name()
                    + "' has a size exceeding the maximum number of bytes service limit.");
        }
        Names n = names(r);
        switch (r.kind()) {
            case LAMBDA_FUNCTION -> in.emit(x, f, n.scheduled(), HistoryDetails.scheduled(
                    "lambdaFunctionScheduledEventDetails", r.arn(), text, timeout, OptionalLong.empty()));
            case ACTIVITY -> in.emit(x, f, n.scheduled(), HistoryDetails.scheduled(
                    "activityScheduledEventDetails", r.arn(), text, timeout, heartbeat));
            case SERVICE_INTEGRATION -> in.emit(x, f, n.scheduled(), HistoryDetails.taskScheduled(
                    r.service(), resourceName(r), text, timeout, heartbeat));
        }
        switch (r.kind()) {
            case LAMBDA_FUNCTION -> in.emit(x, f, n.started(), HistoryDetails.empty());
            case ACTIVITY -> in.emit(x, f, n.started(), HistoryDetails.activityStarted(x.info.executionArn()));
            case SERVICE_INTEGRATION -> in.emit(x, f, n.started(),
                    HistoryDetails.task("taskStartedEventDetails", r.service(), resourceName(r)));
        }
        String id = x.newTaskId();
        x.tasks.put(id, f);
        x.commands.add(new Command.InvokeTask(id, t.name(), r, input, f.retryCount, timeout, heartbeat,
                Optional.ofNullable(f.taskToken), t.credentials()));
        Optional<String> timeoutTimer = timeout.isPresent() ? Optional.of(x.newTimer(new Execution.TaskTimeout(f, id),
                x.now.plusSeconds(timeout.getAsLong()))) : Optional.empty();
        Optional<String> heartbeatTimer = heartbeat.isPresent() ? Optional.of(x.newTimer(
                new Execution.HeartbeatTimeout(f, id), x.now.plusSeconds(heartbeat.getAsLong()))) : Optional.empty();
        f.waiting = new Waiting.OnTask(id, timeoutTimer, heartbeatTimer);
        return Outcome.BLOCKED;
    }

    private static OptionalLong seconds(Optional<ValueSource> source, Scope scope, String field) throws StatesError {
        if (source.isEmpty()) return OptionalLong.empty();
        JsonNode v = DataFlow.value(source.get(), scope);
        if (!v.canConvertToExactIntegral() || !v.isNumber() || v.asLong() < 1 || v.asLong() > TypeParsers.MAX_SECONDS) {
            throw new StatesError(source.get() instanceof ValueSource.FromTemplate ? "States.QueryEvaluationError"
                    : "States.Runtime", "The value of the field '" + field + "' must be an integer from 1 to "
                    + TypeParsers.MAX_SECONDS + ", not " + DataFlow.json(v));
        }
        return OptionalLong.of(v.asLong());
    }

    /**
     * The frame that waits for this task, which stops waiting (its timeout timers are cancelled); null when none does
     * (an unknown, late or repeated event).
     */
    Frame claim(Execution x, String taskId) {
        Frame f = x.tasks.remove(taskId);
        if (f == null || f.done || !(f.waiting instanceof Waiting.OnTask t) || !t.taskId().equals(taskId)) return null;
        t.timeoutTimer().ifPresent(x::cancelTimer);
        t.heartbeatTimer().ifPresent(x::cancelTimer);
        f.waiting = Waiting.NOTHING;
        return f;
    }

    /** The claimed frame's task succeeded: its event, then the state's result processing. */
    Outcome succeeded(Execution x, Frame f, Event.TaskSucceeded e) throws StatesError {
        TaskState t = (TaskState) f.state;
        TaskResource r = t.resource();
        Inspector.result(f, e.output());
        String text = x.json(e.output());
        switch (r.kind()) {
            case LAMBDA_FUNCTION -> in.emit(x, f, LAMBDA.succeeded(),
                    HistoryDetails.output("lambdaFunctionSucceededEventDetails", text));
            case ACTIVITY -> in.emit(x, f, ACTIVITY.succeeded(),
                    HistoryDetails.output("activitySucceededEventDetails", text));
            case SERVICE_INTEGRATION -> in.emit(x, f, SERVICE.succeeded(), HistoryDetails.taskOutput(
                    "taskSucceededEventDetails", r.service(), resourceName(r), text));
        }
        if (in.flow.tooLarge(text)) {
            throw new StatesError(Recovery.DATA_LIMIT, "The state/task '" + r.arn()
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
        return in.states.completeWithResult(x, f, t.io(), t.assign(), t.transition(), e.output());
    }

    /** The claimed frame's task failed: its event, then Retry/Catch with the task's own error and cause. */
    Outcome failed(Execution x, Frame f, Event.TaskFailed e) {
        recordFailure(x, f, "failed", e.error(), e.cause());
        return new Outcome.Error(e.error(), e.cause());
    }

    /** SendTaskHeartbeat: the HeartbeatSeconds timer starts again. */
    void heartbeat(Execution x, Event.TaskHeartbeat h) {
        Frame f = x.tasks.get(h.taskId());
        if (f == null || !(f.waiting instanceof Waiting.OnTask t) || t.heartbeatTimer().isEmpty()) return;
        TaskState state = (TaskState) f.state;
        x.cancelTimer(t.heartbeatTimer().get());
        try {
            long seconds = seconds(state.heartbeatSeconds(), in.flow.scope(x, f, f.input), "HeartbeatSeconds").orElse(0);
            f.waiting = t.withHeartbeatTimer(Optional.of(x.newTimer(new Execution.HeartbeatTimeout(f, h.taskId()),
                    x.now.plusSeconds(seconds))));
        } catch (StatesError e) {
            f.waiting = t.withHeartbeatTimer(Optional.empty());
        }
    }

    /** The claimed frame's task ran out of time (States.Timeout) or heartbeats (States.HeartbeatTimeout). */
    Outcome timedOut(Execution x, Frame f, String taskId, String error) {
        x.commands.add(new Command.CancelTask(taskId));
        String cause = error.equals("States.Timeout") ? "The task timed out." : "The task's heartbeat timed out.";
        recordFailure(x, f, "timedOut", error, cause);
        return new Outcome.Error(error, cause);
    }

    private void recordFailure(Execution x, Frame f, String how, String error, String cause) {
        TaskResource r = ((TaskState) f.state).resource();
        Names n = names(r);
        String type = how.equals("failed") ? n.failed() : n.timedOut();
        String field = n.prefix() + (how.equals("failed") ? "Failed" : "TimedOut") + "EventDetails";
        in.emit(x, f, type, r.kind() == TaskResource.Kind.SERVICE_INTEGRATION
                ? HistoryDetails.taskError(field, r.service(), resourceName(r), error, cause)
                : HistoryDetails.errorCause(field, error, cause));
    }
}
