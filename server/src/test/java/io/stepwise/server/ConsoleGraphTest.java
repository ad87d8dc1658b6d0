package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's state machine graph (console/graph.js) in Debian's chromium, driven by playwright-core: run.mjs draws
 * a few definitions on a test page served here with the console's Content-Security-Policy, acts on them (statuses,
 * badges, findings, a click, the wheel, a drag, the exports) and writes what the DOM shows into results.json, which
 * these tests read. Screenshots land beside it, in the build folder's console-graph/. No chromium is a failure.
 */
class ConsoleGraphTest {
    private static final String POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: "
            + "blob:; connect-src 'self'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "mjs", "text/javascript; charset=utf-8", "json", "application/json");
    static JsonNode results;

    @BeforeAll
    static void drawInChromium() throws Exception {
        ConsoleScript.prepare();

        Path testClasses = Path.of(ConsoleGraphTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path out = testClasses.getParent().resolve("console-graph");
        Files.createDirectories(out);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            boolean allowed = !path.contains("..") && (path.startsWith("/console/") || path.startsWith("/console-graph/")
                    || path.equals("/examples/weekly-report/definition.json"));
            try (exchange; InputStream in = allowed ? ConsoleGraphTest.class.getResourceAsStream(path) : null) {
                if (in == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = in.readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(path.substring(path.lastIndexOf('.') + 1), "text/plain"));
                exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try {
            String script = testClasses.resolve("console-graph/run.mjs").toString();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            ConsoleScript.command(List.of("node", script, base, out.toString(), ConsoleScript.playwright().toString(),
                    ConsoleScript.CHROMIUM.toString()), 300);
        } finally {
            server.stop(0);
        }
        results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    }

    @Test
    void draws_every_state_with_its_type_between_one_start_and_one_end() {
        JsonNode facts = results.at("/choice/facts");
        assertThat(names(facts)).containsExactly("Check", "Alert", "Big", "Again", "Judge", "Done", "Fail");
        assertThat(state(facts, "Big").get("type").asText()).isEqualTo("Wait");
        assertThat(state(facts, "Done").get("type").asText()).isEqualTo("Succeed");
        assertThat(facts.get("starts").asInt()).isEqualTo(1);
        assertThat(facts.get("ends").asInt()).isEqualTo(1);
        assertThat(edges(facts)).contains("start Start->Check", "next Alert->Judge", "next Again->Check", "end Done->End", "end Fail->End");
    }

    @Test
    void labels_choice_branches_with_their_rules_and_the_default() {
        assertThat(edges(results.at("/choice/facts"))).contains(
                "choice Check->Alert [$.status == \"FAILED\"]",
                "choice Check->Big [$.count > 100]",
                "choice Check->Again [$.retry is present && !($.done == true)]",
                "default Check->Done [Default]",
                "choice Judge->Done [$states.input.score >= 0.5]",
                "default Judge->Fail [Default]");
    }

    @Test
    void describes_jsonpath_comparisons_and_jsonata_conditions_compactly() {
        assertThat(texts(results.get("rules"))).containsExactly(
                "$.s == \"x\\\"y\"",
                "$.t <= \"2026-01-01T00:00:00Z\"",
                "$.a == $.b",
                "$.v is not null",
                "$.n matches \"log-*.txt\"",
                "$.a < 1 || ($.b is a string && $.c == false)",
                "!($.x is present || $.y is present)",
                "$states.input.kind in [\"a\", \"b\"]");
    }

    @Test
    void draws_parallel_branches_as_groups_inside_their_state_each_with_its_own_start_and_end() {
        JsonNode facts = results.at("/parallel/facts");
        assertThat(state(facts, "Both").get("group").asBoolean()).isTrue();
        assertThat(facts.get("branches").asInt()).isEqualTo(2);
        for (String name : List.of("A1", "A2")) assertThat(nesting(facts, name)).isEqualTo("Both branch 0");
        for (String name : List.of("B1", "B2")) assertThat(nesting(facts, name)).isEqualTo("Both branch 1");
        assertThat(nesting(facts, "Join")).isEqualTo(" branch null");
        assertThat(facts.get("starts").asInt()).as("the machine's and each branch's").isEqualTo(3);
        assertThat(facts.get("ends").asInt()).isEqualTo(3);
        assertThat(edges(facts)).contains("start Start->A1", "end A2->End", "start Start->B1", "next Both->Join");
    }

    @Test
    void draws_map_item_processors_and_older_iterators_inside_their_state() {
        JsonNode facts = results.at("/map/facts");
        assertThat(nesting(facts, "Work")).isEqualTo("Each branch null");
        assertThat(nesting(facts, "Skip")).isEqualTo("Each branch null");
        assertThat(nesting(facts, "Inner")).isEqualTo("Old branch null");
        assertThat(state(facts, "Each").get("group").asBoolean()).isTrue();
        assertThat(facts.get("starts").asInt()).isEqualTo(3);
    }

    @Test
    void draws_catch_edges_dashed_with_their_errors_and_lists_retries_on_the_state() {
        JsonNode facts = results.at("/map/facts");
        assertThat(edges(facts)).contains("catch Work->Skip [Bad.Input, Bad.Data]", "catch Each->Report [States.ALL]");
        assertThat(StreamSupport.stream(facts.get("edges").spliterator(), false)
                .filter(e -> e.get("kind").asText().equals("catch")).map(e -> e.get("dashed").asBoolean())).containsOnly(true);
        assertThat(StreamSupport.stream(facts.get("edges").spliterator(), false)
                .filter(e -> e.get("kind").asText().equals("next")).map(e -> e.get("dashed").asBoolean())).containsOnly(false);
        assertThat(texts(state(facts, "Work").get("retry"))).containsExactly("↻ Timeout ×5", "↻ Lambda.ServiceException +1 ×2");
        assertThat(texts(state(facts, "Each").get("retry"))).containsExactly("↻ States.ALL ×2");
        assertThat(texts(state(facts, "Skip").get("retry"))).isEmpty();
    }

    @Test
    void draws_the_weekly_report_example_as_a_map_around_its_task_and_catcher() {
        JsonNode facts = results.at("/weeklyReport/facts");
        assertThat(names(facts)).containsExactly("BuildReports", "BuildReport", "RecordFailure", "Summarize");
        assertThat(nesting(facts, "BuildReport")).isEqualTo("BuildReports branch null");
        assertThat(edges(facts)).contains("catch BuildReport->RecordFailure [States.ALL]", "next BuildReports->Summarize");
        assertThat(texts(state(facts, "BuildReport").get("retry"))).containsExactly("↻ TransientError ×3", "↻ Lambda.ServiceException +2 ×3");
    }

    @Test
    void colours_states_by_status_and_back_to_not_started_when_no_longer_listed() {
        JsonNode running = results.at("/running/facts");
        assertThat(status(running, "BuildReports")).isEqualTo("status-running");
        assertThat(status(running, "BuildReport")).isEqualTo("status-running");
        assertThat(status(running, "RecordFailure")).isEqualTo("status-caught");
        assertThat(status(running, "Summarize")).isEqualTo("status-not-started");
        JsonNode done = results.at("/done/facts");
        assertThat(status(done, "BuildReports")).isEqualTo("status-succeeded");
        assertThat(status(done, "Summarize")).isEqualTo("status-failed");
    }

    @Test
    void shows_badges_and_replaces_or_drops_them() {
        assertThat(state(results.at("/badges/facts"), "BuildReports").get("badge").asText()).isEqualTo("734/1000");
        assertThat(state(results.at("/badges/facts"), "BuildReport").get("badge").asText()).isEqualTo("retried 2x");
        assertThat(state(results.at("/done2/facts"), "BuildReports").get("badge").asText()).isEqualTo("1000/1000");
        assertThat(state(results.at("/done2/facts"), "BuildReport").get("badge").isNull()).isTrue();
    }

    @Test
    void marks_findings_on_their_state_lists_the_others_and_clears_them() {
        JsonNode marked = results.at("/findings/facts");
        assertThat(state(marked, "Summarize").get("finding").asText()).isEqualTo("Output refers to $states.input.reportz\nsecond");
        assertThat(state(marked, "BuildReport").get("finding").isNull()).isTrue();
        assertThat(StreamSupport.stream(results.at("/findingsCleared/facts/states").spliterator(), false)
                .map(s -> s.get("finding").isNull())).containsOnly(true);
        JsonNode broken = results.at("/brokenFindings/facts");
        assertThat(state(broken, "First").get("finding").asText()).isEqualTo("Next \"Nowhere\" is not a state");
        assertThat(texts(broken.get("unplaced"))).containsExactly("StartAt is fine");
    }

    @Test
    void draws_a_next_to_no_state_as_a_missing_node_rather_than_failing() {
        JsonNode facts = results.at("/broken/facts");
        assertThat(texts(facts.get("missing"))).containsExactly("Nowhere");
        assertThat(edges(facts)).contains("next First->Nowhere");
    }

    @Test
    void selects_a_clicked_state_and_tells_the_page() {
        JsonNode facts = results.get("clicked");
        assertThat(texts(facts.get("selections"))).containsExactly("RecordFailure");
        assertThat(state(facts, "RecordFailure").get("selected").asBoolean()).isTrue();
        assertThat(state(facts, "BuildReport").get("selected").asBoolean()).isFalse();
    }

    @Test
    void zooms_with_the_wheel_pans_with_a_drag_and_fits_again() {
        String fitted = results.at("/clicked/transform").asText();
        assertThat(scale(results.get("zoomed").asText())).isGreaterThan(scale(fitted) * 1.3);
        assertThat(results.get("panned").asText()).isNotEqualTo(results.get("zoomed").asText())
                .endsWith("scale(" + scale(results.get("zoomed").asText()) + ")");
        assertThat(results.get("fitted").asText()).isEqualTo(fitted);
    }

    @Test
    void exports_a_standalone_svg_with_its_styles_and_a_png() {
        String svg = results.get("svg").asText();
        assertThat(svg).startsWith("<?xml").contains("<svg", "xmlns=\"http://www.w3.org/2000/svg\"", "<style", "<![CDATA[",
                ".status-succeeded > .frame", "data-state=\"Summarize\"", "BuildReports", "viewBox=\"0 0 ");
        assertThat(svg).doesNotContain("sw-graph-tools", "http://127.0.0.1", "animation:");
        JsonNode png = results.get("png");
        assertThat(png.get("type").asText()).isEqualTo("image/png");
        assertThat(texts(png.get("magic"))).containsExactly("137", "80", "78", "71");
        assertThat(png.get("size").asInt()).isGreaterThan(10_000);
    }

    /**
     * Draws all 208 states of the large machine and records the timings for docs/benchmarks.md (printed, and kept in
     * target/console-graph/results.json). No bound on them: the machines are shared and noisy.
     */
    @Test
    void lays_out_and_draws_every_state_of_a_200_state_machine_and_records_the_timings() {
        JsonNode large = results.get("large");
        assertThat(large.at("/facts/states").size()).as("200 states and 8 in Parallel branches").isEqualTo(208);
        double layout = large.at("/timings/layoutMs").asDouble(), render = large.at("/timings/renderMs").asDouble();
        double statuses = results.get("largeStatusMs").asDouble();
        System.out.printf("ConsoleGraphTest: first graph (cold elk, worker start) %.0f ms; 200 states laid out in %.0f ms, "
                + "drawn in %.0f ms, longest page stall meanwhile %.0f ms; setStatuses+setBadges %.2f ms a call; select "
                + "%.1f ms%n", results.at("/choice/timings/totalMs").asDouble(), layout, render,
                large.at("/timings/stalledMs").asDouble(), statuses, results.at("/largeSelect/ms").asDouble());
        assertThat(layout).isPositive();
        assertThat(large.get("layoutIn").asText()).as("the layout runs in a Web Worker, off the page's thread")
                .isEqualTo("worker");
    }

    @Test
    void the_page_logs_no_error_under_the_consoles_content_security_policy() {
        assertThat(texts(results.get("problems"))).isEmpty();
    }

    private static JsonNode state(JsonNode facts, String name) {
        for (JsonNode s : facts.get("states")) if (s.get("name").asText().equals(name)) return s;
        throw new AssertionError("no state " + name + " drawn; drawn: " + names(facts));
    }

    private static List<String> names(JsonNode facts) {
        return StreamSupport.stream(facts.get("states").spliterator(), false).map(s -> s.get("name").asText()).toList();
    }

    private static String status(JsonNode facts, String name) {
        return state(facts, name).get("status").asText();
    }

    /** The state groups a state is drawn inside, innermost first, and its Parallel branch. */
    private static String nesting(JsonNode facts, String name) {
        JsonNode s = state(facts, name);
        return String.join(" ", texts(s.get("parents"))) + " branch " + s.get("branch").asText(null);
    }

    /** Each edge as "kind From->To [label]". */
    private static List<String> edges(JsonNode facts) {
        return StreamSupport.stream(facts.get("edges").spliterator(), false).map(e -> e.get("kind").asText() + " "
                + e.get("from").asText() + "->" + e.get("to").asText()
                + (e.get("label").isNull() ? "" : " [" + e.get("label").asText() + "]")).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static double scale(String transform) {
        return Double.parseDouble(transform.replaceAll(".*scale\\(([^)]+)\\).*", "$1"));
    }
}
