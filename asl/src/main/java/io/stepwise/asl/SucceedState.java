package io.stepwise.asl;

import java.util.Optional;

/** Succeed: ends the (sub-)machine successfully. */
public record SucceedState(String name, Optional<String> comment, QueryLanguage queryLanguage, Io io) implements State {}
