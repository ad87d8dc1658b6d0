package io.stepwise.asl;

import java.time.Instant;
import java.time.InstantSource;

/** The local driver's clock: it moves only when the driver jumps to the next due timer. */
final class VirtualClock implements InstantSource {
    private Instant now;

    VirtualClock(Instant start) { this.now = start; }

    @Override public Instant instant() { return now; }

    void advanceTo(Instant t) { if (t.isAfter(now)) now = t; }
}
