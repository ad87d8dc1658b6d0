package io.stepwise.asl;

/**
 * An expression that cannot be compiled (bad JSONPath, intrinsic function or JSONata). {@code pointer} is the
 * JSON pointer of the offending field relative to the compiled value ("" when the value itself is bad).
 */
public final class SyntaxError extends Exception {
    private final String pointer;

    public SyntaxError(String message, String pointer) {
        super(message, null, false, false);
        this.pointer = pointer;
    }

    public SyntaxError(String message) { this(message, ""); }

    public String pointer() { return pointer; }
}
