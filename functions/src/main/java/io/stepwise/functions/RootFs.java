package io.stepwise.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The file tree an environment sees, and nothing else of the host's. Design note: as Lambda's environment has only its
 * own image, the runtime is pivoted ({@code pivot_root}) into a root built for it in its mount namespace: the
 * environment's directory {@code root/} bound onto itself, holding read-only binds of {@code /usr} (the OS's programs
 * and libraries; {@code /bin}, {@code /lib}... are its symlinks or binds), a copy of the few {@code /etc} files that
 * programs read (made once per server: resolver, hosts, certificates, timezone, loader cache; a passwd and group of
 * root and the sandbox user only), the interpreter's directories at their own paths, and, as on Lambda, the task root
 * at {@code /var/task} and our bootstraps at {@code /var/runtime}, read-only; its own /tmp, {@code /dev/shm} and
 * {@code /proc}, and {@code /dev} with null, zero, full, random, urandom and tty. Then the root is made read-only and the host's tree is detached. Everything but the pivot and its
 * unmount is one {@code mount -a} over an fstab written here, so the whole view costs a handful of processes.
 */
final class RootFs {
    /** Entries of /etc that programs commonly read (the rest of the host's /etc is never seen). */
    private static final List<String> ETC = List.of("hosts", "resolv.conf", "nsswitch.conf", "host.conf", "gai.conf",
            "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "os-release", "protocols", "services",
            "mime.types", "ssl", "ca-certificates", "ca-certificates.conf", "alternatives", "debian_version", "inputrc");
    /** Directories of /etc named after a runtime (Debian's python3.11/sitecustomize, a JDK's java-17-openjdk/). */
    private static final List<String> ETC_PREFIXES = List.of("python3", "java-", "pki");
    private static final List<String> TOP_LINKS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");
    private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");
    private static final Path USR = Path.of("/usr");
    /** Where the runtime finds its code and our bootstraps, as on Lambda (LAMBDA_TASK_ROOT, LAMBDA_RUNTIME_DIR). */
    static final Path TASK_ROOT = Path.of("/var/task");
    /** Where a function's layers are, merged, as on Lambda. */
    static final Path OPT = Path.of("/opt");
    static final Path RUNTIME_DIR = Path.of("/var/runtime");

    private final Path etc;
    private final List<String> extra;   // more fstab lines (tests: a mount that fails)
    private final java.util.Optional<Path> layers;   // the function's merged layers, seen at /opt

    private RootFs(Path etc, List<String> extra) {
        this(etc, extra, java.util.Optional.empty());
    }

    private RootFs(Path etc, List<String> extra, java.util.Optional<Path> layers) {
        this.etc = etc;
        this.extra = List.copyOf(extra);
        this.layers = layers;
    }

    /** This root with a function's layers (merged in order) read-only at /opt, where Lambda extracts them. */
    RootFs withLayers(java.util.Optional<Path> merged) {
        return new RootFs(etc, extra, merged);
    }

    /** This root with one more fstab line, mounted last. */
    RootFs plus(String fstabLine) {
        List<String> more = new ArrayList<>(extra);
        more.add(fstabLine);
        return new RootFs(etc, more, layers);
    }

    /** Makes the /etc every environment of this server sees, under {@code dir} (replacing an earlier one). */
    static RootFs create(Path dir, SandboxUser user) {
        Path etc = dir.resolve("etc");
        try {
            deleteTree(etc);
            Files.createDirectories(etc);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<Path> entries = new ArrayList<>();
            for (String name : ETC) entries.add(Path.of("/etc", name));
            try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/etc"))) {
                for (Path p : all) {
                    String name = p.getFileName().toString();
                    if (ETC_PREFIXES.stream().anyMatch(name::startsWith)) entries.add(p);
                }
            }
            for (Path p : entries) {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) copy(p, etc.resolve(p.getFileName().toString()));
            }
            String passwd = "root:x:0:0:root:/root:/usr/sbin/nologin\n";
            String group = "root:x:0:\n";
            if (user.uid() != 0) passwd += "sbx_user:x:" + user.uid() + ":" + user.gid() + "::/tmp:/usr/sbin/nologin\n";
            if (user.gid() != 0) group += "sbx_user:x:" + user.gid() + ":\n";
            Files.writeString(etc.resolve("passwd"), passwd);
            Files.writeString(etc.resolve("group"), group);
            for (String f : List.of("passwd", "group")) {
                Files.setPosixFilePermissions(etc.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the environments' /etc under " + dir, e);
        }
        return new RootFs(etc, List.of());
    }

    /**
     * Copies an /etc entry: a symbolic link that resolves under /usr stays a link (it resolves the same inside), any
     * other is followed (resolv.conf into /run, which is not there); readable by all, as the originals are.
     */
    private static void copy(Path from, Path to) throws IOException {
        if (Files.isSymbolicLink(from)) {
            Path target = Files.readSymbolicLink(from);
            Path resolved = from.getParent().resolve(target).normalize();
            if (resolved.startsWith(USR) && Files.exists(resolved)) {
                Files.createSymbolicLink(to, target);
                return;
            }
            if (!Files.exists(from)) return;       // dangling
        }
        if (!Files.isDirectory(from)) {
            if (Files.isReadable(from)) {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return;
        }
        Path src = from.toRealPath();
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Path t = to.resolve(src.relativize(d).toString());
                Files.createDirectories(t);
                Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Path t = to.resolve(src.relativize(f).toString());
                if (a.isSymbolicLink()) {
                    Files.createSymbolicLink(t, Files.readSymbolicLink(f));
                } else if (a.isRegularFile() && Files.isReadable(f)) {
                    Files.copy(f, t);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;   // unreadable: the sandbox user could not read it either
            }
        });
    }

    /**
     * Lays out the environment's root at {@code root} (its mount points) and returns the fstab that mounts its view,
     * in order: the root onto itself, the host's /usr and its top-level companions, this server's /etc, the /tmp
     * mounted at {@code tmp}, /dev's nodes and /dev/shm, /proc (the host's without {@code ownPids}), then {@code needs}
     * read-only at their own paths (their mount points made by mount, under /tmp when the data folder lies there), the
     * task root at /var/task and {@code runtimeDir} at /var/runtime.
     */
    String layout(Path root, Path tmp, Path taskRoot, Path runtimeDir, List<Path> needs, boolean ownPids) throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String d : List.of("usr", "etc", "proc", "dev", "tmp", ".old", "var/task", "var/runtime")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.setPosixFilePermissions(root.resolve("var"), PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> fstab = new ArrayList<>();
        fstab.add(line(root, root, "none", "bind"));
        fstab.add(line(USR, root.resolve("usr"), "none", "bind,ro,nodev"));
        for (String name : TOP_LINKS) {
            Path host = Path.of("/", name);
            if (Files.isSymbolicLink(host)) {
                Files.createSymbolicLink(root.resolve(name), Files.readSymbolicLink(host));
            } else if (Files.isDirectory(host)) {
                Files.createDirectories(root.resolve(name));
                fstab.add(line(host, root.resolve(name), "none", "bind,ro,nodev"));
            }
        }
        fstab.add(line(etc, root.resolve("etc"), "none", "bind,ro,nosuid,nodev"));
        layers.ifPresent(l -> fstab.add(line(l, root.resolve(Path.of("/").relativize(OPT).toString()), "none", "bind,ro,nosuid,nodev,X-mount.mkdir")));
        fstab.add(line(tmp, root.resolve("tmp"), "none", "bind"));
        Path dev = root.resolve("dev");
        for (String d : DEVICES) {
            Path node = Path.of("/dev", d);
            if (!Files.exists(node)) continue;
            Files.createFile(dev.resolve(d));
            fstab.add(line(node, dev.resolve(d), "none", "bind,nosuid"));
        }
        for (String[] link : new String[][] {{"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"},
                {"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"}}) {
            Files.createSymbolicLink(dev.resolve(link[0]), Path.of(link[1]));
        }
        fstab.add("shm " + escape(dev.resolve("shm")) + " tmpfs size=64m,mode=1777,nosuid,nodev,X-mount.mkdir 0 0");
        // a proc of its own needs a pid namespace of its own (in a user namespace the kernel refuses it otherwise)
        fstab.add(ownPids ? "proc " + escape(root.resolve("proc")) + " proc nosuid,nodev,noexec 0 0"
                : line(Path.of("/proc"), root.resolve("proc"), "none", "rbind"));
        for (Path p : outermost(needs)) {
            fstab.add(line(p, root.resolve(Path.of("/").relativize(p).toString()), "none", "bind,ro,nosuid,nodev,X-mount.mkdir"));
        }
        fstab.add(line(taskRoot, root.resolve("var/task"), "none", "bind,ro,nosuid,nodev"));
        fstab.add(line(runtimeDir, root.resolve("var/runtime"), "none", "bind,ro,nosuid,nodev"));
        fstab.addAll(extra);
        return String.join("\n", fstab) + "\n";
    }

    /** The needed directories outside /usr, without those inside another (they come along). */
    static List<Path> outermost(List<Path> needs) {
        List<Path> all = needs.stream().map(p -> p.toAbsolutePath().normalize())
                .filter(p -> !p.startsWith(USR) && p.getNameCount() > 0).distinct().toList();
        return all.stream().filter(p -> all.stream().noneMatch(o -> !o.equals(p) && p.startsWith(o)))
                .sorted(Comparator.comparingInt(Path::getNameCount)).toList();
    }

    private static String line(Path source, Path target, String type, String options) {
        return escape(source) + " " + escape(target) + " " + type + " " + options + " 0 0";
    }

    /** fstab's octal escapes for the characters that would split a field. */
    static String escape(Path p) {
        StringBuilder s = new StringBuilder();
        for (char c : p.toString().toCharArray()) {
            switch (c) {
                case ' ' -> s.append("\\040");
                case '\t' -> s.append("\\011");
                case '\n' -> s.append("\\012");
                case '\\' -> s.append("\\134");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
