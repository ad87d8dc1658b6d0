package io.stepwise.asl;

import java.util.List;
import java.util.Optional;

/** Parallel: runs every branch on the same input; the result is the array of branch outputs. */
public record ParallelState(String name, Optional<String> comment, QueryLanguage queryLanguage, Io io,
                            List<StateMachine> branches, List<Retrier> retry, List<Catcher> catchers,
                            Optional<Template> assign, Transition transition) implements State {}
