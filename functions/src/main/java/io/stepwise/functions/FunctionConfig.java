package io.stepwise.functions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settable configuration of a function, as CreateFunction / UpdateFunctionConfiguration carry it. Validated by
 * {@link ConfigRules} before it is stored; a published version keeps an immutable copy.
 *
 * @param vpc the function's VpcConfig; stored as given (Stepwise has no VPCs): with subnets the function is, as in a
 *            private subnet without a NAT gateway on AWS, cut off from every network but its Runtime API's
 * @param layers the function's layers in order, with the digest of each: a layer version deleted later keeps working
 */
public record FunctionConfig(String runtime, String handler, String role, String description, int memoryMb,
                             int timeoutSeconds, int ephemeralStorageMb, Map<String, String> environment,
                             List<String> architectures, Vpc vpc, List<Layer> layers) {
    public static final int MAX_LAYERS = 5;
    public static final int DEFAULT_MEMORY_MB = 128;
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;
    public static final int DEFAULT_EPHEMERAL_MB = 512;

    public FunctionConfig {
        environment = Map.copyOf(environment);
        architectures = List.copyOf(architectures);
        vpc = vpc == null ? Vpc.NONE : vpc;   // stored before VpcConfig existed
        layers = layers == null ? List.of() : List.copyOf(layers);   // stored before layers existed
    }

    public FunctionConfig(String runtime, String handler, String role, String description, int memoryMb, int timeoutSeconds,
                          int ephemeralStorageMb, Map<String, String> environment, List<String> architectures, Vpc vpc) {
        this(runtime, handler, role, description, memoryMb, timeoutSeconds, ephemeralStorageMb, environment, architectures, vpc, List.of());
    }

    /** A layer version as a function holds it: its ARN, and the package it had when the function named it. */
    public record Layer(String arn, String sha256Hex, long codeSize) {}

    public FunctionConfig(String runtime, String handler, String role, String description, int memoryMb, int timeoutSeconds,
                          int ephemeralStorageMb, Map<String, String> environment, List<String> architectures) {
        this(runtime, handler, role, description, memoryMb, timeoutSeconds, ephemeralStorageMb, environment, architectures, Vpc.NONE);
    }

    /** A VpcConfig: subnets and security groups by id; none means outside any VPC, with outbound network. */
    public record Vpc(List<String> subnetIds, List<String> securityGroupIds) {
        public static final Vpc NONE = new Vpc(List.of(), List.of());

        public Vpc {
            subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
            securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
        }

        /** Whether the function may reach networks beyond its Runtime API. */
        public boolean outbound() {
            return subnetIds.isEmpty();
        }
    }

    /** The fields an UpdateFunctionConfiguration call may change; empty means "keep". */
    public record Changes(Optional<String> runtime, Optional<String> handler, Optional<String> role,
                          Optional<String> description, Optional<Integer> memoryMb, Optional<Integer> timeoutSeconds,
                          Optional<Integer> ephemeralStorageMb, Optional<Map<String, String>> environment,
                          Optional<Vpc> vpc, Optional<List<Layer>> layers) {
        public Changes(Optional<String> runtime, Optional<String> handler, Optional<String> role, Optional<String> description,
                       Optional<Integer> memoryMb, Optional<Integer> timeoutSeconds, Optional<Integer> ephemeralStorageMb,
                       Optional<Map<String, String>> environment, Optional<Vpc> vpc) {
            this(runtime, handler, role, description, memoryMb, timeoutSeconds, ephemeralStorageMb, environment, vpc, Optional.empty());
        }

        public Changes(Optional<String> runtime, Optional<String> handler, Optional<String> role, Optional<String> description,
                       Optional<Integer> memoryMb, Optional<Integer> timeoutSeconds, Optional<Integer> ephemeralStorageMb,
                       Optional<Map<String, String>> environment) {
            this(runtime, handler, role, description, memoryMb, timeoutSeconds, ephemeralStorageMb, environment, Optional.empty());
        }
    }

    public FunctionConfig withDescription(String d) {
        return new FunctionConfig(runtime, handler, role, d, memoryMb, timeoutSeconds, ephemeralStorageMb, environment, architectures, vpc, layers);
    }

    public FunctionConfig with(Changes c) {
        return new FunctionConfig(c.runtime().orElse(runtime), c.handler().orElse(handler), c.role().orElse(role),
                c.description().orElse(description), c.memoryMb().orElse(memoryMb),
                c.timeoutSeconds().orElse(timeoutSeconds), c.ephemeralStorageMb().orElse(ephemeralStorageMb),
                c.environment().orElse(environment), architectures, c.vpc().orElse(vpc), c.layers().orElse(layers));
    }
}
