package io.stepwise.functions;

import java.util.OptionalDouble;

/** The numbers of one REPORT line, plus the GB-seconds billed (init included on a cold start). */
public record Metering(double durationMs, long billedDurationMs, int memorySizeMb, int maxMemoryUsedMb,
                       OptionalDouble initDurationMs, boolean coldStart, double gbSeconds) {}
