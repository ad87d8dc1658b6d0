package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
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
        code = Fixtures.code(dir.resolve("code"), "app.py", "import os\ndef handler(e, c):\n    return os.getpid()\n");
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
}
