package io.stepwise.engine;

import io.stepwise.asl.HistoryEvent;
import io.stepwise.store.Database;
import io.stepwise.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Standard executions in the server's database (SQLite or PostgreSQL, the same SQL). A commit writes many executions'
 * steps in one transaction with batched statements: first the execution rows (new ones inserted unless the name is
 * taken; running ones updated only under the writer's generation), then history and journal rows for the writes that
 * passed. Claims take running executions in batches; on PostgreSQL with {@code FOR UPDATE SKIP LOCKED}, so nodes
 * claiming at once never wait on each other (SQLite has one writer anyway).
 */
public final class JdbcExecutionStore implements ExecutionStore {
    private static final String COLUMNS = "id, arn, name, machine_arn, machine_name, version_arn, alias_arn, "
            + "definition_sha, role_arn, status, input, output, error, cause, start_ms, stop_ms, seed, redrive_count, "
            + "last_event_id, transitions, map_run_arn, redrive_ms";

    private final Database db;

    public JdbcExecutionStore(Database db) {
        this.db = db;
    }

    @Override
    public List<Write.Outcome> commit(List<Write> writes) {
        return db.transaction(c -> {
            Write.Outcome[] outcomes = new Write.Outcome[writes.size()];
            List<Integer> starts = new ArrayList<>();
            List<Integer> steps = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                if (writes.get(i) instanceof Write.Start) starts.add(i);
                else if (writes.get(i) instanceof Write.Steps) steps.add(i);
            }
            insertDefinitions(c, writes, starts);
            if (!starts.isEmpty()) {
                try (var s = c.prepareStatement("INSERT INTO executions (" + COLUMNS + ", owner, generation, "
                        + "lease_until_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING")) {
                    for (int i : starts) {
                        var w = (Write.Start) writes.get(i);
                        bindRow(s, w.row());
                        s.setString(23, w.owner());
                        s.setLong(24, w.generation());
                        s.setLong(25, w.leaseUntil().toEpochMilli());
                        s.addBatch();
                    }
                    int[] n = s.executeBatch();
                    for (int k = 0; k < starts.size(); k++) {
                        outcomes[starts.get(k)] = n[k] == 0 ? Write.Outcome.NAME_TAKEN : Write.Outcome.COMMITTED;
                    }
                }
            }
            if (!steps.isEmpty()) {
                try (var s = c.prepareStatement("UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, "
                        + "stop_ms = ?, last_event_id = ?, transitions = ? WHERE id = ? AND generation = ?")) {
                    for (int i : steps) {
                        var w = (Write.Steps) writes.get(i);
                        bindStatus(s, w.status(), w.output(), w.error(), w.cause(), w.stopDate(), w.lastEventId(),
                                w.transitions());
                        s.setLong(8, w.id());
                        s.setLong(9, w.generation());
                        s.addBatch();
                    }
                    int[] n = s.executeBatch();
                    for (int k = 0; k < steps.size(); k++) {
                        outcomes[steps.get(k)] = n[k] == 0 ? Write.Outcome.FENCED : Write.Outcome.COMMITTED;
                    }
                }
            }
            redrive(c, writes, outcomes);
            insertHistoryAndJournal(c, writes, outcomes);
            return List.of(outcomes);
        });
    }

    /** Parameters 1 to 7 of an update: status, output, error, cause, stop_ms, last_event_id, transitions. */
    private static void bindStatus(PreparedStatement s, ExecutionStatus status, Optional<String> output,
                                   Optional<String> error, Optional<String> cause, Optional<Instant> stop,
                                   long lastEventId, long transitions) throws SQLException {
        s.setString(1, status.name());
        setText(s, 2, output);
        setText(s, 3, error);
        setText(s, 4, cause);
        setTime(s, 5, stop);
        s.setLong(6, lastEventId);
        s.setLong(7, transitions);
    }

    private static void redrive(Connection c, List<Write> writes, Write.Outcome[] outcomes) throws SQLException {
        for (int i = 0; i < writes.size(); i++) {
            if (!(writes.get(i) instanceof Write.Redrive w)) continue;
            try (var s = c.prepareStatement("UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, "
                    + "stop_ms = ?, last_event_id = ?, transitions = ?, redrive_count = ?, redrive_ms = ?, owner = ?, "
                    + "generation = ?, lease_until_ms = ? WHERE id = ? AND generation = ? "
                    + "AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED')")) {
                bindStatus(s, w.status(), w.output(), w.error(), w.cause(), w.stopDate(), w.lastEventId(),
                        w.transitions());
                s.setInt(8, w.redriveCount());
                s.setLong(9, w.redriveDate().toEpochMilli());
                s.setString(10, w.owner());
                s.setLong(11, w.generation());
                s.setLong(12, w.leaseUntil().toEpochMilli());
                s.setLong(13, w.id());
                s.setLong(14, w.fromGeneration());
                outcomes[i] = s.executeUpdate() == 0 ? Write.Outcome.FENCED : Write.Outcome.COMMITTED;
            }
        }
    }

    private static void insertDefinitions(Connection c, List<Write> writes, List<Integer> starts) throws SQLException {
        Set<String> seen = new HashSet<>();
        try (var s = c.prepareStatement("INSERT INTO definitions (sha256, definition) VALUES (?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            int n = 0;
            for (int i : starts) {
                var w = (Write.Start) writes.get(i);
                if (!seen.add(w.row().definitionSha())) continue;
                s.setString(1, w.row().definitionSha());
                s.setString(2, w.definition());
                s.addBatch();
                n++;
            }
            if (n > 0) s.executeBatch();
        }
    }

    private static void insertHistoryAndJournal(Connection c, List<Write> writes, Write.Outcome[] outcomes)
            throws SQLException {
        try (var events = c.prepareStatement("INSERT INTO execution_events (execution_id, id, previous_id, ts_ms, "
                + "type, details) VALUES (?, ?, ?, ?, ?, ?)");
             var journal = c.prepareStatement("INSERT INTO execution_journal (execution_id, seq, at_ms, kind, payload) "
                     + "VALUES (?, ?, ?, ?, ?)")) {
            int e = 0;
            int j = 0;
            for (int i = 0; i < writes.size(); i++) {
                if (outcomes[i] != Write.Outcome.COMMITTED) continue;
                Write w = writes.get(i);
                List<HistoryEvent> history = switch (w) {
                    case Write.Start s -> s.events();
                    case Write.Steps s -> s.events();
                    case Write.Redrive s -> s.events();
                };
                for (HistoryEvent h : history) {
                    events.setLong(1, w.id());
                    events.setLong(2, h.id());
                    events.setLong(3, h.previousEventId());
                    events.setLong(4, h.timestamp().toEpochMilli());
                    events.setString(5, h.type());
                    events.setString(6, Json.text(h.details()));
                    events.addBatch();
                    e++;
                }
                List<JournalEntry> entries = switch (w) {
                    case Write.Start s -> List.of();
                    case Write.Steps s -> s.journal();
                    case Write.Redrive s -> List.of(s.journal());
                };
                {
                    for (JournalEntry entry : entries) {
                        journal.setLong(1, w.id());
                        journal.setLong(2, entry.seq());
                        journal.setLong(3, entry.at().toEpochMilli());
                        journal.setString(4, entry.kind());
                        journal.setString(5, entry.payload());
                        journal.addBatch();
                        j++;
                    }
                }
            }
            if (e > 0) events.executeBatch();
            if (j > 0) journal.executeBatch();
        }
    }

    private static void bindRow(PreparedStatement s, ExecutionRow r) throws SQLException {
        s.setLong(1, r.id());
        s.setString(2, r.arn());
        s.setString(3, r.name());
        s.setString(4, r.stateMachineArn());
        s.setString(5, r.stateMachineName());
        setText(s, 6, r.versionArn());
        setText(s, 7, r.aliasArn());
        s.setString(8, r.definitionSha());
        s.setString(9, r.roleArn());
        s.setString(10, r.status().name());
        s.setString(11, r.input());
        setText(s, 12, r.output());
        setText(s, 13, r.error());
        setText(s, 14, r.cause());
        s.setLong(15, r.startDate().toEpochMilli());
        setTime(s, 16, r.stopDate());
        s.setLong(17, r.seed());
        s.setInt(18, r.redriveCount());
        s.setLong(19, r.lastEventId());
        s.setLong(20, r.transitions());
        setText(s, 21, r.mapRunArn());
        setTime(s, 22, r.redriveDate());
    }

    private static void setText(PreparedStatement s, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) s.setString(i, v.get());
        else s.setNull(i, Types.VARCHAR);
    }

    private static void setTime(PreparedStatement s, int i, Optional<Instant> v) throws SQLException {
        if (v.isPresent()) s.setLong(i, v.get().toEpochMilli());
        else s.setNull(i, Types.BIGINT);
    }

    private static ExecutionRow row(ResultSet r) throws SQLException {
        long stop = r.getLong(16);
        Optional<Instant> stopDate = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(stop));
        return new ExecutionRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                Optional.ofNullable(r.getString(6)), Optional.ofNullable(r.getString(7)), r.getString(8),
                r.getString(9), ExecutionStatus.valueOf(r.getString(10)), r.getString(11),
                Optional.ofNullable(r.getString(12)), Optional.ofNullable(r.getString(13)),
                Optional.ofNullable(r.getString(14)), Instant.ofEpochMilli(r.getLong(15)), stopDate, r.getLong(17),
                r.getInt(18), r.getLong(19), r.getLong(20), Optional.ofNullable(r.getString(21)),
                time(r, 22));
    }

    private static Optional<Instant> time(ResultSet r, int i) throws SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    @Override
    public Optional<ExecutionRow> find(String executionArn) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT " + COLUMNS + " FROM executions WHERE arn = ?")) {
                s.setString(1, executionArn);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(row(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ExecutionRow> list(String machineArn, Optional<ExecutionStatus> status, Optional<Boolean> redriven,
                                   Optional<String> version, Optional<String> alias, Optional<Cursor> after,
                                   int limit) {
        return listWhere("machine_arn", machineArn, status, redriven, version, alias, after, limit);
    }

    @Override
    public List<ExecutionRow> listByMapRun(String mapRunArn, Optional<ExecutionStatus> status,
                                           Optional<Boolean> redriven, Optional<Cursor> after, int limit) {
        return listWhere("map_run_arn", mapRunArn, status, redriven, Optional.empty(), Optional.empty(), after, limit);
    }

    /** Executions whose {@code column} is {@code value}, newest first, with the optional filters. */
    private List<ExecutionRow> listWhere(String column, String value, Optional<ExecutionStatus> status,
                                         Optional<Boolean> redriven, Optional<String> version, Optional<String> alias, Optional<Cursor> after,
                                         int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM executions WHERE " + column + " = ?");
        status.ifPresent(x -> sql.append(" AND status = ?"));
        redriven.ifPresent(x -> sql.append(x ? " AND redrive_count > 0" : " AND redrive_count = 0"));
        version.ifPresent(x -> sql.append(" AND version_arn = ?"));
        alias.ifPresent(x -> sql.append(" AND alias_arn = ?"));
        after.ifPresent(x -> sql.append(" AND (start_ms < ? OR start_ms = ? AND id < ?)"));
        sql.append(" ORDER BY start_ms DESC, id DESC LIMIT ?");
        return db.read(c -> {
            try (var s = c.prepareStatement(sql.toString())) {
                int i = 1;
                s.setString(i++, value);
                if (status.isPresent()) s.setString(i++, status.get().name());
                if (version.isPresent()) s.setString(i++, version.get());
                if (alias.isPresent()) s.setString(i++, alias.get());
                if (after.isPresent()) {
                    s.setLong(i++, after.get().startMs());
                    s.setLong(i++, after.get().startMs());
                    s.setLong(i++, after.get().id());
                }
                s.setInt(i, limit);
                List<ExecutionRow> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.add(row(r));
                }
                return out;
            }
        });
    }

    @Override
    public List<HistoryEvent> history(long executionId, long fromId, boolean reverse, int limit) {
        String sql = reverse
                ? "SELECT id, previous_id, ts_ms, type, details FROM execution_events WHERE execution_id = ? AND id < ? "
                        + "ORDER BY id DESC LIMIT ?"
                : "SELECT id, previous_id, ts_ms, type, details FROM execution_events WHERE execution_id = ? AND id > ? "
                        + "ORDER BY id LIMIT ?";
        return db.read(c -> {
            try (var s = c.prepareStatement(sql)) {
                s.setLong(1, executionId);
                s.setLong(2, reverse && fromId == 0 ? Long.MAX_VALUE : fromId);
                s.setInt(3, limit);
                List<HistoryEvent> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new HistoryEvent(r.getLong(1), r.getLong(2), Instant.ofEpochMilli(r.getLong(3)),
                                r.getString(4), Json.read(r.getString(5))));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<String> definition(String sha256) {
        return db.read(c -> definition(c, sha256));
    }

    private static Optional<String> definition(Connection c, String sha) throws SQLException {
        try (var s = c.prepareStatement("SELECT definition FROM definitions WHERE sha256 = ?")) {
            s.setString(1, sha);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Claimed> claim(String node, Instant now, Instant leaseUntil, int limit) {
        return db.transaction(c -> {
            List<Long> ids = new ArrayList<>();
            String pick = "SELECT id FROM executions WHERE status = 'RUNNING' AND lease_until_ms < ? "
                    + "ORDER BY lease_until_ms LIMIT ?" + (db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "");
            try (var s = c.prepareStatement(pick)) {
                s.setLong(1, now.toEpochMilli());
                s.setInt(2, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) ids.add(r.getLong(1));
                }
            }
            List<Claimed> out = new ArrayList<>();
            try (var take = c.prepareStatement("UPDATE executions SET owner = ?, generation = generation + 1, "
                    + "lease_until_ms = ? WHERE id = ?");
                 var read = c.prepareStatement("SELECT " + COLUMNS + ", generation FROM executions WHERE id = ?")) {
                for (long id : ids) {
                    take.setString(1, node);
                    take.setLong(2, leaseUntil.toEpochMilli());
                    take.setLong(3, id);
                    take.executeUpdate();
                    read.setLong(1, id);
                    try (ResultSet r = read.executeQuery()) {
                        if (!r.next()) continue;
                        ExecutionRow row = row(r);
                        long generation = r.getLong(23);
                        String definition = definition(c, row.definitionSha()).orElseThrow(() ->
                                new IllegalStateException("execution " + row.arn() + " has no stored definition"));
                        out.add(new Claimed(row, generation, definition, journal(c, id)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Claimed> load(String executionArn) {
        return db.read(c -> {
            try (var read = c.prepareStatement("SELECT " + COLUMNS + ", generation FROM executions WHERE arn = ?")) {
                read.setString(1, executionArn);
                try (ResultSet r = read.executeQuery()) {
                    if (!r.next()) return Optional.empty();
                    ExecutionRow row = row(r);
                    long generation = r.getLong(23);
                    String definition = definition(c, row.definitionSha()).orElseThrow(() ->
                            new IllegalStateException("execution " + row.arn() + " has no stored definition"));
                    return Optional.of(new Claimed(row, generation, definition, journal(c, row.id())));
                }
            }
        });
    }

    private static List<JournalEntry> journal(Connection c, long id) throws SQLException {
        List<JournalEntry> out = new ArrayList<>();
        try (var s = c.prepareStatement("SELECT seq, at_ms, kind, payload FROM execution_journal "
                + "WHERE execution_id = ? ORDER BY seq")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(JournalEntry.decode(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3),
                            r.getString(4)));
                }
            }
        }
        return out;
    }

    @Override
    public void release(String node) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE executions SET lease_until_ms = 0 WHERE owner = ? "
                    + "AND status = 'RUNNING'")) {
                s.setString(1, node);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void renew(String node, Instant leaseUntil) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE executions SET lease_until_ms = ? WHERE owner = ? "
                    + "AND status = 'RUNNING'")) {
                s.setLong(1, leaseUntil.toEpochMilli());
                s.setString(2, node);
                return s.executeUpdate();
            }
        });
    }
}
