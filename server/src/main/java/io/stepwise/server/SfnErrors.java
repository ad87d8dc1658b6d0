package io.stepwise.server;

import io.javalin.http.Context;
import io.stepwise.engine.StepFunctionsError;
import java.util.Map;
import java.util.UUID;

/**
 * Refusals of the Step Functions API as AWS sends them (AWS JSON 1.0): the status, and
 * {@code {"__type": "<namespace>#<Code>", "message": "..."}} with the namespace AWS uses (request validation is
 * {@code com.amazon.coral.validate}, the service's own errors {@code com.amazonaws.swf.service.v2.model}); the SDKs and
 * the CLI read the code after the {@code #}.
 */
final class SfnErrors {
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final String REQUEST_ID = "x-amzn-RequestId";

    private SfnErrors() {}

    static void render(Context ctx, StepFunctionsError e) {
        render(ctx, e.status(), e.type(), e.getMessage(), e.members());
    }

    static void render(Context ctx, int status, String type, String message) {
        render(ctx, status, type, message, Map.of());
    }

    private static void render(Context ctx, int status, String type, String message, Map<String, String> members) {
        String namespace = switch (type) {
            case "ValidationException" -> "com.amazon.coral.validate#";
            case "UnknownOperationException", "SerializationException", "InternalFailure", "RequestEntityTooLargeException" ->
                    "com.amazon.coral.service#";
            default -> type.endsWith("Exception") && status == 403 ? "" : "com.amazonaws.swf.service.v2.model#";
        };
        var body = Sfn.object().put("__type", namespace + type).put("message", message);
        members.forEach(body::put);
        ctx.status(status).contentType(CONTENT_TYPE).header("X-Amzn-ErrorType", type);
        requestId(ctx).result(body.toString());
    }

    /** Every answer of the API carries a request id, as AWS's do (the SDKs show it in errors and response metadata). */
    static Context requestId(Context ctx) {
        if (ctx.res().getHeader(REQUEST_ID) == null) ctx.header(REQUEST_ID, UUID.randomUUID().toString());
        return ctx;
    }
}
