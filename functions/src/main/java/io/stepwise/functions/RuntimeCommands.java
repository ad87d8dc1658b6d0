package io.stepwise.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The command line of each runtime family; our bootstraps are copied from resources into the runtime dir. */
final class RuntimeCommands {
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final List<String> RIC_CLASSES = List.of(
            "com/amazonaws/services/lambda/runtime/api/client/AWSLambda.class",
            "com/amazonaws/services/lambda/runtime/Context.class",
            "com/amazonaws/services/lambda/runtime/serialization/PojoSerializer.class",
            "software/amazon/awssdk/utilslite/SdkInternalThreadLocal.class");

    private final Path runtimeDir;
    private final Map<String, String> executables = new ConcurrentHashMap<>();

    RuntimeCommands(Path runtimeDir) {
        this.runtimeDir = runtimeDir;
        copy("python/bootstrap.py");
        copy("node/bootstrap.mjs");
    }

    Path runtimeDir() {
        return runtimeDir;
    }

    List<String> command(FunctionSpec fn, Path tmp) {
        String rt = fn.runtime();
        if (rt.startsWith("python3")) return List.of(executable("python3"), "-u", runtimeDir.resolve("python/bootstrap.py").toString());
        if (rt.startsWith("nodejs")) return List.of(executable("node"), runtimeDir.resolve("node/bootstrap.mjs").toString());
        if (rt.startsWith("java")) return java(fn, tmp);
        if (rt.startsWith("provided")) return List.of(fn.codeDir().resolve("bootstrap").toString());
        throw new IllegalArgumentException("unsupported runtime " + rt);
    }

    /** Directories the interpreters live in, for the function's PATH. */
    List<String> pathDirs() {
        Set<String> dirs = new LinkedHashSet<>();
        for (String exe : executables.values()) dirs.add(Path.of(exe).getParent().toString());
        dirs.add(Path.of(System.getProperty("java.home"), "bin").toString());
        dirs.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin"));
        return List.copyOf(dirs);
    }

    private List<String> java(FunctionSpec fn, Path tmp) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) cmd.add("--enable-native-access=ALL-UNNAMED");
        // As Lambda's java runtimes: heap ~85% of memory, quick start over peak throughput.
        cmd.addAll(List.of("-XX:MaxHeapSize=" + Math.max(64, fn.memoryMb() * 85 / 100) + "m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Djava.io.tmpdir=" + tmp));
        List<String> cp = new ArrayList<>(List.of(fn.codeDir().toString(), fn.codeDir().resolve("lib/*").toString()));
        cp.addAll(ricClasspath());
        cmd.addAll(List.of("-cp", String.join(":", cp), RIC_MAIN, fn.handler()));
        return cmd;
    }

    private static List<String> ricClasspath() {
        Set<String> jars = new LinkedHashSet<>();
        for (String cls : RIC_CLASSES) {
            URL url = RuntimeCommands.class.getClassLoader().getResource(cls);
            if (url == null) throw new IllegalStateException("aws-lambda-java-runtime-interface-client not on the classpath: " + cls);
            try {
                String s = url.toString();
                if (s.startsWith("jar:")) jars.add(Path.of(new URL(s.substring(4, s.indexOf("!/"))).toURI()).toString());
                else jars.add(Path.of(url.toURI()).toString().replace(cls, ""));
            } catch (IOException | URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(jars);
    }

    private String executable(String name) {
        return executables.computeIfAbsent(name, n -> {
            // Resolve shims (pyenv, nvm) once to the real binary so functions need no shell setup of ours.
            String probe = n.equals("python3") ? "import sys; print(sys.executable)" : "console.log(process.execPath)";
            try {
                Process p = new ProcessBuilder(n, n.equals("python3") ? "-c" : "-e", probe).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                return p.waitFor() == 0 && !out.isEmpty() ? out : n;
            } catch (IOException | InterruptedException e) {
                return n;
            }
        });
    }

    private void copy(String resource) {
        try (InputStream in = RuntimeCommands.class.getResourceAsStream("runtimes/" + resource)) {
            if (in == null) throw new IllegalStateException("missing runtime resource " + resource);
            Path target = runtimeDir.resolve(resource);
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
