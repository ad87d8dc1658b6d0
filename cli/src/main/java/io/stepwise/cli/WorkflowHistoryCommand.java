package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** {@code stepwise workflows history EXECUTION}: GetExecutionHistory as a table, or with {@code --json} as the API has it. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Prints an execution's history: id, type, state (with the Map item's index), time, time since the "
                + "start, and a short detail.")
final class WorkflowHistoryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "EXECUTION", description = "execution ARN, MACHINE:EXECUTION, or its name") String ref;
    @Option(names = "--reverse", description = "newest first") boolean reverse;
    @Option(names = "--limit", paramLabel = "N", description = "at most N events (default: all)") Integer limit;
    @Option(names = "--json", description = "print {\"events\": [...]} as GetExecutionHistory answers (as the AWS CLI prints it)")
    boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            List<JsonNode> events = new ArrayList<>();
            java.time.Instant start;
            try (SfnClient sfn = remote.sfn()) {
                String arn = Workflows.executionArn(sfn, ref);
                start = sfn.describeExecution(r -> r.executionArn(arn)).startDate();
                int max = limit == null ? Integer.MAX_VALUE : Math.max(limit, 0);
                String token = null;
                do {
                    String t = token;
                    int size = Math.min(1000, Math.max(1, max - events.size()));
                    GetExecutionHistoryResponse page = sfn.getExecutionHistory(r -> r.executionArn(arn).reverseOrder(reverse)
                            .maxResults(size).nextToken(t));
                    for (HistoryEvent e : page.events()) if (events.size() < max) events.add(SdkJson.of(e));
                    token = page.nextToken();
                } while (token != null && events.size() < max);
            }
            if (json) {
                var o = Json.MAPPER.createObjectNode();
                ArrayNode a = o.putArray("events");
                events.forEach(a::add);
                out.println(o.toPrettyString());
                out.flush();
                return 0;
            }
            // states are inherited from earlier events: resolve them oldest first, print in the order asked for
            HistoryRows resolver = new HistoryRows(start);
            Map<Long, HistoryRows.Row> rows = new HashMap<>();
            events.stream().sorted(Comparator.comparingLong(e -> e.path("id").asLong()))
                    .forEach(e -> rows.put(e.path("id").asLong(), resolver.row(e)));
            var table = new Table(HistoryRows.HEADER);
            for (JsonNode e : events) table.row(rows.get(e.path("id").asLong()).cells());
            table.print(out);
            return 0;
        });
    }
}
