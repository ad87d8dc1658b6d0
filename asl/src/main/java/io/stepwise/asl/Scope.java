package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What an expression can see: {@code input} ({@code $} in JSONPath, {@code $states.input} in JSONata), the context
 * object ({@code $$} / {@code $states.context}), the variables in scope ({@code $name}), the task result and error
 * output ({@code $states.result} / {@code $states.errorOutput}, JSONata only), and the injected clock and
 * randomness ({@code States.UUID}, {@code States.MathRandom}, {@code $uuid()}, {@code $random()}, {@code $now()}).
 */
public record Scope(JsonNode input, JsonNode context, Map<String, JsonNode> variables,
                    Optional<JsonNode> result, Optional<JsonNode> errorOutput,
                    Instant now, RandomGenerator random) {}
