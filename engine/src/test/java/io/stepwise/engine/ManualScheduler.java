package io.stepwise.engine;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Virtual time for tests: timers fire only when the test moves the clock. */
final class ManualScheduler implements Scheduler, InstantSource {
    private record Timer(Instant at, long order, Runnable action, boolean[] cancelled) {}

    private Instant now;
    private long order;
    private final List<Timer> timers = new ArrayList<>();

    ManualScheduler(Instant start) { this.now = start; }

    @Override
    public synchronized Instant instant() { return now; }

    /** A timer already due runs at once, as a real scheduler would run it. */
    @Override
    public Cancellable schedule(Instant at, Runnable action) {
        boolean[] cancelled = {false};
        synchronized (this) {
            if (at.isAfter(now)) {
                timers.add(new Timer(at, order++, action, cancelled));
                return () -> cancelled[0] = true;
            }
        }
        action.run();
        return () -> cancelled[0] = true;
    }

    /** Moves the clock to {@code t}, running every timer due by then in time order. */
    void advanceTo(Instant t) {
        while (true) {
            Timer next;
            synchronized (this) {
                next = timers.stream().filter(x -> !x.at().isAfter(t))
                        .min(Comparator.comparing(Timer::at).thenComparing(Timer::order)).orElse(null);
                if (next == null) {
                    if (t.isAfter(now)) now = t;
                    return;
                }
                timers.remove(next);
                if (next.at().isAfter(now)) now = next.at();
            }
            if (!next.cancelled()[0]) next.action().run();
        }
    }

    void advance(java.time.Duration d) { advanceTo(instant().plus(d)); }

    /** When the pending timers are due. */
    synchronized List<Instant> due() {
        return timers.stream().filter(t -> !t.cancelled()[0]).map(Timer::at).sorted().toList();
    }

    synchronized int pending() {
        return (int) timers.stream().filter(t -> !t.cancelled()[0]).count();
    }
}
