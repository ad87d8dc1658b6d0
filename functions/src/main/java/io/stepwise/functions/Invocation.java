package io.stepwise.functions;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One event on its way through an environment: delivered by {@code /next}, completed by response/error/exit. */
final class Invocation {
    final String requestId;
    final String invokedArn;  // as the caller named it (alias, version or unqualified): environments are shared
    final byte[] payload;
    final Optional<String> clientContext;
    final long timeoutMs;
    final CompletableFuture<Long> delivered = new CompletableFuture<>(); // System.nanoTime() at delivery
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    volatile long deadlineEpochMs;
    volatile long cpuAtDeliveryNanos = -1;
    volatile long runDelayAtDeliveryNanos = -1;

    Invocation(String requestId, String invokedArn, byte[] payload, Optional<String> clientContext, long timeoutMs) {
        this.requestId = requestId;
        this.invokedArn = invokedArn;
        this.payload = payload;
        this.clientContext = clientContext;
        this.timeoutMs = timeoutMs;
    }
}
