package io.stepwise.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;

/** Function packages built in memory. */
final class Zips {
    private Zips() {}

    static SdkBytes of(String... namesAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return SdkBytes.fromByteArray(zip(files));
    }

    /**
     * A real zip bomb: one ZIP64 entry that inflates to {@code size} bytes of zeros (a multiple of 1 MiB), built
     * without deflating them all. A 1 MiB block of zeros is deflated once, ending in a full flush so it depends on no
     * earlier data; a raw deflate stream may then repeat that segment any number of times before its final block.
     * Layout: APPNOTE.TXT 4.3.7 (local header), 4.3.12 (central directory), 4.5.3 (ZIP64 extra field).
     */
    static byte[] zerosBomb(String name, long size) {
        byte[] mib = new byte[1 << 20];
        var deflater = new java.util.zip.Deflater(9, true);
        deflater.setInput(mib);
        byte[] buf = new byte[64 << 10];
        int segmentLength = deflater.deflate(buf, 0, buf.length, java.util.zip.Deflater.FULL_FLUSH);
        deflater.end();
        byte[] segment = java.util.Arrays.copyOf(buf, segmentLength);
        byte[] finalBlock = {0x03, 0x00}; // an empty final block with fixed Huffman codes
        long blocks = size >> 20;
        var crc = new java.util.zip.CRC32();
        for (long i = 0; i < blocks; i++) crc.update(mib);
        long compressed = blocks * segmentLength + finalBlock.length;
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        var out = new ByteArrayOutputStream(Math.toIntExact(compressed + 256));
        var header = java.nio.ByteBuffer.allocate(30 + nameBytes.length + 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x04034b50).putShort((short) 45).putShort((short) 0).putShort((short) 8).putInt(0)
                .putInt((int) crc.getValue()).putInt(-1).putInt(-1)
                .putShort((short) nameBytes.length).putShort((short) 20).put(nameBytes)
                .putShort((short) 1).putShort((short) 16).putLong(size).putLong(compressed);
        out.writeBytes(header.array());
        for (long i = 0; i < blocks; i++) out.write(segment, 0, segmentLength);
        out.writeBytes(finalBlock);
        int directoryOffset = out.size();
        var central = java.nio.ByteBuffer.allocate(46 + nameBytes.length + 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        central.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0).putShort((short) 8)
                .putInt(0).putInt((int) crc.getValue()).putInt(-1).putInt(-1)
                .putShort((short) nameBytes.length).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putInt(0).putInt(0).put(nameBytes)
                .putShort((short) 1).putShort((short) 16).putLong(size).putLong(compressed);
        out.writeBytes(central.array());
        var end = java.nio.ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt(central.capacity()).putInt(directoryOffset).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    static byte[] zip(Map<String, byte[]> files) {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (var f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip with a symbolic link entry (Unix mode in the central directory), written by Python's zipfile. */
    static byte[] withSymlink(String linkName, String target) {
        return byPython("z.writestr('index.py','def handler(e,c): return 1\\n')\n"
                + "i=zipfile.ZipInfo(sys.argv[2]); i.create_system=3; i.external_attr=(0o120777<<16)\n"
                + "z.writestr(i, sys.argv[3])\n", linkName, target);
    }

    /** A zip whose {@code executables} carry mode 0755 (Unix mode in the central directory), written by Python's zipfile. */
    static SdkBytes withExecutables(Map<String, String> files, java.util.Set<String> executables) {
        try {
            String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.List.of(files, executables));
            return SdkBytes.fromByteArray(byPython("import json\nfiles,ex=json.loads(sys.argv[2])\n"
                    + "for n,c in files.items():\n"
                    + "  i=zipfile.ZipInfo(n); i.create_system=3; i.external_attr=((0o100755 if n in ex else 0o100644)<<16)\n"
                    + "  z.writestr(i,c)\n", json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The zip a Python script writes into {@code z} (a {@code zipfile.ZipFile}; its arguments from sys.argv[2]). */
    private static byte[] byPython(String body, String... args) {
        try {
            Path out = Files.createTempFile("python", ".zip");
            String script = "import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w')\n" + body + "z.close()\n";
            var command = new java.util.ArrayList<>(java.util.List.of("python3", "-c", script, out.toString()));
            command.addAll(java.util.List.of(args));
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (p.waitFor() != 0) throw new IllegalStateException("python3 failed");
            byte[] b = Files.readAllBytes(out);
            Files.delete(out);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
