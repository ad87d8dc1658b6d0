package io.stepwise.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stepwise functions ...}: deploy, invoke and inspect functions on a running server. */
@Command(name = "functions", mixinStandardHelpOptions = true,
        description = "Deploy, invoke and inspect functions on a Stepwise server (exit codes: 0 ok, 1 function error,"
                + " 2 request refused, 3 server unreachable).",
        subcommands = {DeployCommand.class, InvokeCommand.class, ListCommand.class, DescribeCommand.class, ConfigCommand.class,
                VersionsCommand.class, AliasesCommand.class, DeleteCommand.class, SizeCommand.class, LogsCommand.class,
                InvocationsCommand.class})
final class FunctionsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
