package io.stepwise.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit (DESIGN.md §6): one thread takes every write queued since its last commit and applies them in one
 * transaction, so many executions' steps share one fsync; while it commits, the next batch queues up. After the
 * commit it runs each write's continuation in queue order on its own thread; the engine acts on a step there (invokes
 * tasks, starts timers, answers the caller), so nothing is acted on before the commit that holds it, and the actions of
 * an execution's steps run in the order the steps were taken.
 *
 * <p>A batch that fails as a whole is retried write by write, so one bad write cannot sink the others; a write that
 * keeps failing (the database is gone) is retried with back-off before its continuation hears {@code null}.
 */
final class Committer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Committer.class);
    private static final int MAX_BATCH = 2_000;
    private static final int ATTEMPTS = 6;

    private record Pending(Write write, Consumer<Write.Outcome> then) {}

    private final ExecutionStore store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private long commits;
    private long writes;

    Committer(ExecutionStore store) {
        this.store = store;
        this.thread = Thread.ofPlatform().name("engine-commit").daemon().start(this::loop);
    }

    /** Queues a write; {@code then} runs after its commit with the outcome ({@code null}: it could not be written). */
    void submit(Write write, Consumer<Write.Outcome> then) {
        if (closed) throw new IllegalStateException("the engine is closed");
        queue.add(new Pending(write, then));
    }

    /** Commits so far and writes so far (writes / commits = the mean group size). */
    synchronized long[] counts() { return new long[] {commits, writes}; }

    private static final Pending STOP = new Pending(null, null);

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                stop = batch.remove(STOP);
                if (batch.isEmpty()) continue;
                List<Write.Outcome> outcomes = commit(batch);
                synchronized (this) {
                    commits++;
                    writes += batch.size();
                }
                for (int i = 0; i < batch.size(); i++) run(batch.get(i), outcomes.get(i));
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private List<Write.Outcome> commit(List<Pending> batch) throws InterruptedException {
        try {
            return store.commit(batch.stream().map(Pending::write).toList());
        } catch (RuntimeException whole) {
            if (batch.size() > 1) log.warn("a group commit of {} writes failed ({}); retrying them one by one",
                    batch.size(), whole.toString());
            List<Write.Outcome> outcomes = new ArrayList<>(batch.size());
            for (Pending p : batch) outcomes.add(alone(p.write()));
            return outcomes;
        }
    }

    private Write.Outcome alone(Write w) throws InterruptedException {
        long backoff = 50;
        for (int attempt = 1; ; attempt++) {
            try {
                return store.commit(List.of(w)).getFirst();
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || closed) {
                    log.error("could not write the steps of execution {} after {} attempts", w.id(), attempt, e);
                    return null;
                }
                Thread.sleep(backoff);   // the database is unreachable or busy: give it time
                backoff *= 2;
            }
        }
    }

    private static void run(Pending p, Write.Outcome outcome) {
        try {
            p.then().accept(outcome);
        } catch (RuntimeException e) {
            log.error("acting on a committed step of execution {} failed", p.write().id(), e);
        }
    }

    /** Commits what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
