package io.stepwise.functions;

import java.time.Instant;
import java.util.Optional;

/** One past invocation, as kept by {@link InvocationRecords}. */
public record InvocationRecord(String functionName, String requestId, Instant start, Optional<String> errorType,
                               Metering metering) {}
