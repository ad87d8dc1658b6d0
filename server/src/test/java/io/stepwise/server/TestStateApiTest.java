package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InspectionLevel;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TestExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/** TestState through the AWS SDK's SfnClient against a real server, with a real Python function. */
class TestStateApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ROLE = "arn:aws:iam::123456789012:role/test";
    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:py-double";
    static TestServer server;
    static SfnClient sfn;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.lambda.createFunction(b -> b.functionName("py-double").runtime(Runtime.PYTHON3_12).role(ROLE)
                .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py", """
                        def handler(event, context):
                            if event.get("fail"):
                                raise ValueError("asked to fail")
                            return {"n": event["n"] * 2}
                        """))));
        // the SDK would send TestState to sync-<host>; a test server on localhost cannot resolve that name
        sfn = SfnClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    @Test
    void a_lambda_task_runs_the_real_function_and_shows_its_data_flow_at_debug() {
        TestStateResponse r = sfn.testState(b -> b.definition("{\"Type\": \"Task\", \"Resource\": \"" + FUNCTION
                + "\", \"ResultPath\": \"$.doubled\", \"Next\": \"After\"}").roleArn(ROLE).input("{\"n\": 21}")
                .inspectionLevel(InspectionLevel.DEBUG));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(json(r.output())).isEqualTo(json("{\"n\": 21, \"doubled\": {\"n\": 42}}"));
        assertThat(r.nextState()).isEqualTo("After");
        assertThat(json(r.inspectionData().input())).isEqualTo(json("{\"n\": 21}"));
        assertThat(json(r.inspectionData().afterParameters())).isEqualTo(json("{\"n\": 21}"));
        assertThat(json(r.inspectionData().result())).isEqualTo(json("{\"n\": 42}"));
        assertThat(json(r.inspectionData().afterResultPath())).isEqualTo(json(r.output()));
    }

    @Test
    void a_lambda_invoke_task_that_raises_is_caught_with_the_functions_error() {
        TestStateResponse r = sfn.testState(b -> b.definition("{\"Type\": \"Task\", \"Resource\": "
                + "\"arn:aws:states:::lambda:invoke\", \"Parameters\": {\"FunctionName\": \"py-double\", "
                + "\"Payload.$\": \"$\"}, \"Catch\": [{\"ErrorEquals\": [\"ValueError\"], \"Next\": \"Handle\"}], "
                + "\"End\": true}").roleArn(ROLE).input("{\"fail\": true}").inspectionLevel(InspectionLevel.TRACE));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.CAUGHT_ERROR);
        assertThat(r.error()).isEqualTo("ValueError");
        assertThat(json(r.cause()).path("errorMessage").asText()).isEqualTo("asked to fail");
        assertThat(r.nextState()).isEqualTo("Handle");
        assertThat(r.inspectionData().errorDetails().catchIndex()).isZero();
        assertThat(r.inspectionData().request()).as("no HTTP task integration, so no TRACE request").isNull();
    }

    @Test
    void a_mocked_task_answers_its_mock_and_info_shows_no_inspection() {
        TestStateResponse r = sfn.testState(b -> b.definition("{\"Type\": \"Task\", \"Resource\": "
                + "\"arn:aws:states:::lambda:invoke\", \"End\": true}").input("{}")
                .mock(m -> m.result("{\"Payload\": \"function output\", \"StatusCode\": 200}")));
        assertThat(r.status()).isEqualTo(TestExecutionStatus.SUCCEEDED);
        assertThat(json(r.output())).isEqualTo(json("{\"Payload\": \"function output\", \"StatusCode\": 200}"));
        assertThat(r.inspectionData()).isNull();
        assertThat(r.nextState()).isNull();
        TestStateResponse retriable = sfn.testState(b -> b.definition("{\"Type\": \"Task\", \"Resource\": "
                + "\"arn:aws:states:::lambda:invoke\", \"Retry\": [{\"ErrorEquals\": [\"Boom\"]}], \"End\": true}")
                .mock(m -> m.errorOutput(e -> e.error("Boom").cause("mocked"))).inspectionLevel(InspectionLevel.DEBUG)
                .stateConfiguration(c -> c.retrierRetryCount(2)));
        assertThat(retriable.status()).isEqualTo(TestExecutionStatus.RETRIABLE);
        assertThat(retriable.inspectionData().errorDetails().retryIndex()).isZero();
        assertThat(retriable.inspectionData().errorDetails().retryBackoffIntervalSeconds()).isEqualTo(4);
    }

    @Test
    void bad_requests_are_refused_with_awss_error_names() {
        assertThatThrownBy(() -> sfn.testState(b -> b.definition("{\"Type\": \"Pass\", \"End\": \"yes\"}")))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED:");
        assertThatThrownBy(() -> sfn.testState(b -> b.definition("{\"StartAt\": \"P\", \"States\": {\"P\": "
                + "{\"Type\": \"Pass\", \"End\": true}}}").stateName("dne")))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("State not found in definition");
        assertThatThrownBy(() -> sfn.testState(b -> b.definition("{\"Type\": \"Task\", \"Resource\": "
                + "\"arn:aws:states:::lambda:invoke\", \"End\": true}").mock(m -> m.result("{}")
                .errorOutput(e -> e.error("E")))))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith(
                        "A test mock should have only one of the following fields: [result, errorOutput].");
        assertThatThrownBy(() -> sfn.testState(b -> b.definition("{\"Type\": \"Pass\", \"End\": true}")
                .inspectionLevel("VERBOSE")))
                .isInstanceOfSatisfying(SfnException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"))
                .hasMessageStartingWith("1 validation error detected: Value 'VERBOSE' at 'inspectionLevel' failed to "
                        + "satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]");
    }

    @Test
    void testState_sent_to_the_sync_host_as_the_sdks_send_it_is_served() throws IOException {
        String body = "{\"definition\": \"{\\\"Type\\\": \\\"Pass\\\", \\\"Result\\\": 1, \\\"End\\\": true}\"}";
        URI endpoint = URI.create(server.endpoint());
        try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: sync-localhost:" + endpoint.getPort() + "\r\nContent-Type: "
                    + "application/x-amz-json-1.0\r\nX-Amz-Target: AWSStepFunctions.TestState\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(json(response.substring(response.indexOf("\r\n\r\n") + 4)))
                    .isEqualTo(json("{\"output\": \"1\", \"status\": \"SUCCEEDED\"}"));
        }
    }
}
