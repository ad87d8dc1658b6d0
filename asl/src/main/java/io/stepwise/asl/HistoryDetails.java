package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The details objects of history events, with AWS's field names (HistoryEvent in the Step Functions API model):
 * each returns {@code {"<type>EventDetails": {...}}}, or {@code {}} for types without details.
 */
final class HistoryDetails {
    private HistoryDetails() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static ObjectNode wrap(String field, ObjectNode body) {
        ObjectNode d = F.objectNode();
        d.set(field, body);
        return d;
    }

    private static ObjectNode notTruncated() {
        ObjectNode t = F.objectNode();
        t.put("truncated", false);
        return t;
    }

    static ObjectNode executionStarted(String input, String roleArn) {
        ObjectNode b = F.objectNode();
        b.put("input", input);
        b.set("inputDetails", notTruncated());
        b.put("roleArn", roleArn);
        return wrap("executionStartedEventDetails", b);
    }

    static ObjectNode output(String field, String output) {
        ObjectNode b = F.objectNode();
        b.put("output", output);
        b.set("outputDetails", notTruncated());
        return wrap(field, b);
    }

    static ObjectNode errorCause(String field, String error, String cause) {
        ObjectNode b = F.objectNode();
        if (error != null) b.put("error", error);
        if (cause != null) b.put("cause", cause);
        return wrap(field, b);
    }

    static ObjectNode stateEntered(String name, String input) {
        ObjectNode b = F.objectNode();
        b.put("name", name);
        b.put("input", input);
        b.set("inputDetails", notTruncated());
        return wrap("stateEnteredEventDetails", b);
    }

    /** {@code assignedVariables} holds each value JSON-encoded, as AWS does ({@code {"x": "\"text\""}}). */
    static ObjectNode stateExited(String name, String output, Map<String, String> assigned) {
        ObjectNode b = F.objectNode();
        b.put("name", name);
        b.put("output", output);
        b.set("outputDetails", notTruncated());
        if (assigned != null && !assigned.isEmpty()) {
            ObjectNode vars = b.putObject("assignedVariables");
            assigned.forEach(vars::put);
            b.set("assignedVariablesDetails", notTruncated());
        }
        return wrap("stateExitedEventDetails", b);
    }

    static ObjectNode taskScheduled(String resourceType, String resource, String parameters, OptionalLong timeout,
                                    OptionalLong heartbeat) {
        ObjectNode b = F.objectNode();
        b.put("resourceType", resourceType);
        b.put("resource", resource);
        b.put("region", "us-east-1");
        b.put("parameters", parameters);
        timeout.ifPresent(t -> b.put("timeoutInSeconds", t));
        heartbeat.ifPresent(h -> b.put("heartbeatInSeconds", h));
        return wrap("taskScheduledEventDetails", b);
    }

    static ObjectNode task(String field, String resourceType, String resource) {
        ObjectNode b = F.objectNode();
        b.put("resourceType", resourceType);
        b.put("resource", resource);
        return wrap(field, b);
    }

    static ObjectNode taskOutput(String field, String resourceType, String resource, String output) {
        ObjectNode d = task(field, resourceType, resource);
        ObjectNode b = (ObjectNode) d.get(field);
        b.put("output", output);
        b.set("outputDetails", notTruncated());
        return d;
    }

    static ObjectNode taskError(String field, String resourceType, String resource, String error, String cause) {
        ObjectNode d = task(field, resourceType, resource);
        ObjectNode b = (ObjectNode) d.get(field);
        b.put("error", error);
        b.put("cause", cause);
        return d;
    }

    /** LambdaFunctionScheduled and ActivityScheduled. */
    static ObjectNode scheduled(String field, String resource, String input, OptionalLong timeout,
                                OptionalLong heartbeat) {
        ObjectNode b = F.objectNode();
        b.put("resource", resource);
        b.put("input", input);
        b.set("inputDetails", notTruncated());
        timeout.ifPresent(t -> b.put("timeoutInSeconds", t));
        heartbeat.ifPresent(h -> b.put("heartbeatInSeconds", h));
        return wrap(field, b);
    }

    static ObjectNode mapStarted(int length) {
        ObjectNode b = F.objectNode();
        b.put("length", length);
        return wrap("mapStateStartedEventDetails", b);
    }

    static ObjectNode mapRunStarted(String mapRunArn) {
        ObjectNode b = F.objectNode();
        b.put("mapRunArn", mapRunArn);
        return wrap("mapRunStartedEventDetails", b);
    }

    static ObjectNode mapRunRedriven(String mapRunArn, int redriveCount) {
        ObjectNode b = F.objectNode();
        b.put("mapRunArn", mapRunArn);
        b.put("redriveCount", redriveCount);
        return wrap("mapRunRedrivenEventDetails", b);
    }

    static ObjectNode executionRedriven(int redriveCount) {
        ObjectNode b = F.objectNode();
        b.put("redriveCount", redriveCount);
        return wrap("executionRedrivenEventDetails", b);
    }

    static ObjectNode mapIteration(String field, String name, int index) {
        ObjectNode b = F.objectNode();
        b.put("name", name);
        b.put("index", index);
        return wrap(field, b);
    }

    static ObjectNode evaluationFailed(String error, String cause, String location, String state) {
        ObjectNode b = F.objectNode();
        b.put("error", error);
        b.put("cause", cause);
        if (location != null) b.put("location", location);
        b.put("state", state);
        return wrap("evaluationFailedEventDetails", b);
    }

    static ObjectNode activityStarted(String worker) {
        ObjectNode b = F.objectNode();
        b.put("workerName", worker);
        return wrap("activityStartedEventDetails", b);
    }

    static JsonNode empty() { return F.objectNode(); }
}
