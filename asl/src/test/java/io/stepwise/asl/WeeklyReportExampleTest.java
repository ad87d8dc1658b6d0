package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The main job's workflow, {@code examples/weekly-report}, run locally on its own mock config: the Map's Retry and
 * Catch, and the JSONata summary state inside a JSONPath machine.
 */
class WeeklyReportExampleTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "weekly-report");
    private static final String FIVE_USERS = "{'week': '2026-W49', 'users': ['u0001', 'u0002', 'u0003', 'u0004', 'u0005']}";

    static String file(String name) {
        try {
            return Files.readString(EXAMPLE.resolve(name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static LocalExecution.Result run(String input, String mockConfig, String testCase) {
        return LocalExecution.run(file("definition.json"), input,
                Runs.OPTIONS.withStateMachineName("weekly-report").withMockConfig(mockConfig, testCase));
    }

    static LocalExecution.Result run(String testCase) {
        return run(Runs.q(FIVE_USERS), file("mock-config.json"), testCase);
    }

    static long count(LocalExecution.Result r, String type) {
        return Runs.history(r).stream().filter(e -> e.type().equals(type)).count();
    }

    static List<String> errorsOfFailedTasks(LocalExecution.Result r) {
        return Runs.history(r).stream().filter(e -> e.type().equals("TaskFailed"))
                .map(e -> e.details().at("/taskFailedEventDetails/error").asText()).toList();
    }

    @Test
    void the_definition_parses_with_no_findings() {
        assertThat(Parser.parse(file("definition.json"))).isInstanceOf(ParseResult.Valid.class);
    }

    @Test
    void the_happy_path_builds_every_report_and_sums_up_the_week() {
        var r = run("HappyPath");
        assertThat(Runs.output(r)).isEqualTo(json("""
                {'week': '2026-W49', 'users': 5, 'reportsBuilt': 5, 'failed': 0, 'failedUsers': [],
                 'totalAmount': 1728.35, 'transactions': 60}"""));
        assertThat(count(r, "TaskScheduled")).isEqualTo(5);
    }

    @Test
    void a_transient_failure_is_retried_and_the_report_is_built() {
        var r = run("TransientThenOk");
        assertThat(errorsOfFailedTasks(r)).containsExactly("TransientError");
        assertThat(count(r, "TaskScheduled")).isEqualTo(6);
        JsonNode out = Runs.output(r);
        assertThat(out.get("reportsBuilt").intValue()).isEqualTo(5);
        assertThat(out.get("failed").intValue()).isZero();
    }

    @Test
    void a_closed_account_is_recorded_as_failed_without_retries_and_the_execution_still_succeeds() {
        var r = run("AccountClosed");
        assertThat(Runs.output(r)).isEqualTo(json("""
                {'week': '2026-W49', 'users': 5, 'reportsBuilt': 0, 'failed': 5,
                 'failedUsers': ['u0001', 'u0002', 'u0003', 'u0004', 'u0005'], 'totalAmount': 0, 'transactions': 0}"""));
        assertThat(count(r, "TaskScheduled")).as("AccountClosedError is not retried").isEqualTo(5);
        assertThat(count(r, "ExecutionSucceeded")).isEqualTo(1);
    }

    @Test
    void one_failed_user_among_built_reports_is_still_listed_in_an_array() {
        String mocks = Runs.q("""
                {'StateMachines': {'weekly-report': {'TestCases': {'OneClosed': {'BuildReport': 'FirstClosed'}}}},
                 'MockedResponses': {'FirstClosed': {
                   '0': {'Throw': {'Error': 'AccountClosedError', 'Cause': 'account u0001 is closed'}},
                   '1-4': {'Return': {'StatusCode': 200, 'Payload':
                           {'userId': 'u0002', 'transactions': 7, 'total': 10.1, 'topCategory': 'transport'}}}}}}""");
        var r = run(Runs.q(FIVE_USERS), mocks, "OneClosed");
        assertThat(Runs.output(r)).isEqualTo(json("""
                {'week': '2026-W49', 'users': 5, 'reportsBuilt': 4, 'failed': 1, 'failedUsers': ['u0001'],
                 'totalAmount': 40.4, 'transactions': 28}"""));
    }

    @Test
    void a_recorded_failure_keeps_the_user_id_and_the_error_name_only() {
        var r = run("AccountClosed");
        String mapOutput = Runs.history(r).stream().filter(e -> e.type().equals("MapStateExited")).findFirst()
                .orElseThrow().details().at("/stateExitedEventDetails/output").asText();
        assertThat(json(mapOutput).at("/reports/0"))
                .isEqualTo(json("{'userId': 'u0001', 'failed': true, 'error': 'AccountClosedError'}"));
    }

    @Test
    void the_full_input_of_1000_users_stays_within_the_payload_and_history_limits() {
        var r = run(file("input.json"), file("mock-config.json"), "TransientThenOk");
        JsonNode out = Runs.output(r);
        assertThat(out.get("users").intValue()).isEqualTo(1000);
        assertThat(out.get("reportsBuilt").intValue()).isEqualTo(1000);
        assertThat(Runs.history(r)).hasSizeLessThan(25_000);
    }

    @Test
    void the_input_has_exactly_1000_distinct_user_ids() {
        JsonNode users = json(file("input.json")).get("users");
        Set<String> distinct = new HashSet<>();
        users.forEach(u -> distinct.add(u.textValue()));
        assertThat(users.size()).isEqualTo(1000);
        assertThat(distinct).hasSize(1000).contains("u0001", "u1000");
    }
}
