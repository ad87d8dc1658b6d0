package io.stepwise.functions;

import io.stepwise.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asynchronous ({@code Event}) invocations. Design note: an event is committed to the database before the caller
 * gets its 202, and deleted only after it has run, so a crash in between runs it again after restart
 * (at-least-once, as on AWS). Each attempt applies the {@link Policy} of the function and qualifier the event was
 * invoked with (its EventInvokeConfig, else Lambda's defaults): an event older than the maximum age is discarded
 * before it runs (so both waits, after a function error and after a throttle, end there); a function error is retried
 * up to the maximum retry attempts, after {@code retryDelays} (AWS: about one and two minutes). The end of an event
 * (success, retries exhausted, age exceeded) sends an invocation record to the matching destination: for a function,
 * the record is inserted as that function's own Event in the same transaction that deletes this one, so delivery is
 * as durable as the event was. Other destination services cannot be reached from here: a WARN says so.
 */
final class EventQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventQueue.class);
    private static final Duration THROTTLE_DELAY = Duration.ofSeconds(1);
    /** Lambda's recursive loop detection stops a chain of invocations after about 16; so do destination hops here. */
    static final int MAX_DESTINATION_HOPS = 16;

    /** @param last the previous attempt's response, kept for a later EventAgeExceeded record */
    record Event(long id, String requestId, String functionName, Optional<String> qualifier, byte[] payload, int attempts,
                 long enqueuedMs, int depth, Optional<Response> last) {}

    /** What one run returned: the function's bytes, the version that ran, "Unhandled" on a function error. */
    record Response(byte[] payload, String executedVersion, Optional<String> functionError) {}

    /** How one dispatch ended. */
    sealed interface Attempt {
        record Ran(Response response) implements Attempt {}

        record Throttled() implements Attempt {}

        /** The function, version or alias no longer exists. */
        record Gone() implements Attempt {}
    }

    /** The asynchronous settings applying to an event; {@code functionArn} is the invoked (qualified) ARN. */
    record Policy(String functionArn, int maximumRetryAttempts, Duration maximumAge, Optional<Destination> onSuccess,
                  Optional<Destination> onFailure) {}

    interface Dispatcher {
        Attempt run(Event e);
    }

    interface Policies {
        Policy of(String functionName, Optional<String> qualifier);
    }

    private final EventStore store;
    private final InstantSource clock;
    private final List<Duration> retryDelays;
    private final Policies policies;
    private final Dispatcher dispatcher;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Semaphore slots = new Semaphore(32);
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Object wake = new Object();
    private Thread poller;
    private volatile boolean closed;
    private boolean signalled; // guarded by wake: a signal sent while the poller was busy is not lost

    EventQueue(Database db, InstantSource clock, List<Duration> retryDelays, Policies policies, Dispatcher dispatcher) {
        this.store = new EventStore(db);
        this.clock = clock;
        this.retryDelays = List.copyOf(retryDelays);
        this.policies = policies;
        this.dispatcher = dispatcher;
    }

    /** Starts running due events in the background. */
    EventQueue start() {
        poller = Thread.ofVirtual().name("event-queue").start(this::poll);
        return this;
    }

    /** Commits the event; returns its request id. */
    String enqueue(String functionName, Optional<String> qualifier, byte[] payload) {
        String requestId = UUID.randomUUID().toString();
        store.insert(new EventStore.NewEvent(requestId, functionName, qualifier, payload, 0), clock.millis());
        signal();
        return requestId;
    }

    /** Runs every event due now in the calling thread (a queue that was not started: tests). */
    int runDue() {
        List<Event> due = store.due(clock.millis());
        due.forEach(this::handle);
        return due.size();
    }

    private void poll() {
        while (!closed) {
            try {
                List<Event> due = store.due(clock.millis());
                for (Event listed : due) {
                    if (!inFlight.add(listed.id())) continue;
                    // The list may be stale: an event that finished or was rescheduled after it was read (its worker
                    // has left inFlight since) must not run again, so read the row once more now that we own it.
                    Optional<Event> current = store.dueNow(listed.id(), clock.millis());
                    if (current.isEmpty()) {
                        inFlight.remove(listed.id());
                        continue;
                    }
                    Event e = current.get();
                    slots.acquire();
                    workers.submit(() -> {
                        try {
                            handle(e);
                        } finally {
                            inFlight.remove(e.id());
                            slots.release();
                            signal();
                        }
                    });
                }
                // Events in flight are still due: wait for one to finish (signal) rather than poll again at once.
                long waitMs = due.isEmpty() ? Math.max(1, Math.min(1000, store.nextDue() - clock.millis())) : 1000;
                synchronized (wake) {
                    if (!signalled) wake.wait(waitMs);
                    signalled = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("event queue: {}", e.getMessage());
            }
        }
    }

    private void signal() {
        synchronized (wake) {
            signalled = true;
            wake.notifyAll();
        }
    }

    private void handle(Event e) {
        Policy p = policies.of(e.functionName(), e.qualifier());
        if (clock.millis() - e.enqueuedMs() > p.maximumAge().toMillis()) {
            log.warn("event {} of {} older than {} s: {}", e.requestId(), e.functionName(), p.maximumAge().toSeconds(),
                    ending(p.onFailure()));
            finish(e, p, DestinationRecord.Condition.EVENT_AGE_EXCEEDED, e.attempts(), e.last());
            return;
        }
        Attempt a;
        try {
            a = dispatcher.run(e);
        } catch (RuntimeException x) {
            if (closed) return; // the runtime is shutting down under it: not an error; the row runs after a restart
            log.error("event {} of {}: {}", e.requestId(), e.functionName(), x.getMessage());
            a = new Attempt.Ran(new Response(("{\"errorMessage\":" + Metrics.jsonString(String.valueOf(x.getMessage()))
                    + ",\"errorType\":\"ServiceException\"}").getBytes(StandardCharsets.UTF_8),
                    e.qualifier().orElse(FunctionVersion.LATEST), Optional.of("Unhandled")));
        }
        if (closed) return; // interrupted by shutdown: the row stays as it was and runs again after a restart
        long now = clock.millis();
        switch (a) {
            case Attempt.Ran r when r.response().functionError().isEmpty() ->
                    finish(e, p, DestinationRecord.Condition.SUCCESS, e.attempts() + 1, Optional.of(r.response()));
            case Attempt.Ran r -> {
                int attempts = e.attempts() + 1;
                if (attempts > p.maximumRetryAttempts()) {
                    log.warn("event {} of {} failed {} times: {}", e.requestId(), e.functionName(), attempts, ending(p.onFailure()));
                    finish(e, p, DestinationRecord.Condition.RETRIES_EXHAUSTED, attempts, Optional.of(r.response()));
                } else {
                    store.retryLater(e.id(), attempts, now + retryDelay(attempts).toMillis(), r.response());
                }
            }
            case Attempt.Throttled t -> store.reschedule(e.id(), now + THROTTLE_DELAY.toMillis());
            case Attempt.Gone g -> store.delete(e.id());
        }
    }

    private static String ending(Optional<Destination> onFailure) {
        return onFailure.map(d -> "its record goes to " + d.arn()).orElse("discarded");
    }

    private Duration retryDelay(int attempts) {
        return retryDelays.isEmpty() ? Duration.ZERO : retryDelays.get(Math.min(attempts, retryDelays.size()) - 1);
    }

    /** Deletes the event and, in the same transaction, queues the invocation record for a function destination. */
    private void finish(Event e, Policy p, DestinationRecord.Condition condition, int invokeCount, Optional<Response> last) {
        Optional<Destination> to = condition == DestinationRecord.Condition.SUCCESS ? p.onSuccess() : p.onFailure();
        Optional<FunctionRef> fn = to.flatMap(Destination::function);
        boolean loop = fn.isPresent() && e.depth() >= MAX_DESTINATION_HOPS;
        Optional<EventStore.NewEvent> record = fn.filter(f -> !loop).map(f -> new EventStore.NewEvent(UUID.randomUUID().toString(),
                f.name(), f.qualifier(), DestinationRecord.of(e.requestId(), p.functionArn(), condition, invokeCount, e.payload(),
                last, clock.instant()), e.depth() + 1));
        store.finish(e.id(), record, clock.millis());
        if (loop) {
            log.warn("event {} of {}: {} destinations in a row, a recursive loop: the {} record for {} is dropped",
                    e.requestId(), e.functionName(), e.depth(), condition.text, to.get().arn());
        } else if (to.isPresent() && fn.isEmpty()) {
            log.warn("event {} of {}: the {} record cannot be delivered to {} (Stepwise delivers to Lambda function "
                    + "destinations only): dropped", e.requestId(), e.functionName(), condition.text, to.get().arn());
        }
    }

    int pending() {
        return store.pending();
    }

    @Override
    public void close() {
        closed = true;
        if (poller != null) poller.interrupt();
        workers.shutdownNow();
    }
}
