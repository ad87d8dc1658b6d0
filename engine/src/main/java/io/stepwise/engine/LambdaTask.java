package io.stepwise.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.Command;
import io.stepwise.asl.Event;
import io.stepwise.asl.TaskResource;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Lambda tasks as Step Functions runs them (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html):
 * a plain function ARN as the Resource sends the state's input as the payload and takes the function's output as the
 * result; {@code arn:aws:states:::lambda:invoke} takes {@code FunctionName}, {@code Payload}, {@code Qualifier},
 * {@code InvocationType}, {@code ClientContext}, {@code LogType} and returns Invoke's response as
 * {@code {ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode}}. A function error fails the task
 * with the function's {@code errorType} (or {@code Lambda.Unknown} when it names none) and its error JSON as the
 * cause; a refused call fails it with {@code Lambda.<ErrorCode>} and a cause worded as the Java SDK words it.
 */
final class LambdaTask {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);

    private final LambdaInvoker lambda;
    private final java.time.InstantSource clock;

    LambdaTask(LambdaInvoker lambda, java.time.InstantSource clock) {
        this.lambda = lambda;
        this.clock = clock;
    }

    /** Runs the task (blocking) and returns the event that answers it. */
    Event run(Command.InvokeTask t) {
        TaskResource r = t.resource();
        if (r.kind() == TaskResource.Kind.LAMBDA_FUNCTION) {
            byte[] payload = bytes(t.input());
            return switch (lambda.invoke(new LambdaInvoker.Call(r.arn(), Optional.empty(), payload, "RequestResponse",
                    false, Optional.empty()))) {
                case LambdaInvoker.Invoked i when i.functionError().isPresent() -> functionError(t, i);
                case LambdaInvoker.Invoked i -> new Event.TaskSucceeded(t.taskId(), payloadJson(i.payload()));
                case LambdaInvoker.Refused x -> refused(t, x);
            };
        }
        JsonNode p = t.input();
        if (!p.isObject() || !p.path("FunctionName").isTextual()) {
            return new Event.TaskFailed(t.taskId(), "States.Runtime", "The Parameters of the Task state '"
                    + t.stateName() + "' must give FunctionName as a string, not " + p.path("FunctionName"));
        }
        String type = p.path("InvocationType").asText("RequestResponse");
        byte[] payload = p.has("Payload") ? bytes(p.get("Payload")) : new byte[0];
        var call = new LambdaInvoker.Call(p.get("FunctionName").asText(), text(p, "Qualifier"), payload, type,
                "Tail".equals(p.path("LogType").asText()), text(p, "ClientContext"));
        return switch (lambda.invoke(call)) {
            case LambdaInvoker.Invoked i when i.functionError().isPresent() -> functionError(t, i);
            case LambdaInvoker.Invoked i -> new Event.TaskSucceeded(t.taskId(), invokeResponse(i));
            case LambdaInvoker.Refused x -> refused(t, x);
        };
    }

    private static Optional<String> text(JsonNode p, String field) {
        return p.path(field).isTextual() ? Optional.of(p.get(field).asText()) : Optional.empty();
    }

    /** The function's own output; an empty body is JSON null; a body that is not JSON is kept as a string. */
    static JsonNode payloadJson(byte[] payload) {
        if (payload.length == 0) return JSON.nullNode();
        try {
            JsonNode n = JSON.readTree(payload);
            return n == null || n.isMissingNode() ? JSON.nullNode() : n;
        } catch (java.io.IOException e) {
            return JSON.getNodeFactory().textNode(new String(payload, StandardCharsets.UTF_8));
        }
    }

    private ObjectNode invokeResponse(LambdaInvoker.Invoked i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ExecutedVersion", i.executedVersion());
        if (i.statusCode() == 200) o.set("Payload", payloadJson(i.payload()));
        else o.put("Payload", "");
        i.logResult().ifPresent(l -> o.put("LogResult", l));
        String date = HTTP_DATE.format(clock.instant());
        String trace = "root=1-" + Long.toHexString(clock.instant().getEpochSecond()) + "-"
                + i.requestId().replace("-", "").substring(0, Math.min(24, i.requestId().replace("-", "").length()))
                + ";sampled=0";
        String[][] headers = {
                {"X-Amz-Executed-Version", i.executedVersion()}, {"x-amzn-Remapped-Content-Length", "0"},
                {"Connection", "keep-alive"}, {"x-amzn-RequestId", i.requestId()},
                {"Content-Length", Integer.toString(i.payload().length)}, {"Date", date},
                {"X-Amzn-Trace-Id", trace}, {"Content-Type", "application/json"}};
        ObjectNode meta = o.putObject("SdkHttpMetadata");
        ObjectNode all = meta.putObject("AllHttpHeaders");
        for (String[] h : headers) all.putArray(h[0]).add(h[1]);
        ObjectNode single = meta.putObject("HttpHeaders");
        java.util.Arrays.stream(headers).sorted((a, b) -> a[0].compareToIgnoreCase(b[0]))
                .forEach(h -> single.put(h[0], h[1]));
        meta.put("HttpStatusCode", i.statusCode());
        o.putObject("SdkResponseMetadata").put("RequestId", i.requestId());
        o.put("StatusCode", i.statusCode());
        return o;
    }

    /** The function failed: its errorType names the error; its error JSON is the cause. */
    static Event functionError(Command.InvokeTask t, LambdaInvoker.Invoked i) {
        String body = new String(i.payload(), StandardCharsets.UTF_8);
        JsonNode n = payloadJson(i.payload());
        if (n.path("errorType").isTextual()) return new Event.TaskFailed(t.taskId(), n.get("errorType").asText(), body);
        return new Event.TaskFailed(t.taskId(), "Lambda.Unknown",
                "The cause could not be determined because Lambda did not return an error type. Returned payload: "
                        + body);
    }

    static Event refused(Command.InvokeTask t, LambdaInvoker.Refused x) {
        return new Event.TaskFailed(t.taskId(), "Lambda." + x.errorCode(), x.message() + " (Service: AWSLambda; "
                + "Status Code: " + x.statusCode() + "; Error Code: " + x.errorCode() + "; Request ID: "
                + x.requestId() + "; Proxy: null)");
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);   // a tree always serialises
        }
    }
}
