package io.stepwise.functions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Warm environments per function: reuse an idle one of the same version and revision (versions keep their own
 * environments, as on Lambda, so alternating between an alias's versions stays warm), else start one if the function's
 * reserved concurrency and the global memory budget allow (evicting other functions' idle environments first),
 * else throttle.
 * <p>
 * Design note: a cold start reserves its place under the lock (a {@link Starting}: it counts toward the function's
 * reserved concurrency and the memory budget from that moment, so the counts are never overshot) and then launches
 * outside it, so that a Map fanning out to 100 new environments starts them in parallel rather than one after the
 * other. A reservation is not an environment yet: nobody else can be handed it, and the reaper and the eviction of
 * idle environments do not see it. When the launch ends the reservation becomes the environment, under the lock; a
 * launch that throws gives the reservation back; one that ends after {@link #close} finds its reservation gone and
 * stops what it started; one whose function was retired meanwhile serves its caller and is then stopped.
 */
final class EnvironmentPool {
    record Lease(Environment env, boolean cold) {}

    /** A cold start between its reservation and the end of its launch. */
    private static final class Starting {
        final FunctionSpec fn;
        final String envId;
        boolean retired; // guarded by the pool

        Starting(FunctionSpec fn, String envId) {
            this.fn = fn;
            this.envId = envId;
        }
    }

    private final RuntimeConfig config;
    private final BiFunction<FunctionSpec, String, Environment> launcher;
    private final Consumer<Environment> stopper;
    private final Map<String, List<Environment>> byFunction = new HashMap<>();
    private final Map<String, List<Starting>> starting = new HashMap<>();
    private int memoryInUseMb;  // environments' and reservations' memory
    private boolean closed;

    EnvironmentPool(RuntimeConfig config, BiFunction<FunctionSpec, String, Environment> launcher, Consumer<Environment> stopper) {
        this.config = config;
        this.launcher = launcher;
        this.stopper = stopper;
    }

    Lease acquire(FunctionSpec fn) throws TooManyRequestsException {
        List<Environment> toStop = new ArrayList<>();
        Starting slot;
        try {
            synchronized (this) {
                if (closed) throw new IllegalStateException("the function runtime is closed");
                List<Environment> envs = byFunction.computeIfAbsent(fn.name(), k -> new ArrayList<>());
                Environment otherVersion = null;  // an idle environment of another version, least recently used
                for (Iterator<Environment> it = envs.iterator(); it.hasNext(); ) {
                    Environment e = it.next();
                    if (e.state != Environment.State.IDLE) continue;
                    boolean sameVersion = e.fn.version().equals(fn.version());
                    if (!e.alive() || sameVersion && !e.fn.revisionId().equals(fn.revisionId())) {
                        remove(it, e, toStop);
                    } else if (sameVersion) {
                        e.state = Environment.State.BUSY;
                        return new Lease(e, false);
                    } else if (otherVersion == null || e.idleSince.isBefore(otherVersion.idleSince)) {
                        otherVersion = e;
                    }
                }
                List<Starting> launching = starting.computeIfAbsent(fn.name(), k -> new ArrayList<>());
                // Reserved concurrency counts every version's environments, started or starting, as on Lambda; an idle
                // one of another version gives way before the call is throttled.
                if (fn.reservedConcurrency().isPresent()
                        && envs.size() + launching.size() >= fn.reservedConcurrency().getAsInt()) {
                    if (otherVersion == null) {
                        throw new TooManyRequestsException(TooManyRequestsException.Reason.ReservedFunctionConcurrentInvocationLimitExceeded,
                                "Rate Exceeded.");
                    }
                    envs.remove(otherVersion);
                    discard(otherVersion, toStop);
                }
                evictIdleFor(fn.memoryMb(), toStop);
                if (memoryInUseMb + fn.memoryMb() > config.globalMemoryBudgetMb()) {
                    throw new TooManyRequestsException(TooManyRequestsException.Reason.ConcurrentInvocationLimitExceeded,
                            "Rate Exceeded.");
                }
                String envId = fn.name().replaceAll("[^A-Za-z0-9_]", "_") + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
                slot = new Starting(fn, envId);
                launching.add(slot);
                memoryInUseMb += fn.memoryMb();
            }
        } finally {
            toStop.forEach(stopper);
        }
        return new Lease(launch(slot), true);
    }

    /** Starts the reserved environment outside the lock; the reservation becomes the environment, or is given back. */
    private Environment launch(Starting slot) {
        Environment env;
        try {
            env = launcher.apply(slot.fn, slot.envId);
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                if (unreserve(slot)) memoryInUseMb -= slot.fn.memoryMb();
            }
            throw e;
        }
        boolean kept;
        synchronized (this) {
            kept = unreserve(slot);
            if (kept && env.state == Environment.State.DEAD) {
                memoryInUseMb -= slot.fn.memoryMb(); // its process died at once and release() already stopped it
            } else if (kept) {
                if (slot.retired) env.retired = true;
                byFunction.computeIfAbsent(slot.fn.name(), k -> new ArrayList<>()).add(env);
            }
        }
        if (!kept) {
            stopper.accept(env);
            throw new IllegalStateException("the function runtime closed while an environment of " + slot.fn.name() + " started");
        }
        return env;
    }

    /** Takes the reservation out; false when {@link #close} already dropped it. */
    private boolean unreserve(Starting slot) {
        List<Starting> launching = starting.get(slot.fn.name());
        return launching != null && launching.remove(slot);
    }

    void release(Environment env, boolean healthy) {
        boolean stop = false;
        synchronized (this) {
            List<Environment> envs = byFunction.getOrDefault(env.fn.name(), List.of());
            if (!envs.contains(env)) {
                stop = true;          // discarded already, or its launch has not ended yet (it died at once)
                env.state = Environment.State.DEAD;
            } else if (!healthy || env.retired || !env.alive()) {
                envs.remove(env);
                memoryInUseMb -= env.fn.memoryMb();
                stop = true;
            } else {
                env.idleSince = config.clock().instant();
                env.state = Environment.State.IDLE;
            }
        }
        if (stop) stopper.accept(env);
    }

    void reapIdle() {
        List<Environment> toStop = new ArrayList<>();
        synchronized (this) {
            Instant cutoff = config.clock().instant().minus(config.idleTimeout());
            for (List<Environment> envs : byFunction.values()) {
                for (Iterator<Environment> it = envs.iterator(); it.hasNext(); ) {
                    Environment e = it.next();
                    if (e.state == Environment.State.IDLE && !e.idleSince.isAfter(cutoff)) remove(it, e, toStop);
                }
            }
        }
        toStop.forEach(stopper);
    }

    void retire(String functionName) {
        List<Environment> toStop = new ArrayList<>();
        synchronized (this) {
            List<Environment> envs = byFunction.getOrDefault(functionName, new ArrayList<>());
            for (Iterator<Environment> it = envs.iterator(); it.hasNext(); ) {
                Environment e = it.next();
                e.retired = true;
                if (e.state == Environment.State.IDLE) remove(it, e, toStop);
            }
            starting.getOrDefault(functionName, List.of()).forEach(slot -> slot.retired = true);
        }
        toStop.forEach(stopper);
    }

    synchronized List<Environment> environments(String functionName) {
        return List.copyOf(byFunction.getOrDefault(functionName, List.of()));
    }

    void close() {
        List<Environment> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            byFunction.values().forEach(all::addAll);
            byFunction.clear();
            starting.clear(); // each launch still running stops its environment when it ends
            memoryInUseMb = 0;
        }
        all.forEach(stopper);
    }

    private void evictIdleFor(int memoryMb, List<Environment> toStop) {
        if (memoryInUseMb + memoryMb <= config.globalMemoryBudgetMb()) return;
        List<Environment> idle = new ArrayList<>();
        byFunction.values().forEach(l -> l.stream().filter(e -> e.state == Environment.State.IDLE).forEach(idle::add));
        idle.sort(java.util.Comparator.comparing(e -> e.idleSince)); // least recently used first
        for (Environment e : idle) {
            if (memoryInUseMb + memoryMb <= config.globalMemoryBudgetMb()) return;
            byFunction.get(e.fn.name()).remove(e);
            discard(e, toStop);
        }
    }

    private void remove(Iterator<Environment> it, Environment e, List<Environment> toStop) {
        it.remove();
        discard(e, toStop);
    }

    /** Frees the memory of an environment already taken out of its list; it is stopped outside the lock. */
    private void discard(Environment e, List<Environment> toStop) {
        memoryInUseMb -= e.fn.memoryMb();
        e.state = Environment.State.DEAD;
        toStop.add(e);
    }
}
