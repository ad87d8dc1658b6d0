package io.stepwise.functions;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The launcher and stopper of an {@link EnvironmentPool}, without processes: each environment gets a process that
 * lives until it is destroyed. It counts what is held (launching, or launched and not yet stopped) overall and per
 * function, and the most ever held at once, so tests can check that the pool never overshoots its limits.
 */
final class FakeEnvironments {
    /** Runs inside the launcher, outside the pool's lock when the pool is right: may block, or throw to fail the launch. */
    interface Hook {
        void beforeStart(FunctionSpec fn) throws Exception;
    }

    final List<Environment> launched = new CopyOnWriteArrayList<>();
    final List<Environment> stopped = new CopyOnWriteArrayList<>();
    final AtomicInteger maxMemoryHeldMb = new AtomicInteger();
    private final Set<Environment> stoppedOnce = ConcurrentHashMap.newKeySet();
    private final AtomicInteger memoryHeldMb = new AtomicInteger();
    private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxHeld = new ConcurrentHashMap<>();
    private final Path dir;
    private volatile Hook hook = fn -> {};

    FakeEnvironments(Path dir) {
        this.dir = dir;
    }

    FakeEnvironments onLaunch(Hook hook) {
        this.hook = hook;
        return this;
    }

    EnvironmentPool pool(RuntimeConfig config) {
        return new EnvironmentPool(config, this::launch, this::stop);
    }

    /** The most environments of this function ever launching or alive at once. */
    int maxHeld(String function) {
        return maxHeld.getOrDefault(function, new AtomicInteger()).get();
    }

    Environment launch(FunctionSpec fn, String envId) {
        hold(fn, 1);
        try {
            hook.beforeStart(fn);
        } catch (Exception e) {
            hold(fn, -1);
            throw new IllegalStateException("launch of " + fn.name() + " failed: " + e, e);
        }
        var env = new Environment(envId, fn, NO_LIMITS, dir, dir, (f, line) -> {});
        env.process = new FakeProcess();
        launched.add(env);
        return env;
    }

    void stop(Environment env) {
        env.kill();
        if (stoppedOnce.add(env)) {
            hold(env.fn, -1);
            stopped.add(env);
        }
    }

    private void hold(FunctionSpec fn, int n) {
        maxMemoryHeldMb.accumulateAndGet(memoryHeldMb.addAndGet(n * fn.memoryMb()), Math::max);
        int now = held.computeIfAbsent(fn.name(), k -> new AtomicInteger()).addAndGet(n);
        maxHeld.computeIfAbsent(fn.name(), k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
    }

    private static final Sandbox.Cell NO_LIMITS = new Sandbox.Cell() {
        @Override
        public String enterScript() {
            return "";
        }

        @Override
        public long cpuNanos() {
            return -1;
        }

        @Override
        public long peakMemoryBytes() {
            return -1;
        }

        @Override
        public void resetPeak() {}

        @Override
        public void limitCpu(int memoryMb) {}

        @Override
        public boolean oomKilled() {
            return false;
        }

        @Override
        public void destroy() {}
    };

    /** Alive until destroyed. */
    static final class FakeProcess extends Process {
        private final CountDownLatch dead = new CountDownLatch(1);

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public int waitFor() throws InterruptedException {
            dead.await();
            return 137;
        }

        @Override
        public int exitValue() {
            if (isAlive()) throw new IllegalThreadStateException("still running");
            return 137;
        }

        @Override
        public void destroy() {
            dead.countDown();
        }

        @Override
        public boolean isAlive() {
            return dead.getCount() > 0;
        }
    }
}
