package io.stepwise.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Function packages, content-addressed by SHA-256: the uploaded zip at {@code packages/<sha>.zip} and its unpacked
 * task root at {@code code/<sha>/}. Design note: unpacking is the one place where a caller's bytes become files, so it
 * trusts nothing in the archive. Names with {@code ..} segments or absolute paths are refused, a symbolic link must
 * point inside the task root, nothing is written through a link, and the bytes actually inflated are counted (the
 * sizes in the headers may lie) so a zip bomb stops at 250 MB. The unpacked tree appears under its final name by one
 * atomic rename, so a crash never leaves a half-unpacked task root behind.
 */
public final class PackageStore {
    public static final long MAX_ZIPPED = 50L << 20;
    public static final long MAX_UNZIPPED = 262_144_000L;
    private static final int MAX_ENTRIES = 100_000;

    public record Code(String sha256Hex, long size) {
        /** The form AWS shows in {@code CodeSha256}: base64 of the digest. */
        public String sha256Base64() {
            return java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
        }
    }

    private final Path zips;
    private final Path code;
    private final long storageLimitBytes;
    private final Map<String, Long> unzipped = new java.util.concurrent.ConcurrentHashMap<>();

    public PackageStore(Path dataDir, long storageLimitBytes) {
        this.zips = dataDir.resolve("packages");
        this.code = dataDir.resolve("code");
        this.storageLimitBytes = storageLimitBytes;
        try {
            Files.createDirectories(zips);
            Files.createDirectories(code);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores and unpacks a zip (idempotent for the same bytes); throws AWS's errors for unsafe or oversized ones. */
    public Code put(byte[] zip) {
        if (zip.length > MAX_ZIPPED) {
            throw LambdaError.tooLarge("Zipped size must be smaller than " + MAX_ZIPPED + " bytes");
        }
        String sha = sha256(zip);
        Path dir = code.resolve(sha);
        if (Files.isDirectory(dir) && Files.exists(zipPath(sha))) return new Code(sha, zip.length);
        if (storedBytes() + zip.length > storageLimitBytes) {
            throw new LambdaError("CodeStorageExceededException", 400, "Code storage limit exceeded.");
        }
        Path tmpZip = zips.resolve(".tmp-" + UUID.randomUUID() + ".zip");
        Path tmpDir = code.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.write(tmpZip, zip);
            unpack(zip, tmpZip, tmpDir);
            Files.move(tmpZip, zipPath(sha), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (!Files.isDirectory(dir)) Files.move(tmpDir, dir, StandardCopyOption.ATOMIC_MOVE);
            return new Code(sha, zip.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(tmpZip);
            delete(tmpDir);
        }
    }

    public Path codeDir(String sha256Hex) {
        return code.resolve(sha256Hex);
    }

    /** The bytes of a package's unpacked files (as its unpacking counted them: file contents and link targets). */
    public long unzippedSize(String sha256Hex) {
        return unzipped.computeIfAbsent(sha256Hex, sha -> {
            try (var files = Files.walk(codeDir(sha))) {
                return files.mapToLong(p -> {
                    try {
                        if (Files.isSymbolicLink(p)) return Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8).length;
                        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : 0;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).sum();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The files of {@code layers} merged in order into one tree, as Lambda extracts them into /opt (a later layer's file
     * replaces an earlier one's); made once per list of packages and kept beside the packages under its own digest.
     */
    public java.util.Optional<Path> layersDir(java.util.List<String> layerShas) {
        if (layerShas.isEmpty()) return java.util.Optional.empty();
        Path dir = code.resolve(layersKey(layerShas));
        if (Files.isDirectory(dir)) return java.util.Optional.of(dir);
        Path tmp = code.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            Files.setPosixFilePermissions(tmp, PERMS_EXEC);
            for (String sha : layerShas) LayerMerge.copyOver(codeDir(sha), tmp);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // another invocation merged the same list first: its tree is the same
            }
            return java.util.Optional.of(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(tmp);
        }
    }

    /** The name of the merged tree of these layer packages, in this order (a digest of their digests). */
    public static String layersKey(java.util.List<String> layerShas) {
        return sha256(String.join(",", layerShas).getBytes(StandardCharsets.UTF_8));
    }

    public Path zipPath(String sha256Hex) {
        return zips.resolve(sha256Hex + ".zip");
    }

    /** Removes packages no function or version refers to any more. */
    public void retainOnly(Collection<String> referenced) {
        Set<String> keep = Set.copyOf(referenced);
        try (var files = Files.list(code)) {
            files.filter(p -> !keep.contains(p.getFileName().toString())).forEach(PackageStore::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (var files = Files.list(zips)) {
            files.filter(p -> !keep.contains(p.getFileName().toString().replace(".zip", ""))).forEach(PackageStore::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long storedBytes() {
        try (var files = Files.list(zips)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unpack(byte[] bytes, Path zipFile, Path root) throws IOException {
        Map<String, Integer> modes;
        try {
            modes = ZipDirectory.unixModes(bytes);
        } catch (RuntimeException e) {
            throw unzipFailed();
        }
        Files.createDirectories(root);
        Path realRoot = root.toRealPath();
        long total = 0;
        int entries = 0;
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            var it = zip.entries();
            while (it.hasMoreElements()) {
                ZipEntry e = it.nextElement();
                if (++entries > MAX_ENTRIES) throw LambdaError.invalidParameter("Too many entries in the zip file (limit " + MAX_ENTRIES + ").");
                Path target = inside(realRoot, e.getName());
                int mode = modes.getOrDefault(e.getName(), 0);
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                if (target.equals(realRoot)) throw unzipFailed();
                Files.createDirectories(target.getParent());
                if (!target.getParent().toRealPath().equals(target.getParent())) {
                    throw LambdaError.invalidParameter("Zip entry '" + e.getName() + "' lies under a symbolic link.");
                }
                Files.deleteIfExists(target);
                if ((mode & ZipDirectory.S_IFMT) == ZipDirectory.S_IFLNK) {
                    byte[] link = zip.getInputStream(e).readNBytes(4096);
                    String to = new String(link, StandardCharsets.UTF_8);
                    Path resolved = target.getParent().resolve(to).normalize();
                    if (to.startsWith("/") || !resolved.startsWith(realRoot)) {
                        throw LambdaError.invalidParameter("Zip entry '" + e.getName() + "' is a symbolic link pointing outside the task root.");
                    }
                    Files.createSymbolicLink(target, Path.of(to));
                    total += link.length;
                    continue;
                }
                try (InputStream in = zip.getInputStream(e);
                     OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        total += n;
                        if (total > MAX_UNZIPPED) {
                            throw LambdaError.invalidParameter("Unzipped size must be smaller than " + MAX_UNZIPPED + " bytes");
                        }
                        out.write(buf, 0, n);
                    }
                }
                boolean exec = (mode & 0111) != 0 || e.getName().equals("bootstrap");
                Files.setPosixFilePermissions(target, exec ? PERMS_EXEC : PERMS_FILE);
            }
        } catch (IOException e) { // ZipException, EOFException of a truncated stream, a name clash...
            throw unzipFailed();
        }
        // World-readable whatever the server's umask: functions run as an unprivileged user (AWS wants the same).
        try (var dirs = Files.walk(root)) {
            for (Path d : (Iterable<Path>) dirs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))::iterator) {
                Files.setPosixFilePermissions(d, PERMS_EXEC);
            }
        }
    }

    /** The entry's path under the root, refusing absolute names and {@code ..} segments. */
    private static Path inside(Path root, String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("[A-Za-z]:.*")) {
            throw LambdaError.invalidParameter("Zip entry '" + name + "' has an absolute path.");
        }
        Path p = root.resolve(n).normalize();
        if (java.util.Arrays.asList(n.split("/")).contains("..") || !p.startsWith(root)) {
            throw LambdaError.invalidParameter("Zip entry '" + name + "' has a path outside the task root.");
        }
        return p;
    }

    private static LambdaError unzipFailed() {
        return LambdaError.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
    }

    private static final Set<PosixFilePermission> PERMS_FILE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    private static final Set<PosixFilePermission> PERMS_EXEC = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        try (var files = Files.walk(p)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover temp folder is harmless
        }
    }
}
