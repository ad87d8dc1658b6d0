package io.stepwise.cli;

import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stepwise} command line. Subcommands register themselves in {@link #commandLine()}. */
@Command(name = "stepwise", mixinStandardHelpOptions = true, version = "stepwise 0.1.0",
        description = "Stepwise: Lambda + Step Functions on your own machine.")
public final class Main implements Runnable {

    private static volatile Instant processStart;

    public static void main(String[] args) {
        processStart = ProcessHandle.current().info().startInstant().orElse(null);
        System.exit(commandLine().setOut(Tty.OUT).setErr(Tty.ERR).execute(args));
    }

    /** When this process started, if it runs {@link #main} (the main job's wall time counts from there, cold). */
    static Optional<Instant> processStart() {
        return Optional.ofNullable(processStart);
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExpandAtFiles(false)
                .addSubcommand(new RunCommand())
                .addSubcommand(new ServerCommand())
                .addSubcommand(new FunctionsCommand())
                .addSubcommand(new WorkflowsCommand())
                .addSubcommand(new TuneCommand())
                .addSubcommand(new LogsCommand());
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
