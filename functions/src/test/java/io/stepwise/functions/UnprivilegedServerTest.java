package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that is not root (a developer's laptop): a child JVM running as nobody (65534) starts a {@link FunctionRuntime}
 * and invokes a function that tries to get out. It isolates through unprivileged user namespaces; where the host
 * forbids those too (here: a user namespace of the test's own whose {@code user.max_user_namespaces} is 0), it refuses
 * to start, saying why, unless told {@code --unsafe-no-sandbox}. Needs root to start the child as another user.
 */
class UnprivilegedServerTest {
    static final int NOBODY = 65534;
    static final String PROBE = NamespaceTest.ATTEMPT + """
            def handler(event, context):
                return {"ids": [os.getuid(), os.getgid()], "ppid": os.getppid(),
                        "shadow": attempt(lambda: open("/etc/shadow").read()),
                        "hostFile": attempt(lambda: open(event["hostFile"], "w").write("escaped")),
                        "others": attempt(lambda: open(event["others"] + "/x", "w").write("escaped")),
                        "serverSeen": os.path.exists("/proc/%d" % event["server"]),
                        "tmp": attempt(lambda: open("/tmp/mine", "w").write("x")),
                        "mounts": os.system("mount -n -t tmpfs x /tmp 2>/dev/null") == 0,
                        "userns": os.system("unshare --user true 2>/dev/null") == 0,
                        "seccomp": [l.split()[1] for l in open("/proc/self/status") if l.startswith("Seccomp:")]}
            """;

    @TempDir Path dir;
    String classpath;
    Path data;
    Path code;
    Path others;

    @BeforeEach
    void prepare() throws IOException {
        assumeTrue(Namespace.isRoot(), "starting a child as nobody needs root");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        classpath = readableClasspath(dir.resolve("cp"));
        data = Files.createDirectories(dir.resolve("data"));
        code = Fixtures.code(dir.resolve("code"), "app.py", PROBE);
        // outside /tmp (which is the function's own) and writable by the server's user: a function must not write here
        others = Files.createDirectories(Path.of("/var/tmp", "stepwise-test-" + java.util.UUID.randomUUID()));
        for (Path p : List.of(data, others)) chown(p);
    }

    @AfterEach
    void clean() throws IOException {
        if (others == null) return;
        try (Stream<Path> files = Files.walk(others)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void a_server_that_is_not_root_runs_functions_in_user_namespaces_as_the_sandbox_user() throws Exception {
        Path hostFile = others.resolve("planted");

        Child r = child(List.of(), hostFile);

        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).contains("sandbox: functions run as uid:gid 65534:65534 in their own mount and pid namespace, "
                + "inside user namespaces");
        // the host's files are not in the environment's tree at all: /etc/shadow, and a directory the server may write
        assertThat(r.payload()).isEqualTo("{\"ids\": [65534, 65534], \"ppid\": 1, \"shadow\": \"ENOENT\", \"hostFile\": \"ENOENT\", "
                + "\"others\": \"ENOENT\", \"serverSeen\": false, \"tmp\": \"ok\", \"mounts\": false, "
                + "\"userns\": false, \"seccomp\": [\"2\"]}");
        assertThat(hostFile).doesNotExist();
    }

    @Test
    void without_user_namespaces_it_refuses_to_start_saying_why_unless_told_to_run_unconfined() throws Exception {
        Child refused = childWithoutUserNamespaces(List.of());
        Child unsafe = childWithoutUserNamespaces(List.of("--unsafe-no-sandbox"));

        assertThat(refused.exit).as(refused.out).isEqualTo(3);
        assertThat(refused.out).contains("REFUSED: cannot sandbox function code on this host: cannot make a user namespace "
                + "to mount in", "Run the server as root, or allow unprivileged user namespaces.", "--unsafe-no-sandbox");
        assertThat(unsafe.exit).as(unsafe.out).isZero();
        assertThat(unsafe.out).contains("!!! sandbox: function code runs as the SERVER'S USER");
        assertThat(unsafe.payload()).contains("\"ids\": [65534, 65534]", "\"serverSeen\": true", "\"others\": \"ok\"");
    }

    private record Child(int exit, String out) {
        String payload() {
            return out.lines().filter(l -> l.startsWith("PAYLOAD ")).map(l -> l.substring(8)).findFirst()
                    .orElseThrow(() -> new AssertionError("no payload in:\n" + out));
        }
    }

    private Child child(List<String> flags, Path hostFile) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        cmd.addAll(java(flags, hostFile));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        return finish(p);
    }

    /**
     * As {@link #child}, inside a user namespace of the test's own that maps root and nobody to themselves and allows no
     * further user namespace: a host where unprivileged user namespaces are off.
     */
    private Child childWithoutUserNamespaces(List<String> flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--user", "/bin/sh", "-c",
                // root of the namespace only once mapped, and with its capabilities only from the next exec on
                "echo in-namespace && read go && exec /bin/sh -c 'echo 0 > /proc/sys/user/max_user_namespaces && exec setpriv"
                        + " --reuid=" + NOBODY + " --regid=" + NOBODY + " --clear-groups \"$@\"' sh \"$@\"", "sh"));
        cmd.addAll(java(flags, others.resolve("planted")));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("in-namespace");  // unshared: its maps may be written now
        for (String map : List.of("uid_map", "gid_map")) {
            Files.writeString(Path.of("/proc", Long.toString(p.pid()), map), "0 0 1\n" + NOBODY + " " + NOBODY + " 1\n");
        }
        p.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = lines.lines().collect(java.util.stream.Collectors.joining("\n"));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Child(p.exitValue(), out);
    }

    private List<String> java(List<String> flags, Path hostFile) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath,
                UnprivilegedMain.class.getName(), data.toString(), code.toString(), hostFile.toString(), others.toString()));
        cmd.addAll(flags);
        return cmd;
    }

    private static Child finish(Process p) throws Exception {
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Child(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** This JVM's class path copied where nobody can read it (the Maven repository is under root's home). */
    private static String readableClasspath(Path to) throws IOException {
        Files.createDirectories(to.resolve("dirs"));
        int jars = 0, dirs = 0;
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (Files.isDirectory(from)) {
                Path target = to.resolve("dirs").resolve(Integer.toString(dirs++));
                entries.add(target.toString());
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : files.toList()) {
                        Path t = target.resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f)) Files.createDirectories(t);
                        else Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } else if (Files.isRegularFile(from)) {
                Path target = to.resolve((jars++) + "-" + from.getFileName());
                Files.copy(from, target);
                entries.add(target.toString());
            }
        }
        try (Stream<Path> files = Files.walk(to)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void chown(Path p) throws IOException {
        try (Stream<Path> files = Files.walk(p)) {
            for (Path f : files.toList()) {
                Files.setAttribute(f, "unix:uid", NOBODY);
                Files.setAttribute(f, "unix:gid", NOBODY);
            }
        }
    }
}
