package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A package with layers, zipped as deploy zips it: each part on its own, and dependencies found where runtimes look. */
class PackageSizeTest {
    @TempDir Path dir;

    private Path folder(String name, String... pathsAndSizes) throws IOException {
        Path f = dir.resolve(name);
        for (int i = 0; i < pathsAndSizes.length; i += 2) {
            Path p = f.resolve(pathsAndSizes[i]);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[Integer.parseInt(pathsAndSizes[i + 1])]);
        }
        return f;
    }

    @Test
    void the_code_and_each_layer_are_counted_apart_and_a_layers_dependencies_are_found_below_its_site_packages() throws Exception {
        PackageSize size = new PackageSize("arm64");
        size.addZip("code", new ByteArrayInputStream(FolderZip.zip(folder("code", "app.py", "1000", "lib/helpers.py", "3000"))));
        size.addZip("layer arn:aws:lambda:us-east-1:123456789012:layer:science:3", new ByteArrayInputStream(FolderZip.zip(folder("science",
                "python/lib/python3.12/site-packages/numpy/core/_multiarray.so", "5000000",
                "python/lib/python3.12/site-packages/numpy/tests/test_core.py", "700000",
                "python/lib/python3.12/site-packages/numpy-2.0.dist-info/RECORD", "9000",
                "nodejs/node_modules/@aws-sdk/client-s3/dist/index.js", "400000",
                "nodejs/node_modules/@aws-sdk/client-s3/dist/index.d.ts", "90000"))));

        StringWriter text = new StringWriter();
        SizeReport.print(new PrintWriter(text), size, 3);

        assertThat(size.parts()).extracting(PackageSize.Part::name, PackageSize.Part::bytes, PackageSize.Part::files).containsExactly(
                org.assertj.core.groups.Tuple.tuple("code", 4000L, 2),
                org.assertj.core.groups.Tuple.tuple("layer arn:aws:lambda:us-east-1:123456789012:layer:science:3", 6_199_000L, 5));
        assertThat(size.total()).isEqualTo(6_203_000L);
        assertThat(size.largestFolders(5)).extracting(PackageSize.Folder::path).containsExactly(
                "python/lib/python3.12/site-packages/numpy/", "nodejs/node_modules/@aws-sdk/client-s3/",
                "python/lib/python3.12/site-packages/numpy-2.0.dist-info/", "lib/");
        assertThat(size.findings()).extracting(f -> f.kind(), f -> f.bytes()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Droppable.OTHER_PLATFORMS, 5_000_000L), // zeros: not an ELF library at all
                org.assertj.core.groups.Tuple.tuple(Droppable.TESTS, 700_000L),
                org.assertj.core.groups.Tuple.tuple(Droppable.NODE_EXTRAS, 90_000L));
        assertThat(text.toString()).contains("layer arn:aws:lambda:us-east-1:123456789012:layer:science:3: python/lib/python3.12/site-packages/numpy/\n")
                .containsPattern("(?m)^  code\\s+4 KB\\s+4,000\\s+2$");
    }

    @Test
    void a_library_built_for_the_functions_own_architecture_is_kept_and_one_for_the_other_is_not() {
        byte[] x86 = new byte[20];
        byte[] arm = new byte[20];
        for (byte[] h : new byte[][] {x86, arm}) {
            h[0] = 0x7f; h[1] = 'E'; h[2] = 'L'; h[3] = 'F';
        }
        x86[18] = 62;
        arm[18] = (byte) 183;

        assertThat(Droppable.of("pkg/_native.so", x86, "x86_64")).isNull();
        assertThat(Droppable.of("pkg/_native.so", arm, "x86_64")).isEqualTo(Droppable.OTHER_PLATFORMS);
        assertThat(Droppable.of("pkg/_native.so", arm, "arm64")).isNull();
        assertThat(Droppable.of("node_modules/@esbuild/linux-x64/bin/esbuild", new byte[0], "x86_64")).isNull();
        assertThat(Droppable.of("node_modules/@esbuild/darwin-arm64/bin/esbuild", new byte[0], "x86_64")).isEqualTo(Droppable.OTHER_PLATFORMS);
        assertThat(Droppable.of("node_modules/lodash/windows.js", new byte[0], "x86_64")).as("a file name alone").isNull();
        assertThat(Droppable.of("tests/test_app.py", new byte[0], "x86_64")).as("the function's own tests folder").isNull();
        assertThat(Droppable.of("pkg-1.0.dist-info/entry_points.txt", new byte[0], "x86_64")).isNull();
        assertThat(Droppable.of("pkg-1.0.dist-info/licenses/LICENSE", new byte[0], "x86_64")).isEqualTo(Droppable.DIST_INFO);
        assertThat(Droppable.of("python/botocore/data/endpoints.json", new byte[0], "x86_64")).isEqualTo(Droppable.BOTO3);
        assertThat(Droppable.of("boto3-1.35.0.dist-info/METADATA", new byte[0], "x86_64")).isEqualTo(Droppable.BOTO3);
    }
}
