package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** Entering a state and running the simple types (Pass, Choice, Succeed, Fail); the rest is delegated. */
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
        x.transitions++;
        f.enteredEventId = in.emit(x, f, typeName(state) + "StateEntered",
                HistoryDetails.stateEntered(name, x.json(input)));
        attempt(x, f);
    }

    /** Runs the frame's state from its start (again, after a retry delay). */
    void attempt(Execution x, Frame f) {
        try {
            switch (f.state) {
                case PassState p -> pass(x, f, p);
                case TaskState t -> in.tasks.start(x, f, t);
                case ChoiceState c -> choice(x, f, c);
                case WaitState w -> in.waits.start(x, f, w);
                case SucceedState s -> succeed(x, f, s);
                case FailState fail -> fail(x, f, fail);
                case ParallelState p -> in.fanOuts.startParallel(x, f, p);
                case MapState m -> in.fanOuts.startMap(x, f, m);
            }
        } catch (StatesError e) {
            in.raise(x, f, e);
        }
    }

    private void pass(Execution x, Frame f, PassState p) throws StatesError {
        switch (p.io()) {
            case Io.JsonPath io -> {
                JsonNode selected = DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input));
                JsonNode result = p.result().isPresent() ? p.result().get()
                        : io.parameters().isPresent() ? io.parameters().get().evaluate(in.flow.scope(x, f, selected))
                        : selected;
                Map<String, JsonNode> assign = DataFlow.assignments(p.assign(), in.flow.scope(x, f, result));
                JsonNode output = in.flow.outputPath(x, f, io, DataFlow.resultPath(io.resultPath(), f.input, result));
                in.exit(x, f, output, in.flow.assign(f, assign), p.transition());
            }
            case Io.Jsonata io -> {
                Scope scope = in.flow.scope(x, f, f.input);
                Map<String, JsonNode> assign = DataFlow.assignments(p.assign(), scope);
                JsonNode output = in.flow.output(io.output(), scope, f.input);
                in.exit(x, f, output, in.flow.assign(f, assign), p.transition());
            }
        }
    }

    private void choice(Execution x, Frame f, ChoiceState c) throws StatesError {
        JsonNode selected = c.io() instanceof Io.JsonPath io
                ? DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input)) : f.input;
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
        in.exit(x, f, out, in.flow.assign(f, values), new Transition.Next(next));
    }

    private void succeed(Execution x, Frame f, SucceedState s) throws StatesError {
        JsonNode output = switch (s.io()) {
            case Io.JsonPath io -> in.flow.outputPath(x, f, io,
                    DataFlow.read(io.inputPath(), in.flow.scope(x, f, f.input)));
            case Io.Jsonata io -> in.flow.output(io.output(), in.flow.scope(x, f, f.input), f.input);
        };
        in.exit(x, f, output, Map.of(), new Transition.End());
    }

    private void fail(Execution x, Frame f, FailState s) throws StatesError {
        Scope scope = in.flow.scope(x, f, f.input);
        String error = text(s.error(), scope, "ErrorPath");
        String cause = text(s.cause(), scope, "CausePath");
        in.frameFailed(x, f, error, cause);
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
    void completeWithResult(Execution x, Frame f, Io io, Optional<Template> assign, Transition transition,
                            JsonNode result) throws StatesError {
        switch (io) {
            case Io.JsonPath p -> {
                JsonNode selected = in.flow.selectResult(x, f, p, result);
                Map<String, JsonNode> values = DataFlow.assignments(assign, in.flow.scope(x, f, selected));
                JsonNode output = in.flow.outputPath(x, f, p, DataFlow.resultPath(p.resultPath(), f.input, selected));
                in.exit(x, f, output, in.flow.assign(f, values), transition);
            }
            case Io.Jsonata j -> {
                Scope scope = in.flow.scope(x, f, f.input, Optional.of(result), Optional.empty());
                Map<String, JsonNode> values = DataFlow.assignments(assign, scope);
                JsonNode output = in.flow.output(j.output(), scope, result);
                in.exit(x, f, output, in.flow.assign(f, values), transition);
            }
        }
    }
}
