package io.stepwise.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.Command;
import io.stepwise.asl.Event;
import io.stepwise.asl.ExecutionInfo;
import io.stepwise.asl.MapState;
import io.stepwise.asl.ParallelState;
import io.stepwise.asl.ParseResult;
import io.stepwise.asl.Parser;
import io.stepwise.asl.State;
import io.stepwise.asl.StateMachine;
import io.stepwise.asl.StateTester;
import io.stepwise.asl.TaskResource;
import io.stepwise.asl.TaskState;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * TestState (docs/test-state.md): checks a request as AWS does, then runs the state with {@link StateTester}, its
 * unmocked Task handed to the engine's integrations (Lambda through the {@link LambdaInvoker}, a plain
 * {@code states:startExecution} through {@link Children}). Refusals are AWS's: the wordings of LocalStack's
 * AWS-recorded test_state/*.snapshot.json where there is one, ours (said so in docs/test-state.md) elsewhere.
 */
final class StateTests {
    static final String MACHINE_NAME = "TestState";
    private static final Map<String, Map<String, String>> CONTEXT_FIELDS = Map.of(
            "Execution", Map.of("Id", "string", "Input", "any", "Name", "string", "RoleArn", "string",
                    "StartTime", "string", "RedriveCount", "integer", "RedriveTime", "string"),
            "State", Map.of("EnteredTime", "string", "Name", "string", "RetryCount", "integer"),
            "StateMachine", Map.of("Id", "string", "Name", "string"),
            "Task", Map.of("Token", "string"));

    /** Starts a child execution for a plain {@code states:startExecution} task and answers at once. */
    @FunctionalInterface
    interface Children {
        Event start(Command.InvokeTask task);
    }

    private final Arns arns;
    private final InstantSource clock;
    private final LambdaTask lambda;
    private final Children children;
    private final RandomGenerator random;

    StateTests(Arns arns, InstantSource clock, LambdaInvoker lambda, Children children, RandomGenerator random) {
        this.arns = arns;
        this.clock = clock;
        this.lambda = new LambdaTask(lambda, clock);
        this.children = children;
        this.random = random;
    }

    TestState.Response run(TestState.Request q) {
        StateTester.Located at = locate(q);
        State state = at.state();
        q.roleArn().filter(r -> !r.startsWith("arn:")).ifPresent(r -> { throw StepFunctionsError.invalidArn(r); });
        Optional<StateTester.Mock> mock = mock(q, state);
        Optional<ObjectNode> context = context(q, state);
        if (state instanceof TaskState t && q.mock().isEmpty()) unmocked(q, t);
        JsonNode input = Engine.parseInput(q.input().orElse("{}"));
        String execution = UUID.randomUUID().toString();
        ExecutionInfo info = new ExecutionInfo(arns.execution(MACHINE_NAME, execution).replace(":execution:",
                ":express:"), execution, arns.stateMachine(MACHINE_NAME), MACHINE_NAME, q.roleArn().orElse(null), 0);
        StateTester.Result r = StateTester.test(new StateTester.Request(at.machine(), state.name(), input,
                variables(q.variables()), context, mock, configuration(q.configuration(), state), info,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), random.nextLong()), this::invoke);
        return new TestState.Response(r.status(), r.output(), r.error(), r.cause(), r.nextState(),
                q.level() == TestState.Level.INFO ? Optional.empty() : Optional.of(r.inspection()));
    }

    /** The state: the definition itself, or (with stateName) the state of that name anywhere in the machine. */
    private static StateTester.Located locate(TestState.Request q) {
        if (q.stateName().isEmpty()) {
            StateMachine m = valid(Parser.parseState(q.definition()));
            return new StateTester.Located(m, m.state(m.startAt()));
        }
        return StateTester.locate(valid(Parser.parse(q.definition())), q.stateName().get())
                .orElseThrow(() -> StepFunctionsError.validation("State not found in definition"));
    }

    private static StateMachine valid(ParseResult p) {
        return switch (p) {
            case ParseResult.Valid v -> v.machine();
            case ParseResult.Invalid i -> throw StepFunctionsError.of("InvalidDefinition",
                    "Invalid State Machine Definition: '" + String.join(", ", i.findings().stream().map(f -> f.code()
                            + ": " + f.message() + " at " + f.location().orElse("null")).toList())
                            + "'");
        };
    }

    private static Optional<StateTester.Mock> mock(TestState.Request q, State state) {
        boolean fanOut = state instanceof MapState || state instanceof ParallelState;
        if (q.mock().isEmpty()) {
            if (fanOut) {
                throw StepFunctionsError.of("InvalidDefinition", "TestState API does not support Map or Parallel "
                        + "states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]");
            }
            return Optional.empty();
        }
        TestState.Mock m = q.mock().get();
        if (m.result().isPresent() == m.errorOutput().isPresent()) {
            throw StepFunctionsError.validation("A test mock should have only one of the following fields: [result, "
                    + "errorOutput].");
        }
        if (q.revealSecrets()) {
            throw StepFunctionsError.validation("TestState does not support RevealSecrets when a mock is specified.");
        }
        if (!fanOut && !(state instanceof TaskState)) {
            throw StepFunctionsError.validation("State type '" + typeName(state) + "' is not supported when a mock is "
                    + "specified");
        }
        if (m.errorOutput().isPresent()) {
            TestState.MockError e = m.errorOutput().get();
            return Optional.of(new StateTester.Mock.Throws(e.error().orElseThrow(() -> StepFunctionsError.validation(
                    "A mocked errorOutput must give an error")), e.cause().orElse(null)));
        }
        JsonNode result;
        try {
            result = Json.STRICT.readTree(m.result().get());
        } catch (JsonProcessingException e) {
            throw StepFunctionsError.validation("Mocked result must be valid JSON");
        }
        if (result == null) throw StepFunctionsError.validation("Mocked result must be valid JSON");
        switch (state) {
            case MapState map when map.resultWriter().isPresent() && !result.isObject() ->
                    throw StepFunctionsError.validation("Mocked result must be a JSON object.");
            case MapState map when map.resultWriter().isEmpty() && !result.isArray() ->
                    throw StepFunctionsError.validation("Mocked result must be an array.");
            case ParallelState p when !result.isArray() ->
                    throw StepFunctionsError.validation("Mocked result must be an array.");
            case ParallelState p when result.size() != p.branches().size() ->
                    throw StepFunctionsError.validation("Mocked result must contain the same number of items as "
                            + "number of Parallel branches.");
            case TaskState t -> MockSchemas.problem(t.resource(), result, m.fieldValidationMode())
                    .ifPresent(problem -> { throw StepFunctionsError.validation(problem); });
            default -> { }
        }
        return Optional.of(new StateTester.Mock.Returns(result));
    }

    /** {@code context}: only with a mock; AWS's fields of {@code $$}, well typed; it replaces {@code $$} whole. */
    private static Optional<ObjectNode> context(TestState.Request q, State state) {
        if (q.context().isEmpty()) return Optional.empty();
        if (q.mock().isEmpty()) {
            throw StepFunctionsError.validation("A Context object can only be provided when a mock is specified");
        }
        JsonNode c;
        try {
            c = Json.STRICT.readTree(q.context().get());
        } catch (JsonProcessingException e) {
            throw invalidContext("it is not JSON: " + e.getOriginalMessage());
        }
        if (!(c instanceof ObjectNode context)) throw invalidContext("it must be a JSON object");
        for (var top : context.properties()) {
            if (top.getKey().equals("Map")) {
                throw invalidContext("'Map' field is not supported when mocking a Context object");
            }
            Map<String, String> fields = CONTEXT_FIELDS.get(top.getKey());
            if (fields == null) throw invalidContext("Field '" + top.getKey() + "' is not allowed");
            if (!top.getValue().isObject()) throw invalidContext(top.getKey() + " must be an object");
            for (var field : top.getValue().properties()) {
                String type = fields.get(field.getKey());
                if (type == null) throw invalidContext("Field '" + field.getKey() + "' is not allowed");
                JsonNode v = field.getValue();
                if (type.equals("string") && !v.isTextual() || type.equals("integer") && !v.isIntegralNumber()) {
                    throw invalidContext(top.getKey() + "." + field.getKey() + " must be a" + (type.equals("string")
                            ? " string" : "n integer"));
                }
            }
        }
        boolean waits = state instanceof TaskState t && t.resource().pattern() != TaskResource.Pattern.REQUEST_RESPONSE;
        if (context.has("Task") && !waits) {
            throw invalidContext("Context object contains 'Task' when state is not a Task state with a '.sync' or "
                    + "'.waitForTaskToken' service integration pattern");
        }
        return Optional.of(context);
    }

    private static StepFunctionsError invalidContext(String why) {
        return StepFunctionsError.validation("Invalid Context object provided: " + why);
    }

    /** A Task that really runs: it needs a role, and AWS runs only request-response integrations without a mock. */
    private static void unmocked(TestState.Request q, TaskState t) {
        if (q.roleArn().isEmpty()) {
            throw StepFunctionsError.validation("RoleArn must be specified when testing a Task state");
        }
        TaskResource r = t.resource();
        if (r.kind() == TaskResource.Kind.ACTIVITY) {
            throw StepFunctionsError.validation("TestState supports Activity tasks only when a mock is specified");
        }
        if (r.pattern() != TaskResource.Pattern.REQUEST_RESPONSE) {
            throw StepFunctionsError.validation("TestState supports the .sync and .waitForTaskToken service "
                    + "integration patterns only when a mock is specified");
        }
    }

    private static Map<String, JsonNode> variables(Optional<String> text) {
        if (text.isEmpty()) return Map.of();
        JsonNode v;
        try {
            v = Json.STRICT.readTree(text.get());
        } catch (JsonProcessingException e) {
            throw StepFunctionsError.validation("Invalid variables: " + e.getOriginalMessage());
        }
        if (v == null || !v.isObject()) {
            throw StepFunctionsError.validation("Invalid variables: they must be a JSON object of variable values");
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static StateTester.Configuration configuration(TestState.Configuration c, State state) {
        c.errorCausedByState().ifPresent(name -> {
            List<StateMachine> inner = switch (state) {
                case MapState m -> List.of(m.itemProcessor());
                case ParallelState p -> p.branches();
                default -> List.of();
            };
            if (inner.stream().noneMatch(m -> StateTester.locate(m, name).isPresent())) {
                throw StepFunctionsError.validation("errorCausedByState '" + name + "' is not a state of the Map or "
                        + "Parallel state under test");
            }
        });
        Optional<JsonNode> items = c.mapItemReaderData().map(text -> {
            try {
                return Json.STRICT.readTree(text);
            } catch (JsonProcessingException e) {
                throw StepFunctionsError.validation("Invalid mapItemReaderData: " + e.getOriginalMessage());
            }
        });
        return new StateTester.Configuration(c.retrierRetryCount().orElse(0),
                c.mapIterationFailureCount().map(OptionalInt::of).orElse(OptionalInt.empty()), items);
    }

    private static String typeName(State s) {
        String simple = s.getClass().getSimpleName();
        return simple.substring(0, simple.length() - "State".length());
    }

    // ---- the integrations, for a Task that is not mocked

    private Event invoke(Command.InvokeTask t) {
        TaskResource r = t.resource();
        if (Integrations.isLambda(r)) return timed(t, () -> lambda.run(t));
        if (r.kind() == TaskResource.Kind.SERVICE_INTEGRATION && r.service().equals("states")
                && r.action().equals("startExecution")) {
            return children.start(t);
        }
        return new Event.TaskFailed(t.taskId(), "States.Runtime", Integrations.noIntegration(t));
    }

    /** AWS's TestState runs for at most five minutes; a task's TimeoutSeconds applies within them. */
    private static Event timed(Command.InvokeTask t, Supplier<Event> call) {
        long seconds = Math.min(EngineConfig.FIVE_MINUTES, t.timeoutSeconds().orElse(EngineConfig.FIVE_MINUTES));
        CompletableFuture<Event> answer = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try {
                answer.complete(call.get());
            } catch (RuntimeException e) {
                answer.complete(new Event.TaskFailed(t.taskId(), "Lambda.ServiceException",
                        "Stepwise could not invoke the function: " + e));
            }
        });
        try {
            return answer.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return new Event.TaskFailed(t.taskId(), "States.Timeout", "The task timed out.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFunctionsError("ServiceUnavailable", 503, "Interrupted while testing the state");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);   // the task thread completes normally, always
        }
    }
}
