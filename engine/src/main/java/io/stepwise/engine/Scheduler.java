package io.stepwise.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action at an instant: the engine's timers (Wait, retry back-off, task and execution timeouts). A port, so
 * that tests move time by hand instead of sleeping.
 */
public interface Scheduler extends AutoCloseable {
    interface Cancellable { void cancel(); }

    Cancellable schedule(Instant at, Runnable action);

    @Override default void close() {}

    /** Real time: one thread that runs each action when the clock reaches its instant. */
    static Scheduler system(InstantSource clock) {
        var pool = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("engine-timers").factory());
        pool.setRemoveOnCancelPolicy(true);
        return new Scheduler() {
            @Override
            public Cancellable schedule(Instant at, Runnable action) {
                // in nanoseconds: whole milliseconds would round the delay down, and a Wait could end before its time
                long delay = Math.max(0, Duration.between(clock.instant(), at).toNanos());
                ScheduledFuture<?> f = pool.schedule(action, delay, TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void close() { pool.shutdownNow(); }
        };
    }
}
