package io.stepwise.cli;

import static io.stepwise.cli.Cli.stepwise;
import static io.stepwise.cli.Cli.stepwiseAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.cli.Cli.Run;
import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepwise run --functions-endpoint}: a local run whose unmocked Lambda tasks call a real server's functions. */
class RunFunctionsEndpointTest {
    static StepwiseServer server;
    static Path data;

    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        data = Files.createTempDirectory("stepwise-run-endpoint");
        server = StepwiseServer.start(ServerConfig.defaults(data).withPort(0).withExample(false));
        Path code = Files.createDirectories(data.resolve("double-src"));
        Files.writeString(code.resolve("app.py"), """
                def handler(event, context):
                    if event["n"] < 0:
                        raise ValueError("n must not be negative, not %d" % event["n"])
                    return {"n": event["n"] * 2}
                """);
        Run deployed = stepwiseAt(server.endpoint(), "functions", "deploy", code.toString(), "--name", "double",
                "--runtime", "python3.12", "--handler", "app.handler");
        assertThat(deployed.code()).as(deployed.err()).isZero();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private Path file(String name, String singleQuoted) throws IOException {
        return Files.writeString(dir.resolve(name), singleQuoted.replace('\'', '"'));
    }

    private Path definition() throws IOException {
        return file("definition.json", """
                {'StartAt': 'Lookup', 'States': {
                  'Lookup': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:not-deployed',
                             'ResultPath': '$.looked', 'Next': 'Double'},
                  'Double': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:double',
                             'InputPath': '$.item', 'ResultPath': '$.doubled', 'Next': 'Again'},
                  'Again': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
                            'Parameters': {'FunctionName': 'double', 'Payload': {'n.$': '$.doubled.n'}},
                            'ResultSelector': {'n.$': '$.Payload.n', 'version.$': '$.ExecutedVersion'},
                            'ResultPath': '$.again', 'Next': 'Negative'},
                  'Negative': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',
                               'Parameters': {'FunctionName': 'double', 'Payload': {'n': -1}},
                               'Catch': [{'ErrorEquals': ['ValueError'], 'ResultPath': '$.caught', 'Next': 'Done'}],
                               'Next': 'Done'},
                  'Done': {'Type': 'Pass', 'End': true}}}""");
    }

    @Test
    void mocked_states_take_the_mock_and_the_others_call_the_servers_functions_with_their_results_and_errors()
            throws Exception {
        Path mocks = file("mocks.json", """
                {'StateMachines': {'Local': {'TestCases': {'Mixed': {'Lookup': 'Found'}}}},
                 'MockedResponses': {'Found': {'0': {'Return': {'user': 'u1'}}}}}""");

        Run r = stepwise("run", definition().toString(), "--input", "{\"item\": {\"n\": 21}}", "--mock-config",
                mocks.toString(), "--test-case", "Mixed", "--state-machine-name", "Local",
                "--functions-endpoint", server.endpoint(), "--history");

        assertThat(r.code()).as(r.err()).isZero();
        var out = Json.parse(r.out());
        assertThat(out.path("looked").path("user").textValue()).isEqualTo("u1");      // the mock, not a call
        assertThat(out.path("doubled").path("n").intValue()).isEqualTo(42);
        assertThat(out.path("again").path("n").intValue()).isEqualTo(84);
        assertThat(out.path("again").path("version").textValue()).isEqualTo("$LATEST");
        assertThat(out.path("caught").path("Error").textValue()).isEqualTo("ValueError");
        assertThat(out.path("caught").path("Cause").textValue()).contains("n must not be negative, not -1");
        assertThat(r.err()).contains("\"LambdaFunctionSucceeded\"", "\"TaskFailed\"");
    }

    @Test
    void without_the_endpoint_the_same_run_fails_on_the_first_unmocked_state() throws Exception {
        Path mocks = file("mocks.json", """
                {'StateMachines': {'Local': {'TestCases': {'Mixed': {'Lookup': 'Found'}}}},
                 'MockedResponses': {'Found': {'0': {'Return': {'user': 'u1'}}}}}""");

        Run r = stepwise("run", definition().toString(), "--input", "{\"item\": {\"n\": 21}}", "--mock-config",
                mocks.toString(), "--test-case", "Mixed", "--state-machine-name", "Local");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("No mocked response for the Task state 'Double'");
    }

    @Test
    void a_task_of_another_service_must_be_mocked() throws Exception {
        Path definition = file("queue.json", """
                {'StartAt': 'Send', 'States': {'Send': {'Type': 'Task', 'Resource': 'arn:aws:states:::sqs:sendMessage',
                  'Parameters': {'QueueUrl': 'q', 'MessageBody': 'hi'}, 'End': true}}}""");

        Run r = stepwise("run", definition.toString(), "--functions-endpoint", server.endpoint());

        assertThat(r.code()).isEqualTo(1);
        assertThat(Json.parse(r.out()).path("cause").textValue())
                .contains("arn:aws:states:::sqs:sendMessage", "'Send'", "mock it in the test case");
    }

    @Test
    void an_endpoint_with_no_server_exits_3_before_running_anything() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        Run r = stepwise("run", definition().toString(), "--functions-endpoint", "http://127.0.0.1:" + port);

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("cannot reach the functions endpoint http://127.0.0.1:" + port);
    }
}
