package io.stepwise.engine;

import io.stepwise.asl.HistoryEvent;
import java.util.List;

/**
 * What an execution has done so far, counted from its committed history events: what `stepwise workflows start
 * --wait` and the main job draw their progress bars from.
 */
public final class Progress {
    private long statesEntered;
    private long mapItems;
    private long mapItemsDone;
    private long mapItemsFailed;
    private long tasksStarted;
    private long tasksDone;
    private long taskFailures;
    private long lastEventId;

    synchronized void count(List<HistoryEvent> events) {
        for (HistoryEvent e : events) {
            lastEventId = Math.max(lastEventId, e.id());
            String t = e.type();
            if (t.endsWith("StateEntered")) statesEntered++;
            else if (t.equals("MapStateStarted")) mapItems += e.details().path("mapStateStartedEventDetails").path("length").asLong();
            else if (t.equals("MapIterationSucceeded")) mapItemsDone++;
            else if (t.equals("MapIterationFailed") || t.equals("MapIterationAborted")) {
                mapItemsDone++;
                mapItemsFailed++;
            } else if (t.endsWith("Scheduled") && !t.startsWith("Map")) tasksStarted++;
            else if (t.endsWith("Succeeded") && (t.startsWith("Task") || t.startsWith("LambdaFunction") || t.startsWith("Activity"))) tasksDone++;
            else if ((t.endsWith("Failed") || t.endsWith("TimedOut")) && (t.startsWith("Task") || t.startsWith("LambdaFunction")
                    || t.startsWith("Activity")) && !t.equals("TaskStateFailed")) {
                tasksDone++;
                taskFailures++;
            }
        }
    }

    /** A snapshot: states entered, Map items (all Map states together) done and in all, tasks running, failures. */
    public record Snapshot(long statesEntered, long mapItemsDone, long mapItems, long mapItemsFailed, long tasksRunning,
                           long taskFailures, long events) {}

    public synchronized Snapshot snapshot() {
        return new Snapshot(statesEntered, mapItemsDone, mapItems, mapItemsFailed, tasksStarted - tasksDone,
                taskFailures, lastEventId);
    }

    static Snapshot of(List<HistoryEvent> history) {
        Progress p = new Progress();
        p.count(history);
        return p.snapshot();
    }
}
