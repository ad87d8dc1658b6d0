package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Functions as plain Java: each call is recorded; the handler returns the payload or throws {@link Fails}. */
final class FakeLambda implements LambdaInvoker {
    /** Thrown by a handler: the function's error, as its runtime reports it. */
    static final class Fails extends RuntimeException {
        final String errorType;

        Fails(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }
    }

    record Called(String functionName, JsonNode payload) {}

    private final Function<Called, JsonNode> handler;
    final List<Called> calls = new ArrayList<>();

    FakeLambda(Function<Called, JsonNode> handler) { this.handler = handler; }

    @Override
    public Result invoke(Call call) {
        JsonNode payload = Json.read(call.payload().length == 0 ? "{}" : new String(call.payload(), StandardCharsets.UTF_8));
        var called = new Called(call.functionName(), payload);
        synchronized (this) {
            calls.add(called);
        }
        String requestId = UUID.randomUUID().toString();
        if (call.functionName().contains("missing")) {
            return new Refused("ResourceNotFoundException", 404, "Function not found: " + call.functionName(), requestId);
        }
        try {
            JsonNode out = handler.apply(called);
            return new Invoked(200, Json.text(out).getBytes(StandardCharsets.UTF_8), Optional.empty(), "$LATEST",
                    requestId, Optional.empty());
        } catch (Fails f) {
            String body = Json.MAPPER.createObjectNode().put("errorMessage", f.getMessage()).put("errorType", f.errorType)
                    .put("requestId", requestId).toString();
            return new Invoked(200, body.getBytes(StandardCharsets.UTF_8), Optional.of("Unhandled"), "$LATEST",
                    requestId, Optional.empty());
        }
    }

    synchronized int count() { return calls.size(); }

    synchronized List<Called> calls() { return List.copyOf(calls); }
}
