package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a function's runtime finds its layers: /opt in its own root, their host directory without a mount namespace. */
class RuntimeLayersTest {
    @TempDir Path dir;
    FunctionRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    private FunctionSpec withLayers(String name) {
        Path code = Fixtures.code(dir.resolve("code"), "app.py", """
                import os, greeter
                def handler(event, context):
                    return {"file": greeter.__file__, "path": os.environ["PATH"].split(":")[-1]}
                """);
        Path layers = Fixtures.code(dir.resolve("layers"), "python/greeter.py", "HELLO = 1\n");
        return new FunctionSpec(name, "arn:aws:lambda:us-east-1:000000000000:function:" + name, "$LATEST", "python3.12",
                "app.handler", 128, 20, 512, Map.of(), code, "rev-1", OptionalInt.empty(), true, Optional.of(layers));
    }

    @Test
    void in_its_own_root_a_function_sees_its_layers_at_opt() throws Exception {
        EphemeralStorage storage = EphemeralStorage.detect(dir.resolve("probe"));
        assumeTrue(!(storage instanceof EphemeralStorage.SharedDir), "mount namespaces not permitted here");
        runtime = new FunctionRuntime(RuntimeConfig.defaults(dir.resolve("data")), Sandbox.detect(Path.of("/sys/fs/cgroup")), storage);
        InvocationResult r = runtime.invoke(withLayers("at-opt"), InvokeRequest.of("{}"));
        assertThat(r.payloadText()).isEqualTo("{\"file\": \"/opt/python/greeter.py\", \"path\": \"/opt/bin\"}");
    }

    @Test
    void without_a_mount_namespace_the_search_paths_point_at_the_layers_host_directory() throws Exception {
        runtime = new FunctionRuntime(RuntimeConfig.defaults(dir.resolve("data")).withUnsafeNoSandbox(true),
                Sandbox.detect(Path.of("/sys/fs/cgroup")), new EphemeralStorage.SharedDir());
        InvocationResult r = runtime.invoke(withLayers("on-host"), InvokeRequest.of("{}"));
        Path layers = dir.resolve("layers");
        assertThat(r.payloadText()).isEqualTo("{\"file\": \"" + layers.resolve("python/greeter.py") + "\", \"path\": \""
                + layers.resolve("bin") + "\"}");
    }
}
