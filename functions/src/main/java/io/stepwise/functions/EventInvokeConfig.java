package io.stepwise.functions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The asynchronous invocation settings of one function and qualifier ({@code $LATEST}, a version or an alias), as
 * {@code PutFunctionEventInvokeConfig} stores them: a setting that was not given stays empty (the API shows it absent)
 * and the queue uses Lambda's default for it.
 */
public record EventInvokeConfig(String functionName, String qualifier, OptionalInt maximumRetryAttempts,
                                OptionalInt maximumEventAgeInSeconds, Optional<Destination> onSuccess,
                                Optional<Destination> onFailure, Instant lastModified) {
    /** Lambda's defaults: two retries after a function error, events kept for six hours. */
    public static final int DEFAULT_RETRY_ATTEMPTS = 2;
    public static final Duration DEFAULT_MAXIMUM_AGE = Duration.ofHours(6);

    /**
     * The members of a Put or Update request, not yet checked; an empty member was not sent. {@code destinations} is
     * the {@code DestinationConfig} object, which replaces both sides as a whole when sent.
     */
    public record Request(OptionalInt maximumRetryAttempts, OptionalInt maximumEventAgeInSeconds,
                          Optional<Destinations> destinations) {
        boolean empty() {
            return maximumRetryAttempts.isEmpty() && maximumEventAgeInSeconds.isEmpty() && destinations.isEmpty();
        }
    }

    /** {@code DestinationConfig}: the {@code Destination} ARN of {@code OnSuccess} and of {@code OnFailure}. */
    public record Destinations(Optional<String> onSuccess, Optional<String> onFailure) {}

    int retryAttempts() {
        return maximumRetryAttempts.orElse(DEFAULT_RETRY_ATTEMPTS);
    }

    Duration maximumAge() {
        return maximumEventAgeInSeconds.isPresent() ? Duration.ofSeconds(maximumEventAgeInSeconds.getAsInt()) : DEFAULT_MAXIMUM_AGE;
    }
}
