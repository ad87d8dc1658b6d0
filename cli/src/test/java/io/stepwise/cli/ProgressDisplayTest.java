package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The plain-lines display that pipes, files and CI logs get instead of a redrawn bar. */
class ProgressDisplayTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);
    private final AtomicLong nanos = new AtomicLong();

    private static ExecutionProgress running(long done, long running, long failures) {
        return new ExecutionProgress("RUNNING", 1 + done, done, 1000, 0, running, failures, 10);
    }

    @Test
    void a_writer_that_is_not_the_process_terminal_gets_plain_lines() {
        assertThat(ProgressDisplay.on(out, out, "x")).isInstanceOf(ProgressDisplay.Lines.class);
    }

    @Test
    void plain_lines_come_at_most_once_a_second_and_the_last_state_is_printed_at_the_end() {
        var display = new ProgressDisplay.Lines(out, out, "weekly-report", nanos::get);

        display.show(running(0, 100, 0));
        nanos.set(300_000_000);
        display.show(running(120, 100, 2));     // within the second: not printed
        nanos.set(1_100_000_000);
        display.show(running(340, 97, 3));
        nanos.set(1_200_000_000);
        display.show(running(340, 97, 3));      // unchanged: never printed twice
        nanos.set(1_500_000_000);
        display.show(new ExecutionProgress("SUCCEEDED", 1012, 1000, 1000, 0, 0, 21, 7000)); // the end: at once
        display.close();

        assertThat(text.toString().lines()).containsExactly(
                "weekly-report: 0/1,000 items, 100 running, 0 failures (0.0 s)",
                "weekly-report: 340/1,000 items, 97 running, 3 failures (1.1 s)",
                "weekly-report: 1,000/1,000 items, 0 running, 21 failures (1.5 s)");
    }

    @Test
    void without_map_items_progress_counts_states_entered_and_failed_items_are_named() {
        var display = new ProgressDisplay.Lines(out, out, "chain", nanos::get);

        display.show(new ExecutionProgress("RUNNING", 1, 0, 0, 0, 1, 1, 3));
        nanos.set(100);
        display.show(new ExecutionProgress("FAILED", 3, 0, 0, 0, 0, 1, 9));
        display.close();
        new ProgressDisplay.Lines(out, out, "fanout", nanos::get).show(new ExecutionProgress("FAILED", 9, 4, 4, 1, 0, 1, 30));

        assertThat(text.toString().lines()).containsExactly(
                "chain: 1 state entered, 1 running, 1 failure (0.0 s)",
                "chain: 3 states entered, 0 running, 1 failure (0.0 s)",
                "fanout: 4/4 items, 0 running, 1 failure, 1 item failed (0.0 s)");
    }

    private static final String RUN = "arn:aws:states:us-east-1:123456789012:mapRun:weekly/Users:4f2a";

    private static MapRunProgress run(String status, long succeeded, long failed, long running) {
        return new MapRunProgress(RUN, MapRunProgress.name(RUN), status, Instant.now(), succeeded, failed, running, 1000);
    }

    @Test
    void a_map_run_shows_its_items_succeeded_failed_and_running_of_all_and_its_end_at_once() {
        var display = new ProgressDisplay.Lines(out, out, "weekly", nanos::get);

        display.show(new ExecutionProgress("RUNNING", 1, 0, 0, 0, 0, 0, 3));
        nanos.set(1_000_000_000);
        display.show(run("RUNNING", 300, 20, 80));
        nanos.set(1_500_000_000);
        display.show(run("SUCCEEDED", 950, 50, 0));                                // its end: at once
        nanos.set(1_600_000_000);
        display.show(new ExecutionProgress("SUCCEEDED", 2, 0, 0, 0, 0, 0, 6));
        display.close();

        assertThat(text.toString().lines()).containsExactly(
                "weekly: 1 state entered, 0 running, 0 failures (0.0 s)",
                "weekly: Users map run: 320/1,000 items, 300 succeeded, 20 failed, 80 running (1.0 s)",
                "weekly: Users map run: 1,000/1,000 items, 950 succeeded, 50 failed, 0 running, SUCCEEDED (1.5 s)",
                "weekly: 2 states entered, 0 running, 0 failures (1.6 s)");
    }

    @Test
    void on_a_terminal_the_execution_bar_gives_way_to_the_map_run_bar_which_stays_on_its_line_once_ended() {
        var terminal = new ByteArrayOutputStream();
        var display = new ProgressDisplay.Bar(new PrintStream(terminal, true, StandardCharsets.UTF_8), out, "weekly");

        display.show(new ExecutionProgress("RUNNING", 1, 0, 0, 0, 0, 0, 3));
        display.show(run("RUNNING", 300, 20, 80));
        display.show(run("SUCCEEDED", 950, 50, 0));
        String atRunEnd = terminal.toString(StandardCharsets.UTF_8);
        display.show(new ExecutionProgress("SUCCEEDED", 2, 0, 0, 0, 0, 0, 6));
        display.close();

        String drawn = terminal.toString(StandardCharsets.UTF_8);
        assertThat(atRunEnd).endsWith("\n").contains("\r\033[K\rUsers map run");
        String runLine = atRunEnd.substring(atRunEnd.lastIndexOf('\r') + 1).strip();
        assertThat(runLine).startsWith("Users map run 100%").contains("1000/1000 (")
                .contains("950 succeeded, 50 failed");    // the rest may be cut at the terminal's width
        assertThat(drawn.substring(atRunEnd.length())).startsWith("\rweekly").doesNotContain("map run").endsWith("\n");
    }
}
