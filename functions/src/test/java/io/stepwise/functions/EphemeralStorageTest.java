package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each environment's own size-limited /tmp; these need root (mount namespaces), as the sandbox tests do. */
class EphemeralStorageTest {
    private static final String WRITER = """
            import errno, os
            def handler(event, context):
                name = event["name"]
                if event.get("mb"):
                    try:
                        with open("/tmp/" + name, "wb") as f:
                            for _ in range(event["mb"]):
                                f.write(b"x" * (1 << 20))
                                f.flush()
                        return {"wrote": event["mb"]}
                    except OSError as e:
                        return {"error": errno.errorcode[e.errno]}
                with open("/tmp/" + name, "w") as f:
                    f.write("mine")
                return {"tmp": sorted(os.listdir("/tmp")), "tmpdir": os.environ["TMPDIR"]}
            """;

    @TempDir Path dir;
    FunctionRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    private FunctionSpec writer(String name, int memoryMb, int ephemeralMb) {
        Path code = Fixtures.code(dir.resolve("code"), "app.py", WRITER);
        return new FunctionSpec(name, "arn:aws:lambda:us-east-1:000000000000:function:" + name, "$LATEST", "python3.12",
                "app.handler", memoryMb, 20, ephemeralMb, Map.of(), code, "rev-1", OptionalInt.empty());
    }

    private void start(EphemeralStorage storage) {
        // without mounts there is no sandbox: only --unsafe-no-sandbox runs functions so
        runtime = new FunctionRuntime(RuntimeConfig.defaults(dir.resolve("data"))
                .withUnsafeNoSandbox(storage instanceof EphemeralStorage.SharedDir), Sandbox.detect(Path.of("/sys/fs/cgroup")), storage);
    }

    private EphemeralStorage detected() {
        EphemeralStorage s = EphemeralStorage.detect(dir.resolve("probe"));
        assumeTrue(!(s instanceof EphemeralStorage.SharedDir), "mount namespaces not permitted here");
        return s;
    }

    @Test
    void writing_past_the_ephemeral_size_fails_with_enospc_inside_the_handler() throws Exception {
        start(detected());
        FunctionSpec fn = writer("tmp-full", 256, 16);

        InvocationResult full = runtime.invoke(fn, InvokeRequest.of("{\"name\":\"big\",\"mb\":40}"));
        InvocationResult fits = runtime.invoke(fn, InvokeRequest.of("{\"name\":\"small\"}"));

        assertThat(full.functionError()).isEmpty();
        assertThat(full.payloadText()).isEqualTo("{\"error\": \"ENOSPC\"}");
        assertThat(fits.metering().coldStart()).as("a full /tmp is the function's business, not a platform error").isFalse();
        assertThat(fits.payloadText()).contains("\"big\"", "\"small\"", "\"tmpdir\": \"/tmp\"");
    }

    @Test
    void environments_do_not_see_each_others_tmp_nor_write_the_hosts() throws Exception {
        start(detected());
        String marker = "stepwise-" + UUID.randomUUID();

        InvocationResult a = runtime.invoke(writer("tmp-a", 128, 512), InvokeRequest.of("{\"name\":\"" + marker + "-a\"}"));
        InvocationResult b = runtime.invoke(writer("tmp-b", 128, 512), InvokeRequest.of("{\"name\":\"" + marker + "-b\"}"));

        assertThat(a.payloadText()).contains(marker + "-a").doesNotContain(marker + "-b");
        assertThat(b.payloadText()).contains(marker + "-b").doesNotContain(marker + "-a");
        assertThat(Path.of("/tmp", marker + "-a")).doesNotExist();
    }

    @Test
    void a_disk_backed_tmp_holds_more_than_the_functions_memory() throws Exception {
        EphemeralStorage storage = detected();
        assumeTrue(storage instanceof EphemeralStorage.Ext4Image, "only the ext4 image keeps /tmp out of memory");
        start(storage);

        InvocationResult r = runtime.invoke(writer("tmp-disk", 128, 300), InvokeRequest.of("{\"name\":\"big\",\"mb\":160}"));

        assertThat(r.payloadText()).as(String.join("\n", runtime.logs().recent("tmp-disk", 20))).isEqualTo("{\"wrote\": 160}");
    }

    @Test
    void a_tmpfs_tmp_is_size_limited_too() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")) && Files.isExecutable(Path.of("/usr/bin/mount")));
        detected();
        start(new EphemeralStorage.Tmpfs());

        InvocationResult full = runtime.invoke(writer("tmpfs-full", 256, 16), InvokeRequest.of("{\"name\":\"big\",\"mb\":40}"));

        assertThat(full.payloadText()).isEqualTo("{\"error\": \"ENOSPC\"}");
    }

    @Test
    void the_task_root_is_read_only_inside_the_environment() throws Exception {
        start(detected());
        Path code = Fixtures.code(dir.resolve("ro"), "app.py", """
                import errno, os
                def handler(event, context):
                    try:
                        open(os.path.join(os.environ["LAMBDA_TASK_ROOT"], "evil.py"), "w").write("x")
                        return "wrote"
                    except OSError as e:
                        return errno.errorcode[e.errno]
                """);

        InvocationResult r = runtime.invoke(Fixtures.spec("ro-root", "python3.12", "app.handler", 128, 30, code), InvokeRequest.of("{}"));

        assertThat(r.payloadText()).isEqualTo("\"EROFS\"");
        assertThat(code.resolve("evil.py")).doesNotExist();
    }

    @Test
    void without_mounts_tmpdir_is_private_and_an_environment_over_its_size_is_discarded() throws Exception {
        start(new EphemeralStorage.SharedDir());
        Path code = Fixtures.code(dir.resolve("shared"), "app.py", """
                import os
                def handler(event, context):
                    with open(os.path.join(os.environ["TMPDIR"], "big"), "wb") as f:
                        f.write(b"x" * (event["mb"] << 20))
                    return os.environ["TMPDIR"]
                """);
        FunctionSpec fn = new FunctionSpec("shared-tmp", "arn:aws:lambda:us-east-1:000000000000:function:shared-tmp", "$LATEST",
                "python3.12", "app.handler", 128, 5, 16, Map.of(), code, "rev-1", OptionalInt.empty());

        InvocationResult small = runtime.invoke(fn, InvokeRequest.of("{\"mb\": 1}"));
        InvocationResult big = runtime.invoke(fn, InvokeRequest.of("{\"mb\": 20}"));
        InvocationResult after = runtime.invoke(fn, InvokeRequest.of("{\"mb\": 1}"));

        assertThat(small.payloadText()).startsWith("\"" + dir.resolve("data/envs")).endsWith("/tmp\"");
        assertThat(big.functionError()).isEmpty();
        assertThat(after.metering().coldStart()).as("the environment over 16 MB was discarded").isTrue();
        assertThat(runtime.logs().recent("shared-tmp", 50)).anyMatch(l -> l.contains("/tmp over 16 MB: environment discarded"));
    }

    @Test
    void the_environment_directory_with_its_image_is_removed_when_the_environment_stops() throws Exception {
        start(detected());
        FunctionSpec fn = writer("tmp-gone", 128, 64);
        runtime.invoke(fn, InvokeRequest.of("{\"name\":\"x\"}"));
        Path envs = dir.resolve("data/envs");
        assertThat(Files.list(envs).count()).isEqualTo(1);

        runtime.retire("tmp-gone");

        assertThat(Files.list(envs).count()).isZero();
    }
}
