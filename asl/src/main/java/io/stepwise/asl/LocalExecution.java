package io.stepwise.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Runs one execution in-process, as {@code stepwise run} does: Task states are answered from a Step Functions Local
 * mock config ({@code MockConfigFile} JSON) and test case; Waits and retry delays do not sleep: a virtual clock
 * jumps to the next due timer. Tasks are answered in the order they were started, before any timer fires, so a run
 * is deterministic for given {@link Options}. A Task the test case does not mock goes to {@link Options#tasks()}, or,
 * with none, fails the execution with {@code States.Runtime} naming the state (a Catch cannot hide a missing mock).
 */
public final class LocalExecution {
    private LocalExecution() {}

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** How a local run spends the time of a Wait or a retry interval (real time only when asked to). */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = Thread::sleep;

        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * Where a Task the mock config does not answer goes ({@code stepwise run --functions-endpoint}, as Step Functions
     * Local's {@code LambdaEndpoint}): a real call that blocks until it is answered. The run advances its clock by the
     * real time the call took, so a {@code TimeoutSeconds} shorter than the call, or a Wait elsewhere that falls due
     * meanwhile, happens first, as it would on a server.
     */
    @FunctionalInterface
    public interface Tasks {
        /** No real calls: a Task the mock config does not answer fails the run. */
        Tasks NONE = t -> Optional.empty();

        /**
         * The event that answers {@code task} (a failure for a resource this port cannot reach) and the real time the
         * call took, or empty for none.
         */
        Optional<Answer> answer(Command.InvokeTask task);

        record Answer(Event event, Duration took) {}
    }

    /**
     * How to run: mocks, real calls for what they do not answer ({@link Tasks}), the virtual start time, the random seed (jitter, UUIDs, task tokens), names for the ARNs, and
     * {@code waitScale}: how much real time a Wait or a retry interval takes. 0 (the default) takes none: the virtual
     * clock jumps; 1 takes the real time; 0.1 a tenth. The virtual clock (the context object, the history's
     * timestamps) always advances by the full time, whatever the scale.
     */
    public record Options(Optional<String> mockConfigJson, Optional<String> testCase, Instant startTime, long randomSeed,
                          String executionName, String stateMachineName, double waitScale, Sleeper sleeper,
                          Tasks tasks) {
        public Options {
            if (!(waitScale >= 0) || Double.isInfinite(waitScale)) {
                throw new IllegalArgumentException("waitScale must be a finite number >= 0, not " + waitScale);
            }
        }

        public static Options defaults() {
            return new Options(Optional.empty(), Optional.empty(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    new Random().nextLong(), UUID.randomUUID().toString(), "LocalStateMachine", 0, Sleeper.REAL, Tasks.NONE);
        }
        public Options withMockConfig(String mockConfigJson, String testCase) {
            return new Options(Optional.ofNullable(mockConfigJson), Optional.ofNullable(testCase), startTime,
                    randomSeed, executionName, stateMachineName, waitScale, sleeper, tasks);
        }
        public Options withStartTime(Instant t) {
            return new Options(mockConfigJson, testCase, t, randomSeed, executionName, stateMachineName, waitScale, sleeper, tasks);
        }
        public Options withRandomSeed(long seed) {
            return new Options(mockConfigJson, testCase, startTime, seed, executionName, stateMachineName, waitScale, sleeper,
                    tasks);
        }
        public Options withExecutionName(String n) {
            return new Options(mockConfigJson, testCase, startTime, randomSeed, n, stateMachineName, waitScale, sleeper, tasks);
        }
        public Options withStateMachineName(String n) {
            return new Options(mockConfigJson, testCase, startTime, randomSeed, executionName, n, waitScale, sleeper, tasks);
        }
        public Options withWaitScale(double scale) {
            return new Options(mockConfigJson, testCase, startTime, randomSeed, executionName, stateMachineName, scale, sleeper,
                    tasks);
        }
        public Options withSleeper(Sleeper s) {
            return new Options(mockConfigJson, testCase, startTime, randomSeed, executionName, stateMachineName, waitScale, s,
                    tasks);
        }
        public Options withTasks(Tasks t) {
            return new Options(mockConfigJson, testCase, startTime, randomSeed, executionName, stateMachineName, waitScale,
                    sleeper, t);
        }
    }

    public static Result run(String definitionJson, String inputJson, Optional<String> mockConfigJson,
                             Optional<String> testCase) {
        Options o = Options.defaults();
        return run(definitionJson, inputJson, new Options(mockConfigJson, testCase, o.startTime(), o.randomSeed(),
                o.executionName(), o.stateMachineName(), 0, Sleeper.REAL, Tasks.NONE));
    }

    public static Result run(String definitionJson, String inputJson, Options options) {
        return run(definitionJson, inputJson, options, Interpreter.Config.defaults());
    }

    public static Result run(String definitionJson, String inputJson, Options options, Interpreter.Config config) {
        StateMachine machine;
        switch (Parser.parse(definitionJson)) {
            case ParseResult.Valid v -> machine = v.machine();
            case ParseResult.Invalid i -> {
                return new Invalid(i.findings());
            }
        }
        JsonNode input;
        try {
            input = STRICT.readTree(inputJson == null || inputJson.isBlank() ? "{}" : inputJson);
        } catch (JsonProcessingException e) {
            return new Invalid(List.of(new Finding("InvalidExecutionInput", "/", e.getOriginalMessage())));
        }
        if (input == null) input = DataFlow.F.objectNode();
        MockConfig mocks = MockConfig.none();
        if (options.mockConfigJson().isPresent()) {
            if (options.testCase().isEmpty()) {
                return new Invalid(List.of(new Finding("INVALID_MOCK_CONFIG", "/", "A mock config needs a test case")));
            }
            try {
                mocks = MockConfig.parse(options.mockConfigJson().get(), options.stateMachineName(),
                        options.testCase().get());
            } catch (MockConfig.InvalidConfig e) {
                return new Invalid(List.of(new Finding("INVALID_MOCK_CONFIG", e.location.isEmpty() ? "/" : e.location, e.getMessage())));
            }
        }
        return drive(machine, input, options, config, mocks);
    }

    private record Due(Instant at, long order, String timerId) {}

    private static Result drive(StateMachine machine, JsonNode input, Options o, Interpreter.Config config,
                                MockConfig mocks) {
        VirtualClock clock = new VirtualClock(o.startTime());
        Interpreter interpreter = new Interpreter(machine, config);
        Step step = interpreter.start(ExecutionInfo.local(o.stateMachineName(), o.executionName()), input,
                clock.instant(), o.randomSeed());
        Execution x = step.execution();
        List<HistoryEvent> history = new ArrayList<>(step.history());
        ArrayDeque<Command.InvokeTask> tasks = new ArrayDeque<>();
        PriorityQueue<Due> timers = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
                ? Long.compare(a.order(), b.order()) : a.at().compareTo(b.at()));
        Set<String> cancelled = new HashSet<>();
        Answered answered = null;   // a real call's answer, delivered once the timers due during the call have fired
        long order = 0;
        while (true) {
            for (Command c : step.commands()) {
                switch (c) {
                    case Command.InvokeTask t -> tasks.add(t);
                    case Command.StartTimer t -> timers.add(new Due(t.at(), order++, t.timerId()));
                    case Command.CancelTimer t -> cancelled.add(t.timerId());
                    case Command.CancelTask t -> {
                        tasks.removeIf(q -> q.taskId().equals(t.taskId()));
                        if (answered != null && answered.taskId().equals(t.taskId())) answered = null;
                    }
                    // local runs keep Config.mapRuns off: a distributed Map runs its items inline
                    case Command.StartMapRun m -> throw new IllegalStateException("a Map Run in a local run");
                    case Command.StopMapRun m -> { }
                    case Command.RedriveMapRun m -> throw new IllegalStateException("a Map Run in a local run");
                }
            }
            if (!x.isRunning()) break;
            Event event = null;
            if (answered == null && !tasks.isEmpty()) {
                Command.InvokeTask t = tasks.poll();
                event = mocked(t, mocks).orElse(null);
                if (event == null) {
                    Optional<Tasks.Answer> real = o.tasks().answer(t);
                    if (real.isEmpty()) event = unmocked(t, mocks);
                    else answered = new Answered(t.taskId(), real.get().event(), clock.instant().plus(real.get().took()));
                }
            }
            if (event == null && answered != null) {
                Due due = nextTimer(timers, cancelled);
                if (due != null && !due.at().isAfter(answered.at())) {
                    timers.poll();
                    clock.advanceTo(due.at());      // the call's real time has passed already: no sleeping
                    event = new Event.TimerFired(due.timerId());
                } else {
                    clock.advanceTo(answered.at());
                    event = answered.event();
                    answered = null;
                }
            } else if (event == null) {
                Due due = nextTimer(timers, cancelled);
                if (due == null) break;
                timers.poll();
                if (o.waitScale() > 0 && due.at().isAfter(clock.instant())) {
                    long nanos = (long) (Duration.between(clock.instant(), due.at()).toNanos() * o.waitScale());
                    try {
                        o.sleeper().sleep(Duration.ofNanos(nanos));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Failed("States.Runtime", "The local run was interrupted while waiting", history);
                    }
                }
                clock.advanceTo(due.at());
                event = new Event.TimerFired(due.timerId());
            }
            step = interpreter.step(x, event, clock.instant());
            history.addAll(step.history());
        }
        return switch (x.status()) {
            case Execution.Succeeded s -> new Succeeded(s.output(), history);
            case Execution.Failed f -> new Failed(f.error(), f.cause(), history);
            case Execution.TimedOut t -> new Failed(t.error(), t.cause(), history);
            case Execution.Aborted a -> new Failed(a.error().orElse("States.Runtime"), a.cause().orElse("aborted"), history);
            case Execution.Running r -> new Failed("States.Runtime",
                    "The execution is waiting for nothing: no task or timer is pending", history);
        };
    }

    /** A real call's answer and the virtual time it arrives at (the call's start plus its real duration). */
    private record Answered(String taskId, Event event, Instant at) {}

    /** The earliest timer still wanted (cancelled ones dropped), left in the queue. */
    private static Due nextTimer(PriorityQueue<Due> timers, Set<String> cancelled) {
        while (!timers.isEmpty() && cancelled.remove(timers.peek().timerId())) timers.poll();
        return timers.peek();
    }

    private static Optional<Event> mocked(Command.InvokeTask t, MockConfig mocks) {
        return mocks.next(t.stateName()).map(response -> switch (response) {
            case MockConfig.Return r -> new Event.TaskSucceeded(t.taskId(), r.value());
            case MockConfig.Throw th -> new Event.TaskFailed(t.taskId(), th.error(), th.cause());
        });
    }

    private static Event unmocked(Command.InvokeTask t, MockConfig mocks) {
        return new Event.TaskFailed(t.taskId(), "States.Runtime", "No mocked response for the Task state '"
                + t.stateName() + "'" + mocks.testCase().map(c -> " in test case '" + c + "'")
                .orElse(" (no mock config given)") + "; add it to the mock config's test case");
    }

    public sealed interface Result permits Succeeded, Failed, Invalid {}
    public record Succeeded(JsonNode output, List<HistoryEvent> history) implements Result {}
    public record Failed(String error, String cause, List<HistoryEvent> history) implements Result {}
    /** The definition or the input was rejected before running: findings as the parser reports them. */
    public record Invalid(List<Finding> findings) implements Result {}
}
