package io.stepwise.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Follows a standard execution to its end through the public API: Stepwise's progress route every 200 ms for the
 * display, and with {@code follow} the history events recorded since the last look (GetExecutionHistory newest first,
 * down to the last event printed: the engine commits an execution's events in id order). Used by
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

    /** Shows the execution's progress until it ends (then closes the display) and returns it as DescribeExecution does. */
    DescribeExecutionResponse watch(String executionArn, Instant start, ProgressDisplay display, boolean follow) throws Exception {
        HistoryRows rows = new HistoryRows(start);
        long printed = 0;
        try (display) {
            while (true) {
                ExecutionProgress p = progress(executionArn);
                if (!p.running()) p = progress(executionArn); // its last events are counted once the status has closed
                if (follow && p.lastEventId() > printed) printed = printEvents(executionArn, printed, rows, display);
                display.show(p);
                if (!p.running()) break;
                Thread.sleep(POLL);
            }
            if (follow) printEvents(executionArn, printed, rows, display);
        }
        return sfn.describeExecution(r -> r.executionArn(executionArn));
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
