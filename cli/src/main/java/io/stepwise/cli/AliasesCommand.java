package io.stepwise.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * {@code stepwise functions aliases NAME [--set ALIAS=VERSION]... [--delete ALIAS]...}: the changes (UpdateAlias, or
 * CreateAlias for a new one; DeleteAlias), then ListAliases. Weighted routing is left to the AWS CLI or SDK.
 */
@Command(name = "aliases", mixinStandardHelpOptions = true,
        description = "Lists a function's aliases, after pointing aliases at versions (--set, creating them as needed) "
                + "or deleting them (--delete).")
final class AliasesCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME", description = "function name or ARN") String name;
    @Option(names = "--set", paramLabel = "ALIAS=VERSION", description = "point ALIAS at VERSION, creating it if needed (repeatable)")
    Map<String, String> set = new LinkedHashMap<>();
    @Option(names = "--delete", paramLabel = "ALIAS", description = "delete an alias (repeatable)")
    List<String> delete = new ArrayList<>();

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        return remote.run(err, () -> {
            try (LambdaClient lambda = remote.lambda()) {
                for (var e : set.entrySet()) {
                    try {
                        lambda.updateAlias(r -> r.functionName(name).name(e.getKey()).functionVersion(e.getValue()));
                        err.println("updated alias " + e.getKey() + " -> " + e.getValue());
                    } catch (ResourceNotFoundException noAlias) {
                        lambda.createAlias(r -> r.functionName(name).name(e.getKey()).functionVersion(e.getValue()));
                        err.println("created alias " + e.getKey() + " -> " + e.getValue());
                    }
                }
                for (String a : delete) {
                    lambda.deleteAlias(r -> r.functionName(name).name(a));
                    err.println("deleted alias " + a);
                }
                err.flush();
                var table = new Table("ALIAS", "VERSION", "ROUTING", "DESCRIPTION", "ARN");
                for (AliasConfiguration a : lambda.listAliasesPaginator(r -> r.functionName(name)).aliases()) {
                    String routing = routing(a);
                    table.row(a.name(), a.functionVersion(), routing.isEmpty() ? "-" : routing,
                            a.description() == null || a.description().isEmpty() ? "-" : a.description(), a.aliasArn());
                }
                table.print(out);
            }
            return 0;
        });
    }

    /** The extra version's share of the traffic ({@code 3: 10%}), or empty. */
    static String routing(AliasConfiguration a) {
        if (a.routingConfig() == null || a.routingConfig().additionalVersionWeights().isEmpty()) return "";
        return a.routingConfig().additionalVersionWeights().entrySet().stream()
                .map(w -> String.format(Locale.ROOT, "%s: %.0f%%", w.getKey(), w.getValue() * 100))
                .collect(Collectors.joining(", "));
    }
}
