package io.stepwise.asl;

/**
 * One problem in a definition: AWS's code (e.g. {@code SCHEMA_VALIDATION_FAILED}, {@code MISSING_TRANSITION_TARGET}),
 * the JSON location of the offending field as a JSON pointer ({@code /States/Fetch/Retry/0/BackoffRate}), and a
 * message a person can act on.
 */
public record Finding(String code, String location, String message) {
    @Override public String toString() { return code + ": " + message + " at " + location; }
}
