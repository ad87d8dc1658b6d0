package io.stepwise.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/**
 * {@code stepwise workflows start NAME}: StartExecution, printing the execution's ARN; with {@code --wait} a live
 * progress display on stderr until it ends, then its output on stdout (exit 0) or its error and cause (exit 1);
 * {@code --follow} also prints each history event as it is recorded; {@code --sync} (express) StartSyncExecution.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Starts an execution and prints its ARN; with --wait shows its progress until it ends, then prints "
                + "its output (exit 0) or its error and cause (exit 1).")
final class WorkflowStartCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME|ARN", description = "state machine name or ARN (a version's or an alias's too)")
    String machine;
    @Option(names = "--input", paramLabel = "JSON|@FILE", description = "execution input, or @FILE to read it (default: {})")
    String input = "{}";
    @Option(names = "--name", paramLabel = "N", description = "execution name (default: a UUID)") String name;
    @Option(names = {"-w", "--wait"}, description = "show the progress (on stderr) until the execution ends, then print "
            + "its output") boolean wait;
    @Option(names = {"-f", "--follow"}, description = "like --wait, and print each history event on stdout as it is recorded")
    boolean follow;
    @Option(names = "--sync", description = "express state machines: StartSyncExecution (what --wait does for them too)")
    boolean sync;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return remote.run(err, () -> {
            String in = Workflows.jsonArgument(input);
            try (SfnClient sfn = remote.sfn()) {
                String arn = Workflows.machineArn(sfn, machine);
                boolean express = sync || ((wait || follow) && sfn.describeStateMachine(r -> r.stateMachineArn(
                        unqualified(arn))).type() == StateMachineType.EXPRESS);
                if (express) {
                    if (follow) err.println("stepwise: express executions keep no history: there are no events to follow");
                    var s = sfn.startSyncExecution(r -> r.stateMachineArn(arn).input(in).name(name));
                    return outcome(out, err, s.executionArn(), s.status() == SyncExecutionStatus.SUCCEEDED, s.statusAsString(),
                            s.output(), s.error(), s.cause(), Duration.between(s.startDate(), s.stopDate()));
                }
                var started = sfn.startExecution(r -> r.stateMachineArn(arn).input(in).name(name));
                if (!wait && !follow) {
                    out.println(started.executionArn());
                    out.flush();
                    return 0;
                }
                err.println("started " + started.executionArn());
                err.flush();
                var watch = new ExecutionWatch(remote, sfn);
                var e = watch.watch(started.executionArn(), started.startDate(),
                        ProgressDisplay.on(err, out, label(started.executionArn())), follow);
                Instant stop = e.stopDate() == null ? Instant.now() : e.stopDate();
                return outcome(out, err, e.executionArn(), e.status() == ExecutionStatus.SUCCEEDED, e.statusAsString(),
                        e.output(), e.error(), e.cause(), Duration.between(e.startDate(), stop));
            }
        });
    }

    /** The output on stdout (exit 0), or {@code {"error","cause"}} on stdout and the status on stderr (exit 1). */
    static int outcome(PrintWriter out, PrintWriter err, String arn, boolean succeeded, String status, String output,
                       String error, String cause, Duration took) {
        err.println(label(arn) + " " + status + " after " + WorkflowListCommand.seconds(took));
        err.flush();
        if (succeeded) {
            out.println(output == null ? "null" : output);
            out.flush();
            return 0;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (error != null) o.put("error", error);
        if (cause != null) o.put("cause", cause);
        out.println(o);
        out.flush();
        return Remote.EXECUTION_FAILED;
    }

    /** {@code MACHINE:EXECUTION}, the short name of an execution. */
    static String label(String executionArn) {
        String[] p = executionArn.split(":");
        return p.length >= 8 ? p[6] + ":" + p[7] : executionArn;
    }

    /** A state machine ARN without its version or alias. */
    static String unqualified(String machineArn) {
        String[] p = machineArn.split(":");
        return p.length > 7 ? String.join(":", java.util.Arrays.copyOf(p, 7)) : machineArn;
    }
}
