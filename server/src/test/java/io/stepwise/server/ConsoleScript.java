package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A console browser test's node script ({@code console-NAME/run.mjs}, on console-common/browser.mjs) run in Debian's
 * chromium against a server: its scenario in, its results.json out. The scripts' output goes to
 * {@code server/target/console-NAME/}; screenshots meant for the docs go to {@code docs/}.
 */
final class ConsoleScript {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private ConsoleScript() {}

    /** The repository's root: the folder holding scripts/setup-browser-tests.sh. */
    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/setup-browser-tests.sh"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("not inside the repository");
        return p;
    }

    /** Where scripts/setup-browser-tests.sh installs playwright-core. */
    static Path playwright() {
        return repo().resolve("target/browser-tests");
    }

    /** Checks chromium is there and installs playwright-core once (scripts/setup-browser-tests.sh). */
    static void prepare() throws Exception {
        assertThat(CHROMIUM).as("the console's browser tests need Debian's chromium (scripts/setup-browser-tests.sh)")
                .isExecutable();
        command(List.of("bash", repo().resolve("scripts/setup-browser-tests.sh").toString(), playwright().toString()), 300);
    }

    /** Runs console-NAME/run.mjs against the server with the scenario; its results, checked to hold no failure. */
    static JsonNode run(String name, TestServer server, ObjectNode scenario, long seconds) throws Exception {
        return run(name, server.endpoint(), scenario, seconds);
    }

    /** Runs console-NAME/run.mjs against the console at {@code base}; its results, checked to hold no failure. */
    static JsonNode run(String name, String base, ObjectNode scenario, long seconds) throws Exception {
        Path testClasses = Path.of(ConsoleScript.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path out = Files.createDirectories(testClasses.getParent().resolve(name));
        Path scenarioFile = Files.writeString(out.resolve("scenario.json"), scenario.toString());
        command(List.of("node", testClasses.resolve(name + "/run.mjs").toString(), base, out.toString(),
                repo().resolve("docs").toString(), playwright().toString(), CHROMIUM.toString(),
                scenarioFile.toString()), seconds);
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertThat(results.path("failure").asText("")).as("the browser run failed; see " + out).isEmpty();
        return results;
    }

    /**
     * Runs a command to its end, failing the test with its output on a non-zero exit or when it runs over
     * {@code seconds} (then it is killed: its output is read on the side, so a hung script cannot hang the test).
     */
    static void command(List<String> command, long seconds) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new java.util.concurrent.atomic.AtomicReference<>("");
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = process.getInputStream()) {
                output.set(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                output.set("(output unreadable: " + e + ")");
            }
        });
        boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) process.destroyForcibly();
        reader.join(5_000);
        assertThat(done && process.exitValue() == 0).as("%s %s:%n%s", String.join(" ", command),
                done ? "exited " + process.exitValue() : "ran over " + seconds + " s", output.get()).isTrue();
    }
}
