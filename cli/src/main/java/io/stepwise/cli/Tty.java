package io.stepwise.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether what a command writes reaches a terminal. Only the process's own stdout and stderr ({@link Main#main} hands
 * these two writers to picocli) can: a test's writers never are, so tests see the plain lines a pipe or CI log gets.
 */
final class Tty {
    static final PrintWriter OUT = new PrintWriter(System.out, true, System.out.charset());
    static final PrintWriter ERR = new PrintWriter(System.err, true, System.err.charset());

    private Tty() {}

    /** The terminal behind a command's writer, where a progress bar may redraw one line; empty for anything else. */
    static Optional<PrintStream> terminal(PrintWriter writer) {
        if (writer == OUT && isTerminal(1)) return Optional.of(System.out);
        if (writer == ERR && isTerminal(2)) return Optional.of(System.err);
        return Optional.empty();
    }

    private static boolean isTerminal(int fd) {
        if ("dumb".equals(System.getenv("TERM"))) return false;
        try { // Linux: what the descriptor points at (/dev/pts/3, pipe:[123], /some/file)
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
