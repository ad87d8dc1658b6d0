package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.cli.Cli.Run;
import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import io.stepwise.tuning.Visualization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepwise tune} against a real server and a real function deployed with {@code stepwise functions deploy}. */
class TuneCommandTest {
    static StepwiseServer server;

    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        server = StepwiseServer.start(ServerConfig.defaults(Files.createTempDirectory("stepwise-cli-tune")).withPort(0)
                .withExample(false));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static Run remote(String... args) {
        return Cli.stepwiseAt(server.endpoint(), args);
    }

    Path function(String name, String code) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("app.py"), code);
        return folder;
    }

    @Test
    void tune_prints_a_row_per_size_with_the_recommendation_and_json_prints_the_output_alone() throws IOException {
        Path sleepy = function("sleepy", "import time\ndef handler(event, context):\n    time.sleep(0.1)\n"
                + "    return {'seen': event.get('k')}\n");
        Run deployed = remote("functions", "deploy", sleepy.toString(), "--name", "sleepy", "--runtime", "python3.12",
                "--handler", "app.handler", "--memory", "512");
        assertThat(deployed.code()).as(deployed.err()).isZero();

        Run table = remote("tune", "sleepy", "--power", "128,256", "--num", "5", "--payload", "{\"k\": 1}",
                "--architecture", "both");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).containsPattern(
                "MEMORY\\s+MEAN ms\\s+P50\\s+P90\\s+P99\\s+BILLED ms\\s+INIT ms\\s+COST x86_64\\s+COST arm64\\s+PER 1M");
        assertThat(table.out()).containsPattern("128 MB\\s+\\d+\\.\\d.*<- recommended")
                .containsPattern("256 MB\\s+\\d+\\.\\d")
                .contains("recommended: 128 MB (cost: the cheapest size measured, ties to the faster)")
                .contains("chart: " + server.endpoint() + "/power-tuning/#");
        assertThat(table.err()).contains("tuning sleepy: arn:aws:states:");

        Run json = remote("tune", "sleepy", "--power", "128,256", "--num", "5", "--strategy", "speed", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode out = Json.MAPPER.readTree(json.out());
        assertThat(json.out().strip().lines()).hasSize(1);
        assertThat(out.path("power").asInt()).isIn(128, 256);
        assertThat(out.path("stats")).hasSize(2);
        assertThat(Visualization.decode(out.path("stateMachine").path("visualization").asText()))
                .extracting(Visualization.Point::power).containsExactly(128, 256);
    }

    @Test
    void auto_optimize_applies_the_recommended_size_and_a_failed_run_exits_1() throws IOException {
        Path sleepy = function("lazy", "import time\ndef handler(event, context):\n    time.sleep(0.05)\n    return {}\n");
        remote("functions", "deploy", sleepy.toString(), "--name", "lazy", "--runtime", "python3.12", "--handler", "app.handler",
                "--memory", "1024");
        Run tuned = remote("tune", "lazy", "--power", "128,512", "--num", "5", "--auto-optimize", "--alias", "live");
        assertThat(tuned.code()).as(tuned.err()).isZero();
        Run listed = remote("functions", "list");
        assertThat(listed.out()).containsPattern("lazy\\s+python3.12\\s+app.handler\\s+128 MB");

        Run missing = remote("tune", "absent", "--num", "5");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("FAILED: ResourceNotFoundException");
        Run bad = remote("tune", "lazy", "--num", "3");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("Missing num or num below 5");
    }
}
