package io.stepwise.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * {@code stepwise workflows create} (CreateStateMachine) and {@code update} (UpdateStateMachine, or CreateStateMachine
 * when there is none of that name yet, as {@code functions deploy} does for functions).
 */
abstract class WorkflowSaveCommand implements Callable<Integer> {
    /** Step Functions requires a role; Stepwise runs every task itself and never assumes it. */
    static final String ROLE = "arn:aws:iam::123456789012:role/stepwise-local";

    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME", description = "state machine name (update: or ARN)") String name;
    @Option(names = "--definition", required = true, paramLabel = "FILE", description = "the ASL definition (JSON)") String definition;
    @Option(names = "--type", paramLabel = "STANDARD|EXPRESS", description = "new state machines: STANDARD (durable, the "
            + "default) or EXPRESS (in memory; StartSyncExecution)") StateMachineType type;
    @Option(names = "--role", paramLabel = "ARN", description = "execution role (default for a new one: " + ROLE
            + ", a placeholder: Stepwise does not assume roles)") String role;
    @Option(names = "--publish", description = "also publish a version of it") boolean publish;

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a state machine from an ASL definition file (refused if the name is taken).")
    static final class Create extends WorkflowSaveCommand {
        @Override
        boolean updates() { return false; }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Updates a state machine's definition (and role), or creates it if there is none of that name.")
    static final class Update extends WorkflowSaveCommand {
        @Override
        boolean updates() { return true; }
    }

    abstract boolean updates();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            String asl = Workflows.file(definition);
            try (SfnClient sfn = remote.sfn()) {
                Optional<String> existing = Workflows.isArn(name) ? Optional.of(name)
                        : Workflows.machine(sfn, name).map(StateMachineListItem::stateMachineArn);
                if (!updates() && existing.isPresent()) {
                    // CreateStateMachine answers an identical request with the existing machine: say so instead
                    throw new Remote.Refused("StateMachineAlreadyExists", "State Machine Already Exists: '" + existing.get()
                            + "' (`stepwise workflows update` replaces its definition)");
                }
                if (existing.isEmpty()) {
                    var c = sfn.createStateMachine(r -> r.name(name).definition(asl).roleArn(role == null ? ROLE : role)
                            .type(type == null ? StateMachineType.STANDARD : type).publish(publish));
                    out.println("created " + c.stateMachineArn() + " (" + (type == null ? StateMachineType.STANDARD : type) + ")"
                            + (c.stateMachineVersionArn() == null ? "" : ", version " + c.stateMachineVersionArn()));
                } else {
                    String arn = existing.get();
                    var now = sfn.describeStateMachine(r -> r.stateMachineArn(arn));
                    if (type != null && now.type() != type) {
                        throw new Remote.Refused("ValidationException", now.name() + " is " + now.typeAsString()
                                + ": the type of a state machine cannot change (delete it, then create it again)");
                    }
                    var u = sfn.updateStateMachine(r -> r.stateMachineArn(arn).definition(asl).roleArn(role).publish(publish));
                    out.println("updated " + arn + (u.revisionId() == null ? "" : " (revision " + u.revisionId() + ")")
                            + (u.stateMachineVersionArn() == null ? "" : ", version " + u.stateMachineVersionArn()));
                }
            }
            out.flush();
            return 0;
        });
    }
}
