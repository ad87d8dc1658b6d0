package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {
    @TempDir Path dir;

    @Test
    void keeps_at_most_two_bounded_files_per_function_and_returns_the_newest_lines() throws Exception {
        LogStore logs = new LogStore(dir, 1000);
        for (int i = 0; i < 500; i++) logs.append("f/1", "line " + i);

        assertThat(logs.recent("f/1", 3)).containsExactly("line 497", "line 498", "line 499");
        try (var files = Files.list(dir.resolve("f_1"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("current.log", "previous.log");
        }
        assertThat(Files.size(dir.resolve("f_1/previous.log"))).isLessThanOrEqualTo(1020);
        assertThat(logs.recent("other", 3)).isEmpty();
        logs.close();
    }

    @Test
    void a_cursor_pages_through_new_lines_only_counting_lines_inside_one_append() {
        LogStore logs = new LogStore(dir, 1 << 20);
        logs.append("f", "old 1");
        logs.append("f", "old 2");

        LogStore.Page first = logs.since("f", Optional.empty(), 100);
        assertThat(first.lines()).containsExactly("old 1", "old 2");
        assertThat(logs.since("f", Optional.of(first.cursor()), 100).lines()).isEmpty();

        logs.append("f", "END RequestId: 1\nREPORT RequestId: 1");
        logs.append("f", "new");
        LogStore.Page next = logs.since("f", Optional.of(first.cursor()), 100);

        assertThat(next.lines()).containsExactly("END RequestId: 1", "REPORT RequestId: 1", "new");
        assertThat(logs.since("f", Optional.of(next.cursor()), 100).lines()).isEmpty();
        assertThat(logs.since("f", Optional.of(first.cursor()), 2).lines()).as("a reader far behind gets the newest")
                .containsExactly("REPORT RequestId: 1", "new");
        logs.close();
    }

    @Test
    void a_cursor_of_an_earlier_run_or_a_foreign_one_gets_this_runs_lines() {
        LogStore before = new LogStore(dir, 1 << 20);
        before.append("f", "before restart");
        String oldCursor = before.since("f", Optional.empty(), 10).cursor();
        before.close();

        LogStore after = new LogStore(dir, 1 << 20);
        after.append("f", "after restart");

        assertThat(after.since("f", Optional.of(oldCursor), 10).lines()).containsExactly("after restart");
        assertThat(after.since("f", Optional.of("garbage"), 10).lines()).containsExactly("after restart");
        assertThat(after.since("f", Optional.of("x:-5"), 10).lines()).containsExactly("after restart");
        after.close();
    }
}
