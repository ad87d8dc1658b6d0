package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir Path dir;

    @Test
    void the_last_lines_read_backwards_equal_the_last_lines_of_the_whole_file_for_random_files() throws Exception {
        Random random = new Random(42);
        String[] pieces = {"a", "REPORT RequestId: x\tDuration: 1.00 ms\t", "ü", "日本", "\r", " ", "\t", "😀"};
        for (int round = 0; round < 150; round++) {
            List<String> lines = new ArrayList<>();
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                StringBuilder line = new StringBuilder();
                // some lines longer than a 64 KB block, most short
                int parts = random.nextInt(10) == 0 ? 20_000 + random.nextInt(30_000) : random.nextInt(30);
                for (int p = 0; p < parts; p++) line.append(pieces[random.nextInt(pieces.length)]);
                lines.add(line.toString());
            }
            Path file = dir.resolve("log-" + round);
            Files.writeString(file, lines.stream().map(l -> l + "\n").reduce("", String::concat), StandardCharsets.UTF_8);

            int limit = random.nextInt(45);
            List<String> expected = lines.subList(Math.max(0, lines.size() - limit), lines.size());

            assertThat(LogTail.of(file, limit)).as("round %d, %d lines, limit %d", round, count, limit)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void an_empty_file_or_a_zero_limit_gives_no_lines() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        Path one = Files.writeString(dir.resolve("one"), "only\n");

        assertThat(LogTail.of(empty, 10)).isEmpty();
        assertThat(LogTail.of(one, 0)).isEmpty();
        assertThat(LogTail.of(one, 5)).containsExactly("only");
    }
}
