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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote commands against a real server started in this JVM on an ephemeral port. */
class FunctionsCommandTest {
    static StepwiseServer server;
    static Path data;

    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        data = Files.createTempDirectory("stepwise-cli-test");
        server = StepwiseServer.start(ServerConfig.defaults(data).withPort(0).withExample(false));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The command with --endpoint of our server appended. */
    static Run remote(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--endpoint";
        all[args.length + 1] = server.endpoint();
        return stepwise(all);
    }

    private Path python(String name, String source) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("app.py"), source);
        return folder;
    }

    @Test
    void deploys_a_folder_invokes_it_lists_it_and_redeploys_it() throws Exception {
        Path folder = python("greeter", """
                import os
                def handler(event, context):
                    print("greeting", event["name"])
                    return {"greeting": os.environ["GREETING"] + ", " + event["name"]}
                """);

        Run created = remote("functions", "deploy", folder.toString(), "--name", "greeter", "--runtime", "python3.12",
                "--handler", "app.handler", "--memory", "256", "--timeout", "5", "--env", "GREETING=Hello");
        Run invoked = remote("functions", "invoke", "greeter", "--payload", "{\"name\":\"Ada\"}", "--log");
        Run listed = remote("functions", "list");
        Files.writeString(folder.resolve("app.py"), "def handler(event, context):\n    return 'v2'\n");
        Run updated = remote("functions", "deploy", folder.toString(), "--name", "greeter", "--runtime", "python3.12",
                "--handler", "app.handler");
        Run again = remote("functions", "invoke", "greeter");

        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("created arn:aws:lambda:us-east-1:").contains("greeter", "python3.12", "256 MB", "5 s");
        assertThat(invoked.code()).as(invoked.err()).isZero();
        assertThat(Json.parse(invoked.out()).path("greeting").textValue()).isEqualTo("Hello, Ada");
        assertThat(invoked.err()).contains("START RequestId: ", "greeting Ada", "REPORT RequestId: ");
        assertThat(listed.out()).contains("NAME", "RUNTIME").containsPattern("greeter\\s+python3.12\\s+app.handler\\s+256 MB\\s+5 s");
        assertThat(updated.code()).as(updated.err()).isZero();
        assertThat(updated.out()).startsWith("updated ").contains("256 MB");
        assertThat(again.out().strip()).isEqualTo("\"v2\"");
    }

    @Test
    void deploy_no_network_leaves_the_function_only_its_runtime_api_and_network_gives_it_back() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/sbin/nft")), "network namespaces need root and nftables");
        Path folder = python("routes", """
                def handler(event, context):
                    return [l.split()[1] for l in open("/proc/net/route").read().splitlines()[1:]]
                """);

        Run isolated = remote("functions", "deploy", folder.toString(), "--name", "routes", "--runtime", "python3.12",
                "--handler", "app.handler", "--no-network");
        Run without = remote("functions", "invoke", "routes");
        Run reconnected = remote("functions", "deploy", folder.toString(), "--name", "routes", "--runtime", "python3.12",
                "--handler", "app.handler", "--network");
        Run with = remote("functions", "invoke", "routes");

        assertThat(isolated.code()).as(isolated.err()).isZero();
        assertThat(reconnected.code()).as(reconnected.err()).isZero();
        assertThat(Json.parse(without.out()).toString()).as("only the link to the host").doesNotContain("00000000");
        assertThat(Json.parse(with.out()).toString()).as("a default route").contains("00000000");
    }

    @Test
    void reads_the_payload_from_a_file_and_a_function_error_exits_1_with_the_error_json() throws Exception {
        Path folder = python("failing", """
                def handler(event, context):
                    raise ValueError("no " + event["what"])
                """);
        Path payload = Files.writeString(dir.resolve("event.json"), "{\"what\": \"luck\"}");
        remote("functions", "deploy", folder.toString(), "--name", "failing", "--runtime", "python3.12", "--handler", "app.handler");

        Run r = remote("functions", "invoke", "failing", "--payload", "@" + payload);

        assertThat(r.code()).isEqualTo(1);
        assertThat(Json.parse(r.out()).path("errorType").textValue()).isEqualTo("ValueError");
        assertThat(Json.parse(r.out()).path("errorMessage").textValue()).isEqualTo("no luck");
    }

    @Test
    void logs_and_invocations_show_what_ran() throws Exception {
        Path folder = python("logged", "def handler(event, context):\n    print('hello from', event)\n    return 1\n");
        remote("functions", "deploy", folder.toString(), "--name", "logged", "--runtime", "python3.12", "--handler", "app.handler");
        Run first = remote("functions", "invoke", "logged", "--payload", "{\"n\": 1}");
        remote("functions", "invoke", "logged", "--payload", "{\"n\": 2}");

        Run logs = remote("functions", "logs", "logged", "--limit", "50");
        Run shortcut = remote("logs", "logged", "--limit", "2");
        Run invocations = remote("functions", "invocations", "logged");

        assertThat(first.code()).isZero();
        assertThat(logs.code()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("START RequestId: ", "hello from {'n': 1}", "hello from {'n': 2}", "END RequestId: ");
        assertThat(shortcut.out().lines()).hasSize(2);
        assertThat(shortcut.out()).contains("REPORT RequestId: ");
        assertThat(invocations.code()).as(invocations.err()).isZero();
        assertThat(invocations.out().lines()).hasSize(3);
        assertThat(invocations.out().lines().findFirst().orElseThrow()).contains("START", "REQUEST ID", "DURATION", "BILLED", "INIT");
        assertThat(invocations.out()).contains("$LATEST", "RequestResponse", "/128 MB");
    }

    @Test
    void logs_follow_prints_each_new_line_once_until_interrupted() throws Exception {
        Path folder = python("followed", "def handler(event, context):\n    print('followed', event['n'])\n    return 1\n");
        remote("functions", "deploy", folder.toString(), "--name", "followed", "--runtime", "python3.12", "--handler", "app.handler");
        remote("functions", "invoke", "followed", "--payload", "{\"n\": 1}");
        StringWriter out = new StringWriter();
        var cli = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()));
        var code = new java.util.concurrent.atomic.AtomicInteger(-1);
        Thread follower = Thread.ofPlatform().start(() -> code.set(cli.execute("logs", "followed", "--follow",
                "--endpoint", server.endpoint())));

        waitFor(out, "followed 1");
        remote("functions", "invoke", "followed", "--payload", "{\"n\": 2}");
        waitFor(out, "followed 2");
        follower.interrupt();
        follower.join(30_000);

        assertThat(code.get()).isEqualTo(130);
        assertThat(out.toString().lines().filter(l -> l.equals("followed 1"))).hasSize(1);
        assertThat(out.toString().lines().filter(l -> l.startsWith("REPORT RequestId: "))).hasSize(2);
    }

    /** Waits (up to 30 s, checking every 50 ms) for the follower to print {@code line}. */
    private static void waitFor(StringWriter out, String line) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (out.toString().lines().noneMatch(line::equals)) {
            assertThat(System.nanoTime()).as("'" + line + "' in:\n" + out).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void an_async_invoke_is_queued_and_prints_the_request_id_of_its_invocation() throws Exception {
        Path folder = python("queued", "def handler(event, context):\n    return 1\n");
        remote("functions", "deploy", folder.toString(), "--name", "queued", "--runtime", "python3.12", "--handler", "app.handler");

        Run r = remote("functions", "invoke", "queued", "--async");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("queued (status 202)");
        String id = r.out().strip();
        assertThat(id).matches("[0-9a-f-]{36}");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!remote("functions", "invocations", "queued").out().contains(id)) {
            assertThat(System.nanoTime()).as("invocation " + id + " recorded").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void an_unknown_function_is_refused_with_the_aws_error_type_and_exit_2() {
        Run invoke = remote("functions", "invoke", "nobody");
        Run logs = remote("logs", "nobody");
        Run invocations = remote("functions", "invocations", "nobody");

        assertThat(invoke.code()).isEqualTo(2);
        assertThat(invoke.err()).startsWith("ResourceNotFoundException: ").contains("nobody").doesNotContain("\tat ");
        assertThat(logs.code()).isEqualTo(2);
        assertThat(logs.err()).startsWith("ResourceNotFoundException: ");
        assertThat(invocations.code()).isEqualTo(2);
    }

    @Test
    void a_missing_payload_file_or_folder_is_named_and_exit_2() {
        Run payload = remote("functions", "invoke", "whatever", "--payload", "@" + dir.resolve("missing.json"));
        Run folder = remote("functions", "deploy", dir.resolve("nothing").toString(), "--name", "x", "--runtime", "python3.12",
                "--handler", "app.handler");

        assertThat(payload.code()).isEqualTo(2);
        assertThat(payload.err()).isEqualTo("stepwise: no such file: " + dir.resolve("missing.json") + "\n");
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.err()).isEqualTo("stepwise: not a folder: " + dir.resolve("nothing") + "\n");
    }

    @Test
    void an_unreachable_endpoint_is_one_line_and_exit_3() throws IOException {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String endpoint = "http://127.0.0.1:" + port;
        Path code = python("unreachable", "x = 1\n"); // a folder with files: an empty one is refused before any call

        for (String[] args : new String[][] {{"functions", "list"}, {"functions", "invoke", "x"}, {"logs", "x"},
                {"functions", "invocations", "x"}, {"functions", "deploy", code.toString(), "--name", "x", "--runtime", "python3.12", "--handler", "a.b"}}) {
            String[] all = java.util.Arrays.copyOf(args, args.length + 2);
            all[args.length] = "--endpoint";
            all[args.length + 1] = endpoint;
            Run r = stepwise(all);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(3);
            assertThat(r.err().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains("cannot reach a Stepwise server at " + endpoint);
        }
    }

    @Test
    void deploying_an_unchanged_folder_twice_publishes_one_version() throws Exception { // issue 13
        Path folder = python("same-code", "def handler(event, context):\n    return 'same'\n");
        String[] deploy = {"functions", "deploy", folder.toString(), "--name", "same-code", "--runtime", "python3.12",
                "--handler", "app.handler"};
        try (var lambda = lambda()) {
            Run first = remote(deploy);
            var v1 = lambda.publishVersion(b -> b.functionName("same-code"));
            Files.setLastModifiedTime(folder.resolve("app.py"), java.nio.file.attribute.FileTime.fromMillis(
                    System.currentTimeMillis() + 86_400_000L));
            Thread.sleep(2_100); // past the zip format's 2-second time resolution
            Run second = remote(deploy);
            var v2 = lambda.publishVersion(b -> b.functionName("same-code"));

            assertThat(first.code()).as(first.err()).isZero();
            assertThat(second.code()).as(second.err()).isZero();
            assertThat(second.out()).contains("sha256 " + v1.codeSha256());
            assertThat(v2.version()).isEqualTo(v1.version()).isEqualTo("1");
            assertThat(lambda.listVersionsByFunction(b -> b.functionName("same-code")).versions())
                    .extracting(v -> v.version()).containsExactly("$LATEST", "1");
        }
    }

    @Test
    void deploying_an_empty_folder_is_refused_before_upload() throws Exception { // issue 13
        Path empty = Files.createDirectories(dir.resolve("empty/sub"));
        Run r = remote("functions", "deploy", empty.getParent().toString(), "--name", "empty-fn", "--runtime", "python3.12",
                "--handler", "app.handler");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("empty").doesNotContain("\n");
        assertThat(remote("functions", "list").out()).doesNotContain("empty-fn");
    }

    private static software.amazon.awssdk.services.lambda.LambdaClient lambda() {
        return software.amazon.awssdk.services.lambda.LambdaClient.builder()
                .endpointOverride(java.net.URI.create(server.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();
    }
}
