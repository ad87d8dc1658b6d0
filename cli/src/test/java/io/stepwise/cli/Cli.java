package io.stepwise.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code stepwise} command line in this JVM with its exit code, stdout and stderr captured. */
final class Cli {
    record Run(int code, String out, String err) {}

    private Cli() {}

    static Run stepwise(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The command with {@code --endpoint ENDPOINT} appended. */
    static Run stepwiseAt(String endpoint, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--endpoint";
        all[args.length + 1] = endpoint;
        return stepwise(all);
    }
}
