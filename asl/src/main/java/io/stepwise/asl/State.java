package io.stepwise.asl;

import java.util.Optional;

/** One ASL state. {@code queryLanguage()} is the effective language (state's own, else the machine's). */
public sealed interface State permits PassState, TaskState, ChoiceState, WaitState,
        SucceedState, FailState, ParallelState, MapState {
    String name();
    Optional<String> comment();
    QueryLanguage queryLanguage();
}
