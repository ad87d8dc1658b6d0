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
        try {
            Path out = Files.createTempFile("symlink", ".zip");
            String script = "import zipfile,sys\n"
                    + "z=zipfile.ZipFile(sys.argv[1],'w')\n"
                    + "z.writestr('index.py','def handler(e,c): return 1\\n')\n"
                    + "i=zipfile.ZipInfo(sys.argv[2]); i.create_system=3; i.external_attr=(0o120777<<16)\n"
                    + "z.writestr(i, sys.argv[3])\n"
                    + "z.close()\n";
            Process p = new ProcessBuilder("python3", "-c", script, out.toString(), linkName, target).inheritIO().start();
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
