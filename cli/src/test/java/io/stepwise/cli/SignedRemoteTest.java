package io.stepwise.cli;

import static io.stepwise.cli.Cli.stepwise;
import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.cli.Cli.Run;
import io.stepwise.server.AccessKeys;
import io.stepwise.server.Auth;
import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote commands against a server that checks signatures: they sign with the caller's AWS credentials (here the
 * {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties, which come before the environment).
 */
class SignedRemoteTest {
    static StepwiseServer server;
    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        server = StepwiseServer.start(ServerConfig.defaults(Files.createTempDirectory("stepwise-cli-signed")).withPort(0)
                .withExample(false).withAuth(new Auth.SigV4(AccessKeys.of("AKIDCLI", "cli-secret"))));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    static Run remote(String keyId, String secret, String... args) {
        System.setProperty("aws.accessKeyId", keyId);
        System.setProperty("aws.secretAccessKey", secret);
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--endpoint";
        all[args.length + 1] = server.endpoint();
        return stepwise(all);
    }

    @Test
    void deploy_invoke_logs_and_invocations_sign_their_requests_with_the_callers_key() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("fn"));
        Files.writeString(folder.resolve("app.py"), "def handler(event, context):\n    print('signed call')\n    return event\n");

        Run deployed = remote("AKIDCLI", "cli-secret", "functions", "deploy", folder.toString(), "--name", "signed",
                "--runtime", "python3.12", "--handler", "app.handler");
        Run invoked = remote("AKIDCLI", "cli-secret", "functions", "invoke", "signed", "--payload", "{\"k\": 1}");
        Run logs = remote("AKIDCLI", "cli-secret", "logs", "signed");
        Run invocations = remote("AKIDCLI", "cli-secret", "functions", "invocations", "signed");

        assertThat(deployed.code()).as(deployed.err()).isZero();
        assertThat(invoked.out()).contains("{\"k\": 1}");
        assertThat(logs.code()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("signed call");
        assertThat(invocations.code()).as(invocations.err()).isZero();
    }

    @Test
    void size_downloads_the_code_through_the_presigned_location_of_get_function() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("sized"));
        Files.writeString(folder.resolve("app.py"), "def handler(event, context):\n    return 1\n");
        remote("AKIDCLI", "cli-secret", "functions", "deploy", folder.toString(), "--name", "sized", "--runtime", "python3.12",
                "--handler", "app.handler");

        Run size = remote("AKIDCLI", "cli-secret", "functions", "size", "sized", "--json");

        assertThat(size.code()).as(size.err()).isZero();
        assertThat(Json.parse(size.out()).path("UnzippedBytes").asLong()).isEqualTo(Files.size(folder.resolve("app.py")));
    }

    @Test
    void a_wrong_secret_is_refused_with_the_aws_error_and_exit_2() {
        Run list = remote("AKIDCLI", "wrong", "functions", "list");
        Run logs = remote("AKIDCLI", "wrong", "logs", "anything");

        assertThat(list.code()).isEqualTo(2);
        assertThat(list.err()).startsWith("InvalidSignatureException: The request signature we calculated does not match");
        assertThat(logs.code()).isEqualTo(2);
        assertThat(logs.err()).startsWith("InvalidSignatureException: ");
    }
}
