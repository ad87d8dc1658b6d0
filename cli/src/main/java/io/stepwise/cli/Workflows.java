package io.stepwise.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.IncludedData;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * What the {@code stepwise workflows} commands share: names turned into ARNs through the API (a state machine by its
 * name; an execution by {@code MACHINE:EXECUTION}, or by its name alone when exactly one standard state machine has an
 * execution of that name; ARNs as they are), and JSON arguments read from files. Neither kind of name may contain a
 * colon, so {@code MACHINE:EXECUTION} cannot be misread.
 */
final class Workflows {
    private Workflows() {}

    static boolean isArn(String ref) {
        return ref.startsWith("arn:");
    }

    static boolean isExecutionArn(String arn) {
        return arn.contains(":execution:") || arn.contains(":express:");
    }

    /** The ARN of the state machine called {@code ref}, or {@code ref} if it is an ARN (a version's or an alias's too). */
    static String machineArn(SfnClient sfn, String ref) throws Remote.Refused {
        if (isArn(ref)) return ref;
        return machine(sfn, ref).map(StateMachineListItem::stateMachineArn).orElseThrow(() ->
                new Remote.Refused("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + ref + "'"));
    }

    static Optional<StateMachineListItem> machine(SfnClient sfn, String name) {
        return sfn.listStateMachinesPaginator(r -> {}).stateMachines().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The ARN of an execution: {@code ref} itself, {@code MACHINE:EXECUTION}, or an execution name alone. */
    static String executionArn(SfnClient sfn, String ref) throws Remote.Refused {
        if (isArn(ref)) return ref;
        int colon = ref.indexOf(':');
        if (colon > 0) return execution(machineArn(sfn, ref.substring(0, colon)), ref.substring(colon + 1));
        List<String> found = new ArrayList<>();
        for (StateMachineListItem m : sfn.listStateMachinesPaginator(r -> {}).stateMachines()) {
            if (m.type() != StateMachineType.STANDARD) continue; // express executions are not kept
            String arn = execution(m.stateMachineArn(), ref);
            try {
                sfn.describeExecution(r -> r.executionArn(arn).includedData(IncludedData.METADATA_ONLY));
                found.add(arn);
            } catch (ExecutionDoesNotExistException e) {
                // not this state machine's
            }
        }
        if (found.size() == 1) return found.getFirst();
        throw found.isEmpty()
                ? new Remote.Refused("ExecutionDoesNotExist", "Execution Does Not Exist: no state machine has an execution "
                        + "named '" + ref + "' (give its ARN or MACHINE:EXECUTION)")
                : new Remote.Refused("AmbiguousExecutionName", "executions named '" + ref + "' exist in "
                        + found.size() + " state machines: give MACHINE:" + ref + " or the ARN (" + String.join(", ", found) + ")");
    }

    /** An execution's ARN from its state machine's ARN and its name (the unqualified machine; a version or alias drops). */
    static String execution(String machineArn, String name) {
        String[] parts = machineArn.split(":");
        if (parts.length < 7 || !parts[5].equals("stateMachine")) return machineArn + ":" + name; // let the server refuse it
        return String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], "execution", parts[6]) + ":" + name;
    }

    /** A JSON argument: the text itself, or with a leading {@code @} the content of that file. */
    static String jsonArgument(String arg) throws IOException {
        return arg.startsWith("@") ? Files.readString(Path.of(arg.substring(1))) : arg;
    }

    /** A file argument ({@code FILE} or {@code @FILE}). */
    static String file(String arg) throws IOException {
        return Files.readString(Path.of(arg.startsWith("@") ? arg.substring(1) : arg));
    }
}
