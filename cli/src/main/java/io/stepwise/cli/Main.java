package io.stepwise.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stepwise} command line. Subcommands register themselves in {@link #commandLine()}. */
@Command(name = "stepwise", mixinStandardHelpOptions = true, version = "stepwise 0.1.0",
        description = "Stepwise: Lambda + Step Functions on your own machine.")
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExpandAtFiles(false)
                .addSubcommand(new RunCommand())
                .addSubcommand(new ServerCommand())
                .addSubcommand(new FunctionsCommand())
                .addSubcommand(new LogsCommand());
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
