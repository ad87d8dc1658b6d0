package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentPoolTest {
    @TempDir Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final InstantSource clock = now::get;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    FunctionRuntime runtime;
    Path code;

    @BeforeEach
    void start() {
        runtime = new FunctionRuntime(new RuntimeConfig(dir.resolve("data"), 1024, Duration.ofMinutes(5), clock, meters, "eu-west-1"));
        code = Fixtures.code(dir.resolve("code"), "app.py", "import os\ndef handler(e, c):\n    return os.environ['AWS_LAMBDA_LOG_STREAM_NAME']\n");
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void an_idle_environment_is_reaped_after_the_idle_timeout_of_the_injected_clock() throws Exception {
        FunctionSpec fn = Fixtures.spec("idle", "python3.12", "app.handler", 128, 30, code);
        runtime.invoke(fn, InvokeRequest.of("{}"));

        now.set(now.get().plus(Duration.ofMinutes(4)));
        runtime.pool.reapIdle();
        assertThat(runtime.pool.environments("idle")).hasSize(1);
        now.set(now.get().plus(Duration.ofMinutes(1)));
        runtime.pool.reapIdle();

        assertThat(runtime.pool.environments("idle")).isEmpty();
        assertThat(runtime.invoke(fn, InvokeRequest.of("{}")).metering().coldStart()).isTrue();
        assertThat(meters.get("stepwise.function.cold.starts").counter().count()).isEqualTo(2);
        assertThat(meters.get("stepwise.function.invocations").counter().count()).isEqualTo(2);
    }

    @Test
    void a_new_revision_never_reuses_an_environment_of_the_old_one() throws Exception {
        FunctionSpec v1 = Fixtures.spec("rev", "python3.12", "app.handler", 128, 30, code);
        FunctionSpec v2 = new FunctionSpec("rev", v1.functionArn(), "$LATEST", "python3.12", "app.handler", 128, 3, 512,
                v1.environment(), code, "rev-2", OptionalInt.empty());
        String first = runtime.invoke(v1, InvokeRequest.of("{}")).payloadText();

        InvocationResult second = runtime.invoke(v2, InvokeRequest.of("{}"));

        assertThat(second.metering().coldStart()).isTrue();
        assertThat(second.payloadText()).isNotEqualTo(first);
        assertThat(runtime.pool.environments("rev")).hasSize(1);
    }

    @Test
    void zero_reserved_concurrency_throttles_with_the_aws_reason() {
        FunctionSpec fn = new FunctionSpec("off", "arn", "$LATEST", "python3.12", "app.handler", 128, 3, 512,
                java.util.Map.of(), code, "r", OptionalInt.of(0));

        assertThatThrownBy(() -> runtime.invoke(fn, InvokeRequest.of("{}")))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.reason())
                        .isEqualTo(TooManyRequestsException.Reason.ReservedFunctionConcurrentInvocationLimitExceeded));
    }

    @Test
    void exceeding_the_global_memory_budget_throttles_with_the_account_reason() {
        FunctionSpec fn = Fixtures.spec("big", "python3.12", "app.handler", 2048, 30, code);

        assertThatThrownBy(() -> runtime.invoke(fn, InvokeRequest.of("{}")))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.reason())
                        .isEqualTo(TooManyRequestsException.Reason.ConcurrentInvocationLimitExceeded));
    }

    private FunctionSpec version(FunctionSpec latest, String version, OptionalInt reserved) {
        return new FunctionSpec(latest.name(), latest.functionArn().replace("$LATEST", version), version, latest.runtime(),
                latest.handler(), latest.memoryMb(), latest.timeoutSeconds(), latest.ephemeralStorageMb(), latest.environment(),
                latest.codeDir(), "rev-of-" + version, reserved);
    }

    @Test
    void alternating_between_two_versions_keeps_both_warm() throws Exception {
        FunctionSpec latest = Fixtures.spec("alias", "python3.12", "app.handler", 128, 30, code);
        FunctionSpec one = version(latest, "1", OptionalInt.empty());
        String latestEnv = runtime.invoke(latest, InvokeRequest.of("{}")).payloadText();
        String oneEnv = runtime.invoke(one, InvokeRequest.of("{}")).payloadText();

        for (int i = 0; i < 3; i++) {
            InvocationResult a = runtime.invoke(latest, InvokeRequest.of("{}"));
            InvocationResult b = runtime.invoke(one, InvokeRequest.of("{}"));
            assertThat(a.metering().coldStart()).isFalse();
            assertThat(b.metering().coldStart()).isFalse();
            assertThat(a.payloadText()).isEqualTo(latestEnv);
            assertThat(b.payloadText()).isEqualTo(oneEnv);
        }
        assertThat(oneEnv).isNotEqualTo(latestEnv);
        assertThat(runtime.pool.environments("alias")).hasSize(2);
    }

    @Test
    void reserved_concurrency_counts_every_version_and_an_idle_one_of_another_version_gives_way() throws Exception {
        FunctionSpec latest = version(Fixtures.spec("one-slot", "python3.12", "app.handler", 128, 30, code), "$LATEST",
                OptionalInt.of(1));
        FunctionSpec one = version(latest, "1", OptionalInt.of(1));
        runtime.invoke(latest, InvokeRequest.of("{}"));

        InvocationResult r = runtime.invoke(one, InvokeRequest.of("{}"));

        assertThat(r.metering().coldStart()).isTrue();
        assertThat(runtime.pool.environments("one-slot")).singleElement()
                .satisfies(e -> assertThat(e.fn.version()).isEqualTo("1"));
    }

    @Test
    void a_reused_environment_sees_the_arn_each_call_was_made_with() throws Exception {
        Path arnCode = Fixtures.code(dir.resolve("arn"), "app.py",
                "def handler(e, c):\n    return c.invoked_function_arn\n");
        FunctionSpec byVersion = version(Fixtures.spec("named", "python3.12", "app.handler", 128, 30, arnCode), "1",
                OptionalInt.empty());
        FunctionSpec byAlias = new FunctionSpec("named", byVersion.functionArn().replace(":1", ":live"), "1",
                byVersion.runtime(), byVersion.handler(), 128, 30, 512, byVersion.environment(), arnCode,
                byVersion.revisionId(), OptionalInt.empty());

        String first = runtime.invoke(byVersion, InvokeRequest.of("{}")).payloadText();
        InvocationResult second = runtime.invoke(byAlias, InvokeRequest.of("{}"));

        assertThat(second.metering().coldStart()).isFalse();
        assertThat(first).endsWith(":function:named:1\"");
        assertThat(second.payloadText()).endsWith(":function:named:live\"");
    }

    // Cold starts outside the pool's lock, with a fake launcher (FakeEnvironments): no processes.

    /** Generous for a loaded 2-core machine; reached only when the pool is wrong. */
    private static final long WAIT_SECONDS = 30;

    private EnvironmentPool fakePool(FakeEnvironments fakes, int memoryBudgetMb) {
        return fakePool(fakes, memoryBudgetMb, 64);
    }

    private EnvironmentPool fakePool(FakeEnvironments fakes, int memoryBudgetMb, int maxConcurrentStarts) {
        return fakes.pool(new RuntimeConfig(dir.resolve("fake"), memoryBudgetMb, Duration.ofMinutes(5), clock, meters,
                "eu-west-1").withMaxConcurrentStarts(maxConcurrentStarts));
    }

    private FunctionSpec fake(String name, int memoryMb, OptionalInt reserved) {
        return new FunctionSpec(name, "arn:aws:lambda:eu-west-1:000000000000:function:" + name, "$LATEST", "python3.12",
                "app.handler", memoryMb, 30, 512, Map.of(), code, "rev-1", reserved);
    }

    /** Waits at most {@link #WAIT_SECONDS} for the latch: inside a fake launch, a timeout fails the launch. */
    private static void await(CountDownLatch latch) throws TimeoutException, InterruptedException {
        if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) throw new TimeoutException("waited " + WAIT_SECONDS + " s");
    }

    /** Makes the {@code n} calls at once, each on its own thread; their results in order. */
    private static <T> List<T> concurrently(int n, IntFunction<Callable<T>> call) throws Exception {
        var go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(n)) {
            List<Future<T>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> c = call.apply(i);
                calls.add(threads.submit(() -> {
                    go.await();
                    return c.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : calls) results.add(f.get());
            return results;
        }
    }

    @Test
    void cold_starts_of_a_fan_out_launch_in_parallel_not_one_after_another() throws Exception {
        int n = 8;
        var allLaunching = new CyclicBarrier(n); // passes only when all n launches are under way at once
        var fakes = new FakeEnvironments(dir).onLaunch(fn -> allLaunching.await(WAIT_SECONDS, TimeUnit.SECONDS));
        EnvironmentPool pool = fakePool(fakes, n * 128);
        FunctionSpec fn = fake("fan-out", 128, OptionalInt.empty());

        List<EnvironmentPool.Lease> leases = concurrently(n, i -> () -> pool.acquire(fn));

        assertThat(leases).allSatisfy(l -> assertThat(l.cold()).isTrue());
        assertThat(leases).extracting(EnvironmentPool.Lease::env).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(pool.environments("fan-out"));
    }

    @Test
    void no_more_environments_start_at_once_than_the_start_limit() throws Exception {
        var inLaunch = new java.util.concurrent.atomic.AtomicInteger();
        var most = new java.util.concurrent.atomic.AtomicInteger();
        var twoIn = new CountDownLatch(2);
        var fakes = new FakeEnvironments(dir).onLaunch(fn -> {
            most.accumulateAndGet(inLaunch.incrementAndGet(), Math::max);
            twoIn.countDown();
            await(twoIn);      // the first two launches overlap, so a limit of 2 is reached
            inLaunch.decrementAndGet();
        });
        EnvironmentPool pool = fakePool(fakes, 64 * 128, 2);
        FunctionSpec fn = fake("limited", 128, OptionalInt.empty());

        // each caller keeps its environment busy: nobody can take another's, so all 6 must start their own
        List<EnvironmentPool.Lease> leases = concurrently(6, i -> () -> {
            EnvironmentPool.Lease l = pool.acquire(fn);
            l.initialised();   // its runtime is up: the start slot is free
            return l;
        });

        assertThat(leases).allSatisfy(l -> assertThat(l.cold()).isTrue());
        assertThat(pool.environments("limited")).hasSize(6);
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void an_invocation_waiting_for_a_start_slot_takes_an_environment_that_becomes_idle_instead() throws Exception {
        var slowStart = new CountDownLatch(1);
        var fakes = new FakeEnvironments(dir).onLaunch(fn -> {
            if (fn.name().equals("other")) await(slowStart);   // holds the only start slot
        });
        EnvironmentPool pool = fakePool(fakes, 64 * 128, 1);
        FunctionSpec fn = fake("reused", 128, OptionalInt.empty());
        EnvironmentPool.Lease busy = pool.acquire(fn);                       // an environment of fn, in use
        busy.initialised();
        var other = Executors.newSingleThreadExecutor().submit(() -> pool.acquire(fake("other", 128, OptionalInt.empty())));
        awaitTrue(() -> pool.startsInProgress() == 1);
        var waiting = Executors.newSingleThreadExecutor().submit(() -> pool.acquire(fn));
        awaitTrue(() -> pool.waitingForStart() == 1);                        // no idle environment, no free slot

        pool.release(busy.env(), true);

        EnvironmentPool.Lease lease = waiting.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(lease.cold()).isFalse();
        assertThat(lease.env()).isSameAs(busy.env());
        assertThat(pool.environments("reused")).hasSize(1);
        slowStart.countDown();
        assertThat(other.get(WAIT_SECONDS, TimeUnit.SECONDS).cold()).isTrue();
    }

    @Test
    void a_start_slot_is_held_until_the_environment_has_initialised_not_only_until_its_process_started() throws Exception {
        var fakes = new FakeEnvironments(dir);
        EnvironmentPool pool = fakePool(fakes, 64 * 128, 1);
        EnvironmentPool.Lease first = pool.acquire(fake("a", 128, OptionalInt.empty()));   // spawned, not initialised
        var second = Executors.newSingleThreadExecutor().submit(() -> pool.acquire(fake("b", 128, OptionalInt.empty())));
        awaitTrue(() -> pool.waitingForStart() == 1);
        assertThat(second).isNotDone();

        first.initialised();
        first.initialised();   // once is enough: a second call frees nothing more

        assertThat(second.get(WAIT_SECONDS, TimeUnit.SECONDS).cold()).isTrue();
        assertThat(pool.startsInProgress()).isEqualTo(1);
    }

    /** Waits (at most {@link #WAIT_SECONDS}) for another thread to bring the pool to a state. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new TimeoutException("waited " + WAIT_SECONDS + " s");
            Thread.onSpinWait();
        }
    }

    @Test
    void concurrent_cold_starts_never_exceed_reserved_concurrency_or_the_memory_budget() throws Exception {
        int callers = 24;
        var decided = new CountDownLatch(callers); // each caller is either inside its launch or throttled
        var fakes = new FakeEnvironments(dir).onLaunch(fn -> {
            decided.countDown();
            await(decided); // so every admitted launch is under way at the same time
        });
        EnvironmentPool pool = fakePool(fakes, 1024);
        FunctionSpec reserved = fake("reserved", 128, OptionalInt.of(3));
        FunctionSpec big = fake("big", 256, OptionalInt.empty());

        List<Optional<EnvironmentPool.Lease>> leases = concurrently(callers, i -> () -> {
            try {
                return Optional.of(pool.acquire(i % 2 == 0 ? reserved : big));
            } catch (TooManyRequestsException e) {
                decided.countDown();
                return Optional.empty();
            }
        });

        assertThat(fakes.maxHeld("reserved")).isLessThanOrEqualTo(3);
        assertThat(fakes.maxMemoryHeldMb).hasValueLessThanOrEqualTo(1024);
        int small = (int) leases.stream().flatMap(Optional::stream).filter(l -> l.env().fn == reserved).count();
        int large = (int) leases.stream().flatMap(Optional::stream).filter(l -> l.env().fn == big).count();
        int used = small * 128 + large * 256;
        assertThat(used).as("the budget is used up, never overshot").isBetween(1024 - 255, 1024);
        assertThat(small == 3 || used > 1024 - 128).as("the reserved function got its 3 or the memory ran out").isTrue();
        assertThat(pool.environments("reserved")).hasSize(small);
        assertThat(pool.environments("big")).hasSize(large);
    }

    @Test
    void a_launch_that_fails_gives_its_reservation_back() throws Exception {
        var failures = new AtomicInteger(1);
        var fakes = new FakeEnvironments(dir).onLaunch(fn -> {
            if (failures.getAndDecrement() > 0) throw new IOException("cannot start runtime python3.12");
        });
        EnvironmentPool pool = fakePool(fakes, 256);
        FunctionSpec fn = fake("flaky", 256, OptionalInt.of(1)); // one slot, and all of the memory

        assertThatThrownBy(() -> pool.acquire(fn)).hasMessageContaining("cannot start runtime");
        EnvironmentPool.Lease lease = pool.acquire(fn);

        assertThat(lease.cold()).isTrue();
        assertThat(pool.environments("flaky")).containsExactly(lease.env());
    }

    @Test
    void an_environment_whose_launch_ends_after_close_is_stopped() throws Exception {
        var launching = new CountDownLatch(1);
        var proceed = new CountDownLatch(1);
        var fakes = new FakeEnvironments(dir).onLaunch(fn -> {
            launching.countDown();
            await(proceed);
        });
        EnvironmentPool pool = fakePool(fakes, 1024);
        FunctionSpec fn = fake("late", 128, OptionalInt.empty());

        try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
            Future<EnvironmentPool.Lease> call = caller.submit(() -> pool.acquire(fn));
            await(launching);
            pool.close();
            proceed.countDown();

            assertThatThrownBy(call::get).cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
        assertThat(fakes.launched).hasSize(1);
        assertThat(fakes.stopped).containsExactlyElementsOf(fakes.launched);
        assertThat(fakes.launched.getFirst().alive()).isFalse();
        assertThatThrownBy(() -> pool.acquire(fn)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void an_environment_still_starting_when_its_function_is_retired_serves_its_caller_and_is_then_stopped() throws Exception {
        var launching = new CountDownLatch(1);
        var proceed = new CountDownLatch(1);
        var fakes = new FakeEnvironments(dir).onLaunch(fn -> {
            launching.countDown();
            await(proceed);
        });
        EnvironmentPool pool = fakePool(fakes, 1024);
        FunctionSpec fn = fake("changing", 128, OptionalInt.empty());

        EnvironmentPool.Lease lease;
        try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
            Future<EnvironmentPool.Lease> call = caller.submit(() -> pool.acquire(fn));
            await(launching);
            pool.retire("changing");
            proceed.countDown();
            lease = call.get();
        }
        assertThat(fakes.stopped).isEmpty();
        pool.release(lease.env(), true);

        assertThat(fakes.stopped).containsExactly(lease.env());
        assertThat(pool.environments("changing")).isEmpty();
    }

    @Test
    void the_reaper_and_eviction_leave_an_environment_that_is_still_starting_alone() throws Exception {
        var launching = new CountDownLatch(1);
        var proceed = new CountDownLatch(1);
        var fakes = new FakeEnvironments(dir).onLaunch(fn -> {
            if (!fn.name().equals("slow")) return;
            launching.countDown();
            await(proceed);
        });
        EnvironmentPool pool = fakePool(fakes, 256);
        FunctionSpec slow = fake("slow", 128, OptionalInt.empty());
        FunctionSpec other = fake("other", 256, OptionalInt.empty());

        EnvironmentPool.Lease lease;
        try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
            Future<EnvironmentPool.Lease> call = caller.submit(() -> pool.acquire(slow));
            await(launching);
            now.set(now.get().plus(Duration.ofHours(1)));
            pool.reapIdle();
            assertThatThrownBy(() -> pool.acquire(other)).as("its memory is held, and it cannot be evicted")
                    .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.reason())
                            .isEqualTo(TooManyRequestsException.Reason.ConcurrentInvocationLimitExceeded));
            proceed.countDown();
            lease = call.get();
        }
        now.set(now.get().plus(Duration.ofHours(1)));
        pool.reapIdle(); // started, its runtime has not asked for the event yet

        assertThat(pool.environments("slow")).containsExactly(lease.env());
        assertThat(fakes.stopped).isEmpty();
    }

    @Test
    void an_environment_whose_process_dies_before_its_launch_ends_is_not_kept() throws Exception {
        var fakes = new FakeEnvironments(dir);
        var config = new RuntimeConfig(dir.resolve("fake"), 128, Duration.ofMinutes(5), clock, meters, "eu-west-1");
        var pool = new AtomicReference<EnvironmentPool>();
        var dying = new AtomicInteger(1);
        pool.set(new EnvironmentPool(config, (fn, id) -> {
            Environment env = fakes.launch(fn, id);
            if (dying.getAndDecrement() > 0) pool.get().release(env, false); // its exit is seen before the launch returns
            return env;
        }, fakes::stop));
        FunctionSpec fn = fake("dies", 128, OptionalInt.empty());

        Environment dead = pool.get().acquire(fn).env();
        EnvironmentPool.Lease next = pool.get().acquire(fn);

        assertThat(dead.alive()).isFalse();
        assertThat(fakes.stopped).containsExactly(dead);
        assertThat(next.cold()).isTrue();
        assertThat(pool.get().environments("dies")).containsExactly(next.env());
    }
}
