package io.stepwise.functions;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
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
 * (at-least-once, as on AWS). A function error is retried {@code retryDelays.size()} times (AWS: twice, after about
 * one and two minutes); a throttled event waits and is tried again until it is {@link #MAX_AGE} old.
 */
final class EventQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventQueue.class);
    static final Duration MAX_AGE = Duration.ofHours(6);
    private static final Duration THROTTLE_DELAY = Duration.ofSeconds(1);

    record Event(long id, String requestId, String functionName, Optional<String> qualifier, byte[] payload, int attempts) {}

    enum Result { DONE, FUNCTION_ERROR, THROTTLED, GONE }

    interface Dispatcher {
        Result run(Event e);
    }

    private final Database db;
    private final InstantSource clock;
    private final List<Duration> retryDelays;
    private final Dispatcher dispatcher;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Semaphore slots = new Semaphore(32);
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Object wake = new Object();
    private final Thread poller;
    private volatile boolean closed;
    private boolean signalled; // guarded by wake: a signal sent while the poller was busy is not lost

    EventQueue(Database db, InstantSource clock, List<Duration> retryDelays, Dispatcher dispatcher) {
        this.db = db;
        this.clock = clock;
        this.retryDelays = List.copyOf(retryDelays);
        this.dispatcher = dispatcher;
        this.poller = Thread.ofVirtual().name("event-queue").start(this::poll);
    }

    /** Commits the event; returns its request id. */
    String enqueue(String functionName, Optional<String> qualifier, byte[] payload) {
        String requestId = UUID.randomUUID().toString();
        long now = clock.millis();
        db.transaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO function_events (request_id, function_name, qualifier, payload, "
                    + "attempts, next_attempt_ms, enqueued_ms) VALUES (?, ?, ?, ?, 0, ?, ?)")) {
                s.setString(1, requestId);
                s.setString(2, functionName);
                s.setString(3, qualifier.orElse(null));
                s.setBytes(4, payload);
                s.setLong(5, now);
                s.setLong(6, now);
                return s.executeUpdate();
            }
        });
        signal();
        return requestId;
    }

    private void poll() {
        while (!closed) {
            try {
                List<Event> due = due();
                for (Event e : due) {
                    if (!inFlight.add(e.id())) continue;
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
                long waitMs = due.isEmpty() ? Math.max(1, Math.min(1000, nextDue() - clock.millis())) : 1000;
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
        Result r;
        try {
            r = dispatcher.run(e);
        } catch (RuntimeException x) {
            log.error("event {} of {}: {}", e.requestId(), e.functionName(), x.getMessage());
            r = Result.FUNCTION_ERROR;
        }
        if (closed) return; // interrupted by shutdown: the row stays as it was and runs again after a restart
        long now = clock.millis();
        switch (r) {
            case DONE, GONE -> delete(e.id());
            case FUNCTION_ERROR -> {
                int attempts = e.attempts() + 1;
                if (attempts > retryDelays.size()) {
                    log.warn("event {} of {} failed {} times: discarded", e.requestId(), e.functionName(), attempts);
                    delete(e.id());
                } else {
                    reschedule(e.id(), attempts, now + retryDelays.get(attempts - 1).toMillis());
                }
            }
            case THROTTLED -> {
                if (now - enqueuedMs(e.id()) > MAX_AGE.toMillis()) {
                    log.warn("event {} of {} throttled for {}: discarded", e.requestId(), e.functionName(), MAX_AGE);
                    delete(e.id());
                } else {
                    reschedule(e.id(), e.attempts(), now + THROTTLE_DELAY.toMillis());
                }
            }
        }
    }

    private List<Event> due() {
        return db.read(c -> {
            List<Event> out = new ArrayList<>();
            try (var s = c.prepareStatement("SELECT * FROM function_events WHERE next_attempt_ms <= ? ORDER BY next_attempt_ms LIMIT 64")) {
                s.setLong(1, clock.millis());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Event(r.getLong("id"), r.getString("request_id"), r.getString("function_name"),
                                Optional.ofNullable(r.getString("qualifier")), r.getBytes("payload"), r.getInt("attempts")));
                    }
                }
            }
            return out;
        });
    }

    private long nextDue() {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT min(next_attempt_ms) FROM function_events");
                 ResultSet r = s.executeQuery()) {
                long v = r.next() ? r.getLong(1) : 0;
                return r.wasNull() || v == 0 ? Long.MAX_VALUE : v;
            }
        });
    }

    private long enqueuedMs(long id) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT enqueued_ms FROM function_events WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    private void reschedule(long id, int attempts, long at) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE function_events SET attempts = ?, next_attempt_ms = ? WHERE id = ?")) {
                s.setInt(1, attempts);
                s.setLong(2, at);
                s.setLong(3, id);
                return s.executeUpdate();
            }
        });
    }

    private void delete(long id) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("DELETE FROM function_events WHERE id = ?")) {
                s.setLong(1, id);
                return s.executeUpdate();
            }
        });
    }

    int pending() {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT count(*) FROM function_events"); ResultSet r = s.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        workers.shutdownNow();
    }
}
