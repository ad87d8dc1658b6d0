package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.cli.Cli.Run;
import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** describe, config, versions, aliases and delete, and STEPWISE_ENDPOINT, against a real server in this JVM. */
class FunctionsManageCommandTest {
    static StepwiseServer server;
    static LambdaClient lambda;

    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        server = StepwiseServer.start(ServerConfig.defaults(Files.createTempDirectory("stepwise-cli-manage")).withPort(0).withExample(false));
        lambda = LambdaClient.builder().endpointOverride(java.net.URI.create(server.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stopServer() {
        lambda.close();
        server.close();
    }

    private static Run remote(String... args) {
        return Cli.stepwiseAt(server.endpoint(), args);
    }

    private void deploy(String name, String... extra) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("app.py"), "import os\ndef handler(event, context):\n    return dict(os.environ)\n");
        String[] args = {"functions", "deploy", folder.toString(), "--name", name, "--runtime", "python3.12", "--handler", "app.handler"};
        String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        Run r = remote(all);
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void config_changes_memory_and_one_variable_and_keeps_the_rest_of_the_environment() throws Exception {
        deploy("configured", "--timeout", "7", "--env", "KEEP=1", "--env", "CHANGE=old");

        Run r = remote("functions", "config", "configured", "--memory", "512", "--env", "CHANGE=new", "--env", "ADDED=yes");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("updated ", "512 MB", "7 s", "3 environment variables", "last update Successful");
        var f = lambda.getFunctionConfiguration(b -> b.functionName("configured"));
        assertThat(f.memorySize()).isEqualTo(512);
        assertThat(f.timeout()).isEqualTo(7);
        assertThat(f.environment().variables()).isEqualTo(Map.of("KEEP", "1", "CHANGE", "new", "ADDED", "yes"));
    }

    @Test
    void config_unset_env_removes_only_that_variable_and_nothing_to_change_is_refused() throws Exception {
        deploy("unset", "--env", "GONE=1", "--env", "STAYS=2");

        Run r = remote("functions", "config", "unset", "--unset-env", "GONE", "--timeout", "30");
        Run nothing = remote("functions", "config", "unset");

        assertThat(r.code()).as(r.err()).isZero();
        var f = lambda.getFunctionConfiguration(b -> b.functionName("unset"));
        assertThat(f.environment().variables()).isEqualTo(Map.of("STAYS", "2"));
        assertThat(f.timeout()).isEqualTo(30);
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).startsWith("stepwise: nothing to change");
    }

    @Test
    void a_published_version_and_an_alias_show_up_in_versions_aliases_and_describe() throws Exception {
        deploy("published", "--memory", "256", "--env", "STAGE=dev");

        Run published = remote("functions", "versions", "published", "--publish", "--description", "first cut");
        Run set = remote("functions", "aliases", "published", "--set", "live=1");
        Run moved = remote("functions", "aliases", "published", "--set", "live=$LATEST");
        Run described = remote("functions", "describe", "published");

        assertThat(published.code()).as(published.err()).isZero();
        assertThat(published.err()).contains("published version 1");
        assertThat(published.out().lines().toList()).hasSize(3);
        assertThat(published.out()).containsPattern("(?m)^1\\s+\\S{44}\\s+\\S+\\s+256 MB\\s+3 s\\s+\\S+\\s+first cut$");
        assertThat(set.err()).contains("created alias live -> 1");
        assertThat(set.out()).containsPattern("(?m)^live\\s+1\\s+-\\s+-\\s+arn:aws:lambda:us-east-1:\\d+:function:published:live$");
        assertThat(moved.err()).contains("updated alias live -> $LATEST");
        assertThat(described.code()).as(described.err()).isZero();
        assertThat(described.out()).containsPattern("(?m)^name\\s+published$").containsPattern("(?m)^runtime\\s+python3.12$")
                .containsPattern("(?m)^memory\\s+256 MB$").containsPattern("(?m)^environment\\s+STAGE=dev$")
                .containsPattern("(?m)^code\\s+[\\d,]+ bytes zipped, sha256 \\S{44}$")
                .containsPattern("(?m)^state\\s+Active, last update Successful$")
                .containsPattern("(?m)^versions\\s+\\$LATEST, 1$").containsPattern("(?m)^aliases\\s+live -> \\$LATEST$");
    }

    @Test
    void deleting_a_version_an_alias_uses_is_refused_and_delete_removes_the_function() throws Exception {
        deploy("doomed");
        remote("functions", "versions", "doomed", "--publish");
        remote("functions", "aliases", "doomed", "--set", "live=1");

        Run refused = remote("functions", "delete", "doomed", "--version", "1");
        Run unaliased = remote("functions", "aliases", "doomed", "--delete", "live");
        Run version = remote("functions", "delete", "doomed", "--version", "1");
        Run versionsLeft = remote("functions", "versions", "doomed");
        Run function = remote("functions", "delete", "doomed");
        Run gone = remote("functions", "describe", "doomed");

        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).startsWith("ResourceConflictException: ");
        assertThat(unaliased.code()).as(unaliased.err()).isZero();
        assertThat(unaliased.out().lines().toList()).as("the header alone").hasSize(1);
        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out()).isEqualTo("deleted doomed version 1\n");
        assertThat(versionsLeft.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList()).containsExactly("$LATEST");
        assertThat(function.out()).isEqualTo("deleted doomed\n");
        assertThat(gone.code()).isEqualTo(2);
        assertThat(gone.err()).startsWith("ResourceNotFoundException: ").doesNotContain("\tat ");
    }

    @Test
    void aliases_of_a_missing_function_are_refused_as_a_missing_function() {
        Run r = remote("functions", "aliases", "nobody", "--set", "live=1");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("ResourceNotFoundException: ").contains("nobody").doesNotContain("created");
    }

    @Test
    void every_command_takes_its_default_endpoint_from_STEPWISE_ENDPOINT() throws Exception {
        deploy("from-env");

        // a real process: the variable is read from the environment picocli sees at start
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "functions", "describe", "from-env");
        pb.environment().put("STEPWISE_ENDPOINT", server.endpoint());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("(?m)^name\\s+from-env$");
        assertThat(endpointDefaults(Main.commandLine())).as("every command with --endpoint").hasSizeGreaterThan(15)
                .containsOnly("${env:STEPWISE_ENDPOINT:-http://127.0.0.1:8080}");
    }

    private static List<String> endpointDefaults(picocli.CommandLine line) {
        List<String> defaults = new java.util.ArrayList<>();
        var option = line.getCommandSpec().findOption("--endpoint");
        if (option != null) defaults.add(option.defaultValueString(false)); // false: as declared, before ${env:...} is read
        line.getSubcommands().values().stream().distinct().forEach(sub -> defaults.addAll(endpointDefaults(sub)));
        return defaults;
    }
}
