package io.stepwise.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.stepwise.functions.LambdaError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures rendered as the Lambda service renders them: the error name in {@code X-Amzn-ErrorType} (where the AWS
 * SDKs and the AWS CLI look first) and {@code {"Type": "User", "message": ...}} in the body ({@code Message} for
 * {@code ResourceNotFoundException}, as its shape in the API model spells it). Nothing escapes as a 500 with a
 * stack trace: an unexpected exception is logged here and answered as {@code ServiceException}.
 */
final class AwsErrors {
    private static final Logger log = LoggerFactory.getLogger(AwsErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String HEADER = "X-Amzn-ErrorType";

    private AwsErrors() {}

    static void install(Javalin app) {
        app.exception(LambdaError.class, (e, ctx) -> render(ctx, e));
        app.exception(io.stepwise.engine.StepFunctionsError.class, (e, ctx) -> SfnErrors.render(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> render(ctx, switch (e.getStatus()) {
            case 413 -> LambdaError.tooLarge("Request must be smaller than the operation's limit: " + e.getMessage());
            case 404 -> unknownOperation(ctx);
            default -> new LambdaError("InvalidRequestContentException", e.getStatus(), e.getMessage());
        }));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            render(ctx, new LambdaError("ServiceException", 500, "The service encountered an internal error: "
                    + e.getClass().getSimpleName()));
        });
        app.error(404, ctx -> {
            if (ctx.res().getHeader(HEADER) == null && !S3Api.rendered(ctx)) render(ctx, unknownOperation(ctx));
        });
        app.error(405, ctx -> {
            if (ctx.res().getHeader(HEADER) == null && !S3Api.rendered(ctx)) render(ctx, unknownOperation(ctx));
        });
    }

    static LambdaError unknownOperation(Context ctx) {
        return new LambdaError("UnknownOperationException", 404, "Unknown operation: " + ctx.method() + " " + ctx.path());
    }

    static void render(Context ctx, LambdaError e) {
        if (StepFunctionsApi.isStepFunctions(ctx)) {   // the same refusal (signature, size...) in that API's shape
            SfnErrors.render(ctx, e.status(), e.type(), e.getMessage());
            return;
        }
        if (S3Api.isS3(ctx)) {
            S3Api.render(ctx, e);
            return;
        }
        ctx.status(e.status());
        ctx.header(HEADER, e.type());
        ctx.contentType("application/json");
        ctx.result(body(e));
    }

    static String body(LambdaError e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("Type", e.status() >= 500 ? "Service" : "User");
        body.put(e.type().equals("ResourceNotFoundException") ? "Message" : "message", e.getMessage());
        e.reason().ifPresent(r -> body.put("Reason", r));
        return body.toString();
    }

    /** A request Jetty refuses before any route sees it (a bad URI or header), with the status Jetty chose. */
    static LambdaError badMessage(int status, String reason) {
        String why = reason == null || reason.isBlank() ? "malformed HTTP request" : reason;
        return status == 413 || status == 431 ? LambdaError.tooLarge("Request must be smaller than the operation's limit: " + why)
                : new LambdaError("InvalidRequestContentException", status >= 400 && status < 500 ? status : 400, "Bad request: " + why);
    }
}
