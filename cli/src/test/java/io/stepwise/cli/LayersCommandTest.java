package io.stepwise.cli;

import static io.stepwise.cli.Cli.stepwiseAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.cli.Cli.Run;
import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepwise layers publish|list|versions|delete} and {@code functions deploy --layers} against a real server. */
class LayersCommandTest {
    static StepwiseServer server;

    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        server = StepwiseServer.start(ServerConfig.defaults(Files.createTempDirectory("stepwise-cli-layers")).withPort(0)
                .withExample(false));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Run remote(String... args) {
        return stepwiseAt(server.endpoint(), args);
    }

    private Path folder(String name, String file, String content) throws IOException {
        Path f = dir.resolve(name).resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return dir.resolve(name);
    }

    @Test
    void publishes_a_folder_as_a_layer_lists_it_deploys_a_function_with_it_and_deletes_a_version() throws Exception {
        Path layer = folder("lib", "python/shout.py", "def shout(s):\n    return s.upper() + '!'\n");
        Run published = remote("layers", "publish", "shouting", layer.toString(), "--runtimes", "python3.12,python3.13",
                "--architectures", "x86_64", "--description", "loud");
        assertThat(published.code()).as(published.err()).isZero();
        String arn = "arn:aws:lambda:us-east-1:123456789012:layer:shouting:1";
        assertThat(published.out()).startsWith("published " + arn + " (");
        Run again = remote("layers", "publish", "shouting", layer.toString());
        assertThat(again.out()).as("an unchanged folder zips to the same bytes").contains(published.out().split("sha256 ")[1].strip());

        Run listed = remote("layers", "list");
        assertThat(listed.out()).contains("NAME", "VERSION").containsPattern("shouting\\s+2\\s+");
        Run versions = remote("layers", "versions", "shouting");
        assertThat(versions.out()).containsPattern("(?s)\\n2\\s+.*\\n1\\s+\\S+\\s+python3.12,python3.13\\s+x86_64\\s+loud\\s+" + arn);

        Path code = folder("fn", "app.py", "import shout\ndef handler(event, context):\n    return shout.shout('hi')\n");
        Run deployed = remote("functions", "deploy", code.toString(), "--name", "shouter", "--runtime", "python3.12",
                "--handler", "app.handler", "--layers", arn);
        assertThat(deployed.code()).as(deployed.err()).isZero();
        assertThat(remote("functions", "invoke", "shouter").out().strip()).isEqualTo("\"HI!\"");

        Run deleted = remote("layers", "delete", "shouting", "1");
        assertThat(deleted.code()).as(deleted.err()).isZero();
        assertThat(remote("layers", "versions", "shouting").out()).doesNotContain(arn);
        Run refused = remote("functions", "deploy", code.toString(), "--name", "shouter", "--runtime", "python3.12",
                "--handler", "app.handler", "--layers", arn);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("InvalidParameterValueException", "does not exist");
    }

    @Test
    void functions_size_counts_each_layer_of_a_deployed_function_as_the_server_serves_it() throws Exception {
        Path layer = folder("bloat", "python/lib/python3.12/site-packages/deps/tests/test_deps.py", "#" + "x".repeat(299_999));
        Files.writeString(layer.resolve("python/lib/python3.12/site-packages/deps/__init__.py"), "#" + "y".repeat(99_999));
        Run published = remote("layers", "publish", "bloat", layer.toString());
        assertThat(published.code()).as(published.err()).isZero();
        String arn = "arn:aws:lambda:us-east-1:123456789012:layer:bloat:1";
        Path code = folder("small", "app.py", "import deps\ndef handler(event, context):\n    return 1\n");
        Run deployed = remote("functions", "deploy", code.toString(), "--name", "bloated", "--runtime", "python3.12",
                "--handler", "app.handler", "--layers", arn);
        assertThat(deployed.code()).as(deployed.err()).isZero();

        Run size = remote("functions", "size", "bloated", "--json");

        assertThat(size.code()).as(size.err()).isZero();
        var report = Json.parse(size.out());
        assertThat(report.path("Parts").size()).as("the code and its one layer").isEqualTo(2);
        assertThat(report.path("Parts").get(1).path("Name").asText()).contains(arn);
        assertThat(report.path("Parts").get(1).path("UnzippedBytes").asLong()).isEqualTo(400_000);
        assertThat(report.path("UnzippedBytes").asLong()).isEqualTo(400_000 + Files.size(code.resolve("app.py")));
        assertThat(report.path("SafeToDrop").toString()).contains("deps/tests/");
    }

    @Test
    void refuses_an_empty_folder_and_a_version_that_is_not_a_number() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Run empty = remote("layers", "publish", "nothing", dir.resolve("empty").toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("has no files");
        assertThat(remote("layers", "delete", "nothing", "one").code()).isEqualTo(2);
    }
}
