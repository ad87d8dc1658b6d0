package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/** {@code stepwise functions list}: every function ($LATEST), one per line. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the functions.")
final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            var table = new Table("NAME", "RUNTIME", "HANDLER", "MEMORY", "TIMEOUT", "LAST MODIFIED");
            try (LambdaClient lambda = remote.lambda()) {
                for (FunctionConfiguration f : lambda.listFunctionsPaginator(r -> {}).functions()) {
                    table.row(f.functionName(), f.runtimeAsString(), f.handler(), f.memorySize() + " MB",
                            f.timeout() + " s", f.lastModified());
                }
            }
            table.print(out);
            return 0;
        });
    }
}
