package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
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
}
