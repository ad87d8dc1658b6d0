package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The old chart page's address sends the browser to the console's power tuning page (the browser keeps the link's
 * fragment: ConsoleFunctionsTest opens an old link in chromium), and the console serves the chart's files itself.
 */
class PowerTuningPageTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void an_old_visualization_link_is_sent_to_the_consoles_power_tuning_page() {
        for (String old : new String[] {"/power-tuning/", "/power-tuning"}) {
            HttpResponse<String> response = server.http("GET", old, null);

            assertThat(response.statusCode()).as(old).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(old).hasValue("/console/power-tuning");
        }
        HttpResponse<String> page = server.http("GET", "/console/power-tuning", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/console/app.js");
    }

    @Test
    void the_console_serves_chart_js_its_license_and_the_links_decoder_with_their_content_types() {
        HttpResponse<String> chart = server.http("GET", "/console/lib/chart.umd.min.js", null);
        HttpResponse<String> decoder = server.http("GET", "/console/visualization.mjs", null);

        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(type(chart)).isEqualTo("text/javascript;charset=utf-8");
        assertThat(chart.body()).contains("Chart.js v4.6.2");
        assertThat(type(decoder)).isEqualTo("text/javascript;charset=utf-8");
        assertThat(decoder.body()).contains("export function decode(");
        assertThat(server.http("GET", "/console/lib/chart.js-LICENSE.md", null).body()).contains("MIT");
    }

    /** The Content-Type as sent, spaces dropped (Jetty writes {@code text/html;charset=utf-8}). */
    private static String type(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").replace(" ", "");
    }

    @Test
    void serves_nothing_else_under_the_old_page() {
        assertThat(server.http("GET", "/power-tuning/page.mjs", null).statusCode()).isEqualTo(404);
        assertThat(server.http("GET", "/power-tuning/chart.umd.min.js", null).statusCode()).isEqualTo(404);
        assertThat(server.http("GET", "/power-tuning/..%2Fdb", null).statusCode()).isEqualTo(404);
    }

    @Test
    void a_bucket_cannot_be_named_after_the_page() {
        HttpResponse<String> create = server.http("PUT", "/power-tuning", null);

        assertThat(create.statusCode()).isEqualTo(400);
        assertThat(create.body()).contains("InvalidBucketName");
    }
}
