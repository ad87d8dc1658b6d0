package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Function code calls the Stepwise API as a Lambda function calls AWS: boto3 inside the function, with no configuration,
 * finds the endpoint and its environment's own temporary credentials in its environment, and every call it makes from
 * its network namespace is checked with SigV4, on a server that checks nothing on loopback. The credentials die with
 * the environment. Needs root and nftables (the environment's own network).
 */
class FunctionCredentialsTest {
    private static final String CALLER = """
            import json, os, urllib.error, urllib.request
            import boto3, botocore.exceptions
            def code(call):
                try:
                    call()
                    return "ok"
                except botocore.exceptions.ClientError as e:
                    return e.response["Error"]["Code"]
            def unsigned(url):
                try:
                    urllib.request.urlopen(url, timeout=10)
                    return "ok"
                except urllib.error.HTTPError as e:
                    return "%d %s" % (e.code, e.headers.get("x-amzn-ErrorType"))
            def client(secret, token):
                return boto3.client("lambda", aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"], aws_secret_access_key=secret,
                                    aws_session_token=token)
            def handler(event, context):
                endpoint = os.environ["AWS_ENDPOINT_URL"]
                functions = [f["FunctionName"] for f in boto3.client("lambda").list_functions()["Functions"]]
                machine = boto3.client("stepfunctions").create_state_machine(name="made-by-a-function",
                    definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
                    roleArn="arn:aws:iam::123456789012:role/r")["stateMachineArn"]
                s3 = boto3.client("s3")
                code(lambda: s3.create_bucket(Bucket="made-by-a-function"))   # a second call finds it there
                s3.put_object(Bucket="made-by-a-function", Key="users.csv", Body=b"id\\nu1\\n")
                stored = s3.get_object(Bucket="made-by-a-function", Key="users.csv")["Body"].read().decode()
                return {"endpoint": endpoint, "functions": functions, "machine": machine, "s3": stored,
                        "unsigned": unsigned(endpoint + "/2015-03-31/functions/"),
                        "forgedToken": code(lambda: client(os.environ["AWS_SECRET_ACCESS_KEY"], "forged").list_functions()),
                        "wrongSecret": code(lambda: client("x" * 40, os.environ["AWS_SESSION_TOKEN"]).list_functions()),
                        "credentials": [os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"], os.environ["AWS_SESSION_TOKEN"]]}
            """;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void boto3_in_a_function_calls_the_api_with_its_environments_credentials_and_nothing_unsigned_gets_through() {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/nft")),
                "network namespaces need root and nftables");
        server = TestServer.start();   // loopback, no authentication for the host's own clients
        server.lambda.createFunction(b -> b.functionName("caller").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").timeout(60).memorySize(1769).code(c -> c.zipFile(Zips.of("app.py", CALLER))));

        var result = server.lambda.invoke(b -> b.functionName("caller"));
        JsonNode r = LambdaApiTest.json(result.payload());

        assertThat(result.functionError()).as(r.toString()).isNull();
        assertThat(r.get("endpoint").asText()).matches("http://10\\.239\\.\\d+\\.\\d+:9002");
        assertThat(r.get("functions").toString()).isEqualTo("[\"caller\"]");
        assertThat(server.sfn.listStateMachines().stateMachines()).extracting(m -> m.stateMachineArn())
                .containsExactly(r.get("machine").asText());
        assertThat(r.get("s3").asText()).as("through the S3 API, signed as the SDK signs S3").isEqualTo("id\nu1\n");
        assertThat(r.get("unsigned").asText()).isEqualTo("403 MissingAuthenticationTokenException");
        assertThat(r.get("forgedToken").asText()).isEqualTo("UnrecognizedClientException");
        assertThat(r.get("wrongSecret").asText()).isEqualTo("InvalidSignatureException");
        assertThat(r.get("credentials").get(0).asText()).matches("ASIA[A-Z2-7]{16}");
    }

    @Test
    void an_environments_credentials_are_accepted_while_it_lives_and_refused_after() {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/nft")),
                "network namespaces need root and nftables");
        server = TestServer.start(TestServer.config(TestServer.tempDir(), false)
                .withAuth(new Auth.SigV4(AccessKeys.of(SigV4AuthTest.ID, SigV4AuthTest.SECRET))));
        try (LambdaClient admin = TestServer.client(server.endpoint(), AwsBasicCredentials.create(SigV4AuthTest.ID, SigV4AuthTest.SECRET))) {
            admin.createFunction(b -> b.functionName("leaker").runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                    .handler("app.handler").timeout(60).memorySize(1769).code(c -> c.zipFile(Zips.of("app.py", CALLER))));
            JsonNode r = LambdaApiTest.json(admin.invoke(b -> b.functionName("leaker")).payload());
            JsonNode c = r.get("credentials");
            var leaked = AwsSessionCredentials.create(c.get(0).asText(), c.get(1).asText(), c.get(2).asText());

            try (LambdaClient withLeaked = TestServer.client(server.endpoint(), leaked)) {
                assertThat(withLeaked.getFunction(b -> b.functionName("leaker")).configuration().functionName()).isEqualTo("leaker");

                admin.updateFunctionConfiguration(b -> b.functionName("leaker").memorySize(256));   // its environment stops

                AwsServiceException refused = catchThrowableOfType(AwsServiceException.class,
                        () -> withLeaked.getFunction(b -> b.functionName("leaker")));
                assertThat(refused.statusCode()).isEqualTo(403);
                assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
            }
            assertThat(admin.invoke(b -> b.functionName("leaker").payload(SdkBytes.fromUtf8String("{}"))).functionError()).isNull();
        }
    }
}
