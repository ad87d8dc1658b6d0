package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.FunctionEventInvokeConfig;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.PutFunctionEventInvokeConfigRequest;
import software.amazon.awssdk.services.lambda.model.PutFunctionEventInvokeConfigResponse;

/** Put/Update/Get/Delete/ListFunctionEventInvokeConfig[s] through the AWS SDK: shapes, rules and Lambda's errors. */
class EventInvokeConfigTest {
    static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        LambdaApiTest.createEcho(server, "other");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static PutFunctionEventInvokeConfigResponse put(Consumer<PutFunctionEventInvokeConfigRequest.Builder> b) {
        return server.lambda.putFunctionEventInvokeConfig(b);
    }

    private static void assertError(Runnable call, String type, int status, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LambdaException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type);
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    private static DestinationConfig onSuccess(String arn) {
        return DestinationConfig.builder().onSuccess(s -> s.destination(arn)).build();
    }

    private static DestinationConfig onFailure(String arn) {
        return DestinationConfig.builder().onFailure(s -> s.destination(arn)).build();
    }

    @Test
    void put_replaces_update_merges_and_get_list_and_delete_round_trip() {
        LambdaApiTest.createEcho(server, "crud");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var first = put(b -> b.functionName("crud").maximumRetryAttempts(0));
        assertThat(first.functionArn()).isEqualTo(ARN + "crud:$LATEST");
        assertThat(first.maximumRetryAttempts()).isZero();
        assertThat(first.maximumEventAgeInSeconds()).as("not given, so absent").isNull();
        assertThat(first.lastModified()).isBetween(before, Instant.now());
        assertThat(first.destinationConfig().onSuccess().destination()).isNull();

        var replaced = put(b -> b.functionName("crud").maximumEventAgeInSeconds(120).destinationConfig(onFailure(ARN + "other")));
        assertThat(replaced.maximumRetryAttempts()).as("Put replaces the whole config").isNull();
        assertThat(replaced.maximumEventAgeInSeconds()).isEqualTo(120);

        var merged = server.lambda.updateFunctionEventInvokeConfig(b -> b.functionName("crud").maximumRetryAttempts(1));
        assertThat(merged.maximumRetryAttempts()).isEqualTo(1);
        assertThat(merged.maximumEventAgeInSeconds()).as("Update keeps what it was not given").isEqualTo(120);
        assertThat(merged.destinationConfig().onFailure().destination()).isEqualTo(ARN + "other");

        var got = server.lambda.getFunctionEventInvokeConfig(b -> b.functionName("crud").qualifier("$LATEST"));
        assertThat(got.functionArn()).isEqualTo(ARN + "crud:$LATEST");
        assertThat(got.maximumRetryAttempts()).isEqualTo(1);
        assertThat(got.maximumEventAgeInSeconds()).isEqualTo(120);
        assertThat(got.destinationConfig().onFailure().destination()).isEqualTo(ARN + "other");
        assertThat(server.lambda.listFunctionEventInvokeConfigs(b -> b.functionName("crud")).functionEventInvokeConfigs())
                .extracting(FunctionEventInvokeConfig::functionArn).containsExactly(ARN + "crud:$LATEST");

        assertThat(server.lambda.deleteFunctionEventInvokeConfig(b -> b.functionName(ARN + "crud")).sdkHttpResponse().statusCode())
                .isEqualTo(204);
        assertError(() -> server.lambda.getFunctionEventInvokeConfig(b -> b.functionName("crud")), "ResourceNotFoundException", 404,
                "The function " + ARN + "crud:$LATEST doesn't have an EventInvokeConfig");
        assertThat(server.lambda.listFunctionEventInvokeConfigs(b -> b.functionName("crud")).functionEventInvokeConfigs()).isEmpty();
    }

    @Test
    void every_qualifier_has_its_own_config_and_the_list_pages() {
        LambdaApiTest.createEcho(server, "quals");
        server.lambda.publishVersion(b -> b.functionName("quals"));
        server.lambda.createAlias(b -> b.functionName("quals").name("live").functionVersion("1"));
        put(b -> b.functionName("quals").maximumRetryAttempts(0));
        put(b -> b.functionName("quals").qualifier("1").maximumRetryAttempts(1));
        var alias = put(b -> b.functionName(ARN + "quals:live").maximumRetryAttempts(2));
        assertThat(alias.functionArn()).isEqualTo(ARN + "quals:live");
        assertThat(server.lambda.getFunctionEventInvokeConfig(b -> b.functionName("quals:1")).maximumRetryAttempts()).isEqualTo(1);

        var page1 = server.lambda.listFunctionEventInvokeConfigs(b -> b.functionName("quals").maxItems(2));
        assertThat(page1.functionEventInvokeConfigs()).hasSize(2);
        var page2 = server.lambda.listFunctionEventInvokeConfigs(b -> b.functionName("quals").marker(page1.nextMarker()));
        assertThat(page2.nextMarker()).isNull();
        assertThat(page1.functionEventInvokeConfigs().stream().map(FunctionEventInvokeConfig::functionArn).toList())
                .hasSize(2).doesNotContainAnyElementsOf(page2.functionEventInvokeConfigs().stream().map(FunctionEventInvokeConfig::functionArn).toList());
        assertThat(server.lambda.listFunctionEventInvokeConfigsPaginator(b -> b.functionName("quals").maxItems(1))
                .functionEventInvokeConfigs().stream().map(FunctionEventInvokeConfig::functionArn).toList())
                .containsExactlyInAnyOrder(ARN + "quals:$LATEST", ARN + "quals:1", ARN + "quals:live");
    }

    @Test
    void values_outside_the_model_are_validation_errors_and_an_empty_request_is_refused() {
        LambdaApiTest.createEcho(server, "ranges");
        assertError(() -> put(b -> b.functionName("ranges").maximumRetryAttempts(3)), "ValidationException", 400,
                "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have "
                        + "value less than or equal to 2");
        assertError(() -> put(b -> b.functionName("ranges").maximumEventAgeInSeconds(59)), "ValidationException", 400,
                "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must "
                        + "have value greater than or equal to 60");
        assertError(() -> put(b -> b.functionName("ranges").maximumEventAgeInSeconds(21_601)), "ValidationException", 400,
                "1 validation error detected: Value '21601' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member "
                        + "must have value less than or equal to 21600");
        assertError(() -> put(b -> b.functionName("missing")), "InvalidParameterValueException", 400,
                "You must specify at least one of error handling or destination setting.");
        assertThatThrownBy(() -> put(b -> b.functionName("ranges").destinationConfig(onFailure("not-an-arn"))))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("1 validation error detected: Value 'not-an-arn' at 'destinationConfig.onFailure.destination' "
                                + "failed to satisfy constraint: Member must satisfy regular expression pattern: $|kafka://"));
        assertThat(put(b -> b.functionName("ranges").maximumRetryAttempts(2).maximumEventAgeInSeconds(21_600)).maximumEventAgeInSeconds())
                .isEqualTo(21_600);
    }

    @Test
    void unknown_functions_qualifiers_and_configs_are_not_found() {
        LambdaApiTest.createEcho(server, "nf");
        assertError(() -> put(b -> b.functionName("missing").maximumRetryAttempts(1)), "ResourceNotFoundException", 404,
                "The function doesn't exist.");
        assertError(() -> put(b -> b.functionName("nf").qualifier("nope").maximumRetryAttempts(1)), "ResourceNotFoundException", 404,
                "The function doesn't exist.");
        assertError(() -> put(b -> b.functionName("nf").qualifier("7").maximumRetryAttempts(1)), "ResourceNotFoundException", 404,
                "The function doesn't exist.");
        assertError(() -> server.lambda.updateFunctionEventInvokeConfig(b -> b.functionName("nf").maximumRetryAttempts(1)),
                "ResourceNotFoundException", 404, "The function " + ARN + "nf:$LATEST doesn't have an EventInvokeConfig");
        assertError(() -> server.lambda.deleteFunctionEventInvokeConfig(b -> b.functionName("nf")),
                "ResourceNotFoundException", 404, "The function " + ARN + "nf:$LATEST doesn't have an EventInvokeConfig");
        assertError(() -> server.lambda.listFunctionEventInvokeConfigs(b -> b.functionName("missing")),
                "ResourceNotFoundException", 404, "The function doesn't exist.");
        assertError(() -> put(b -> b.functionName(ARN + "nf:live").qualifier("other").maximumRetryAttempts(1)),
                "InvalidParameterValueException", 400, "The derived qualifier from the function name does not match the specified qualifier.");
    }

    @Test
    void destinations_are_checked_as_lambda_checks_them() {
        LambdaApiTest.createEcho(server, "dst");
        assertError(() -> put(b -> b.functionName("dst").destinationConfig(onSuccess(ARN + "nowhere"))),
                "InvalidParameterValueException", 400, "The destination ARN " + ARN + "nowhere is invalid.");
        assertError(() -> put(b -> b.functionName("dst").destinationConfig(onSuccess(ARN + "dst"))),
                "InvalidParameterValueException", 400, "You can't specify the function as a destination for itself.");
        String iam = "arn:aws:iam:us-east-1:123456789012:role/x";
        assertError(() -> put(b -> b.functionName("dst").destinationConfig(onSuccess(iam))), "InvalidParameterValueException", 400,
                "The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=" + iam + "), onFailure=null) is invalid.");
        String bucket = "arn:aws:s3:::records-bucket";
        assertError(() -> put(b -> b.functionName("dst").destinationConfig(onSuccess(bucket))), "InvalidParameterValueException", 400,
                "The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=" + bucket + "), onFailure=null) is invalid.");
        assertError(() -> put(b -> b.functionName("dst").destinationConfig(onFailure("arn:aws:sqs:us-east-1:123456789012:"))),
                "InvalidParameterValueException", 400, "The destination ARN arn:aws:sqs:us-east-1:123456789012: is invalid.");

        assertThat(put(b -> b.functionName("dst").destinationConfig(onFailure(bucket))).destinationConfig().onFailure().destination())
                .as("S3 takes failure records").isEqualTo(bucket);
        for (String arn : new String[] {"arn:aws:sqs:us-east-1:123456789012:records", "arn:aws:sns:us-east-1:123456789012:topic",
                "arn:aws:events:us-east-1:123456789012:event-bus/default", ARN + "other", ARN + "other:$LATEST"}) {
            var both = put(b -> b.functionName("dst").destinationConfig(d -> d.onSuccess(s -> s.destination(arn))
                    .onFailure(f -> f.destination(arn))));
            assertThat(both.destinationConfig().onSuccess().destination()).isEqualTo(arn);
            assertThat(both.destinationConfig().onFailure().destination()).isEqualTo(arn);
        }
    }

    @Test
    void a_config_goes_with_its_alias_its_version_and_its_function() {
        LambdaApiTest.createEcho(server, "gone");
        server.lambda.publishVersion(b -> b.functionName("gone"));
        server.lambda.createAlias(b -> b.functionName("gone").name("live").functionVersion("$LATEST"));
        for (String q : new String[] {"$LATEST", "1", "live"}) put(b -> b.functionName("gone").qualifier(q).maximumRetryAttempts(0));

        server.lambda.deleteAlias(b -> b.functionName("gone").name("live"));
        server.lambda.deleteFunction(b -> b.functionName("gone").qualifier("1"));
        assertThat(server.lambda.listFunctionEventInvokeConfigs(b -> b.functionName("gone")).functionEventInvokeConfigs())
                .extracting(FunctionEventInvokeConfig::functionArn).containsExactly(ARN + "gone:$LATEST");
        server.lambda.createAlias(b -> b.functionName("gone").name("live").functionVersion("$LATEST"));
        assertThatThrownBy(() -> server.lambda.getFunctionEventInvokeConfig(b -> b.functionName("gone").qualifier("live")))
                .as("a new alias of the same name starts without a config").isInstanceOf(LambdaException.class);

        server.lambda.deleteFunction(b -> b.functionName("gone"));
        LambdaApiTest.createEcho(server, "gone");
        assertThat(server.lambda.listFunctionEventInvokeConfigs(b -> b.functionName("gone")).functionEventInvokeConfigs())
                .as("a new function of the same name starts without configs").isEmpty();
    }

    @Test
    void configs_survive_a_restart() {
        Path data = TestServer.tempDir();
        TestServer first = TestServer.start(data, false);
        LambdaApiTest.createEcho(first, "kept");
        LambdaApiTest.createEcho(first, "sink");
        var put = first.lambda.putFunctionEventInvokeConfig(b -> b.functionName("kept").maximumRetryAttempts(1)
                .maximumEventAgeInSeconds(300).destinationConfig(onSuccess(ARN + "sink")));
        first.stop();
        try (TestServer second = TestServer.start(data, false)) {
            var got = second.lambda.getFunctionEventInvokeConfig(b -> b.functionName("kept"));
            assertThat(got.maximumRetryAttempts()).isEqualTo(1);
            assertThat(got.maximumEventAgeInSeconds()).isEqualTo(300);
            assertThat(got.destinationConfig().onSuccess().destination()).isEqualTo(ARN + "sink");
            assertThat(got.lastModified()).isEqualTo(put.lastModified());
        }
    }
}
