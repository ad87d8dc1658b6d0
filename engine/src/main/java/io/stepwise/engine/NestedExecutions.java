package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.Command;
import io.stepwise.asl.Event;
import io.stepwise.asl.Execution;
import io.stepwise.asl.TaskResource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * {@code arn:aws:states:::states:startExecution} (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html):
 * starts a child execution with {@code StateMachineArn}, {@code Input} and {@code Name}; the plain form answers with
 * {@code {ExecutionArn, StartDate}} at once, {@code .sync} and {@code .sync:2} when the child ends, with its
 * DescribeExecution (Output as a string, or as JSON for {@code .sync:2}); a child that does not succeed fails the task
 * with {@code States.TaskFailed}. Without a Name, the child's name derives from the parent and the task, so that the
 * replay of a parent after a crash finds the child it started instead of starting another.
 */
final class NestedExecutions implements Integrations.Nested {
    private final Engine engine;
    private final Map<String, List<Consumer<Run>>> waiting = new ConcurrentHashMap<>();

    NestedExecutions(Engine engine) { this.engine = engine; }

    @Override
    public void start(Run parent, Command.InvokeTask t, Consumer<Event> reply) {
        Thread.startVirtualThread(() -> {
            try {
                run(parent, t, reply);
            } catch (StepFunctionsError e) {
                reply.accept(refused(t, e));
            } catch (RuntimeException e) {
                reply.accept(new Event.TaskFailed(t.taskId(), "States.Runtime", "Starting the nested execution failed: "
                        + e));
            }
        });
    }

    private static Event refused(Command.InvokeTask t, StepFunctionsError e) {
        return new Event.TaskFailed(t.taskId(), "StepFunctions." + e.type() + "Exception", e.getMessage()
                + " (Service: AWSStepFunctions; Status Code: " + e.status() + "; Error Code: " + e.type()
                + "; Request ID: " + UUID.randomUUID() + "; Proxy: null)");
    }

    private static Optional<Event> withoutMachine(Command.InvokeTask t) {
        if (t.input().path("StateMachineArn").isTextual()) return Optional.empty();
        return Optional.of(new Event.TaskFailed(t.taskId(), "States.Runtime", "The Parameters of the Task state '"
                + t.stateName() + "' must give StateMachineArn as a string"));
    }

    private static String input(JsonNode p) {
        JsonNode in = p.get("Input");
        return in == null || in.isNull() ? "{}" : in.isTextual() ? in.asText() : Json.text(in);
    }

    /**
     * The plain form (not {@code .sync}), answered at once with the child's ARN and start date; {@code name} when the
     * task gives no Name. TestState starts its children this way.
     */
    Event startNow(Command.InvokeTask t, String name) {
        Optional<Event> bad = withoutMachine(t);
        if (bad.isPresent()) return bad.get();
        JsonNode p = t.input();
        try {
            Executions.Started child = engine.begin(p.get("StateMachineArn").asText(), Optional.of(
                    p.path("Name").isTextual() ? p.get("Name").asText() : name), Optional.of(input(p)), false);
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("ExecutionArn", child.arn());
            o.put("StartDate", child.startDate().toEpochMilli());
            return new Event.TaskSucceeded(t.taskId(), o);
        } catch (StepFunctionsError e) {
            return refused(t, e);
        }
    }

    private void run(Run parent, Command.InvokeTask t, Consumer<Event> reply) {
        JsonNode p = t.input();
        String name = p.path("Name").isTextual() ? p.get("Name").asText()
                : UUID.nameUUIDFromBytes((parent.arn() + "/" + t.taskId()).getBytes(StandardCharsets.UTF_8)).toString();
        TaskResource.Pattern pattern = t.resource().pattern();
        boolean sync = pattern == TaskResource.Pattern.RUN_JOB || pattern == TaskResource.Pattern.RUN_JOB_V2;
        if (!sync) {
            reply.accept(startNow(t, name));
            return;
        }
        Optional<Event> bad = withoutMachine(t);
        if (bad.isPresent()) {
            reply.accept(bad.get());
            return;
        }
        String input = input(p);
        String machineArn = p.get("StateMachineArn").asText();
        // the answer goes out once: from the child's end on this node, or from the store when it was over already
        var answered = new java.util.concurrent.atomic.AtomicBoolean();
        Consumer<Run> onEnd = r -> {
            if (answered.compareAndSet(false, true)) reply.accept(ended(t, r));
        };
        String expected = engine.arns().execution(Arns.machine(machineArn).name(), name);
        waiting.computeIfAbsent(expected, k -> new CopyOnWriteArrayList<>()).add(onEnd);
        Executions.Started child;
        try {
            child = engine.begin(machineArn, Optional.of(name), Optional.of(input), false);
        } catch (StepFunctionsError e) {
            // a replayed parent asking again for a child that has ended since: its end is the answer
            Optional<ExecutionRow> done = e.type().equals("ExecutionAlreadyExists")
                    ? Optional.of(engine.describe(expected)).filter(r -> r.status().closed() && sameInput(r, input))
                    : Optional.empty();
            if (done.isEmpty()) throw e;
            if (answered.compareAndSet(false, true)) reply.accept(ended(t, done.get()));
            return;
        } finally {
            forget(expected, onEnd);
        }
        if (child.run() != null) {
            waiting.computeIfAbsent(child.arn(), k -> new CopyOnWriteArrayList<>()).add(onEnd);
            if (child.run().closed.isDone()) {
                forget(child.arn(), onEnd);
                onEnd.accept(child.run());
            }
        } else if (answered.compareAndSet(false, true)) {
            reply.accept(ended(t, engine.describe(child.arn())));   // over before this (replayed) parent asked
        }
    }

    private static boolean sameInput(ExecutionRow r, String input) {
        return Json.read(r.input()).equals(Json.read(input));
    }

    private void forget(String arn, Consumer<Run> listener) {
        waiting.computeIfPresent(arn, (k, l) -> {
            l.remove(listener);
            return l.isEmpty() ? null : l;
        });
    }

    /** A child execution closed on this node. */
    void closed(Run r) {
        List<Consumer<Run>> listeners = waiting.remove(r.arn());
        if (listeners != null) listeners.forEach(l -> l.accept(r));
    }

    private Event ended(Command.InvokeTask t, Run r) {
        Execution.Status s = r.closed.join();
        Executions.Outcome o = Executions.Outcome.of(s);
        ExecutionRow id = r.identity;
        return ended(t, new ExecutionRow(id.id(), id.arn(), id.name(), id.stateMachineArn(), id.stateMachineName(),
                id.versionArn(), id.aliasArn(), id.definitionSha(), id.roleArn(), ExecutionStatus.of(s), id.input(),
                o.output(), o.error(), o.cause(), id.startDate(), Optional.of(r.x.now()), id.seed(), id.redriveCount(),
                0, 0, id.mapRunArn(), id.redriveDate()));
    }

    private static Event ended(Command.InvokeTask t, ExecutionRow row) {
        boolean v2 = t.resource().pattern() == TaskResource.Pattern.RUN_JOB_V2;
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("ExecutionArn", row.arn());
        if (v2) o.set("Input", Json.read(row.input()));
        else o.put("Input", row.input());
        o.putObject("InputDetails").put("Included", true);
        o.put("Name", row.name());
        row.output().ifPresent(out -> {
            if (v2) o.set("Output", Json.read(out));
            else o.put("Output", out);
            o.putObject("OutputDetails").put("Included", true);
        });
        o.put("RedriveCount", row.redriveCount());
        o.put("StartDate", row.startDate().toEpochMilli());
        o.put("StateMachineArn", row.stateMachineArn());
        o.put("Status", row.status().name());
        row.stopDate().ifPresent(d -> o.put("StopDate", d.toEpochMilli()));
        row.error().ifPresent(e -> o.put("Error", e));
        row.cause().ifPresent(c -> o.put("Cause", c));
        if (row.status() == ExecutionStatus.SUCCEEDED) return new Event.TaskSucceeded(t.taskId(), o);
        return new Event.TaskFailed(t.taskId(), "States.TaskFailed", Json.text(o));
    }
}
