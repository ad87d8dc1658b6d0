package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Task: one unit of work done by a resource, with optional timeouts, retries and catchers. */
public record TaskState(String name, Optional<String> comment, QueryLanguage queryLanguage, Io io,
                        TaskResource resource, Optional<ValueSource> timeoutSeconds,
                        Optional<ValueSource> heartbeatSeconds, Optional<JsonNode> credentials,
                        List<Retrier> retry, List<Catcher> catchers, Optional<Template> assign,
                        Transition transition) implements State {}
