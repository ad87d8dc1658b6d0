package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One answer of {@code GET /stepwise/v1/executions/progress?executionArn=}: what a standard execution has done so far,
 * counted by the server from its committed history.
 */
record ExecutionProgress(String status, long statesEntered, long mapItemsDone, long mapItems, long mapItemsFailed,
                         long tasksRunning, long taskFailures, long lastEventId) {

    static ExecutionProgress parse(String body) {
        JsonNode n = Json.parse(body);
        return new ExecutionProgress(n.path("status").asText("RUNNING"), n.path("statesEntered").asLong(),
                n.path("mapItemsDone").asLong(), n.path("mapItems").asLong(), n.path("mapItemsFailed").asLong(),
                n.path("tasksRunning").asLong(), n.path("taskFailures").asLong(), n.path("events").asLong());
    }

    boolean running() {
        return status.equals("RUNNING");
    }

    /** Whether progress is counted in Map items (done of all) rather than in states entered. */
    boolean hasItems() {
        return mapItems > 0;
    }

    /** What the bar shows beside its count: tasks running now, failed task attempts, failed items. */
    String extra() {
        String s = String.format(Locale.ROOT, "%,d running, %,d failure%s", tasksRunning, taskFailures, taskFailures == 1 ? "" : "s");
        return mapItemsFailed > 0 ? s + String.format(Locale.ROOT, ", %,d item%s failed", mapItemsFailed, mapItemsFailed == 1 ? "" : "s") : s;
    }

    /** The plain line: {@code 340/1,000 items, 97 running, 3 failures} (or {@code 12 states entered, ...}). */
    String line() {
        String count = hasItems() ? String.format(Locale.ROOT, "%,d/%,d items", mapItemsDone, mapItems)
                : String.format(Locale.ROOT, "%,d state%s entered", statesEntered, statesEntered == 1 ? "" : "s");
        return count + ", " + extra();
    }
}
