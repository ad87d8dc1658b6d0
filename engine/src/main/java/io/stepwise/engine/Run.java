package io.stepwise.engine;

import io.stepwise.asl.Event;
import io.stepwise.asl.Execution;
import io.stepwise.asl.Interpreter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One execution running on this node: its interpreter state, the events waiting to be applied (its mailbox), its
 * timers, and its progress. Steps of one run never overlap ({@link #draining}); its commands are acted on by the
 * committer's thread, in step order.
 */
final class Run {
    /** An event to apply, and what to do once the step it caused is committed (answer a StopExecution...). */
    record Item(Event event, Runnable ack) {}

    final ExecutionRow identity;          // as started: names, ARNs, input, start date, seed
    final boolean express;
    final Interpreter interpreter;
    Execution x;
    long generation;
    long journalSeq;
    final ConcurrentLinkedQueue<Item> mailbox = new ConcurrentLinkedQueue<>();
    final AtomicBoolean draining = new AtomicBoolean();
    final Map<String, Scheduler.Cancellable> timers = new ConcurrentHashMap<>();
    final Map<String, String> tokens = new ConcurrentHashMap<>();    // task id -> task token (callbacks)
    final Progress progress = new Progress();
    /** Completed with the final status once the run's last step is committed. */
    final CompletableFuture<Execution.Status> closed = new CompletableFuture<>();

    Run(ExecutionRow identity, boolean express, Interpreter interpreter) {
        this.identity = identity;
        this.express = express;
        this.interpreter = interpreter;
    }

    String arn() { return identity.arn(); }

    long id() { return identity.id(); }
}
