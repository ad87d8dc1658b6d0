package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * Entering a state and running it: the simple types (Pass, Choice, Succeed, Fail) here, the rest delegated. Each run
 * returns the {@link Outcome} the interpreter applies.
 */
final class States {
    private final Interpreter in;

    States(Interpreter in) { this.in = in; }

    static String typeName(State s) {
        return switch (s) {
            case PassState p -> "Pass";
            case TaskState t -> "Task";
            case ChoiceState c -> "Choice";
            case WaitState w -> "Wait";
            case SucceedState s2 -> "Succeed";
            case FailState f -> "Fail";
            case ParallelState p -> "Parallel";
            case MapState m -> "Map";
        };
    }

    void enter(Execution x, Frame f, String name, JsonNode input) {
        State state = f.machine.state(name);
        f.state = state;
        f.input = input;
        f.enteredTime = x.now;
        f.retryCount = 0;
        f.retrierAttempts = null;
        f.context = null;
        f.taskToken = null;
        f.run = null;
        f.mapRun = null;
        f.mapRunSucceeded = false;
        f.mapRunRedrives = 0;
        x.transitions++;
        f.enteredEventId = in.emit(x, f, typeName(state) + "StateEntered",
                HistoryDetails.stateEntered(name, x.json(input)));
    }

    /** Runs the frame's state from its start (again, after a retry delay). */
    Outcome run(Execution x, Frame f) throws StatesError {
        return switch (f.state) {
            case PassState p -> pass(x, f, p);
            case TaskState t -> in.tasks.start(x, f, t);
            case ChoiceState c -> choice(x, f, c);
            case WaitState w -> in.waits.start(x, f, w);
            case SucceedState s -> succeed(x, f, s);
            case FailState fail -> fail(x, f, fail);
            case ParallelState p -> in.fanOuts.startParallel(x, f, p);
            case MapState m -> in.fanOuts.startMap(x, f, m);
        };
    }

    private Outcome pass(Execution x, Frame f, PassState p) throws StatesError {
        return switch (p.io()) {
            case Io.JsonPath io -> {
                JsonNode selected = DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input));
                JsonNode result;
                if (p.result().isPresent()) {
                    result = p.result().get();
                    Inspector.result(f, result);      // AWS shows no InputPath/Parameters steps beside a Result
                } else {
                    Inspector.afterInputPath(f, selected);
                    result = io.parameters().isPresent()
                            ? io.parameters().get().evaluate(in.flow.scope(x, f, selected)) : selected;
                    Inspector.afterParameters(f, result);
                }
                Map<String, JsonNode> assign = DataFlow.assignments(p.assign(), in.flow.scope(x, f, result));
                JsonNode combined = DataFlow.resultPath(io.resultPath(), f.input, result);
                Inspector.afterResult(f, result, combined);
                JsonNode output = in.flow.outputPath(x, f, io, combined);
                yield new Outcome.Exit(output, assign, p.transition());
            }
            case Io.Jsonata io -> {
                Scope scope = in.flow.scope(x, f, f.input);
                Map<String, JsonNode> assign = DataFlow.assignments(p.assign(), scope);
                JsonNode output = in.flow.output(io.output(), scope, f.input);
                yield new Outcome.Exit(output, assign, p.transition());
            }
        };
    }

    private Outcome choice(Execution x, Frame f, ChoiceState c) throws StatesError {
        JsonNode selected = f.input;
        if (c.io() instanceof Io.JsonPath io) {
            selected = DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input));
            Inspector.afterInputPath(f, selected);
        }
        Scope scope = in.flow.scope(x, f, selected);
        ChoiceState.Rule matched = null;
        for (ChoiceState.Rule rule : c.choices()) {
            if (Conditions.test(rule.condition(), scope)) {
                matched = rule;
                break;
            }
        }
        String next;
        Optional<Template> assign;
        Optional<JsonataTemplate> output = c.io() instanceof Io.Jsonata io ? io.output() : Optional.empty();
        if (matched != null) {
            next = matched.next();
            assign = matched.assign().or(c::assign);
            if (matched.output().isPresent()) output = matched.output();
        } else if (c.defaultState().isPresent()) {
            next = c.defaultState().get();
            assign = c.assign();
        } else {
            throw new StatesError("States.NoChoiceMatched", "No Choice Rule matched and no Default is specified.");
        }
        Map<String, JsonNode> values = DataFlow.assignments(assign, scope);
        JsonNode out = switch (c.io()) {
            case Io.JsonPath io -> in.flow.outputPath(x, f, io, selected);
            case Io.Jsonata io -> in.flow.output(output, scope, f.input);
        };
        return new Outcome.Exit(out, values, new Transition.Next(next));
    }

    private Outcome succeed(Execution x, Frame f, SucceedState s) throws StatesError {
        JsonNode output = switch (s.io()) {
            case Io.JsonPath io -> {
                JsonNode selected = DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input));
                Inspector.afterInputPath(f, selected);
                yield in.flow.outputPath(x, f, io, selected);
            }
            case Io.Jsonata io -> in.flow.output(io.output(), in.flow.scope(x, f, f.input), f.input);
        };
        return new Outcome.Exit(output, Map.of(), new Transition.End());
    }

    private Outcome fail(Execution x, Frame f, FailState s) throws StatesError {
        if (s.queryLanguage() == QueryLanguage.JSONPATH) Inspector.afterInputPath(f, f.input);   // no InputPath
        Scope scope = in.flow.scope(x, f, f.input);
        String error = text(s.error(), scope, "ErrorPath");
        String cause = text(s.cause(), scope, "CausePath");
        return new Outcome.FailFrame(error, cause);
    }

    private static String text(Optional<ValueSource> source, Scope scope, String field) throws StatesError {
        if (source.isEmpty()) return null;
        JsonNode v = DataFlow.value(source.get(), scope);
        if (!v.isTextual()) {
            throw new StatesError("States.Runtime", "The value of the field '" + field + "' must be a string, not "
                    + DataFlow.json(v));
        }
        return v.textValue();
    }

    /**
     * The result of a Task, Parallel or Map: ResultSelector, Assign, ResultPath, OutputPath (JSONPath), or Assign and
     * Output with {@code $states.result} (JSONata); then the state exits.
     */
    Outcome.Exit completeWithResult(Execution x, Frame f, Io io, Optional<Template> assign, Transition transition,
                                    JsonNode result) throws StatesError {
        return switch (io) {
            case Io.JsonPath p -> {
                JsonNode selected = in.flow.selectResult(x, f, p, result);
                Map<String, JsonNode> values = DataFlow.assignments(assign, in.flow.scope(x, f, selected));
                JsonNode combined = DataFlow.resultPath(p.resultPath(), f.input, selected);
                Inspector.afterResult(f, selected, combined);
                JsonNode output = in.flow.outputPath(x, f, p, combined);
                yield new Outcome.Exit(output, values, transition);
            }
            case Io.Jsonata j -> {
                Scope scope = in.flow.scope(x, f, f.input, Optional.of(result), Optional.empty());
                Map<String, JsonNode> values = DataFlow.assignments(assign, scope);
                JsonNode output = in.flow.output(j.output(), scope, result);
                yield new Outcome.Exit(output, values, transition);
            }
        };
    }
}
