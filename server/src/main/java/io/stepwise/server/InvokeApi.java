package io.stepwise.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.stepwise.functions.FunctionRef;
import io.stepwise.functions.Functions;
import io.stepwise.functions.InvocationResult;
import io.stepwise.functions.InvokeRequest;
import io.stepwise.functions.LambdaError;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Lambda API: Invoke. RequestResponse answers 200 with the function's bytes (a function error is still a 200, flagged
 * by {@code X-Amz-Function-Error}); Event answers 202 once the event is committed to the durable queue; DryRun
 * checks the function and answers 204.
 */
final class InvokeApi {
    static final int SYNC_LIMIT = 6 * 1024 * 1024;
    static final int ASYNC_LIMIT = 1024 * 1024;
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] EMPTY_EVENT = "{}".getBytes();
    private final Functions functions;

    InvokeApi(Functions functions) {
        this.functions = functions;
    }

    void routes(Javalin app) {
        app.post(FunctionsApi.BASE + "/{name}/invocations", this::invoke);
    }

    private void invoke(Context ctx) {
        FunctionRef ref = Query.ref(ctx);
        String type = Optional.ofNullable(ctx.header("X-Amz-Invocation-Type")).orElse("RequestResponse");
        String logType = Optional.ofNullable(ctx.header("X-Amz-Log-Type")).orElse("None");
        if (!type.equals("RequestResponse") && !type.equals("Event") && !type.equals("DryRun")) {
            throw LambdaError.validation("Value '" + type + "' at 'invocationType' failed to satisfy constraint: Member must "
                    + "satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
        if (!logType.equals("None") && !logType.equals("Tail")) {
            throw LambdaError.validation("Value '" + logType + "' at 'logType' failed to satisfy constraint: Member must "
                    + "satisfy enum value set: [None, Tail]");
        }
        int limit = type.equals("Event") ? ASYNC_LIMIT : SYNC_LIMIT;
        if (ctx.contentLength() > limit) throw tooLarge(limit, type);
        byte[] payload = ctx.bodyAsBytes();
        if (payload.length > limit) throw tooLarge(limit, type);
        if (payload.length == 0) payload = EMPTY_EVENT;
        checkJson(payload);
        Optional<String> clientContext = Optional.ofNullable(ctx.header("X-Amz-Client-Context")).filter(s -> !s.isEmpty());
        clientContext.ifPresent(InvokeApi::checkClientContext);
        switch (type) {
            case "DryRun" -> {
                functions.registry().get(ref);
                ctx.status(204);
            }
            case "Event" -> {
                String id = functions.enqueue(ref, payload);
                ctx.status(202).header("X-Amzn-RequestId", id);
            }
            default -> {
                InvocationResult r = functions.invoke(ref, new InvokeRequest(payload, logType.equals("Tail"), clientContext));
                ctx.status(r.statusCode()).header("X-Amzn-RequestId", r.requestId()).header("X-Amz-Executed-Version", r.executedVersion());
                r.functionError().ifPresent(e -> ctx.header("X-Amz-Function-Error", e));
                r.logTail().ifPresent(t -> ctx.header("X-Amz-Log-Result", t));
                ctx.contentType("application/json").result(r.payload());
            }
        }
    }

    private static LambdaError tooLarge(int limit, String type) {
        return LambdaError.tooLarge("Request must be smaller than " + limit + " bytes for the "
                + (type.equals("Event") ? "InvokeAsync" : "InvokeFunction") + " operation");
    }

    /** Lambda accepts only JSON events; a streaming pass checks it without building a tree. */
    private static void checkJson(byte[] payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() == null) throw new IOException("no content");
            p.skipChildren();
            if (p.nextToken() != null) throw new IOException("trailing content after the JSON value");
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw LambdaError.invalidContent("Could not parse request body into json: " + msg);
        }
    }

    private static void checkClientContext(String b64) {
        try {
            byte[] json = Base64.getDecoder().decode(b64);
            try (JsonParser p = JSON.createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not an object");
                p.skipChildren();
            }
        } catch (IllegalArgumentException | IOException e) {
            throw LambdaError.invalidParameter("Client context must be a valid Base64-encoded JSON object.");
        }
    }
}
