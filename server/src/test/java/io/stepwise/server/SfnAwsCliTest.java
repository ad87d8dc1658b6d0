package io.stepwise.server;

import static io.stepwise.server.Workflows.PASS;
import static io.stepwise.server.Workflows.ROLE;
import static io.stepwise.server.Workflows.WAIT_LONG;
import static io.stepwise.server.Workflows.executionArn;
import static io.stepwise.server.Workflows.machineArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Every Step Functions operation Stepwise serves through the real AWS CLI v2 ({@code /usr/bin/aws stepfunctions ...
 * --endpoint-url}), with its pagination and one refusal of each error family. The CLI is pointed at botocore's current
 * Step Functions model ({@code AWS_DATA_PATH}, test resources) so that an older CLI knows the operations added since
 * 2023. StartSyncExecution goes to {@code sync-localhost} (the CLI always adds the {@code sync-} host prefix):
 * {@code scripts/setup-test-deps.sh} makes that name resolve. Skipped when {@code /usr/bin/aws} is not installed.
 */
class SfnAwsCliTest {
    static final Path AWS = Path.of("/usr/bin/aws");
    static TestServer server;
    static Path work;
    static Path models;

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return Workflows.json(out);
        }

        Run ok() {
            assertThat(exit).as(err).isZero();
            return this;
        }

        /** The CLI's refusal: exit 254 and AWS's error code and message on stderr. */
        void refused(String operation, String code, String message) {
            assertThat(exit).as(out + err).isEqualTo(254);
            assertThat(err.strip()).isEqualTo("An error occurred (" + code + ") when calling the " + operation
                    + " operation: " + message);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(AWS), "the AWS CLI v2 is not installed (scripts/setup-test-deps.sh installs it)");
        work = Files.createTempDirectory("sfn-cli");
        models = Path.of(SfnAwsCliTest.class.getResource("/aws-cli-models").toURI());
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** StartSyncExecution goes to the {@code sync-} host: {@code sync-localhost} can resolve, {@code sync-127.0.0.1} cannot. */
    static Run sfn(String... args) throws IOException, InterruptedException {
        boolean sync = args[0].equals("start-sync-execution");
        if (sync) {
            assumeTrue(SfnExecutionsTest.resolves("sync-localhost"), "sync-localhost does not resolve: "
                    + "scripts/setup-test-deps.sh adds it to /etc/hosts (as root)");
        }
        return cli("http://" + (sync ? "localhost" : "127.0.0.1") + ":" + server.server.port(), args);
    }

    /** {@code aws stepfunctions ARGS --endpoint-url ENDPOINT}, with test credentials and no config files. */
    static Run cli(String endpoint, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(AWS.toString(), "stepfunctions"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--endpoint-url", endpoint, "--output", "json"));
        var pb = new ProcessBuilder(cmd).directory(work.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_PAGER", "", "AWS_CONFIG_FILE", work.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", work.resolve("none").toString(), "AWS_DATA_PATH", models.toString()));
        pb.redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile());
        int exit = pb.start().waitFor();
        return new Run(exit, Files.readString(work.resolve("stdout")), Files.readString(work.resolve("stderr")));
    }

    /** Waits through the SDK (a CLI call costs a second), then describes the execution with the CLI. */
    static JsonNode awaitEnd(String executionArn) throws IOException, InterruptedException {
        Workflows.awaitEnd(server.sfn, executionArn);
        return sfn("describe-execution", "--execution-arn", executionArn).ok().json();
    }

    @Test
    void state_machines_versions_aliases_and_tags_with_the_aws_cli() throws Exception {
        String arn = machineArn("cli-machine");
        Run created = sfn("create-state-machine", "--name", "cli-machine", "--definition", PASS, "--role-arn", ROLE,
                "--publish", "--version-description", "first", "--tags", "key=team,value=ops").ok();
        assertThat(created.json().get("stateMachineArn").asText()).isEqualTo(arn);
        assertThat(created.json().get("stateMachineVersionArn").asText()).isEqualTo(arn + ":1");
        assertThat(created.json().get("creationDate").asText()).as("botocore parsed the epoch-seconds timestamp")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");

        JsonNode d = sfn("describe-state-machine", "--state-machine-arn", arn).ok().json();
        assertThat(d.get("definition").asText()).isEqualTo(PASS);
        assertThat(d.at("/loggingConfiguration/level").asText()).isEqualTo("OFF");
        assertThat(d.get("status").asText()).isEqualTo("ACTIVE");

        JsonNode updated = sfn("update-state-machine", "--state-machine-arn", arn, "--definition", PASS.replace("world", "cli"),
                "--publish", "--version-description", "second").ok().json();
        assertThat(updated.get("stateMachineVersionArn").asText()).isEqualTo(arn + ":2");
        assertThat(updated.get("revisionId").asText()).isNotBlank();
        assertThat(sfn("publish-state-machine-version", "--state-machine-arn", arn).ok().json()
                .get("stateMachineVersionArn").asText()).isEqualTo(arn + ":2");
        assertThat(sfn("list-state-machine-versions", "--state-machine-arn", arn).ok().json().get("stateMachineVersions")
                .findValuesAsText("stateMachineVersionArn")).containsExactly(arn + ":2", arn + ":1");
        assertThat(sfn("describe-state-machine", "--state-machine-arn", arn + ":1").ok().json().get("description").asText())
                .isEqualTo("first");

        JsonNode alias = sfn("create-state-machine-alias", "--name", "live", "--routing-configuration",
                "[{\"stateMachineVersionArn\": \"" + arn + ":1\", \"weight\": 100}]").ok().json();
        assertThat(alias.get("stateMachineAliasArn").asText()).isEqualTo(arn + ":live");
        sfn("update-state-machine-alias", "--state-machine-alias-arn", arn + ":live", "--routing-configuration",
                "stateMachineVersionArn=" + arn + ":1,weight=50", "stateMachineVersionArn=" + arn + ":2,weight=50").ok();
        JsonNode described = sfn("describe-state-machine-alias", "--state-machine-alias-arn", arn + ":live").ok().json();
        assertThat(described.get("routingConfiguration").findValuesAsText("stateMachineVersionArn"))
                .containsExactly(arn + ":1", arn + ":2");
        assertThat(sfn("list-state-machine-aliases", "--state-machine-arn", arn).ok().json().get("stateMachineAliases")
                .findValuesAsText("stateMachineAliasArn")).containsExactly(arn + ":live");
        sfn("delete-state-machine-version", "--state-machine-version-arn", arn + ":1")
                .refused("DeleteStateMachineVersion", "ConflictException", "Version to be deleted must not be referenced by "
                        + "an alias. Current list of aliases referencing this version: [live]");
        sfn("delete-state-machine-alias", "--state-machine-alias-arn", arn + ":live").ok();
        sfn("delete-state-machine-version", "--state-machine-version-arn", arn + ":1").ok();

        sfn("tag-resource", "--resource-arn", arn, "--tags", "key=env,value=test").ok();
        sfn("untag-resource", "--resource-arn", arn, "--tag-keys", "team").ok();
        assertThat(sfn("list-tags-for-resource", "--resource-arn", arn).ok().json().get("tags").findValuesAsText("key"))
                .containsExactly("env");

        JsonNode valid = sfn("validate-state-machine-definition", "--definition", PASS).ok().json();
        assertThat(valid.get("result").asText()).isEqualTo("OK");
        JsonNode invalid = sfn("validate-state-machine-definition", "--definition", "{\"StartAt\": \"A\", \"States\": {\"A\": "
                + "{\"Type\": \"Pass\", \"Next\": \"B\"}}}").ok().json();
        assertThat(invalid.get("result").asText()).isEqualTo("FAIL");
        assertThat(invalid.get("diagnostics").findValuesAsText("location")).contains("/States/A/Next");

        sfn("delete-state-machine", "--state-machine-arn", arn).ok();
        sfn("describe-state-machine", "--state-machine-arn", arn).refused("DescribeStateMachine", "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + arn + "'");
    }

    @Test
    void the_aws_cli_pages_through_machines_executions_and_history() throws Exception {
        for (int i = 0; i < 4; i++) Workflows.create(server.sfn, "cli-page-" + i, PASS);
        List<String> names = new ArrayList<>();
        Run first = sfn("list-state-machines", "--max-items", "3", "--page-size", "2").ok();
        first.json().get("stateMachines").forEach(m -> names.add(m.get("name").asText()));
        assertThat(names).hasSize(3);
        String token = first.json().get("NextToken").asText();
        sfn("list-state-machines", "--starting-token", token, "--page-size", "2").ok().json().get("stateMachines")
                .forEach(m -> names.add(m.get("name").asText()));
        assertThat(names).filteredOn(n -> n.startsWith("cli-page-")).containsExactly("cli-page-0", "cli-page-1", "cli-page-2",
                "cli-page-3");
        assertThat(sfn("list-state-machines", "--page-size", "1").ok().json().get("stateMachines"))
                .as("the CLI's own pagination follows every nextToken").hasSize(names.size());

        String machine = machineArn("cli-page-0");
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String arn = sfn("start-execution", "--state-machine-arn", machine, "--name", "run-" + i, "--input", "{\"i\": " + i + "}")
                    .ok().json().get("executionArn").asText();
            assertThat(arn).isEqualTo(executionArn("cli-page-0", "run-" + i));
            started.add(arn);
            Workflows.awaitEnd(server.sfn, arn);
        }
        JsonNode listed = sfn("list-executions", "--state-machine-arn", machine, "--status-filter", "SUCCEEDED", "--page-size", "1")
                .ok().json();
        assertThat(listed.get("executions").findValuesAsText("executionArn")).containsExactlyElementsOf(started.reversed());

        JsonNode history = sfn("get-execution-history", "--execution-arn", started.getFirst(), "--reverse-order",
                "--page-size", "1").ok().json();
        assertThat(history.get("events").findValuesAsText("type")).containsExactly("ExecutionSucceeded", "PassStateExited",
                "PassStateEntered", "ExecutionStarted");
        JsonNode bare = sfn("get-execution-history", "--execution-arn", started.getFirst(), "--no-include-execution-data",
                "--max-items", "1").ok().json();
        assertThat(bare.get("events").get(0).at("/executionStartedEventDetails/input").isMissingNode()).isTrue();
        assertThat(bare.get("NextToken").asText()).isNotBlank();
    }

    @Test
    void executions_callbacks_stops_and_synchronous_express_runs_with_the_aws_cli() throws Exception {
        server.lambda.createFunction(b -> b.functionName("cli-callback").runtime(Runtime.PYTHON3_12).role(ROLE)
                .handler("app.handler").timeout(60).code(c -> c.zipFile(Zips.of("app.py", "def handler(event, context):\n    return {}\n"))));
        String approval = Workflows.create(server.sfn, "cli-approval", SfnLambdaTasksTest.CALLBACK.replace("\"tasks\"",
                "\"cli-callback\""));
        String arn = sfn("start-execution", "--state-machine-arn", approval, "--name", "ask").ok().json().get("executionArn").asText();
        String token = Workflows.json(Workflows.awaitEvent(server.sfn, arn,
                software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_SCHEDULED).stream()
                .filter(e -> e.taskScheduledEventDetails() != null).findFirst().orElseThrow()
                .taskScheduledEventDetails().parameters()).at("/Payload/token").asText();
        sfn("send-task-heartbeat", "--task-token", token).ok();
        sfn("send-task-success", "--task-token", token, "--task-output", "{\"approved\": true}").ok();   // --output is the CLI's
        JsonNode done = awaitEnd(arn);
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Workflows.json(done.get("output").asText())).isEqualTo(Workflows.json("{\"approved\": true}"));
        sfn("send-task-failure", "--task-token", token, "--error", "Late").refused("SendTaskFailure", "TaskDoesNotExist",
                "Task Does Not Exist: the task token is not waited for by any running execution");
        JsonNode forExecution = sfn("describe-state-machine-for-execution", "--execution-arn", arn).ok().json();
        assertThat(forExecution.get("stateMachineArn").asText()).isEqualTo(approval);

        String holder = Workflows.create(server.sfn, "cli-holder", WAIT_LONG);
        String waiting = sfn("start-execution", "--state-machine-arn", holder).ok().json().get("executionArn").asText();
        JsonNode stopped = sfn("stop-execution", "--execution-arn", waiting, "--error", "Operator", "--cause", "enough").ok().json();
        assertThat(stopped.has("stopDate")).isTrue();
        JsonNode aborted = sfn("describe-execution", "--execution-arn", waiting).ok().json();
        assertThat(aborted.get("status").asText()).isEqualTo("ABORTED");
        assertThat(aborted.get("error").asText()).isEqualTo("Operator");

        server.sfn.createStateMachine(b -> b.name("cli-express").definition(PASS).roleArn(ROLE)
                .type(software.amazon.awssdk.services.sfn.model.StateMachineType.EXPRESS));
        Run sync = sfn("start-sync-execution", "--state-machine-arn", machineArn("cli-express"), "--input",
                "{\"via\": \"sync-localhost\"}").ok();
        assertThat(sync.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Workflows.json(sync.json().get("output").asText()).get("via").asText()).isEqualTo("sync-localhost");
        assertThat(sync.json().get("executionArn").asText()).startsWith("arn:aws:states:us-east-1:123456789012:express:cli-express:");
    }

    @Test
    void a_run_that_failed_on_a_missing_function_is_redriven_with_the_aws_cli_once_the_function_exists()
            throws Exception {
        String machine = Workflows.create(server.sfn, "cli-redrive", ("{'StartAt': 'Prepare', 'States': {"
                + "'Prepare': {'Type': 'Pass', 'Result': {'week': 49}, 'Next': 'Report'},"
                + "'Report': {'Type': 'Task', 'Resource': '" + Workflows.FUNCTIONS + "cli-later', 'End': true}}}")
                .replace('\'', '"'));
        String arn = sfn("start-execution", "--state-machine-arn", machine, "--name", "week-49").ok().json()
                .get("executionArn").asText();
        JsonNode failed = awaitEnd(arn);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("redriveStatus").asText()).isEqualTo("REDRIVABLE");

        server.lambda.createFunction(b -> b.functionName("cli-later").runtime(Runtime.PYTHON3_12).role(ROLE)
                .handler("app.handler").timeout(60).code(c -> c.zipFile(Zips.of("app.py",
                        "def handler(event, context):\n    return {'reported': event['week']}\n"))));
        JsonNode redriven = sfn("redrive-execution", "--execution-arn", arn).ok().json();
        assertThat(redriven.get("redriveDate").asText()).isNotBlank();
        JsonNode done = awaitEnd(arn);
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Workflows.json(done.get("output").asText()).get("reported").asInt()).isEqualTo(49);
        assertThat(done.get("redriveCount").asInt()).isEqualTo(1);
        assertThat(done.get("redriveStatusReason").asText()).isEqualTo("Execution is SUCCEEDED and cannot be redriven");
        JsonNode listed = sfn("list-executions", "--state-machine-arn", machine, "--redrive-filter", "REDRIVEN").ok()
                .json();
        assertThat(listed.get("executions").findValuesAsText("executionArn")).containsExactly(arn);
        assertThat(sfn("get-execution-history", "--execution-arn", arn).ok().json().get("events")
                .findValuesAsText("type")).containsSubsequence("ExecutionFailed", "ExecutionRedriven",
                "TaskStateEntered", "ExecutionSucceeded").containsOnlyOnce("PassStateEntered");
        sfn("redrive-execution", "--execution-arn", arn).refused("RedriveExecution", "ExecutionNotRedrivable",
                "Execution is SUCCEEDED and cannot be redriven");
    }

    @Test
    void bad_input_from_the_aws_cli_gets_one_aws_error_of_each_family() throws Exception {
        String known = Workflows.create(server.sfn, "cli-known", PASS);
        String done = sfn("start-execution", "--state-machine-arn", known, "--name", "once").ok().json().get("executionArn").asText();
        Workflows.awaitEnd(server.sfn, done);

        sfn("create-state-machine", "--name", "cli-broken", "--role-arn", ROLE, "--definition", "{\"StartAt\": \"A\", \"States\": "
                + "{\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}}").refused("CreateStateMachine", "InvalidDefinition",
                "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next, "
                        + "MISSING_END_STATE: Workflow has no terminal state at null'");
        sfn("create-state-machine", "--name", "cli-known", "--role-arn", ROLE, "--definition", WAIT_LONG)
                .refused("CreateStateMachine", "StateMachineAlreadyExists", "State Machine Already Exists: '" + known + "'");
        sfn("create-state-machine", "--name", "cli bad", "--role-arn", ROLE, "--definition", PASS)
                .refused("CreateStateMachine", "InvalidName", "Invalid Name: 'cli bad'");
        sfn("describe-state-machine", "--state-machine-arn", "cli-known").refused("DescribeStateMachine", "InvalidArn",
                "Invalid Arn: 'Invalid ARN prefix: cli-known'");
        sfn("start-execution", "--state-machine-arn", known, "--input", "{'a': 1}").refused("StartExecution",
                "InvalidExecutionInput", "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was "
                        + "expecting double-quote to start field name'");
        sfn("start-execution", "--state-machine-arn", known, "--name", "once").refused("StartExecution", "ExecutionAlreadyExists",
                "Execution Already Exists: '" + done + "'");
        sfn("describe-execution", "--execution-arn", executionArn("cli-known", "never")).refused("DescribeExecution",
                "ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn("cli-known", "never") + "'");
        sfn("list-executions", "--state-machine-arn", known, "--max-results", "1001").refused("ListExecutions",
                "ValidationException", "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 1000");
        sfn("list-executions", "--state-machine-arn", known, "--starting-token", "bm9wZQ", "--max-items", "1").refused(
                "ListExecutions", "InvalidToken", "Invalid Token: 'Invalid token'");
        sfn("start-sync-execution", "--state-machine-arn", known).refused("StartSyncExecution",
                "StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
        sfn("update-state-machine", "--state-machine-arn", known).refused("UpdateStateMachine", "MissingRequiredParameter",
                "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        sfn("describe-state-machine-alias", "--state-machine-alias-arn", known + ":nope").refused("DescribeStateMachineAlias",
                "ResourceNotFound", "Request references a resource that does not exist.");
        sfn("send-task-success", "--task-token", "forged", "--task-output", "{}").refused("SendTaskSuccess", "InvalidToken",
                "Invalid Token: 'Invalid token'");
        assertThat(server.http("GET", "/health", null).statusCode()).as("the server stays healthy").isEqualTo(200);
    }
}
