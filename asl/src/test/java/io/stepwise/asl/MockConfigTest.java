package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MockConfigTest {
    static final String FILE = Runs.q("""
            {'StateMachines': {'Orders': {'TestCases': {'Happy': {'Charge': 'Flaky'}, 'Broken': {'Charge': 'Nope'}}}},
             'MockedResponses': {'Flaky': {'0': {'Throw': {'Error': 'E', 'Cause': 'c'}}, '1-2': {'Return': 'ok'},
                                           '3': {'Return': 'last'}}}}""");

    @Test
    void responses_follow_the_invocation_ranges_then_cycle() throws Exception {
        var mocks = MockConfig.parse(FILE, "Orders", "Happy");
        assertThat(mocks.next("Charge")).contains(new MockConfig.Throw("E", "c"));
        assertThat(mocks.next("Charge")).contains(new MockConfig.Return(json("'ok'")));
        assertThat(mocks.next("Charge")).contains(new MockConfig.Return(json("'ok'")));
        assertThat(mocks.next("Charge")).contains(new MockConfig.Return(json("'last'")));
        assertThat(mocks.next("Charge")).contains(new MockConfig.Throw("E", "c"));
        assertThat(mocks.next("Charge")).contains(new MockConfig.Return(json("'ok'")));
        assertThat(mocks.next("Other")).isEqualTo(Optional.empty());
    }

    @Test
    void the_only_state_machine_is_used_when_the_name_does_not_match() throws Exception {
        assertThat(MockConfig.parse(FILE, "LocalStateMachine", "Happy").next("Charge")).isPresent();
    }

    @Test
    void unknown_test_cases_and_responses_are_reported_with_their_location() {
        assertThatThrownBy(() -> MockConfig.parse(FILE, "Orders", "Missing"))
                .isInstanceOfSatisfying(MockConfig.InvalidConfig.class,
                        e -> assertThat(e.location).isEqualTo("/StateMachines/Orders/TestCases"));
        assertThatThrownBy(() -> MockConfig.parse(FILE, "Orders", "Broken"))
                .hasMessageContaining("No mocked response 'Nope'");
        assertThatThrownBy(() -> MockConfig.parse("{", "Orders", "Happy")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> MockConfig.parse(Runs.q("""
                {'StateMachines': {'A': {'TestCases': {'T': {'S': 'R'}}}},
                 'MockedResponses': {'R': {'zero': {'Return': 1}}}}"""), "A", "T"))
                .hasMessageContaining("invocation number or range");
    }

    @Test
    void invalid_execution_input_is_rejected_with_jacksons_message() {
        var r = LocalExecution.run(Runs.q("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}"),
                "{\"a\": 1} trailing", Runs.OPTIONS);
        assertThat(r).isInstanceOfSatisfying(LocalExecution.Invalid.class, i ->
                assertThat(i.findings().getFirst().code()).isEqualTo("InvalidExecutionInput"));
    }

    @Test
    void history_renders_as_get_execution_history_events() {
        var r = Runs.run("{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'End': true}}}", "{}");
        var events = HistoryJson.events(Runs.history(r));
        assertThat(events.get(0).get("type").textValue()).isEqualTo("ExecutionStarted");
        assertThat(events.get(0).get("timestamp").decimalValue())
                .isEqualByComparingTo(java.math.BigDecimal.valueOf(Runs.START.toEpochMilli(), 3));
        assertThat(events.get(0).at("/executionStartedEventDetails/roleArn").textValue())
                .isEqualTo("arn:aws:iam::123456789012:role/StepwiseLocal");
        assertThat(events.get(1).at("/stateEnteredEventDetails/name").textValue()).isEqualTo("A");
        assertThat(events.get(3).at("/executionSucceededEventDetails/outputDetails/truncated").booleanValue()).isFalse();
        assertThat(HistoryJson.response(Runs.history(r)).get("events")).isEqualTo(events);
    }
}
