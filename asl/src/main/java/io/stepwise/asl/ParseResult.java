package io.stepwise.asl;

import java.util.List;

/** The outcome of {@link Parser#parse}: a valid machine, or every finding at once. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {
    record Valid(StateMachine machine) implements ParseResult {}
    record Invalid(List<Finding> findings) implements ParseResult {}
}
