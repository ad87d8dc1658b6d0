package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A console browser test's node script ({@code console-NAME/run.mjs}, on console-common/browser.mjs) run in Debian's
 * chromium against a server: its scenario in, its results.json out. The scripts' output goes to
 * {@code server/target/console-NAME/}.
 */
final class ConsoleScript {
    static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleScript() {}

    /** Checks chromium is there and installs playwright-core once (scripts/setup-browser-tests.sh). */
    static void prepare() throws Exception {
        assertThat(ConsoleBrowserTest.CHROMIUM).as("needs Debian's chromium (scripts/setup-browser-tests.sh)").isExecutable();
        Path repo = ConsoleBrowserTest.repo();
        ConsoleBrowserTest.run(List.of("bash", repo.resolve("scripts/setup-browser-tests.sh").toString(),
                repo.resolve("target/browser-tests").toString()), 300);
    }

    /** Runs console-NAME/run.mjs with the scenario; its results, checked to hold no failure. */
    static JsonNode run(String name, TestServer server, ObjectNode scenario, long seconds) throws Exception {
        Path repo = ConsoleBrowserTest.repo();
        Path testClasses = Path.of(ConsoleScript.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path out = Files.createDirectories(testClasses.getParent().resolve(name));
        Path scenarioFile = Files.writeString(out.resolve("scenario.json"), scenario.toString());
        ConsoleBrowserTest.run(List.of("node", testClasses.resolve(name + "/run.mjs").toString(), server.endpoint(),
                out.toString(), repo.resolve("docs").toString(), repo.resolve("target/browser-tests").toString(),
                ConsoleBrowserTest.CHROMIUM.toString(), scenarioFile.toString()), seconds);
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertThat(results.path("failure").asText("")).as("the browser run failed; see " + out).isEmpty();
        return results;
    }
}
