package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;

// CONTRACT STUB: signatures agreed between the parser, the interpreter and the expressions work.
/**
 * A JSONPath-mode template (Parameters, ResultSelector, ItemSelector, Assign, BatchInput): keys ending in
 * {@code .$} take the value of a path or an intrinsic function; everything else is copied.
 */
public final class PayloadTemplate implements Template {
    public static PayloadTemplate compile(JsonNode template) throws SyntaxError { throw new UnsupportedOperationException(); }
    /** A single {@code .$}-style value: a reference path or an intrinsic function call (ErrorPath, CausePath). */
    public static PayloadTemplate compileExpression(String pathOrIntrinsic) throws SyntaxError { throw new UnsupportedOperationException(); }
    @Override public JsonNode evaluate(Scope scope) throws StatesError { throw new UnsupportedOperationException(); }
}
