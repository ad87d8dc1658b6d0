package io.stepwise.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.Layer;

/**
 * {@code stepwise functions size FUNCTION|FOLDER|ZIP}: the unzipped size of a package (a deployed function's code and
 * layers, or a folder or zip before deploying) against Lambda's limit, its largest parts, and what it could drop.
 * An existing folder or file of that name wins over a function of that name (write {@code ./name} for the folder).
 */
@Command(name = "size", mixinStandardHelpOptions = true,
        description = "Shows the unzipped size of a function's code and each layer against Lambda's 250 MB limit, the "
                + "largest folders and files, and what is usually safe to drop. FUNCTION|FOLDER|ZIP: an existing folder "
                + "or .zip file is read locally, anything else is a deployed function.")
final class SizeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "FUNCTION|FOLDER|ZIP", description = "a function name or ARN, a folder, or a .zip file")
    String target;
    @Option(names = "--top", paramLabel = "N", description = "how many folders and files to list (default: ${DEFAULT-VALUE})")
    int top = 10;
    @Option(names = "--architecture", paramLabel = "A", description = "x86_64 or arm64, for a folder or zip (a function's own: "
            + "its configuration; default: ${DEFAULT-VALUE})")
    String architecture = "x86_64";
    @Option(names = "--json", description = "print the report as JSON") boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return remote.run(err, () -> {
            Path local = Path.of(target);
            PackageSize size;
            if (Files.isDirectory(local)) {
                size = new PackageSize(architecture).addFolder("code", local);
            } else if (Files.isRegularFile(local)) {
                try (InputStream in = Files.newInputStream(local)) {
                    size = new PackageSize(architecture).addZip("code", in);
                }
            } else {
                size = deployed(err);
            }
            if (json) out.println(SizeReport.json(size, top).toPrettyString());
            else SizeReport.print(out, size, top);
            out.flush();
            return 0;
        });
    }

    /** GetFunction's Code.Location, then GetLayerVersionByArn's Content.Location for each layer. */
    private PackageSize deployed(PrintWriter err) throws Exception {
        try (LambdaClient lambda = remote.lambda(); HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NORMAL).build()) {
            var function = lambda.getFunction(r -> r.functionName(target));
            FunctionConfiguration f = function.configuration();
            PackageSize size = new PackageSize(f.architecturesAsStrings().isEmpty() ? "x86_64" : f.architecturesAsStrings().get(0));
            try (InputStream zip = download(http, function.code().location())) {
                size.addZip("code", zip);
            }
            for (Layer layer : f.hasLayers() ? f.layers() : java.util.List.<Layer>of()) {
                String location;
                try {
                    location = lambda.getLayerVersionByArn(r -> r.arn(layer.arn())).content().location();
                } catch (AwsServiceException e) {
                    if (e.awsErrorDetails() == null || !"UnknownOperationException".equals(e.awsErrorDetails().errorCode())) throw e;
                    err.println("stepwise: this server does not serve layers (GetLayerVersionByArn: UnknownOperationException): "
                            + "counting the code only");
                    break;
                }
                try (InputStream zip = download(http, location)) {
                    size.addZip("layer " + layer.arn(), zip);
                }
            }
            return size;
        }
    }

    /** The package at a presigned link (no signature of ours: the link carries it, as S3's presigned URLs do). */
    private static InputStream download(HttpClient http, String location) throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            throw new Remote.Refused(r.headers().firstValue("X-Amzn-ErrorType").orElse("HTTP " + r.statusCode()),
                    "downloading the package: " + Json.message(body));
        }
        return r.body();
    }
}
