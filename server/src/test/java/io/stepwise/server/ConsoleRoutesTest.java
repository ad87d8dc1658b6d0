package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's files and deep links: every page path gets the app, every file its type, nothing else is served. */
class ConsoleRoutesTest {
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
    void deep_links_get_the_app_and_its_files_get_their_types() {
        for (String page : new String[] {"/console/", "/console/state-machines",
                "/console/state-machines/arn:aws:states:us-east-1:123456789012:stateMachine:weekly-report",
                "/console/executions/arn:aws:states:us-east-1:123456789012:execution:weekly-report:main-job",
                "/console/functions/weekly-report"}) {
            HttpResponse<String> r = server.http("GET", page, null);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(page).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/html"));
            assertThat(r.body()).as(page).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
        }
        assertThat(server.http("GET", "/console", null).statusCode()).isEqualTo(302);
        HttpResponse<String> app = server.http("GET", "/console/app.js", null);
        assertThat(app.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(app.body()).contains("export function navigate");
        assertThat(server.http("GET", "/console/pages/execution.js", null).body()).contains("export async function render");
        assertThat(server.http("GET", "/console/style.css", null).headers().firstValue("Content-Type"))
                .contains("text/css; charset=utf-8");
        // a path that climbs out of the folder, or a file that is not there, is just another page
        assertThat(server.http("GET", "/console/../../etc/passwd", null).body()).doesNotContain("root:");
        assertThat(server.http("GET", "/console/nope.js", null).body()).contains("<title>Stepwise console</title>");
    }
}
