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
}
