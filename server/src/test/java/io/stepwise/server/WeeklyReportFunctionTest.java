package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The main job's function, {@code examples/weekly-report/function}, deployed as a real python3.12 function at 128 MB
 * through the Lambda API: what the workflow's ResultSelector, Retry and Catch rely on.
 */
class WeeklyReportFunctionTest {
    static final String CLOSED_USER = "u0009"; // zlib.crc32("u0009") % 100 == 0
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        deploy("weekly-report", "0");
        deploy("weekly-report-flaky", "1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void deploy(String name, String failRate) throws IOException {
        String app = Files.readString(Path.of("..", "examples", "weekly-report", "function", "app.py"));
        server.lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaApiTest.ROLE)
                .handler("app.handler").memorySize(128).code(c -> c.zipFile(Zips.of("app.py", app)))
                .environment(e -> e.variables(Map.of("FAIL_RATE", failRate))));
    }

    static InvokeResponse invoke(String function, String userId) {
        String event = "{\"userId\": \"" + userId + "\", \"week\": \"2026-W49\"}";
        return server.lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String(event)));
    }

    @Test
    void a_user_gets_a_small_summary_with_sane_numbers_and_the_same_one_on_every_call() {
        InvokeResponse first = invoke("weekly-report", "u0042");
        InvokeResponse second = invoke("weekly-report", "u0042");
        assertThat(first.functionError()).isNull();
        JsonNode report = LambdaApiTest.json(first.payload());
        assertThat(report.get("userId").textValue()).isEqualTo("u0042");
        assertThat(report.get("transactions").intValue()).isBetween(5, 40);
        assertThat(report.get("total").doubleValue()).isPositive().isLessThan(40 * 400.0);
        assertThat(report.get("topCategory").textValue())
                .isIn("groceries", "restaurants", "transport", "shopping", "entertainment", "utilities");
        assertThat(report.size()).isEqualTo(4);
        assertThat(second.payload().asUtf8String()).isEqualTo(first.payload().asUtf8String());
    }

    @Test
    void different_users_get_different_reports() {
        assertThat(invoke("weekly-report", "u0042").payload().asUtf8String())
                .isNotEqualTo(invoke("weekly-report", "u0043").payload().asUtf8String());
    }

    @Test
    void every_result_of_the_first_fifty_users_is_under_120_bytes() {
        for (int i = 1; i <= 50; i++) {
            String user = "u%04d".formatted(i);
            if (user.equals(CLOSED_USER)) continue;
            InvokeResponse r = invoke("weekly-report", user);
            assertThat(r.functionError()).as(user).isNull();
            assertThat(r.payload().asByteArray().length).as(user + ": " + r.payload().asUtf8String()).isLessThan(120);
        }
    }

    @Test
    void fail_rate_1_makes_every_call_fail_with_a_transient_error() {
        InvokeResponse r = invoke("weekly-report-flaky", "u0042");
        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(LambdaApiTest.json(r.payload()).get("errorType").textValue()).isEqualTo("TransientError");
    }

    @Test
    void a_closed_account_fails_with_account_closed_error_every_time() {
        for (int i = 0; i < 2; i++) {
            InvokeResponse r = invoke("weekly-report", CLOSED_USER);
            assertThat(r.functionError()).isEqualTo("Unhandled");
            JsonNode error = LambdaApiTest.json(r.payload());
            assertThat(error.get("errorType").textValue()).isEqualTo("AccountClosedError");
            assertThat(error.get("errorMessage").textValue()).isEqualTo("account u0009 is closed");
        }
    }
}
