package io.stepwise.server;

import io.javalin.http.Context;
import io.stepwise.engine.StepFunctionsError;

/**
 * Refusals of the Step Functions API as AWS sends them (AWS JSON 1.0): the status, and
 * {@code {"__type": "<namespace>#<Code>", "message": "..."}} with the namespace AWS uses (request validation is
 * {@code com.amazon.coral.validate}, the service's own errors {@code com.amazonaws.swf.service.v2.model}); the SDKs and
 * the CLI read the code after the {@code #}.
 */
final class SfnErrors {
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private SfnErrors() {}

    static void render(Context ctx, StepFunctionsError e) {
        render(ctx, e.status(), e.type(), e.getMessage());
    }

    static void render(Context ctx, int status, String type, String message) {
        String namespace = switch (type) {
            case "ValidationException" -> "com.amazon.coral.validate#";
            case "UnknownOperationException", "SerializationException", "InternalFailure" -> "com.amazon.coral.service#";
            default -> type.endsWith("Exception") && status == 403 ? "" : "com.amazonaws.swf.service.v2.model#";
        };
        var body = Sfn.object().put("__type", namespace + type).put("message", message);
        ctx.status(status).contentType(CONTENT_TYPE).header("X-Amzn-ErrorType", type).result(body.toString());
    }
}
