package io.stepwise.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/** {@code stepwise functions invoke NAME}: the response payload on stdout; a function error exits 1. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Invokes a function and prints its response payload (a function error prints the error JSON and exits 1).")
final class InvokeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "NAME", description = "function name or ARN (NAME:QUALIFIER works too)") String name;
    @Option(names = "--payload", paramLabel = "JSON|@FILE", description = "event JSON, or @FILE to read it from a file (default: {})")
    String payload = "{}";
    @Option(names = "--qualifier", paramLabel = "Q", description = "version or alias") String qualifier;
    @Option(names = "--async", description = "queue the event (InvocationType Event), print its request id and return at once")
    boolean async;
    @Option(names = "--log", description = "print the last 4 KB of the invocation's log on stderr") boolean log;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        return remote.run(err, () -> {
            byte[] event = payload.startsWith("@") ? Files.readAllBytes(Path.of(payload.substring(1)))
                    : payload.getBytes(StandardCharsets.UTF_8);
            InvokeResponse r;
            try (LambdaClient lambda = remote.lambda()) {
                r = lambda.invoke(b -> {
                    b.functionName(name).payload(SdkBytes.fromByteArray(event))
                            .invocationType(async ? InvocationType.EVENT : InvocationType.REQUEST_RESPONSE);
                    if (qualifier != null) b.qualifier(qualifier);
                    if (log && !async) b.logType(LogType.TAIL);
                });
            }
            if (r.logResult() != null) err.print(new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8));
            if (async) { // the request id names the invocation in `functions invocations` and in the log's START line
                out.println(r.responseMetadata().requestId());
                out.flush();
                err.println("queued (status " + r.statusCode() + ")");
                return 0;
            }
            out.println(r.payload() == null ? "" : r.payload().asUtf8String());
            out.flush();
            return r.functionError() != null ? Remote.FUNCTION_ERROR : 0;
        });
    }
}
