package io.stepwise.engine;

import io.stepwise.asl.Event;
import io.stepwise.asl.Execution;
import io.stepwise.asl.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** An {@link Executions} on a given store, virtual time and fake functions; several may share one store (nodes). */
final class Harness implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final Arns ARNS = Arns.local();

    final ExecutionStore store;
    final ManualScheduler time;
    final FakeLambda lambda;
    final Executions executions;

    Harness(ExecutionStore store, ManualScheduler time, FakeLambda lambda, String node) {
        this.store = store;
        this.time = time;
        this.lambda = lambda;
        EngineConfig config = EngineConfig.defaults(time).withNode(node);
        this.executions = new Executions(config, store, lambda, time, new Definitions(config),
                (parent, task, reply) -> reply.accept(new Event.TaskFailed(task.taskId(), "States.Runtime", "no")));
    }

    static String q(String s) { return s.replace('\'', '"'); }

    Executions.Spec spec(String machine, String name, String definition, String input, boolean express) {
        String d = q(definition);
        String machineArn = ARNS.stateMachine(machine);
        String arn = express ? ARNS.expressExecution(machine, name, "e1") : ARNS.execution(machine, name);
        return new Executions.Spec(arn, name, machineArn, machine, Optional.empty(), Optional.empty(), d,
                Definitions.sha256(d), "arn:aws:iam::123456789012:role/test", q(input), Json.read(q(input)), express);
    }

    Executions.Started start(String name, String definition, String input) {
        return executions.start(spec("M", name, definition, input, false));
    }

    static Execution.Status awaitClosed(Executions.Started s) {
        try {
            return s.run().closed.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the execution did not finish: " + e, e);
        }
    }

    List<String> types(String arn) {
        return history(arn).stream().map(HistoryEvent::type).toList();
    }

    List<HistoryEvent> history(String arn) {
        return Stores.history(store, arn);
    }

    /** Waits (without sleeping: on the commit thread's progress) until the store shows the condition. */
    void until(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Override
    public void close() { executions.close(); }
}
