package io.stepwise.asl;

// CONTRACT STUB: the parser/validator work replaces the body.
/** Parses and validates an ASL definition in one pass, returning a machine or every finding. */
public final class Parser {
    private Parser() {}
    public static ParseResult parse(String definitionJson) { throw new UnsupportedOperationException(); }
}
