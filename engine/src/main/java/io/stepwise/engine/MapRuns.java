package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.Event;
import io.stepwise.asl.Execution;
import io.stepwise.asl.MapRunRequest;
import io.stepwise.asl.MapState;
import io.stepwise.asl.StatesError;
import io.stepwise.engine.MapRunStore.ChildRow;
import io.stepwise.engine.MapRunStore.ChildStatus;
import io.stepwise.engine.MapRunStore.Ended;
import io.stepwise.engine.MapRunStore.MapRunStatus;
import io.stepwise.engine.MapRunStore.RunRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed Map states as Map Runs (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html):
 * the items (given, or read by the ItemReader from a bucket) become child executions of the ItemProcessor, standard
 * (durable, with their own history) or express (in memory), at most MaxConcurrency at a time; failures are tolerated up
 * to ToleratedFailureCount/Percentage (counted in items, as AWS counts them), and the Map state gets the children's
 * results in item order, or what the ResultWriter wrote.
 *
 * <p>Design note. A Map Run belongs to the node that runs its parent execution. When the parent's step that asked for
 * it is committed, the run's row and every child's input are inserted in one transaction, then children start. A
 * child's end is written (in batches) to its row; the run's end is written before the parent hears of it, with the
 * result it delivers. After a crash the parent's replay asks for the run again: a run that had ended delivers its
 * stored outcome again; a running one is taken up from its rows: children that ended are counted once, standard
 * children still running are resumed by the engine like any execution (their names are derived from the run and the
 * index, so none is started twice), and express children that were in flight run again, as on AWS.
 */
public final class MapRuns implements Executions.MapRunDriver {
    private static final Logger log = LoggerFactory.getLogger(MapRuns.class);
    static final String THRESHOLD = "States.ExceedToleratedFailureThreshold";
    static final String THRESHOLD_CAUSE = "The specified tolerated failure threshold was exceeded";

    private final EngineConfig config;
    private final Executions executions;
    private final ExecutionStore executionStore;
    private final MapRunStore store;
    private final Buckets buckets;
    private final Map<String, Active> byId = new ConcurrentHashMap<>();
    private final Map<String, Active> byArn = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Ended> ends = new LinkedBlockingQueue<>();
    private volatile boolean closing;

    MapRuns(EngineConfig config, Executions executions, ExecutionStore executionStore, MapRunStore store,
            Buckets buckets) {
        this.config = config;
        this.executions = executions;
        this.executionStore = executionStore;
        this.store = store;
        this.buckets = buckets;
    }

    private Instant now() { return config.clock().instant().truncatedTo(ChronoUnit.MILLIS); }

    /** One Map Run running on this node. Everything but the constants is guarded by the object's monitor. */
    private final class Active {
        final RunRow row;
        final String parentArn;
        final String roleArn;
        final String machineName;
        final String definitionSha;
        final MapRunRequest request;
        ChildRow[] children;
        final ArrayDeque<Integer> pending = new ArrayDeque<>();
        final Map<String, Integer> running = new HashMap<>();   // child ARN -> index
        long maxConcurrency;
        long toleratedCount;
        double toleratedPercentage;
        long failedItems;
        boolean ended;

        Active(RunRow row, String parentArn, String roleArn, MapRunRequest request, List<ChildRow> children) {
            this.row = row;
            this.parentArn = parentArn;
            this.roleArn = roleArn;
            this.machineName = machineName(row.machineArn());
            this.definitionSha = Definitions.sha256(row.definition());
            this.request = request;
            this.children = children.toArray(ChildRow[]::new);
            this.maxConcurrency = row.maxConcurrency();
            this.toleratedCount = row.toleratedCount();
            this.toleratedPercentage = row.toleratedPercentage();
        }

        long limit() {
            long m = maxConcurrency == 0 ? config.mapRunConcurrency() : maxConcurrency;
            return Math.min(m, EngineConfig.MAX_MAP_RUN_CONCURRENCY);
        }

        boolean exceeded() {
            long total = row.totalItems();
            boolean byCount = toleratedCount >= 0 && failedItems > toleratedCount;
            boolean byPercentage = toleratedPercentage >= 0 && total > 0
                    && failedItems * 100.0 / total > toleratedPercentage;
            boolean none = toleratedCount < 0 && toleratedPercentage < 0;
            return none ? failedItems > 0 : byCount || byPercentage;
        }
    }

    // ---- starting

    @Override
    public void start(Run parent, MapRunRequest request) {
        Thread.startVirtualThread(() -> {
            try {
                begin(parent, request);
            } catch (RuntimeException e) {
                log.error("the Map Run {} of {} failed unexpectedly", request.mapRunArn(), parent.arn(), e);
                executions.deliverIfRunning(parent.arn(), new Event.MapRunFailed(request.runId(), "States.Runtime",
                        "Stepwise could not run the Map Run: " + e));
            }
        });
    }

    /**
     * The parent was redriven: its Map Run runs again the children that failed, timed out, were aborted or never
     * started (standard ones are redriven, keeping their ARN and history; express ones start anew, as on AWS), and
     * keeps the results of those that succeeded. A run that failed before it had children starts again from its items.
     */
    @Override
    public void redrive(Run parent, MapRunRequest request, int redriveCount) {
        Thread.startVirtualThread(() -> {
            try {
                Optional<RunRow> existing = store.find(request.runId());
                if (existing.isPresent() && existing.get().totalChildren() == 0
                        && existing.get().status() != MapRunStatus.RUNNING) {
                    store.delete(request.runId());
                    existing = Optional.empty();
                }
                if (existing.isEmpty()) {
                    begin(parent, request, redriveCount);
                    return;
                }
                if (existing.get().redriveCount() < redriveCount) {
                    store.redrive(request.runId(), redriveCount, now());
                    existing = store.find(request.runId());
                }
                resume(parent, request, existing.orElseThrow());
            } catch (RuntimeException e) {
                log.error("the redrive of Map Run {} of {} failed unexpectedly", request.mapRunArn(), parent.arn(), e);
                executions.deliverIfRunning(parent.arn(), new Event.MapRunFailed(request.runId(), "States.Runtime",
                        "Stepwise could not redrive the Map Run: " + e));
            }
        });
    }

    private void begin(Run parent, MapRunRequest request) {
        Optional<RunRow> existing = store.find(request.runId());
        if (existing.isPresent()) {
            resume(parent, request, existing.get());
            return;
        }
        begin(parent, request, 0);
    }

    private void begin(Run parent, MapRunRequest request, int redriveCount) {
        Optional<Instant> redriveDate = redriveCount == 0 ? Optional.empty() : Optional.of(now());
        Instant now = now();
        String machineArn = parent.identity.stateMachineArn() + "/" + request.label();
        boolean express = request.executionType() == MapState.ExecutionType.EXPRESS;
        List<ChildRow> children;
        long totalItems;
        try {
            List<JsonNode> items = request.items().isPresent() ? request.items().get()
                    : ItemReaders.read(buckets, request.itemReader().orElseThrow());
            totalItems = items.size();
            List<JsonNode> inputs = request.inputs().of(items);
            children = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                JsonNode in = inputs.get(i);
                String text = Json.text(in);
                if (text.getBytes(StandardCharsets.UTF_8).length > Engine.MAX_INPUT_BYTES) {
                    throw new StatesError("States.DataLimitExceeded", "The input of the child execution for "
                            + (request.batched() ? "batch " : "item ") + i + " has a size exceeding the maximum "
                            + "number of bytes service limit (" + Engine.MAX_INPUT_BYTES + " bytes).");
                }
                int count = request.batched() ? in.path("Items").size() : 1;
                Optional<String> arn = express ? Optional.empty()
                        : Optional.of(config.arns().execution(machineName(machineArn), childName(request.runId(), i)));
                children.add(new ChildRow(i, count, text, ChildStatus.PENDING, arn, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            }
        } catch (StatesError e) {
            RunRow failed = new RunRow(request.runId(), request.mapRunArn(), parent.arn(), machineArn,
                    request.stateName(), request.label(), express, request.processorDefinition(), MapRunStatus.FAILED,
                    request.maxConcurrency(), request.toleratedFailureCount(), request.toleratedFailurePercentage(), 0,
                    0, now, Optional.of(now), Optional.of(e.error()), Optional.of(e.cause()), Optional.empty(), 0,
                    redriveCount, redriveDate);
            store.create(failed, List.of());
            executions.deliverIfRunning(parent.arn(), new Event.MapRunFailed(request.runId(), e.error(), e.cause()));
            return;
        }
        RunRow row = new RunRow(request.runId(), request.mapRunArn(), parent.arn(), machineArn, request.stateName(),
                request.label(), express, request.processorDefinition(), MapRunStatus.RUNNING,
                request.maxConcurrency(), request.toleratedFailureCount(), request.toleratedFailurePercentage(),
                totalItems, children.size(), now, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, redriveCount, redriveDate);
        store.create(row, children);
        Active a = new Active(row, parent.arn(), parent.identity.roleArn(), request, children);
        for (int i = 0; i < children.size(); i++) a.pending.add(i);
        register(a);
        synchronized (a) {
            advance(a);
        }
    }

    /** {@code MACHINE/LABEL} of a labelled ARN {@code ...:stateMachine:MACHINE/LABEL}. */
    private static String machineName(String machineArn) {
        return machineArn.substring(machineArn.indexOf(":stateMachine:") + ":stateMachine:".length());
    }

    /** A standard child's name: derived from the run and the index, so that a run taken up again finds it. */
    static String childName(String runId, int index) {
        return UUID.nameUUIDFromBytes((runId + "/" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void register(Active a) {
        byId.put(a.row.id(), a);
        byArn.put(a.row.arn(), a);
    }

    private void unregister(Active a) {
        byId.remove(a.row.id(), a);
        byArn.remove(a.row.arn(), a);
    }

    /** The parent was replayed after a restart and asks again for a run that exists. */
    private void resume(Run parent, MapRunRequest request, RunRow row) {
        if (row.status() != MapRunStatus.RUNNING) {
            executions.deliverIfRunning(parent.arn(), delivered(row));
            return;
        }
        if (byId.containsKey(row.id())) return;   // taken up already
        Active a = new Active(row, parent.arn(), parent.identity.roleArn(), request, List.of());
        register(a);
        synchronized (a) {
            List<ChildRow> rows = store.children(row.id());
            ChildRow[] children = rows.toArray(ChildRow[]::new);
            a.children = children;
            List<Ended> found = new ArrayList<>();
            for (ChildRow ch : children) {
                if (ch.status() != ChildStatus.PENDING) {
                    if (isFailure(ch.status())) a.failedItems += ch.items();
                    continue;
                }
                Optional<ExecutionRow> exec = row.express() ? Optional.empty()
                        : ch.executionArn().flatMap(executionStore::find);
                if (exec.isEmpty()) {
                    a.pending.add(ch.idx());
                } else if (!exec.get().status().closed()) {
                    a.running.put(exec.get().arn(), ch.idx());
                } else if (toRedrive(row, exec.get())) {
                    a.pending.add(ch.idx());
                } else {
                    ChildRow done = endedRow(ch, exec.get());
                    a.children[ch.idx()] = done;
                    if (isFailure(done.status())) a.failedItems += done.items();
                    found.add(new Ended(row.id(), row.redriveCount(), done));
                }
            }
            ends.addAll(found);
            writeEnds();
            log.info("Map Run {}: taken up again with {} children ended, {} running, {} to start", row.arn(),
                    children.length - a.pending.size() - a.running.size(), a.running.size(), a.pending.size());
            advance(a);
        }
    }

    /** A standard child that ended unsuccessfully before the run's latest redrive: it is redriven. */
    private static boolean toRedrive(RunRow run, ExecutionRow child) {
        return isFailure(ChildStatus.of(child.status())) && child.redriveCount() < run.redriveCount();
    }

    private static ChildRow endedRow(ChildRow ch, ExecutionRow e) {
        return ch.ended(ChildStatus.of(e.status()), e.arn(), e.output(), e.error(), e.cause(), e.startDate(),
                e.stopDate().orElse(e.startDate()));
    }

    // ---- running children

    /** Starts children up to the concurrency limit, or ends the run when nothing is left. Holds the monitor. */
    private void advance(Active a) {
        if (a.ended) return;
        if (a.exceeded()) {
            end(a, Optional.of(THRESHOLD), Optional.of(THRESHOLD_CAUSE));
            return;
        }
        while (!closing && a.running.size() < a.limit() && !a.pending.isEmpty()) startChild(a, a.pending.poll());
        if (a.pending.isEmpty() && a.running.isEmpty()) end(a, Optional.empty(), Optional.empty());
    }

    private void startChild(Active a, int index) {
        ChildRow ch = a.children[index];
        boolean express = a.row.express();
        String name = express ? UUID.randomUUID().toString() : childName(a.row.id(), index);
        String arn = express ? config.arns().expressExecution(a.machineName, name, UUID.randomUUID().toString())
                : ch.executionArn().orElseGet(() -> config.arns().execution(a.machineName, name));
        a.running.put(arn, index);
        boolean mayExist = !express && a.row.redriveCount() > 0 && ch.executionArn().isPresent();
        var spec = new Executions.Spec(arn, name, a.row.machineArn(), a.machineName, Optional.empty(),
                Optional.empty(), a.row.definition(), a.definitionSha, a.roleArn, ch.input(), Json.read(ch.input()),
                express, Optional.of(a.row.arn()));
        // StartExecution waits for its commit: children start side by side, so that their starts share commits
        Thread.startVirtualThread(() -> {
            try {
                // a child of a redriven run may have run before: read off the run's monitor, children side by side
                Optional<ExecutionStore.Claimed> existing = mayExist ? executionStore.load(arn) : Optional.empty();
                if (existing.isPresent()) {
                    redriveChild(a, arn, existing.get());
                    return;
                }
                Executions.Started started = executions.start(spec);
                if (started.run() == null) {
                    executionStore.find(arn).filter(e -> e.status().closed()).ifPresent(e -> childEnded(a, arn, e));
                }
            } catch (StepFunctionsError e) {
                if (closing) return;   // the node is stopping: the child stays PENDING, the next start runs it
                // a standard child that exists already (a run taken up again): it ended, or it runs on
                Optional<ExecutionRow> existing = executionStore.find(arn);
                if (existing.isPresent() && existing.get().status().closed()) childEnded(a, arn, existing.get());
                else if (existing.isEmpty()) childFailedToStart(a, arn, e.getMessage());
            } catch (RuntimeException e) {
                if (closing) return;
                log.error("Map Run {}: starting child {} failed", a.row.arn(), index, e);
                childFailedToStart(a, arn, "Stepwise could not start the child execution: " + e);
            }
        });
    }

    /**
     * A standard child of a redriven run that exists already: redriven when it did not succeed, else counted. Runs on
     * the child's own virtual thread.
     */
    private void redriveChild(Active a, String arn, ExecutionStore.Claimed child) {
        ExecutionRow e = child.row();
        if (!e.status().closed()) return;   // running (on this node: its end is counted when it closes)
        if (!toRedrive(a.row, e)) {
            childEnded(a, arn, e);
            return;
        }
        try {
            executions.redrive(child);
        } catch (StepFunctionsError err) {
            if (closing) return;
            // not redrivable (too old, history too long) or running again already: it counts as it stands
            executionStore.find(arn).filter(x -> x.status().closed()).ifPresent(x -> childEnded(a, arn, x));
        } catch (RuntimeException err) {
            if (closing) return;
            log.error("Map Run {}: redriving child {} failed", a.row.arn(), arn, err);
            childFailedToStart(a, arn, "Stepwise could not redrive the child execution: " + err);
        }
    }

    private void childFailedToStart(Active a, String arn, String why) {
        Instant now = now();
        var row = new ExecutionRow(0, arn, arn, a.row.machineArn(), a.machineName, Optional.empty(), Optional.empty(),
                a.definitionSha, a.roleArn, ExecutionStatus.FAILED, "{}", Optional.empty(),
                Optional.of("States.Runtime"), Optional.of(why), now, Optional.of(now), 0, 0, 0, 0,
                Optional.of(a.row.arn()), Optional.empty());
        childEnded(a, arn, row);
    }

    /** An execution closed on this node: a child of a Map Run counts its end. */
    void closed(Run r) {
        Optional<String> mapRunArn = r.identity.mapRunArn();
        if (mapRunArn.isEmpty()) return;
        Execution.Status s = r.closed.getNow(null);
        if (s == null) return;
        Executions.Outcome o = Executions.Outcome.of(s);
        ExecutionRow id = r.identity;
        ExecutionRow ended = new ExecutionRow(id.id(), id.arn(), id.name(), id.stateMachineArn(),
                id.stateMachineName(), id.versionArn(), id.aliasArn(), id.definitionSha(), id.roleArn(),
                ExecutionStatus.of(s), id.input(), o.output(), o.error(), o.cause(), id.startDate(),
                Optional.of(r.x.now()), id.seed(), id.redriveCount(), 0, 0, id.mapRunArn(),
                id.redriveDate());
        Thread.startVirtualThread(() -> {   // off the committer's thread: this reads and writes the store
            Active a = byArn.get(mapRunArn.get());
            if (a != null) {
                if (!endedBeforeRedrive(a.row, ended)) childEnded(a, id.arn(), ended);
            } else if (!r.express) {
                // its run is not taken up on this node yet (a restart): its row says how it ended, for when it is
                store.findByArn(mapRunArn.get()).filter(run -> !endedBeforeRedrive(run, ended))
                        .ifPresent(run -> store.children(run.id()).stream()
                        .filter(ch -> ch.executionArn().equals(Optional.of(id.arn())))
                        .findFirst().ifPresent(ch -> ends.add(new Ended(run.id(), run.redriveCount(), endedRow(ch, ended)))));
            }
            writeEnds();
        });
    }

    /**
     * A child that ended before its run's latest redrive (one the stopped run aborted) is stale: it is not the end of
     * the redriven child, which the run, taken up again, reads or runs itself.
     */
    private static boolean endedBeforeRedrive(RunRow run, ExecutionRow ended) {
        return run.redriveDate().map(at -> ended.stopDate().orElseThrow().isBefore(at)).orElse(false);
    }

    private void childEnded(Active a, String arn, ExecutionRow e) {
        synchronized (a) {
            Integer index = a.running.remove(arn);
            if (index == null || a.children[index].status() != ChildStatus.PENDING) return;   // counted already
            ChildRow done = endedRow(a.children[index], e);
            a.children[index] = done;
            if (isFailure(done.status())) a.failedItems += done.items();
            ends.add(new Ended(a.row.id(), a.row.redriveCount(), done));
            advance(a);
        }
        writeEnds();
    }

    // ---- ending

    /**
     * The run ends: every child ended (or the failure threshold was crossed: the children still running are stopped).
     * The results are assembled in item order and written by the ResultWriter, the run's end is stored, and then the
     * parent hears of it. Holds the monitor.
     */
    private void end(Active a, Optional<String> error, Optional<String> cause) {
        a.ended = true;
        List<String> stillRunning = List.copyOf(a.running.keySet());
        Thread.startVirtualThread(() -> {
            try {
                // stopped children are counted as ABORTED (the run stays registered until they are)
                stopChildren(stillRunning, THRESHOLD, "The Map Run " + a.row.arn() + " failed");
                unregister(a);
                deliver(a, error, cause);
            } catch (RuntimeException e) {
                log.error("Map Run {}: ending failed", a.row.arn(), e);
                executions.deliverIfRunning(a.parentArn, new Event.MapRunFailed(a.row.id(), "States.Runtime",
                        "Stepwise could not end the Map Run: " + e));
            }
        });
    }

    private void deliver(Active a, Optional<String> error, Optional<String> cause) {
        flush();
        List<ResultWriters.ChildResult> results = new ArrayList<>();
        ChildRow[] children;
        synchronized (a) {
            children = a.children.clone();
        }
        for (ChildRow ch : children) results.add(result(a, ch));
        Optional<JsonNode> writer = a.request.resultWriter();
        JsonNode output = null;
        long written = 0;
        Optional<String> err = error;
        Optional<String> why = cause;
        if (writer.isPresent()) {
            try {
                output = ResultWriters.write(buckets, writer.get(), a.row.arn(), results);
                written = results.stream().filter(r -> !r.status().equals("PENDING")).count();
            } catch (StatesError e) {
                if (err.isEmpty()) {
                    err = Optional.of(e.error());
                    why = Optional.of(e.cause());
                }
            }
        } else {
            output = ResultWriters.results(results);
        }
        Instant now = now();
        if (err.isPresent()) {
            store.close(a.row.id(), MapRunStatus.FAILED, now, err, why, Optional.empty(), written);
            executions.deliverIfRunning(a.parentArn, new Event.MapRunFailed(a.row.id(), err.get(), why.orElse("")));
        } else {
            store.close(a.row.id(), MapRunStatus.SUCCEEDED, now, Optional.empty(), Optional.empty(),
                    Optional.of(Json.text(output)), written);
            executions.deliverIfRunning(a.parentArn, new Event.MapRunSucceeded(a.row.id(), output));
        }
    }

    private ResultWriters.ChildResult result(Active a, ChildRow ch) {
        String arn = ch.executionArn().orElse("");
        String name = arn.isEmpty() ? "" : arn.substring(arn.lastIndexOf(':') + 1);
        if (a.row.express() && !arn.isEmpty()) {
            String[] parts = arn.split(":");
            name = parts[parts.length - 2];
        }
        String status = ch.status() == ChildStatus.PENDING ? "PENDING" : ch.status().name();
        return new ResultWriters.ChildResult(arn, name, a.row.machineArn(), ch.input(), ch.output(), status,
                ch.error(), ch.cause(), ch.startDate().orElse(a.row.startDate()), ch.stopDate());
    }

    private void stopChildren(List<String> arns, String error, String cause) {
        for (String arn : arns) {
            executions.running(arn).ifPresent(r -> {
                try {
                    executions.stop(r, Optional.of(error), Optional.of(cause));
                } catch (RuntimeException e) {
                    log.debug("stopping child {} failed: {}", arn, e.toString());
                }
            });
        }
    }

    /** The parent no longer waits for the run (it ended, or an enclosing Parallel or Map stopped): abort it. */
    @Override
    public void stop(Run parent, String runId) {
        Active a = byId.get(runId);
        if (a == null) return;
        List<String> stillRunning;
        synchronized (a) {
            if (a.ended) return;
            a.ended = true;
            stillRunning = List.copyOf(a.running.keySet());
        }
        Thread.startVirtualThread(() -> {
            stopChildren(stillRunning, "States.Aborted", "The Map Run " + a.row.arn() + " was aborted");
            unregister(a);
            flush();
            store.close(a.row.id(), MapRunStatus.ABORTED, now(), Optional.empty(), Optional.empty(), Optional.empty(),
                    0);
        });
    }

    // ---- writing children's ends

    private final java.util.concurrent.locks.ReentrantLock writing = new java.util.concurrent.locks.ReentrantLock();

    /**
     * Writes the children's ends queued so far, in one transaction with whatever other threads queued meanwhile (the
     * thread holding the lock writes for the others; each checks the queue again after the lock is released).
     */
    private void writeEnds() {
        while (!ends.isEmpty() && writing.tryLock()) {
            try {
                List<Ended> batch = new ArrayList<>();
                ends.drainTo(batch);
                store.ended(batch);
            } catch (RuntimeException e) {
                log.error("writing the ends of Map Run children failed", e);
            } finally {
                writing.unlock();
            }
        }
    }

    /** Writes every child's end queued so far (before a run's own end is written). */
    private void flush() {
        writing.lock();
        try {
            List<Ended> batch = new ArrayList<>();
            ends.drainTo(batch);
            store.ended(batch);
        } finally {
            writing.unlock();
        }
    }

    // ---- the MapRun API

    /** DescribeMapRun's counts: of items and of child executions. */
    public record Counts(long pending, long running, long succeeded, long failed, long timedOut, long aborted, long total,
                  long resultsWritten) {}

    public record Description(RunRow row, Counts items, Counts executions) {}

    Description describe(String mapRunArn) {
        RunRow row = store.findByArn(mapRunArn).orElseThrow(() -> notFound(mapRunArn));
        Active a = byArn.get(mapRunArn);
        ChildRow[] children;
        java.util.Set<Integer> running = new java.util.HashSet<>();
        if (a != null) {
            synchronized (a) {
                children = a.children.clone();
                running.addAll(a.running.values());
                row = withLimits(row, a);
            }
        } else {
            children = store.children(row.id()).toArray(ChildRow[]::new);
        }
        long[] items = new long[6];
        long[] execs = new long[6];
        for (ChildRow ch : children) {
            int k = switch (ch.status()) {
                case PENDING -> running.contains(ch.idx()) ? 1 : 0;
                case SUCCEEDED -> 2;
                case FAILED -> 3;
                case TIMED_OUT -> 4;
                case ABORTED -> 5;
            };
            items[k] += ch.items();
            execs[k]++;
        }
        long writtenItems = row.resultsWritten() == 0 ? 0 : items[2] + items[3] + items[4] + items[5];
        return new Description(row, new Counts(items[0], items[1], items[2], items[3], items[4], items[5],
                row.totalItems(), writtenItems), new Counts(execs[0], execs[1], execs[2], execs[3], execs[4],
                execs[5], children.length, row.resultsWritten()));
    }

    private static RunRow withLimits(RunRow r, Active a) {
        return new RunRow(r.id(), r.arn(), r.executionArn(), r.machineArn(), r.stateName(), r.label(), r.express(),
                r.definition(), r.status(), a.maxConcurrency, a.toleratedCount, a.toleratedPercentage, r.totalItems(),
                r.totalChildren(), r.startDate(), r.stopDate(), r.error(), r.cause(), r.result(), r.resultsWritten(),
                r.redriveCount(), r.redriveDate());
    }

    /** UpdateMapRun: takes effect at once on a running run (more children start, or the threshold is checked). */
    void update(String mapRunArn, Optional<Long> maxConcurrency, Optional<Long> toleratedCount,
                Optional<Double> toleratedPercentage) {
        RunRow row = store.findByArn(mapRunArn).orElseThrow(() -> notFound(mapRunArn));
        Active a = byArn.get(mapRunArn);
        if (a == null) {
            store.update(row.id(), maxConcurrency.orElse(row.maxConcurrency()),
                    toleratedCount.orElse(row.toleratedCount()),
                    toleratedPercentage.orElse(row.toleratedPercentage()));
            return;
        }
        synchronized (a) {
            maxConcurrency.ifPresent(v -> a.maxConcurrency = v);
            toleratedCount.ifPresent(v -> a.toleratedCount = v);
            toleratedPercentage.ifPresent(v -> a.toleratedPercentage = v);
            store.update(row.id(), a.maxConcurrency, a.toleratedCount, a.toleratedPercentage);
            advance(a);
        }
    }

    List<RunRow> list(String executionArn, Optional<String> after, int limit) {
        Optional<RunRow> from = after.flatMap(store::find);
        if (after.isPresent() && from.isEmpty()) {
            throw StepFunctionsError.of("InvalidToken", "Invalid Token: 'Invalid token'");
        }
        return store.list(executionArn, from.map(r -> new long[] {r.startDate().toEpochMilli()}),
                from.map(RunRow::id), limit);
    }

    Optional<RunRow> find(String mapRunArn) { return store.findByArn(mapRunArn); }

    static StepFunctionsError notFound(String arn) {
        return StepFunctionsError.of("ResourceNotFound", "Resource not found: '" + arn + "'").with("resourceName", arn);
    }

    void close() {
        closing = true;
        try {
            flush();
        } catch (RuntimeException e) {
            log.debug("writing the last children's ends at close failed: {}", e.toString());
        }
    }

    private static boolean isFailure(ChildStatus s) {
        return s == ChildStatus.FAILED || s == ChildStatus.TIMED_OUT || s == ChildStatus.ABORTED;
    }

    private static Event delivered(RunRow row) {
        return row.status() == MapRunStatus.SUCCEEDED
                ? new Event.MapRunSucceeded(row.id(), Json.read(row.result().orElse("[]")))
                : new Event.MapRunFailed(row.id(), row.error().orElse("States.Runtime"), row.cause().orElse(""));
    }
}
