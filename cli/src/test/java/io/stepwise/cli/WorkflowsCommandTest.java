package io.stepwise.cli;

import static io.stepwise.cli.Cli.stepwise;
import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.cli.Cli.Run;
import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** {@code stepwise workflows ...} against a real server started in this JVM on an ephemeral port. */
class WorkflowsCommandTest {
    static final String ACCOUNT = "arn:aws:states:us-east-1:123456789012:";
    static StepwiseServer server;
    static Path data;

    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        data = Files.createTempDirectory("stepwise-cli-workflows");
        server = StepwiseServer.start(ServerConfig.defaults(data).withPort(0).withExample(false));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The command with --endpoint of our server appended. */
    static Run remote(String... args) {
        return Cli.stepwiseAt(server.endpoint(), args);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static final String PASS_CHAIN = """
            {"StartAt": "One", "States": {
              "One": {"Type": "Pass", "Result": 1, "ResultPath": "$.one", "Next": "Two"},
              "Two": {"Type": "Pass", "Result": 2, "ResultPath": "$.two", "Next": "Three"},
              "Three": {"Type": "Pass", "End": true}}}
            """;

    @Test
    void creates_lists_describes_and_updates_a_state_machine_and_refuses_a_taken_name() throws IOException {
        Path chain = file("chain.json", PASS_CHAIN);
        Path single = file("single.json", "{\"StartAt\": \"Only\", \"States\": {\"Only\": {\"Type\": \"Succeed\"}}}");

        Run created = remote("workflows", "create", "chain", "--definition", chain.toString());
        Run again = remote("workflows", "create", "chain", "--definition", chain.toString());
        Run listed = remote("workflows", "list");
        Run described = remote("workflows", "describe", "chain");
        Run updated = remote("workflows", "update", "chain", "--definition", single.toString(), "--publish");
        Run redescribed = remote("workflows", "describe", "chain");
        Run upserted = remote("workflows", "update", "fresh", "--definition", single.toString(), "--type", "EXPRESS");
        Run retyped = remote("workflows", "update", "chain", "--definition", single.toString(), "--type", "EXPRESS");

        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("created arn:aws:states:us-east-1:123456789012:stateMachine:chain (STANDARD)\n");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).startsWith("StateMachineAlreadyExists: ").contains("stateMachine:chain");
        assertThat(listed.out()).containsPattern("NAME\\s+TYPE\\s+CREATED\\s+ARN").containsPattern("chain\\s+STANDARD\\s+");
        assertThat(described.out()).containsPattern("type\\s+STANDARD").containsPattern("role\\s+" + WorkflowSaveCommand.ROLE)
                .contains("starts at One: One (Pass), Two (Pass), Three (Pass)");
        assertThat(updated.code()).as(updated.err()).isZero();
        assertThat(updated.out()).startsWith("updated arn:aws:states:us-east-1:123456789012:stateMachine:chain")
                .contains("version arn:aws:states:us-east-1:123456789012:stateMachine:chain:1");
        assertThat(redescribed.out()).contains("starts at Only: Only (Succeed)");
        assertThat(upserted.out()).isEqualTo("created arn:aws:states:us-east-1:123456789012:stateMachine:fresh (EXPRESS)\n");
        assertThat(retyped.code()).isEqualTo(2);
        assertThat(retyped.err()).contains("chain is STANDARD: the type of a state machine cannot change");
    }

    @Test
    void start_wait_prints_the_output_on_stdout_and_the_progress_and_status_on_stderr_with_exit_0() throws IOException {
        remote("workflows", "create", "waited", "--definition", file("w.json", PASS_CHAIN).toString());
        Path input = file("input.json", "{\"from\": \"file\"}");

        Run r = remote("workflows", "start", "waited", "--input", "@" + input, "--wait");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Json.parse(r.out())).isEqualTo(Json.parse("{\"from\": \"file\", \"one\": 1, \"two\": 2}"));
        assertThat(r.out().lines()).hasSize(1);
        assertThat(r.err()).startsWith("started arn:aws:states:us-east-1:123456789012:execution:waited:")
                .contains("3 states entered, 0 running, 0 failures").containsPattern("waited:\\S+ SUCCEEDED after ");
    }

    @Test
    void start_wait_counts_map_items_done_of_all_while_a_function_runs_them() throws IOException {
        Path fn = Files.createDirectories(dir.resolve("double"));
        Files.writeString(fn.resolve("app.py"), "def handler(event, context):\n    return event['n'] * 2\n");
        remote("functions", "deploy", fn.toString(), "--name", "double", "--runtime", "python3.12", "--handler", "app.handler");
        remote("workflows", "create", "doubles", "--definition", file("map.json", """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 2, "ItemProcessor": {
                  "StartAt": "Double", "States": {"Double": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "double", "Payload": {"n.$": "$"}}, "OutputPath": "$.Payload", "End": true}}},
                  "End": true}}}
                """).toString());

        Run r = remote("workflows", "start", "doubles", "--input", "[1, 2, 3]", "--wait");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("[2,4,6]");
        List<String> progress = r.err().lines().filter(l -> l.startsWith("doubles:") && l.contains(" items")).toList();
        assertThat(progress).isNotEmpty();
        assertThat(progress.getLast()).contains(": 3/3 items, 0 running, 0 failures (");
    }

    @Test
    void start_wait_shows_a_map_run_with_its_items_succeeded_failed_and_running_until_it_ends() throws Exception {
        Path fn = Files.createDirectories(dir.resolve("gate"));
        Files.writeString(fn.resolve("app.py"), "def handler(event, context):\n    return None\n");
        remote("functions", "deploy", fn.toString(), "--name", "gate", "--runtime", "python3.12", "--handler", "app.handler");
        remote("workflows", "create", "gated", "--definition", file("gated.json", """
                {"StartAt": "Users", "States": {"Users": {"Type": "Map", "ItemsPath": "$.users", "ToleratedFailurePercentage": 100,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Open?",
                    "States": {"Open?": {"Type": "Choice", "Choices": [{"Variable": "$.closed", "BooleanEquals": true,
                        "Next": "Closed"}], "Default": "Report"},
                      "Closed": {"Type": "Fail", "Error": "AccountClosed"},
                      "Report": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                        "Parameters": {"FunctionName": "gate", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}},
                  "End": true}}}
                """).toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = CompletableFuture.supplyAsync(() -> Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("workflows", "start", "gated", "--name", "gate-1", "--wait", "--endpoint", server.endpoint(), "--input",
                        "{\"users\": [{\"closed\": false}, {\"closed\": true}, {\"closed\": false}]}"));

        // two children wait for their task tokens: the run stays at 1 failed, 2 running until they are sent
        String waiting = "gated:gate-1: Users map run: 1/3 items, 0 succeeded, 1 failed, 2 running (";
        poll(() -> err.toString().contains(waiting) || cli.isDone(), err::toString);
        try (var sfn = Remote.of(server.endpoint(), StaticCredentialsProvider.create(
                AwsBasicCredentials.create("test", "test"))).sfn()) {
            String run = sfn.listMapRuns(r -> r.executionArn(ACCOUNT + "execution:gated:gate-1")).mapRuns()
                    .getFirst().mapRunArn();
            for (var child : sfn.listExecutions(r -> r.mapRunArn(run).statusFilter(ExecutionStatus.RUNNING)).executions()) {
                String token = tokenOf(sfn, child.executionArn());
                sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"built\": true}"));
            }
        }
        int code = cli.get(2, TimeUnit.MINUTES);
        Run described = remote("workflows", "describe", "gated:gate-1");

        assertThat(code).as(err.toString()).isZero();
        List<String> lines = err.toString().lines().toList();
        int shownWaiting = indexOf(lines, waiting);
        int ended = indexOf(lines, "gated:gate-1: Users map run: 3/3 items, 2 succeeded, 1 failed, 0 running, SUCCEEDED (");
        assertThat(shownWaiting).isNotNegative().isLessThan(ended);
        assertThat(lines.subList(ended + 1, lines.size())).noneMatch(l -> l.contains("map run"));
        assertThat(lines.getLast()).startsWith("gated:gate-1 SUCCEEDED after ");
        assertThat(String.join("", lines)).doesNotContain("\033");
        assertThat(described.out()).containsPattern("map run\\s+Users map run: 3/3 items, 2 succeeded, 1 failed, 0 running, "
                + "SUCCEEDED  " + ACCOUNT + "mapRun:gated/Users:");
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(start)) return i;
        return -1;
    }

    /** The task token a waiting child's function was handed: its TaskScheduled parameters carry it. */
    private static String tokenOf(SfnClient sfn, String childArn) throws InterruptedException {
        AtomicReference<String> token = new AtomicReference<>();
        poll(() -> {
            sfn.getExecutionHistory(r -> r.executionArn(childArn)).events().stream()
                    .filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED).findFirst()
                    .ifPresent(e -> token.set(Json.parse(e.taskScheduledEventDetails().parameters()).at("/Payload/token").asText()));
            return token.get() != null;
        }, () -> "no TaskScheduled in " + childArn);
        return token.get();
    }

    /** Polls until {@code done} (at most a minute). */
    private static void poll(BooleanSupplier done, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("still waiting after a minute: " + what.get());
            Thread.sleep(20);
        }
    }

    @Test
    void a_failing_execution_exits_1_with_its_error_and_cause() throws IOException {
        remote("workflows", "create", "broken", "--definition", file("fail.json",
                "{\"StartAt\": \"Boom\", \"States\": {\"Boom\": {\"Type\": \"Fail\", \"Error\": \"Report.Broken\", \"Cause\": \"the ledger is gone\"}}}")
                .toString());

        Run r = remote("workflows", "start", "broken", "--wait");

        assertThat(r.code()).isEqualTo(1);
        assertThat(Json.parse(r.out())).isEqualTo(Json.parse("{\"error\": \"Report.Broken\", \"cause\": \"the ledger is gone\"}"));
        assertThat(r.err()).containsPattern("broken:\\S+ FAILED after ");
    }

    @Test
    void an_execution_that_times_out_exits_1_with_states_timeout() throws IOException {
        remote("workflows", "create", "late", "--definition", file("late.json",
                "{\"TimeoutSeconds\": 1, \"StartAt\": \"Nap\", \"States\": {\"Nap\": {\"Type\": \"Wait\", \"Seconds\": 600, \"End\": true}}}")
                .toString());

        Run r = remote("workflows", "start", "late", "--wait");

        assertThat(r.code()).isEqualTo(1);
        assertThat(Json.parse(r.out()).path("error").asText()).isEqualTo("States.Timeout");
        assertThat(r.err()).containsPattern("late:\\S+ TIMED_OUT after ");
    }

    @Test
    void start_prints_the_execution_arn_and_describe_finds_the_execution_by_arn_by_machine_and_name_and_by_name() throws IOException {
        remote("workflows", "create", "named", "--definition", file("n.json", PASS_CHAIN).toString());

        Run started = remote("workflows", "start", "named", "--name", "run-42", "--input", "{\"a\": 1}");
        String arn = started.out().strip();
        remote("workflows", "start", "named", "--name", "run-43", "--wait");
        Run byArn = remote("workflows", "describe", arn);
        Run byMachineAndName = remote("workflows", "describe", "named:run-43");
        Run byName = remote("workflows", "describe", "run-43", "--json");
        Run executions = remote("workflows", "list", "named");

        assertThat(started.code()).as(started.err()).isZero();
        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:named:run-42");
        assertThat(byArn.code()).as(byArn.err()).isZero();
        assertThat(byArn.out()).containsPattern("name\\s+run-42").containsPattern("input\\s+\\{\"a\": 1\\}")
                .containsPattern("progress\\s+");
        assertThat(byMachineAndName.out()).containsPattern("status\\s+SUCCEEDED").contains("output");
        assertThat(Json.parse(byName.out()).path("executionArn").asText()).endsWith(":execution:named:run-43");
        assertThat(Json.parse(byName.out()).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(executions.out()).containsPattern("run-43\\s+SUCCEEDED").contains("run-42");
    }

    @Test
    void follow_prints_every_history_event_once_in_order_then_the_output() throws IOException {
        remote("workflows", "create", "followed", "--definition", file("f.json", PASS_CHAIN).toString());

        Run r = remote("workflows", "start", "followed", "--follow");

        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        List<String> types = lines.subList(0, lines.size() - 1).stream().map(l -> l.strip().split("\\s+")[1]).toList();
        assertThat(types).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered",
                "PassStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        assertThat(lines.subList(0, lines.size() - 1).stream().map(l -> Long.parseLong(l.strip().split("\\s+")[0])))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(lines.get(1)).contains("One");
        assertThat(Json.parse(lines.getLast()).path("two").asInt()).isEqualTo(2);
    }

    @Test
    void history_prints_a_readable_table_newest_first_on_request_and_the_raw_events_as_json() throws IOException {
        remote("workflows", "create", "told", "--definition", file("t.json", PASS_CHAIN).toString());
        remote("workflows", "start", "told", "--name", "once", "--wait");

        Run table = remote("workflows", "history", "told:once");
        Run newest = remote("workflows", "history", "once", "--reverse", "--limit", "2");
        Run json = remote("workflows", "history", "told:once", "--json");

        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).containsPattern("ID\\s+TYPE\\s+STATE\\s+TIME\\s+ELAPSED\\s+DETAIL");
        assertThat(table.out().lines()).hasSize(9);
        assertThat(table.out()).containsPattern("2\\s+PassStateEntered\\s+One\\s+\\S+\\s+\\+\\d+\\.\\d{3}s\\s+\\{\\}")
                .containsPattern("3\\s+PassStateExited\\s+One\\s+.*\\{\"one\":1\\}");
        assertThat(newest.out().lines().skip(1).map(l -> l.split("\\s+")[1]))
                .containsExactly("ExecutionSucceeded", "PassStateExited");
        var events = Json.parse(json.out()).path("events");
        assertThat(events.size()).isEqualTo(8);
        assertThat(events.get(0).path("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(events.get(0).path("executionStartedEventDetails").path("input").asText()).isEqualTo("{}");
        assertThat(events.get(7).path("executionSucceededEventDetails").has("output")).isTrue();
    }

    @Test
    void stop_aborts_a_running_execution_with_the_error_and_cause_given() throws IOException {
        remote("workflows", "create", "sleepy", "--definition", file("s.json",
                "{\"StartAt\": \"Nap\", \"States\": {\"Nap\": {\"Type\": \"Wait\", \"Seconds\": 600, \"End\": true}}}").toString());
        remote("workflows", "start", "sleepy", "--name", "nap");

        Run stopped = remote("workflows", "stop", "sleepy:nap", "--error", "Manual", "--cause", "enough");
        Run described = remote("workflows", "describe", "sleepy:nap");

        assertThat(stopped.code()).as(stopped.err()).isZero();
        assertThat(stopped.out()).startsWith("stopped arn:aws:states:us-east-1:123456789012:execution:sleepy:nap at ");
        assertThat(described.out()).containsPattern("status\\s+ABORTED").containsPattern("error\\s+Manual")
                .containsPattern("cause\\s+enough");
    }

    @Test
    void redrive_runs_a_stopped_execution_again_from_its_wait_and_wait_shows_it_to_the_end() throws IOException {
        remote("workflows", "create", "dozy", "--definition", file("d.json", "{\"StartAt\": \"Nap\", \"States\": "
                + "{\"Nap\": {\"Type\": \"Wait\", \"Seconds\": 1, \"Next\": \"Up\"}, \"Up\": {\"Type\": \"Pass\", "
                + "\"Parameters\": {\"redrives.$\": \"$$.Execution.RedriveCount\"}, \"End\": true}}}").toString());
        remote("workflows", "start", "dozy", "--name", "nap");
        remote("workflows", "stop", "dozy:nap");
        Run before = remote("workflows", "describe", "dozy:nap");
        assertThat(before.out()).containsPattern("redrive\\s+possible: stepwise workflows redrive dozy:nap");

        Run redriven = remote("workflows", "redrive", "dozy:nap", "--wait");
        Run described = remote("workflows", "describe", "dozy:nap");
        Run again = remote("workflows", "redrive", "dozy:nap");

        assertThat(redriven.code()).as(redriven.err()).isZero();
        assertThat(redriven.out().strip()).isEqualTo("{\"redrives\":1}");
        assertThat(redriven.err()).contains("redriven arn:aws:states:us-east-1:123456789012:execution:dozy:nap at ")
                .containsPattern("dozy:nap SUCCEEDED after ");
        assertThat(described.out()).containsPattern("status\\s+SUCCEEDED").containsPattern("redriven\\s+1 time, last at ")
                .doesNotContainPattern("redrive\\s+possible");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("ExecutionNotRedrivable: Execution is SUCCEEDED and cannot be redriven");
    }

    @Test
    void an_express_state_machine_runs_synchronously_with_sync_and_with_wait() throws IOException {
        remote("workflows", "create", "quick", "--type", "EXPRESS", "--definition",
                file("q.json", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Result\": {\"fast\": true}, \"End\": true}}}").toString());

        Run sync = remote("workflows", "start", "quick", "--sync");
        Run waited = remote("workflows", "start", "quick", "--wait");

        assertThat(sync.code()).as(sync.err()).isZero();
        assertThat(sync.out().strip()).isEqualTo("{\"fast\":true}");
        assertThat(sync.err()).containsPattern("quick:\\S+ SUCCEEDED after ");
        assertThat(waited.out().strip()).isEqualTo("{\"fast\":true}");
    }

    @Test
    void validate_prints_each_finding_with_its_pointer_and_exits_2_when_the_definition_is_invalid() throws IOException {
        Path bad = file("bad.json", "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}}");
        Path good = file("good.json", PASS_CHAIN);

        Run invalid = remote("workflows", "validate", bad.toString());
        Run valid = remote("workflows", "validate", good.toString());

        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.out()).startsWith("MISSING_TRANSITION_TARGET at /States/A/Next: ");
        assertThat(valid.code()).as(valid.err()).isZero();
        assertThat(valid.out()).isEqualTo("valid STANDARD state machine: " + good + "\n");
    }

    @Test
    void refusals_exit_2_with_the_aws_error_type_and_no_stack_trace() throws IOException {
        remote("workflows", "create", "strict", "--definition", file("x.json", PASS_CHAIN).toString());
        Path bad = file("bad.json", "{\"StartAt\": \"Nowhere\", \"States\": {}}");

        Run unknownMachine = remote("workflows", "start", "nobody");
        Run unknownExecution = remote("workflows", "describe", "strict:never");
        Run badInput = remote("workflows", "start", "strict", "--input", "{not json");
        Run badDefinition = remote("workflows", "create", "invalid", "--definition", bad.toString());
        Run missingFile = remote("workflows", "create", "absent", "--definition", dir.resolve("absent.json").toString());
        Run stopUnknown = remote("workflows", "stop", "arn:aws:states:us-east-1:123456789012:execution:strict:never");

        assertThat(unknownMachine.code()).isEqualTo(2);
        assertThat(unknownMachine.err()).isEqualTo("StateMachineDoesNotExist: State Machine Does Not Exist: 'nobody'\n");
        assertThat(unknownExecution.code()).isEqualTo(2);
        assertThat(unknownExecution.err()).startsWith("ExecutionDoesNotExist: ");
        assertThat(badInput.code()).isEqualTo(2);
        assertThat(badInput.err()).startsWith("InvalidExecutionInput: ");
        assertThat(badDefinition.code()).isEqualTo(2);
        assertThat(badDefinition.err()).startsWith("InvalidDefinition: ");
        assertThat(missingFile.code()).isEqualTo(2);
        assertThat(missingFile.err()).isEqualTo("stepwise: no such file: " + dir.resolve("absent.json") + "\n");
        assertThat(stopUnknown.code()).isEqualTo(2);
        for (Run r : List.of(unknownMachine, unknownExecution, badInput, badDefinition, stopUnknown)) {
            assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception:").hasLineCount(1);
        }
    }

    @Test
    void delete_removes_the_state_machine() throws IOException {
        remote("workflows", "create", "doomed", "--definition", file("d.json", PASS_CHAIN).toString());

        Run deleted = remote("workflows", "delete", "doomed");
        Run listed = remote("workflows", "list");
        Run again = remote("workflows", "delete", "doomed");

        assertThat(deleted.code()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualTo("deleted arn:aws:states:us-east-1:123456789012:stateMachine:doomed\n");
        assertThat(listed.out()).doesNotContain("doomed");
        assertThat(again.code()).isEqualTo(2);
    }

    @Test
    void an_unreachable_endpoint_is_one_line_and_exit_3() throws IOException {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String endpoint = "http://127.0.0.1:" + port;
        Path definition = file("u.json", PASS_CHAIN);

        for (String[] args : new String[][] {{"list"}, {"create", "x", "--definition", definition.toString()},
                {"update", "x", "--definition", definition.toString()}, {"delete", "x"}, {"describe", "x"},
                {"start", "x", "--wait"}, {"history", "arn:aws:states:us-east-1:123456789012:execution:x:y"},
                {"stop", "x:y"}, {"redrive", "x:y"}, {"validate", definition.toString()}}) {
            String[] all = new String[args.length + 3];
            all[0] = "workflows";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--endpoint";
            all[args.length + 2] = endpoint;
            Run r = stepwise(all);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(3);
            assertThat(r.err().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains("cannot reach a Stepwise server at " + endpoint);
        }
    }
}
