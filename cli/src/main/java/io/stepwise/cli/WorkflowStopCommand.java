package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;

/** {@code stepwise workflows stop EXECUTION}: StopExecution (the execution ends ABORTED). */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a running execution (it ends ABORTED).")
final class WorkflowStopCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "EXECUTION", description = "execution ARN, MACHINE:EXECUTION, or its name") String ref;
    @Option(names = "--error", paramLabel = "CODE", description = "error code recorded with the abort") String error;
    @Option(names = "--cause", paramLabel = "TEXT", description = "why it was stopped") String cause;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            try (SfnClient sfn = remote.sfn()) {
                String arn = Workflows.executionArn(sfn, ref);
                var stopped = sfn.stopExecution(r -> r.executionArn(arn).error(error).cause(cause));
                var e = sfn.describeExecution(r -> r.executionArn(arn));
                out.println((e.status().toString().equals("ABORTED") ? "stopped " : e.statusAsString() + " already: ") + arn
                        + " at " + (e.stopDate() != null ? e.stopDate() : stopped.stopDate()));
            }
            out.flush();
            return 0;
        });
    }
}
