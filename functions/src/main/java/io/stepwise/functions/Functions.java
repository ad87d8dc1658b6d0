package io.stepwise.functions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.stepwise.store.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The functions half of Stepwise, assembled on the server's database (its caller opens, locks and closes the store):
 * the package store, the registry (control plane), the runtime (execution environments), the Event queue and the
 * persisted invocation records.
 */
public final class Functions implements AutoCloseable {
    /**
     * @param asyncRetryDelays     wait before each retry of a failed Event invocation (AWS: 1 and 2 minutes)
     * @param codeStorageLimitBytes total size of stored zips (AWS's default quota: 75 GB)
     */
    public record Options(RuntimeConfig runtime, List<Duration> asyncRetryDelays, long codeStorageLimitBytes) {
        public static Options defaults(RuntimeConfig runtime) {
            return new Options(runtime, List.of(Duration.ofMinutes(1), Duration.ofMinutes(2)), 75L << 30);
        }
    }

    private final Options options;
    private final boolean newStore;
    private final FunctionRuntime runtime;
    private final FunctionRegistry registry;
    private final InvocationHistory history;
    private final EventInvokeConfigs eventConfigs;
    private final EventQueue events;

    /** Brings the functions tables of {@code db} up to date; the caller holds the data folder's lock. */
    public Functions(Database db, Options options) {
        this.options = options;
        this.newStore = db.migrate("functions");
        this.runtime = new FunctionRuntime(options.runtime());
        var cache = new StoreCache(db);
        this.registry = new FunctionRegistry(new FunctionStore(db, cache), new AliasStore(db, cache), new TagStore(db),
                new PackageStore(options.runtime().dataDir(), options.codeStorageLimitBytes()), options.runtime().clock(),
                options.runtime().region(), new Random(), runtime::retire, new LayerStore(db));
        this.history = new InvocationHistory(db);
        this.eventConfigs = new EventInvokeConfigs(registry, new EventInvokeConfigStore(db, cache), options.runtime().clock());
        this.events = new EventQueue(db, options.runtime().clock(), options.asyncRetryDelays(), eventConfigs::policy,
                this::runEvent).start();
        Gauge.builder("stepwise.environments", runtime, r -> registry.list(Optional.empty(), 10_000).stream()
                .mapToInt(f -> r.pool.environments(f.functionName()).size()).sum())
                .description("live execution environments").register(options.runtime().meters());
        Gauge.builder("stepwise.function.events.queued", events, EventQueue::pending)
                .description("Event invocations accepted and not yet run (retries included)").register(options.runtime().meters());
    }

    /** Whether the store had no functions tables before (a new store, where a server may deploy its example). */
    public boolean newStore() {
        return newStore;
    }

    public FunctionRegistry registry() {
        return registry;
    }

    /** Asynchronous invocation settings (EventInvokeConfig) and destinations. */
    public EventInvokeConfigs eventInvokeConfigs() {
        return eventConfigs;
    }

    public InvocationHistory invocations() {
        return history;
    }

    public LogStore logs() {
        return runtime.logs();
    }

    /**
     * A synchronous (RequestResponse) invocation: its status, payload, error type, executed version and request id;
     * throws {@link LambdaError} (404, 429 ...).
     */
    public InvocationResult invoke(FunctionRef ref, InvokeRequest request) {
        return invoke(ref, request, "RequestResponse");
    }

    /** Commits an Event invocation to the queue (after checking the function exists); returns its request id. */
    public String enqueue(FunctionRef ref, byte[] payload) {
        FunctionVersion v = registry.get(ref);
        return events.enqueue(v.functionName(), ref.qualifier(), payload);
    }

    int pendingEvents() {
        return events.pending();
    }

    private InvocationResult invoke(FunctionRef ref, InvokeRequest request, String type) {
        FunctionRegistry.Target target = registry.target(ref);
        FunctionSpec spec = registry.spec(target);
        Instant start = options.runtime().clock().instant();
        InvocationResult r;
        try {
            r = runtime.invoke(spec, request);
        } catch (TooManyRequestsException e) {
            Counter.builder("stepwise.function.throttles").tag("function", spec.name()).register(options.runtime().meters()).increment();
            throw LambdaError.throttled(e);
        }
        history.add(new InvocationEntry(spec.name(), r.requestId(), r.executedVersion(), start, r.metering(), r.errorType(), type));
        Counter.builder("stepwise.function.gb.seconds").tag("function", spec.name()).register(options.runtime().meters())
                .increment(r.metering().gbSeconds());
        return r;
    }

    private EventQueue.Attempt runEvent(EventQueue.Event e) {
        InvocationResult r;
        try {
            r = invoke(new FunctionRef(e.functionName(), e.qualifier()),
                    new InvokeRequest(e.payload(), false, Optional.empty(), Optional.of(e.requestId())), "Event");
        } catch (LambdaError x) {
            return x.status() == 429 ? new EventQueue.Attempt.Throttled() : new EventQueue.Attempt.Gone();
        }
        return new EventQueue.Attempt.Ran(new EventQueue.Response(r.payload(), r.executedVersion(), r.functionError()));
    }

    @Override
    public void close() {
        events.close();
        runtime.close();
        history.close();
    }
}
