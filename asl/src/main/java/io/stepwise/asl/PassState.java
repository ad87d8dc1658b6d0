package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Pass: copies (or shapes) its input to its output; {@code Result} stands in for a task result. */
public record PassState(String name, Optional<String> comment, QueryLanguage queryLanguage, Io io,
                        Optional<JsonNode> result, Optional<Template> assign, Transition transition) implements State {}
