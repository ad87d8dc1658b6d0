package io.stepwise.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
    private final Map<String, Interpreter> interpreters = new ConcurrentHashMap<>();

    /** A resolved interpreter and the directories it reads (its install prefix), which a sandbox must keep reachable. */
    private record Interpreter(String executable, List<Path> homes) {}

    RuntimeCommands(Path runtimeDir) {
        this.runtimeDir = runtimeDir;
        copy("python/bootstrap.py");
        copy("node/bootstrap.mjs");
        copy("sandbox/seccomp.py");
    }

    /**
     * The command that installs the seccomp filter and execs what follows ({@code runtimes/sandbox/seccomp.py}, on the
     * OS's Python under /usr, else the machine's); empty where it cannot run: not x86_64, or no Python at all.
     */
    java.util.Optional<List<String>> seccomp() {
        if (!System.getProperty("os.arch").equals("amd64")) return java.util.Optional.empty();
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : executable("python3");
        if (!Path.of(python).isAbsolute()) return java.util.Optional.empty();
        return java.util.Optional.of(List.of(python, "-S", "-I", seccompScript().toString(), "--"));
    }

    private volatile Boolean pythonHasCtypes;

    /**
     * Whether Python functions install the seccomp filter from our bootstrap themselves ({@code _STEPWISE_SECCOMP}),
     * which needs ctypes in the functions' Python (a Python built without libffi lacks it): checked once.
     */
    boolean pythonInstallsSeccomp() {
        if (pythonHasCtypes == null) {
            try {
                Process p = new ProcessBuilder(executable("python3"), "-S", "-c", "import ctypes").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                pythonHasCtypes = p.waitFor() == 0;
            } catch (IOException e) {
                pythonHasCtypes = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return pythonHasCtypes;
    }

    Path seccompScript() {
        return runtimeDir.resolve("sandbox/seccomp.py");
    }

    /** Directories the seccomp command reads (its Python's prefix when it is not the OS's). */
    List<Path> seccompNeeds() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? List.of() : interpreter("python3").homes();
    }

    Path runtimeDir() {
        return runtimeDir;
    }

    /**
     * The runtime's command line, with the paths the runtime sees: {@code taskRoot} and {@code runtimeDir} are
     * /var/task and /var/runtime inside a sandbox's root, the host's directories where there is none; {@code layers}
     * likewise /opt or the host's directory of the function's merged layers, if it has any.
     */
    List<String> command(FunctionSpec fn, Path tmp, Path taskRoot, Path runtimeDir, java.util.Optional<Path> layers) {
        String rt = fn.runtime();
        // -S: no site module at start-up. On this kind of host site-packages holds .pth files that import at every
        // start (one import certifi: 60-80 ms of a 100 ms start); the bootstrap puts site-packages on sys.path itself.
        if (rt.startsWith("python3")) {
            return List.of(executable("python3"), "-S", "-u", runtimeDir.resolve("python/bootstrap.py").toString());
        }
        if (rt.startsWith("nodejs")) return List.of(executable("node"), runtimeDir.resolve("node/bootstrap.mjs").toString());
        if (rt.startsWith("java")) return java(fn, tmp, taskRoot, layers);
        if (rt.startsWith("provided")) {
            // as on Lambda: the package's bootstrap, else one a layer brought (/opt/bootstrap)
            boolean own = Files.exists(fn.codeDir().resolve("bootstrap"));
            boolean fromLayer = !own && layers.isPresent() && Files.exists(fn.layersDir().orElseThrow().resolve("bootstrap"));
            return List.of((fromLayer ? layers.get() : taskRoot).resolve("bootstrap").toString());
        }
        throw new IllegalArgumentException("unsupported runtime " + rt);
    }

    /** Directories outside the task root and runtime dir that the runtime reads: interpreter prefixes, RIC jars. */
    List<Path> needs(FunctionSpec fn) {
        String rt = fn.runtime();
        if (rt.startsWith("python3")) return interpreter("python3").homes();
        if (rt.startsWith("nodejs")) return interpreter("node").homes();
        if (rt.startsWith("java")) {
            List<Path> dirs = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
            for (String entry : ricClasspath()) {
                Path p = Path.of(entry);
                dirs.add(Files.isDirectory(p) ? p : p.getParent());
            }
            return dirs;
        }
        return List.of();
    }

    /** Directories the interpreters live in, for the function's PATH. */
    List<String> pathDirs() {
        Set<String> dirs = new LinkedHashSet<>();
        for (Interpreter i : interpreters.values()) {
            Path parent = Path.of(i.executable()).getParent();
            if (parent != null) dirs.add(parent.toString());
        }
        dirs.add(Path.of(System.getProperty("java.home"), "bin").toString());
        dirs.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin"));
        return List.copyOf(dirs);
    }

    private List<String> java(FunctionSpec fn, Path tmp, Path taskRoot, java.util.Optional<Path> layers) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) cmd.add("--enable-native-access=ALL-UNNAMED");
        // As Lambda's java runtimes: heap ~85% of memory, quick start over peak throughput.
        cmd.addAll(List.of("-XX:MaxHeapSize=" + Math.max(64, fn.memoryMb() * 85 / 100) + "m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Djava.io.tmpdir=" + tmp));
        List<String> cp = new ArrayList<>(List.of(taskRoot.toString(), taskRoot.resolve("lib/*").toString()));
        layers.ifPresent(opt -> cp.add(opt.resolve("java/lib/*").toString()));   // as Lambda's java runtimes: after the task root's
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
        return interpreter(name).executable();
    }

    private Interpreter interpreter(String name) {
        return interpreters.computeIfAbsent(name, n -> {
            // Resolve shims (pyenv, nvm) once to the real binary so functions need no shell setup of ours; Python also
            // names its prefixes (a venv's and its base installation's).
            boolean py = n.equals("python3");
            String probe = py ? "import sys; print(sys.executable); print(sys.prefix); print(sys.base_prefix)" : "console.log(process.execPath)";
            try {
                Process p = new ProcessBuilder(n, py ? "-c" : "-e", probe).redirectErrorStream(true).start();
                List<String> out = new String(p.getInputStream().readAllBytes()).lines().map(String::trim).toList();
                if (p.waitFor() != 0 || out.isEmpty() || out.get(0).isEmpty()) return new Interpreter(n, List.of());
                Set<Path> homes = new LinkedHashSet<>();
                Path real = Path.of(out.get(0)).toRealPath();
                if (real.getParent() != null && real.getParent().getParent() != null) homes.add(real.getParent().getParent());
                for (String prefix : out.subList(1, out.size())) homes.add(Path.of(prefix));
                return new Interpreter(out.get(0), List.copyOf(homes));
            } catch (IOException | InterruptedException | RuntimeException e) {
                return new Interpreter(n, List.of());
            }
        });
    }

    private void copy(String resource) {
        try (InputStream in = RuntimeCommands.class.getResourceAsStream("runtimes/" + resource)) {
            if (in == null) throw new IllegalStateException("missing runtime resource " + resource);
            Path target = runtimeDir.resolve(resource);
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            // Readable by the sandbox user whatever the server's umask.
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            for (Path d = target.getParent(); d.startsWith(runtimeDir); d = d.getParent()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
