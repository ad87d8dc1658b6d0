package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field whose value is either written in the definition or computed when the state runs:
 * {@code TimeoutSeconds} / {@code TimeoutSecondsPath} / {@code "{% ... %}"}, likewise HeartbeatSeconds,
 * Wait Seconds/Timestamp, MaxConcurrency, ToleratedFailure*, Fail Error/Cause, Map Items, ItemBatcher limits.
 * The caller checks the type and range of the resolved value at run time (AWS fails with States.Runtime).
 */
public sealed interface ValueSource permits ValueSource.Literal, ValueSource.FromPath, ValueSource.FromTemplate {
    /** The value as written. */
    record Literal(JsonNode value) implements ValueSource {}
    /** A {@code ...Path} field: a reference path, or (ErrorPath/CausePath) an intrinsic function. */
    record FromPath(Template path) implements ValueSource {}
    /** A JSONata {@code {% %}} expression. */
    record FromTemplate(JsonataTemplate template) implements ValueSource {}
}
