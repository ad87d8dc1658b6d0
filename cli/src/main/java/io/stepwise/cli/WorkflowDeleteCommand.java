package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;

/** {@code stepwise workflows delete NAME|ARN}: DeleteStateMachine. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a state machine; its running executions "
        + "go on to their end.")
final class WorkflowDeleteCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME|ARN", description = "state machine name or ARN") String name;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            try (SfnClient sfn = remote.sfn()) {
                String arn = Workflows.machineArn(sfn, name);
                sfn.deleteStateMachine(r -> r.stateMachineArn(arn));
                out.println("deleted " + arn);
            }
            out.flush();
            return 0;
        });
    }
}
