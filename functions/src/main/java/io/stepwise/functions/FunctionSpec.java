package io.stepwise.functions;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the execution half needs to run one version of a function.
 *
 * @param functionArn qualified ARN, sent as {@code Lambda-Runtime-Invoked-Function-Arn}
 * @param runtime     "python3.12", "nodejs20.x", "java21", "provided.al2023", ...
 * @param codeDir     the unpacked task root
 * @param revisionId  changes whenever code or config change: environments of an older revision are never reused
 * @param network     outbound network (NAT through the host); without, the environment reaches only its Runtime API
 *                    (a function attached to a VPC: see {@link FunctionConfig#vpcSubnetIds})
 * @param layersDir   the function's layers merged in order, seen at /opt; empty without layers
 */
public record FunctionSpec(String name, String functionArn, String version, String runtime, String handler,
                           int memoryMb, int timeoutSeconds, int ephemeralStorageMb, Map<String, String> environment,
                           Path codeDir, String revisionId, OptionalInt reservedConcurrency, boolean network,
                           Optional<Path> layersDir) {
    public FunctionSpec {
        environment = Map.copyOf(environment);
    }

    /** Without layers. */
    public FunctionSpec(String name, String functionArn, String version, String runtime, String handler, int memoryMb,
                        int timeoutSeconds, int ephemeralStorageMb, Map<String, String> environment, Path codeDir,
                        String revisionId, OptionalInt reservedConcurrency, boolean network) {
        this(name, functionArn, version, runtime, handler, memoryMb, timeoutSeconds, ephemeralStorageMb, environment,
                codeDir, revisionId, reservedConcurrency, network, Optional.empty());
    }

    /** With outbound network, as a function outside a VPC. */
    public FunctionSpec(String name, String functionArn, String version, String runtime, String handler, int memoryMb,
                        int timeoutSeconds, int ephemeralStorageMb, Map<String, String> environment, Path codeDir,
                        String revisionId, OptionalInt reservedConcurrency) {
        this(name, functionArn, version, runtime, handler, memoryMb, timeoutSeconds, ephemeralStorageMb, environment,
                codeDir, revisionId, reservedConcurrency, true);
    }
}
