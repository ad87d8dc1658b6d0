package io.stepwise.functions;

import java.util.Map;

/**
 * A named pointer to a version, optionally splitting traffic: {@code weights} maps another version to the share of
 * invocations it gets (0..1); the rest go to {@code functionVersion}.
 */
public record Alias(String functionName, String name, String functionVersion, String description,
                    Map<String, Double> weights, String revisionId) {
    public Alias {
        weights = Map.copyOf(weights);
    }
}
