package io.stepwise.cli;

import java.nio.file.Path;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.VpcConfig;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/** {@code stepwise functions deploy FOLDER}: CreateFunction, or UpdateFunctionConfiguration + UpdateFunctionCode. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Zips FOLDER and creates the function, or updates its code and configuration if it exists.")
final class DeployCommand implements Callable<Integer> {
    static final String ROLE = "arn:aws:iam::000000000000:role/stepwise"; // required by the API, unused by Stepwise

    @Spec CommandSpec spec;
    @Mixin Remote remote;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "the function's code (the task root)")
    Path folder;

    @Option(names = "--name", required = true, description = "function name") String name;
    @Option(names = "--runtime", required = true, description = "python3.12, nodejs20.x, java21, provided.al2023, ...") String runtime;
    @Option(names = "--handler", required = true, description = "e.g. app.handler, index.handler, example.Hello::handleRequest") String handler;
    @Option(names = "--memory", paramLabel = "MB", description = "memory in MB (128-10240; new functions: 128)") Integer memory;
    @Option(names = "--timeout", paramLabel = "S", description = "timeout in seconds (1-900; new functions: 3)") Integer timeout;
    @Option(names = "--env", paramLabel = "K=V", description = "environment variable (repeatable; replaces all of them)")
    Map<String, String> env = new LinkedHashMap<>();
    @Option(names = "--network", negatable = true, description = "--no-network: the function reaches its Runtime API and "
            + "nothing else (sets a VpcConfig with subnet " + PRIVATE_SUBNET + ", as a private subnet without a NAT gateway); "
            + "--network: outbound network again (new functions have it)")
    Boolean network;
    static final String PRIVATE_SUBNET = "subnet-stepwise-private";
    @Option(names = "--layers", split = ",", paramLabel = "ARN", description = "layer version ARNs, in order (repeatable "
            + "or comma-separated, at most 5; replaces the function's layers)")
    List<String> layers;

    /** The VpcConfig that --[no-]network asks for. */
    private VpcConfig vpc() {
        return network ? VpcConfig.builder().subnetIds(List.of()).securityGroupIds(List.of()).build()
                : VpcConfig.builder().subnetIds(PRIVATE_SUBNET).securityGroupIds(List.of()).build();
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return remote.run(spec.commandLine().getErr(), () -> {
            byte[] bytes = FolderZip.zip(folder);
            if (FolderZip.entries(bytes) == 0) { // Lambda would take it and fail every invoke with Runtime.ImportModuleError
                spec.commandLine().getErr().println("stepwise: " + folder + " has no files: nothing to deploy");
                return 2;
            }
            warnIfLarge(spec.commandLine().getErr());
            SdkBytes zip = SdkBytes.fromByteArray(bytes);
            try (LambdaClient lambda = remote.lambda()) {
                try {
                    var f = lambda.createFunction(r -> {
                        r.functionName(name).runtime(runtime).handler(handler).role(ROLE)
                                .code(FunctionCode.builder().zipFile(zip).build());
                        if (memory != null) r.memorySize(memory);
                        if (timeout != null) r.timeout(timeout);
                        if (!env.isEmpty()) r.environment(Environment.builder().variables(env).build());
                        if (network != null) r.vpcConfig(vpc());
                        if (layers != null) r.layers(layers);
                    });
                    out.printf("created %s (%s, %s, %d MB, %d s) sha256 %s%n", f.functionArn(), f.runtimeAsString(),
                            f.handler(), f.memorySize(), f.timeout(), f.codeSha256());
                } catch (ResourceConflictException exists) {
                    UpdateFunctionConfigurationRequest.Builder config = UpdateFunctionConfigurationRequest.builder()
                            .functionName(name).runtime(runtime).handler(handler);
                    if (memory != null) config.memorySize(memory);
                    if (timeout != null) config.timeout(timeout);
                    if (!env.isEmpty()) config.environment(Environment.builder().variables(env).build());
                    if (network != null) config.vpcConfig(vpc());
                    if (layers != null) config.layers(layers);
                    lambda.updateFunctionConfiguration(config.build());
                    var f = lambda.updateFunctionCode(r -> r.functionName(name).zipFile(zip));
                    out.printf("updated %s (%s, %s, %d MB, %d s) sha256 %s%n", f.functionArn(), f.runtimeAsString(),
                            f.handler(), f.memorySize(), f.timeout(), f.codeSha256());
                }
            }
            out.flush();
            return 0;
        });
    }

    /** Near Lambda's unzipped limit a warning (not a refusal: above it the server refuses, with its own error). */
    private void warnIfLarge(java.io.PrintWriter err) throws java.io.IOException {
        long bytes = PackageSize.bytes(folder);
        double share = (double) bytes / PackageSize.LIMIT;
        if (share < PackageSize.WARN_AT) return;
        err.printf(java.util.Locale.ROOT, "stepwise: warning: %s unzips to %s, %.0f%% of Lambda's %s limit for code and layers;"
                + " `stepwise functions size %s` shows what it could drop%n", folder, SizeReport.mb(bytes), share * 100,
                SizeReport.mb(PackageSize.LIMIT), folder);
        err.flush();
    }
}
