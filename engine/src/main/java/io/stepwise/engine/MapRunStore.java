package io.stepwise.engine;

import io.stepwise.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Map Runs and their children in the server's database (tables {@code map_runs}, {@code map_run_children}; migration
 * {@code V2__map_runs.sql}). A run and all its children's inputs are inserted in one transaction before the first child
 * starts; children's outcomes are written in batches as they end.
 */
public final class MapRunStore {
    private static final String RUN_COLUMNS = "id, arn, execution_arn, machine_arn, state_name, label, execution_type, "
            + "definition, status, max_concurrency, tolerated_count, tolerated_percentage, total_items, total_children, "
            + "start_ms, stop_ms, error, cause, result, results_written, redrive_count, redrive_ms";
    private static final String CHILD_COLUMNS = "idx, items, input, status, execution_arn, output, error, cause, "
            + "start_ms, stop_ms";

    /**
     * One Map Run. {@code machineArn} is the children's state machine ({@code MACHINE/LABEL}); {@code definition} the
     * ItemProcessor they run; {@code result} the Map state's result it delivered (succeeded runs).
     */
    public record RunRow(String id, String arn, String executionArn, String machineArn, String stateName, String label,
                  boolean express, String definition, MapRunStatus status, long maxConcurrency, long toleratedCount,
                  double toleratedPercentage, long totalItems, long totalChildren, Instant startDate,
                  Optional<Instant> stopDate, Optional<String> error, Optional<String> cause, Optional<String> result,
                  long resultsWritten, int redriveCount, Optional<Instant> redriveDate) {}

    /** One child: its input (an item or a batch of {@code items} items) and, once it ended, its outcome. */
    record ChildRow(int idx, int items, String input, ChildStatus status, Optional<String> executionArn,
                    Optional<String> output, Optional<String> error, Optional<String> cause, Optional<Instant> startDate,
                    Optional<Instant> stopDate) {
        ChildRow ended(ChildStatus s, String arn, Optional<String> out, Optional<String> err, Optional<String> why,
                       Instant start, Instant stop) {
            return new ChildRow(idx, items, input, s, Optional.of(arn), out, err, why, Optional.of(start),
                    Optional.of(stop));
        }
    }

    public enum MapRunStatus { RUNNING, SUCCEEDED, FAILED, ABORTED }

    /** PENDING: not ended (not started yet, or running). */
    enum ChildStatus {
        PENDING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED;

        static ChildStatus of(ExecutionStatus s) {
            return switch (s) {
                case RUNNING, PENDING_REDRIVE -> PENDING;
                case SUCCEEDED -> SUCCEEDED;
                case FAILED -> FAILED;
                case TIMED_OUT -> TIMED_OUT;
                case ABORTED -> ABORTED;
            };
        }
    }

    private final Database db;

    MapRunStore(Database db) { this.db = db; }

    void create(RunRow run, List<ChildRow> children) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO map_runs (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, "
                    + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindRun(s, run);
                s.executeUpdate();
            }
            try (var s = c.prepareStatement("INSERT INTO map_run_children (map_run_id, " + CHILD_COLUMNS + ") VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (ChildRow child : children) {
                    s.setString(1, run.id());
                    bindChild(s, 2, child);
                    s.addBatch();
                    if (++n % 1000 == 0) s.executeBatch();
                }
                if (n % 1000 != 0) s.executeBatch();
            }
            return null;
        });
    }

    Optional<RunRow> find(String id) { return findBy("id", id); }

    Optional<RunRow> findByArn(String arn) { return findBy("arn", arn); }

    private Optional<RunRow> findBy(String column, String value) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM map_runs WHERE " + column + " = ?")) {
                s.setString(1, value);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(run(r)) : Optional.empty();
                }
            }
        });
    }

    /** The Map Runs an execution started, oldest first, after the run at {@code afterStartMs}/{@code afterId}. */
    List<RunRow> list(String executionArn, Optional<long[]> afterStartMs, Optional<String> afterId, int limit) {
        return db.read(c -> {
            String sql = "SELECT " + RUN_COLUMNS + " FROM map_runs WHERE execution_arn = ?"
                    + (afterId.isPresent() ? " AND (start_ms > ? OR start_ms = ? AND id > ?)" : "")
                    + " ORDER BY start_ms, id LIMIT ?";
            try (var s = c.prepareStatement(sql)) {
                int i = 1;
                s.setString(i++, executionArn);
                if (afterId.isPresent()) {
                    s.setLong(i++, afterStartMs.orElseThrow()[0]);
                    s.setLong(i++, afterStartMs.orElseThrow()[0]);
                    s.setString(i++, afterId.get());
                }
                s.setInt(i, limit);
                List<RunRow> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.add(run(r));
                }
                return out;
            }
        });
    }

    List<ChildRow> children(String id) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT " + CHILD_COLUMNS + " FROM map_run_children WHERE map_run_id = ? "
                    + "ORDER BY idx")) {
                s.setString(1, id);
                List<ChildRow> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.add(child(r));
                }
                return out;
            }
        });
    }

    /** A child's end, by index, in the run's {@code redriveCount}th redrive (0: before any) that saw it end. */
    record Ended(String runId, int redriveCount, ChildRow child) {}

    /**
     * Writes children's outcomes (one transaction); a child already ended keeps its first outcome, and an end seen
     * before the run's latest redrive is dropped: it belongs to the attempt the redrive replaced (a child a stopped run
     * aborted whose end was still queued), and the redriven run counts that child again itself.
     */
    void ended(List<Ended> ends) {
        if (ends.isEmpty()) return;
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE map_run_children SET status = ?, execution_arn = ?, output = ?, "
                    + "error = ?, cause = ?, start_ms = ?, stop_ms = ? WHERE map_run_id = ? AND idx = ? "
                    + "AND status = 'PENDING' AND EXISTS (SELECT 1 FROM map_runs WHERE id = ? AND redrive_count = ?)")) {
                for (Ended e : ends) {
                    ChildRow ch = e.child();
                    s.setString(1, ch.status().name());
                    text(s, 2, ch.executionArn());
                    text(s, 3, ch.output());
                    text(s, 4, ch.error());
                    text(s, 5, ch.cause());
                    time(s, 6, ch.startDate());
                    time(s, 7, ch.stopDate());
                    s.setString(8, e.runId());
                    s.setInt(9, ch.idx());
                    s.setString(10, e.runId());
                    s.setInt(11, e.redriveCount());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /** The run ended: its status, and what it delivered to its execution. */
    void close(String id, MapRunStatus status, Instant stop, Optional<String> error, Optional<String> cause,
               Optional<String> result, long resultsWritten) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE map_runs SET status = ?, stop_ms = ?, error = ?, cause = ?, "
                    + "result = ?, results_written = ? WHERE id = ? AND status = 'RUNNING'")) {
                s.setString(1, status.name());
                s.setLong(2, stop.toEpochMilli());
                text(s, 3, error);
                text(s, 4, cause);
                text(s, 5, result);
                s.setLong(6, resultsWritten);
                s.setString(7, id);
                return s.executeUpdate();
            }
        });
    }

    /**
     * A redrive of the run's execution: the run is RUNNING again with this redrive count, and its children that failed,
     * timed out or were aborted are PENDING again (keeping their execution ARN, so a standard child is redriven rather
     * than started anew). Does nothing when the run has this count already (a redrive taken up again after a crash).
     */
    void redrive(String id, int redriveCount, Instant at) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE map_runs SET status = 'RUNNING', stop_ms = NULL, error = NULL, "
                    + "cause = NULL, result = NULL, results_written = 0, redrive_count = ?, redrive_ms = ? "
                    + "WHERE id = ? AND redrive_count < ?")) {
                s.setInt(1, redriveCount);
                s.setLong(2, at.toEpochMilli());
                s.setString(3, id);
                s.setInt(4, redriveCount);
                if (s.executeUpdate() == 0) return null;
            }
            try (var s = c.prepareStatement("UPDATE map_run_children SET status = 'PENDING', output = NULL, "
                    + "error = NULL, cause = NULL, stop_ms = NULL WHERE map_run_id = ? "
                    + "AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED')")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** A run that failed before it had children (its items could not be read): a redrive starts it anew. */
    void delete(String id) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("DELETE FROM map_runs WHERE id = ? AND total_children = 0")) {
                s.setString(1, id);
                return s.executeUpdate();
            }
        });
    }

    /** UpdateMapRun. */
    void update(String id, long maxConcurrency, long toleratedCount, double toleratedPercentage) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE map_runs SET max_concurrency = ?, tolerated_count = ?, "
                    + "tolerated_percentage = ? WHERE id = ?")) {
                s.setLong(1, maxConcurrency);
                s.setLong(2, toleratedCount);
                s.setDouble(3, toleratedPercentage);
                s.setString(4, id);
                return s.executeUpdate();
            }
        });
    }

    private static void bindRun(PreparedStatement s, RunRow r) throws SQLException {
        s.setString(1, r.id());
        s.setString(2, r.arn());
        s.setString(3, r.executionArn());
        s.setString(4, r.machineArn());
        s.setString(5, r.stateName());
        s.setString(6, r.label());
        s.setString(7, r.express() ? "EXPRESS" : "STANDARD");
        s.setString(8, r.definition());
        s.setString(9, r.status().name());
        s.setLong(10, r.maxConcurrency());
        s.setLong(11, r.toleratedCount());
        s.setDouble(12, r.toleratedPercentage());
        s.setLong(13, r.totalItems());
        s.setLong(14, r.totalChildren());
        s.setLong(15, r.startDate().toEpochMilli());
        time(s, 16, r.stopDate());
        text(s, 17, r.error());
        text(s, 18, r.cause());
        text(s, 19, r.result());
        s.setLong(20, r.resultsWritten());
        s.setInt(21, r.redriveCount());
        time(s, 22, r.redriveDate());
    }

    private static RunRow run(ResultSet r) throws SQLException {
        return new RunRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7).equals("EXPRESS"), r.getString(8),
                MapRunStatus.valueOf(r.getString(9)), r.getLong(10), r.getLong(11), r.getDouble(12), r.getLong(13),
                r.getLong(14), Instant.ofEpochMilli(r.getLong(15)), time(r, 16), Optional.ofNullable(r.getString(17)),
                Optional.ofNullable(r.getString(18)), Optional.ofNullable(r.getString(19)), r.getLong(20),
                r.getInt(21), time(r, 22));
    }

    private static void bindChild(PreparedStatement s, int at, ChildRow ch) throws SQLException {
        s.setInt(at, ch.idx());
        s.setInt(at + 1, ch.items());
        s.setString(at + 2, ch.input());
        s.setString(at + 3, ch.status().name());
        text(s, at + 4, ch.executionArn());
        text(s, at + 5, ch.output());
        text(s, at + 6, ch.error());
        text(s, at + 7, ch.cause());
        time(s, at + 8, ch.startDate());
        time(s, at + 9, ch.stopDate());
    }

    private static ChildRow child(ResultSet r) throws SQLException {
        return new ChildRow(r.getInt(1), r.getInt(2), r.getString(3), ChildStatus.valueOf(r.getString(4)),
                Optional.ofNullable(r.getString(5)), Optional.ofNullable(r.getString(6)),
                Optional.ofNullable(r.getString(7)), Optional.ofNullable(r.getString(8)), time(r, 9), time(r, 10));
    }

    private static void text(PreparedStatement s, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) s.setString(i, v.get());
        else s.setNull(i, Types.VARCHAR);
    }

    private static void time(PreparedStatement s, int i, Optional<Instant> v) throws SQLException {
        if (v.isPresent()) s.setLong(i, v.get().toEpochMilli());
        else s.setNull(i, Types.BIGINT);
    }

    private static Optional<Instant> time(ResultSet r, int i) throws SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }
}
