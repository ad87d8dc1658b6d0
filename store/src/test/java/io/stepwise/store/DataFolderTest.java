package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {
    @TempDir
    Path dir;

    @Test
    void a_second_server_in_this_process_is_refused() {
        try (var first = DataFolder.lock(dir)) {
            assertThatThrownBy(() -> DataFolder.lock(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the data folder " + dir + " is in use by another Stepwise server in this process");
        }
    }

    @Test
    void a_server_in_another_process_is_refused() throws Exception {
        try (var first = DataFolder.lock(dir)) {
            assertThat(lockFromAnotherProcess(dir)).isEqualTo("the data folder " + dir + " is in use by another Stepwise server");
        }
    }

    @Test
    void a_refused_second_attempt_leaves_the_first_lock_in_force() throws Exception {
        // a POSIX lock is dropped when the process closes any descriptor of the file, the refused one's included
        try (var first = DataFolder.lock(dir)) {
            assertThatThrownBy(() -> DataFolder.lock(dir.resolve(".").resolve("../" + dir.getFileName())));
            assertThat(lockFromAnotherProcess(dir)).contains("in use by another Stepwise server");
        }
    }

    @Test
    void closing_releases_the_folder() throws Exception {
        DataFolder.lock(dir).close();
        assertThat(lockFromAnotherProcess(dir)).isEqualTo("locked");
        try (var again = DataFolder.lock(dir)) {
            assertThat(again.path()).isEqualTo(dir);
        }
    }

    /** Runs {@link LockHolder} in a new JVM; returns what it printed. */
    private static String lockFromAnotherProcess(Path dir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    /** Tries to lock the folder, prints "locked" or the refusal. */
    public static final class LockHolder {
        public static void main(String[] args) {
            try (var folder = DataFolder.lock(Path.of(args[0]))) {
                System.out.println("locked");
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
