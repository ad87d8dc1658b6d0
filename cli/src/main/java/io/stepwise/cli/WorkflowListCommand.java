package io.stepwise.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

/** {@code stepwise workflows list [NAME]}: the state machines, or one state machine's executions (newest first). */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the state machines; with NAME, that state machine's executions, newest first.")
final class WorkflowListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|ARN", description = "a state machine: list its executions") String machine;
    @Option(names = "--status", paramLabel = "STATUS", description = "executions: only RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED")
    ExecutionStatus status;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "executions: at most N (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            try (SfnClient sfn = remote.sfn()) {
                if (machine == null) {
                    var table = new Table("NAME", "TYPE", "CREATED", "ARN");
                    for (StateMachineListItem m : sfn.listStateMachinesPaginator(r -> {}).stateMachines()) {
                        table.row(m.name(), m.typeAsString(), m.creationDate(), m.stateMachineArn());
                    }
                    table.print(out);
                    return 0;
                }
                String arn = Workflows.machineArn(sfn, machine);
                var table = new Table("NAME", "STATUS", "STARTED", "DURATION", "ARN");
                sfn.listExecutionsPaginator(r -> r.stateMachineArn(arn).statusFilter(status).maxResults(Math.min(limit, 1000)))
                        .executions().stream().limit(Math.max(limit, 0)).forEach((ExecutionListItem e) -> table.row(e.name(),
                                e.statusAsString(), e.startDate(), e.stopDate() == null ? "-"
                                        : seconds(Duration.between(e.startDate(), e.stopDate())), e.executionArn()));
                table.print(out);
            }
            return 0;
        });
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
