package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise functions logs NAME} and {@code stepwise logs NAME}: the function's latest log lines. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints a function's latest log lines (START/END/REPORT and the function's own output); "
                + "with --follow, then every new line.")
final class LogsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "function name") String name;
    @Option(names = "--limit", paramLabel = "N", description = "lines (default: ${DEFAULT-VALUE})", defaultValue = "100") int limit;
    @Option(names = {"-f", "--follow"}, description = "keep printing new lines as they are logged (asks the server "
            + "every second) until interrupted") boolean follow;

    private static final Duration POLL = Duration.ofSeconds(1);

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        String logs = "/stepwise/v1/functions/" + encode(name) + "/logs";
        return remote.run(spec.commandLine().getErr(), () -> {
            if (!follow) {
                out.print(remote.get(logs + "?limit=" + limit));
                out.flush();
                return 0;
            }
            JsonNode page = Json.parse(remote.get(logs + "?format=json&limit=" + limit));
            while (true) {  // ends with Ctrl-C (exit 130) or when the server goes away (exit 3)
                page.path("Lines").forEach(line -> out.println(line.asText()));
                out.flush();
                Thread.sleep(POLL);
                page = Json.parse(remote.get(logs + "?format=json&limit=100000&after="
                        + encode(page.path("NextCursor").asText())));
            }
        });
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
