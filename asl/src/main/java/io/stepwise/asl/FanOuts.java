package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parallel and Map (https://states-language.net/spec.html#parallel-state, #map-state). Each branch or iteration is a
 * child {@link Frame} with its own variable scope. A failing branch or inline-Map iteration aborts its siblings and
 * fails the state with the child's own error; a distributed Map (run here like an inline one) tolerates failures up
 * to ToleratedFailureCount/Percentage, then fails with States.ExceedToleratedFailureThreshold.
 */
final class FanOuts {
    private final Interpreter in;

    FanOuts(Interpreter in) { this.in = in; }

    /** Starts every branch; the frame then waits for them. */
    Outcome startParallel(Execution x, Frame f, ParallelState p) throws StatesError {
        JsonNode input = switch (p.io()) {
            case Io.JsonPath io -> in.flow.effectiveInput(x, f, io);
            case Io.Jsonata io -> io.arguments().isEmpty() ? f.input
                    : io.arguments().get().evaluate(in.flow.scope(x, f, f.input));
        };
        in.emit(x, f, "ParallelStateStarted", HistoryDetails.empty());
        FanOut run = new FanOut(f, false, p.branches().size());
        f.run = run;
        f.waiting = new Waiting.OnChildren(run);
        for (int i = 0; i < p.branches().size(); i++) {
            StateMachine branch = p.branches().get(i);
            Frame child = new Frame(branch, run, i, new VariableScope(f.variables), f.lastEventId);
            run.running.add(child);
            run.children[i] = child;
            run.started++;
            in.schedule(x, child, new Frame.Pending(branch.startAt(), input));
        }
        return Outcome.BLOCKED;
    }

    /** The items of a Map state without an ItemReader, and the field names when they came from a JSON object. */
    private record Items(List<JsonNode> list, List<String> keys) {}

    private static Items items(MapState m, JsonNode selected, Scope scope, boolean jsonata) throws StatesError {
        JsonNode items = m.items().isEmpty() ? selected : DataFlow.value(m.items().get(), scope);
        List<String> keys = null;
        if (jsonata) {
            if (!items.isArray()) throw MapLimits.notAnArray(m.items(), items);
        } else if (items.isObject()) {
            // JSONPath iterates a JSON object over its fields: the value is the item, $$.Map.Item.Key the field name
            // (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemspath.html); JSONata does not
            keys = new ArrayList<>();
            ArrayNode values = DataFlow.F.arrayNode(items.size());
            for (var e : items.properties()) {
                keys.add(e.getKey());
                values.add(e.getValue());
            }
            items = values;
        } else if (!items.isArray()) {
            throw new StatesError("States.Runtime", "The ItemsPath must select a JSON array or object, not "
                    + DataFlow.json(items));
        }
        List<JsonNode> list = new ArrayList<>(items.size());
        items.forEach(list::add);
        return new Items(list, keys);
    }

    /** Starts the first iterations (up to MaxConcurrency); the frame then waits for them. */
    Outcome startMap(Execution x, Frame f, MapState m) throws StatesError {
        if (m.mode() == MapState.ProcessorMode.DISTRIBUTED && in.config.mapRuns()) return startMapRun(x, f, m);
        if (m.itemReader().isPresent()) {
            // reading items from S3 needs the AWS integration the local interpreter does not have
            throw new StatesError("States.ItemReaderFailed", "The ItemReader of the Map state '" + m.name()
                    + "' cannot be read: Stepwise does not read items from " + m.itemReader().get().path("Resource")
                    .asText("a resource") + " in local runs; pass the items in the input (ItemsPath / Items) "
                    + "instead, or run the state machine on a server.");
        }
        JsonNode selected = m.io() instanceof Io.JsonPath io
                ? DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input)) : f.input;
        Scope scope = in.flow.scope(x, f, selected);
        boolean jsonata = m.queryLanguage() == QueryLanguage.JSONATA;
        int maxConcurrency = (int) MapLimits.maxConcurrency(m.maxConcurrency(), scope, jsonata);
        Items items = items(m, selected, scope, jsonata);
        List<JsonNode> list = items.list();
        if (m.itemBatcher().isPresent()) list = ItemBatches.of(m.itemBatcher().get(), list, scope);
        FanOut run = new FanOut(f, true, list.size());
        run.items = list;
        run.keys = m.itemBatcher().isPresent() ? null : items.keys();
        run.selectorInput = selected;
        run.distributed = m.mode() == MapState.ProcessorMode.DISTRIBUTED;
        run.maxConcurrency = maxConcurrency;
        f.run = run;
        in.emit(x, f, "MapStateStarted", HistoryDetails.mapStarted(list.size()));
        // AWS reads the tolerated failure thresholds only after MapStateStarted (LocalStack's AWS-validated
        // test_map_state_tolerated_failure_count_path records MapStateStarted before the failure)
        try {
            run.toleratedCount = MapLimits.toleratedCount(m.toleratedFailureCount(), scope, jsonata);
            run.toleratedPercentage = MapLimits.toleratedPercentage(m.toleratedFailurePercentage(), scope, jsonata);
        } catch (StatesError e) {
            if (!e.error().equals(Recovery.RUNTIME)) in.emit(x, f, "MapStateFailed", HistoryDetails.empty());
            throw e;
        }
        f.waiting = new Waiting.OnChildren(run);
        if (list.isEmpty()) return complete(x, run);
        int first = run.maxConcurrency == 0 ? list.size() : Math.min(run.maxConcurrency, list.size());
        for (int i = 0; i < first && f.waitsFor(run); i++) startIteration(x, run);
        return Outcome.BLOCKED;
    }

    // ---- distributed Map as a Map Run of the driver

    /**
     * A distributed Map on a driver that runs Map Runs: everything an expression decides is evaluated now, and the
     * driver gets the rest as a {@link Command.StartMapRun}: MapStateStarted, MapRunStarted, then the frame waits.
     */
    private Outcome startMapRun(Execution x, Frame f, MapState m) throws StatesError {
        JsonNode selected = m.io() instanceof Io.JsonPath io
                ? DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input)) : f.input;
        Scope scope = in.flow.scope(x, f, selected);
        boolean jsonata = m.queryLanguage() == QueryLanguage.JSONATA;
        long maxConcurrency = MapLimits.maxConcurrency(m.maxConcurrency(), scope, jsonata);
        Optional<JsonNode> reader = m.itemReader().isEmpty() ? Optional.empty()
                : Optional.of(MapRunFields.reader(m.itemReader().get(), scope, jsonata));
        Items items = reader.isPresent() ? null : items(m, selected, scope, jsonata);
        in.emit(x, f, "MapStateStarted", items == null ? HistoryDetails.empty()
                : HistoryDetails.mapStarted(items.list().size()));
        long toleratedCount;
        double toleratedPercentage;
        try {
            toleratedCount = MapLimits.toleratedCount(m.toleratedFailureCount(), scope, jsonata);
            toleratedPercentage = MapLimits.toleratedPercentage(m.toleratedFailurePercentage(), scope, jsonata);
        } catch (StatesError e) {
            if (!e.error().equals(Recovery.RUNTIME)) in.emit(x, f, "MapStateFailed", HistoryDetails.empty());
            throw e;
        }
        Optional<JsonNode> writer = m.resultWriter().isEmpty() ? Optional.empty()
                : Optional.of(MapRunFields.writer(m.resultWriter().get(), scope, jsonata));
        String runId = new java.util.UUID(x.random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                x.random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
        String label = m.label().orElse(m.name());
        String arn = x.info.stateMachineArn().replaceFirst(":stateMachine:", ":mapRun:") + "/" + label + ":" + runId;
        MapRunRequest.Inputs inputs = inputs(x, f, m, selected, items == null ? null : items.keys());
        var request = new MapRunRequest(runId, arn, m.name(), label, m.executionType(),
                m.processorDefinition().toString(),
                items == null ? Optional.empty() : Optional.of(items.list()), reader, inputs,
                m.itemBatcher().isPresent(), maxConcurrency,
                toleratedCount, toleratedPercentage, writer);
        x.mapRuns.put(runId, f);
        f.mapRun = request;
        f.waiting = new Waiting.OnMapRun(runId);
        x.commands.add(new Command.StartMapRun(request));
        in.emit(x, f, "MapRunStarted", HistoryDetails.mapRunStarted(arn));
        return Outcome.BLOCKED;
    }

    /**
     * ItemSelector (with {@code $$.Map.Item}) then ItemBatcher, as a function the driver calls once the items are
     * read. It sees a snapshot (context, time, its own random generator) so that it never touches the execution,
     * which goes on stepping on another thread.
     */
    private MapRunRequest.Inputs inputs(Execution x, Frame f, MapState m, JsonNode selected, List<String> keys) {
        ObjectNode context = in.flow.itemContext(x, f, 0, null, DataFlow.F.nullNode());
        context.remove("Map");
        java.time.Instant now = x.now;
        java.util.SplittableRandom random = new java.util.SplittableRandom(x.random.nextLong());
        VariableScope variables = f.variables;
        return read -> {
            List<JsonNode> out = new ArrayList<>(read.size());
            for (int i = 0; i < read.size(); i++) {
                JsonNode item = read.get(i);
                if (m.itemSelector().isEmpty()) {
                    out.add(item);
                    continue;
                }
                ObjectNode c = DataFlow.F.objectNode();
                c.setAll(context);
                ObjectNode at = c.putObject("Map").putObject("Item");
                at.put("Index", i);
                if (keys != null) at.put("Key", keys.get(i));
                at.set("Value", item);
                out.add(m.itemSelector().get().evaluate(new Scope(selected, c, variables, Optional.empty(),
                        Optional.empty(), now, random)));
            }
            if (m.itemBatcher().isEmpty()) return out;
            Scope scope = new Scope(selected, context, variables, Optional.empty(), Optional.empty(), now, random);
            return ItemBatches.of(m.itemBatcher().get(), out, scope);
        };
    }

    /** The frame that waits for this Map Run, which stops waiting; null when none does (late or repeated). */
    Frame claimMapRun(Execution x, String runId) {
        Frame f = x.mapRuns.remove(runId);
        if (f == null || f.done || !(f.waiting instanceof Waiting.OnMapRun r) || !r.runId().equals(runId)) return null;
        f.waiting = Waiting.NOTHING;
        return f;
    }

    Outcome mapRunSucceeded(Execution x, Frame f, Event.MapRunSucceeded e) throws StatesError {
        MapState m = (MapState) f.state;
        f.mapRunSucceeded = true;
        in.emit(x, f, "MapRunSucceeded", HistoryDetails.empty());
        in.emit(x, f, "MapStateSucceeded", HistoryDetails.empty());
        return in.states.completeWithResult(x, f, m.io(), m.assign(), m.transition(), e.output());
    }

    Outcome mapRunFailed(Execution x, Frame f, Event.MapRunFailed e) {
        in.emit(x, f, "MapRunFailed", HistoryDetails.errorCause("mapRunFailedEventDetails", e.error(), e.cause()));
        in.emit(x, f, "MapStateFailed", HistoryDetails.empty());
        return new Outcome.Error(e.error(), e.cause());
    }

    /** Starts the next iteration; an ItemSelector error stops the others and fails the Map state (thrown). */
    private void startIteration(Execution x, FanOut run) throws StatesError {
        Frame parent = run.parent;
        MapState m = (MapState) parent.state;
        int index = run.started++;
        JsonNode item = run.items.get(index);
        JsonNode input = item;
        try {
            if (m.itemSelector().isPresent()) {
                Scope scope = new Scope(run.selectorInput, in.flow.itemContext(x, parent, index,
                        run.keys == null ? null : run.keys.get(index), item),
                        parent.variables, Optional.empty(), Optional.empty(), x.now, x.random);
                input = m.itemSelector().get().evaluate(scope);
            }
        } catch (StatesError e) {
            run.started--;   // not started: a redrive starts it
            abort(x, run);
            parent.waiting = Waiting.NOTHING;
            in.emit(x, parent, "MapStateFailed", HistoryDetails.empty());
            throw e;
        }
        Frame child = new Frame(m.itemProcessor(), run, index, new VariableScope(parent.variables),
                parent.lastEventId);
        run.running.add(child);
        run.children[index] = child;
        in.emit(x, child, "MapIterationStarted", HistoryDetails.mapIteration("mapIterationStartedEventDetails",
                m.name(), index));
        in.schedule(x, child, new Frame.Pending(m.itemProcessor().startAt(), input));
    }

    /** A branch or iteration ended: what it means for the parent's state (which may be done now). */
    Outcome childSucceeded(Execution x, Frame child, JsonNode output) throws StatesError {
        FanOut run = child.owner;
        run.running.remove(child);
        if (!run.parent.waitsFor(run)) return Outcome.BLOCKED;
        run.results[child.index] = output;
        run.children[child.index] = null;
        run.finished++;
        if (run.map) {
            in.emit(x, child, "MapIterationSucceeded", HistoryDetails.mapIteration(
                    "mapIterationSucceededEventDetails", run.parent.state.name(), child.index));
        }
        run.parent.lastEventId = child.lastEventId;
        return next(x, run);
    }

    /**
     * A branch or iteration failed: the others stop and the parent's state fails with the child's error (a
     * distributed Map tolerates failures up to its threshold).
     */
    Outcome childFailed(Execution x, Frame child, String error, String cause) throws StatesError {
        FanOut run = child.owner;
        run.running.remove(child);
        if (!run.parent.waitsFor(run)) return Outcome.BLOCKED;
        Frame parent = run.parent;
        if (run.map) {
            in.emit(x, child, "MapIterationFailed", HistoryDetails.mapIteration("mapIterationFailedEventDetails",
                    parent.state.name(), child.index));
        }
        parent.lastEventId = child.lastEventId;
        run.failed++;
        if (run.distributed) {
            if (!exceeded(run)) {
                run.results[child.index] = DataFlow.errorOutput(error, cause);
                run.finished++;
                return next(x, run);
            }
            error = "States.ExceedToleratedFailureThreshold";
            cause = "The specified tolerated failure threshold was exceeded";
        }
        abort(x, run);
        parent.waiting = Waiting.NOTHING;
        in.emit(x, parent, run.map ? "MapStateFailed" : "ParallelStateFailed", HistoryDetails.empty());
        return new Outcome.Error(error, cause);
    }

    private static boolean exceeded(FanOut run) {
        boolean byCount = run.toleratedCount >= 0 && run.failed > run.toleratedCount;
        boolean byPercentage = run.toleratedPercentage >= 0 && run.failed * 100.0 / run.total > run.toleratedPercentage;
        boolean none = run.toleratedCount < 0 && run.toleratedPercentage < 0;
        return none ? run.failed > 0 : byCount || byPercentage;
    }

    private Outcome next(Execution x, FanOut run) throws StatesError {
        if (!run.redriven.isEmpty()) {
            redriveChild(x, run, run.redriven.poll());
            return Outcome.BLOCKED;
        }
        if (run.map && run.started < run.total) {
            startIteration(x, run);
            return Outcome.BLOCKED;
        }
        return run.finished == run.total ? complete(x, run) : Outcome.BLOCKED;
    }

    private Outcome.Exit complete(Execution x, FanOut run) throws StatesError {
        Frame f = run.parent;
        f.waiting = Waiting.NOTHING;
        in.emit(x, f, run.map ? "MapStateSucceeded" : "ParallelStateSucceeded", HistoryDetails.empty());
        ArrayNode result = DataFlow.F.arrayNode(run.total);
        result.addAll(Arrays.asList(run.results));
        if (run.map) {
            MapState m = (MapState) f.state;
            return in.states.completeWithResult(x, f, m.io(), m.assign(), m.transition(), result);
        }
        ParallelState p = (ParallelState) f.state;
        return in.states.completeWithResult(x, f, p.io(), p.assign(), p.transition(), result);
    }

    // ---- redrive

    /** True when the frame's state is a Parallel or Map whose branches or iterations did not all succeed. */
    static boolean resumable(Frame f) {
        return f.run != null && f.run.finished < f.run.total;
    }

    /**
     * A redrive takes up the frame's Parallel or inline Map again: the branches and iterations that succeeded keep
     * their results, those that failed, were aborted or never started run again (up to MaxConcurrency at a time).
     */
    void resume(Execution x, Frame f) throws StatesError {
        FanOut run = f.run;
        f.waiting = new Waiting.OnChildren(run);
        run.failed = 0;
        run.running.clear();
        run.redriven.clear();
        for (int i = 0; i < run.started; i++) {
            if (run.children[i] != null && run.results[i] == null) run.redriven.add(run.children[i]);
        }
        int slots = run.maxConcurrency == 0 ? Integer.MAX_VALUE : run.maxConcurrency;
        while (!run.redriven.isEmpty() && run.running.size() < slots) redriveChild(x, run, run.redriven.poll());
        while (run.map && run.started < run.total && run.running.size() < slots && f.waitsFor(run)) {
            startIteration(x, run);
        }
        if (run.running.isEmpty()) throw new IllegalStateException("a redriven " + f.state.name() + " has nothing to run");
    }

    private void redriveChild(Execution x, FanOut run, Frame child) {
        run.running.add(child);
        if (run.map) {
            in.emit(x, child, "MapIterationStarted", HistoryDetails.mapIteration("mapIterationStartedEventDetails",
                    run.parent.state.name(), child.index));
        }
        in.redriveFrame(x, child);
    }

    /** True when the frame's state is a distributed Map whose Map Run was started and did not succeed. */
    static boolean mapRunResumable(Frame f) {
        return f.mapRun != null && !f.mapRunSucceeded;
    }

    /** A redrive asks the driver to run the Map Run's unsuccessful children again: MapRunRedriven, then it waits. */
    void redriveMapRun(Execution x, Frame f) {
        MapRunRequest request = f.mapRun;
        f.mapRunRedrives++;
        x.mapRuns.put(request.runId(), f);
        f.waiting = new Waiting.OnMapRun(request.runId());
        x.commands.add(new Command.RedriveMapRun(request, f.mapRunRedrives));
        in.emit(x, f, "MapRunRedriven", HistoryDetails.mapRunRedriven(request.mapRunArn(), f.mapRunRedrives));
    }

    /** Stops every running child (and their own children); Map iterations record MapIterationAborted. */
    void abort(Execution x, FanOut run) {
        for (Frame child : List.copyOf(run.running)) {
            if (child.done) continue;
            child.done = true;
            switch (child.waiting) {
                case Waiting.OnTask t -> {
                    x.tasks.remove(t.taskId());
                    x.commands.add(new Command.CancelTask(t.taskId()));
                    t.timeoutTimer().ifPresent(x::cancelTimer);
                    t.heartbeatTimer().ifPresent(x::cancelTimer);
                }
                case Waiting.OnTimer t -> x.cancelTimer(t.timerId());
                case Waiting.OnChildren c -> abort(x, c.run());
                case Waiting.OnMapRun r -> {
                    x.mapRuns.remove(r.runId());
                    x.commands.add(new Command.StopMapRun(r.runId()));
                    in.emit(x, child, "MapRunAborted", HistoryDetails.empty());
                }
                case Waiting.Nothing n -> { }
            }
            child.waiting = Waiting.NOTHING;
            if (run.map) {
                in.emit(x, child, "MapIterationAborted", HistoryDetails.mapIteration(
                        "mapIterationAbortedEventDetails", run.parent.state.name(), child.index));
            }
        }
        run.running.clear();
    }
}
