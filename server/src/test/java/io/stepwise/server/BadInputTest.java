package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Every kind of bad input gets AWS's error type and status, never a 500. */
class BadInputTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        LambdaApiTest.createEcho(server, "target");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void create(Consumer<CreateFunctionRequest.Builder> tweak) {
        server.lambda.createFunction(b -> {
            b.functionName("bad").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE).handler("app.handler")
                    .code(c -> c.zipFile(Zips.of("app.py", "def handler(e, c): return 1\n")));
            tweak.accept(b);
        });
    }

    private static void assertError(Runnable call, String type, int status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LambdaException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type);
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorMessage()).isNotBlank();
        });
    }

    @Test
    void unknown_function_version_and_alias_are_not_found() {
        assertThatThrownBy(() -> server.lambda.invoke(b -> b.functionName("missing"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> server.lambda.invoke(b -> b.functionName("target").qualifier("7"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> server.lambda.getAlias(b -> b.functionName("target").name("nope"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> server.lambda.updateFunctionConfiguration(b -> b.functionName("missing").memorySize(256)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void memory_out_of_the_model_range_is_a_validation_error_and_above_lambda_limit_an_invalid_parameter() {
        assertError(() -> create(b -> b.memorySize(127)), "ValidationException", 400);
        assertError(() -> create(b -> b.memorySize(10_241)), "InvalidParameterValueException", 400);
        assertError(() -> server.lambda.updateFunctionConfiguration(b -> b.functionName("target").memorySize(64)), "ValidationException", 400);
    }

    @Test
    void timeout_below_one_or_above_900_seconds_is_rejected() {
        assertError(() -> create(b -> b.timeout(0)), "ValidationException", 400);
        assertError(() -> create(b -> b.timeout(901)), "InvalidParameterValueException", 400);
    }

    @Test
    void unsupported_runtimes_and_a_missing_handler_are_rejected() {
        assertError(() -> create(b -> b.runtime("python2.9")), "ValidationException", 400);
        assertError(() -> create(b -> b.runtime(Runtime.PYTHON3_8)), "InvalidParameterValueException", 400);
        assertError(() -> create(b -> b.runtime("cobol85")), "ValidationException", 400);
        assertError(() -> create(b -> b.handler(null)), "InvalidParameterValueException", 400);
        assertError(() -> create(b -> b.handler("has space")), "ValidationException", 400);
    }

    @Test
    void a_runtime_that_never_existed_and_a_retired_one_get_aws_s_two_distinct_answers() { // issue 13
        assertThatThrownBy(() -> create(b -> b.runtime("python3.99"))).isInstanceOfSatisfying(LambdaException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'python3.99' at "
                    + "'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs, nodejs4.3, "
                    + "nodejs6.10, nodejs8.10, nodejs10.x, nodejs12.x, nodejs14.x, nodejs16.x, java8, java8.al2, java11, "
                    + "python2.7, python3.6, python3.7, python3.8, python3.9, dotnetcore1.0, dotnetcore2.0, dotnetcore2.1, "
                    + "dotnetcore3.1, dotnet6, dotnet8, nodejs4.3-edge, go1.x, ruby2.5, ruby2.7, provided, provided.al2, "
                    + "nodejs18.x, python3.10, java17, ruby3.2, ruby3.3, ruby3.4, python3.11, nodejs20.x, provided.al2023, "
                    + "python3.12, java21, python3.13, nodejs22.x, nodejs24.x, python3.14, java25, dotnet10, ruby4.0]");
        });
        for (String retired : new String[] {"python2.7", "nodejs12.x"}) {
            assertThatThrownBy(() -> create(b -> b.runtime(retired))).isInstanceOfSatisfying(InvalidParameterValueException.class,
                    e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The runtime parameter of " + retired
                            + " is no longer supported for creating or updating AWS Lambda functions. We recommend you use "
                            + "a supported runtime while creating or updating functions."));
        }
    }

    @Test
    void environment_over_4_kb_or_with_reserved_keys_is_rejected() {
        assertError(() -> create(b -> b.environment(e -> e.variables(Map.of("BIG", "x".repeat(4100))))), "InvalidParameterValueException", 400);
        assertError(() -> create(b -> b.environment(e -> e.variables(Map.of("AWS_REGION", "eu-west-1")))), "InvalidParameterValueException", 400);
    }

    @Test
    void bad_names_are_validation_errors() {
        assertError(() -> create(b -> b.functionName("has space")), "ValidationException", 400);
        assertError(() -> create(b -> b.functionName("x".repeat(65))), "ValidationException", 400);
    }

    @Test
    void creating_an_existing_function_is_a_conflict() {
        assertThatThrownBy(() -> LambdaApiTest.createEcho(server, "target")).isInstanceOf(ResourceConflictException.class);
    }

    @Test
    void oversized_payloads_are_413() {
        byte[] big = ("\"" + "x".repeat(6 * 1024 * 1024) + "\"").getBytes();
        assertThatThrownBy(() -> server.lambda.invoke(b -> b.functionName("target").payload(SdkBytes.fromByteArray(big))))
                .isInstanceOf(RequestTooLargeException.class).extracting(e -> ((LambdaException) e).statusCode()).isEqualTo(413);
        byte[] async = ("\"" + "x".repeat(1024 * 1024) + "\"").getBytes();
        assertThatThrownBy(() -> server.lambda.invoke(b -> b.functionName("target").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromByteArray(async)))).isInstanceOf(RequestTooLargeException.class);
    }

    @Test
    void a_payload_that_is_not_json_is_invalid_request_content() {
        assertError(() -> server.lambda.invoke(b -> b.functionName("target").payload(SdkBytes.fromUtf8String("{nope"))),
                "InvalidRequestContentException", 400);
    }

    @Test
    void malformed_json_bodies_and_wrong_member_types_are_400_not_500() {
        var r = server.http("POST", "/2015-03-31/functions", "{\"FunctionName\": ");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).hasValue("InvalidRequestContentException");
        assertThat(r.body()).contains("\"Type\":\"User\"").doesNotContain("Exception:").doesNotContain("\tat ");
        var wrongType = server.http("PUT", "/2015-03-31/functions/target/configuration", "{\"MemorySize\": \"big\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        var array = server.http("POST", "/2015-03-31/functions", "[1,2]");
        assertThat(array.statusCode()).isEqualTo(400);
    }

    @Test
    void unknown_routes_are_aws_shaped_404s() {
        // GET / is S3's ListBuckets, and a path under no other API's first segment is an S3 bucket's
        for (String path : new String[] {"/2015-03-31/nothing", "/2015-03-31/functions/target/unknown"}) {
            var r = server.http("GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("X-Amzn-ErrorType")).as(path).hasValue("UnknownOperationException");
        }
        var s3 = server.http("GET", "/2099-01-01/x", null);
        assertThat(s3.statusCode()).isEqualTo(404);
        assertThat(s3.body()).contains("<Code>NoSuchBucket</Code>");
        var wrongMethod = server.http("PATCH", "/2015-03-31/functions/target", "{}");
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
    }

    @Test
    void a_uri_jetty_refuses_is_still_an_aws_shaped_400_not_an_html_page() {
        var r = server.http("GET", "/2015-03-31/functions/%00/configuration", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).hasValue("InvalidRequestContentException");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).startsWith("{\"Type\":\"User\",\"message\":\"Bad request: ");
    }

    @Test
    void aliases_to_unknown_versions_and_bad_alias_names_are_rejected() {
        assertThatThrownBy(() -> server.lambda.createAlias(b -> b.functionName("target").name("live").functionVersion("9")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertError(() -> server.lambda.createAlias(b -> b.functionName("target").name("123").functionVersion("$LATEST")),
                "ValidationException", 400);
    }

    @Test
    void a_stale_revision_id_is_a_failed_precondition() {
        assertError(() -> server.lambda.updateFunctionConfiguration(b -> b.functionName("target").revisionId("stale").timeout(5)),
                "PreconditionFailedException", 412);
    }

    @Test
    void s3_code_is_not_supported_and_says_so() {
        assertThatThrownBy(() -> server.lambda.createFunction(b -> b.functionName("s3").runtime(Runtime.PYTHON3_12)
                .role(LambdaApiTest.ROLE).handler("a.b").code(c -> c.s3Bucket("bucket").s3Key("key"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("ZipFile");
    }

    @Test
    void a_body_over_the_largest_request_is_413_before_it_is_read() {
        var r = server.http("POST", "/2015-03-31/functions", "x".repeat((int) StepwiseServer.MAX_REQUEST_BYTES + 10));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).hasValue("RequestTooLargeException");
    }

    @Test
    void a_provided_function_without_a_bootstrap_is_a_function_error_not_a_hang() {
        server.lambda.createFunction(b -> b.functionName("no-bootstrap").runtime(Runtime.PROVIDED_AL2023)
                .role(LambdaApiTest.ROLE).code(c -> c.zipFile(Zips.of("readme.txt", "no bootstrap here"))));
        var r = server.lambda.invoke(b -> b.functionName("no-bootstrap"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(r.payload().asUtf8String()).contains("errorType");
    }
}
