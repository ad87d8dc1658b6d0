package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The readable rows of {@code workflows history} and {@code start --follow}. */
class HistoryRowsTest {
    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

    private static String event(long id, long previous, String type, double seconds, String details) {
        String detailsField = details.isEmpty() ? "" : ", " + details;
        return "{\"id\": " + id + ", \"previousEventId\": " + previous + ", \"type\": \"" + type + "\", \"timestamp\": \""
                + START.plusMillis((long) (seconds * 1000)) + "\"" + detailsField + "}";
    }

    @Test
    void events_inherit_the_state_and_map_item_of_the_event_before_them_and_show_a_one_line_detail() {
        List<String> events = List.of(
                event(1, 0, "ExecutionStarted", 0, "\"executionStartedEventDetails\": {\"input\": \"{\\\"users\\\": [1, 2]}\"}"),
                event(2, 1, "MapStateEntered", 0, "\"stateEnteredEventDetails\": {\"name\": \"Each\", \"input\": \"{}\"}"),
                event(3, 2, "MapStateStarted", 0, "\"mapStateStartedEventDetails\": {\"length\": 2}"),
                event(4, 3, "MapIterationStarted", 0, "\"mapIterationStartedEventDetails\": {\"name\": \"Each\", \"index\": 0}"),
                event(5, 4, "TaskStateEntered", 0.001, "\"stateEnteredEventDetails\": {\"name\": \"Build\", \"input\": \"1\"}"),
                event(6, 5, "TaskScheduled", 0.002, "\"taskScheduledEventDetails\": {\"resourceType\": \"lambda\", "
                        + "\"resource\": \"invoke\", \"parameters\": \"{\\\"FunctionName\\\": \\\"weekly-report\\\"}\"}"),
                event(7, 6, "TaskFailed", 1.5, "\"taskFailedEventDetails\": {\"resourceType\": \"lambda\", \"resource\": \"invoke\", "
                        + "\"error\": \"AccountClosedError\", \"cause\": \"account u0009\\n is closed\"}"),
                event(8, 7, "MapIterationSucceeded", 1.5, "\"mapIterationSucceededEventDetails\": {\"name\": \"Each\", \"index\": 0}"),
                event(9, 8, "MapStateSucceeded", 1.6, ""),
                event(10, 9, "MapStateExited", 1.6, "\"stateExitedEventDetails\": {\"name\": \"Each\", \"output\": \"" + "x".repeat(200) + "\"}"),
                event(11, 10, "ExecutionSucceeded", 1.6, "\"executionSucceededEventDetails\": {\"output\": \"[]\"}"));
        HistoryRows rows = new HistoryRows(START);

        List<HistoryRows.Row> r = new ArrayList<>();
        events.forEach(e -> r.add(rows.row(Json.parse(e))));

        assertThat(r.stream().map(HistoryRows.Row::state)).containsExactly("", "Each", "Each", "Each [0]", "Build [0]",
                "Build [0]", "Build [0]", "Each [0]", "Each", "Each", "");
        assertThat(r.get(0).detail()).isEqualTo("{\"users\": [1, 2]}");
        assertThat(r.get(2).detail()).isEqualTo("2 items");
        assertThat(r.get(5).detail()).isEqualTo("lambda:invoke weekly-report");
        assertThat(r.get(6).detail()).isEqualTo("AccountClosedError: account u0009 is closed");
        assertThat(r.get(9).detail()).hasSize(80).endsWith("...");
        assertThat(r.get(6).cells()).containsSubsequence(7L, "TaskFailed", "Build [0]");
        assertThat(r.get(6).cells()[4]).isEqualTo("+1.500s");
        assertThat(r.get(8).line()).startsWith("     9  MapStateSucceeded").contains("Each").contains("+1.600s");
    }
}
