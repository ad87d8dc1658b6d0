package io.stepwise.cli;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code stepwise} command line. Subcommands register themselves in {@link #commandLine()}. */
@Command(name = "stepwise", mixinStandardHelpOptions = true, version = "stepwise 0.1.0",
        description = "Stepwise: Lambda + Step Functions on your own machine.")
public final class Main implements Callable<Integer> {

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
                .addSubcommand(new LayersCommand())
                .addSubcommand(new WorkflowsCommand())
                .addSubcommand(new TuneCommand())
                .addSubcommand(new LogsCommand());
    }

    @Spec CommandSpec spec;

    /** {@code stepwise} alone: a usage error, as a missing subcommand is, so the usage goes to stderr with exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return 2;
    }
}
