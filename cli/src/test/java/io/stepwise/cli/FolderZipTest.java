package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderZipTest {
    @TempDir Path dir;

    @Test
    void an_unchanged_folder_zips_to_the_same_bytes_whatever_the_files_timestamps() throws Exception { // issue 13
        Files.writeString(dir.resolve("app.py"), "def handler(event, context):\n    return 1\n");
        Files.createDirectories(dir.resolve("lib/pkg"));
        Files.writeString(dir.resolve("lib/pkg/__init__.py"), "");
        Files.writeString(dir.resolve("lib/b.py"), "B = 2\n");

        byte[] first = FolderZip.zip(dir);
        for (Path f : new Path[] {dir.resolve("app.py"), dir.resolve("lib/pkg/__init__.py"), dir.resolve("lib/b.py")}) {
            Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2031-01-02T03:04:05Z")));
        }
        Thread.sleep(2_100); // past the zip format's 2-second time resolution, in case the clock of "now" leaks in
        byte[] second = FolderZip.zip(dir);

        assertThat(second).isEqualTo(first);
    }
}
