package io.stepwise.functions;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lambda's limits and the API model's constraints, checked with the error type AWS answers: a value outside the
 * model's own range or pattern is a {@code ValidationException}; a value the model allows but the service does not
 * (memory over 10,240 MB, timeout over 900 s, a retired runtime) is an {@code InvalidParameterValueException}.
 */
final class ConfigRules {
    static final Set<String> RUNTIMES = Set.of("python3.9", "python3.10", "python3.11", "python3.12", "python3.13",
            "nodejs18.x", "nodejs20.x", "nodejs22.x", "java17", "java21", "java25", "provided", "provided.al2",
            "provided.al2023");
    /** The API model's Runtime enum, in the model's order (lambda-2015-03-31.service.json): AWS's ValidationException lists it. */
    private static final List<String> MODEL_RUNTIMES = List.of("nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10",
            "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "java8", "java8.al2", "java11", "python2.7",
            "python3.6", "python3.7", "python3.8", "python3.9", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
            "dotnetcore3.1", "dotnet6", "dotnet8", "nodejs4.3-edge", "go1.x", "ruby2.5", "ruby2.7", "provided",
            "provided.al2", "nodejs18.x", "python3.10", "java17", "ruby3.2", "ruby3.3", "ruby3.4", "python3.11",
            "nodejs20.x", "provided.al2023", "python3.12", "java21", "python3.13", "nodejs22.x", "nodejs24.x",
            "python3.14", "java25", "dotnet10", "ruby4.0");
    /**
     * In the model, but AWS no longer lets functions be created or updated with them
     * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated).
     */
    private static final Set<String> RETIRED = Set.of("nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x",
            "nodejs12.x", "nodejs14.x", "nodejs16.x", "java8", "python2.7", "python3.6", "python3.7", "python3.8",
            "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "nodejs4.3-edge", "go1.x",
            "ruby2.5", "ruby2.7");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-_]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[a-zA-Z]([a-zA-Z0-9_])+");
    private static final Pattern HANDLER = Pattern.compile("[^\\s]{1,128}");
    static final int ENV_LIMIT_BYTES = 4096;

    private ConfigRules() {}

    static void name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw LambdaError.validation("Value '" + name + "' at 'functionName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+ (1 to 64 characters)");
        }
    }

    static void check(FunctionConfig c) {
        runtime(c.runtime());
        if (c.memoryMb() < 128 || c.memoryMb() > 32768) {
            throw LambdaError.validation("Value '" + c.memoryMb() + "' at 'memorySize' failed to satisfy constraint: "
                    + "Member must have value " + (c.memoryMb() < 128 ? "greater than or equal to 128" : "less than or equal to 32768"));
        }
        if (c.memoryMb() > 10240) {
            throw LambdaError.invalidParameter("'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240");
        }
        if (c.timeoutSeconds() < 1) {
            throw LambdaError.validation("Value '" + c.timeoutSeconds() + "' at 'timeout' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to 1");
        }
        if (c.timeoutSeconds() > 900) {
            throw LambdaError.invalidParameter("Timeout value must be less than or equal to 900 seconds.");
        }
        if (c.ephemeralStorageMb() < 512 || c.ephemeralStorageMb() > 10240) {
            throw LambdaError.validation("Value '" + c.ephemeralStorageMb() + "' at 'ephemeralStorage.size' failed to satisfy "
                    + "constraint: Member must have value " + (c.ephemeralStorageMb() < 512 ? "greater than or equal to 512" : "less than or equal to 10240"));
        }
        boolean provided = c.runtime().startsWith("provided");
        if (!provided && (c.handler() == null || c.handler().isEmpty())) {
            throw LambdaError.invalidParameter("Handler is required for runtime " + c.runtime() + ".");
        }
        if (c.handler() != null && !c.handler().isEmpty() && !HANDLER.matcher(c.handler()).matches()) {
            throw LambdaError.validation("Value '" + c.handler() + "' at 'handler' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [^\\s]+ (at most 128 characters)");
        }
        if (c.description() != null && c.description().length() > 256) {
            throw LambdaError.validation("Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256");
        }
        environment(c.environment());
    }

    /**
     * AWS's two answers, kept apart: a value outside the model's enum is a ValidationException listing the enum; a
     * retired runtime is an InvalidParameterValueException. A live AWS runtime Stepwise does not host (ruby, dotnet,
     * the newest versions) has no AWS answer at all, so it gets ours.
     */
    static void runtime(String runtime) {
        if (runtime == null) throw LambdaError.invalidParameter("Runtime is required for .zip file packages.");
        if (RUNTIMES.contains(runtime)) return;
        if (!MODEL_RUNTIMES.contains(runtime)) {
            throw LambdaError.validation("Value '" + runtime + "' at 'runtime' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [" + String.join(", ", MODEL_RUNTIMES) + "]");
        }
        if (RETIRED.contains(runtime)) {
            throw LambdaError.invalidParameter("The runtime parameter of " + runtime + " is no longer supported for "
                    + "creating or updating AWS Lambda functions. We recommend you use a supported runtime while "
                    + "creating or updating functions.");
        }
        throw LambdaError.invalidParameter("The runtime parameter of " + runtime + " is not supported by Stepwise. "
                + "Stepwise supports: " + String.join(", ", RUNTIMES.stream().sorted().toList()) + ".");
    }

    /** The model's Runtime enum, in its order (CompatibleRuntimes of a layer may name any of them). */
    static List<String> modelRuntimes() {
        return MODEL_RUNTIMES;
    }

    static void environment(Map<String, String> env) {
        int size = 0;
        for (var e : env.entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw LambdaError.validation("Value at 'environment.variables' failed to satisfy constraint: Map keys "
                        + "must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
            }
            if (RESERVED_ENV.contains(e.getKey())) {
                throw LambdaError.invalidParameter("Lambda was unable to configure your environment variables because "
                        + "the environment variables you have provided contains reserved keys that are currently not "
                        + "supported for modification. Reserved keys used in this request: " + e.getKey());
            }
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > ENV_LIMIT_BYTES) {
            throw LambdaError.invalidParameter("Lambda was unable to configure your environment variables because the "
                    + "environment variables you have provided exceeded the 4KB limit. String measured: " + size);
        }
    }

    /** Lambda's tag limits: 50 per function, keys 1-128 characters not starting with "aws:", values up to 256. */
    static void tags(Map<String, String> tags) {
        if (tags.size() > 50) throw LambdaError.invalidParameter("A function can have at most 50 tags.");
        for (var t : tags.entrySet()) {
            if (t.getKey().isEmpty() || t.getKey().length() > 128 || t.getValue().length() > 256) {
                throw LambdaError.invalidParameter("Tag keys must be 1 to 128 characters and values at most 256: " + t.getKey());
            }
            if (t.getKey().toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw LambdaError.invalidParameter("Tag keys starting with 'aws:' are reserved: " + t.getKey());
            }
        }
    }

    private static final Set<String> RESERVED_ENV = Set.of("_HANDLER", "AWS_REGION", "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
}
