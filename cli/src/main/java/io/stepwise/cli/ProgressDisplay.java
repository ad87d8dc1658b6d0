package io.stepwise.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * How an execution's progress shows while it runs: on a terminal a bar redrawn in place (Map items done of all when the
 * execution has Map items, else states entered; tasks running and failures beside it), anywhere else (a pipe, a file, CI)
 * a plain line at most once a second and a last one at the end. While a distributed Map's Map Run runs, its items
 * (succeeded, failed, running, of all) show instead: on a terminal the execution's bar gives way to the run's, which
 * stays on its line once the run has ended, and the execution's comes back below it. Lines printed through
 * {@link #println} (the events of {@code --follow}) go above the bar.
 */
sealed interface ProgressDisplay extends AutoCloseable permits ProgressDisplay.Bar, ProgressDisplay.Lines {

    void show(ExecutionProgress p);

    void show(MapRunProgress run);

    /** A line of other output, on {@code lines}, kept clear of the bar. */
    void println(String line);

    @Override
    void close();

    /** A display on {@code where} (a bar if it is a terminal), for the execution called {@code task}. */
    static ProgressDisplay on(PrintWriter where, PrintWriter lines, String task) {
        return Tty.terminal(where).<ProgressDisplay>map(t -> new Bar(t, lines, task)).orElseGet(() -> new Lines(where, lines, task));
    }

    /** me.tongfei's progress bar, one at a time; its refresh thread and {@link #println} take turns on the terminal line. */
    final class Bar implements ProgressDisplay {
        private final Object terminalLine = new Object();
        private final PrintStream terminal;
        private final PrintWriter lines;
        private final String task;
        private final long start = System.nanoTime();
        private ProgressBar bar;
        private Line line;
        private String shown;   // the ARN of the Map Run the bar shows, or "" for the execution

        Bar(PrintStream terminal, PrintWriter lines, String task) {
            this.terminal = terminal;
            this.lines = lines;
            this.task = task;
        }

        @Override
        public void show(ExecutionProgress p) {
            draw("", task, p.hasItems() ? p.mapItems() : -1, p.hasItems() ? p.mapItemsDone() : p.statesEntered(),
                    Duration.ofNanos(System.nanoTime() - start));
            bar.setExtraMessage(" " + p.extra());
        }

        @Override
        public void show(MapRunProgress run) {
            draw(run.arn(), run.task(), run.total(), run.done(), Duration.between(run.startDate(), Instant.now()));
            bar.setExtraMessage(" " + run.extra());
            if (!run.running()) close(); // it ends at once, and stays on its line
        }

        /** Steps the bar showing {@code what}, or replaces the bar of something else with a new one. */
        private void draw(String what, String name, long max, long done, Duration elapsed) {
            if (bar != null && !what.equals(shown)) {
                line.wipe = shown.isEmpty();
                close();
            }
            if (bar == null) {
                shown = what;
                line = new Line();
                bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(max).startsFrom(done, elapsed.isNegative()
                        ? Duration.ZERO : elapsed).setUpdateIntervalMillis(200).continuousUpdate().setConsumer(line).build();
            }
            bar.maxHint(max);
            bar.stepTo(done);
        }

        /** The terminal line a bar draws on; the library closes it, then may draw once more; closing it again does nothing. */
        private final class Line implements ProgressBarConsumer {
            private final ConsoleProgressBarConsumer console = new ConsoleProgressBarConsumer(terminal);
            private volatile boolean wipe;  // the execution's bar leaves no line when a Map Run's takes its place
            private boolean closed;

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
                    if (wipe) terminal.print("\r\033[K");
                    else console.close();
                    terminal.flush();
                }
            }
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
            if (bar == null) return;
            bar.close();    // draws it a last time (and closes its line, unless it had not drawn it before: then we do)
            line.close();
            bar = null;
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
            show(p.line(), !p.running());
        }

        /** {@code weekly-report: Users map run: 3,400/10,000 items, 3,000 succeeded, 400 failed, 800 running (2.4 s)}. */
        @Override
        public void show(MapRunProgress run) {
            show(run.line(), !run.running());
        }

        private void show(String line, boolean ended) {
            latest = line;
            long now = nanoTime.getAsLong();
            if (!latest.equals(lastLine) && (lastPrinted == Long.MIN_VALUE || now - lastPrinted >= EVERY_NANOS || ended)) {
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
