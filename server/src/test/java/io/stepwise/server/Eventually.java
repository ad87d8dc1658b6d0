package io.stepwise.server;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits for something another thread does (an Event invocation running in the background). A bounded poll, not a
 * timing assertion: the deadline only turns a hang into a failure.
 */
final class Eventually {
    private Eventually() {}

    static <T> T until(Supplier<T> value, java.util.function.Predicate<T> done, String what) {
        return until(value, done, what, Duration.ofSeconds(60));
    }

    static <T> T until(Supplier<T> value, java.util.function.Predicate<T> done, String what, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        T v = value.get();
        while (!done.test(v)) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what + "; last value: " + v);
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
            v = value.get();
        }
        return v;
    }
}
