package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.cli.Cli.Run;
import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The distributed variant of the main job's example ({@code examples/weekly-report/distributed}) run on a real server
 * as its README says: the function deployed from its folder, {@code users.csv} put into the bucket {@code weekly-report}
 * of the server's S3 API (here with the SDK's S3 client, where the README uses {@code aws s3 cp}), the state machine
 * created and started with {@code stepwise workflows ... --wait}, then the ResultWriter's files read back.
 */
class WeeklyReportDistributedTest {
    static final Path EXAMPLE = Path.of("..", "examples", "weekly-report");
    static StepwiseServer server;
    static S3Client s3;

    @BeforeAll
    static void startServer() throws IOException {
        server = StepwiseServer.start(ServerConfig.defaults(Files.createTempDirectory("stepwise-cli-weekly-distributed"))
                .withPort(0).withExample(false));
        s3 = Cli.s3(server.endpoint());
    }

    @AfterAll
    static void stopServer() {
        s3.close();
        server.close();
    }

    static Run remote(String... args) {
        return Cli.stepwiseAt(server.endpoint(), args);
    }

    static JsonNode object(String key) {
        return Json.parse(s3.getObjectAsBytes(b -> b.bucket("weekly-report").key(key)).asUtf8String());
    }

    @Test
    void builds_the_reports_of_the_users_in_the_csv_100_per_call_and_writes_the_inline_variants_figures_to_the_bucket() {
        Run deployed = remote("functions", "deploy", EXAMPLE.resolve("function").toString(), "--name", "weekly-report",
                "--runtime", "python3.12", "--handler", "app.handler", "--memory", "128");
        s3.createBucket(b -> b.bucket("weekly-report"));
        s3.putObject(b -> b.bucket("weekly-report").key("users.csv"),
                RequestBody.fromFile(EXAMPLE.resolve("distributed/users.csv")));
        Run created = remote("workflows", "create", "weekly-report-distributed", "--definition",
                EXAMPLE.resolve("distributed/definition.json").toString());

        Run run = remote("workflows", "start", "weekly-report-distributed", "--name", "week-49", "--input",
                "@" + EXAMPLE.resolve("distributed/input.json"), "--wait");

        assertThat(deployed.code()).as(deployed.err()).isZero();
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("weekly-report-distributed:week-49: Users map run: 1,000/1,000 items, 1,000 succeeded, "
                + "0 failed, 0 running, SUCCEEDED (");
        JsonNode output = Json.parse(run.out());
        String mapRun = output.path("MapRunArn").asText();
        assertThat(mapRun).startsWith("arn:aws:states:us-east-1:123456789012:mapRun:weekly-report-distributed/Users:");
        assertThat(output.at("/ResultWriterDetails/Bucket").asText()).isEqualTo("weekly-report");
        String runId = mapRun.substring(mapRun.lastIndexOf(':') + 1);
        assertThat(output.at("/ResultWriterDetails/Key").asText()).isEqualTo("results/" + runId + "/manifest.json");

        JsonNode manifest = object("results/" + runId + "/manifest.json");
        assertThat(manifest.path("MapRunArn").asText()).isEqualTo(mapRun);
        assertThat(manifest.at("/ResultFiles/FAILED")).isEmpty();
        assertThat(manifest.at("/ResultFiles/PENDING")).isEmpty();
        List<JsonNode> batches = new ArrayList<>();
        manifest.at("/ResultFiles/SUCCEEDED").forEach(f -> object(f.path("Key").asText())
                .forEach(child -> batches.add(Json.parse(child.path("Output").asText()))));
        assertThat(batches).hasSize(10).allSatisfy(b -> {
            assertThat(b.path("week").asText()).isEqualTo("2026-W49");
            assertThat(b.path("users").asInt()).isEqualTo(100);
        });
        // the same figures as the inline variant's Summarize state (examples/weekly-report/README.md)
        List<String> failedUsers = new ArrayList<>();
        batches.forEach(b -> b.path("failedUsers").forEach(u -> failedUsers.add(u.asText())));
        assertThat(failedUsers).containsExactlyInAnyOrder("u0009", "u0338", "u0352", "u0570", "u0738", "u0746", "u0802",
                "u0816", "u0918");
        assertThat(batches.stream().mapToInt(b -> b.path("reportsBuilt").asInt()).sum()).isEqualTo(991);
        assertThat(batches.stream().mapToInt(b -> b.path("transactions").asInt()).sum()).isEqualTo(22_293);
        assertThat(batches.stream().mapToDouble(b -> b.path("totalAmount").asDouble()).sum()).isCloseTo(2_003_132.16, within(0.005));
    }
}
