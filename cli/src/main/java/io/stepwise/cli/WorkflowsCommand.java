package io.stepwise.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stepwise workflows ...}: state machines and their executions on a running server (the Step Functions API). */
@Command(name = "workflows", mixinStandardHelpOptions = true,
        description = "Create, run and inspect state machines on a Stepwise server (exit codes: 0 ok (an execution "
                + "SUCCEEDED), 1 the execution failed, timed out or was aborted, 2 request refused, 3 server unreachable). "
                + "Names work wherever an ARN does: a state machine by its name, an execution as MACHINE:EXECUTION or by "
                + "its name alone.",
        subcommands = {WorkflowSaveCommand.Create.class, WorkflowSaveCommand.Update.class, WorkflowDeleteCommand.class,
                WorkflowListCommand.class, WorkflowDescribeCommand.class, WorkflowStartCommand.class,
                WorkflowHistoryCommand.class, WorkflowStopCommand.class, WorkflowRedriveCommand.class, WorkflowValidateCommand.class})
final class WorkflowsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
