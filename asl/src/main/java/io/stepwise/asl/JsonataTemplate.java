package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;

// CONTRACT STUB: signatures agreed between the parser, the interpreter and the expressions work.
/**
 * A JSONata-mode value (Arguments, Output, Assign, Items, Condition, TimeoutSeconds ...): any JSON where every
 * string of the form {@code "{% expr %}"} is a JSONata expression evaluated with AWS's extensions and limits.
 */
public final class JsonataTemplate implements Template {
    public static JsonataTemplate compile(JsonNode template) throws SyntaxError { throw new UnsupportedOperationException(); }
    /** True when the node is a string of the form {@code "{% ... %}"}. */
    public static boolean isExpression(JsonNode node) { throw new UnsupportedOperationException(); }
    @Override public JsonNode evaluate(Scope scope) throws StatesError { throw new UnsupportedOperationException(); }
}
