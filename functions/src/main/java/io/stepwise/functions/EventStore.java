package io.stepwise.functions;

import io.stepwise.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rows of the Event queue ({@code function_events}); every change is one transaction. */
final class EventStore {
    /** An event to insert: a new invocation, or the invocation record going to a function destination. */
    record NewEvent(String requestId, String functionName, Optional<String> qualifier, byte[] payload, int depth) {}

    private final Database db;

    EventStore(Database db) {
        this.db = db;
    }

    void insert(NewEvent e, long nowMs) {
        db.transaction(c -> insert(c, e, nowMs));
    }

    /** Removes a finished event and queues what follows from it (its destination record), atomically. */
    void finish(long id, Optional<NewEvent> next, long nowMs) {
        db.transaction(c -> {
            delete(c, id);
            if (next.isPresent()) insert(c, next.get(), nowMs);
            return null;
        });
    }

    void delete(long id) {
        db.transaction(c -> delete(c, id));
    }

    /** After a function error: the attempt count, when to try again and the response, for a later record. */
    void retryLater(long id, int attempts, long atMs, EventQueue.Response last) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE function_events SET attempts = ?, next_attempt_ms = ?, last_response = ?, "
                    + "last_version = ?, last_function_error = ? WHERE id = ?")) {
                s.setInt(1, attempts);
                s.setLong(2, atMs);
                s.setBytes(3, last.payload());
                s.setString(4, last.executedVersion());
                s.setString(5, last.functionError().orElse(null));
                s.setLong(6, id);
                return s.executeUpdate();
            }
        });
    }

    /** After a throttle: only when to try again (a throttled attempt is not an invocation). */
    void reschedule(long id, long atMs) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE function_events SET next_attempt_ms = ? WHERE id = ?")) {
                s.setLong(1, atMs);
                s.setLong(2, id);
                return s.executeUpdate();
            }
        });
    }

    /** The earliest due events; those due at the same millisecond in the order they were queued. */
    List<EventQueue.Event> due(long nowMs) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT * FROM function_events WHERE next_attempt_ms <= ? "
                    + "ORDER BY next_attempt_ms, id LIMIT 64")) {
                s.setLong(1, nowMs);
                return events(s);
            }
        });
    }

    /** The event as it is now, if it still exists and is due: a list read earlier may be stale. */
    Optional<EventQueue.Event> dueNow(long id, long nowMs) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT * FROM function_events WHERE id = ? AND next_attempt_ms <= ?")) {
                s.setLong(1, id);
                s.setLong(2, nowMs);
                return events(s).stream().findFirst();
            }
        });
    }

    private static List<EventQueue.Event> events(PreparedStatement s) throws SQLException {
        List<EventQueue.Event> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                byte[] last = r.getBytes("last_response");
                Optional<EventQueue.Response> response = last == null ? Optional.empty() : Optional.of(new EventQueue.Response(
                        last, r.getString("last_version"), Optional.ofNullable(r.getString("last_function_error"))));
                out.add(new EventQueue.Event(r.getLong("id"), r.getString("request_id"), r.getString("function_name"),
                        Optional.ofNullable(r.getString("qualifier")), r.getBytes("payload"), r.getInt("attempts"),
                        r.getLong("enqueued_ms"), r.getInt("depth"), response));
            }
        }
        return out;
    }

    /** When the next event is due (epoch ms), or {@link Long#MAX_VALUE} when there is none. */
    long nextDue() {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT min(next_attempt_ms) FROM function_events");
                 ResultSet r = s.executeQuery()) {
                long v = r.next() ? r.getLong(1) : 0;
                return r.wasNull() || v == 0 ? Long.MAX_VALUE : v;
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

    private static int insert(Connection c, NewEvent e, long nowMs) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO function_events (request_id, function_name, qualifier, payload, "
                + "attempts, next_attempt_ms, enqueued_ms, depth) VALUES (?, ?, ?, ?, 0, ?, ?, ?)")) {
            s.setString(1, e.requestId());
            s.setString(2, e.functionName());
            s.setString(3, e.qualifier().orElse(null));
            s.setBytes(4, e.payload());
            s.setLong(5, nowMs);
            s.setLong(6, nowMs);
            s.setInt(7, e.depth());
            return s.executeUpdate();
        }
    }

    private static int delete(Connection c, long id) throws SQLException {
        try (var s = c.prepareStatement("DELETE FROM function_events WHERE id = ?")) {
            s.setLong(1, id);
            return s.executeUpdate();
        }
    }
}
