package io.stepwise.server;

import static io.stepwise.server.Workflows.FUNCTIONS;
import static io.stepwise.server.Workflows.assertRefused;
import static io.stepwise.server.Workflows.awaitEnd;
import static io.stepwise.server.Workflows.history;
import static io.stepwise.server.Workflows.json;
import static io.stepwise.server.Workflows.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

/**
 * Distributed Map on a real server: items read from objects put with the AWS CLI and the SDK's S3 client, batches run
 * by a real Python function as child executions, tolerated failures, results written back and read with {@code aws s3},
 * and the MapRun API (DescribeMapRun, ListMapRuns, ListExecutions with mapRunArn, UpdateMapRun) through the SDK and
 * the CLI; bad readers and writers get AWS's errors.
 */
class DistributedMapTest {
    static final String CODE = """
            def handler(event, context):
                items = event["Items"]
                if any(int(i["id"]) % 1000 == 7 for i in items):
                    raise ValueError("a batch with user %s cannot be reported" % items[0]["id"])
                return {"users": len(items), "week": event["BatchInput"]["week"]}
            """;
    static TestServer server;
    static SfnClient sfn;
    static S3Client s3;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        sfn = server.sfn;
        s3 = S3ApiTest.client(server.endpoint(), AwsBasicCredentials.create("test", "test"));
        work = Files.createTempDirectory("distributed-map");
        S3CliTest.work = work;   // where S3CliTest's CLI runner keeps its output files
        server.lambda.createFunction(b -> b.functionName("weekly").runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").timeout(60).code(c -> c.zipFile(Zips.of("app.py", CODE))));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    static String machine(String fields, String processor) {
        return ("{'StartAt': 'Users', 'States': {'Users': {'Type': 'Map', " + fields + " 'ItemProcessor': "
                + "{'ProcessorConfig': {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, 'StartAt': 'P', "
                + "'States': {'P': " + processor + "}}, 'End': true}}}").replace('\'', '"');
    }

    static final String REPORT = "{'Type': 'Task', 'Resource': '" + FUNCTIONS + "weekly', 'End': true}";
    static final String PASS = "{'Type': 'Pass', 'End': true}";

    static DescribeExecutionResponse run(String name, String definition, String input) {
        String arn = Workflows.create(sfn, name, definition);
        return awaitEnd(sfn, sfn.startExecution(b -> b.stateMachineArn(arn).input(input)).executionArn());
    }

    static String mapRunOf(String executionArn) {
        return sfn.listMapRuns(b -> b.executionArn(executionArn)).mapRuns().getFirst().mapRunArn();
    }

    @Test
    void ten_thousand_users_from_a_csv_run_in_batches_with_tolerated_failures_and_results_written_to_a_bucket()
            throws Exception {
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 0; i < 10_000; i++) csv.append(i).append(",user ").append(i).append('\n');
        Path file = Files.writeString(work.resolve("users.csv"), csv);
        S3CliTest.awsAt(server.endpoint(), "x", "s3", "mb", "s3://weekly");
        S3CliTest.awsAt(server.endpoint(), "x", "s3", "mb", "s3://reports");
        S3CliTest.awsAt(server.endpoint(), "x", "s3", "cp", file.toString(), "s3://weekly/users.csv");
        String definition = machine("'ItemReader': {'Resource': 'arn:aws:states:::s3:getObject', 'ReaderConfig': "
                + "{'InputType': 'CSV', 'CSVHeaderLocation': 'FIRST_ROW'}, 'Parameters': {'Bucket': 'weekly', "
                + "'Key': 'users.csv'}}, 'ItemBatcher': {'MaxItemsPerBatch': 100, 'BatchInput': {'week.$': '$.week'}}, "
                + "'MaxConcurrency': 8, 'ToleratedFailurePercentage': 15, 'Label': 'weekly', 'ResultWriter': "
                + "{'Resource': 'arn:aws:states:::s3:putObject', 'Parameters': {'Bucket': 'reports', "
                + "'Prefix': 'runs'}},", REPORT);
        DescribeExecutionResponse done = run("weekly-distributed", definition, "{\"week\": 49}");
        assertThat(done.status()).as(done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(types(history(sfn, done.executionArn()))).containsSubsequence(HistoryEventType.MAP_STATE_STARTED,
                HistoryEventType.MAP_RUN_STARTED, HistoryEventType.MAP_RUN_SUCCEEDED,
                HistoryEventType.MAP_STATE_SUCCEEDED);

        String run = mapRunOf(done.executionArn());
        assertThat(run).startsWith(Workflows.STATES + "mapRun:weekly-distributed/weekly:");
        DescribeMapRunResponse d = sfn.describeMapRun(b -> b.mapRunArn(run));
        assertThat(d.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(d.executionArn()).isEqualTo(done.executionArn());
        assertThat(d.maxConcurrency()).isEqualTo(8);
        assertThat(d.toleratedFailurePercentage()).isEqualTo(15f);
        assertThat(d.itemCounts().total()).isEqualTo(10_000);
        assertThat(d.itemCounts().succeeded()).isEqualTo(9_000);
        assertThat(d.itemCounts().failed()).isEqualTo(1_000);
        assertThat(d.itemCounts().resultsWritten()).isEqualTo(10_000);
        assertThat(d.executionCounts().total()).isEqualTo(100);
        assertThat(d.executionCounts().failed()).isEqualTo(10);

        var children = sfn.listExecutions(b -> b.mapRunArn(run).maxResults(1000)).executions();
        assertThat(children).hasSize(100).allSatisfy(c -> {
            assertThat(c.mapRunArn()).isEqualTo(run);
            assertThat(c.stateMachineArn()).isEqualTo(Workflows.machineArn("weekly-distributed") + "/weekly");
        });
        var child = sfn.describeExecution(b -> b.executionArn(children.getFirst().executionArn()));
        assertThat(child.mapRunArn()).isEqualTo(run);

        JsonNode details = json(done.output()).path("ResultWriterDetails");
        String id = run.substring(run.lastIndexOf(':') + 1);
        assertThat(details.path("Bucket").asText()).isEqualTo("reports");
        assertThat(details.path("Key").asText()).isEqualTo("runs/" + id + "/manifest.json");
        JsonNode manifest = json(S3CliTest.awsAt(server.endpoint(), "x", "s3", "cp",
                "s3://reports/runs/" + id + "/manifest.json", "-").out());
        assertThat(manifest.path("MapRunArn").asText()).isEqualTo(run);
        JsonNode succeeded = json(S3CliTest.awsAt(server.endpoint(), "x", "s3", "cp",
                "s3://reports/runs/" + id + "/SUCCEEDED_0.json", "-").out());
        assertThat(succeeded).hasSize(90);
        assertThat(json(succeeded.get(0).path("Output").asText()).path("users").asInt()).isEqualTo(100);
        assertThat(json(succeeded.get(0).path("Output").asText()).path("week").asInt()).isEqualTo(49);
        JsonNode failed = json(S3CliTest.awsAt(server.endpoint(), "x", "s3", "cp",
                "s3://reports/runs/" + id + "/FAILED_0.json", "-").out());
        assertThat(failed).hasSize(10);
        assertThat(failed.get(0).path("Error").asText()).isEqualTo("ValueError");

        JsonNode cli = json(S3CliTest.awsAt(server.endpoint(), "x", "stepfunctions", "describe-map-run",
                "--map-run-arn", run).out());
        assertThat(cli.path("itemCounts").path("failed").asInt()).isEqualTo(1000);
        sfn.updateMapRun(b -> b.mapRunArn(run).maxConcurrency(20));
        assertThat(sfn.describeMapRun(b -> b.mapRunArn(run)).maxConcurrency()).isEqualTo(20);
    }

    @Test
    void one_failure_more_than_tolerated_fails_the_map_state_with_exceed_tolerated_failure_threshold() {
        StringBuilder items = new StringBuilder("{\"users\": [");
        for (int i = 0; i < 3_000; i++) items.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append('}');
        items.append("]}");
        DescribeExecutionResponse done = run("intolerant", machine("'ItemsPath': '$.users', 'ItemBatcher': "
                + "{'MaxItemsPerBatch': 100, 'BatchInput': {'week': 1}}, 'ToleratedFailureCount': 200,", REPORT),
                items.toString());
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        DescribeMapRunResponse d = sfn.describeMapRun(b -> b.mapRunArn(mapRunOf(done.executionArn())));
        assertThat(d.status()).isEqualTo(MapRunStatus.FAILED);
        assertThat(d.itemCounts().failed()).isGreaterThan(200);
    }

    @Test
    void items_come_from_json_lines_and_from_an_object_listing() {
        s3.createBucket(b -> b.bucket("lines"));
        s3.putObject(b -> b.bucket("lines").key("in/users.jsonl"), RequestBody.fromString("{\"id\": 1}\n{\"id\": 2}\n"));
        s3.putObject(b -> b.bucket("lines").key("in/more.json"), RequestBody.fromString("[{\"id\": 3}]"));
        DescribeExecutionResponse lines = run("jsonl", machine("'ItemReader': {'Resource': "
                + "'arn:aws:states:::s3:getObject', 'ReaderConfig': {'InputType': 'JSONL'}, 'Parameters': "
                + "{'Bucket': 'lines', 'Key': 'in/users.jsonl'}},", PASS), "{}");
        assertThat(json(lines.output()).findValues("id")).extracting(JsonNode::asInt).containsExactly(1, 2);
        DescribeExecutionResponse listing = run("listing", machine("'ItemReader': {'Resource': "
                + "'arn:aws:states:::s3:listObjectsV2', 'Parameters': {'Bucket': 'lines', 'Prefix': 'in/'}},", PASS),
                "{}");
        assertThat(json(listing.output()).findValues("Key")).extracting(JsonNode::asText)
                .containsExactly("in/more.json", "in/users.jsonl");
        DescribeExecutionResponse json = run("json", machine("'ItemReader': {'Resource': "
                + "'arn:aws:states:::s3:getObject', 'ReaderConfig': {'InputType': 'JSON'}, 'Parameters': "
                + "{'Bucket': 'lines', 'Key': 'in/more.json'}},", PASS), "{}");
        assertThat(json(json.output()).findValues("id")).extracting(JsonNode::asInt).containsExactly(3);
    }

    @Test
    void bad_readers_and_writers_fail_the_state_with_aws_errors_and_bad_requests_are_refused() {
        s3.createBucket(b -> b.bucket("broken"));
        s3.putObject(b -> b.bucket("broken").key("bad.csv"), RequestBody.fromString("id,name\n1,\"unclosed\n"));
        DescribeExecutionResponse missing = run("missing-bucket", machine("'ItemReader': {'Resource': "
                + "'arn:aws:states:::s3:getObject', 'Parameters': {'Bucket': 'nowhere', 'Key': 'users.json'}},", PASS),
                "{}");
        assertThat(missing.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(missing.cause()).contains("NoSuchBucket");
        DescribeExecutionResponse malformed = run("malformed-csv", machine("'ItemReader': {'Resource': "
                + "'arn:aws:states:::s3:getObject', 'ReaderConfig': {'InputType': 'CSV', 'CSVHeaderLocation': "
                + "'FIRST_ROW'}, 'Parameters': {'Bucket': 'broken', 'Key': 'bad.csv'}},", PASS), "{}");
        assertThat(malformed.error()).isEqualTo("States.ItemReaderFailed");
        DescribeExecutionResponse badConfig = run("bad-config", machine("'ItemReader': {'Resource': "
                + "'arn:aws:states:::s3:getObject', 'ReaderConfig': {'InputType': 'CSV', 'CSVHeaderLocation': "
                + "'GIVEN'}, 'Parameters': {'Bucket': 'broken', 'Key': 'bad.csv'}},", PASS), "{}");
        assertThat(badConfig.error()).isEqualTo("States.ItemReaderFailed");
        DescribeExecutionResponse unwritable = run("unwritable", machine("'ItemsPath': '$.items', 'ResultWriter': "
                + "{'Resource': 'arn:aws:states:::s3:putObject', 'Parameters': {'Bucket': 'nowhere', "
                + "'Prefix': 'x'}},", PASS), "{\"items\": [1, 2]}");
        assertThat(unwritable.error()).isEqualTo("States.ResultWriterFailed");
        String big = "\"" + "x".repeat(200_000) + "\"";
        DescribeExecutionResponse tooLarge = run("too-large", machine("'ItemsPath': '$.items', 'ItemSelector': "
                + "{'a.$': '$.big', 'b.$': '$.big'},", PASS), "{\"big\": " + big + ", \"items\": [1]}");
        assertThat(tooLarge.error()).isEqualTo("States.DataLimitExceeded");

        String unknown = Workflows.STATES + "mapRun:nope/Map:00000000-0000-4000-8000-000000000000";
        assertRefused(() -> sfn.describeMapRun(b -> b.mapRunArn(unknown)), "ResourceNotFound", 400,
                "Resource not found: '" + unknown + "'");
        Workflows.refusal(() -> sfn.describeMapRun(b -> b.mapRunArn("arn:nope")), "InvalidArn", 400);
        String run = mapRunOf(unwritable.executionArn());
        Workflows.refusal(() -> sfn.updateMapRun(b -> b.mapRunArn(run).toleratedFailurePercentage(101f)),
                "ValidationException", 400);
        Workflows.refusal(() -> sfn.listExecutions(b -> b.mapRunArn(run).stateMachineArn(
                Workflows.machineArn("unwritable"))), "ValidationException", 400);
        assertThat(sfn.listMapRuns(b -> b.executionArn(unwritable.executionArn())).mapRuns()).hasSize(1)
                .allSatisfy(r -> assertThat(r.stopDate()).isNotNull());
    }
}
