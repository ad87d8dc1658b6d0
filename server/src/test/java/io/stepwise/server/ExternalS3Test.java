package io.stepwise.server;

import static io.stepwise.server.Workflows.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A server configured with an external S3-compatible endpoint ({@link ServerConfig#s3Endpoint}, {@code stepwise server
 * --s3-endpoint}): here the endpoint is a second Stepwise server's own S3 API, reached over HTTP through the AWS SDK
 * ({@link SdkBuckets}). Its distributed Maps read their items from, and write their results to, that endpoint's
 * buckets, not its own.
 */
class ExternalS3Test {
    static TestServer external;
    static TestServer server;
    static S3Client externalS3;
    static S3Client ownS3;

    @BeforeAll
    static void start() {
        external = TestServer.start();
        server = TestServer.start(TestServer.config(TestServer.tempDir(), false).withS3Endpoint(new ServerConfig.S3Endpoint(
                URI.create(external.endpoint()), "us-east-1", SdkBucketsTest.CREDENTIALS)));
        externalS3 = S3ApiTest.client(external.endpoint(), SdkBucketsTest.CREDENTIALS.resolveCredentials());
        ownS3 = S3ApiTest.client(server.endpoint(), SdkBucketsTest.CREDENTIALS.resolveCredentials());
    }

    @AfterAll
    static void stop() {
        externalS3.close();
        ownS3.close();
        server.close();
        external.close();
    }

    static DescribeExecutionResponse run(String name, String definition) {
        String arn = Workflows.create(server.sfn, name, definition);
        return Workflows.awaitEnd(server.sfn, server.sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn());
    }

    static JsonNode externalObject(String bucket, String key) {
        return json(externalS3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
    }

    @Test
    void a_distributed_map_reads_a_csv_only_the_external_endpoint_has_and_writes_its_results_there() {
        externalS3.createBucket(b -> b.bucket("users"));
        externalS3.createBucket(b -> b.bucket("reports"));
        externalS3.putObject(b -> b.bucket("users").key("users.csv"), RequestBody.fromString("id,name\n1,Ada\n2,Grace\n3,Edsger\n"));

        DescribeExecutionResponse done = run("external", DistributedMapTest.machine("'ItemReader': {'Resource': "
                + "'arn:aws:states:::s3:getObject', 'ReaderConfig': {'InputType': 'CSV', 'CSVHeaderLocation': 'FIRST_ROW'}, "
                + "'Parameters': {'Bucket': 'users', 'Key': 'users.csv'}}, 'ResultWriter': {'Resource': "
                + "'arn:aws:states:::s3:putObject', 'Parameters': {'Bucket': 'reports', 'Prefix': 'runs'}},",
                DistributedMapTest.PASS));

        assertThat(done.status()).as(done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode details = json(done.output()).path("ResultWriterDetails");
        assertThat(details.path("Bucket").asText()).isEqualTo("reports");
        JsonNode manifest = externalObject("reports", details.path("Key").asText());
        assertThat(manifest.path("MapRunArn").asText()).isEqualTo(json(done.output()).path("MapRunArn").asText());
        JsonNode succeeded = externalObject("reports", manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText());
        assertThat(succeeded).hasSize(3);
        assertThat(succeeded.findValuesAsText("Output")).extracting(o -> json(o).path("name").asText())
                .containsExactlyInAnyOrder("Ada", "Grace", "Edsger");
        assertThat(ownS3.listBuckets().buckets()).as("the server's own S3 API has neither bucket")
                .extracting(Bucket::name).doesNotContain("users", "reports");
    }

    @Test
    void a_bucket_of_the_servers_own_s3_api_is_not_read_once_an_external_endpoint_is_set() {
        ownS3.createBucket(b -> b.bucket("local-only"));
        ownS3.putObject(b -> b.bucket("local-only").key("users.json"), RequestBody.fromString("[1, 2]"));

        DescribeExecutionResponse done = run("local-only", DistributedMapTest.machine("'ItemReader': {'Resource': "
                + "'arn:aws:states:::s3:getObject', 'ReaderConfig': {'InputType': 'JSON'}, 'Parameters': "
                + "{'Bucket': 'local-only', 'Key': 'users.json'}},", DistributedMapTest.PASS));

        assertThat(done.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(done.cause()).contains("NoSuchBucket");
    }
}
