package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** A compiled value evaluated against a {@link Scope}: a JSONPath payload template or a JSONata template. */
public sealed interface Template permits PayloadTemplate, JsonataTemplate {
    JsonNode evaluate(Scope scope) throws StatesError;
}
