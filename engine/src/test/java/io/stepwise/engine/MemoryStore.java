package io.stepwise.engine;

import io.stepwise.asl.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A hand-written in-memory {@link ExecutionStore} with the same rules as the JDBC one (names, fencing, leases). */
class MemoryStore implements ExecutionStore {
    static final class Stored {
        ExecutionRow row;
        String owner;
        long generation;
        Instant leaseUntil;
        final List<HistoryEvent> history = new ArrayList<>();
        final List<JournalEntry> journal = new ArrayList<>();
    }

    final Map<String, Stored> byArn = new HashMap<>();
    final Map<String, String> definitions = new HashMap<>();
    int commits;
    /** When set, the next commit throws (a database that is down). */
    volatile RuntimeException failNext;

    @Override
    public synchronized List<Write.Outcome> commit(List<Write> writes) {
        if (failNext != null) {
            RuntimeException e = failNext;
            failNext = null;
            throw e;
        }
        commits++;
        List<Write.Outcome> out = new ArrayList<>();
        for (Write w : writes) {
            switch (w) {
                case Write.Start s -> {
                    if (byArn.containsKey(s.row().arn())) {
                        out.add(Write.Outcome.NAME_TAKEN);
                        continue;
                    }
                    var st = new Stored();
                    st.row = s.row();
                    st.owner = s.owner();
                    st.generation = s.generation();
                    st.leaseUntil = s.leaseUntil();
                    st.history.addAll(s.events());
                    definitions.putIfAbsent(s.row().definitionSha(), s.definition());
                    byArn.put(s.row().arn(), st);
                    out.add(Write.Outcome.COMMITTED);
                }
                case Write.Steps s -> {
                    Stored st = byId(s.id());
                    if (st == null || st.generation != s.generation()) {
                        out.add(Write.Outcome.FENCED);
                        continue;
                    }
                    st.journal.addAll(s.journal());
                    st.history.addAll(s.events());
                    ExecutionRow r = st.row;
                    st.row = new ExecutionRow(r.id(), r.arn(), r.name(), r.stateMachineArn(), r.stateMachineName(),
                            r.versionArn(), r.aliasArn(), r.definitionSha(), r.roleArn(), s.status(), r.input(),
                            s.output(), s.error(), s.cause(), r.startDate(), s.stopDate(), r.seed(), r.redriveCount(),
                            s.lastEventId(), s.transitions(), r.mapRunArn(), r.redriveDate());
                    out.add(Write.Outcome.COMMITTED);
                }
                case Write.Redrive s -> {
                    Stored st = byId(s.id());
                    if (st == null || st.generation != s.fromGeneration() || !st.row.status().closed()
                            || st.row.status() == ExecutionStatus.SUCCEEDED) {
                        out.add(Write.Outcome.FENCED);
                        continue;
                    }
                    st.journal.add(s.journal());
                    st.history.addAll(s.events());
                    st.owner = s.owner();
                    st.generation = s.generation();
                    st.leaseUntil = s.leaseUntil();
                    ExecutionRow r = st.row;
                    st.row = new ExecutionRow(r.id(), r.arn(), r.name(), r.stateMachineArn(), r.stateMachineName(),
                            r.versionArn(), r.aliasArn(), r.definitionSha(), r.roleArn(), s.status(), r.input(),
                            s.output(), s.error(), s.cause(), r.startDate(), s.stopDate(), r.seed(), s.redriveCount(),
                            s.lastEventId(), s.transitions(), r.mapRunArn(), Optional.of(s.redriveDate()));
                    out.add(Write.Outcome.COMMITTED);
                }
            }
        }
        return out;
    }

    private Stored byId(long id) {
        return byArn.values().stream().filter(s -> s.row.id() == id).findFirst().orElse(null);
    }

    @Override
    public synchronized Optional<ExecutionRow> find(String arn) {
        return Optional.ofNullable(byArn.get(arn)).map(s -> s.row);
    }

    @Override
    public synchronized List<ExecutionRow> list(String machineArn, Optional<ExecutionStatus> status,
                                                Optional<Boolean> redriven, Optional<String> version, Optional<String> alias,
                                                Optional<Cursor> after, int limit) {
        Comparator<ExecutionRow> newestFirst = Comparator.comparing(ExecutionRow::startDate)
                .thenComparing(ExecutionRow::id).reversed();
        return byArn.values().stream().map(s -> s.row).filter(r -> r.stateMachineArn().equals(machineArn))
                .filter(r -> status.isEmpty() || r.status() == status.get())
                .filter(r -> redriven.isEmpty() || redriven.get() == r.redriveCount() > 0)
                .filter(r -> version.isEmpty() || r.versionArn().equals(version))
                .filter(r -> alias.isEmpty() || r.aliasArn().equals(alias))
                .filter(r -> after.isEmpty() || r.startDate().toEpochMilli() < after.get().startMs()
                        || r.startDate().toEpochMilli() == after.get().startMs() && r.id() < after.get().id())
                .sorted(newestFirst).limit(limit).toList();
    }

    @Override
    public synchronized List<ExecutionRow> listByMapRun(String mapRunArn, Optional<ExecutionStatus> status,
                                                        Optional<Boolean> redriven, Optional<Cursor> after,
                                                        int limit) {
        Comparator<ExecutionRow> newestFirst = Comparator.comparing(ExecutionRow::startDate)
                .thenComparing(ExecutionRow::id).reversed();
        return byArn.values().stream().map(s -> s.row).filter(r -> r.mapRunArn().equals(Optional.of(mapRunArn)))
                .filter(r -> status.isEmpty() || r.status() == status.get())
                .filter(r -> redriven.isEmpty() || redriven.get() == r.redriveCount() > 0)
                .filter(r -> after.isEmpty() || r.startDate().toEpochMilli() < after.get().startMs()
                        || r.startDate().toEpochMilli() == after.get().startMs() && r.id() < after.get().id())
                .sorted(newestFirst).limit(limit).toList();
    }

    @Override
    public synchronized List<HistoryEvent> history(long id, long fromId, boolean reverse, int limit) {
        Stored st = byId(id);
        if (st == null) return List.of();
        List<HistoryEvent> h = new ArrayList<>(st.history);
        if (reverse) h = h.reversed();
        return h.stream().filter(e -> reverse ? fromId == 0 || e.id() < fromId : e.id() > fromId).limit(limit).toList();
    }

    @Override
    public synchronized Optional<String> definition(String sha) {
        return Optional.ofNullable(definitions.get(sha));
    }

    @Override
    public synchronized Optional<Claimed> load(String arn) {
        Stored st = byArn.get(arn);
        return st == null ? Optional.empty() : Optional.of(new Claimed(st.row, st.generation,
                definitions.get(st.row.definitionSha()), List.copyOf(st.journal)));
    }

    @Override
    public synchronized List<Claimed> claim(String node, Instant now, Instant leaseUntil, int limit) {
        List<Claimed> out = new ArrayList<>();
        for (Stored st : byArn.values()) {
            if (out.size() == limit) break;
            if (st.row.status() != ExecutionStatus.RUNNING || !st.leaseUntil.isBefore(now)) continue;
            st.owner = node;
            st.generation++;
            st.leaseUntil = leaseUntil;
            out.add(new Claimed(st.row, st.generation, definitions.get(st.row.definitionSha()),
                    List.copyOf(st.journal)));
        }
        return out;
    }

    @Override
    public synchronized void release(String node) {
        byArn.values().stream().filter(s -> s.owner.equals(node) && s.row.status() == ExecutionStatus.RUNNING)
                .forEach(s -> s.leaseUntil = Instant.EPOCH);
    }

    @Override
    public synchronized void renew(String node, Instant leaseUntil) {
        byArn.values().stream().filter(s -> s.owner.equals(node) && s.row.status() == ExecutionStatus.RUNNING)
                .forEach(s -> s.leaseUntil = leaseUntil);
    }

    synchronized List<HistoryEvent> history(String arn) {
        return List.copyOf(byArn.get(arn).history);
    }
}
