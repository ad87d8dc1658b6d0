package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real AWS CLI (v1 or v2) driven as a subprocess with --endpoint-url. Skipped when no {@code aws} is installed. */
class AwsCliTest {
    static TestServer server;
    static Path aws;
    static boolean v2;
    static Path work;

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> found = Stream.concat(Stream.of(Path.of("/usr/bin/aws"), Path.of("/usr/local/bin/aws")),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> Path.of(d, "aws")))
                .filter(Files::isExecutable).findFirst();
        assumeTrue(found.isPresent(), "the AWS CLI is not installed (scripts/setup-test-deps.sh installs it)");
        aws = found.get();
        work = Files.createTempDirectory("aws-cli");
        server = TestServer.start();
        Run version = run("--version");
        assumeTrue(version.exit() == 0, "aws --version failed: " + version.err());
        v2 = (version.out() + version.err()).startsWith("aws-cli/2");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static Run run(String... args) throws IOException, InterruptedException {
        return runAs(server == null ? null : server.endpoint(), "test", "test", args);
    }

    /** The AWS CLI against {@code endpoint}, signing with this key (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). */
    static Run runAs(String endpoint, String keyId, String secret, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(aws.toString()));
        cmd.addAll(List.of(args));
        if (endpoint != null && args.length > 0 && args[0].equals("lambda")) cmd.addAll(List.of("--endpoint-url", endpoint));
        var pb = new ProcessBuilder(cmd).directory(work.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", keyId, "AWS_SECRET_ACCESS_KEY", secret, "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_PAGER", "", "AWS_CONFIG_FILE", work.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", work.resolve("none").toString()));
        pb.redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile());
        int exit = pb.start().waitFor();
        return new Run(exit, Files.readString(work.resolve("stdout")), Files.readString(work.resolve("stderr")));
    }

    private static String[] binary(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (v2) all.addAll(List.of("--cli-binary-format", "raw-in-base64-out"));
        return all.toArray(String[]::new);
    }

    @Test
    void deploys_invokes_versions_and_deletes_a_function_with_the_aws_cli() throws Exception {
        Path zip = work.resolve("fn.zip");
        Files.write(zip, Zips.of("app.py", "def handler(event, context):\n    print('cli says', event)\n    return {'sum': event['a'] + event['b']}\n").asByteArray());

        Run created = run("lambda", "create-function", "--function-name", "cli-fn", "--runtime", "python3.12",
                "--handler", "app.handler", "--role", "arn:aws:iam::123456789012:role/cli", "--zip-file", "fileb://" + zip);
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.json().get("FunctionArn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:cli-fn");

        Run invoked = run(binary("lambda", "invoke", "--function-name", "cli-fn", "--payload", "{\"a\": 1, \"b\": 2}",
                "--log-type", "Tail", "out.json"));
        assertThat(invoked.exit()).as(invoked.err()).isZero();
        assertThat(invoked.json().get("StatusCode").asInt()).isEqualTo(200);
        String log = new String(Base64.getDecoder().decode(invoked.json().get("LogResult").asText()), StandardCharsets.UTF_8);
        assertThat(log).contains("cli says {'a': 1, 'b': 2}").contains("REPORT RequestId:");
        assertThat(Files.readString(work.resolve("out.json"))).isEqualTo("{\"sum\": 3}");

        Run listed = run("lambda", "list-functions");
        assertThat(listed.json().get("Functions").findValuesAsText("FunctionName")).contains("cli-fn");

        Run published = run("lambda", "publish-version", "--function-name", "cli-fn");
        assertThat(published.json().get("Version").asText()).isEqualTo("1");
        Run alias = run("lambda", "create-alias", "--function-name", "cli-fn", "--name", "live", "--function-version", "1");
        assertThat(alias.json().get("AliasArn").asText()).endsWith(":function:cli-fn:live");

        Run got = run("lambda", "get-function", "--function-name", "cli-fn", "--qualifier", "live");
        assertThat(got.exit()).as(got.err()).isZero();
        assertThat(got.json().get("Configuration").get("Version").asText()).isEqualTo("1");

        Run deleted = run("lambda", "delete-function", "--function-name", "cli-fn");
        assertThat(deleted.exit()).as(deleted.err()).isZero();

        Run missing = run("lambda", "get-function", "--function-name", "cli-fn");
        assertThat(missing.exit()).isIn(254, 255);
        assertThat(missing.err()).contains("ResourceNotFoundException").contains("Function not found");
    }

    @Test
    void publishes_lists_uses_and_deletes_a_layer_with_the_aws_cli() throws Exception {
        Path zip = work.resolve("layer.zip");
        Files.write(zip, Zips.of("python/cli_lib.py", "WORD = 'from a layer'\n").asByteArray());
        Run published = run("lambda", "publish-layer-version", "--layer-name", "cli-layer", "--zip-file", "fileb://" + zip,
                "--compatible-runtimes", "python3.12", "python3.13", "--compatible-architectures", "x86_64",
                "--description", "shared code");
        assertThat(published.exit()).as(published.err()).isZero();
        String arn = published.json().get("LayerVersionArn").asText();
        assertThat(arn).isEqualTo("arn:aws:lambda:us-east-1:123456789012:layer:cli-layer:1");
        assertThat(published.json().get("Content").get("CodeSize").asLong()).isEqualTo(Files.size(zip));

        Run got = run("lambda", "get-layer-version", "--layer-name", "cli-layer", "--version-number", "1");
        assertThat(got.json().get("Description").asText()).isEqualTo("shared code");
        Run byArn = run("lambda", "get-layer-version-by-arn", "--arn", arn);
        assertThat(byArn.json().get("Version").asInt()).isEqualTo(1);
        Run layers = run("lambda", "list-layers", "--compatible-runtime", "python3.13");
        assertThat(layers.json().get("Layers").findValuesAsText("LayerName")).containsExactly("cli-layer");
        Run versions = run("lambda", "list-layer-versions", "--layer-name", "cli-layer");
        assertThat(versions.json().get("LayerVersions").findValuesAsText("LayerVersionArn")).containsExactly(arn);

        Run permitted = run("lambda", "add-layer-version-permission", "--layer-name", "cli-layer", "--version-number", "1",
                "--statement-id", "everyone", "--action", "lambda:GetLayerVersion", "--principal", "*");
        assertThat(permitted.exit()).as(permitted.err()).isZero();
        Run policy = run("lambda", "get-layer-version-policy", "--layer-name", "cli-layer", "--version-number", "1");
        assertThat(policy.json().get("Policy").asText()).contains("everyone");
        Run removed = run("lambda", "remove-layer-version-permission", "--layer-name", "cli-layer", "--version-number", "1",
                "--statement-id", "everyone");
        assertThat(removed.exit()).as(removed.err()).isZero();

        Run fn = create("cli-layered", "python3.12", "app.handler",
                Zips.of("app.py", "import cli_lib\ndef handler(event, context):\n    return cli_lib.WORD\n").asByteArray(),
                "--layers", arn);
        assertThat(fn.exit()).as(fn.err()).isZero();
        assertThat(fn.json().get("Layers").get(0).get("Arn").asText()).isEqualTo(arn);
        Run invoked = run(binary("lambda", "invoke", "--function-name", "cli-layered", "layer-out.json"));
        assertThat(invoked.exit()).as(invoked.err()).isZero();
        assertThat(Files.readString(work.resolve("layer-out.json"))).isEqualTo("\"from a layer\"");

        Run deleted = run("lambda", "delete-layer-version", "--layer-name", "cli-layer", "--version-number", "1");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        Run gone = run("lambda", "get-layer-version", "--layer-name", "cli-layer", "--version-number", "1");
        assertThat(gone.exit()).isIn(254, 255);
        assertThat(gone.err()).contains("ResourceNotFoundException");
        Run unknown = run("lambda", "update-function-configuration", "--function-name", "cli-layered", "--layers", arn);
        assertThat(unknown.exit()).isIn(254, 255);
        assertThat(unknown.err()).contains("InvalidParameterValueException").contains("Layer version " + arn + " does not exist.");
    }

    private static Run create(String name, String runtime, String handler, byte[] zip, String... more) throws Exception {
        Path file = work.resolve(name + ".zip");
        Files.write(file, zip);
        List<String> args = new ArrayList<>(List.of("lambda", "create-function", "--function-name", name, "--runtime", runtime,
                "--handler", handler, "--role", "arn:aws:iam::123456789012:role/cli", "--zip-file", "fileb://" + file));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void deploys_and_invokes_node_java_and_provided_functions_with_the_aws_cli() throws Exception {
        assertThat(create("cli-node", "nodejs20.x", "index.handler", Zips.of("index.mjs",
                "export const handler = async (event, context) => ({ node: event.n * 2, fn: context.functionName });\n")
                .asByteArray()).exit()).isZero();
        assertThat(create("cli-java", "java21", "demo.Hello::handleRequest", RuntimesOverApiTest.javaHelloZip(),
                "--memory-size", "512", "--timeout", "30").exit()).isZero();
        assertThat(create("cli-shell", "provided.al2023", "function.handler",
                Zips.of("bootstrap", RuntimesOverApiTest.SHELL_BOOTSTRAP).asByteArray()).exit()).isZero();

        Map<String, String> expected = Map.of("cli-node", "{\"node\":42,\"fn\":\"cli-node\"}",
                "cli-java", "\"hello ada from cli-java\"", "cli-shell", "{\"shell\":{\"n\": 21, \"name\": \"ada\"}}");
        for (var e : expected.entrySet()) {
            Run invoked = run(binary("lambda", "invoke", "--function-name", e.getKey(),
                    "--payload", "{\"n\": 21, \"name\": \"ada\"}", e.getKey() + ".out"));
            assertThat(invoked.exit()).as(invoked.err()).isZero();
            assertThat(invoked.json().has("FunctionError")).as(e.getKey()).isFalse();
            assertThat(Files.readString(work.resolve(e.getKey() + ".out"))).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void an_event_invocation_with_the_aws_cli_is_accepted_with_202_and_runs() throws Exception {
        assertThat(create("cli-event", "python3.12", "app.handler",
                Zips.of("app.py", "def handler(event, context):\n    print('event ran', event['k'])\n").asByteArray()).exit()).isZero();

        Run invoked = run(binary("lambda", "invoke", "--function-name", "cli-event", "--invocation-type", "Event",
                "--payload", "{\"k\": 7}", "event.out"));

        assertThat(invoked.exit()).as(invoked.err()).isZero();
        assertThat(invoked.json().get("StatusCode").asInt()).isEqualTo(202);
        Eventually.until(() -> server.http("GET", "/stepwise/v1/functions/cli-event/logs", null).body(),
                body -> body.contains("event ran 7") && body.contains("REPORT RequestId:"), "the event to run");
    }

    @Test
    void event_invoke_configs_with_the_aws_cli() throws Exception {
        byte[] zip = Zips.of("app.py", "def handler(event, context):\n    return event\n").asByteArray();
        assertThat(create("cli-async", "python3.12", "app.handler", zip).exit()).isZero();
        assertThat(create("cli-sink", "python3.12", "app.handler", zip).exit()).isZero();

        Run put = run("lambda", "put-function-event-invoke-config", "--function-name", "cli-async",
                "--maximum-event-age-in-seconds", "3600", "--maximum-retry-attempts", "0");
        assertThat(put.exit()).as(put.err()).isZero();
        assertThat(put.json().get("FunctionArn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:cli-async:$LATEST");
        assertThat(put.json().get("MaximumRetryAttempts").asInt()).isZero();
        assertThat(put.json().has("LastModified")).as("botocore parsed the epoch-seconds timestamp").isTrue();

        Run updated = run("lambda", "update-function-event-invoke-config", "--function-name", "cli-async", "--destination-config",
                "{\"OnFailure\": {\"Destination\": \"arn:aws:lambda:us-east-1:123456789012:function:cli-sink\"}}");
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(updated.json().get("MaximumEventAgeInSeconds").asInt()).isEqualTo(3600);
        assertThat(updated.json().at("/DestinationConfig/OnFailure/Destination").asText()).endsWith(":function:cli-sink");

        Run listed = run("lambda", "list-function-event-invoke-configs", "--function-name", "cli-async");
        assertThat(listed.json().get("FunctionEventInvokeConfigs")).hasSize(1);
        assertThat(run("lambda", "delete-function-event-invoke-config", "--function-name", "cli-async").exit()).isZero();

        Run missing = run("lambda", "get-function-event-invoke-config", "--function-name", "cli-async");
        assertThat(missing.exit()).isIn(254, 255);
        assertThat(missing.err()).contains("ResourceNotFoundException").contains("doesn't have an EventInvokeConfig");
    }

    @Test
    void bad_input_from_the_aws_cli_gets_the_aws_error_and_a_failing_exit_code() throws Exception {
        Run escaping = create("cli-bad-zip", "python3.12", "app.handler",
                Zips.zip(Map.of("../escape.py", "x = 1\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(escaping.exit()).isIn(254, 255);
        assertThat(escaping.err()).contains("InvalidParameterValueException");

        Run badRuntime = create("cli-bad-runtime", "python2.7", "app.handler", Zips.of("app.py", "x = 1\n").asByteArray());
        assertThat(badRuntime.exit()).isIn(252, 254, 255);
        assertThat(badRuntime.err()).containsAnyOf("InvalidParameterValueException", "python2.7");

        Run missing = run(binary("lambda", "invoke", "--function-name", "cli-nobody", "--payload", "{}", "none.out"));
        assertThat(missing.exit()).isIn(254, 255);
        assertThat(missing.err()).contains("ResourceNotFoundException");

        assertThat(create("cli-json", "python3.12", "app.handler",
                Zips.of("app.py", "def handler(event, context):\n    return event\n").asByteArray()).exit()).isZero();
        Run badJson = run(binary("lambda", "invoke", "--function-name", "cli-json", "--payload", "{not json", "bad.out"));
        assertThat(badJson.exit()).isIn(254, 255);
        assertThat(badJson.err()).contains("InvalidRequestContentException");
        assertThat(server.http("GET", "/health", null).statusCode()).as("the server stays healthy").isEqualTo(200);
    }

    @Test
    void the_aws_cli_signs_requests_that_a_sigv4_server_verifies() throws Exception {
        try (TestServer signed = TestServer.start(TestServer.config(TestServer.tempDir(), false)
                .withAuth(new Auth.SigV4(AccessKeys.of("AKIDCLITEST", "cli/secret+key"))))) {
            Path zip = work.resolve("signed.zip");
            Files.write(zip, Zips.of("app.py", "def handler(event, context):\n    return {'got': event}\n").asByteArray());

            Run created = runAs(signed.endpoint(), "AKIDCLITEST", "cli/secret+key", "lambda", "create-function",
                    "--function-name", "signed-fn", "--runtime", "python3.12", "--handler", "app.handler",
                    "--role", "arn:aws:iam::123456789012:role/cli", "--zip-file", "fileb://" + zip);
            assertThat(created.exit()).as(created.err()).isZero();
            // an ARN in the path: the CLI percent-encodes it, then encodes that again for the signature
            Run invoked = runAs(signed.endpoint(), "AKIDCLITEST", "cli/secret+key", binary("lambda", "invoke", "--function-name",
                    "arn:aws:lambda:us-east-1:123456789012:function:signed-fn", "--qualifier", "$LATEST", "--payload", "{\"a\": 1}", "signed.json"));
            assertThat(invoked.exit()).as(invoked.err()).isZero();
            assertThat(Files.readString(work.resolve("signed.json"))).isEqualTo("{\"got\": {\"a\": 1}}");

            Run wrongSecret = runAs(signed.endpoint(), "AKIDCLITEST", "not-it", "lambda", "list-functions");
            assertThat(wrongSecret.exit()).isIn(254, 255);
            assertThat(wrongSecret.err()).contains("InvalidSignatureException").contains("does not match the signature you provided");
            Run unknownKey = runAs(signed.endpoint(), "AKIDNOBODY", "x", "lambda", "list-functions");
            assertThat(unknownKey.err()).contains("UnrecognizedClientException").contains("The security token included in the request is invalid");
        }
    }
}
