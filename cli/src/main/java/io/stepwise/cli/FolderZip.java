package io.stepwise.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A folder zipped in memory, as a Lambda deployment package. {@code java.util.zip} cannot record Unix modes, and a
 * {@code provided} runtime's binaries need their executable bits, so the central directory is patched afterwards:
 * "version made by" = Unix (3) and the mode in the high half of "external attributes" (APPNOTE.TXT 4.4.2, 4.4.15),
 * which is where the server (and Lambda) read them.
 *
 * <p>The zip is deterministic, so an unchanged folder has the same CodeSha256 and PublishVersion makes no new version:
 * entries sorted by name, every timestamp the zip format's epoch (1980-01-01, as a local DOS time, so no time zone and
 * no extended timestamp field), and only the modes above as attributes.
 */
final class FolderZip {
    private FolderZip() {}

    static byte[] zip(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) throw new java.nio.file.NotDirectoryException(folder.toString());
        List<Path> files;
        try (var walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path f) -> entryName(folder, f))).toList();
        }
        Map<String, Integer> modes = new HashMap<>();
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (Path f : files) {
                String name = entryName(folder, f);
                ZipEntry entry = new ZipEntry(name);
                entry.setTimeLocal(DOS_EPOCH);
                zip.putNextEntry(entry);
                Files.copy(f, zip);
                zip.closeEntry();
                modes.put(name, mode(f));
            }
        }
        return withModes(bytes.toByteArray(), modes);
    }

    private static final LocalDateTime DOS_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private static String entryName(Path folder, Path f) {
        return folder.relativize(f).toString().replace('\\', '/');
    }

    /** How many files a zip made here holds (its end record's count). */
    static int entries(byte[] zip) {
        return Short.toUnsignedInt(ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getShort(zip.length - 22 + 10));
    }

    private static int mode(Path f) throws IOException {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
            return 0100000 | (p.contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644);
        } catch (UnsupportedOperationException notPosix) {
            return 0100644;
        }
    }

    private static byte[] withModes(byte[] zip, Map<String, Integer> modes) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = zip.length - 22; // no archive comment: the end record is the last 22 bytes
        if (b.getInt(eocd) != 0x06054b50) throw new IllegalStateException("unexpected zip layout");
        int count = Short.toUnsignedInt(b.getShort(eocd + 10));
        int p = b.getInt(eocd + 16);
        for (int i = 0; i < count; i++) {
            if (b.getInt(p) != 0x02014b50) throw new IllegalStateException("unexpected zip layout");
            int nameLen = Short.toUnsignedInt(b.getShort(p + 28));
            int extraLen = Short.toUnsignedInt(b.getShort(p + 30));
            int commentLen = Short.toUnsignedInt(b.getShort(p + 32));
            String name = new String(zip, p + 46, nameLen, java.nio.charset.StandardCharsets.UTF_8);
            Integer mode = modes.get(name);
            if (mode != null) {
                b.putShort(p + 4, (short) ((3 << 8) | 20));
                b.putInt(p + 38, mode << 16);
            }
            p += 46 + nameLen + extraLen + commentLen;
        }
        return zip;
    }
}
