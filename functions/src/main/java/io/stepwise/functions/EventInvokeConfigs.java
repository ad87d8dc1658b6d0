package io.stepwise.functions;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Asynchronous invocation configs as the Lambda API manages them ({@code Put/Update/Get/Delete/
 * ListFunctionEventInvokeConfig[s]}): every rule and error lives here, in the order Lambda applies them (the model's
 * constraints, then "at least one setting", then the function, then the destinations). Messages are Lambda's own.
 * The Event queue reads the resulting {@link EventQueue.Policy} through {@link #policy}.
 */
public final class EventInvokeConfigs {
    /** {@code DestinationArn} in the API model, verbatim: it is quoted in the ValidationException. */
    private static final String DESTINATION_PATTERN = "$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):"
            + "([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)";
    private static final Pattern DESTINATION = Pattern.compile(DESTINATION_PATTERN);
    private static final Pattern SQS_OR_SNS = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d:\\d{12}:[A-Za-z0-9_-]{1,256}");
    private static final Pattern EVENT_BUS = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d:\\d{12}:event-bus/[A-Za-z0-9._/-]{1,256}");
    private static final Pattern BUCKET = Pattern.compile("::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final FunctionRegistry registry;
    private final EventInvokeConfigStore store;
    private final InstantSource clock;

    EventInvokeConfigs(FunctionRegistry registry, EventInvokeConfigStore store, InstantSource clock) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
    }

    /** PutFunctionEventInvokeConfig: replaces the whole config (a setting not given is removed). */
    public EventInvokeConfig put(FunctionRef ref, EventInvokeConfig.Request r) {
        checkModel(r);
        synchronized (registry) { // DeleteFunction holds this lock: the function cannot vanish before the insert
            FunctionVersion fn = function(ref);
            var d = r.destinations().orElse(new EventInvokeConfig.Destinations(Optional.empty(), Optional.empty()));
            var config = new EventInvokeConfig(fn.functionName(), qualifier(ref), r.maximumRetryAttempts(),
                    r.maximumEventAgeInSeconds(), Optional.empty(), Optional.empty(), clock.instant());
            EventInvokeConfig stored = withDestinations(config, d);
            store.put(stored);
            return stored;
        }
    }

    /** UpdateFunctionEventInvokeConfig: changes the settings given, keeps the others. */
    public EventInvokeConfig update(FunctionRef ref, EventInvokeConfig.Request r) {
        checkModel(r);
        synchronized (registry) {
            FunctionVersion fn = function(ref);
            EventInvokeConfig old = store.get(fn.functionName(), qualifier(ref)).orElseThrow(() -> noConfig(ref));
            var config = new EventInvokeConfig(old.functionName(), old.qualifier(),
                    r.maximumRetryAttempts().isPresent() ? r.maximumRetryAttempts() : old.maximumRetryAttempts(),
                    r.maximumEventAgeInSeconds().isPresent() ? r.maximumEventAgeInSeconds() : old.maximumEventAgeInSeconds(),
                    old.onSuccess(), old.onFailure(), clock.instant());
            EventInvokeConfig stored = r.destinations().map(d -> withDestinations(config, d)).orElse(config);
            store.put(stored);
            return stored;
        }
    }

    public EventInvokeConfig get(FunctionRef ref) {
        return store.get(ref.name(), qualifier(ref)).orElseThrow(() -> noConfig(ref));
    }

    public void delete(FunctionRef ref) {
        if (!store.delete(ref.name(), qualifier(ref))) throw noConfig(ref);
    }

    /** The configs of every qualifier of a function ($LATEST, versions, aliases). */
    public List<EventInvokeConfig> list(String nameOrArn) {
        FunctionRef ref = FunctionRef.parse(nameOrArn);
        function(new FunctionRef(ref.name(), Optional.empty()));
        return store.list(ref.name());
    }

    /** What the queue applies to an event invoked as {@code function:qualifier} (no config: Lambda's defaults). */
    EventQueue.Policy policy(String function, Optional<String> qualifier) {
        String q = qualifier.orElse(FunctionVersion.LATEST);
        Optional<EventInvokeConfig> c = store.get(function, q);
        return new EventQueue.Policy(registry.arn(function, q),
                c.map(EventInvokeConfig::retryAttempts).orElse(EventInvokeConfig.DEFAULT_RETRY_ATTEMPTS),
                c.map(EventInvokeConfig::maximumAge).orElse(EventInvokeConfig.DEFAULT_MAXIMUM_AGE),
                c.flatMap(EventInvokeConfig::onSuccess), c.flatMap(EventInvokeConfig::onFailure));
    }

    // --- rules

    private static String qualifier(FunctionRef ref) {
        return ref.qualifier().orElse(FunctionVersion.LATEST);
    }

    private FunctionVersion function(FunctionRef ref) {
        try {
            return registry.get(ref);
        } catch (LambdaError e) {
            if (e.status() == 404) throw LambdaError.notFound("The function doesn't exist.");
            throw e;
        }
    }

    private LambdaError noConfig(FunctionRef ref) {
        return LambdaError.notFound("The function " + registry.arn(ref.name(), qualifier(ref)) + " doesn't have an EventInvokeConfig");
    }

    /** The constraints of the API model (ranges, the ARN pattern), then the one rule of the operation itself. */
    private static void checkModel(EventInvokeConfig.Request r) {
        range("maximumRetryAttempts", r.maximumRetryAttempts(), 0, 2);
        range("maximumEventAgeInSeconds", r.maximumEventAgeInSeconds(), 60, 21_600);
        r.destinations().ifPresent(d -> {
            d.onSuccess().ifPresent(arn -> pattern("destinationConfig.onSuccess.destination", arn));
            d.onFailure().ifPresent(arn -> pattern("destinationConfig.onFailure.destination", arn));
        });
        if (r.empty()) throw LambdaError.invalidParameter("You must specify at least one of error handling or destination setting.");
    }

    private static void range(String member, OptionalInt value, int min, int max) {
        if (value.isEmpty()) return;
        int v = value.getAsInt();
        if (v < min || v > max) {
            throw LambdaError.validation("Value '" + v + "' at '" + member + "' failed to satisfy constraint: Member must have value "
                    + (v < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
    }

    private static void pattern(String member, String arn) {
        if (arn.length() > 350) {
            throw LambdaError.validation("Value '" + arn + "' at '" + member + "' failed to satisfy constraint: Member must have "
                    + "length less than or equal to 350");
        }
        if (!DESTINATION.matcher(arn).matches()) {
            throw LambdaError.validation("Value '" + arn + "' at '" + member + "' failed to satisfy constraint: Member must satisfy "
                    + "regular expression pattern: " + DESTINATION_PATTERN);
        }
    }

    private EventInvokeConfig withDestinations(EventInvokeConfig c, EventInvokeConfig.Destinations d) {
        Optional<String> success = d.onSuccess().filter(s -> !s.isEmpty());
        Optional<String> failure = d.onFailure().filter(s -> !s.isEmpty());
        Optional<Destination.Service> failureService = failure.flatMap(EventInvokeConfigs::service);
        Optional<Destination.Service> successService = success.flatMap(EventInvokeConfigs::service);
        // S3 takes failure records only (the API documentation says so); an unknown service or Kafka is refused alike.
        if (failure.isPresent() && failureService.isEmpty()
                || success.isPresent() && (successService.isEmpty() || successService.get() == Destination.Service.S3)) {
            throw LambdaError.invalidParameter("The provided destination config DestinationConfig(onSuccess="
                    + success.map(s -> "OnSuccess(destination=" + s + ")").orElse("null") + ", onFailure="
                    + failure.map(s -> "OnFailure(destination=" + s + ")").orElse("null") + ") is invalid.");
        }
        return new EventInvokeConfig(c.functionName(), c.qualifier(), c.maximumRetryAttempts(), c.maximumEventAgeInSeconds(),
                success.map(s -> destination(c.functionName(), s, successService.get())),
                failure.map(s -> destination(c.functionName(), s, failureService.get())), c.lastModified());
    }

    private static Optional<Destination.Service> service(String arn) {
        String[] parts = arn.split(":", -1);
        return parts.length >= 6 && parts[0].equals("arn") ? Destination.Service.of(parts[2]) : Optional.empty();
    }

    /** A destination of a known service whose resource must exist (a function) or at least be well formed (others). */
    private Destination destination(String source, String arn, Destination.Service service) {
        String rest = arn.split(":", 4)[3]; // region:account:resource
        boolean wellFormed = switch (service) {
            case LAMBDA -> lambda(source, arn);
            case SQS, SNS -> SQS_OR_SNS.matcher(rest).matches();
            case EVENTS -> EVENT_BUS.matcher(rest).matches();
            case S3 -> BUCKET.matcher(rest).matches();
        };
        if (!wellFormed) throw LambdaError.invalidParameter("The destination ARN " + arn + " is invalid.");
        return new Destination(arn, service);
    }

    private boolean lambda(String source, String arn) {
        FunctionRef target;
        try {
            target = FunctionRef.parse(arn);
            if (!arn.contains(":function:")) return false;
            registry.get(target);
        } catch (LambdaError e) {
            return false;
        }
        if (target.name().equals(source)) throw LambdaError.invalidParameter("You can't specify the function as a destination for itself.");
        return true;
    }
}
