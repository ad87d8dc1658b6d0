package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.functions.InvocationEntry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** Event and DryRun invocations, and reserved concurrency throttling. */
class AsyncAndConcurrencyTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<InvocationEntry> records(String name) {
        return server.server.functions().invocations().recent(name, 100);
    }

    @Test
    void an_event_invocation_is_accepted_with_202_and_runs_in_the_background() {
        LambdaApiTest.createEcho(server, "async-ok");
        InvokeResponse r = server.lambda.invoke(b -> b.functionName("async-ok").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"k\": 1}")));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.payload().asByteArray()).isEmpty();
        List<InvocationEntry> done = Eventually.until(() -> records("async-ok"), l -> !l.isEmpty(), "the event to run");
        assertThat(done.getFirst().invocationType()).isEqualTo("Event");
        assertThat(done.getFirst().error()).isEmpty();
        assertThat(done.getFirst().requestId()).as("the function runs with the id the 202 returned")
                .isEqualTo(r.responseMetadata().requestId());
    }

    @Test
    void a_failing_event_is_tried_three_times_in_all() {
        LambdaApiTest.createEcho(server, "async-fail");
        InvokeResponse accepted = server.lambda.invoke(b -> b.functionName("async-fail").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"fail\": true}")));
        List<InvocationEntry> tries = Eventually.until(() -> records("async-fail"), l -> l.size() >= 3, "three attempts");
        assertThat(tries).hasSize(3).allSatisfy(e -> {
            assertThat(e.error()).hasValue("ValueError");
            assertThat(e.requestId()).isEqualTo(accepted.responseMetadata().requestId());
        });
        // the queue is empty once the third attempt failed: no fourth attempt appears after another event ran
        server.lambda.invoke(b -> b.functionName("async-fail").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}")));
        Eventually.until(() -> records("async-fail"), l -> l.size() >= 4, "the next event");
        assertThat(records("async-fail")).hasSize(4);
    }

    @Test
    void dry_run_checks_the_function_and_answers_204() {
        LambdaApiTest.createEcho(server, "dry");
        assertThat(server.lambda.invoke(b -> b.functionName("dry").invocationType(InvocationType.DRY_RUN)).statusCode()).isEqualTo(204);
        assertThat(records("dry")).isEmpty();
    }

    @Test
    void reserved_concurrency_zero_throttles_with_429_and_its_reason() {
        LambdaApiTest.createEcho(server, "throttled");
        var put = server.lambda.putFunctionConcurrency(b -> b.functionName("throttled").reservedConcurrentExecutions(0));
        assertThat(put.reservedConcurrentExecutions()).isZero();
        assertThat(server.lambda.getFunctionConcurrency(b -> b.functionName("throttled")).reservedConcurrentExecutions()).isZero();
        assertThatThrownBy(() -> server.lambda.invoke(b -> b.functionName("throttled")))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.reasonAsString()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
                });
        assertThat(server.http("GET", "/metrics", null).body()).contains("stepwise_function_throttles_total{function=\"throttled\"}");
        server.lambda.deleteFunctionConcurrency(b -> b.functionName("throttled"));
        assertThat(server.lambda.getFunctionConcurrency(b -> b.functionName("throttled")).reservedConcurrentExecutions()).isNull();
        assertThat(server.lambda.invoke(b -> b.functionName("throttled")).statusCode()).isEqualTo(200);
    }

    @Test
    void a_function_larger_than_the_configured_memory_budget_is_throttled_with_the_account_reason() {
        try (TestServer small = TestServer.start(TestServer.config(TestServer.tempDir(), false).withMemoryBudgetMb(256))) {
            LambdaApiTest.createEcho(small, "fits");
            small.lambda.updateFunctionConfiguration(b -> b.functionName("fits").memorySize(256));
            LambdaApiTest.createEcho(small, "too-big");
            small.lambda.updateFunctionConfiguration(b -> b.functionName("too-big").memorySize(512));

            assertThat(small.lambda.invoke(b -> b.functionName("fits")).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> small.lambda.invoke(b -> b.functionName("too-big")))
                    .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.reasonAsString()).isEqualTo("ConcurrentInvocationLimitExceeded");
                    });
            assertThat(small.lambda.invoke(b -> b.functionName("fits")).statusCode()).as("the server stays usable").isEqualTo(200);
        }
    }

    @Test
    void unreserved_concurrency_in_the_account_settings_excludes_what_functions_reserved() {
        try (TestServer own = TestServer.start()) { // its own server: other tests here reserve concurrency too
            LambdaApiTest.createEcho(own, "reserves-10");
            LambdaApiTest.createEcho(own, "reserves-25");
            LambdaApiTest.createEcho(own, "reserves-none");
            own.lambda.putFunctionConcurrency(b -> b.functionName("reserves-10").reservedConcurrentExecutions(10));
            own.lambda.putFunctionConcurrency(b -> b.functionName("reserves-25").reservedConcurrentExecutions(25));

            var limit = own.lambda.getAccountSettings().accountLimit();

            assertThat(limit.concurrentExecutions()).isEqualTo(1000);
            assertThat(limit.unreservedConcurrentExecutions()).isEqualTo(1000 - 10 - 25);
        }
    }
}
