package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Unsafe packages are refused with AWS's error and leave nothing behind outside the data folder. */
class PackageSafetyTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void deploy(String name, byte[] zip) {
        server.lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("index.handler").code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    private static void assertRejected(String name, byte[] zip, String messagePart) {
        assertThatThrownBy(() -> deploy(name, zip)).isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining(messagePart);
        assertThatThrownBy(() -> server.lambda.getFunction(b -> b.functionName(name))).hasMessageContaining("Function not found");
    }

    @Test
    void bytes_that_are_not_a_zip_are_refused() {
        assertRejected("notzip", "this is not a zip".getBytes(), "Could not unzip uploaded file");
        byte[] good = Zips.zip(Map.of("index.py", "def handler(e, c): return 1\n".getBytes()));
        assertRejected("truncated", java.util.Arrays.copyOf(good, good.length / 2), "Could not unzip uploaded file");
    }

    @Test
    void zip_slip_paths_are_refused() {
        assertRejected("slip", Zips.zip(Map.of("../../evil.py", "x".getBytes())), "outside the task root");
        assertRejected("slip2", Zips.zip(Map.of("a/../../evil.py", "x".getBytes())), "outside the task root");
    }

    @Test
    void absolute_paths_are_refused() {
        assertRejected("abs", Zips.zip(Map.of("/tmp/stepwise-evil.py", "x".getBytes())), "absolute path");
        assertThat(Files.exists(Path.of("/tmp/stepwise-evil.py"))).isFalse();
    }

    @Test
    void symbolic_links_out_of_the_task_root_are_refused_and_links_inside_are_kept() {
        assertRejected("link-out", Zips.withSymlink("passwd", "../../../../etc/passwd"), "symbolic link");
        assertRejected("link-abs", Zips.withSymlink("passwd", "/etc/passwd"), "symbolic link");
        deploy("link-in", Zips.withSymlink("alias.py", "index.py"));
        assertThat(server.lambda.invoke(b -> b.functionName("link-in")).payload().asUtf8String()).isEqualTo("1");
    }

    @Test
    void ten_gigabytes_of_compressed_zeros_stop_at_250_mb_unzipped() throws IOException {
        byte[] bomb = Zips.zerosBomb("zeros.bin", 10L << 30);
        assertThat(bomb.length).isLessThan(12 << 20); // about 10 MB on the wire, 10 GiB once inflated
        assertRejected("bomb", bomb, "Unzipped size must be smaller than 262144000 bytes");
        try (var left = Files.list(server.dataDir.resolve("code"))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void the_crafted_bomb_is_a_well_formed_zip_of_zeros() throws IOException {
        // guards the test above: a malformed bomb would be refused for the wrong reason
        byte[] small = Zips.zerosBomb("zeros.bin", 3L << 20);
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(small))) {
            assertThat(in.getNextEntry().getName()).isEqualTo("zeros.bin");
            byte[] all = in.readAllBytes();
            assertThat(all).hasSize(3 << 20).containsOnly(0);
            assertThat(in.getNextEntry()).isNull();
        }
        deploy("small-zeros", small); // the store accepts it: same bytes, under the limit
    }

    @Test
    void a_package_over_50_mb_zipped_is_too_large() {
        byte[] big = new byte[(50 << 20) + 1];
        new java.util.Random(7).nextBytes(big);
        assertThatThrownBy(() -> deploy("huge", big)).isInstanceOfSatisfying(
                software.amazon.awssdk.services.lambda.model.LambdaException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(413);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestTooLargeException");
                });
    }
}
