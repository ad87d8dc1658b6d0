package io.stepwise.engine;

import io.stepwise.asl.HistoryEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where standard executions live: rows, history, journal, and ownership. The engine's only way to the database
 * ({@link JdbcExecutionStore} on SQLite or PostgreSQL; tests use a fake).
 *
 * <p>Ownership. A running execution is owned by one node ({@code owner}) through a lease ({@code leaseUntil}) and a
 * generation number that grows with every change of owner. Each write names the generation it was made under and is
 * refused ({@link Write.Outcome#FENCED}) when another node has since claimed the execution, so a node that paused past
 * its lease cannot write.
 */
public interface ExecutionStore {

    /** Applies the writes in one transaction, in order; one outcome per write. */
    List<Write.Outcome> commit(List<Write> writes);

    Optional<ExecutionRow> find(String executionArn);

    /**
     * Executions of a state machine, newest first.
     *
     * @param machineArn the unqualified state machine ARN
     * @param version    only those started through this version ARN (directly or through an alias)
     * @param alias      only those started through this alias ARN
     * @param redriven   only those redriven at least once (true) or never (false)
     * @param after      continue after this execution, from a previous page
     */
    List<ExecutionRow> list(String machineArn, Optional<ExecutionStatus> status, Optional<Boolean> redriven,
                            Optional<String> version, Optional<String> alias, Optional<Cursor> after, int limit);

    /** The child executions of a Map Run, newest first. */
    List<ExecutionRow> listByMapRun(String mapRunArn, Optional<ExecutionStatus> status, Optional<Boolean> redriven,
                                    Optional<Cursor> after, int limit);

    /** A place in the newest-first order of executions. */
    record Cursor(long startMs, long id) {
        static Cursor of(ExecutionRow r) { return new Cursor(r.startDate().toEpochMilli(), r.id()); }
    }

    /** History events with ids after {@code afterId} (ascending), or before {@code beforeId} when {@code reverse}. */
    List<HistoryEvent> history(long executionId, long fromId, boolean reverse, int limit);

    Optional<String> definition(String sha256);

    /** A running execution this node now owns, with what it needs to rebuild it. */
    record Claimed(ExecutionRow row, long generation, String definition, List<JournalEntry> journal) {}

    /** A closed execution with what a redrive needs to rebuild it (its generation, definition and journal). */
    Optional<Claimed> load(String executionArn);

    /**
     * Takes over running executions whose lease has expired (their node is gone): each gets a new generation and this
     * node's lease, which takes it out of the next claim's reach.
     */
    List<Claimed> claim(String node, Instant now, Instant leaseUntil, int limit);

    /**
     * Gives up this node's leases (a node restarting under the same id: what its former self owned is claimable at
     * once, by it or by any other node).
     */
    void release(String node);

    /** Extends the lease of every running execution this node owns. */
    void renew(String node, Instant leaseUntil);
}
