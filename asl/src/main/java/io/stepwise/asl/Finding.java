package io.stepwise.asl;

import java.util.Optional;

/**
 * One problem in a definition, as AWS's ValidateStateMachineDefinition reports it: the code (e.g.
 * {@code SCHEMA_VALIDATION_FAILED}, {@code MISSING_TRANSITION_TARGET}), where it is, and a message a person can act
 * on. The location is written as AWS writes it, not as a JSON pointer: {@code /} for the definition itself, field
 * names as they are ({@code /States/Pass One/Next}), array positions in brackets
 * ({@code /States/C/Choices[0]/Next}, {@code /States/T/Retry[0]/BackoffRate}). Some findings have no location
 * (AWS gives none for a missing terminal state or a definition that is not a JSON object).
 */
public record Finding(String code, Optional<String> location, String message) {
    public Finding(String code, String location, String message) { this(code, Optional.of(location), message); }

    @Override public String toString() { return code + ": " + message + location.map(l -> " at " + l).orElse(""); }
}
