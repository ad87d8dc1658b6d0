package io.stepwise.functions;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each environment's own, size-limited /tmp (Lambda's EphemeralStorage). Design note: the runtime is started in its
 * own mount namespace ({@code unshare --mount --propagation private}) where a fresh file system is mounted on
 * {@code /tmp} before the runtime is exec'd, so {@code open("/tmp/x")} lands in the environment's /tmp, writing past
 * the size fails with ENOSPC, and no environment sees another's files (the Java RIC unpacks its JNI library there).
 * The mount lives only in the namespace: when the environment's last process dies the kernel unmounts it (and frees
 * the loop device), so there is no host mount to leak or to clean up after a crash.
 * <ul>
 *   <li>{@link Ext4Image}: a sparse image file in the environment's directory, formatted ext4 (no journal) and
 *       loop-mounted. Disk-backed, as on Lambda: /tmp does not count against the function's memory.</li>
 *   <li>{@link Tmpfs}: when loop devices or mkfs.ext4 are missing. The kernel charges tmpfs pages to the memory
 *       cgroup of the writer, so here /tmp counts against the function's memory (documented difference).</li>
 *   <li>{@link SharedDir}: no mount permitted: TMPDIR points at a private directory, a literal /tmp is the host's,
 *       and the size is only checked after each invocation. {@link #detect} warns loudly.</li>
 * </ul>
 */
sealed interface EphemeralStorage permits EphemeralStorage.Ext4Image, EphemeralStorage.Tmpfs, EphemeralStorage.SharedDir {
    int MIN_MB = 8;

    /** The /tmp the runtime process sees, given the environment's host directory. */
    Path visibleTmp(Path envDir);

    /**
     * Prepares the environment's directory and returns the command prefix that mounts /tmp and then execs the rest.
     * {@code keep} are paths the runtime needs (the task root first, then the bootstraps): those under the host's /tmp
     * are bind-mounted into the new /tmp at the same place, so a data directory under /tmp still works. The task root
     * is made read-only in the namespace (as Lambda's /var/task), so no environment can change another's code.
     */
    List<String> prefix(Path envDir, int sizeMb, List<Path> keep) throws IOException;

    /** Whether the platform must check the size after each invocation (nothing enforces it otherwise). */
    default boolean checkedAfterInvoke() {
        return false;
    }

    static int sizeMb(FunctionSpec fn) {
        return fn.ephemeralStorageMb() <= 0 ? 512 : Math.max(MIN_MB, fn.ephemeralStorageMb());
    }

    record Ext4Image(String unshare, String mkfs, String mount) implements EphemeralStorage {
        @Override
        public Path visibleTmp(Path envDir) {
            return Path.of("/tmp");
        }

        @Override
        public List<String> prefix(Path envDir, int sizeMb, List<Path> keep) throws IOException {
            Path image = Files.createDirectories(envDir).resolve("tmp.img");
            try (var f = new RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(sizeMb * 1024L * 1024L); // sparse: disk is used only as /tmp fills
            }
            return script(unshare, mount, envDir, keep, "\"$1\" -q -F -O ^has_journal -m 0 \"$2\" >/dev/null"
                    + " && \"$MOUNT\" -o loop,nosuid,nodev \"$2\" \"$MNT\"", mkfs, image.toString());
        }
    }

    record Tmpfs(String unshare, String mount) implements EphemeralStorage {
        @Override
        public Path visibleTmp(Path envDir) {
            return Path.of("/tmp");
        }

        @Override
        public List<String> prefix(Path envDir, int sizeMb, List<Path> keep) throws IOException {
            Files.createDirectories(envDir);
            return script(unshare, mount, envDir, keep, "\"$MOUNT\" -t tmpfs -o size=\"$1\"m,nosuid,nodev tmpfs \"$MNT\"",
                    Integer.toString(sizeMb), "-");
        }
    }

    record SharedDir() implements EphemeralStorage {
        @Override
        public Path visibleTmp(Path envDir) {
            return envDir.resolve("tmp");
        }

        @Override
        public List<String> prefix(Path envDir, int sizeMb, List<Path> keep) throws IOException {
            Files.createDirectories(visibleTmp(envDir));
            return List.of();
        }

        @Override
        public boolean checkedAfterInvoke() {
            return true;
        }
    }

    /**
     * {@code unshare} then a shell that mounts the new file system on a staging directory ({@code mountFs}, given
     * {@code $1 $2}), binds the kept paths into it, moves it onto /tmp and execs the runtime (the arguments after
     * {@code --}). Exit status 96 (with the tool's message in the function's log) if any step fails.
     */
    private static List<String> script(String unshare, String mount, Path envDir, List<Path> keep, String mountFs, String arg1, String arg2) {
        List<String> cmd = new ArrayList<>(List.of(unshare, "--mount", "--propagation", "private", "/bin/sh", "-c", """
                MOUNT="$3"; MNT="$4"; ROOT="$5"
                mkdir -p "$MNT" && %s && chmod 1777 "$MNT" || exit 96
                shift 5
                while [ "$1" != "--" ]; do
                  mkdir -p "$MNT/${1#/tmp/}" && "$MOUNT" --bind "$1" "$MNT/${1#/tmp/}" || exit 96
                  shift
                done
                shift
                "$MOUNT" --move "$MNT" /tmp || exit 96
                if [ -n "$ROOT" ]; then
                  "$MOUNT" --bind "$ROOT" "$ROOT" && "$MOUNT" -o remount,bind,ro "$ROOT" "$ROOT" || exit 96
                fi
                exec "$@"
                """.formatted(mountFs), "tmp", arg1, arg2, mount, envDir.resolve("mnt").toString(),
                keep.isEmpty() ? "" : keep.get(0).toAbsolutePath().normalize().toString()));
        for (Path p : keep) {
            Path abs = p.toAbsolutePath().normalize();
            if (abs.startsWith("/tmp") && !abs.equals(Path.of("/tmp")) && Files.isDirectory(abs)) cmd.add(abs.toString());
        }
        cmd.add("--");
        return cmd;
    }

    /** Tries the kinds in order, each by really mounting a tiny /tmp in a throwaway namespace. */
    static EphemeralStorage detect(Path scratch) {
        Logger log = LoggerFactory.getLogger(EphemeralStorage.class);
        Optional<String> unshare = tool("unshare"), mount = tool("mount"), mkfs = tool("mkfs.ext4");
        List<EphemeralStorage> candidates = new ArrayList<>();
        if (unshare.isPresent() && mount.isPresent() && mkfs.isPresent()) candidates.add(new Ext4Image(unshare.get(), mkfs.get(), mount.get()));
        if (unshare.isPresent() && mount.isPresent()) candidates.add(new Tmpfs(unshare.get(), mount.get()));
        for (EphemeralStorage s : candidates) {
            if (works(s, scratch)) {
                log.info("ephemeral storage: {} per environment, in its own mount namespace", s.getClass().getSimpleName());
                return s;
            }
        }
        log.warn("""
                !!! ephemeral storage: cannot mount a private /tmp (needs root, unshare and mount): environments get \
                TMPDIR only, a literal /tmp is the HOST's /tmp, shared by all functions, and its size is checked only \
                after each invocation. !!!""");
        return new SharedDir();
    }

    private static boolean works(EphemeralStorage s, Path scratch) {
        Path dir = scratch.resolve("probe-" + s.getClass().getSimpleName());
        try {
            List<String> cmd = new ArrayList<>(s.prefix(dir, MIN_MB, List.of()));
            cmd.addAll(List.of("/bin/sh", "-c", "echo ok > /tmp/probe && test \"$(df -P /tmp | awk 'NR==2{print $2}')\" -lt 65536"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            for (String f : List.of("tmp.img", "mnt", "")) dir.resolve(f).toFile().delete();
        }
    }

    private static Optional<String> tool(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }
}
