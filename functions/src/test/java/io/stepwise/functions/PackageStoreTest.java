package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageStoreTest {
    @TempDir
    Path dir;

    private static byte[] zip(Map<String, String> files) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var z = new ZipOutputStream(bytes)) {
            for (var f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Entries as (name, Unix mode, content): Python's zipfile writes the mode into the central directory. */
    private static byte[] unixZip(List<String[]> entries) throws Exception {
        Path out = Files.createTempFile("unix", ".zip");
        StringBuilder py = new StringBuilder("import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w')\n");
        for (String[] e : entries) {
            py.append("i=zipfile.ZipInfo(").append(pyString(e[0])).append("); i.create_system=3; i.external_attr=(")
                    .append(e[1]).append("<<16)\nz.writestr(i, ").append(pyString(e[2])).append(")\n");
        }
        py.append("z.close()\n");
        assertThat(new ProcessBuilder("python3", "-c", py.toString(), out.toString()).inheritIO().start().waitFor()).isZero();
        byte[] b = Files.readAllBytes(out);
        Files.delete(out);
        return b;
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    private static void assertRefused(PackageStore store, byte[] zip, String message) {
        assertThatThrownBy(() -> store.put(zip)).isInstanceOfSatisfying(LambdaError.class, e -> {
            assertThat(e.type()).isEqualTo("InvalidParameterValueException");
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void stores_by_content_and_unpacks_once() throws Exception {
        var store = new PackageStore(dir, 1L << 30);
        byte[] zip = zip(Map.of("app.py", "x = 1\n", "lib/util.py", "y = 2\n"));
        PackageStore.Code a = store.put(zip);
        PackageStore.Code b = store.put(zip);
        assertThat(a).isEqualTo(b);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(zip);
        assertThat(a.sha256Hex()).isEqualTo(java.util.HexFormat.of().formatHex(digest));
        assertThat(a.sha256Base64()).as("CodeSha256 as AWS shows it").isEqualTo(java.util.Base64.getEncoder().encodeToString(digest));
        assertThat(a.size()).isEqualTo(zip.length);
        assertThat(Files.readString(store.codeDir(a.sha256Hex()).resolve("lib/util.py"))).isEqualTo("y = 2\n");
        assertThat(Files.exists(store.zipPath(a.sha256Hex()))).isTrue();
    }

    @Test
    void keeps_executable_bits_and_makes_a_root_bootstrap_executable() throws Exception {
        var store = new PackageStore(dir, 1L << 30);
        PackageStore.Code c = store.put(unixZip(List.of(new String[] {"run.sh", "0o100755", "#!/bin/sh\n"},
                new String[] {"data.txt", "0o100644", "d"})));
        assertThat(Files.isExecutable(store.codeDir(c.sha256Hex()).resolve("run.sh"))).isTrue();
        PackageStore.Code plain = store.put(zip(Map.of("bootstrap", "#!/bin/sh\n")));
        assertThat(Files.isExecutable(store.codeDir(plain.sha256Hex()).resolve("bootstrap"))).isTrue();
    }

    @Test
    void refuses_climbing_and_absolute_names() throws Exception {
        var store = new PackageStore(dir, 1L << 30);
        assertRefused(store, zip(Map.of("../x", "1")), "outside the task root");
        assertRefused(store, zip(Map.of("a/../../x", "1")), "outside the task root");
        assertRefused(store, zip(Map.of("a\\..\\..\\x", "1")), "outside the task root");
        assertRefused(store, zip(Map.of("/etc/cron.d/x", "1")), "absolute path");
        assertRefused(store, zip(Map.of("C:/x", "1")), "absolute path");
    }

    @Test
    void refuses_links_that_escape_and_anything_written_through_a_link() throws Exception {
        var store = new PackageStore(dir, 1L << 30);
        assertRefused(store, unixZip(List.<String[]>of(new String[] {"l", "0o120777", "../../x"})), "symbolic link");
        assertRefused(store, unixZip(List.<String[]>of(new String[] {"l", "0o120777", "/etc"})), "symbolic link");
        // "here" -> "." is harmless on its own, but "here/up" -> "../x" would then resolve outside the root.
        assertRefused(store, unixZip(List.of(new String[] {"here", "0o120777", "."},
                new String[] {"here/up", "0o120777", "../x"})), "under a symbolic link");
        assertRefused(store, unixZip(List.of(new String[] {"sub/", "0o40755", ""}, new String[] {"d", "0o120777", "sub"},
                new String[] {"d/f.txt", "0o100644", "x"})), "under a symbolic link");
        PackageStore.Code ok = store.put(unixZip(List.of(new String[] {"a.py", "0o100644", "x=1"},
                new String[] {"b.py", "0o120777", "a.py"})));
        assertThat(Files.readString(store.codeDir(ok.sha256Hex()).resolve("b.py"))).isEqualTo("x=1");
    }

    @Test
    void a_failed_unpack_leaves_nothing_behind() throws Exception {
        var store = new PackageStore(dir, 1L << 30);
        assertRefused(store, zip(Map.of("fine.txt", "1", "../x", "2")), "outside");
        try (var left = Files.list(dir.resolve("code"))) {
            assertThat(left).isEmpty();
        }
        try (var left = Files.list(dir.resolve("packages"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void garbage_is_not_a_zip_and_storage_has_a_quota() throws Exception {
        var store = new PackageStore(dir, 1L << 30);
        assertRefused(store, "PK\u0003\u0004 not really".getBytes(StandardCharsets.ISO_8859_1), "Could not unzip");
        assertRefused(store, new byte[0], "Could not unzip");
        var tiny = new PackageStore(dir.resolve("tiny"), 10);
        assertThatThrownBy(() -> tiny.put(zip(Map.of("a", "b")))).isInstanceOfSatisfying(LambdaError.class,
                e -> assertThat(e.type()).isEqualTo("CodeStorageExceededException"));
    }

    @Test
    void packages_no_longer_referenced_are_removed() throws Exception {
        var store = new PackageStore(dir, 1L << 30);
        PackageStore.Code keep = store.put(zip(Map.of("a", "1")));
        PackageStore.Code drop = store.put(zip(Map.of("a", "2")));
        store.retainOnly(List.of(keep.sha256Hex()));
        assertThat(Files.exists(store.codeDir(keep.sha256Hex()))).isTrue();
        assertThat(Files.exists(store.codeDir(drop.sha256Hex()))).isFalse();
        assertThat(Files.exists(store.zipPath(drop.sha256Hex()))).isFalse();
    }
}
