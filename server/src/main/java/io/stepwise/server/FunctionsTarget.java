package io.stepwise.server;

import io.stepwise.engine.Buckets;
import io.stepwise.functions.FunctionConfig;
import io.stepwise.functions.FunctionRef;
import io.stepwise.functions.FunctionVersion;
import io.stepwise.functions.Functions;
import io.stepwise.functions.InvocationResult;
import io.stepwise.functions.InvokeRequest;
import io.stepwise.functions.LambdaError;
import io.stepwise.functions.Metering;
import io.stepwise.tuning.Measurement;
import io.stepwise.tuning.Target;
import io.stepwise.tuning.TuningException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The power tuner's way to the functions of this server, in process: versions and aliases through the registry,
 * invocations through the runtime (their REPORT figures come straight from its metering, not from parsed logs).
 * Versions the tuner publishes carry the description {@value #MARK}; the cleaner deletes only those.
 */
final class FunctionsTarget implements Target {
    static final String MARK = "stepwise power tuning";
    static final String COLD_VARIABLE = "STEPWISE_TUNING_COLD_START";

    private final Functions functions;
    private final Buckets buckets;

    FunctionsTarget(Functions functions, Buckets buckets) {
        this.functions = functions;
        this.buckets = buckets;
    }

    @Override
    public Function describe(String function) throws TuningException {
        FunctionVersion v = latest(function);
        FunctionConfig c = v.config();
        return new Function(v.functionName(), functions.registry().arn(v.functionName()), c.memoryMb(),
                c.timeoutSeconds(), c.architectures().isEmpty() ? "x86_64" : c.architectures().getFirst());
    }

    private FunctionVersion latest(String function) throws TuningException {
        try {
            return functions.registry().get(FunctionRef.parse(function, Optional.empty()));
        } catch (LambdaError e) {
            throw new TuningException(e.type(), e.getMessage());
        }
    }

    /** $LATEST is changed, published and changed back under the function's lock: one tuning step at a time. */
    @Override
    public void prepare(String function, int memoryMb, String alias, String coldTag) throws TuningException {
        String name = describe(function).name();
        synchronized (lock(name)) {
            try {
                FunctionConfig before = latest(name).config();
                Map<String, String> env = new HashMap<>(before.environment());
                if (!coldTag.isEmpty()) env.put(COLD_VARIABLE, coldTag);
                functions.registry().updateConfig(name, new FunctionConfig.Changes(Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.of(memoryMb), Optional.empty(), Optional.empty(),
                        Optional.of(env)), Optional.empty());
                FunctionVersion v;
                try {
                    v = functions.registry().publish(name, Optional.empty(), Optional.of(MARK + ": " + alias),
                            Optional.empty());
                } finally {
                    functions.registry().updateConfig(name, new FunctionConfig.Changes(Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(before.memoryMb()),
                            Optional.empty(), Optional.empty(), Optional.of(before.environment())), Optional.empty());
                }
                pointAlias(name, alias, v.version());
            } catch (LambdaError e) {
                throw new TuningException(e.type(), e.getMessage());
            }
        }
    }

    private void pointAlias(String name, String alias, String version) {
        boolean exists = functions.registry().aliases(name, Optional.empty()).stream()
                .anyMatch(a -> a.name().equals(alias));
        if (exists) {
            functions.registry().updateAlias(name, alias, Optional.of(version), Optional.empty(), Optional.empty(),
                    Optional.empty());
        } else {
            functions.registry().createAlias(name, alias, version, MARK, Map.of());
        }
    }

    @Override
    public Measurement invoke(String function, String qualifier, byte[] payload) throws TuningException {
        FunctionRef ref = FunctionRef.parse(function, Optional.of(qualifier));
        InvocationResult r;
        try {
            r = functions.invoke(ref, new InvokeRequest(payload, false, Optional.empty()));
        } catch (LambdaError e) {
            if (e.type().equals("TooManyRequestsException")) {
                return new Measurement(Optional.of(e.type()), 0, 0, OptionalDouble.empty(), 0, "{}");
            }
            throw new TuningException(e.type(), e.getMessage());
        }
        Metering m = r.metering();
        // what was billed, init included when it was billed: the GB-seconds back in milliseconds at this memory size
        double billedMs = Math.round(m.gbSeconds() * 1024 * 1000 / m.memorySizeMb());
        return new Measurement(r.errorType(), m.durationMs(), Math.max(billedMs, m.billedDurationMs()),
                m.coldStart() ? m.initDurationMs() : OptionalDouble.empty(), m.maxMemoryUsedMb(), r.payloadText());
    }

    @Override
    public void remove(String function, List<String> aliases) throws TuningException {
        String name = describe(function).name();
        synchronized (lock(name)) {
            for (String alias : aliases) {
                var existing = functions.registry().aliases(name, Optional.empty()).stream()
                        .filter(a -> a.name().equals(alias)).findFirst();
                if (existing.isEmpty()) continue;
                String version = existing.get().functionVersion();
                try {
                    functions.registry().deleteAlias(name, alias);
                    boolean ours = functions.registry().versions(name).stream()
                            .anyMatch(v -> v.version().equals(version) && v.config().description().startsWith(MARK));
                    boolean used = !functions.registry().aliases(name, Optional.of(version)).isEmpty();
                    if (ours && !used) functions.registry().delete(FunctionRef.parse(name, Optional.of(version)));
                } catch (LambdaError e) {
                    throw new TuningException(e.type(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void setMemory(String function, int memoryMb) throws TuningException {
        try {
            functions.registry().updateConfig(describe(function).name(), new FunctionConfig.Changes(Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(memoryMb), Optional.empty(),
                    Optional.empty(), Optional.empty()), Optional.empty());
        } catch (LambdaError e) {
            throw new TuningException(e.type(), e.getMessage());
        }
    }

    @Override
    public String publishAlias(String function, String alias) throws TuningException {
        String name = describe(function).name();
        try {
            FunctionVersion v = functions.registry().publish(name, Optional.empty(), Optional.empty(), Optional.empty());
            pointAlias(name, alias, v.version());
            return v.version();
        } catch (LambdaError e) {
            throw new TuningException(e.type(), e.getMessage());
        }
    }

    @Override
    public byte[] readObject(String bucket, String key) throws TuningException {
        try {
            return buckets.get(bucket, key);
        } catch (Buckets.BucketError e) {
            throw new TuningException("Error", "payloadS3 s3://" + bucket + "/" + key + " cannot be read: " + e.code()
                    + ": " + e.getMessage());
        }
    }

    private static final Map<String, Object> LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Object lock(String name) { return LOCKS.computeIfAbsent(name, n -> new Object()); }
}
