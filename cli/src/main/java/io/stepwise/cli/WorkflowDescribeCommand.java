package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

/**
 * {@code stepwise workflows describe NAME|ARN}: a state machine (DescribeStateMachine) or an execution
 * (DescribeExecution and its progress), as {@code field value} lines; {@code --json} prints the API's answer.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Describes a state machine or an execution (a name is looked up as a state machine first, then as "
                + "an execution).")
final class WorkflowDescribeCommand implements Callable<Integer> {
    private static final int LONGEST = 2000;

    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME|ARN", description = "state machine (NAME or ARN) or execution (ARN, "
            + "MACHINE:EXECUTION, or its name)") String ref;
    @Option(names = "--json", description = "print the API's answer as JSON (with the whole definition, input and output)")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            try (SfnClient sfn = remote.sfn()) {
                String arn;
                if (Workflows.isArn(ref)) arn = ref;
                else if (ref.contains(":")) arn = Workflows.executionArn(sfn, ref);
                else arn = Workflows.machine(sfn, ref).map(m -> m.stateMachineArn()).orElse(null);
                if (arn == null) arn = Workflows.executionArn(sfn, ref);
                if (Workflows.isExecutionArn(arn)) {
                    String a = arn;
                    execution(out, sfn.describeExecution(r -> r.executionArn(a)), new ExecutionWatch(remote, sfn).progress(a));
                    if (!json) mapRuns(out, sfn, a);
                } else {
                    String a = arn;
                    machine(out, sfn.describeStateMachine(r -> r.stateMachineArn(a)));
                }
            }
            out.flush();
            return 0;
        });
    }

    private void machine(PrintWriter out, DescribeStateMachineResponse m) {
        if (json) {
            out.println(SdkJson.of(m).toPrettyString());
            return;
        }
        JsonNode asl = Json.parse(m.definition());
        List<String> states = new ArrayList<>();
        asl.path("States").properties().forEach(s -> states.add(s.getKey() + " (" + s.getValue().path("Type").asText() + ")"));
        field(out, "name", m.name());
        field(out, "arn", m.stateMachineArn());
        field(out, "type", m.typeAsString());
        field(out, "status", m.statusAsString());
        field(out, "role", m.roleArn());
        field(out, "created", m.creationDate());
        if (m.revisionId() != null) field(out, "revision", m.revisionId());
        if (m.description() != null) field(out, "description", m.description());
        if (asl.path("Comment").isTextual()) field(out, "comment", asl.path("Comment").asText());
        field(out, "states", "starts at " + asl.path("StartAt").asText() + ": " + String.join(", ", states));
    }

    private void execution(PrintWriter out, DescribeExecutionResponse e, ExecutionProgress p) {
        if (json) {
            out.println(SdkJson.of(e).toPrettyString());
            return;
        }
        field(out, "name", e.name());
        field(out, "arn", e.executionArn());
        field(out, "state machine", e.stateMachineArn());
        field(out, "status", e.statusAsString());
        field(out, "started", e.startDate());
        Instant end = e.stopDate() != null ? e.stopDate() : Instant.now();
        if (e.stopDate() != null) field(out, "stopped", e.stopDate());
        field(out, "duration", WorkflowListCommand.seconds(Duration.between(e.startDate(), end))
                + (e.status() == ExecutionStatus.RUNNING ? " so far" : ""));
        field(out, "progress", p.line() + (p.hasItems() ? String.format(Locale.ROOT, "; %,d states entered", p.statesEntered()) : "")
                + String.format(Locale.ROOT, "; %,d history events", p.lastEventId()));
        field(out, "input", cut(e.input()));
        if (e.output() != null) field(out, "output", cut(e.output()));
        if (e.error() != null) field(out, "error", e.error());
        if (e.cause() != null) field(out, "cause", e.cause());
        if (e.redriveCount() != null && e.redriveCount() > 0) {
            field(out, "redriven", e.redriveCount() + (e.redriveCount() == 1 ? " time, last at " : " times, last at ")
                    + e.redriveDate());
        }
        if (e.redriveStatus() == ExecutionRedriveStatus.REDRIVABLE) {
            field(out, "redrive", "possible: stepwise workflows redrive " + WorkflowStartCommand.label(e.executionArn()));
        }
    }

    /** Each distributed Map's Map Run: {@code map run  Users map run: 10/10 items, 9 succeeded, 1 failed, ...}. */
    private static void mapRuns(PrintWriter out, SfnClient sfn, String executionArn) {
        sfn.listMapRunsPaginator(r -> r.executionArn(executionArn)).mapRuns().stream()
                .sorted(Comparator.comparing(MapRunListItem::startDate))
                .forEach(m -> field(out, "map run", MapRunProgress.of(sfn.describeMapRun(r -> r.mapRunArn(m.mapRunArn())))
                        .line() + "  " + m.mapRunArn()));
    }

    private static String cut(String s) {
        return s == null || s.length() <= LONGEST ? s : s.substring(0, LONGEST) + "... (" + s.length() + " characters; --json for all)";
    }

    private static void field(PrintWriter out, String name, Object value) {
        out.printf("%-14s %s%n", name, value);
    }
}
