package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise functions invocations NAME}: the latest invocation records, metered, as a table. */
@Command(name = "invocations", mixinStandardHelpOptions = true,
        description = "Prints a function's latest invocations: duration, billed duration, memory, cold starts, errors.")
final class InvocationsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME", description = "function name") String name;
    @Option(names = "--limit", paramLabel = "N", description = "records (default: ${DEFAULT-VALUE})", defaultValue = "20") int limit;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            JsonNode body = Json.parse(remote.get("/stepwise/v1/functions/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "/invocations?limit=" + limit));
            var table = new Table("START", "REQUEST ID", "VERSION", "TYPE", "DURATION", "BILLED", "MEMORY", "INIT", "ERROR");
            for (JsonNode i : body.path("Invocations")) {
                table.row(i.path("StartTime").asText(), i.path("RequestId").asText(), i.path("Version").asText(),
                        i.path("InvocationType").asText(), ms(i.path("DurationMs")), i.path("BilledDurationMs").asText() + " ms",
                        i.path("MaxMemoryUsedMb").asText() + "/" + i.path("MemorySizeMb").asText() + " MB",
                        i.path("InitDurationMs").isNumber() ? ms(i.path("InitDurationMs")) : "-",
                        i.path("Error").isTextual() ? i.path("Error").textValue() : "-");
            }
            table.print(out);
            return 0;
        });
    }

    private static String ms(JsonNode n) {
        return String.format(Locale.ROOT, "%.2f ms", n.asDouble());
    }
}
