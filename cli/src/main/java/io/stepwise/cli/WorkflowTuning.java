package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.tuning.Prices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * {@code stepwise tune --workflow}: which functions one execution called, how often, and with what payloads (from its
 * history), and what one execution costs at the functions' memory sizes now and at the sizes tuning recommends.
 */
final class WorkflowTuning {
    private WorkflowTuning() {}

    /** One function the execution called: its name, the payloads it was called with, in order. */
    record Calls(String function, List<JsonNode> payloads) {}

    /** The Lambda tasks of an execution's history, by function (a qualifier is dropped: $LATEST is tuned). */
    static Map<String, Calls> calls(SfnClient sfn, String executionArn) throws java.io.IOException {
        Map<String, Calls> byFunction = new LinkedHashMap<>();
        for (HistoryEvent e : sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn).maxResults(1000))
                .events()) {
            String function = null;
            JsonNode payload = null;
            if (e.type() == HistoryEventType.LAMBDA_FUNCTION_SCHEDULED) {
                var d = e.lambdaFunctionScheduledEventDetails();
                function = d.resource();
                payload = d.input() == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(d.input());
            } else if (e.type() == HistoryEventType.TASK_SCHEDULED && "lambda".equals(e.taskScheduledEventDetails()
                    .resourceType()) && e.taskScheduledEventDetails().resource().startsWith("invoke")) {
                JsonNode p = Json.MAPPER.readTree(e.taskScheduledEventDetails().parameters());
                function = p.path("FunctionName").asText(null);
                payload = p.has("Payload") ? p.get("Payload") : Json.MAPPER.createObjectNode();
            }
            if (function == null) continue;
            String name = name(function);
            byFunction.computeIfAbsent(name, n -> new Calls(n, new ArrayList<>())).payloads().add(payload);
        }
        return byFunction;
    }

    /** {@code arn:aws:lambda:R:A:function:NAME[:Q]}, {@code NAME[:Q]} or {@code A:function:NAME}: the NAME. */
    static String name(String function) {
        String[] p = function.split(":");
        int at = java.util.Arrays.asList(p).indexOf("function");
        return at >= 0 && at + 1 < p.length ? p[at + 1] : p[0];
    }

    /**
     * The tuner's {@code payload}: up to {@code num} of the payloads the function was really called with, spread
     * evenly over the execution, each of weight 1 (so each is invoked once or more).
     */
    static JsonNode sample(List<JsonNode> payloads, int num) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        int n = Math.min(num, payloads.size());
        for (int i = 0; i < n; i++) {
            ObjectNode w = out.addObject();
            w.set("payload", payloads.get((int) ((long) i * payloads.size() / n)));
            w.put("weight", 1);
        }
        return out;
    }

    /** A function's part of one execution's cost at a size: its calls, each priced as measured, plus the requests. */
    static double cost(int calls, double pricePerInvocation, Prices prices) {
        return calls * (pricePerInvocation + prices.perRequest());
    }
}
