package io.stepwise.server;

import static io.stepwise.server.Workflows.FUNCTIONS;
import static io.stepwise.server.Workflows.assertRefused;
import static io.stepwise.server.Workflows.awaitEnd;
import static io.stepwise.server.Workflows.history;
import static io.stepwise.server.Workflows.json;
import static io.stepwise.server.Workflows.types;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveFilter;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

/**
 * RedriveExecution on a real server, the way a team uses it: a run fails on a bug in a function, the fix is deployed
 * (here: a configuration change), and the failed run is redriven with the SDK or the AWS CLI; only what failed runs
 * again. Redrive's refusals are AWS's.
 */
class RedriveExecutionTest {
    /** Fails for the users whose id ends in 7 until the function is fixed (FIXED set in its environment). */
    static final String CODE = """
            import os
            def handler(event, context):
                items = event.get("Items", [event])
                if not os.environ.get("FIXED") and any(int(i["id"]) % 100 == 7 for i in items):
                    raise ValueError("user %s has no report yet" % items[0]["id"])
                return {"users": len(items)}
            """;
    static TestServer server;
    static SfnClient sfn;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        sfn = server.sfn;
        work = Files.createTempDirectory("redrive");
        S3CliTest.work = work;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void deploy(String name) {
        server.lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").timeout(60).code(c -> c.zipFile(Zips.of("app.py", CODE))));
    }

    static void fix(String name) {
        server.lambda.updateFunctionConfiguration(b -> b.functionName(name)
                .environment(e -> e.variables(Map.of("FIXED", "1"))));
    }

    static DescribeExecutionResponse describe(String arn) {
        return sfn.describeExecution(b -> b.executionArn(arn));
    }

    @Test
    void a_run_that_failed_in_a_function_is_redriven_after_the_fix_and_succeeds_without_running_its_first_steps_again()
            throws Exception {
        deploy("report-one");
        String machine = Workflows.create(sfn, "redrive-one", ("{'StartAt': 'Prepare', 'States': {"
                + "'Prepare': {'Type': 'Pass', 'Result': {'id': '107'}, 'Assign': {'prepared.$': '$$.State.EnteredTime'},"
                + " 'Next': 'Report'},"
                + "'Report': {'Type': 'Task', 'Resource': '" + FUNCTIONS + "report-one', 'Retry': [{'ErrorEquals': "
                + "['ValueError'], 'MaxAttempts': 1, 'IntervalSeconds': 1}], 'Next': 'Done'},"
                + "'Done': {'Type': 'Pass', 'Parameters': {'report.$': '$', 'prepared.$': '$prepared', "
                + "'redrives.$': '$$.Execution.RedriveCount'}, 'End': true}}}").replace('\'', '"'));
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine).name("week-49")).executionArn();
        DescribeExecutionResponse failed = awaitEnd(sfn, arn);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("ValueError");
        assertThat(failed.redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
        assertThat(failed.redriveStatusReason()).isNull();
        var listed = sfn.listExecutions(b -> b.stateMachineArn(machine).redriveFilter(ExecutionRedriveFilter.NOT_REDRIVEN));
        assertThat(listed.executions()).extracting(e -> e.executionArn()).containsExactly(arn);

        fix("report-one");
        var redriven = sfn.redriveExecution(b -> b.executionArn(arn));
        assertThat(redriven.redriveDate()).isNotNull();
        DescribeExecutionResponse done = awaitEnd(sfn, arn);
        assertThat(done.status()).as(done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        var out = json(done.output());
        assertThat(out.path("report").path("users").asInt()).isEqualTo(1);
        assertThat(out.path("redrives").asInt()).isEqualTo(1);
        assertThat(out.path("prepared").asText()).isNotEmpty();   // what Prepare assigned before the failure
        assertThat(done.redriveCount()).isEqualTo(1);
        assertThat(done.redriveDate()).isEqualTo(redriven.redriveDate());
        assertThat(done.redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
        assertThat(done.redriveStatusReason()).isEqualTo("Execution is SUCCEEDED and cannot be redriven");

        var types = types(history(sfn, arn));
        assertThat(types).filteredOn(HistoryEventType.PASS_STATE_ENTERED::equals).hasSize(2);   // Prepare, Done
        assertThat(types.subList(types.indexOf(HistoryEventType.EXECUTION_FAILED), types.size())).startsWith(
                HistoryEventType.EXECUTION_FAILED, HistoryEventType.EXECUTION_REDRIVEN,
                HistoryEventType.TASK_STATE_ENTERED).endsWith(HistoryEventType.EXECUTION_SUCCEEDED);
        var event = history(sfn, arn).stream().filter(e -> e.type() == HistoryEventType.EXECUTION_REDRIVEN)
                .findFirst().orElseThrow();
        assertThat(event.executionRedrivenEventDetails().redriveCount()).isEqualTo(1);
        var all = sfn.listExecutions(b -> b.stateMachineArn(machine).redriveFilter(ExecutionRedriveFilter.REDRIVEN));
        assertThat(all.executions()).singleElement().satisfies(e -> {
            assertThat(e.redriveCount()).isEqualTo(1);
            assertThat(e.redriveDate()).isEqualTo(redriven.redriveDate());
        });

        assertRefused(() -> sfn.redriveExecution(b -> b.executionArn(arn)), "ExecutionNotRedrivable", 400,
                "Execution is SUCCEEDED and cannot be redriven");
    }

    @Test
    void a_failed_map_run_is_redriven_with_boto3_and_only_its_failed_batches_run_again() throws Exception {
        deploy("report-batch");
        String machine = Workflows.create(sfn, "redrive-map", DistributedMapTest.machine("'ItemsPath': '$.users', "
                + "'ItemBatcher': {'MaxItemsPerBatch': 10}, 'MaxConcurrency': 4, 'ToleratedFailureCount': 0,",
                "{'Type': 'Task', 'Resource': '" + FUNCTIONS + "report-batch', 'End': true}"));
        StringBuilder users = new StringBuilder("{\"users\": [");
        for (int i = 0; i < 300; i++) users.append(i == 0 ? "" : ",").append("{\"id\": \"").append(i).append("\"}");
        String input = users.append("]}").toString();
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn();
        DescribeExecutionResponse failed = awaitEnd(sfn, arn);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        String run = sfn.listMapRuns(b -> b.executionArn(arn)).mapRuns().getFirst().mapRunArn();
        var before = sfn.describeMapRun(b -> b.mapRunArn(run));
        long succeededBefore = before.executionCounts().succeeded();
        assertThat(before.status()).isEqualTo(MapRunStatus.FAILED);
        assertThat(succeededBefore).isLessThan(30);

        fix("report-batch");
        // the AWS CLI v2 that Debian ships (2.9) predates RedriveExecution: boto3 sends it
        var redriven = boto3("""
                c.redrive_execution(executionArn=arn)
                print(json.dumps({"redriven": True}))""", arn);
        assertThat(redriven.exit()).as(redriven.err()).isZero();
        DescribeExecutionResponse done = awaitEnd(sfn, arn);
        assertThat(done.status()).as(done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).hasSize(30).allSatisfy(r -> assertThat(r.path("users").asInt()).isEqualTo(10));
        assertThat(types(history(sfn, arn))).containsSubsequence(HistoryEventType.MAP_RUN_FAILED,
                HistoryEventType.EXECUTION_FAILED, HistoryEventType.EXECUTION_REDRIVEN,
                HistoryEventType.MAP_RUN_REDRIVEN, HistoryEventType.MAP_RUN_SUCCEEDED,
                HistoryEventType.EXECUTION_SUCCEEDED);

        var after = sfn.describeMapRun(b -> b.mapRunArn(run));
        assertThat(after.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(after.redriveCount()).isEqualTo(1);
        assertThat(after.redriveDate()).isNotNull();
        assertThat(after.itemCounts().succeeded()).isEqualTo(300);
        assertThat(after.executionCounts().total()).isEqualTo(30);
        var children = sfn.listExecutions(b -> b.mapRunArn(run).maxResults(100)).executions();
        assertThat(children).hasSize(30).allSatisfy(c -> assertThat(c.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
        // the batches that had failed or been aborted were redriven (same ARN, redriveCount 1); those that had
        // succeeded were not run again, those never started ran for the first time
        long unsuccessful = before.executionCounts().failed() + before.executionCounts().aborted();
        assertThat(unsuccessful).isPositive();
        assertThat(children).filteredOn(c -> c.redriveCount() == 1).hasSize((int) unsuccessful);
        assertThat(children).filteredOn(c -> c.redriveCount() == 0).hasSize((int) (30 - unsuccessful));
        var described = boto3("""
                d = c.describe_execution(executionArn=arn)
                print(json.dumps({"count": d["redriveCount"], "status": d["redriveStatus"], "date": str(d["redriveDate"])}))""",
                arn);
        assertThat(described.exit()).as(described.err()).isZero();
        assertThat(json(described.out()).path("count").asInt()).isEqualTo(1);
        assertThat(json(described.out()).path("status").asText()).isEqualTo("NOT_REDRIVABLE");
    }

    /** Runs {@code body} with {@code c}, a boto3 Step Functions client of the server, and {@code arn}. */
    static S3CliTest.Run boto3(String body, String arn) throws Exception {
        String script = """
                import boto3, json, sys
                c = boto3.client("stepfunctions", endpoint_url=sys.argv[1], region_name="us-east-1",
                                 aws_access_key_id="AKIDS3CLI", aws_secret_access_key="x")
                arn = sys.argv[2]
                """ + body.stripIndent();
        return S3CliTest.run(java.util.List.of("python3", "-c", script, server.endpoint(), arn));
    }

    @Test
    void redrive_refuses_running_unknown_and_express_executions_with_aws_errors() {
        String machine = Workflows.create(sfn, "redrive-wait",
                "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Wait\", \"Seconds\": 600, \"End\": true}}}");
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        assertRefused(() -> sfn.redriveExecution(b -> b.executionArn(arn)), "ExecutionNotRedrivable", 400,
                "Execution is RUNNING and cannot be redriven");
        assertThat(describe(arn).redriveStatus()).isEqualTo(ExecutionRedriveStatus.NOT_REDRIVABLE);
        sfn.stopExecution(b -> b.executionArn(arn));
        assertThat(describe(arn).redriveStatus()).isEqualTo(ExecutionRedriveStatus.REDRIVABLE);
        sfn.redriveExecution(b -> b.executionArn(arn));
        assertThat(describe(arn).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(types(history(sfn, arn))).endsWith(HistoryEventType.EXECUTION_ABORTED,
                HistoryEventType.EXECUTION_REDRIVEN, HistoryEventType.WAIT_STATE_ENTERED);
        sfn.stopExecution(b -> b.executionArn(arn));

        String missing = Workflows.executionArn("redrive-wait", "nope");
        assertRefused(() -> sfn.redriveExecution(b -> b.executionArn(missing)), "ExecutionDoesNotExist", 400,
                "Execution Does Not Exist: '" + missing + "'");
        Workflows.refusal(() -> sfn.redriveExecution(b -> b.executionArn("not-an-arn")), "InvalidArn", 400);
        String express = Workflows.STATES + "express:redrive-wait:e1:0f7e0b4c-0000-4000-8000-000000000000";
        assertRefused(() -> sfn.redriveExecution(b -> b.executionArn(express)), "ExecutionNotRedrivable", 400,
                "Executions of EXPRESS state machines cannot be redriven");
    }
}
