package io.stepwise.engine;

import io.stepwise.asl.HistoryEvent;
import io.stepwise.store.Dialect;
import io.stepwise.store.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The stores engine tests run on: in memory, or the JDBC store on a fresh SQLite or PostgreSQL database. */
enum Stores {
    MEMORY, SQLITE, POSTGRESQL;

    /** A store and what to close after the test. */
    record Opened(ExecutionStore store, AutoCloseable resources) implements AutoCloseable {
        @Override public void close() throws Exception { resources.close(); }
    }

    Opened open() {
        if (this == MEMORY) return new Opened(new MemoryStore(), () -> { });
        TestDatabase fixture = TestDatabase.create(this == SQLITE ? Dialect.SQLITE : Dialect.POSTGRESQL);
        var db = fixture.open();
        db.migrate("engine");
        return new Opened(new JdbcExecutionStore(db), fixture);
    }

    static List<HistoryEvent> history(ExecutionStore store, String arn) {
        ExecutionRow row = store.find(arn).orElseThrow();
        return store.history(row.id(), 0, false, Integer.MAX_VALUE);
    }

    /**
     * A store that sees every commit before the real one does: counts them, fails the next one once when told (a
     * database briefly unreachable), and runs {@link #beforeCommit} (a test holds a commit there).
     */
    static class Intercepted implements ExecutionStore {
        final ExecutionStore inner;
        final java.util.concurrent.atomic.AtomicInteger commits = new java.util.concurrent.atomic.AtomicInteger();
        volatile RuntimeException failNext;

        Intercepted(ExecutionStore inner) { this.inner = inner; }

        void beforeCommit(List<Write> writes) { }

        @Override
        public List<Write.Outcome> commit(List<Write> writes) {
            beforeCommit(writes);
            RuntimeException e = failNext;
            if (e != null) {
                failNext = null;
                throw e;
            }
            commits.incrementAndGet();
            return inner.commit(writes);
        }

        @Override public Optional<ExecutionRow> find(String arn) { return inner.find(arn); }

        @Override
        public List<ExecutionRow> list(String m, Optional<ExecutionStatus> s, Optional<Boolean> redriven,
                                       Optional<String> v, Optional<String> a, Optional<Cursor> after, int limit) {
            return inner.list(m, s, redriven, v, a, after, limit);
        }

        @Override
        public List<ExecutionRow> listByMapRun(String m, Optional<ExecutionStatus> s, Optional<Boolean> redriven,
                                               Optional<Cursor> after, int limit) {
            return inner.listByMapRun(m, s, redriven, after, limit);
        }

        @Override
        public List<HistoryEvent> history(long id, long from, boolean reverse, int limit) {
            return inner.history(id, from, reverse, limit);
        }

        @Override public Optional<String> definition(String sha) { return inner.definition(sha); }

        @Override public Optional<Claimed> load(String arn) { return inner.load(arn); }

        @Override
        public List<Claimed> claim(String node, Instant now, Instant until, int limit) {
            return inner.claim(node, now, until, limit);
        }

        @Override public void release(String node) { inner.release(node); }

        @Override public void renew(String node, Instant until) { inner.renew(node, until); }
    }
}
