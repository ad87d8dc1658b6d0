package io.stepwise.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/** {@code stepwise functions versions NAME [--publish]}: ListVersionsByFunction, after PublishVersion when asked. */
@Command(name = "versions", mixinStandardHelpOptions = true,
        description = "Lists a function's versions; --publish first publishes $LATEST as a new version (unchanged code "
                + "and configuration make no new one).")
final class VersionsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME", description = "function name or ARN") String name;
    @Option(names = "--publish", description = "publish $LATEST as a version first") boolean publish;
    @Option(names = "--description", paramLabel = "TEXT", description = "the published version's description") String description;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (description != null && !publish) {
            err.println("stepwise: --description describes a version being published: add --publish");
            err.flush();
            return Remote.REFUSED;
        }
        return remote.run(err, () -> {
            try (LambdaClient lambda = remote.lambda()) {
                if (publish) {
                    var v = lambda.publishVersion(r -> {
                        r.functionName(name);
                        if (description != null) r.description(description);
                    });
                    err.println("published version " + v.version());
                    err.flush();
                }
                var table = new Table("VERSION", "CODE SHA256", "CODE SIZE", "MEMORY", "TIMEOUT", "LAST MODIFIED", "DESCRIPTION");
                for (FunctionConfiguration f : lambda.listVersionsByFunctionPaginator(r -> r.functionName(name)).versions()) {
                    table.row(f.version(), f.codeSha256(), String.format(Locale.ROOT, "%,d", f.codeSize()), f.memorySize() + " MB",
                            f.timeout() + " s", f.lastModified(), f.description() == null || f.description().isEmpty() ? "-" : f.description());
                }
                table.print(out);
            }
            return 0;
        });
    }
}
