package io.stepwise.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.Layer;

/** {@code stepwise functions describe NAME}: GetFunction, ListVersionsByFunction and ListAliases as {@code field value} lines. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Shows a function's configuration, code size and hash, state, versions and aliases.")
final class DescribeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME", description = "function name or ARN (NAME:QUALIFIER describes that version or alias)")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            try (LambdaClient lambda = remote.lambda()) {
                FunctionConfiguration f = lambda.getFunction(r -> r.functionName(name)).configuration();
                String versions = lambda.listVersionsByFunctionPaginator(r -> r.functionName(f.functionName())).versions()
                        .stream().map(FunctionConfiguration::version).collect(Collectors.joining(", "));
                String aliases = lambda.listAliasesPaginator(r -> r.functionName(f.functionName())).aliases().stream()
                        .map(DescribeCommand::alias).collect(Collectors.joining(", "));
                field(out, "name", f.functionName());
                field(out, "arn", f.functionArn());
                field(out, "version", f.version());
                field(out, "runtime", f.runtimeAsString());
                field(out, "handler", f.handler());
                field(out, "memory", f.memorySize() + " MB");
                field(out, "timeout", f.timeout() + " s");
                if (f.ephemeralStorage() != null) field(out, "ephemeral", f.ephemeralStorage().size() + " MB /tmp");
                field(out, "environment", f.environment() == null || f.environment().variables().isEmpty() ? "-"
                        : f.environment().variables().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(" ")));
                field(out, "network", f.vpcConfig() == null || f.vpcConfig().subnetIds().isEmpty() ? "outbound"
                        : "none but its Runtime API (subnets " + String.join(", ", f.vpcConfig().subnetIds()) + ")");
                field(out, "code", String.format(Locale.ROOT, "%,d bytes zipped, sha256 %s", f.codeSize(), f.codeSha256()));
                if (f.hasLayers() && !f.layers().isEmpty()) {
                    field(out, "layers", f.layers().stream().map(Layer::arn).collect(Collectors.joining(", ")));
                }
                field(out, "state", f.stateAsString() + ", last update " + f.lastUpdateStatusAsString());
                field(out, "last modified", f.lastModified());
                field(out, "description", f.description() == null || f.description().isEmpty() ? "-" : f.description());
                field(out, "versions", versions);
                field(out, "aliases", aliases.isEmpty() ? "-" : aliases);
            }
            out.flush();
            return 0;
        });
    }

    /** {@code live -> 2}, or {@code live -> 2 (3: 10%)} with a routing config. */
    private static String alias(AliasConfiguration a) {
        String routing = AliasesCommand.routing(a);
        return a.name() + " -> " + a.functionVersion() + (routing.isEmpty() ? "" : " (" + routing + ")");
    }

    private static void field(PrintWriter out, String name, Object value) {
        out.printf("%-14s %s%n", name, value == null ? "-" : value);
    }
}
