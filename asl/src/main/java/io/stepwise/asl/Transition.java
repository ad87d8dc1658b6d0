package io.stepwise.asl;

/** Where a state goes when it is done: to a named state, or the end of its (sub-)machine. */
public sealed interface Transition permits Transition.Next, Transition.End {
    record Next(String state) implements Transition {}
    record End() implements Transition {}
}
