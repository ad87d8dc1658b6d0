package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    void serves_the_page_as_html_that_may_connect_nowhere() {
        HttpResponse<String> page = server.http("GET", "/power-tuning/", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(type(page)).isEqualTo("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("default-src 'self'", "connect-src 'none'"));
        assertThat(page.body()).contains("<title>Power tuning results", "<canvas id=\"chart\"", "<table id=\"table\"");
    }

    @Test
    void serves_every_file_the_page_refers_to_from_this_server_with_its_content_type() {
        String html = server.http("GET", "/power-tuning/", null).body();
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int found = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            assertThat(ref).as("a relative reference, nothing from elsewhere").doesNotContain(":", "//").doesNotStartWith("/");
            HttpResponse<String> file = server.http("GET", "/power-tuning/" + ref, null);
            assertThat(file.statusCode()).as(ref).isEqualTo(200);
            assertThat(type(file)).as(ref).isEqualTo(ref.endsWith(".css") ? "text/css;charset=utf-8" : "text/javascript;charset=utf-8");
            found++;
        }
        assertThat(found).as("page.css, chart.umd.min.js, page.mjs").isEqualTo(3);
        assertThat(server.http("GET", "/power-tuning/page.mjs", null).body()).contains("from './decode.mjs'");
        assertThat(type(server.http("GET", "/power-tuning/decode.mjs", null))).isEqualTo("text/javascript;charset=utf-8");
        assertThat(server.http("GET", "/power-tuning/chart.js-LICENSE.md", null).body()).contains("MIT");
    }

    /** The Content-Type as sent, spaces dropped (Jetty writes {@code text/html;charset=utf-8}). */
    private static String type(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").replace(" ", "");
    }

    @Test
    void sends_the_address_without_its_slash_to_the_page_so_its_relative_files_resolve() {
        HttpResponse<String> response = server.http("GET", "/power-tuning", null);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/power-tuning/");
    }

    @Test
    void serves_nothing_else_under_the_page() {
        assertThat(server.http("GET", "/power-tuning/README.md", null).statusCode()).isEqualTo(404);
        assertThat(server.http("GET", "/power-tuning/..%2Fdb", null).statusCode()).isEqualTo(404);
    }

    @Test
    void a_bucket_cannot_be_named_after_the_page() {
        HttpResponse<String> create = server.http("PUT", "/power-tuning", null);

        assertThat(create.statusCode()).isEqualTo(400);
        assertThat(create.body()).contains("InvalidBucketName");
    }
}
