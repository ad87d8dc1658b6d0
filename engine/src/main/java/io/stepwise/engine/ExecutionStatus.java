package io.stepwise.engine;

import io.stepwise.asl.Execution;

/** An execution's status as the Step Functions API names it (ExecutionStatus in the API model). */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE;

    public boolean closed() { return this != RUNNING && this != PENDING_REDRIVE; }

    static ExecutionStatus of(Execution.Status s) {
        return switch (s) {
            case Execution.Running r -> RUNNING;
            case Execution.Succeeded r -> SUCCEEDED;
            case Execution.Failed r -> FAILED;
            case Execution.TimedOut r -> TIMED_OUT;
            case Execution.Aborted r -> ABORTED;
        };
    }
}
