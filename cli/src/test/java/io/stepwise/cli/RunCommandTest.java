package io.stepwise.cli;

import static io.stepwise.cli.Cli.stepwise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.cli.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of("..", "examples", "hello");

    @TempDir Path dir;

    static String example(String file) { return EXAMPLE.resolve(file).toString(); }

    @Test
    void the_example_happy_path_prints_the_output_and_exits_0() throws Exception {
        Run r = stepwise("run", example("definition.json"), "--input=@" + example("input.json"),
                "--mock-config", example("mock-config.json"), "--test-case", "HappyPath");
        assertThat(r.code()).isZero();
        JsonNode output = JSON.readTree(r.out());
        assertThat(output.at("/summary/count").intValue()).isEqualTo(3);
        assertThat(output.at("/greetings/0/greeting").textValue()).isEqualTo("Hello, Ada!");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void a_failing_execution_prints_error_and_cause_and_exits_1() throws Exception {
        Run r = stepwise("run", example("definition.json"), "--input", "@" + example("input.json"),
                "--mock-config", example("mock-config.json"), "--test-case", "GreetFails");
        assertThat(r.code()).isEqualTo(1);
        JsonNode output = JSON.readTree(r.out());
        assertThat(output.get("error").textValue()).isEqualTo("Lambda.ServiceException");
        assertThat(output.has("cause")).isTrue();
    }

    @Test
    void history_goes_to_stderr_as_a_json_array() throws Exception {
        Run r = stepwise("run", example("definition.json"), "--input", "{\"users\": []}", "--history");
        assertThat(r.code()).isEqualTo(1);
        JsonNode events = JSON.readTree(r.err());
        assertThat(events.isArray()).isTrue();
        assertThat(events.get(0).get("type").textValue()).isEqualTo("ExecutionStarted");
        assertThat(events.get(0).get("id").intValue()).isEqualTo(1);
        assertThat(events.get(events.size() - 1).get("type").textValue()).isEqualTo("ExecutionFailed");
    }

    @Test
    void an_invalid_definition_prints_findings_and_exits_2() throws Exception {
        Path def = dir.resolve("bad.json");
        Files.writeString(def, "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}}}");
        Run r = stepwise("run", def.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("MISSING_TRANSITION_TARGET at /States/A/Next: ");
    }

    @Test
    void invalid_input_json_and_unreadable_files_exit_2() {
        Run badInput = stepwise("run", example("definition.json"), "--input", "{nope");
        assertThat(badInput.code()).isEqualTo(2);
        assertThat(badInput.err()).startsWith("InvalidExecutionInput at /: ");
        Run missing = stepwise("run", dir.resolve("missing.json").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("FILE_NOT_READABLE at /: ");
    }

    @Test
    void a_wait_scale_must_be_a_number_of_at_least_zero_and_a_small_one_runs_the_same_execution() throws Exception {
        Path def = dir.resolve("wait.json");
        Files.writeString(def, "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Wait\", \"Seconds\": 2, "
                + "\"End\": true}}}");

        Run negative = stepwise("run", def.toString(), "--wait-scale", "-1");
        Run notANumber = stepwise("run", def.toString(), "--wait-scale", "NaN");
        Run scaled = stepwise("run", def.toString(), "--wait-scale", "0.001", "--input", "{\"k\": 1}");

        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).isEqualTo("INVALID_OPTION at /: --wait-scale must be a number >= 0, not -1.0\n");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(scaled.code()).as(scaled.err()).isZero();
        assertThat(scaled.out()).isEqualTo("{\"k\":1}\n");
    }

    @Test
    void a_mock_config_needs_a_known_test_case() {
        Run noCase = stepwise("run", example("definition.json"), "--mock-config", example("mock-config.json"));
        assertThat(noCase.code()).isEqualTo(2);
        assertThat(noCase.err()).startsWith("INVALID_MOCK_CONFIG at /: ");
        Run unknown = stepwise("run", example("definition.json"), "--mock-config", example("mock-config.json"),
                "--test-case", "Nope", "--state-machine-name", "Hello");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("INVALID_MOCK_CONFIG at /StateMachines/Hello/TestCases: No test case 'Nope'");
    }

    @Test
    void the_state_machine_name_appears_in_the_execution_arn() throws Exception {
        Path def = dir.resolve("ctx.json");
        Files.writeString(def, "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", "
                + "\"Parameters\": {\"id.$\": \"$$.Execution.Id\"}, \"End\": true}}}");
        Run r = stepwise("run", def.toString(), "--state-machine-name", "Orders");
        assertThat(r.code()).isZero();
        assertThat(JSON.readTree(r.out()).get("id").textValue())
                .startsWith("arn:aws:states:us-east-1:123456789012:execution:Orders:");
    }

    @Test
    void non_ascii_output_is_escaped_so_any_encoding_reads_it() throws Exception {
        Path def = dir.resolve("pass.json");
        Files.writeString(def, "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}}");
        Run r = stepwise("run", def.toString(), "--input", "{\"name\": \"\u00c5got \u2603\"}");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("{\"name\":\"\\u00C5got \\u2603\"}");
        assertThat(JSON.readTree(r.out()).get("name").textValue()).isEqualTo("\u00c5got \u2603");
    }
}
