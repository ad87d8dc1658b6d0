package io.stepwise.server;

import io.stepwise.engine.LambdaInvoker;
import io.stepwise.functions.FunctionRef;
import io.stepwise.functions.Functions;
import io.stepwise.functions.InvocationResult;
import io.stepwise.functions.InvokeRequest;
import io.stepwise.functions.LambdaError;
import java.util.Optional;
import java.util.UUID;

/**
 * The engine's Lambda, plugged into Stepwise's own functions: a task's Invoke goes to the function runtime in this
 * process as the Lambda API would take it (same name forms, qualifiers, errors).
 */
final class FunctionsLambda implements LambdaInvoker {
    private final Functions functions;

    FunctionsLambda(Functions functions) {
        this.functions = functions;
    }

    @Override
    public Result invoke(Call call) {
        try {
            FunctionRef ref = FunctionRef.parse(call.functionName(), call.qualifier());
            return switch (call.invocationType()) {
                case "Event" -> new Invoked(202, new byte[0], Optional.empty(), "$LATEST",
                        functions.enqueue(ref, call.payload().length == 0 ? "{}".getBytes() : call.payload()),
                        Optional.empty());
                case "DryRun" -> {
                    functions.registry().get(ref);
                    yield new Invoked(204, new byte[0], Optional.empty(), "$LATEST", UUID.randomUUID().toString(),
                            Optional.empty());
                }
                case "RequestResponse" -> {
                    InvocationResult r = functions.invoke(ref, new InvokeRequest(call.payload().length == 0
                            ? "{}".getBytes() : call.payload(), call.tailLog(), call.clientContext()));
                    yield new Invoked(200, r.payload(), r.functionError(), r.executedVersion(),
                            r.requestId(), r.logTail());
                }
                default -> new Refused("InvalidParameterValueException", 400, "1 validation error detected: Value '"
                        + call.invocationType() + "' at 'invocationType' failed to satisfy constraint: Member must "
                        + "satisfy enum value set: [Event, RequestResponse, DryRun]", UUID.randomUUID().toString());
            };
        } catch (LambdaError e) {
            return new Refused(e.type(), e.status(), e.getMessage(), UUID.randomUUID().toString());
        }
    }
}
