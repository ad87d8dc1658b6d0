package io.stepwise.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

/**
 * Follows a standard execution to its end through the public API: Stepwise's progress route every 200 ms for the
 * display, and with {@code follow} the history events recorded since the last look (GetExecutionHistory newest first,
 * down to the last event printed: the engine commits an execution's events in id order), and its distributed Maps'
 * Map Runs (ListMapRuns, DescribeMapRun) while they run. Used by
 * {@code workflows start --wait} and by the main job of {@code stepwise server}.
 */
final class ExecutionWatch {
    private static final Duration POLL = Duration.ofMillis(200);
    private final Remote remote;
    private final SfnClient sfn;

    ExecutionWatch(Remote remote, SfnClient sfn) {
        this.remote = remote;
        this.sfn = sfn;
    }

    ExecutionProgress progress(String executionArn) throws Exception {
        return ExecutionProgress.parse(remote.get("/stepwise/v1/executions/progress?executionArn="
                + URLEncoder.encode(executionArn, StandardCharsets.UTF_8)));
    }

    /**
     * Shows the execution's progress until it ends (then closes the display) and returns it as DescribeExecution does.
     * While one of its distributed Maps runs, the display shows that Map Run instead (DescribeMapRun), and each Map Run
     * once more as it ended.
     */
    DescribeExecutionResponse watch(String executionArn, Instant start, ProgressDisplay display, boolean follow) throws Exception {
        HistoryRows rows = new HistoryRows(start);
        MapRunsShown runs = new MapRunsShown(executionArn);
        long printed = 0;
        try (display) {
            while (true) {
                ExecutionProgress p = progress(executionArn);
                if (!p.running()) p = progress(executionArn); // its last events are counted once the status has closed
                if (follow && p.lastEventId() > printed) printed = printEvents(executionArn, printed, rows, display);
                if (!p.running()) {
                    runs.unseenEnds().forEach(display::show);
                    display.show(p);
                    break;
                }
                Optional<MapRunProgress> run = runs.current();
                if (run.isPresent()) display.show(run.get());
                else display.show(p);
                Thread.sleep(POLL);
            }
            if (follow) printEvents(executionArn, printed, rows, display);
        }
        return sfn.describeExecution(r -> r.executionArn(executionArn));
    }

    /** The Map Runs of one execution, shown one at a time in the order they started, each until it has ended. */
    private final class MapRunsShown {
        private final String executionArn;
        private final Set<String> ended = new HashSet<>();
        private String current;

        MapRunsShown(String executionArn) {
            this.executionArn = executionArn;
        }

        /** The Map Run to show now: the one shown last until it has ended, then the next to start. */
        Optional<MapRunProgress> current() {
            if (current == null) current = next().orElse(null);
            if (current == null) return Optional.empty();
            MapRunProgress run = MapRunProgress.of(sfn.describeMapRun(r -> r.mapRunArn(current)));
            if (!run.running()) {
                ended.add(current);
                current = null;
            }
            return Optional.of(run);
        }

        /** The execution has ended: how each Map Run not yet shown as ended did. */
        List<MapRunProgress> unseenEnds() {
            List<MapRunProgress> shown = new ArrayList<>();
            for (Optional<MapRunProgress> run = current(); run.isPresent(); run = current()) {
                if (run.get().running()) ended.add(run.get().arn()); // being aborted with its parent: not waited for
                current = null;
                shown.add(run.get());
            }
            return shown;
        }

        private Optional<String> next() {
            return sfn.listMapRunsPaginator(r -> r.executionArn(executionArn)).mapRuns().stream()
                    .filter(m -> !ended.contains(m.mapRunArn()))
                    .min(Comparator.comparing(MapRunListItem::startDate).thenComparing(MapRunListItem::mapRunArn))
                    .map(MapRunListItem::mapRunArn);
        }
    }

    /** Prints the events after {@code printed}, oldest first; returns the last id printed. */
    private long printEvents(String arn, long printed, HistoryRows rows, ProgressDisplay display) {
        List<HistoryEvent> newer = new ArrayList<>();
        String token = null;
        page:
        do {
            String t = token;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(r -> r.executionArn(arn).reverseOrder(true)
                    .maxResults(1000).nextToken(t));
            for (HistoryEvent e : page.events()) {
                if (e.id() <= printed) break page;
                newer.add(e);
            }
            token = page.nextToken();
        } while (token != null);
        long last = printed;
        for (HistoryEvent e : newer.reversed()) {
            display.println(rows.row(SdkJson.of(e)).line());
            last = Math.max(last, e.id());
        }
        return last;
    }
}
