package io.stepwise.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * How an execution's progress shows while it runs: on a terminal a bar redrawn in place (Map items done of all when the
 * execution has Map items, else states entered; tasks running and failures beside it), anywhere else (a pipe, a file, CI)
 * a plain line at most once a second and a last one at the end. Lines printed through {@link #println} (the events of
 * {@code --follow}) go above the bar.
 */
sealed interface ProgressDisplay extends AutoCloseable permits ProgressDisplay.Bar, ProgressDisplay.Lines {

    void show(ExecutionProgress p);

    /** A line of other output, on {@code lines}, kept clear of the bar. */
    void println(String line);

    @Override
    void close();

    /** A display on {@code where} (a bar if it is a terminal), for the execution called {@code task}. */
    static ProgressDisplay on(PrintWriter where, PrintWriter lines, String task) {
        return Tty.terminal(where).<ProgressDisplay>map(t -> new Bar(t, lines, task)).orElseGet(() -> new Lines(where, lines, task));
    }

    /** me.tongfei's progress bar; its refresh thread and {@link #println} take turns on the terminal line. */
    final class Bar implements ProgressDisplay {
        private final Object terminalLine = new Object();
        private final PrintStream terminal;
        private final PrintWriter lines;
        private final String task;
        private ProgressBar bar;

        Bar(PrintStream terminal, PrintWriter lines, String task) {
            this.terminal = terminal;
            this.lines = lines;
            this.task = task;
        }

        @Override
        public void show(ExecutionProgress p) {
            if (bar == null) {
                var console = new ConsoleProgressBarConsumer(terminal);
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(p.hasItems() ? p.mapItems() : -1)
                        .setUpdateIntervalMillis(200).continuousUpdate().setConsumer(new ProgressBarConsumer() {
                            private boolean closed; // the library closes its consumer, then may draw once more

                            @Override public int getMaxRenderedLength() { return console.getMaxRenderedLength(); }

                            @Override public void accept(String rendered) {
                                synchronized (terminalLine) {
                                    if (closed) return;
                                    console.accept(rendered);
                                    terminal.flush();
                                }
                            }

                            @Override public void close() {
                                synchronized (terminalLine) {
                                    if (closed) return;
                                    closed = true;
                                    console.close();
                                }
                            }
                        }).build();
            }
            bar.maxHint(p.hasItems() ? p.mapItems() : -1);
            bar.stepTo(p.hasItems() ? p.mapItemsDone() : p.statesEntered());
            bar.setExtraMessage(" " + p.extra());
        }

        @Override
        public void println(String line) {
            synchronized (terminalLine) {
                terminal.print("\r\033[K"); // wipe the bar; its next refresh draws it again below the line
                terminal.flush();
                lines.println(line);
                lines.flush();
            }
        }

        @Override
        public void close() {
            if (bar != null) bar.close();
        }
    }

    /** Plain lines: {@code weekly-report: 340/1,000 items, 97 running, 3 failures (2.4 s)}. */
    final class Lines implements ProgressDisplay {
        private static final long EVERY_NANOS = Duration.ofSeconds(1).toNanos();
        private final PrintWriter where;
        private final PrintWriter lines;
        private final String task;
        private final LongSupplier nanoTime;
        private final long start;
        private long lastPrinted = Long.MIN_VALUE;
        private String lastLine = "";
        private String latest = "";

        Lines(PrintWriter where, PrintWriter lines, String task) {
            this(where, lines, task, System::nanoTime);
        }

        Lines(PrintWriter where, PrintWriter lines, String task, LongSupplier nanoTime) {
            this.where = where;
            this.lines = lines;
            this.task = task;
            this.nanoTime = nanoTime;
            this.start = nanoTime.getAsLong();
        }

        @Override
        public void show(ExecutionProgress p) {
            latest = p.line();
            long now = nanoTime.getAsLong();
            if (!latest.equals(lastLine) && (lastPrinted == Long.MIN_VALUE || now - lastPrinted >= EVERY_NANOS || !p.running())) {
                print(now);
            }
        }

        private void print(long now) {
            where.println(String.format(Locale.ROOT, "%s: %s (%.1f s)", task, latest, (now - start) / 1e9));
            where.flush();
            lastPrinted = now;
            lastLine = latest;
        }

        @Override
        public void println(String line) {
            lines.println(line);
            lines.flush();
        }

        @Override
        public void close() {
            if (!latest.isEmpty() && !latest.equals(lastLine)) print(nanoTime.getAsLong());
        }
    }
}
