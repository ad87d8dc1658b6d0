package io.stepwise.functions;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the Unix mode of every entry from a zip's central directory ({@code java.util.zip} does not expose the
 * "external attributes" field, and that is where symbolic links and executable bits live). Layout: APPNOTE.TXT
 * 4.3.12 (central directory header), 4.3.16 (end of central directory), 4.3.14/4.3.15 (ZIP64 end and locator).
 */
final class ZipDirectory {
    static final int S_IFMT = 0170000;
    static final int S_IFLNK = 0120000;

    private ZipDirectory() {}

    /** Entry name to Unix mode, for entries written on a Unix host (others are absent). */
    static Map<String, Integer> unixModes(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
            if (b.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw new IllegalArgumentException("no end of central directory");
        long count = Short.toUnsignedInt(b.getShort(eocd + 10));
        long offset = Integer.toUnsignedLong(b.getInt(eocd + 16));
        if ((offset == 0xFFFFFFFFL || count == 0xFFFF) && eocd >= 20 && b.getInt(eocd - 20) == 0x07064b50) {
            int z64 = Math.toIntExact(b.getLong(eocd - 20 + 8));
            if (b.getInt(z64) != 0x06064b50) throw new IllegalArgumentException("bad zip64 end record");
            count = b.getLong(z64 + 32);
            offset = b.getLong(z64 + 48);
        }
        Map<String, Integer> modes = new HashMap<>();
        int p = Math.toIntExact(offset);
        for (long n = 0; n < count; n++) {
            if (p + 46 > zip.length || b.getInt(p) != 0x02014b50) throw new IllegalArgumentException("bad central directory");
            int madeBy = Short.toUnsignedInt(b.getShort(p + 4)) >> 8;
            int nameLen = Short.toUnsignedInt(b.getShort(p + 28));
            int extraLen = Short.toUnsignedInt(b.getShort(p + 30));
            int commentLen = Short.toUnsignedInt(b.getShort(p + 32));
            int external = b.getInt(p + 38);
            String name = new String(zip, p + 46, nameLen, StandardCharsets.UTF_8);
            if (madeBy == 3) modes.put(name, external >>> 16); // 3 = Unix
            p += 46 + nameLen + extraLen + commentLen;
        }
        return modes;
    }
}
