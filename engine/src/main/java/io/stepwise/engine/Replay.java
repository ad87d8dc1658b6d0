package io.stepwise.engine;

import io.stepwise.asl.Command;
import io.stepwise.asl.Execution;
import io.stepwise.asl.ExecutionInfo;
import io.stepwise.asl.Interpreter;
import io.stepwise.asl.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds a standard execution from its start and its journal: the interpreter is deterministic, so the same events
 * at the same times with the same seed give the same execution and the same history. What the replay's steps asked
 * for that is still awaited at the end (tasks not answered, timers not fired, Map Runs not ended) is what the driver
 * must do again.
 */
record Replay(Execution execution, List<Command> outstanding, boolean diverged) {

    static Replay of(Interpreter in, ExecutionRow row, List<JournalEntry> journal) {
        var info = new ExecutionInfo(row.arn(), row.name(), row.stateMachineArn(), row.stateMachineName(),
                row.roleArn(), 0);   // the journal's Redrive entries count the redrives
        Step s = in.start(info, Json.read(row.input()), row.startDate(), row.seed());
        List<Command> all = new ArrayList<>(s.commands());
        for (JournalEntry j : journal) {
            s = in.step(s.execution(), j.event(), j.at());
            all.addAll(s.commands());
        }
        Execution x = s.execution();
        Set<String> tasks = x.awaitedTasks();
        Set<String> timers = x.awaitedTimers();
        Set<String> mapRuns = x.awaitedMapRuns();
        // a Map Run redriven is asked for twice (started, then redriven): only the last ask is outstanding
        java.util.Map<String, Command> lastMapRunAsk = new java.util.HashMap<>();
        for (Command c : all) {
            if (c instanceof Command.StartMapRun m) lastMapRunAsk.put(m.request().runId(), c);
            if (c instanceof Command.RedriveMapRun m) lastMapRunAsk.put(m.request().runId(), c);
        }
        List<Command> outstanding = all.stream().filter(c -> switch (c) {
            case Command.InvokeTask t -> tasks.contains(t.taskId());
            case Command.StartTimer t -> timers.contains(t.timerId());
            case Command.CancelTask t -> false;
            case Command.CancelTimer t -> false;
            case Command.StartMapRun m -> mapRuns.contains(m.request().runId())
                    && lastMapRunAsk.get(m.request().runId()) == c;
            case Command.RedriveMapRun m -> mapRuns.contains(m.request().runId())
                    && lastMapRunAsk.get(m.request().runId()) == c;
            case Command.StopMapRun m -> false;
        }).toList();
        return new Replay(x, outstanding, x.eventCount() != row.lastEventId() || !x.isRunning());
    }
}
