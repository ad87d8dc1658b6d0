package io.stepwise.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise functions logs NAME} and {@code stepwise logs NAME}: the function's latest log lines. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints a function's latest log lines (START/END/REPORT and the function's own output).")
final class LogsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "function name") String name;
    @Option(names = "--limit", paramLabel = "N", description = "lines (default: ${DEFAULT-VALUE})", defaultValue = "100") int limit;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            out.print(remote.get("/stepwise/v1/functions/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "/logs?limit=" + limit));
            out.flush();
            return 0;
        });
    }
}
