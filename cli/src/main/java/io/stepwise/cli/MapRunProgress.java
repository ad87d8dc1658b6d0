package io.stepwise.cli;

import java.time.Instant;
import java.util.Locale;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;

/**
 * One DescribeMapRun of a distributed Map's Map Run while an execution is watched: its items succeeded, failed
 * (failed, timed out or aborted, as the run's tolerated failures count them) and running, of all.
 *
 * @param name the Map Run's label ({@code Label}, else the Map state's name), from its ARN
 *             ({@code arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:ID})
 */
record MapRunProgress(String arn, String name, String status, Instant startDate, long succeeded, long failed,
                      long itemsRunning, long total) {

    static MapRunProgress of(DescribeMapRunResponse d) {
        MapRunItemCounts c = d.itemCounts();
        return new MapRunProgress(d.mapRunArn(), name(d.mapRunArn()), d.statusAsString(), d.startDate(), c.succeeded(),
                c.failed() + c.timedOut() + c.aborted(), c.running(), c.total());
    }

    static String name(String mapRunArn) {
        String[] p = mapRunArn.split(":");
        if (p.length < 8) return mapRunArn;
        return p[6].substring(p[6].indexOf('/') + 1);  // a state machine's name holds no '/'; a label may
    }

    boolean running() {
        return status.equals("RUNNING");
    }

    long done() {
        return succeeded + failed;
    }

    /** What the bar is called: {@code Users map run}. */
    String task() {
        return name + " map run";
    }

    /** What the bar shows beside its count: {@code 3,000 succeeded, 400 failed, 800 running}, and the status once ended. */
    String extra() {
        String s = String.format(Locale.ROOT, "%,d succeeded, %,d failed, %,d running", succeeded, failed, itemsRunning);
        return running() ? s : s + ", " + status;
    }

    /** The plain line: {@code Users map run: 3,400/10,000 items, 3,000 succeeded, 400 failed, 800 running}. */
    String line() {
        return String.format(Locale.ROOT, "%s: %,d/%,d items, %s", task(), done(), total, extra());
    }
}
