package io.stepwise.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.Event;
import io.stepwise.asl.Execution;
import io.stepwise.asl.HistoryEvent;
import io.stepwise.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Step Functions service of one node: state machines ({@link #machines()}) and their executions. Standard
 * executions are durable (see {@link Executions}); express ones live in memory. Everything the HTTP edge needs, in
 * AWS's terms; every refusal is a {@link StepFunctionsError}.
 */
public final class Engine implements AutoCloseable {
    static final int MAX_INPUT_BYTES = 262_144;
    private static final java.util.regex.Pattern TASK_TOKEN = java.util.regex.Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private final EngineConfig config;
    private final ExecutionStore store;
    private final StateMachines machines;
    private final Executions executions;
    private final Scheduler scheduler;
    private final NestedExecutions nested;
    private final StateTests tests;
    private final MapRuns mapRuns;

    Engine(EngineConfig config, ExecutionStore store, MachineStore machineStore, MapRunStore mapRunStore,
           LambdaInvoker lambda, Buckets buckets, Scheduler scheduler) {
        this.config = config;
        this.store = store;
        this.scheduler = scheduler;
        this.machines = new StateMachines(machineStore, config.arns(), config.clock(), new Random());
        this.nested = new NestedExecutions(this);
        this.executions = new Executions(config, store, lambda, scheduler, new Definitions(config), nested);
        this.executions.onClosed(nested::closed);
        this.mapRuns = new MapRuns(config, executions, store, mapRunStore, buckets);
        this.executions.mapRuns(mapRuns);
        this.executions.onClosed(mapRuns::closed);
        this.tests = new StateTests(config.arns(), config.clock(), lambda,
                t -> nested.startNow(t, UUID.randomUUID().toString()), new java.util.SplittableRandom());
    }

    /**
     * The engine on the server's database (its tables migrated first), with real-time timers; running executions of
     * this node are resumed before it returns. A distributed Map's ItemReader and ResultWriter use {@code buckets}.
     */
    public static Engine open(EngineConfig config, Database db, LambdaInvoker lambda, Buckets buckets) {
        db.migrate("engine");
        Engine e = new Engine(config, new JdbcExecutionStore(db), new MachineStore(db), new MapRunStore(db), lambda,
                buckets, Scheduler.system(config.clock()));
        e.executions.resumeAll();
        return e;
    }

    public StateMachines machines() { return machines; }

    public Arns arns() { return config.arns(); }

    private Instant now() { return config.clock().instant().truncatedTo(ChronoUnit.MILLIS); }

    // ---- starting

    /** What StartExecution answers. */
    public record Started(String executionArn, Instant startDate) {}

    public Started start(String machineArn, Optional<String> name, Optional<String> input) {
        Executions.Started s = begin(machineArn, name, input, false);
        return new Started(s.arn(), s.startDate());
    }

    /** What StartSyncExecution answers: the closed express execution. */
    public record SyncResult(String executionArn, String machineArn, String name, Instant startDate, Instant stopDate,
                             ExecutionStatus status, String input, Optional<String> output, Optional<String> error,
                             Optional<String> cause, long billedDurationMs, long billedMemoryMb) {}

    public SyncResult startSync(String machineArn, Optional<String> name, Optional<String> input) {
        Executions.Started s = begin(machineArn, name, input, true);
        Execution.Status status;
        try {
            status = s.run().closed.get(EngineConfig.FIVE_MINUTES + 60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFunctionsError("ServiceUnavailable", 503, "Interrupted while waiting for the execution");
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new StepFunctionsError("ServiceUnavailable", 503, "The execution did not finish: " + e);
        }
        Instant stop = now();
        Executions.Outcome o = Executions.Outcome.of(status);
        long ms = Math.max(1, Duration.between(s.startDate(), stop).toMillis());
        ExecutionRow id = s.run().identity;
        return new SyncResult(s.arn(), id.stateMachineArn(), id.name(), s.startDate(), stop,
                ExecutionStatus.of(status), id.input(), o.output(), o.error(), o.cause(), (ms + 99) / 100 * 100, 64);
    }

    /** Resolves the machine (version, alias), checks the name and the input, and starts the execution. */
    Executions.Started begin(String machineArn, Optional<String> name, Optional<String> input, boolean sync) {
        StateMachines.Target t = machines.target(machineArn);
        boolean express = t.machine().type() == Machine.Type.EXPRESS;
        if (sync && !express) throw notSupported();
        String executionName = Names.checkName(name.orElseGet(() -> UUID.randomUUID().toString()));
        String inputText = input.orElse("{}");
        JsonNode parsed = parseInput(inputText);
        String machineName = t.machine().name();
        String unqualified = t.machine().machineArn();
        String arn = express ? config.arns().expressExecution(machineName, executionName, UUID.randomUUID().toString())
                : config.arns().execution(machineName, executionName);
        return executions.start(new Executions.Spec(arn, executionName, unqualified, machineName, t.versionArn(),
                t.aliasArn(), t.definition(), Definitions.sha256(t.definition()), t.roleArn(), inputText, parsed,
                express));
    }

    static StepFunctionsError notSupported() {
        return StepFunctionsError.of("StateMachineTypeNotSupported",
                "This operation is not supported by this type of state machine");
    }

    static JsonNode parseInput(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
            throw StepFunctionsError.validation("1 validation error detected: Value at 'input' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + MAX_INPUT_BYTES);
        }
        if (text.isBlank()) throw invalidInput("Invalid execution input.");
        try {
            return Json.STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalidInput(e.getOriginalMessage());
        }
    }

    private static StepFunctionsError invalidInput(String why) {
        return StepFunctionsError.of("InvalidExecutionInput", "Invalid State Machine Execution Input: '" + why + "'");
    }

    // ---- testing a state

    /**
     * TestState: runs one state (the definition, or the state {@code stateName} of a machine definition) once, its
     * Task mocked or run on this node's integrations; see docs/test-state.md.
     */
    public TestState.Response testState(TestState.Request request) {
        return tests.run(request);
    }

    // ---- reading executions

    /** A standard execution's row; express ones are not kept, as on AWS. */
    public ExecutionRow describe(String executionArn) {
        Arns.ExecutionRef ref = Arns.execution(executionArn);
        if (ref.express()) {
            throw StepFunctionsError.of("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'");
        }
        return store.find(executionArn).orElseThrow(() -> StepFunctionsError.of("ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + executionArn + "'"));
    }

    /**
     * The definition an execution runs, and what it was started from when that still exists: the version (started
     * through a version or an alias), else the machine as it is now.
     */
    public record MachineForExecution(ExecutionRow execution, String definition, Optional<Machine> machine) {}

    public MachineForExecution machineFor(String executionArn) {
        ExecutionRow row = describe(executionArn);
        String definition = store.definition(row.definitionSha()).orElse("{}");
        Optional<Machine> from = row.versionArn().flatMap(machines::findVersion)
                .or(() -> machines.find(row.stateMachineArn()));
        return new MachineForExecution(row, definition, from);
    }

    public StateMachines.Page<ExecutionRow> list(String machineArn, Optional<ExecutionStatus> status,
                                                 Optional<Integer> maxResults, Optional<String> nextToken) {
        return list(machineArn, status, Optional.empty(), maxResults, nextToken);
    }

    /** ListExecutions; {@code redriven}: its redriveFilter (REDRIVEN: true, NOT_REDRIVEN: false). */
    public StateMachines.Page<ExecutionRow> list(String machineArn, Optional<ExecutionStatus> status,
                                                 Optional<Boolean> redriven,
                                                 Optional<Integer> maxResults, Optional<String> nextToken) {
        int size = Names.pageSize(maxResults, 1000);
        Optional<ExecutionStore.Cursor> after = cursor(nextToken);
        Optional<String> version = Optional.empty();
        Optional<String> alias = Optional.empty();
        String unqualified;
        switch (Arns.machine(machineArn)) {
            case Arns.Machine m -> {
                Machine x = machines.find(m.machineArn()).orElseThrow(() -> StateMachines.doesNotExist(machineArn));
                if (x.type() == Machine.Type.EXPRESS) throw notSupported();
                unqualified = m.machineArn();
            }
            case Arns.Version v -> {
                machines.describe(machineArn);
                unqualified = v.machineArn();
                version = Optional.of(machineArn);
            }
            case Arns.Alias a -> {
                machines.describeAlias(machineArn);
                unqualified = a.machineArn();
                alias = Optional.of(machineArn);
            }
        }
        return page(store.list(unqualified, status, redriven, version, alias, after, size + 1), size);
    }

    private static Optional<ExecutionStore.Cursor> cursor(Optional<String> nextToken) {
        return Names.position(nextToken).map(p -> {
            String[] parts = p.split("/");
            try {
                return new ExecutionStore.Cursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            } catch (RuntimeException e) {
                throw StepFunctionsError.of("InvalidToken", "Invalid Token: 'Invalid token'");
            }
        });
    }

    /** One page of executions out of {@code size + 1} rows; the token continues after its last one. */
    private static StateMachines.Page<ExecutionRow> page(List<ExecutionRow> rows, int size) {
        if (rows.size() <= size) return new StateMachines.Page<>(rows, Optional.empty());
        List<ExecutionRow> page = List.copyOf(rows.subList(0, size));
        ExecutionStore.Cursor c = ExecutionStore.Cursor.of(page.getLast());
        return new StateMachines.Page<>(page, Optional.of(Names.token(c.startMs() + "/" + c.id())));
    }

    /** One page of GetExecutionHistory. */
    public record HistoryPage(List<HistoryEvent> events, Optional<String> nextToken) {}

    public HistoryPage history(String executionArn, Optional<Integer> maxResults, Optional<String> nextToken,
                               boolean reverse) {
        ExecutionRow row = describe(executionArn);
        int size = Names.pageSize(maxResults, 1000);
        long from = Names.positionNumber(nextToken, 0);
        List<HistoryEvent> events = store.history(row.id(), from, reverse, size + 1);
        if (events.size() <= size) return new HistoryPage(events, Optional.empty());
        List<HistoryEvent> page = List.copyOf(events.subList(0, size));
        return new HistoryPage(page, Optional.of(Names.token(Long.toString(page.getLast().id()))));
    }

    /** What the execution has done so far (live for a running one, from its history otherwise). */
    public Progress.Snapshot progress(String executionArn) {
        Optional<Run> running = executions.running(executionArn);
        if (running.isPresent()) return running.get().progress.snapshot();
        ExecutionRow row = describe(executionArn);
        return Progress.of(store.history(row.id(), 0, false, Integer.MAX_VALUE));
    }

    // ---- changing executions

    /** StopExecution: answered once the ExecutionAborted event is committed; a closed execution is left as it is. */
    public Instant stop(String executionArn, Optional<String> error, Optional<String> cause) {
        ExecutionRow row = describe(executionArn);
        Optional<Run> r = executions.running(executionArn);
        if (r.isPresent()) {
            executions.stop(r.get(), error, cause);
            return describe(executionArn).stopDate().orElseGet(this::now);
        }
        return row.stopDate().orElseGet(this::now);
    }

    // ---- redrive

    /** How long after its end an execution may be redriven (AWS: 14 days). */
    static final java.time.Duration REDRIVABLE_FOR = java.time.Duration.ofDays(14);
    /** A redrive needs room for ExecutionRedriven and at least one more event (AWS: fewer than 24,999 events). */
    static final long MAX_EVENTS_TO_REDRIVE = 24_998;
    /** An execution open longer than a standard execution may run (a year) cannot be redriven. */
    static final java.time.Duration MAX_OPEN = java.time.Duration.ofDays(365);
    /** How long a client token answers a repeated RedriveExecution (AWS: 15 minutes). */
    static final java.time.Duration TOKEN_LIFE = java.time.Duration.ofMinutes(15);

    private final Map<String, Instant> redriveTokens = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override protected boolean removeEldestEntry(Map.Entry<String, Instant> e) { return size() > 10_000; }
            });

    /**
     * Why RedriveExecution would refuse the execution now (DescribeExecution's redriveStatusReason, in AWS's words),
     * or empty when it may be redriven.
     */
    public Optional<String> notRedrivableBecause(ExecutionRow row) {
        return switch (row.status()) {
            case RUNNING, PENDING_REDRIVE -> Optional.of("Execution is RUNNING and cannot be redriven");
            case SUCCEEDED -> Optional.of("Execution is SUCCEEDED and cannot be redriven");
            case FAILED, TIMED_OUT, ABORTED -> {
                if (row.stopDate().map(t -> t.plus(REDRIVABLE_FOR).isBefore(now())).orElse(false)) {
                    yield Optional.of("Execution redrivable period exceeded");
                }
                if (row.startDate().plus(MAX_OPEN).isBefore(now())) {
                    yield Optional.of("Execution has exceeded the max execution time");
                }
                if (row.lastEventId() > MAX_EVENTS_TO_REDRIVE) {
                    yield Optional.of("Execution history event limit exceeded");
                }
                yield Optional.empty();
            }
        };
    }

    /**
     * RedriveExecution: a failed, timed out or aborted standard execution runs again from the states that did not
     * succeed (see {@link io.stepwise.asl.Event.Redrive}); answered with the redrive's date once it is committed.
     * A repeated call with the same client token answers the first call's date.
     */
    public Instant redrive(String executionArn, Optional<String> clientToken) {
        if (Arns.execution(executionArn).express()) {
            throw Executions.notRedrivable("Executions of EXPRESS state machines cannot be redriven");
        }
        ExecutionRow row = describe(executionArn);
        if (clientToken.isPresent()) {
            Instant earlier = redriveTokens.get(executionArn + "\n" + clientToken.get());
            if (earlier != null && earlier.plus(TOKEN_LIFE).isAfter(now())) return earlier;
        }
        notRedrivableBecause(row).ifPresent(why -> {
            throw Executions.notRedrivable(why);
        });
        ExecutionStore.Claimed c = store.load(executionArn).orElseThrow(() -> StepFunctionsError.of(
                "ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'"));
        Instant at = executions.redrive(c);
        clientToken.ifPresent(t -> redriveTokens.put(executionArn + "\n" + t, at));
        return at;
    }

    public void sendTaskSuccess(String token, String output) {
        Callbacks.Target t = callback(token);
        JsonNode out;
        try {
            out = Json.STRICT.readTree(output);
        } catch (JsonProcessingException e) {
            throw StepFunctionsError.of("InvalidOutput", "Invalid Output: '" + e.getOriginalMessage() + "'");
        }
        executions.answer(t, new Event.TaskSucceeded(t.taskId(), out));
    }

    public void sendTaskFailure(String token, Optional<String> error, Optional<String> cause) {
        Callbacks.Target t = callback(token);
        executions.answer(t, new Event.TaskFailed(t.taskId(), error.orElse(null), cause.orElse(null)));
    }

    public void sendTaskHeartbeat(String token) {
        Callbacks.Target t = callback(token);
        executions.deliver(t.run(), new Event.TaskHeartbeat(t.taskId()));
    }

    /** A token Stepwise never issues (its tokens are UUIDs) is InvalidToken; one no task waits for, TaskDoesNotExist. */
    private Callbacks.Target callback(String token) {
        if (token == null || !TASK_TOKEN.matcher(token).matches()) {
            throw StepFunctionsError.of("InvalidToken", "Invalid Token: 'Invalid token'");
        }
        return executions.callback(token).orElseThrow(() -> StepFunctionsError.of("TaskDoesNotExist",
                "Task Does Not Exist: the task token is not waited for by any running execution"));
    }

    Executions executions() { return executions; }

    /** Plugs in the tasks of Stepwise's own apps ({@code arn:aws:states:::stepwise:ACTION}). */
    public void builtInTasks(BuiltInTasks tasks) { executions.builtInTasks(tasks); }

    /** Commits so far and writes so far (their ratio is the mean group-commit size). */
    public long[] commitCounts() { return executions.commitCounts(); }

    // ---- Map Runs

    /** DescribeMapRun. */
    public MapRuns.Description describeMapRun(String mapRunArn) {
        return mapRuns.describe(checkMapRunArn(mapRunArn));
    }

    /** ListMapRuns: the Map Runs an execution started, in the order they started. */
    public StateMachines.Page<MapRunStore.RunRow> listMapRuns(String executionArn, Optional<Integer> maxResults,
                                                               Optional<String> nextToken) {
        describe(executionArn);
        int size = Names.pageSize(maxResults, 1000);
        List<MapRunStore.RunRow> rows = mapRuns.list(executionArn, Names.position(nextToken), size + 1);
        if (rows.size() <= size) return new StateMachines.Page<>(rows, Optional.empty());
        List<MapRunStore.RunRow> page = List.copyOf(rows.subList(0, size));
        return new StateMachines.Page<>(page, Optional.of(Names.token(page.getLast().id())));
    }

    /** UpdateMapRun: at least one of the three, each within AWS's bounds. */
    public void updateMapRun(String mapRunArn, Optional<Long> maxConcurrency, Optional<Long> toleratedCount,
                             Optional<Double> toleratedPercentage) {
        checkMapRunArn(mapRunArn);
        if (maxConcurrency.isEmpty() && toleratedCount.isEmpty() && toleratedPercentage.isEmpty()) {
            throw StepFunctionsError.validation("at least one of maxConcurrency, toleratedFailurePercentage or "
                    + "toleratedFailureCount must be given");
        }
        if (toleratedPercentage.filter(p -> p < 0 || p > 100).isPresent()) {
            throw StepFunctionsError.validation("1 validation error detected: Value at 'toleratedFailurePercentage' "
                    + "failed to satisfy constraint: Member must have value between 0 and 100");
        }
        mapRuns.update(mapRunArn, maxConcurrency, toleratedCount, toleratedPercentage);
    }

    /** ListExecutions with mapRunArn: the Map Run's standard child executions, newest first. */
    public StateMachines.Page<ExecutionRow> listByMapRun(String mapRunArn, Optional<ExecutionStatus> status,
                                                         Optional<Integer> maxResults, Optional<String> nextToken) {
        return listByMapRun(mapRunArn, status, Optional.empty(), maxResults, nextToken);
    }

    public StateMachines.Page<ExecutionRow> listByMapRun(String mapRunArn, Optional<ExecutionStatus> status,
                                                         Optional<Boolean> redriven, Optional<Integer> maxResults,
                                                         Optional<String> nextToken) {
        checkMapRunArn(mapRunArn);
        mapRuns.find(mapRunArn).orElseThrow(() -> MapRuns.notFound(mapRunArn));
        int size = Names.pageSize(maxResults, 1000);
        Optional<ExecutionStore.Cursor> after = cursor(nextToken);
        List<ExecutionRow> rows = store.listByMapRun(mapRunArn, status, redriven, after, size + 1);
        return page(rows, size);
    }

    private static String checkMapRunArn(String arn) {
        if (arn == null || !arn.matches("arn:aws[\\w-]*:states:[\\w-]+:\\d{12}:mapRun:[^:]+:[^:]+")) {
            throw StepFunctionsError.of("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + (arn == null ? "" : arn.split(":").length > 5 ? arn.split(":")[5] : arn) + "'");
        }
        return arn;
    }

    @Override
    public void close() {
        mapRuns.close();
        executions.close();
        scheduler.close();
    }
}
