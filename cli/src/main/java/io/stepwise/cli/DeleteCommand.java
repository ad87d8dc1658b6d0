package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** {@code stepwise functions delete NAME [--version N]}: DeleteFunction, of the function or of one version. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Deletes a function with all its versions and aliases, or with --version only that version "
                + "(refused while an alias points at it).")
final class DeleteCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME", description = "function name or ARN") String name;
    @Option(names = "--version", paramLabel = "N", description = "delete only this published version") String version;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            try (LambdaClient lambda = remote.lambda()) {
                lambda.deleteFunction(r -> {
                    r.functionName(name);
                    if (version != null) r.qualifier(version);
                });
            }
            out.println("deleted " + name + (version == null ? "" : " version " + version));
            out.flush();
            return 0;
        });
    }
}
