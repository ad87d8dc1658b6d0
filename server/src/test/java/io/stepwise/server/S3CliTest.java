package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3 object API driven by the AWS CLI v2 ({@code /usr/bin/aws s3 ...}, {@code aws s3api ...}) and by Python's boto3,
 * as subprocesses with {@code --endpoint-url}. Skipped where either is missing.
 */
class S3CliTest {
    static final Path AWS = Path.of("/usr/bin/aws");
    static TestServer server;
    static Path work;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void start() throws IOException {
        work = Files.createTempDirectory("s3-cli");
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Run run(List<String> command) throws IOException, InterruptedException {
        return run(command, "x");
    }

    static Run run(List<String> command, String secret) throws IOException, InterruptedException {
        var pb = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDS3CLI", "AWS_SECRET_ACCESS_KEY", secret, "AWS_DEFAULT_REGION", "us-east-1", "AWS_PAGER", "",
                "AWS_CONFIG_FILE", work.resolve("none").toString(), "AWS_SHARED_CREDENTIALS_FILE", work.resolve("none").toString()));
        pb.redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile());
        int exit = pb.start().waitFor();
        return new Run(exit, Files.readString(work.resolve("stdout")), Files.readString(work.resolve("stderr")));
    }

    static Run aws(String... args) throws IOException, InterruptedException {
        return awsAt(server.endpoint(), "x", args);
    }

    /** The CLI against {@code endpoint}, signing with the key {@code AKIDS3CLI} and this secret; it must succeed. */
    static Run awsAt(String endpoint, String secret, String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(AWS), "the AWS CLI v2 is not installed at /usr/bin/aws (scripts/setup-test-deps.sh)");
        List<String> command = new ArrayList<>(List.of(AWS.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint));
        Run r = run(command, secret);
        assertThat(r.exit()).as("aws %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    @Test
    void the_aws_cli_copies_lists_and_removes_objects_including_a_12_mb_multipart_upload() throws Exception {
        Path csv = Files.writeString(work.resolve("users.csv"), "id,name\n1,Ada\n");
        byte[] big = new byte[12 << 20];
        new Random(12).nextBytes(big);
        Path bin = Files.write(work.resolve("big.bin"), big);

        aws("s3", "mb", "s3://reports");
        aws("s3", "cp", csv.toString(), "s3://reports/");
        aws("s3", "cp", bin.toString(), "s3://reports/raw/big.bin");
        String ls = aws("s3", "ls", "s3://reports/").out();
        String lsRecursive = aws("s3", "ls", "--recursive", "s3://reports").out();
        JsonNode listed = new ObjectMapper().readTree(aws("s3api", "list-objects-v2", "--no-paginate", "--bucket", "reports", "--prefix", "raw/").out());
        aws("s3", "cp", "s3://reports/raw/big.bin", work.resolve("back.bin").toString());
        JsonNode head = new ObjectMapper().readTree(aws("s3api", "head-object", "--bucket", "reports", "--key", "raw/big.bin").out());

        assertThat(ls).contains("PRE raw/").contains("users.csv");
        assertThat(lsRecursive).contains(" 12582912 raw/big.bin").contains(" 14 users.csv");
        assertThat(listed.path("KeyCount").asInt()).as(listed.toString()).isEqualTo(1);
        assertThat(listed.path("Contents").get(0).path("Key").asText()).isEqualTo("raw/big.bin");
        assertThat(head.path("ETag").asText()).as("a multipart ETag").matches("\"[0-9a-f]{32}-2\"");
        assertThat(Files.readAllBytes(work.resolve("back.bin"))).isEqualTo(big);

        aws("s3", "rm", "--recursive", "s3://reports");
        aws("s3", "rb", "s3://reports");
        assertThat(aws("s3", "ls").out()).doesNotContain("reports");
    }

    @Test
    void the_aws_cli_signs_uploads_and_listings_that_a_sigv4_server_verifies() throws Exception {
        byte[] big = new byte[9 << 20];
        new Random(9).nextBytes(big);
        Path bin = Files.write(work.resolve("signed.bin"), big);
        try (var secured = TestServer.start(TestServer.config(TestServer.tempDir(), false)
                .withAuth(new Auth.SigV4(AccessKeys.of("AKIDS3CLI", "cli/secret+key"))))) {
            String e = secured.endpoint();
            awsAt(e, "cli/secret+key", "s3", "mb", "s3://signed");
            awsAt(e, "cli/secret+key", "s3", "cp", bin.toString(), "s3://signed/dir with spaces/ü+=,;.bin");
            JsonNode v1 = new ObjectMapper().readTree(awsAt(e, "cli/secret+key", "s3api", "list-objects", "--bucket", "signed").out());
            awsAt(e, "cli/secret+key", "s3", "sync", "s3://signed", work.resolve("synced").toString());
            var wrong = run(List.of(AWS.toString(), "s3", "ls", "s3://signed", "--endpoint-url", e), "wrong");

            assertThat(v1.path("Contents").get(0).path("Key").asText()).isEqualTo("dir with spaces/ü+=,;.bin");
            assertThat(v1.path("Contents").get(0).path("Size").asLong()).isEqualTo(big.length);
            assertThat(Files.readAllBytes(work.resolve("synced/dir with spaces/ü+=,;.bin"))).isEqualTo(big);
            assertThat(wrong.exit()).isNotZero();
            assertThat(wrong.err()).contains("SignatureDoesNotMatch");
        }
    }

    @Test
    void boto3_puts_gets_and_lists_with_a_paginator() throws Exception {
        String python = run(List.of("python3", "-c", "import boto3")).exit() == 0 ? "python3" : "/usr/bin/python3";
        assumeTrue(run(List.of(python, "-c", "import boto3")).exit() == 0, "no python3 with boto3 (scripts/setup-test-deps.sh)");
        String script = """
                import boto3, sys
                s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                                  aws_access_key_id="x", aws_secret_access_key="x")
                s3.create_bucket(Bucket="pyb")
                for i in range(12):
                    s3.put_object(Bucket="pyb", Key=f"items/{i:02d}.json", Body=b'{"n": %d}' % i, Metadata={"n": str(i)})
                got = s3.get_object(Bucket="pyb", Key="items/07.json")
                print(got["Body"].read().decode(), got["Metadata"]["n"], got["ContentLength"])
                keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket="pyb", Prefix="items/",
                        PaginationConfig={"PageSize": 5}) for o in page.get("Contents", [])]
                print(len(keys), keys[0], keys[-1])
                try:
                    s3.get_object(Bucket="pyb", Key="missing")
                except s3.exceptions.NoSuchKey as e:
                    print("NoSuchKey", e.response["ResponseMetadata"]["HTTPStatusCode"])
                """;
        Run r = run(List.of(python, "-c", script, server.endpoint()));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("{\"n\": 7} 7 8", "12 items/00.json items/11.json", "NoSuchKey 404");
    }
}
