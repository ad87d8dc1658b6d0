package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Function code cannot reach the server: it runs as the sandbox user in its own pid and mount namespaces. Real
 * processes; these need root (switching users, mounting), as CI and this kind of host have.
 */
class NamespaceTest {
    static final String ATTEMPT = """
            import errno, os, json
            def attempt(f):
                try:
                    f()
                    return "ok"
                except OSError as e:
                    return errno.errorcode[e.errno]
            """;

    @TempDir Path dir;
    Path data;
    FunctionRuntime runtime;

    @BeforeEach
    void start() {
        assumeTrue(Namespace.isRoot(), "switching to the sandbox user needs root");
        data = dir.resolve("data");
        runtime = new FunctionRuntime(RuntimeConfig.defaults(data));
    }

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    /** A task root where the package store puts one: under the data folder, beside another function's code. */
    private FunctionSpec python(String name, String body) {
        Path code = Fixtures.code(data.resolve("code").resolve(name + "-sha"), "app.py", ATTEMPT + body);
        return Fixtures.spec(name, "python3.12", "app.handler", 256, 20, code);
    }

    private String invoke(FunctionSpec fn, String event) throws Exception {
        InvocationResult r = runtime.invoke(fn, InvokeRequest.of(event));
        assertThat(r.functionError()).as(String.join("\n", runtime.logs().recent(fn.name(), 40))).isEmpty();
        return r.payloadText();
    }

    @Test
    void the_function_runs_as_the_sandbox_user_without_groups_or_capabilities() throws Exception {
        FunctionSpec fn = python("who", """
                def handler(event, context):
                    caps = [l.split()[1] for l in open("/proc/self/status") if l.startswith(("CapPrm", "CapEff", "CapBnd", "CapAmb"))]
                    return {"ids": [os.getuid(), os.geteuid(), os.getgid(), os.getegid()], "groups": os.getgroups(),
                            "caps": sorted(set(caps)), "nnp": [l.split()[1] for l in open("/proc/self/status") if l.startswith("NoNewPrivs")]}
                """);

        assertThat(invoke(fn, "{}")).isEqualTo(
                "{\"ids\": [65534, 65534, 65534, 65534], \"groups\": [], \"caps\": [\"0000000000000000\"], \"nnp\": [\"1\"]}");
    }

    @Test
    void the_function_sees_only_its_own_processes_and_cannot_signal_the_server() throws Exception {
        FunctionSpec fn = python("pids", """
                def handler(event, context):
                    return {"server": attempt(lambda: os.kill(event["server"], 0)), "init": attempt(lambda: os.kill(1, 9)),
                            "ppid": os.getppid(), "pid": os.getpid(),
                            "visible": len([p for p in os.listdir("/proc") if p.isdigit()])}
                """);

        String r = invoke(fn, "{\"server\":" + ProcessHandle.current().pid() + "}");

        assertThat(r).contains("\"server\": \"ESRCH\"", "\"init\": \"EPERM\"", "\"ppid\": 1");
        assertThat(number(r, "pid")).as("pids count from 1 in the environment's namespace").isLessThan(100);
        assertThat(number(r, "visible")).as("init, the runtime, the listing").isLessThan(10);
    }

    @Test
    void the_function_cannot_read_or_write_the_store_nor_other_functions_code() throws Exception {
        Path store = Files.writeString(Files.createDirectories(data).resolve("stepwise.db"), "secret rows");
        Path other = Fixtures.code(data.resolve("code/other-sha"), "app.py", "SECRET = 1\n").resolve("app.py");
        FunctionSpec fn = python("nosy", """
                def handler(event, context):
                    root = os.environ["LAMBDA_TASK_ROOT"]
                    return {"readStore": attempt(lambda: open(event["store"]).read()),
                            "writeStore": attempt(lambda: open(event["store"], "a").write("x")),
                            "readOther": attempt(lambda: open(event["other"]).read()),
                            "newInData": attempt(lambda: open(os.path.join(event["data"], "evil"), "w").write("x")),
                            "writeOwnCode": attempt(lambda: open(os.path.join(root, "app.py"), "a").write("x")),
                            "newInOwnCode": attempt(lambda: open(os.path.join(root, "evil.py"), "w").write("x")),
                            "data": attempt(lambda: os.listdir(event["data"])), "code": sorted(os.listdir(os.path.dirname(root)))}
                """);

        String r = invoke(fn, "{\"store\":\"" + store + "\",\"other\":\"" + other + "\",\"data\":\"" + data + "\"}");

        // the task root is at /var/task and our bootstraps at /var/runtime: nothing of the data folder is in its tree
        assertThat(r).contains("\"readStore\": \"ENOENT\"", "\"readOther\": \"ENOENT\"", "\"data\": \"ENOENT\"",
                "\"code\": [\"runtime\", \"task\"]");
        assertThat(r).containsPattern("\"writeStore\": \"(EACCES|EROFS|ENOENT)\"").containsPattern("\"newInData\": \"(EACCES|EROFS|ENOENT)\"")
                .containsPattern("\"writeOwnCode\": \"(EACCES|EROFS)\"").containsPattern("\"newInOwnCode\": \"(EACCES|EROFS)\"");
        assertThat(r).doesNotContain("stepwise.db", "other-sha", "envs");
        assertThat(Files.readString(store)).isEqualTo("secret rows");
    }

    @Test
    void the_root_file_system_is_read_only_and_dev_shm_is_the_environments_own() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/dev/shm")));
        String name = "stepwise-test-" + UUID.randomUUID();
        FunctionSpec fn = python("shared", """
                def handler(event, context):
                    return {"rootNew": attempt(lambda: open("/" + event["name"], "w").write("x")),
                            "varTmp": attempt(lambda: open("/var/tmp/" + event["name"], "w").write("x")),
                            "shm": attempt(lambda: open("/dev/shm/" + event["name"], "w").write("x")),
                            "hostShm": sorted(f for f in os.listdir("/dev/shm") if f != event["name"])}
                """);

        String r = invoke(fn, "{\"name\":\"" + name + "\"}");

        assertThat(r).containsPattern("\"rootNew\": \"(EROFS|EACCES)\"").contains("\"shm\": \"ok\"", "\"hostShm\": []");
        assertThat(r).as("the host's world-writable /var/tmp is not in the environment's tree").contains("\"varTmp\": \"ENOENT\"");
        assertThat(Path.of("/dev/shm", name)).doesNotExist();
        assertThat(Path.of("/var/tmp", name)).doesNotExist();
    }

    @Test
    void the_function_sees_its_runtime_and_task_root_and_nothing_else_of_the_hosts_files() throws Exception {
        FunctionSpec fn = python("view", """
                def handler(event, context):
                    return {"top": sorted(os.listdir("/")), "etc": sorted(os.listdir("/etc")),
                            "shadow": attempt(lambda: open("/etc/shadow").read()),
                            "checkout": attempt(lambda: os.listdir(event["checkout"])), "var": sorted(os.listdir("/var")),
                            "users": open("/etc/passwd").read().splitlines(),
                            "python": attempt(lambda: open(os.path.join(os.path.dirname(os.__file__), "os.py")).read(10))}
                """);

        String r = invoke(fn, "{\"checkout\":\"" + Path.of("").toAbsolutePath() + "\"}");

        assertThat(r).contains("\"shadow\": \"ENOENT\"", "\"checkout\": \"ENOENT\"", "\"python\": \"ok\"");
        assertThat(r).contains("\"users\": [\"root:x:0:0:root:/root:/usr/sbin/nologin\", \"sbx_user:x:65534:65534::/tmp:/usr/sbin/nologin\"]");
        String top = r.replaceAll(".*\"top\": \\[([^]]*)].*", "$1");
        for (String hostOnly : List.of("work", "home", "srv", "opt", "mnt", "media", "boot", "run", "sys")) {
            assertThat(top).as("/ of the environment").doesNotContain("\"" + hostOnly + "\"");
        }
        assertThat(top).contains("\"usr\"", "\"tmp\"", "\"proc\"", "\"dev\"", "\"etc\"", "\"var\"");
        assertThat(r).as("/var holds the task root and our bootstraps, as on Lambda").contains("\"var\": [\"runtime\", \"task\"]");
        String etc = r.replaceAll(".*\"etc\": \\[([^]]*)].*", "$1");
        assertThat(etc).contains("\"passwd\"", "\"resolv.conf\"", "\"ssl\"").doesNotContain("shadow", "passwd-", "fstab", "mysql");
    }

    @Test
    void the_function_can_neither_make_namespaces_nor_mount_nor_load_code_into_the_kernel_nor_raise_its_limits() throws Exception {
        FunctionSpec fn = python("hostile", """
                import ctypes, resource, subprocess
                libc = ctypes.CDLL(None, use_errno=True)
                def call(f):
                    ctypes.set_errno(0)
                    return "ok" if f() >= 0 else errno.errorcode[ctypes.get_errno()]
                def limit():
                    try:
                        resource.setrlimit(resource.RLIMIT_NPROC, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
                        return "ok"
                    except ValueError:
                        return "refused"
                def handler(event, context):
                    return {"seccomp": [l.split()[1] for l in open("/proc/self/status") if l.startswith("Seccomp:")],
                            "unshareUser": call(lambda: libc.unshare(0x10000000)),
                            "cloneUser": call(lambda: libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0)),
                            "clone3": call(lambda: libc.syscall(435, 0, 0)),
                            "setns": call(lambda: libc.setns(os.open("/proc/self/ns/net", os.O_RDONLY), 0)),
                            "mount": call(lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)),
                            "addKey": call(lambda: libc.syscall(248, b"user", b"k", b"v", 1, -3)),
                            "bpf": call(lambda: libc.syscall(321, 0, 0, 0)),
                            "initModule": call(lambda: libc.syscall(175, 0, 0, b"")),
                            "raiseLimit": limit(),
                            "fork": subprocess.run(["echo", "forked"], capture_output=True, text=True).stdout.strip()}
                """);

        String r = invoke(fn, "{}");

        assertThat(r).contains("\"seccomp\": [\"2\"]", "\"fork\": \"forked\"", "\"raiseLimit\": \"refused\"");
        // a user namespace would give the function every capability inside it: the filter refuses it, however asked
        assertThat(r).contains("\"unshareUser\": \"EPERM\"", "\"cloneUser\": \"EPERM\"", "\"clone3\": \"ENOSYS\"",
                "\"setns\": \"EPERM\"", "\"mount\": \"EPERM\"", "\"addKey\": \"EPERM\"", "\"bpf\": \"EPERM\"",
                "\"initModule\": \"EPERM\"");
    }

    @Test
    void an_environment_that_cannot_enter_its_sandbox_fails_the_invocation_saying_why_and_runs_nothing() throws Exception {
        Path marker = dir.resolve("ran");
        FunctionSpec fn = python("unboxed", "def handler(event, context):\n    open(event['marker'], 'w').write('x')\n");
        runtime.rootFs = runtime.rootFs.plus(dir.resolve("no-such-dir") + " " + dir.resolve("data/envs/x") + " none bind 0 0");

        InvocationResult r = runtime.invoke(fn, InvokeRequest.of("{\"marker\":\"" + marker + "\"}"));

        assertThat(r.functionError()).contains("Unhandled");
        assertThat(r.payloadText()).as(String.join("\n", runtime.logs().recent("unboxed", 40))).contains("\"errorType\":\"Runtime.ExitError\"",
                "Error: the environment could not enter its sandbox, so the function did not run: mounting its root (mount: "
                + dir.resolve("data/envs/x") + ": mount point does not exist.)");
        assertThat(marker).doesNotExist();
    }

    @Test
    void each_environment_has_its_own_ipc_and_uts_namespaces() throws Exception {
        FunctionSpec fn = python("ipc", """
                def handler(event, context):
                    return [os.readlink("/proc/self/ns/ipc"), os.readlink("/proc/self/ns/uts")]
                """);
        FunctionSpec other = python("ipc2", """
                def handler(event, context):
                    return [os.readlink("/proc/self/ns/ipc"), os.readlink("/proc/self/ns/uts")]
                """);

        String mine = invoke(fn, "{}"), theirs = invoke(other, "{}");
        String host = "[\"" + Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")) + "\", \""
                + Files.readSymbolicLink(Path.of("/proc/self/ns/uts")) + "\"]";

        assertThat(mine).startsWith("[\"ipc:[").isNotEqualTo(host).isNotEqualTo(theirs);
        assertThat(mine.split(", ")[0]).isNotEqualTo(host.split(", ")[0]).isNotEqualTo(theirs.split(", ")[0]);
        assertThat(mine.split(", ")[1]).isNotEqualTo(host.split(", ")[1]).isNotEqualTo(theirs.split(", ")[1]);
    }

    @Test
    void the_function_cannot_move_itself_out_of_its_cgroups() throws Exception {
        Sandbox sandbox = Sandbox.detect(Path.of("/sys/fs/cgroup"));
        assumeTrue(!(sandbox instanceof RlimitSandbox), "no writable cgroup");
        FunctionSpec fn = python("escape", """
                def handler(event, context):
                    out = {}
                    for line in open("/proc/self/cgroup"):
                        _, controllers, path = line.strip().split(":", 2)
                        for c in controllers.split(","):
                            for target in [os.path.normpath(f"/sys/fs/cgroup/{c}/{path}"), os.path.normpath(f"/sys/fs/cgroup/{c}")]:
                                for f in ("cgroup.procs", "tasks"):
                                    if "stepwise" in path:
                                        out[os.path.join(target, f)] = attempt(lambda: open(os.path.join(target, f), "w").write(str(os.getpid())))
                    return out
                """);

        String r = invoke(fn, "{}");

        // v1: a line per hierarchy ("4:memory:/stepwise/<env>"); v2: one line "0::/stepwise/<env>", controllers empty
        String[] tried = switch (sandbox) {
            case CgroupV1 v1 -> new String[] {"/sys/fs/cgroup/memory/stepwise/", "/sys/fs/cgroup/pids/cgroup.procs"};
            case CgroupV2 v2 -> new String[] {"/sys/fs/cgroup/stepwise/", "\"/sys/fs/cgroup/cgroup.procs\""};
            case RlimitSandbox none -> throw new AssertionError("assumed a cgroup sandbox");
        };
        assertThat(r).contains(tried);
        // /sys is not in the environment's tree at all (ENOENT); were it there, the files are root's (EACCES)
        assertThat(r.replaceAll("\"[^\"]+\": \"(EACCES|EPERM|ENOENT)\"", "")).matches("\\{[, ]*}");
    }

    @Test
    void a_data_folder_under_tmp_probe_is_sandboxed_as_any_other() throws Exception {
        // the start-up checks wrote /tmp/probe inside the sandbox, where a data folder under /tmp/probe is a directory
        // (the bind target of the check's task root): every check failed and functions ran as the server's user
        Path parent = Path.of("/tmp/probe");
        boolean created = !Files.exists(parent);
        Path scratch = parent.resolve("stepwise-test-" + UUID.randomUUID()).resolve("data").resolve("envs");
        try {
            EphemeralStorage storage = EphemeralStorage.detect(scratch);
            Namespace ns = Namespace.detect(storage, RuntimeConfig.defaults(scratch.getParent()).sandboxUser(), scratch);

            assertThat(storage).isNotInstanceOf(EphemeralStorage.SharedDir.class);
            assertThat(ns.pids()).isTrue();
            assertThat(ns.runAs()).isPresent();
        } finally {
            try (Stream<Path> files = Files.walk(scratch.getParent().getParent())) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            if (created) Files.deleteIfExists(parent);
        }
    }

    @Test
    void the_function_cannot_connect_to_the_hosts_unix_sockets_under_run() throws Exception {
        List<String> sockets;
        try (Stream<Path> files = Files.walk(Path.of("/run"), 3)) {
            sockets = files.filter(f -> !Files.isSymbolicLink(f) && isSocket(f)).map(Path::toString).sorted().toList();
        }
        assertThat(sockets).as("this host's sockets (PostgreSQL's at least, on CI)").isNotEmpty();
        FunctionSpec fn = python("sockets", """
                import socket
                def connect(path):
                    s = socket.socket(socket.AF_UNIX)
                    try:
                        s.connect(path)
                    finally:
                        s.close()
                def handler(event, context):
                    return sorted({attempt(lambda: connect(p)) for p in event})
                """);

        assertThat(invoke(fn, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(sockets))).isEqualTo("[\"ENOENT\"]");
    }

    private static boolean isSocket(Path f) {
        try {
            return (((Integer) Files.getAttribute(f, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS)) & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Test
    void the_function_cannot_read_the_server_users_home() throws Exception {
        Path secret = Path.of(System.getProperty("user.home"), ".stepwise-test-secret-" + UUID.randomUUID());
        FunctionSpec fn = python("home", """
                def handler(event, context):
                    return {"secret": attempt(lambda: open(event["secret"]).read())}
                """);
        try {
            Files.writeString(secret, "root's own");
            assertThat(invoke(fn, "{\"secret\":\"" + secret + "\"}")).isEqualTo("{\"secret\": \"ENOENT\"}");
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void tmp_belongs_to_the_function_and_node_and_provided_runtimes_run_as_the_sandbox_user() throws Exception {
        FunctionSpec py = python("tmp", """
                def handler(event, context):
                    open("/tmp/mine", "w").write("x")
                    return [os.stat("/tmp/mine").st_uid, oct(os.stat("/tmp").st_mode & 0o7777)]
                """);
        Path node = Fixtures.code(dir.resolve("node"), "index.mjs", "import fs from 'node:fs';\nexport const handler = async () => "
                + "[process.getuid(), process.pid, fs.readFileSync('/proc/self/status', 'utf8').match(/Seccomp:\\s+(\\d)/)[1]];\n");
        Path sh = Fixtures.code(dir.resolve("provided"), "bootstrap", """
                #!/bin/sh
                API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
                while true; do
                  ID=$(curl -sS -D - -o /dev/null "$API/invocation/next" | grep -i Lambda-Runtime-Aws-Request-Id | tr -d '[:space:]' | cut -d: -f2)
                  curl -sS -X POST "$API/invocation/$ID/response" -d "[$(id -u), $PPID, $(awk '/^Seccomp:/{print $2}' /proc/self/status)]" > /dev/null
                done
                """);

        assertThat(invoke(py, "{}")).isEqualTo("[65534, \"0o1777\"]");
        // the filter: through the helper for node and provided, installed by our bootstrap for python (the hostile test)
        assertThat(invoke(Fixtures.spec("node-uid", "nodejs20.x", "index.handler", 256, 20, node), "{}")).startsWith("[65534,").endsWith(",\"2\"]");
        assertThat(invoke(Fixtures.spec("sh-uid", "provided.al2023", "x", 256, 20, sh), "{}")).isEqualTo("[65534, 1, 2]");
    }

    @Test
    void host_side_reads_of_proc_find_the_runtime_by_its_host_pid() throws Exception {
        FunctionSpec fn = python("host-pid", """
                def handler(event, context):
                    return os.getpid()
                """);
        long inside = Long.parseLong(invoke(fn, "{}"));

        Environment env = runtime.pool.environments("host-pid").getFirst();
        List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(env.runtimePid()), "status"));

        assertThat(status).anyMatch(l -> l.matches("NSpid:\\s+" + env.runtimePid() + "\\s+" + inside));
        assertThat(status).anyMatch(l -> l.matches("Uid:\\s+65534\\s.*"));
        assertThat(env.runDelayNanos()).isNotNegative();
    }

    @Test
    void without_cgroups_stopping_an_environment_still_kills_every_process_it_started() throws Exception {
        runtime.close();
        runtime = new FunctionRuntime(RuntimeConfig.defaults(data), new RlimitSandbox());
        String marker = "env-" + UUID.randomUUID();
        Path code = Fixtures.code(dir.resolve("daemon"), "app.py", """
                import subprocess
                def handler(event, context):
                    subprocess.Popen(["sleep", "600"], start_new_session=True)
                    return "started"
                """);
        FunctionSpec fn = new FunctionSpec("daemon", "arn:aws:lambda:us-east-1:000000000000:function:daemon", "$LATEST",
                "python3.12", "app.handler", 128, 20, 512, Map.of("MARKER", marker), code, "rev-1", OptionalInt.empty());

        assertThat(invoke(fn, "{}")).isEqualTo("\"started\"");
        assertThat(hostProcessesWith("MARKER=" + marker)).as("unshare, init, the runtime, the detached sleep").hasSizeGreaterThanOrEqualTo(4);
        runtime.retire("daemon");

        assertThat(eventually(() -> hostProcessesWith("MARKER=" + marker))).isEmpty();
    }

    private static long number(String json, String key) {
        return Long.parseLong(json.replaceAll(".*\"" + key + "\": (\\d+).*", "$1"));
    }

    /** Host pids whose environment holds {@code entry} (root reads every process's environ). */
    static List<Long> hostProcessesWith(String entry) throws IOException {
        byte[] needle = (entry + "\0").getBytes();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    byte[] env = Files.readAllBytes(p.resolve("environ"));
                    return new String(env, java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains(new String(needle, java.nio.charset.StandardCharsets.ISO_8859_1));
                } catch (IOException gone) {
                    return false;
                }
            }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }

    /** The kernel tears a pid namespace down after its init dies, a moment after the kill: poll, bounded. */
    static List<Long> eventually(IoSupplier<List<Long>> pids) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Long> left = pids.get();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
            left = pids.get();
        }
        return left;
    }

    interface IoSupplier<T> {
        T get() throws IOException;
    }
}
