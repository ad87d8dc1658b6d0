package io.stepwise.functions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>
 * At most {@link RuntimeConfig#maxConcurrentStarts} environments start at once, from the reservation until their
 * runtime has initialised (its first invocation delivered: that is where a cold start's time goes). An invocation that would start
 * another waits until an environment of its function and version becomes idle (then it takes that one, warm) or a
 * start slot frees (then it starts its own), whichever comes first: a fan-out to 100 invocations on a small host thus
 * starts environments as fast as the host can, while the first ones ready already serve the rest, instead of 100
 * cold starts sharing two cores and each running into the init limit. Waiting uses a {@link ReentrantLock} condition
 * (virtual threads do not pin their carrier on it).
 */
final class EnvironmentPool {
    /**
     * An environment handed to one invocation. A cold one holds a start slot until its runtime has initialised:
     * {@link #ready} (called when its first invocation is delivered, or ends undelivered; once is enough) frees it.
     */
    record Lease(Environment env, boolean cold, Runnable ready) {
        Lease(Environment env, boolean cold) {
            this(env, cold, () -> { });
        }

        void initialised() { ready.run(); }
    }

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
    private int startsInProgress;
    private int waitingForStart;
    private boolean closed;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an environment becomes idle, a start ends, or the pool closes. */
    private final Condition changed = lock.newCondition();

    EnvironmentPool(RuntimeConfig config, BiFunction<FunctionSpec, String, Environment> launcher, Consumer<Environment> stopper) {
        this.config = config;
        this.launcher = launcher;
        this.stopper = stopper;
    }

    Lease acquire(FunctionSpec fn) throws TooManyRequestsException {
        List<Environment> toStop = new ArrayList<>();
        Starting slot;
        lock.lock();
        try {
            while (true) {
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
                // Reserved concurrency counts every version's environments, started or starting, as on Lambda; an
                // idle one of another version gives way before the call is throttled.
                boolean atReserved = fn.reservedConcurrency().isPresent()
                        && envs.size() + launching.size() >= fn.reservedConcurrency().getAsInt();
                if (atReserved && otherVersion == null) {
                    throw new TooManyRequestsException(TooManyRequestsException.Reason.ReservedFunctionConcurrentInvocationLimitExceeded,
                            "Rate Exceeded.");
                }
                if (startsInProgress >= config.maxConcurrentStarts()) {
                    waitingForStart++;
                    try {
                        changed.awaitUninterruptibly();   // an idle environment or a free start slot, then look again
                    } finally {
                        waitingForStart--;
                    }
                    continue;
                }
                if (atReserved) {
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
                startsInProgress++;
                break;
            }
        } finally {
            lock.unlock();
            toStop.forEach(stopper);
        }
        Environment env = launch(slot);
        var once = new java.util.concurrent.atomic.AtomicBoolean();
        return new Lease(env, true, () -> {
            if (!once.compareAndSet(false, true)) return;
            lock.lock();
            try {
                startEnded();
            } finally {
                lock.unlock();
            }
        });
    }

    /** Starts the reserved environment outside the lock; the reservation becomes the environment, or is given back. */
    private Environment launch(Starting slot) {
        Environment env;
        try {
            env = launcher.apply(slot.fn, slot.envId);
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                startEnded();
                if (unreserve(slot)) memoryInUseMb -= slot.fn.memoryMb();
            } finally {
                lock.unlock();
            }
            throw e;
        }
        boolean kept;
        lock.lock();
        try {
            kept = unreserve(slot);
            if (kept && env.state == Environment.State.DEAD) {
                memoryInUseMb -= slot.fn.memoryMb(); // its process died at once and release() already stopped it
            } else if (kept) {
                if (slot.retired) env.retired = true;
                byFunction.computeIfAbsent(slot.fn.name(), k -> new ArrayList<>()).add(env);
            }
        } finally {
            lock.unlock();
        }
        if (!kept) {
            lock.lock();
            try {
                startEnded();
            } finally {
                lock.unlock();
            }
            stopper.accept(env);
            throw new IllegalStateException("the function runtime closed while an environment of " + slot.fn.name() + " started");
        }
        return env;
    }

    /** A start slot is free again (an environment initialised, or failed to): a waiting invocation may start one. */
    private void startEnded() {
        startsInProgress--;
        changed.signalAll();
    }

    /** Takes the reservation out; false when {@link #close} already dropped it. */
    private boolean unreserve(Starting slot) {
        List<Starting> launching = starting.get(slot.fn.name());
        return launching != null && launching.remove(slot);
    }

    void release(Environment env, boolean healthy) {
        boolean stop = false;
        lock.lock();
        try {
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
                changed.signalAll();   // an invocation waiting for a start slot may take it instead
            }
        } finally {
            lock.unlock();
        }
        if (stop) stopper.accept(env);
    }

    void reapIdle() {
        List<Environment> toStop = new ArrayList<>();
        lock.lock();
        try {
            Instant cutoff = config.clock().instant().minus(config.idleTimeout());
            for (List<Environment> envs : byFunction.values()) {
                for (Iterator<Environment> it = envs.iterator(); it.hasNext(); ) {
                    Environment e = it.next();
                    if (e.state == Environment.State.IDLE && !e.idleSince.isAfter(cutoff)) remove(it, e, toStop);
                }
            }
        } finally {
            lock.unlock();
        }
        toStop.forEach(stopper);
    }

    void retire(String functionName) {
        List<Environment> toStop = new ArrayList<>();
        lock.lock();
        try {
            List<Environment> envs = byFunction.getOrDefault(functionName, new ArrayList<>());
            for (Iterator<Environment> it = envs.iterator(); it.hasNext(); ) {
                Environment e = it.next();
                e.retired = true;
                if (e.state == Environment.State.IDLE) remove(it, e, toStop);
            }
            starting.getOrDefault(functionName, List.of()).forEach(slot -> slot.retired = true);
        } finally {
            lock.unlock();
        }
        toStop.forEach(stopper);
    }

    int startsInProgress() {
        lock.lock();
        try {
            return startsInProgress;
        } finally {
            lock.unlock();
        }
    }

    /** Invocations waiting for a start slot or an idle environment. */
    int waitingForStart() {
        lock.lock();
        try {
            return waitingForStart;
        } finally {
            lock.unlock();
        }
    }

    List<Environment> environments(String functionName) {
        lock.lock();
        try {
            return List.copyOf(byFunction.getOrDefault(functionName, List.of()));
        } finally {
            lock.unlock();
        }
    }

    void close() {
        List<Environment> all = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            byFunction.values().forEach(all::addAll);
            byFunction.clear();
            starting.clear(); // each launch still running stops its environment when it ends
            memoryInUseMb = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
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
