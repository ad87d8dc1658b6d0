package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * TestState (https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html): runs one state once, with
 * an input, variables and a context object, and tells what it came to: its output and next state, or its error and
 * what Retry or Catch would make of it, and (for DEBUG and TRACE) an {@link Inspection} of its data flow.
 *
 * <p>Design note. The state runs through the interpreter's own parts ({@link States}, {@link TaskStep},
 * {@link WaitStep}, {@link DataFlow}, {@link Recovery}) on a throwaway one-frame {@link Execution}, so TestState and
 * executions cannot drift apart; the frame carries an {@link Inspector} those parts fill with the data-flow steps and
 * which holds the context object. What TestState does differently is decided here, after AWS's recordings (LocalStack's
 * tests/aws/services/stepfunctions/v2/test_state/*.snapshot.json): the state is not left (its Next is the answer);
 * a Wait does not wait; the first retrier that matches answers RETRIABLE at once, with the back-off it would wait
 * after {@code retrierRetryCount} retries, and a used-up one lets Catch decide; a catcher answers CAUGHT_ERROR with its
 * output and Next; Map and Parallel states do not run their branches: the mock is their result (or error), a Map's
 * {@code mapIterationFailureCount} checked against its tolerated failures. A Task that is not mocked is handed to
 * {@link Tasks}, the driver's port to its integrations: this class does no IO itself.
 */
public final class StateTester {
    private StateTester() {}

    public enum Status { SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR }

    /** A mocked result of the Task (or Map, Parallel) instead of running it: a value, or an error. */
    public sealed interface Mock permits Mock.Returns, Mock.Throws {
        record Returns(JsonNode result) implements Mock {}
        record Throws(String error, String cause) implements Mock {}
    }

    /**
     * TestState's {@code stateConfiguration}: the retries already made (for RETRIABLE and the back-off), the Map
     * iterations that failed, the items an ItemReader would have read.
     */
    public record Configuration(int retrierRetryCount, OptionalInt mapIterationFailureCount,
                                Optional<JsonNode> mapItemReaderData) {
        public static Configuration none() { return new Configuration(0, OptionalInt.empty(), Optional.empty()); }
    }

    /**
     * One test: the state {@code stateName} of {@code machine} (the machine that holds it: the definition, a branch or
     * an item processor), its input, the variables it sees, {@code $$} (empty: made as AWS makes it from
     * {@code info}), the mock, and the time and seed the run uses.
     */
    public record Request(StateMachine machine, String stateName, JsonNode input, Map<String, JsonNode> variables,
                          Optional<ObjectNode> context, Optional<Mock> mock, Configuration configuration,
                          ExecutionInfo info, Instant now, long seed) {}

    /** What TestState answers (the inspection is the driver's to show or not, by inspection level). */
    public record Result(Status status, Optional<JsonNode> output, Optional<String> error, Optional<String> cause,
                         Optional<String> nextState, Inspection inspection) {}

    /** The driver's integrations: runs one Task attempt and answers with TaskSucceeded or TaskFailed. */
    @FunctionalInterface
    public interface Tasks {
        Event run(Command.InvokeTask task);
    }

    /** A state found by name, and the machine that holds it. */
    public record Located(StateMachine machine, State state) {}

    /** The state {@code name} anywhere in {@code top}: its own states, Parallel branches and Map item processors. */
    public static Optional<Located> locate(StateMachine top, String name) {
        State s = top.states().get(name);
        if (s != null) return Optional.of(new Located(top, s));
        for (State inner : top.states().values()) {
            List<StateMachine> nested = switch (inner) {
                case ParallelState p -> p.branches();
                case MapState m -> List.of(m.itemProcessor());
                case PassState p -> List.of();
                case TaskState t -> List.of();
                case ChoiceState c -> List.of();
                case WaitState w -> List.of();
                case SucceedState su -> List.of();
                case FailState fa -> List.of();
            };
            for (StateMachine m : nested) {
                Optional<Located> found = locate(m, name);
                if (found.isPresent()) return found;
            }
        }
        return Optional.empty();
    }

    public static Result test(Request r, Tasks tasks) {
        Interpreter in = new Interpreter(r.machine(), Interpreter.Config.defaults());
        Execution x = new Execution(r.info(), r.input(), r.now(), DataFlow.F.objectNode(), DataFlow.F.objectNode(),
                r.seed());
        Frame f = new Frame(r.machine(), null, 0, new VariableScope(null), 0);
        x.top = f;
        r.variables().forEach(f.variables::assign);
        ObjectNode context = r.context().orElseGet(() -> context(r, r.machine().state(r.stateName())));
        in.states.enter(x, f, r.stateName(), r.input());
        f.retryCount = r.configuration().retrierRetryCount();
        f.inspector = new Inspector(context);
        f.inspector.input = r.input();
        return new Run(in, x, f, r, tasks).result();
    }

    /**
     * {@code $$} when the request gives none, as AWS's recordings show it: an express execution's Id (without the
     * trailing id), the RoleArn or null, {@code State.Name} always "StateName" (even with {@code stateName}),
     * {@code RetryCount} only for the states that retry, {@code Task.Token} for callback tasks.
     */
    private static ObjectNode context(Request r, State state) {
        ObjectNode c = DataFlow.F.objectNode();
        ObjectNode e = c.putObject("Execution");
        e.put("Id", r.info().executionArn());
        e.set("Input", r.input());
        e.put("Name", r.info().executionName());
        e.put("RoleArn", r.info().roleArn());
        e.put("StartTime", DataFlow.TIME.format(r.now()));
        c.putObject("StateMachine").put("Id", r.info().stateMachineArn()).put("Name", r.info().stateMachineName());
        ObjectNode s = c.putObject("State").put("Name", Parser.TESTED_STATE).put("EnteredTime",
                DataFlow.TIME.format(r.now()));
        if (state instanceof TaskState || state instanceof MapState || state instanceof ParallelState) {
            s.put("RetryCount", r.configuration().retrierRetryCount());
        }
        if (state instanceof TaskState t && t.resource().pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN) {
            // the same first draw TaskStep makes from the execution's random, so $$.Task.Token is the task's token
            c.putObject("Task").put("Token", IntrinsicFunctions.uuid(new SplittableRandom(r.seed())));
        }
        return c;
    }

    /** One test's run of its state. */
    private record Run(Interpreter in, Execution x, Frame f, Request r, Tasks tasks) {

        Result result() {
            try {
                Outcome o = switch (f.state) {
                    case MapState m -> map(m);
                    case ParallelState p -> parallel(p);
                    default -> in.states.run(x, f);
                };
                while (o instanceof Outcome.Blocked) o = unblock();
                return switch (o) {
                    case Outcome.Exit e -> exit(e, Status.SUCCEEDED, Optional.empty(), Optional.empty());
                    case Outcome.Error e -> recover(e.error(), e.cause());
                    case Outcome.FailFrame e -> end(Status.FAILED, Optional.empty(), e.error(), e.cause(),
                            Optional.empty());
                    case Outcome.Blocked b -> throw new IllegalStateException("still blocked");
                };
            } catch (StatesError e) {
                return recover(e.error(), e.cause());
            }
        }

        /** A task answers (mocked, or by the driver); a Wait is over at once. */
        private Outcome unblock() throws StatesError {
            switch (f.waiting) {
                case Waiting.OnTask t -> {
                    Command.InvokeTask call = x.commands.stream()
                            .filter(c -> c instanceof Command.InvokeTask i && i.taskId().equals(t.taskId()))
                            .map(Command.InvokeTask.class::cast).findFirst().orElseThrow();
                    Event answer = r.mock().map(m -> mocked(call, m)).orElseGet(() -> tasks.run(call));
                    in.tasks.claim(x, t.taskId());
                    return switch (answer) {
                        case Event.TaskSucceeded s -> in.tasks.succeeded(x, f, s);
                        case Event.TaskFailed e -> in.tasks.failed(x, f, e);
                        case Event.TaskHeartbeat h -> throw new IllegalStateException("a task answered " + h);
                        case Event.TimerFired h -> throw new IllegalStateException("a task answered " + h);
                        case Event.Stop h -> throw new IllegalStateException("a task answered " + h);
                        case Event.MapRunSucceeded h -> throw new IllegalStateException("a task answered " + h);
                        case Event.MapRunFailed h -> throw new IllegalStateException("a task answered " + h);
                        case Event.Redrive h -> throw new IllegalStateException("a task answered " + h);
                    };
                }
                case Waiting.OnTimer w -> {
                    f.waiting = Waiting.NOTHING;
                    return in.waits.finish(x, f);
                }
                case Waiting.OnChildren c -> throw new IllegalStateException("TestState runs no branches");
                case Waiting.OnMapRun m -> throw new IllegalStateException("TestState runs no Map Runs");
                case Waiting.Nothing n -> throw new IllegalStateException("blocked on nothing");
            }
        }

        private static Event mocked(Command.InvokeTask call, Mock mock) {
            return switch (mock) {
                case Mock.Returns v -> new Event.TaskSucceeded(call.taskId(), v.result());
                case Mock.Throws e -> new Event.TaskFailed(call.taskId(), e.error(), e.cause());
            };
        }

        /** A Map state's inputs and limits, as an execution would read them; then the mock is its result. */
        private Outcome map(MapState m) throws StatesError {
            boolean jsonata = m.queryLanguage() == QueryLanguage.JSONATA;
            Inspector seen = f.inspector;
            JsonNode selected = f.input;
            if (m.io() instanceof Io.JsonPath io) {
                selected = DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input));
                seen.afterInputPath = selected;
            }
            Scope scope = in.flow.scope(x, f, selected);
            List<JsonNode> items = null;
            if (m.itemReader().isPresent()) {
                if (r.configuration().mapItemReaderData().filter(JsonNode::isArray).isPresent()) {
                    items = new ArrayList<>();
                    r.configuration().mapItemReaderData().get().forEach(items::add);
                }
            } else {
                JsonNode value = m.items().isEmpty() ? selected : DataFlow.value(m.items().get(), scope);
                if (jsonata && !value.isArray()) throw MapLimits.notAnArray(m.items(), value);
                if (!value.isArray()) {
                    // TestState's own wording, even for an object an execution would iterate over, and before
                    // MaxConcurrency is read (recorded: test_state_context_object.snapshot.json,
                    // test_state_map_context_object[ALL])
                    String path = m.items().map(DataFlow::pathText).filter(p -> !p.isEmpty()).orElse("$");
                    throw new StatesError(Recovery.RUNTIME, "Reference path \"" + (path.startsWith("$$")
                            ? path.substring(1) : path) + "\" must point to array.");
                }
                if (!jsonata) seen.afterItemsPath = value;
                items = new ArrayList<>();
                value.forEach(items::add);
            }
            seen.maxConcurrency = MapLimits.maxConcurrency(m.maxConcurrency(), scope, jsonata);
            if (items != null && m.itemBatcher().isPresent()) {
                items = ItemBatches.of(m.itemBatcher().get(), items, scope);
                seen.afterItemBatcher = array(items);
            }
            if (items != null && m.itemSelector().isPresent()) {
                ArrayNode inputs = DataFlow.F.arrayNode(items.size());
                for (int i = 0; i < items.size(); i++) {
                    inputs.add(m.itemSelector().get().evaluate(new Scope(selected, in.flow.itemContext(x, f, i, null,
                            items.get(i)), f.variables, Optional.empty(), Optional.empty(), x.now, x.random)));
                }
                seen.afterItemSelector = inputs;
            }
            long count = MapLimits.toleratedCount(m.toleratedFailureCount(), scope, jsonata);
            double percentage = MapLimits.toleratedPercentage(m.toleratedFailurePercentage(), scope, jsonata);
            if (count >= 0) seen.toleratedFailureCount = count;
            if (percentage >= 0) seen.toleratedFailurePercentage = percentage;
            return switch (mock()) {
                case Mock.Throws t -> new Outcome.Error(t.error(), t.cause());
                case Mock.Returns v -> {
                    int total = items != null ? items.size() : v.result().size();
                    OptionalInt failed = r.configuration().mapIterationFailureCount();
                    // without a threshold AWS does not count the failures (recorded: BASE_MAP_STATE succeeds)
                    if (failed.isPresent() && (count >= 0 && failed.getAsInt() > count
                            || percentage >= 0 && total > 0 && failed.getAsInt() * 100.0 / total > percentage)) {
                        yield new Outcome.Error("States.ExceedToleratedFailureThreshold",
                                "The specified tolerated failure threshold was exceeded");
                    }
                    yield in.states.completeWithResult(x, f, m.io(), m.assign(), m.transition(), v.result());
                }
            };
        }

        /** A Parallel state's input, as an execution would make it; then the mock is its result. */
        private Outcome parallel(ParallelState p) throws StatesError {
            switch (p.io()) {
                case Io.JsonPath io -> in.flow.effectiveInput(x, f, io);
                case Io.Jsonata io -> {
                    if (io.arguments().isPresent()) {
                        Inspector.afterArguments(f, io.arguments().get().evaluate(in.flow.scope(x, f, f.input)));
                    }
                }
            }
            return switch (mock()) {
                case Mock.Throws t -> new Outcome.Error(t.error(), t.cause());
                case Mock.Returns v -> in.states.completeWithResult(x, f, p.io(), p.assign(), p.transition(),
                        v.result());
            };
        }

        private Mock mock() {
            return r.mock().orElseThrow(() -> new IllegalStateException("Map and Parallel states are tested mocked"));
        }

        /** The state's error, through its Retry (RETRIABLE at once) and Catch (CAUGHT_ERROR), as Recovery decides. */
        private Result recover(String error, String cause) {
            if (Recovery.RUNTIME.equals(error)) return end(Status.FAILED, Optional.empty(), error, cause,
                    Optional.empty());
            OptionalInt retryIndex = OptionalInt.empty();
            List<Retrier> retriers = Recovery.retriers(f.state);
            for (int i = 0; i < retriers.size() && !Recovery.DATA_LIMIT.equals(error); i++) {
                Retrier retrier = retriers.get(i);
                if (!Recovery.matches(retrier.errorEquals(), error)) continue;
                retryIndex = OptionalInt.of(i);
                int done = r.configuration().retrierRetryCount();
                if (done < retrier.maxAttempts()) {
                    long seconds = (Recovery.delayMillis(x, retrier, done) + 999) / 1000;
                    f.inspector.errorDetails = new Inspection.ErrorDetails(OptionalInt.empty(), retryIndex,
                            OptionalLong.of(seconds));
                    return end(Status.RETRIABLE, Optional.empty(), error, cause, Optional.empty());
                }
                break;
            }
            List<Catcher> catchers = Recovery.catchers(f.state);
            for (int i = 0; i < catchers.size(); i++) {
                if (!Recovery.matches(catchers.get(i).errorEquals(), error)) continue;
                f.inspector.errorDetails = Inspector.caught(i, retryIndex);
                try {
                    return exit(in.recovery.caught(x, f, catchers.get(i), error, cause), Status.CAUGHT_ERROR,
                            Optional.ofNullable(error), Optional.ofNullable(cause));
                } catch (StatesError e) {
                    return end(Status.FAILED, Optional.empty(), e.error(), e.cause(), Optional.empty());
                }
            }
            if (retryIndex.isPresent()) {
                f.inspector.errorDetails = new Inspection.ErrorDetails(OptionalInt.empty(), retryIndex,
                        OptionalLong.empty());
            }
            return end(Status.FAILED, Optional.empty(), error, cause, Optional.empty());
        }

        /** The state leaves: Assign, the payload limit, then its Next (none at an End). */
        private Result exit(Outcome.Exit e, Status status, Optional<String> error, Optional<String> cause)
                throws StatesError {
            in.flow.assign(f, e.variables());
            if (in.flow.tooLarge(x.json(e.output()))) {
                throw new StatesError(Recovery.DATA_LIMIT, "The state/task '" + f.state.name()
                        + "' returned a result with a size exceeding the maximum number of bytes service limit.");
            }
            Optional<String> next = e.transition() instanceof Transition.Next n ? Optional.of(n.state())
                    : Optional.empty();
            return new Result(status, Optional.of(e.output()), error, cause, next, inspection());
        }

        private Result end(Status status, Optional<JsonNode> output, String error, String cause,
                           Optional<String> next) {
            return new Result(status, output, Optional.ofNullable(error), Optional.ofNullable(cause), next,
                    inspection());
        }

        private Inspection inspection() {
            if (!f.variables.isEmpty()) {
                ObjectNode vars = DataFlow.F.objectNode();
                f.variables.forEach(vars::set);
                f.inspector.variables = vars;
            }
            return f.inspector.done();
        }

        private static ArrayNode array(List<JsonNode> items) {
            ArrayNode a = DataFlow.F.arrayNode(items.size());
            a.addAll(items);
            return a;
        }
    }
}
