package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
