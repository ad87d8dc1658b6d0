package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.cli.Cli.Run;
import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepwise functions size} on a package with a deliberately bloated dependency, and deploy's warning. */
class SizeCommandTest {
    static StepwiseServer server;

    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        server = StepwiseServer.start(ServerConfig.defaults(Files.createTempDirectory("stepwise-cli-size")).withPort(0).withExample(false));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Run remote(String... args) {
        return Cli.stepwiseAt(server.endpoint(), args);
    }

    private static final int MB = 1 << 20;

    /**
     * A function of 1 KB whose dependency "bloated" brings 40 MB: its own library (kept), its test suite, bytecode
     * caches, a licence in its dist-info, type stubs, a macOS and a Windows build of its library, and boto3.
     */
    private Path bloated() throws IOException {
        Path f = Files.createDirectories(dir.resolve("bloated-fn"));
        write(f, "app.py", 1024);
        write(f, "bloated/__init__.py", 1000);
        elf(f, "bloated/_core.cpython-312-x86_64-linux-gnu.so", 12 * MB, 62);
        write(f, "bloated/tests/test_core.py", 6 * MB);
        write(f, "bloated/tests/data/big.bin", 2 * MB);
        write(f, "bloated/__pycache__/__init__.cpython-312.pyc", MB);
        write(f, "bloated/core.pyi", MB / 2);
        write(f, "bloated-1.0.dist-info/METADATA", 2000);
        write(f, "bloated-1.0.dist-info/RECORD", 3000);
        write(f, "bloated-1.0.dist-info/LICENSE", MB / 2);
        magic(f, "bloated/_core.cpython-312-darwin.so", 8 * MB, new byte[] {(byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe});
        write(f, "bloated/_core.dll", 4 * MB);
        elf(f, "bloated/_core_arm.so", 2 * MB, 183); // built for arm64, the function is x86_64
        write(f, "boto3/__init__.py", MB);
        write(f, "botocore/data/big.json", 3 * MB);
        return f;
    }

    private static void write(Path folder, String name, int bytes) throws IOException {
        Path p = folder.resolve(name);
        Files.createDirectories(p.getParent());
        byte[] data = new byte[bytes];
        java.util.Arrays.fill(data, (byte) 'x');
        Files.write(p, data);
    }

    private static void elf(Path folder, String name, int bytes, int machine) throws IOException {
        byte[] head = new byte[20];
        head[0] = 0x7f; head[1] = 'E'; head[2] = 'L'; head[3] = 'F';
        head[18] = (byte) machine;
        magic(folder, name, bytes, head);
    }

    private static void magic(Path folder, String name, int bytes, byte[] head) throws IOException {
        write(folder, name, bytes);
        try (var f = new RandomAccessFile(folder.resolve(name).toFile(), "rw")) {
            f.write(head);
        }
    }

    @Test
    void size_of_a_folder_with_a_bloated_dependency_shows_its_largest_parts_and_what_is_safe_to_drop() throws Exception {
        Path folder = bloated();

        Run r = remote("functions", "size", folder.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("unzipped: 40 MB of Lambda's 250 MB limit for code and layers (16.0%)\n");
        assertThat(r.out()).containsPattern("(?m)^  code\\s+40 MB\\s+41,950,064\\s+15$");
        assertThat(r.out()).containsPattern("(?m)^largest folders:\\n  UNZIPPED\\s+FILES\\s+FOLDER\\n  36 MB\\s+9\\s+bloated/\\n"
                + "  3\\.0 MB\\s+1\\s+botocore/\\n  1\\.0 MB\\s+1\\s+boto3/\\n  517 KB\\s+3\\s+bloated-1\\.0\\.dist-info/\\n\\n");
        assertThat(r.out()).containsPattern("(?m)^largest files:\\n  UNZIPPED\\s+FILE\\n  12 MB\\s+bloated/_core.cpython-312-x86_64-linux-gnu.so\\n");
        assertThat(r.out()).contains("usually safe to drop: 28 MB in 10 files (70.0% of the package)");
        assertThat(r.out()).containsPattern("(?m)^\\s+14 MB\\s+3 files  binaries for other platforms$");
        assertThat(r.out()).containsPattern("(?m)^\\s+8\\.0 MB\\s+2 files  tests/ and test/ folders inside dependencies$");
        assertThat(r.out()).containsPattern("(?m)^\\s+4\\.0 MB\\s+2 files  boto3, botocore, s3transfer$");
        assertThat(r.out()).containsPattern("(?m)^\\s+1\\.0 MB\\s+1 file  __pycache__/ and \\*\\.pyc$");
        assertThat(r.out()).containsPattern("(?m)^\\s+512 KB\\s+1 file  \\*\\.dist-info files other than METADATA, RECORD");
        assertThat(r.out()).containsPattern("(?m)^\\s+512 KB\\s+1 file  \\*\\.pyi type stubs$");
        assertThat(r.out()).contains("e.g. bloated/tests/\n", "e.g. bloated/_core.cpython-312-darwin.so, bloated/_core.dll, bloated/_core_arm.so\n");
        assertThat(r.out()).doesNotContain("METADATA\n", "e.g. bloated-1.0.dist-info/RECORD", "_core.cpython-312-x86_64-linux-gnu.so\n                           ");
    }

    @Test
    void size_of_a_deployed_function_reads_the_code_the_server_serves_and_matches_the_folder() throws Exception {
        Path folder = bloated();
        Run deployed = remote("functions", "deploy", folder.toString(), "--name", "bloated", "--runtime", "python3.12",
                "--handler", "app.handler");

        Run remoteJson = remote("functions", "size", "bloated", "--json", "--top", "3");
        Run localJson = remote("functions", "size", folder.toString(), "--json", "--top", "3");

        assertThat(deployed.code()).as(deployed.err()).isZero();
        assertThat(deployed.err()).as("far from the limit: no warning").isEmpty();
        assertThat(remoteJson.code()).as(remoteJson.err()).isZero();
        assertThat(remoteJson.err()).isEmpty();
        JsonNode report = Json.parse(remoteJson.out());
        assertThat(report.path("UnzippedBytes").asLong()).isEqualTo(41_950_064L);
        assertThat(report.path("LimitBytes").asLong()).isEqualTo(262_144_000L);
        assertThat(report.path("Parts").size()).as("no layers").isEqualTo(1);
        assertThat(report.path("LargestFolders").size()).isEqualTo(3);
        assertThat(report.path("SafeToDropBytes").asLong()).isEqualTo(29_360_128L);
        assertThat(report.path("SafeToDrop").get(0).path("Kind").asText()).isEqualTo("OTHER_PLATFORMS");
        assertThat(report).isEqualTo(Json.parse(localJson.out()));
    }

    @Test
    void size_of_a_missing_function_is_refused_with_the_aws_error() {
        Run r = remote("functions", "size", "nobody");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ResourceNotFoundException: ").doesNotContain("\tat ");
    }

    @Test
    @Tag("slow")
    void deploy_warns_near_the_unzipped_limit_and_the_server_refuses_a_package_above_it() throws Exception {
        Path near = Files.createDirectories(dir.resolve("near"));
        Files.writeString(near.resolve("app.py"), "def handler(event, context):\n    return 1\n");
        sparse(near.resolve("data.bin"), 220_000_000L); // 84% of the limit; zeros, so the zip is small
        Path over = Files.createDirectories(dir.resolve("over"));
        Files.writeString(over.resolve("app.py"), "def handler(event, context):\n    return 1\n");
        sparse(over.resolve("data.bin"), 263_000_000L);

        Run warned = remote("functions", "deploy", near.toString(), "--name", "near", "--runtime", "python3.12", "--handler", "app.handler");
        Run refused = remote("functions", "deploy", over.toString(), "--name", "over", "--runtime", "python3.12", "--handler", "app.handler");

        assertThat(warned.code()).as(warned.err()).isZero();
        assertThat(warned.out()).startsWith("created ");
        assertThat(warned.err()).isEqualTo("stepwise: warning: " + near + " unzips to 210 MB, 84% of Lambda's 250 MB limit for code "
                + "and layers; `stepwise functions size " + near + "` shows what it could drop\n");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().lines().toList()).hasSize(2);
        assertThat(refused.err()).contains("stepwise: warning: " + over + " unzips to 251 MB, 100% of Lambda's")
                .contains("InvalidParameterValueException: Unzipped size must be smaller than 262144000 bytes");
        assertThat(remote("functions", "list").out()).contains("near").doesNotContain("over");
    }

    /** A file of zeros that takes no disk space. */
    private static void sparse(Path file, long bytes) throws IOException {
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
    }

}
