package io.stepwise.asl;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed, validated state machine: the top-level definition, a Parallel branch, or a Map's ItemProcessor.
 * {@code states} keeps the definition's order. Built only by {@link Parser}; never re-validated.
 */
public record StateMachine(String startAt, Map<String, State> states, QueryLanguage queryLanguage,
                           Optional<String> comment, OptionalInt timeoutSeconds, Optional<String> version) {

    public State state(String name) {
        State s = states.get(name);
        if (s == null) throw new IllegalArgumentException("no state " + name);
        return s;
    }
}
