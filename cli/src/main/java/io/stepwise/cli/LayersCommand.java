package io.stepwise.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.LayersListItem;

/** {@code stepwise layers ...}: publish, list and delete Lambda layers on a running server. */
@Command(name = "layers", mixinStandardHelpOptions = true,
        description = "Publish, list and delete layers on a Stepwise server (exit codes: 0 ok, 2 request refused,"
                + " 3 server unreachable).",
        subcommands = {LayersCommand.Publish.class, LayersCommand.List_.class, LayersCommand.Versions.class,
                LayersCommand.Delete.class})
final class LayersCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code stepwise layers publish NAME FOLDER}: PublishLayerVersion of the folder, zipped as deploy zips code. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Zips FOLDER (python/, nodejs/node_modules/, bin/, lib/ ... as they should appear under /opt) "
                    + "and publishes it as the layer's next version.")
    static final class Publish implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Remote remote;
        @Parameters(index = "0", paramLabel = "NAME", description = "layer name") String name;
        @Parameters(index = "1", paramLabel = "FOLDER", description = "the layer's files") Path folder;
        @Option(names = "--runtimes", split = ",", paramLabel = "RUNTIME", description = "compatible runtimes (repeatable or comma-separated)")
        List<String> runtimes = new ArrayList<>();
        @Option(names = "--architectures", split = ",", paramLabel = "ARCH", description = "x86_64, arm64")
        List<String> architectures = new ArrayList<>();
        @Option(names = "--description", description = "the version's description") String description;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            return remote.run(spec.commandLine().getErr(), () -> {
                byte[] bytes = FolderZip.zip(folder);
                if (FolderZip.entries(bytes) == 0) {
                    spec.commandLine().getErr().println("stepwise: " + folder + " has no files: nothing to publish");
                    return 2;
                }
                try (LambdaClient lambda = remote.lambda()) {
                    var v = lambda.publishLayerVersion(r -> {
                        r.layerName(name).content(c -> c.zipFile(SdkBytes.fromByteArray(bytes)))
                                .compatibleRuntimesWithStrings(runtimes).compatibleArchitecturesWithStrings(architectures);
                        if (description != null) r.description(description);
                    });
                    out.printf("published %s (%d bytes) sha256 %s%n", v.layerVersionArn(), v.content().codeSize(),
                            v.content().codeSha256());
                }
                out.flush();
                return 0;
            });
        }
    }

    /** {@code stepwise layers list}: each layer with its newest version. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the layers with their newest version.")
    static final class List_ implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Remote remote;

        @Override
        public Integer call() {
            return remote.run(spec.commandLine().getErr(), () -> {
                var table = new Table("NAME", "VERSION", "RUNTIMES", "ARCHITECTURES", "DESCRIPTION", "ARN");
                try (LambdaClient lambda = remote.lambda()) {
                    for (LayersListItem l : lambda.listLayersPaginator(r -> {}).layers()) {
                        var v = l.latestMatchingVersion();
                        table.row(l.layerName(), Long.toString(v.version()), String.join(",", v.compatibleRuntimesAsStrings()),
                                String.join(",", v.compatibleArchitecturesAsStrings()), v.description(), v.layerVersionArn());
                    }
                }
                table.print(spec.commandLine().getOut());
                return 0;
            });
        }
    }

    /** {@code stepwise layers versions NAME}: the layer's versions, newest first. */
    @Command(name = "versions", mixinStandardHelpOptions = true, description = "Lists the versions of a layer, newest first.")
    static final class Versions implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Remote remote;
        @Parameters(index = "0", paramLabel = "NAME", description = "layer name") String name;

        @Override
        public Integer call() {
            return remote.run(spec.commandLine().getErr(), () -> {
                var table = new Table("VERSION", "CREATED", "RUNTIMES", "ARCHITECTURES", "DESCRIPTION", "ARN");
                try (LambdaClient lambda = remote.lambda()) {
                    for (LayerVersionsListItem v : lambda.listLayerVersionsPaginator(r -> r.layerName(name)).layerVersions()) {
                        table.row(Long.toString(v.version()), v.createdDate(), String.join(",", v.compatibleRuntimesAsStrings()),
                                String.join(",", v.compatibleArchitecturesAsStrings()), v.description(), v.layerVersionArn());
                    }
                }
                table.print(spec.commandLine().getOut());
                return 0;
            });
        }
    }

    /** {@code stepwise layers delete NAME VERSION}: DeleteLayerVersion (functions that use it keep it). */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a layer version; functions that use it keep working, new ones cannot name it.")
    static final class Delete implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Remote remote;
        @Parameters(index = "0", paramLabel = "NAME", description = "layer name") String name;
        @Parameters(index = "1", paramLabel = "VERSION", description = "version number") long version;

        @Override
        public Integer call() {
            return remote.run(spec.commandLine().getErr(), () -> {
                try (LambdaClient lambda = remote.lambda()) {
                    lambda.deleteLayerVersion(r -> r.layerName(name).versionNumber(version));
                }
                spec.commandLine().getOut().printf("deleted %s:%d%n", name, version);
                spec.commandLine().getOut().flush();
                return 0;
            });
        }
    }
}
