package io.stepwise.asl;

import java.util.List;

/**
 * The result of one interpreter step: the execution (advanced), the commands the driver must carry out, and the
 * history events that happened, in order. A durable driver persists {@code history} before acting on
 * {@code commands}.
 */
public record Step(Execution execution, List<Command> commands, List<HistoryEvent> history) {
    public Execution.Status status() { return execution.status(); }
}
