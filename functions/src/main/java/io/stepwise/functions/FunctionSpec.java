package io.stepwise.functions;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Everything the execution half needs to run one version of a function.
 *
 * @param functionArn qualified ARN, sent as {@code Lambda-Runtime-Invoked-Function-Arn}
 * @param runtime     "python3.12", "nodejs20.x", "java21", "provided.al2023", ...
 * @param codeDir     the unpacked task root
 * @param revisionId  changes whenever code or config change: environments of an older revision are never reused
 */
public record FunctionSpec(String name, String functionArn, String version, String runtime, String handler,
                           int memoryMb, int timeoutSeconds, int ephemeralStorageMb, Map<String, String> environment,
                           Path codeDir, String revisionId, OptionalInt reservedConcurrency) {
    public FunctionSpec {
        environment = Map.copyOf(environment);
    }
}
