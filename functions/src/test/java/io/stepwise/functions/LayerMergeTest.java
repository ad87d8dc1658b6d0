package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerMergeTest {
    @TempDir Path dir;

    private Path layer(String name, String... pathsAndContents) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path f = root.resolve(pathsAndContents[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, pathsAndContents[i + 1]);
        }
        return root;
    }

    @Test
    void a_later_layer_replaces_files_directories_and_links_at_its_paths_and_keeps_the_rest() throws Exception {
        Path first = layer("first", "python/same.py", "first", "python/only_first.py", "1", "was_a_dir/inside.txt", "x",
                "was_a_file", "f");
        Files.createSymbolicLink(first.resolve("link"), Path.of("python/same.py"));
        Path second = layer("second", "python/same.py", "second", "was_a_dir", "now a file", "was_a_file/inside.txt", "y",
                "link", "no longer a link");
        Path merged = Files.createDirectories(dir.resolve("merged"));

        LayerMerge.copyOver(first, merged);
        LayerMerge.copyOver(second, merged);

        assertThat(merged.resolve("python/same.py")).hasContent("second");
        assertThat(merged.resolve("python/only_first.py")).hasContent("1");
        assertThat(merged.resolve("was_a_dir")).isRegularFile().hasContent("now a file");
        assertThat(merged.resolve("was_a_file/inside.txt")).hasContent("y");
        assertThat(Files.isSymbolicLink(merged.resolve("link"))).isFalse();
        assertThat(merged.resolve("link")).hasContent("no longer a link");
    }

    @Test
    void keeps_a_link_of_a_layer_as_a_link() throws Exception {
        Path only = layer("only", "lib/libx.so.1", "elf");
        Files.createSymbolicLink(only.resolve("lib/libx.so"), Path.of("libx.so.1"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        LayerMerge.copyOver(only, merged);
        assertThat(Files.readSymbolicLink(merged.resolve("lib/libx.so"))).isEqualTo(Path.of("libx.so.1"));
    }
}
