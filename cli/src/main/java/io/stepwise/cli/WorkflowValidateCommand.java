package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionDiagnostic;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;

/**
 * {@code stepwise workflows validate FILE}: ValidateStateMachineDefinition, the server's own parser, so it finds what
 * {@code create} would refuse. One {@code CODE at /pointer: message} line per finding; exit 2 when invalid.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks an ASL definition on the server: one line per finding (CODE at /pointer: message); exit 2 when "
                + "it is invalid, 0 when it is valid (warnings are printed, marked as such).")
final class WorkflowValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "FILE", description = "ASL definition (JSON)") String file;
    @Option(names = "--type", paramLabel = "STANDARD|EXPRESS", description = "check it for this type (default: STANDARD)")
    StateMachineType type = StateMachineType.STANDARD;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            String asl = Workflows.file(file);
            try (SfnClient sfn = remote.sfn()) {
                var v = sfn.validateStateMachineDefinition(r -> r.definition(asl).type(type));
                for (ValidateStateMachineDefinitionDiagnostic d : v.diagnostics()) {
                    out.println(d.code() + (d.location() == null ? "" : " at " + d.location()) + ": " + d.message()
                            + (d.severityAsString().equals("WARNING") ? " (warning)" : ""));
                }
                if (v.truncated() != null && v.truncated()) out.println("(more findings than these)");
                boolean ok = v.result() == ValidateStateMachineDefinitionResultCode.OK;
                if (ok) out.println("valid " + type + " state machine: " + file);
                out.flush();
                return ok ? 0 : Remote.REFUSED;
            }
        });
    }
}
