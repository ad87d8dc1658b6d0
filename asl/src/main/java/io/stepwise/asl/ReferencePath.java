package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

// CONTRACT STUB: signatures agreed between the parser, the interpreter and the expressions work.
// The expressions helper replaces the bodies; do not depend on anything not declared here.
/**
 * An ASL path: {@code $...} (the input), {@code $$...} (the context object) or {@code $name...} (a variable),
 * used by InputPath, OutputPath, ResultPath, ItemsPath, every {@code ...Path} field and Choice {@code Variable}.
 */
public final class ReferencePath {
    public static ReferencePath compile(String text) throws SyntaxError { throw new UnsupportedOperationException(); }
    public String text() { throw new UnsupportedOperationException(); }
    /** True when the path is a Reference Path (single node, no filters/wildcards): required by ResultPath. */
    public boolean isReferencePath() { throw new UnsupportedOperationException(); }
    /** The node(s) selected, or empty when nothing matches (Choice IsPresent). */
    public Optional<JsonNode> find(Scope scope) { throw new UnsupportedOperationException(); }
    /** The node(s) selected; no match fails with States.Runtime and AWS's message. */
    public JsonNode read(Scope scope) throws StatesError { throw new UnsupportedOperationException(); }
    /** ResultPath: a copy of {@code target} with {@code value} placed at this path (creating objects on the way). */
    public JsonNode write(JsonNode target, JsonNode value) throws StatesError { throw new UnsupportedOperationException(); }
}
