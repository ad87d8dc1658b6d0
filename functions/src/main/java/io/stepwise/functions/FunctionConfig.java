package io.stepwise.functions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settable configuration of a function, as CreateFunction / UpdateFunctionConfiguration carry it. Validated by
 * {@link ConfigRules} before it is stored; a published version keeps an immutable copy.
 */
public record FunctionConfig(String runtime, String handler, String role, String description, int memoryMb,
                             int timeoutSeconds, int ephemeralStorageMb, Map<String, String> environment,
                             List<String> architectures) {
    public static final int DEFAULT_MEMORY_MB = 128;
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;
    public static final int DEFAULT_EPHEMERAL_MB = 512;

    public FunctionConfig {
        environment = Map.copyOf(environment);
        architectures = List.copyOf(architectures);
    }

    /** The fields an UpdateFunctionConfiguration call may change; empty means "keep". */
    public record Changes(Optional<String> runtime, Optional<String> handler, Optional<String> role,
                          Optional<String> description, Optional<Integer> memoryMb, Optional<Integer> timeoutSeconds,
                          Optional<Integer> ephemeralStorageMb, Optional<Map<String, String>> environment) {}

    public FunctionConfig withDescription(String d) {
        return new FunctionConfig(runtime, handler, role, d, memoryMb, timeoutSeconds, ephemeralStorageMb, environment, architectures);
    }

    public FunctionConfig with(Changes c) {
        return new FunctionConfig(c.runtime().orElse(runtime), c.handler().orElse(handler), c.role().orElse(role),
                c.description().orElse(description), c.memoryMb().orElse(memoryMb),
                c.timeoutSeconds().orElse(timeoutSeconds), c.ephemeralStorageMb().orElse(ephemeralStorageMb),
                c.environment().orElse(environment), architectures);
    }
}
