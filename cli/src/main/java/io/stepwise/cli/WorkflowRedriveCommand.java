package io.stepwise.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code stepwise workflows redrive EXECUTION}: RedriveExecution, which runs a failed, timed out or aborted execution
 * again from what did not succeed; with {@code --wait} (or {@code --follow}) it then shows its progress as
 * {@code start --wait} does.
 */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = "Runs a failed, timed out or aborted execution again from the states that did not succeed (the "
                + "same execution: its history goes on); with --wait shows its progress until it ends, then prints its "
                + "output.")
final class WorkflowRedriveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "EXECUTION", description = "execution ARN, MACHINE:EXECUTION, or its name") String ref;
    @Option(names = {"-w", "--wait"}, description = "show the progress (on stderr) until the execution ends, then print "
            + "its output") boolean wait;
    @Option(names = {"-f", "--follow"}, description = "like --wait, and print each history event on stdout as it is recorded")
    boolean follow;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return remote.run(err, () -> {
            try (SfnClient sfn = remote.sfn()) {
                String arn = Workflows.executionArn(sfn, ref);
                Instant at = sfn.redriveExecution(r -> r.executionArn(arn)).redriveDate();
                if (!wait && !follow) {
                    out.println("redriven " + arn + " at " + at);
                    out.flush();
                    return 0;
                }
                err.println("redriven " + arn + " at " + at);
                err.flush();
                var e = new ExecutionWatch(remote, sfn).watch(arn, at,
                        ProgressDisplay.on(err, out, WorkflowStartCommand.label(arn)), follow);
                Instant stop = e.stopDate() == null ? Instant.now() : e.stopDate();
                return WorkflowStartCommand.outcome(out, err, arn, e.status() == ExecutionStatus.SUCCEEDED,
                        e.statusAsString(), e.output(), e.error(), e.cause(), Duration.between(at, stop));
            }
        });
    }
}
