package io.stepwise.functions;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each environment's own, size-limited /tmp (Lambda's EphemeralStorage). Design note: the runtime starts in its own
 * mount namespace ({@link Namespace}) where a fresh file system is mounted on {@code /tmp} before the runtime is
 * exec'd, so {@code open("/tmp/x")} lands in the environment's /tmp, writing past the size fails with ENOSPC, and no
 * environment sees another's files (the Java RIC unpacks its JNI library there). The mount lives only in the
 * namespace: when the environment's last process dies the kernel unmounts it (and frees the loop device), so there is
 * no host mount to leak or to clean up after a crash.
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
    Path TMP = Path.of("/tmp");

    /** The /tmp the runtime process sees, given the environment's host directory. */
    Path visibleTmp(Path envDir);

    /**
     * Prepares the environment's directory and returns the shell command that mounts a fresh /tmp of {@code sizeMb} on
     * {@code target} ({@code m} is mount(8)); empty when no mount is possible ({@link SharedDir}).
     */
    Optional<String> mountCommand(Path envDir, int sizeMb, Path target) throws IOException;

    /** Whether the platform must check the size after each invocation (nothing enforces it otherwise). */
    default boolean checkedAfterInvoke() {
        return false;
    }

    static int sizeMb(FunctionSpec fn) {
        return fn.ephemeralStorageMb() <= 0 ? 512 : Math.max(MIN_MB, fn.ephemeralStorageMb());
    }

    /**
     * @param templates where the formatted, empty images are kept, one per size: an environment starts from a sparse
     *                  copy of its size's template instead of running mkfs (whose fsyncs cost a cold start tens of ms
     *                  and serialise a burst of cold starts on the disk)
     */
    record Ext4Image(String mkfs, Path templates) implements EphemeralStorage {
        @Override
        public Path visibleTmp(Path envDir) {
            return TMP;
        }

        @Override
        public Optional<String> mountCommand(Path envDir, int sizeMb, Path target) throws IOException {
            Path template = template(sizeMb);
            Path image = Files.createDirectories(envDir).resolve("tmp.img");
            String img = Sandbox.shellQuote(image.toString()), dir = Sandbox.shellQuote(envDir.toString());
            // The loop device writes the image through a mount of its own (the bind), so that the namespace's root
            // mount has no writer and can be made read-only (see Namespace).
            return Optional.of("cp --sparse=always " + Sandbox.shellQuote(template.toString()) + " " + img + " && m --bind "
                    + dir + " " + dir + " && m -o loop,nosuid,nodev " + img + " " + Sandbox.shellQuote(target.toString()));
        }

        /** The empty image of this size, formatted once (ext4 without a journal, nothing reserved for root). */
        Path template(int sizeMb) throws IOException {
            Path t = templates.resolve(sizeMb + "m.img");
            if (Files.exists(t)) return t;
            synchronized (this) {
                if (Files.exists(t)) return t;
                Files.createDirectories(templates);
                Path tmp = Files.createTempFile(templates, "new-", ".img");
                try (var f = new RandomAccessFile(tmp.toFile(), "rw")) {
                    f.setLength(sizeMb * 1024L * 1024L); // sparse: blocks are written only as /tmp fills
                }
                try {
                    Process p = new ProcessBuilder(mkfs, "-q", "-F", "-O", "^has_journal", "-m", "0", tmp.toString())
                            .redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes());
                    if (p.waitFor() != 0) throw new IOException("mkfs.ext4 failed: " + out.strip());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while formatting " + tmp, e);
                }
                Files.move(tmp, t, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return t;
            }
        }
    }

    record Tmpfs() implements EphemeralStorage {
        @Override
        public Path visibleTmp(Path envDir) {
            return TMP;
        }

        @Override
        public Optional<String> mountCommand(Path envDir, int sizeMb, Path target) throws IOException {
            Files.createDirectories(envDir);
            return Optional.of("m -t tmpfs -o size=" + sizeMb + "m,nosuid,nodev tmpfs " + Sandbox.shellQuote(target.toString()));
        }
    }

    record SharedDir() implements EphemeralStorage {
        @Override
        public Path visibleTmp(Path envDir) {
            return envDir.resolve("tmp");
        }

        @Override
        public Optional<String> mountCommand(Path envDir, int sizeMb, Path target) throws IOException {
            Files.createDirectories(visibleTmp(envDir));
            return Optional.empty();
        }

        @Override
        public boolean checkedAfterInvoke() {
            return true;
        }
    }

    /** Tries the kinds in order, each by really mounting a tiny /tmp in a throwaway namespace. */
    static EphemeralStorage detect(Path scratch) {
        Logger log = LoggerFactory.getLogger(EphemeralStorage.class);
        Optional<String> unshare = Namespace.tool("unshare"), mount = Namespace.tool("mount"), mkfs = Namespace.tool("mkfs.ext4");
        List<EphemeralStorage> candidates = new ArrayList<>();
        if (unshare.isPresent() && mount.isPresent() && mkfs.isPresent()) candidates.add(new Ext4Image(mkfs.get(),
                scratch.resolveSibling("tmp-templates")));
        if (unshare.isPresent() && mount.isPresent()) candidates.add(new Tmpfs());
        for (EphemeralStorage s : candidates) {
            if (Namespace.bare(s).works(scratch)) {
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
}
