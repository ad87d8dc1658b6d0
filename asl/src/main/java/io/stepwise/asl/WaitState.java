package io.stepwise.asl;

import java.util.Optional;

/** Wait: delays for some seconds or until a timestamp. */
public record WaitState(String name, Optional<String> comment, QueryLanguage queryLanguage, Io io,
                        WaitFor waitFor, Optional<Template> assign, Transition transition) implements State {

    /** Exactly one of Seconds / SecondsPath / Timestamp / TimestampPath (or their JSONata forms). */
    public sealed interface WaitFor permits Seconds, Timestamp {}
    public record Seconds(ValueSource seconds) implements WaitFor {}
    public record Timestamp(ValueSource timestamp) implements WaitFor {}
}
