package io.stepwise.functions;

import io.stepwise.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invocation records, persisted. Design note: an fsync per invocation would cost more than the platform's whole
 * invoke overhead budget, so records are handed to one writer thread that commits them in batches; a reader first
 * waits for everything added before its call to be committed ({@link #flush}), so it never misses its own writes.
 * The newest {@value #KEEP} records of each function are kept.
 */
public final class InvocationHistory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InvocationHistory.class);
    static final int KEEP = 10_000;
    private final Database db;
    private final LinkedBlockingQueue<InvocationEntry> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private long added;
    private long written;

    InvocationHistory(Database db) {
        this.db = db;
        this.writer = Thread.ofPlatform().daemon().name("invocation-history").start(this::writeLoop);
    }

    void add(InvocationEntry e) {
        synchronized (this) {
            added++;
        }
        queue.add(e);
    }

    /** Newest first. */
    public List<InvocationEntry> recent(String function, int limit) {
        flush();
        return db.read(c -> {
            List<InvocationEntry> out = new ArrayList<>();
            try (var s = c.prepareStatement("SELECT * FROM function_invocations WHERE function_name = ? ORDER BY id DESC LIMIT ?")) {
                s.setString(1, function);
                s.setInt(2, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.add(entry(r));
                }
            }
            return out;
        });
    }

    /** Waits until every record added so far is committed. */
    public synchronized void flush() {
        long target = added;
        while (written < target && writer.isAlive()) {
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeLoop() {
        while (true) {
            List<InvocationEntry> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                queue.drainTo(batch);
                if (!batch.isEmpty()) write(batch);
                return;
            }
            queue.drainTo(batch, 999);
            write(batch);
        }
    }

    private void write(List<InvocationEntry> batch) {
        try {
            db.transaction(c -> {
                try (var s = c.prepareStatement("INSERT INTO function_invocations (function_name, request_id, version, "
                        + "start_time, duration_ms, billed_duration_ms, memory_size_mb, max_memory_used_mb, init_duration_ms, "
                        + "gb_seconds, cold, error, invocation_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (InvocationEntry e : batch) {
                        Metering m = e.metering();
                        s.setString(1, e.functionName());
                        s.setString(2, e.requestId());
                        s.setString(3, e.version());
                        s.setString(4, e.start().toString());
                        s.setDouble(5, m.durationMs());
                        s.setLong(6, m.billedDurationMs());
                        s.setInt(7, m.memorySizeMb());
                        s.setInt(8, m.maxMemoryUsedMb());
                        if (m.initDurationMs().isPresent()) s.setDouble(9, m.initDurationMs().getAsDouble());
                        else s.setNull(9, java.sql.Types.DOUBLE);
                        s.setDouble(10, m.gbSeconds());
                        s.setInt(11, m.coldStart() ? 1 : 0);
                        s.setString(12, e.error().orElse(null));
                        s.setString(13, e.invocationType());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                try (var s = c.prepareStatement("DELETE FROM function_invocations WHERE function_name = ? AND id <= "
                        + "(SELECT id FROM function_invocations WHERE function_name = ? ORDER BY id DESC LIMIT 1 OFFSET " + KEEP + ")")) {
                    for (String f : batch.stream().map(InvocationEntry::functionName).distinct().toList()) {
                        s.setString(1, f);
                        s.setString(2, f);
                        s.executeUpdate();
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.error("could not record {} invocations: {}", batch.size(), e.getMessage());
        }
        synchronized (this) {
            written += batch.size();
            notifyAll();
        }
    }

    private static InvocationEntry entry(ResultSet r) throws SQLException {
        double init = r.getDouble("init_duration_ms");
        OptionalDouble initMs = r.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(init);
        var m = new Metering(r.getDouble("duration_ms"), r.getLong("billed_duration_ms"), r.getInt("memory_size_mb"),
                r.getInt("max_memory_used_mb"), initMs, r.getInt("cold") == 1, r.getDouble("gb_seconds"));
        return new InvocationEntry(r.getString("function_name"), r.getString("request_id"), r.getString("version"),
                Instant.parse(r.getString("start_time")), m, Optional.ofNullable(r.getString("error")),
                r.getString("invocation_type"));
    }

    @Override
    public void close() {
        flush();
        writer.interrupt();
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
