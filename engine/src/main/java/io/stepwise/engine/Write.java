package io.stepwise.engine;

import io.stepwise.asl.HistoryEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one commit of the engine writes for one execution. Many executions' writes share one transaction (group
 * commit); each is applied whole or, when its own check fails, not at all.
 */
public sealed interface Write permits Write.Start, Write.Steps, Write.Redrive {
    long id();

    /**
     * A new standard execution after its first step: its row (already in the status that step left it in), its
     * definition (stored once per SHA-256), and the first step's history. Refused when the name is taken.
     */
    record Start(ExecutionRow row, String definition, String owner, long generation, Instant leaseUntil,
                 List<HistoryEvent> events) implements Write {
        public long id() { return row.id(); }
    }

    /**
     * Steps of a running execution: the journal entries that caused them, their history, and the execution's new
     * status. Applied only while the writer still holds the execution at {@code generation} (fencing).
     */
    record Steps(long id, long generation, List<JournalEntry> journal, List<HistoryEvent> events,
                 ExecutionStatus status, Optional<String> output, Optional<String> error, Optional<String> cause,
                 Optional<Instant> stopDate, long lastEventId, long transitions) implements Write {}

    /**
     * RedriveExecution: a closed execution runs again, owned by the writer from {@code generation} on; the journal
     * entry is the redrive, the events start with ExecutionRedriven. Applied only while the execution is still closed
     * at {@code fromGeneration} (a second redrive at the same time is refused: FENCED).
     */
    record Redrive(long id, long fromGeneration, long generation, String owner, Instant leaseUntil, int redriveCount,
                   Instant redriveDate, JournalEntry journal, List<HistoryEvent> events, ExecutionStatus status,
                   Optional<String> output, Optional<String> error, Optional<String> cause,
                   Optional<Instant> stopDate, long lastEventId, long transitions) implements Write {}

    /** How a write fared in its transaction. */
    enum Outcome { COMMITTED, NAME_TAKEN, FENCED }
}
