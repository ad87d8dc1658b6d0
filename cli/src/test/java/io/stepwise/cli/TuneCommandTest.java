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
                .contains("chart: " + server.endpoint() + "/console/power-tuning#");
        assertThat(table.err()).contains("tuning sleepy: arn:aws:states:");

        Path chart = dir.resolve("sleepy.svg");
        Run json = remote("tune", "sleepy", "--power", "128,256", "--num", "5", "--strategy", "speed", "--json",
                "--chart", chart.toString());
        assertThat(Files.readString(chart)).startsWith("<?xml").contains("recommended: ").contains("256");
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

    @Test
    void a_workflow_is_tuned_as_a_whole_from_the_payloads_of_one_real_execution() throws IOException {
        Path fetch = function("fetch", "import time\ndef handler(event, context):\n    time.sleep(0.05)\n"
                + "    return {'item': event['item'], 'rows': 3}\n");
        Path crunch = function("crunch", "def handler(event, context):\n    n = 0\n    for i in range(120000):\n"
                + "        n += i % 7\n    return {'n': n + event['rows']}\n");
        assertThat(remote("functions", "deploy", fetch.toString(), "--name", "fetch", "--runtime", "python3.12",
                "--handler", "app.handler", "--memory", "1024").code()).isZero();
        assertThat(remote("functions", "deploy", crunch.toString(), "--name", "crunch", "--runtime", "python3.12",
                "--handler", "app.handler", "--memory", "256").code()).isZero();
        Path definition = Files.writeString(dir.resolve("pipeline.json"), ("{'StartAt': 'Each', 'States': {'Each': "
                + "{'Type': 'Map', 'ItemsPath': '$.items', 'ItemSelector': {'item.$': '$$.Map.Item.Value'}, "
                + "'ItemProcessor': {'StartAt': 'Fetch', 'States': {"
                + "'Fetch': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Parameters': "
                + "{'FunctionName': 'fetch', 'Payload.$': '$'}, 'OutputPath': '$.Payload', 'Next': 'Crunch'},"
                + "'Crunch': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:crunch', "
                + "'End': true}}}, 'End': true}}}").replace('\'', '"'));
        assertThat(remote("workflows", "create", "pipeline", "--definition", definition.toString()).code()).isZero();

        Run tuned = remote("tune", "--workflow", "pipeline", "--input", "{\"items\": [1, 2, 3, 4, 5, 6]}", "--power",
                "128,1769", "--num", "5");
        assertThat(tuned.code()).as(tuned.err()).isZero();
        assertThat(tuned.out().lines().findFirst().orElseThrow()).containsPattern(
                "FUNCTION\\s+CALLS/RUN\\s+NOW\\s+MEAN ms\\s+COST/RUN\\s+TUNED\\s+MEAN ms\\s+COST/RUN");
        assertThat(tuned.out()).containsPattern("fetch\\s+6\\s+1024 MB\\s+\\S+\\s+\\S+\\s+128 MB")
                .containsPattern("crunch\\s+6\\s+256 MB");
        var total = java.util.regex.Pattern.compile("one execution of pipeline: \\$(\\S+) now, \\$(\\S+) tuned")
                .matcher(tuned.out());
        assertThat(total.find()).as(tuned.out()).isTrue();
        assertThat(Double.parseDouble(total.group(2))).isLessThan(Double.parseDouble(total.group(1)));
        assertThat(tuned.err()).contains("running pipeline once to see what it calls", "tuning fetch: ",
                "tuning crunch: ");

        Run json = remote("tune", "--workflow", "pipeline", "--input", "{\"items\": [1, 2]}", "--power", "128,512",
                "--num", "5", "--json");
        JsonNode o = Json.MAPPER.readTree(json.out());
        assertThat(o.path("functions")).extracting(f -> f.path("function").asText()).containsExactly("fetch", "crunch");
        assertThat(o.path("functions").get(0).path("calls").asInt()).isEqualTo(2);
        assertThat(o.path("functions").get(0).path("tuning").path("stats")).hasSize(3);   // 128, 512 and its 1024
        assertThat(o.path("costPerExecutionTuned").asDouble()).isLessThanOrEqualTo(o.path("costPerExecutionNow")
                .asDouble());
        assertThat(remote("tune").code()).isEqualTo(2);
    }

    @Test
    void the_weekly_report_workflow_is_tuned_as_a_whole() throws IOException {
        Path example = Path.of("..", "examples", "weekly-report");
        assertThat(remote("functions", "deploy", example.resolve("function").toString(), "--name", "weekly-report",
                "--runtime", "python3.12", "--handler", "app.handler", "--memory", "512", "--timeout", "30").code())
                .isZero();
        assertThat(remote("workflows", "create", "weekly-report", "--definition",
                example.resolve("definition.json").toString()).code()).isZero();

        // the function fails now and then (TransientError, retried by the workflow) and for closed accounts
        // (AccountClosedError, caught): both are its normal behaviour, so they count as measurements
        Run tuned = remote("tune", "--workflow", "weekly-report", "--input", "@" + example.resolve("input.json"),
                "--power", "128,256,1024", "--num", "10", "--allowed-exceptions", "TransientError,AccountClosedError");
        assertThat(tuned.code()).as(tuned.err()).isZero();
        assertThat(tuned.out()).containsPattern("weekly-report\\s+1\\d\\d\\d\\s+512 MB\\s+\\S+\\s+\\S+\\s+\\d+ MB")
                .contains("one execution of weekly-report: $");
    }
}
