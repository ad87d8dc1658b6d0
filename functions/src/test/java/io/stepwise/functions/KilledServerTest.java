package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL takes its environments with it: nothing a function started outlives it (the kernel's
 * parent-death signal on each environment's process, then unshare's --kill-child). A real child JVM; needs root.
 */
class KilledServerTest {
    @TempDir Path dir;

    @Test
    void a_server_killed_with_sigkill_leaves_no_process_of_its_environments_behind() throws Exception {
        assumeTrue(Namespace.isRoot(), "the parent-death signal is set for root's environments");
        String marker = "orphan-" + UUID.randomUUID();
        List<String> namespacesBefore = namespaces();
        Path code = Fixtures.code(dir.resolve("code"), "app.py", """
                import subprocess, time
                def handler(event, context):
                    subprocess.Popen(["sleep", "600"], start_new_session=True)
                    time.sleep(600)   # busy: the runtime does not notice its Runtime API connection go
                """);
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledServerMain.class.getName(),
                dir.resolve("data").toString(), code.toString(), marker).redirectErrorStream(true).start();
        try {
            var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("INVOKING")) {
                assertThat(line).as("the child's log").doesNotStartWith("ENDED");
            }
            assertThat(line).isEqualTo("INVOKING");
            List<Long> running = atLeast(4, () -> NamespaceTest.hostProcessesWith("MARKER=" + marker));
            assertThat(running).as("unshare, init, the runtime, the detached sleep").hasSizeGreaterThanOrEqualTo(4);

            server.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook, no close()

            assertThat(NamespaceTest.eventually(() -> NamespaceTest.hostProcessesWith("MARKER=" + marker))).isEmpty();
        } finally {
            server.destroyForcibly().waitFor();
            // what the killed server could not remove: its environments' networks (a new server would, on reusing their
            // slots), its /etc copy and environment roots, whose links JUnit would report one by one
            for (String ns : namespaces()) {
                if (namespacesBefore.contains(ns) || !ns.startsWith("stepwise-")) continue;
                new ProcessBuilder("sh", "-c", "ip link del swh" + ns.substring("stepwise-".length()) + "; ip netns del " + ns)
                        .start().waitFor();
            }
            try (var files = java.nio.file.Files.walk(dir.resolve("data"))) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static List<String> namespaces() throws java.io.IOException {
        Path netns = Path.of("/run/netns");
        if (!java.nio.file.Files.isDirectory(netns)) return List.of();
        try (var names = java.nio.file.Files.list(netns)) {
            return names.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Polls (bounded) until at least {@code n} processes are there: the function starts its process after its init. */
    private static List<Long> atLeast(int n, NamespaceTest.IoSupplier<List<Long>> pids) throws java.io.IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<Long> found = pids.get();
        while (found.size() < n && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            found = pids.get();
        }
        return found;
    }
}
