package io.stepwise.asl;

import java.util.Optional;

/** Fail: ends the (sub-)machine with an error and cause (Error/ErrorPath, Cause/CausePath, or JSONata). */
public record FailState(String name, Optional<String> comment, QueryLanguage queryLanguage,
                        Optional<ValueSource> error, Optional<ValueSource> cause) implements State {}
