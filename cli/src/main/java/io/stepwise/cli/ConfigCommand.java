package io.stepwise.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/**
 * {@code stepwise functions config NAME}: memory, timeout and environment without redeploying. UpdateFunctionConfiguration
 * replaces the whole environment, so the current one is read first and only the variables named change.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Changes a function's memory, timeout or environment variables without redeploying its code "
                + "(other variables are kept), and waits until the update is done.")
final class ConfigCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME", description = "function name or ARN") String name;
    @Option(names = "--memory", paramLabel = "MB", description = "memory in MB (128-10240)") Integer memory;
    @Option(names = "--timeout", paramLabel = "S", description = "timeout in seconds (1-900)") Integer timeout;
    @Option(names = "--env", paramLabel = "K=V", description = "set one environment variable (repeatable)")
    Map<String, String> set = new LinkedHashMap<>();
    @Option(names = "--unset-env", paramLabel = "K", description = "remove one environment variable (repeatable)")
    List<String> unset = new ArrayList<>();

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (memory == null && timeout == null && set.isEmpty() && unset.isEmpty()) {
            err.println("stepwise: nothing to change: give --memory, --timeout, --env K=V or --unset-env K");
            err.flush();
            return Remote.REFUSED;
        }
        return remote.run(err, () -> {
            try (LambdaClient lambda = remote.lambda()) {
                var request = UpdateFunctionConfigurationRequest.builder().functionName(name);
                if (memory != null) request.memorySize(memory);
                if (timeout != null) request.timeout(timeout);
                if (!set.isEmpty() || !unset.isEmpty()) {
                    var now = lambda.getFunctionConfiguration(r -> r.functionName(name));
                    Map<String, String> env = new LinkedHashMap<>(now.environment() == null ? Map.of() : now.environment().variables());
                    unset.forEach(env::remove);
                    env.putAll(set);
                    request.environment(Environment.builder().variables(env).build());
                }
                lambda.updateFunctionConfiguration(request.build());
                // AWS applies an update asynchronously (LastUpdateStatus InProgress); Stepwise at once, so this returns at the first look
                var f = lambda.waiter().waitUntilFunctionUpdated(r -> r.functionName(name))
                        .matched().response().orElseThrow();
                out.printf("updated %s (%d MB, %d s, %d environment variables), last update %s%n", f.functionArn(),
                        f.memorySize(), f.timeout(), f.environment() == null ? 0 : f.environment().variables().size(),
                        f.lastUpdateStatusAsString());
            }
            out.flush();
            return 0;
        });
    }
}
