package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.Command;
import io.stepwise.asl.Event;
import io.stepwise.asl.Execution;
import io.stepwise.asl.ExecutionInfo;
import io.stepwise.asl.HistoryEvent;
import io.stepwise.asl.Interpreter;
import io.stepwise.asl.Step;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executions: the durable driver of the pure interpreter.
 *
 * <p>Design note. Each running execution is a {@link Run} in memory. Whatever reaches it (a task's result, a timer, a
 * StopExecution) goes into its mailbox; one step at a time the interpreter applies it, on a virtual thread, and the
 * step's history, the journal entry that caused it and the execution's new status go to the {@link Committer} as one
 * write. Only after that write's commit are the step's commands carried out (tasks invoked, timers started) and its
 * caller answered: a transition is acknowledged only once committed, and a task is never started for a step a crash
 * could lose. Express executions take the same path without the store.
 *
 * <p>After a crash the store holds, per running execution, its start (input, start time, seed) and its journal; a node
 * rebuilds it by replaying the journal through a fresh interpreter (deterministic: same events, same times, same seed,
 * same history) and carries out again the commands still outstanding: tasks that were in flight are invoked again
 * (at-least-once, as on AWS), due timers fire.
 */
final class Executions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Executions.class);
    private static final int STEPS_PER_WRITE = 64;
    private static final int CLAIM_BATCH = 200;

    /** What to start: names and ARNs, the definition that runs, the input (text as given, and parsed). */
    record Spec(String arn, String name, String machineArn, String machineName, Optional<String> versionArn,
                Optional<String> aliasArn, String definition, String definitionSha, String roleArn, String inputText,
                JsonNode input, boolean express, Optional<String> mapRunArn) {
        Spec(String arn, String name, String machineArn, String machineName, Optional<String> versionArn,
             Optional<String> aliasArn, String definition, String definitionSha, String roleArn, String inputText,
             JsonNode input, boolean express) {
            this(arn, name, machineArn, machineName, versionArn, aliasArn, definition, definitionSha, roleArn,
                    inputText, input, express, Optional.empty());
        }
    }

    /** A started execution as StartExecution answers it. */
    record Started(String arn, Instant startDate, Run run) {}

    private final EngineConfig config;
    private final ExecutionStore store;
    private final Scheduler scheduler;
    private final Committer committer;
    private final Callbacks callbacks = new Callbacks();
    private final Integrations integrations;
    private final Definitions definitions;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService steps = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Consumer<Run>> closedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile MapRunDriver mapRuns = MapRunDriver.NONE;

    /** Carries out the Map Runs of distributed Map states ({@link MapRuns}). */
    interface MapRunDriver {
        /** Starts (or, for a run that exists already, takes up again) the Map Run; answers the parent later. */
        void start(Run parent, io.stepwise.asl.MapRunRequest request);

        void stop(Run parent, String runId);

        /** Runs again the run's children that did not succeed (a redrive of the parent); answers as start does. */
        void redrive(Run parent, io.stepwise.asl.MapRunRequest request, int redriveCount);

        MapRunDriver NONE = new MapRunDriver() {
            @Override public void start(Run parent, io.stepwise.asl.MapRunRequest request) {
                throw new IllegalStateException("no Map Run driver");
            }

            @Override public void redrive(Run parent, io.stepwise.asl.MapRunRequest request, int redriveCount) {
                throw new IllegalStateException("no Map Run driver");
            }

            @Override public void stop(Run parent, String runId) { }
        };
    }
    private Scheduler.Cancellable leaseTimer;
    private volatile boolean closing;

    Executions(EngineConfig config, ExecutionStore store, LambdaInvoker lambda, Scheduler scheduler,
               Definitions definitions, Integrations.Nested nested) {
        this.config = config;
        this.store = store;
        this.scheduler = scheduler;
        this.definitions = definitions;
        this.committer = new Committer(store);
        this.integrations = new Integrations(new LambdaTask(lambda, config.clock()), callbacks, nested);
    }

    private Instant now() { return config.clock().instant().truncatedTo(ChronoUnit.MILLIS); }

    // ---- starting

    Started start(Spec s) {
        Run existing = runs.get(s.arn());
        if (existing != null) return idempotent(s, existing.identity);
        if (!s.express()) {
            Optional<ExecutionRow> stored = store.find(s.arn());
            if (stored.isPresent()) return idempotent(s, stored.get());
        }
        Instant now = now();
        long seed = ThreadLocalRandom.current().nextLong();
        Interpreter in = definitions.interpreter(s.definitionSha(), s.definition(), s.express());
        ExecutionInfo info = new ExecutionInfo(s.arn(), s.name(), s.machineArn(), s.machineName(), s.roleArn(), 0);
        ExecutionRow identity = new ExecutionRow(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), s.arn(),
                s.name(), s.machineArn(), s.machineName(), s.versionArn(), s.aliasArn(), s.definitionSha(), s.roleArn(),
                ExecutionStatus.RUNNING, s.inputText(), Optional.empty(), Optional.empty(), Optional.empty(), now,
                Optional.empty(), seed, 0, 0, 0, s.mapRunArn(), Optional.empty());
        Run r = new Run(identity, s.express(), in);
        r.generation = 1;
        Step step = in.start(info, s.input(), now, seed);
        r.x = step.execution();
        Run raced = runs.putIfAbsent(s.arn(), r);
        if (raced != null) return idempotent(s, raced.identity);
        Execution.Status status = step.status();
        if (s.express()) {
            afterCommit(r, step.commands(), step.history(), status);
            return new Started(s.arn(), now, r);
        }
        ExecutionRow row = rowAfter(identity, r.x, now);
        CompletableFuture<Started> ack = new CompletableFuture<>();
        committer.submit(new Write.Start(row, s.definition(), config.node(), 1, now.plus(config.lease()),
                step.history()), outcome -> {
            if (outcome == Write.Outcome.COMMITTED) {
                afterCommit(r, step.commands(), step.history(), status);
                ack.complete(new Started(s.arn(), now, r));
            } else {
                runs.remove(s.arn(), r);
                ack.completeExceptionally(outcome == Write.Outcome.NAME_TAKEN ? alreadyExists(s.arn())
                        : unavailable());
            }
        });
        return join(ack);
    }

    /** StartExecution is idempotent for a running standard execution started with the same input. */
    private Started idempotent(Spec s, ExecutionRow existing) {
        if (!s.express() && existing.status() == ExecutionStatus.RUNNING && sameInput(existing.input(), s.input())) {
            return new Started(existing.arn(), existing.startDate(), runs.get(existing.arn()));
        }
        throw alreadyExists(s.arn());
    }

    private static boolean sameInput(String stored, JsonNode given) {
        try {
            return Json.MAPPER.readTree(stored).equals(given);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static StepFunctionsError alreadyExists(String arn) {
        return StepFunctionsError.of("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
    }

    private static StepFunctionsError unavailable() {
        return new StepFunctionsError("ServiceUnavailable", 503, "The execution could not be stored; try again.");
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private static ExecutionRow rowAfter(ExecutionRow r, Execution x, Instant now) {
        ExecutionStatus status = ExecutionStatus.of(x.status());
        Outcome o = Outcome.of(x.status());
        return new ExecutionRow(r.id(), r.arn(), r.name(), r.stateMachineArn(), r.stateMachineName(), r.versionArn(),
                r.aliasArn(), r.definitionSha(), r.roleArn(), status, r.input(), o.output(), o.error(), o.cause(),
                r.startDate(), status.closed() ? Optional.of(now) : Optional.empty(), r.seed(), r.redriveCount(),
                x.eventCount(), x.stateTransitions(), r.mapRunArn(), r.redriveDate());
    }

    /** Output, error and cause of a (closed) status. */
    record Outcome(Optional<String> output, Optional<String> error, Optional<String> cause) {
        static Outcome of(Execution.Status s) {
            return switch (s) {
                case Execution.Running r -> new Outcome(Optional.empty(), Optional.empty(), Optional.empty());
                case Execution.Succeeded ok -> new Outcome(Optional.of(Json.text(ok.output())), Optional.empty(),
                        Optional.empty());
                case Execution.Failed f -> new Outcome(Optional.empty(), Optional.ofNullable(f.error()),
                        Optional.ofNullable(f.cause()));
                case Execution.TimedOut t -> new Outcome(Optional.empty(), Optional.ofNullable(t.error()),
                        Optional.ofNullable(t.cause()));
                case Execution.Aborted a -> new Outcome(Optional.empty(), a.error(), a.cause());
            };
        }
    }

    // ---- stepping

    /** Hands an event to a run; its step happens soon on another thread. */
    void deliver(Run r, Event e) {
        deliver(r, new Run.Item(e, null));
    }

    private void deliver(Run r, Run.Item item) {
        if (item.event() instanceof Event.TimerFired t) r.timers.remove(t.timerId());
        r.mailbox.add(item);
        if (r.draining.compareAndSet(false, true)) {
            try {
                steps.execute(() -> drain(r));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                r.draining.set(false);   // the engine is closing: a late answer is left for the next start's replay
            }
        }
    }

    private void drain(Run r) {
        try {
            List<JournalEntry> journal = new ArrayList<>();
            List<HistoryEvent> events = new ArrayList<>();
            List<Command> commands = new ArrayList<>();
            List<Runnable> acks = new ArrayList<>();
            Run.Item item;
            Instant now = null;
            while (journal.size() < STEPS_PER_WRITE && (item = r.mailbox.poll()) != null) {
                if (item.ack() != null) acks.add(item.ack());
                if (!r.x.isRunning()) continue;
                now = now();
                Step s = r.interpreter.step(r.x, item.event(), now);
                if (s.history().isEmpty() && s.commands().isEmpty()) continue;   // a late or stale event
                journal.add(new JournalEntry(++r.journalSeq, now, item.event()));
                events.addAll(s.history());
                commands.addAll(s.commands());
            }
            if (journal.isEmpty()) {
                acks.forEach(Runnable::run);
                return;
            }
            Execution.Status status = r.x.status();
            if (r.express) {
                afterCommit(r, commands, events, status);
                acks.forEach(Runnable::run);
                return;
            }
            ExecutionStatus st = ExecutionStatus.of(status);
            Outcome o = Outcome.of(status);
            var w = new Write.Steps(r.id(), r.generation, journal, events, st, o.output(), o.error(), o.cause(),
                    st.closed() ? Optional.of(now) : Optional.empty(), r.x.eventCount(), r.x.stateTransitions());
            committer.submit(w, outcome -> {
                if (outcome == Write.Outcome.COMMITTED) {
                    afterCommit(r, commands, events, status);
                } else {
                    lost(r, outcome);
                }
                acks.forEach(Runnable::run);
            });
        } catch (RuntimeException bug) {
            if (closing) log.debug("execution {}: a step after close is left for the next start's replay", r.arn());
            else log.error("stepping execution {} failed", r.arn(), bug);
        } finally {
            r.draining.set(false);
            if (!r.mailbox.isEmpty() && !closing && r.draining.compareAndSet(false, true)) {
                try {
                    steps.execute(() -> drain(r));
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    r.draining.set(false);
                }
            }
        }
    }

    /** The step is durable (or the run is express): carry out its commands. Runs on the committer's thread. */
    private void afterCommit(Run r, List<Command> commands, List<HistoryEvent> events, Execution.Status status) {
        r.progress.count(events);
        act(r, commands);
        if (!(status instanceof Execution.Running)) finish(r, status);
    }

    private void act(Run r, List<Command> commands) {
        for (Command c : commands) {
            switch (c) {
                case Command.InvokeTask t -> integrations.invoke(r, t, e -> deliver(r, e));
                case Command.CancelTask t -> callbacks.forget(r, t.taskId());
                case Command.StartTimer t -> r.timers.put(t.timerId(), scheduler.schedule(t.at(),
                        () -> deliver(r, new Event.TimerFired(t.timerId()))));
                case Command.CancelTimer t -> {
                    Scheduler.Cancellable timer = r.timers.remove(t.timerId());
                    if (timer != null) timer.cancel();
                }
                case Command.StartMapRun m -> mapRuns.start(r, m.request());
                case Command.StopMapRun m -> mapRuns.stop(r, m.runId());
                case Command.RedriveMapRun m -> mapRuns.redrive(r, m.request(), m.redriveCount());
            }
        }
    }

    private void finish(Run r, Execution.Status status) {
        runs.remove(r.arn(), r);
        r.timers.values().forEach(Scheduler.Cancellable::cancel);
        r.timers.clear();
        callbacks.forgetAll(r);
        r.closed.complete(status);
        closedListeners.forEach(l -> l.accept(r));
    }

    /**
     * The run's write was refused: another node owns the execution now (FENCED), or the store failed. Either way this
     * node's copy can no longer be trusted: drop it (a restart or the lease's expiry brings it back from the store).
     */
    private void lost(Run r, Write.Outcome outcome) {
        if (runs.remove(r.arn(), r)) {
            log.warn("execution {} {}: dropped from this node", r.arn(), outcome == Write.Outcome.FENCED
                    ? "is owned by another node now" : "could not be written");
            r.timers.values().forEach(Scheduler.Cancellable::cancel);
            callbacks.forgetAll(r);
        }
    }

    // ---- other ways in

    Optional<Run> running(String arn) { return Optional.ofNullable(runs.get(arn)); }

    int runningCount() { return runs.size(); }

    void onClosed(Consumer<Run> listener) { closedListeners.add(listener); }

    void mapRuns(MapRunDriver driver) { this.mapRuns = driver; }

    void builtInTasks(BuiltInTasks tasks) { integrations.builtIns(tasks); }

    /** Hands an event to the run (a Map Run's end), unless it is not running here any more. */
    void deliverIfRunning(String arn, Event e) {
        Run r = runs.get(arn);
        if (r != null) deliver(r, e);
    }

    /** StopExecution: answered once the ExecutionAborted event is committed. */
    void stop(Run r, Optional<String> error, Optional<String> cause) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        deliver(r, new Run.Item(new Event.Stop(error, cause), () -> ack.complete(null)));
        join(ack);
    }

    /**
     * RedriveExecution of a closed standard execution (the caller checked that it may be): rebuilt from its journal,
     * it takes the redrive as its next step and runs on this node; answered once that step is committed. Two redrives
     * at once: the second finds the execution running (or its write fenced) and is refused.
     */
    Instant redrive(ExecutionStore.Claimed c) {
        ExecutionRow row = c.row();
        Run ending = runs.get(row.arn());
        if (ending != null) {
            // its end is committed (the row says so) and its run leaves this node right after: wait for that
            try {
                ending.closed.get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                throw notRedrivable("Execution is RUNNING and cannot be redriven");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable();
            }
        }
        Interpreter in = definitions.interpreter(row.definitionSha(), c.definition(), false);
        Replay replay = Replay.of(in, row, c.journal());
        if (replay.execution().eventCount() != row.lastEventId() || replay.execution().isRunning()) {
            throw notRedrivable("Stepwise cannot redrive this execution: replaying its journal does not give the "
                    + "history it has (the interpreter changed since it ran)");
        }
        Instant now = now();
        int count = row.redriveCount() + 1;
        ExecutionRow identity = new ExecutionRow(row.id(), row.arn(), row.name(), row.stateMachineArn(),
                row.stateMachineName(), row.versionArn(), row.aliasArn(), row.definitionSha(), row.roleArn(),
                ExecutionStatus.RUNNING, row.input(), Optional.empty(), Optional.empty(), Optional.empty(),
                row.startDate(), Optional.empty(), row.seed(), count, row.lastEventId(), row.transitions(),
                row.mapRunArn(), Optional.of(now));
        Run r = new Run(identity, false, in);
        r.x = replay.execution();
        r.generation = c.generation() + 1;
        r.journalSeq = c.journal().isEmpty() ? 0 : c.journal().getLast().seq();
        Event.Redrive event = new Event.Redrive(count);
        Step s = in.step(r.x, event, now);
        if (s.history().isEmpty()) throw notRedrivable("Execution is " + row.status() + " and cannot be redriven");
        if (runs.putIfAbsent(row.arn(), r) != null) {
            throw notRedrivable("Execution is RUNNING and cannot be redriven");
        }
        r.progress.count(store.history(row.id(), 0, false, Integer.MAX_VALUE));
        Execution.Status status = s.status();
        ExecutionStatus st = ExecutionStatus.of(status);
        Outcome o = Outcome.of(status);
        var w = new Write.Redrive(row.id(), c.generation(), r.generation, config.node(), now.plus(config.lease()),
                count, now, new JournalEntry(++r.journalSeq, now, event), s.history(), st, o.output(), o.error(),
                o.cause(), st.closed() ? Optional.of(now) : Optional.empty(), r.x.eventCount(),
                r.x.stateTransitions());
        CompletableFuture<Instant> ack = new CompletableFuture<>();
        committer.submit(w, outcome -> {
            if (outcome == Write.Outcome.COMMITTED) {
                afterCommit(r, s.commands(), s.history(), status);
                ack.complete(now);
            } else {
                runs.remove(row.arn(), r);
                ack.completeExceptionally(outcome == Write.Outcome.FENCED
                        ? notRedrivable("Execution is RUNNING and cannot be redriven") : unavailable());
            }
        });
        return join(ack);
    }

    static StepFunctionsError notRedrivable(String why) {
        return StepFunctionsError.of("ExecutionNotRedrivable", why);
    }

    Optional<Callbacks.Target> callback(String token) { return callbacks.find(token); }

    /** SendTaskSuccess/Failure: the token stops reaching its task at once, so a second answer finds nothing. */
    void answer(Callbacks.Target target, Event e) {
        callbacks.forget(target.run(), target.taskId());
        deliver(target.run(), e);
    }

    long[] commitCounts() { return committer.counts(); }

    // ---- recovery and leases

    /** Takes back this node's running executions after a restart, then keeps their leases alive. */
    void resumeAll() {
        store.release(config.node());
        claimAndResume();
        scheduleLeases();
    }

    private void scheduleLeases() {
        if (closing) return;
        leaseTimer = scheduler.schedule(config.clock().instant().plus(config.lease().dividedBy(3)), () -> {
            try {
                store.renew(config.node(), now().plus(config.lease()));
                claimAndResume();   // executions of nodes whose lease expired
            } catch (RuntimeException e) {
                log.warn("renewing the leases of node {} failed: {}", config.node(), e.toString());
            }
            scheduleLeases();
        });
    }

    private void claimAndResume() {
        long executions = 0;
        long tasks = 0;
        while (!closing) {
            List<ExecutionStore.Claimed> batch = store.claim(config.node(), now(), now().plus(config.lease()),
                    CLAIM_BATCH);
            for (ExecutionStore.Claimed c : batch) {
                try {
                    long again = resume(c);
                    if (again >= 0) {
                        executions++;
                        tasks += again;
                    }
                } catch (RuntimeException e) {
                    log.error("could not resume execution {}", c.row().arn(), e);
                }
            }
            if (batch.size() < CLAIM_BATCH) break;
        }
        if (executions > 0) {
            log.info("resumed {} running execution(s) from the store; {} task(s) that were in flight are invoked again",
                    executions, tasks);
        }
    }

    /** Resumes the execution; returns how many tasks it invoked again (-1: it could not go on). */
    private long resume(ExecutionStore.Claimed c) {
        ExecutionRow row = c.row();
        Interpreter in = definitions.interpreter(row.definitionSha(), c.definition(), false);
        Replay replay = Replay.of(in, row, c.journal());
        Run r = new Run(row, false, in);
        r.x = replay.execution();
        r.generation = c.generation();
        r.journalSeq = c.journal().isEmpty() ? 0 : c.journal().getLast().seq();
        if (replay.diverged()) {
            log.error("execution {}: its replay produced {} events where its history has {}; failing it", row.arn(),
                    r.x.eventCount(), row.lastEventId());
            failDiverged(r, row);
            return -1;
        }
        r.progress.count(store.history(row.id(), 0, false, Integer.MAX_VALUE));
        runs.put(row.arn(), r);
        long tasks = replay.outstanding().stream().filter(x -> x instanceof Command.InvokeTask).count();
        log.debug("resumed execution {} at event {} ({} journal entries, {} tasks to invoke again)", row.arn(),
                row.lastEventId(), c.journal().size(), tasks);
        act(r, replay.outstanding());
        return tasks;
    }

    /** A replay that does not match the stored history cannot go on: record why, and fail the execution. */
    private void failDiverged(Run r, ExecutionRow row) {
        String cause = "Stepwise could not resume this execution: replaying its journal produced "
                + r.x.eventCount() + " history events where its history has " + row.lastEventId()
                + " (the interpreter changed since it started).";
        Instant now = now();
        var failed = new HistoryEvent(row.lastEventId() + 1, row.lastEventId(), now, "ExecutionFailed",
                Json.MAPPER.createObjectNode().set("executionFailedEventDetails", Json.MAPPER.createObjectNode()
                        .put("error", "States.Runtime").put("cause", cause)));
        committer.submit(new Write.Steps(row.id(), r.generation, List.of(), List.of(failed), ExecutionStatus.FAILED,
                Optional.empty(), Optional.of("States.Runtime"), Optional.of(cause), Optional.of(now),
                row.lastEventId() + 1, row.transitions()), outcome -> { });
    }

    @Override
    public void close() {
        closing = true;
        if (leaseTimer != null) leaseTimer.cancel();
        committer.close();
        steps.shutdownNow();
        runs.values().forEach(r -> r.timers.values().forEach(Scheduler.Cancellable::cancel));
    }
}
