package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Runtime API's answers as AWS documents them (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html and
 * its OpenAPI file): a response, an invocation error and an init error are each accepted with 202 and the
 * StatusResponse {@code {"status":"OK"}}; a call out of turn is 403 with an ErrorResponse; a response over 6 MB is 413.
 * Most tests talk HTTP to the Runtime API of one fake environment; the last one drives it from a real runtime process.
 */
class RuntimeApiProtocolTest {
    static final String STATUS_OK = "{\"status\":\"OK\"}";
    static final String ID = "8476a536-e9f4-11e8-9739-2dfe598c3fcd"; // shaped as Lambda's request ids (a UUID)
    static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:proto:live";
    @TempDir Path dir;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    RuntimeApi api;
    Environment env;
    String base;

    @BeforeEach
    void open() {
        api = new RuntimeApi((e, inv) -> e.initDoneNanos = System.nanoTime());
        env = new FakeEnvironments(dir).launch(Fixtures.spec("proto", "provided.al2023", "h", 128, 30, dir), "proto-env");
        base = "http://127.0.0.1:" + api.open(env, "127.0.0.1", 0) + "/2018-06-01/runtime";
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void a_response_to_the_invocation_in_flight_is_accepted_with_202_and_status_ok() throws Exception {
        Invocation inv = queue("{\"n\":1}");

        HttpResponse<String> next = get("/invocation/next");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(ID);
        assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue(ARN);
        assertThat(next.body()).isEqualTo("{\"n\":1}");

        HttpResponse<String> accepted = post("/invocation/" + ID + "/response", "42", Optional.empty());
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEqualTo(STATUS_OK);
        assertThat(accepted.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(inv.outcome.getNow(null)).isInstanceOfSatisfying(Outcome.Response.class,
                r -> assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("42"));
    }

    @Test
    void an_error_for_the_invocation_in_flight_is_accepted_with_202_and_status_ok() throws Exception {
        Invocation inv = queue("{}");
        get("/invocation/next");

        HttpResponse<String> accepted = post("/invocation/" + ID + "/error", "{\"errorMessage\":\"no\",\"errorType\":\"Custom\"}",
                Optional.of("Unhandled"));

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEqualTo(STATUS_OK);
        assertThat(inv.outcome.getNow(null)).isInstanceOfSatisfying(Outcome.HandlerError.class,
                e -> assertThat(e.errorType()).isEqualTo("Custom"));
    }

    @Test
    void an_init_error_before_the_first_event_is_accepted_with_202_and_fails_the_waiting_invocation() throws Exception {
        Invocation waiting = queue("{}");

        HttpResponse<String> accepted = post("/init/error", "{\"errorMessage\":\"bad config\",\"errorType\":\"ConfigError\"}",
                Optional.of("Runtime.Unknown"));

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEqualTo(STATUS_OK);
        assertThat(waiting.outcome.getNow(null)).isInstanceOfSatisfying(Outcome.InitError.class, e -> {
            assertThat(e.declaredType()).isEqualTo("Runtime.Unknown");
            assertThat(e.errorType()).isEqualTo("ConfigError");
        });
    }

    @Test
    void calls_out_of_turn_are_refused_with_403_and_an_invalid_state_transition() throws Exception {
        assertRefused(post("/invocation/" + ID + "/response", "1", Optional.empty()), "before any event was taken");
        Invocation inv = queue("{}");
        get("/invocation/next");

        assertRefused(post("/invocation/not-" + ID + "/response", "1", Optional.empty()), "another request id");
        assertRefused(post("/invocation/not-" + ID + "/error", "{}", Optional.empty()), "an error for another request id");
        assertRefused(post("/init/error", "{}", Optional.empty()), "an init error after init");
        assertThat(inv.outcome).as("no refused call ends the invocation").isNotDone();

        assertThat(post("/invocation/" + ID + "/response", "1", Optional.empty()).statusCode()).isEqualTo(202);
        assertRefused(post("/invocation/" + ID + "/response", "2", Optional.empty()), "a second response");
        assertRefused(post("/invocation/" + ID + "/error", "{}", Optional.empty()), "an error after the response");
        assertThat(inv.outcome.getNow(null)).isInstanceOfSatisfying(Outcome.Response.class,
                r -> assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("1"));
    }

    @Test
    void a_response_over_6_mb_is_refused_with_413_and_the_invocation_ends_too_large() throws Exception {
        Invocation inv = queue("{}");
        get("/invocation/next");

        HttpResponse<String> refused = post("/invocation/" + ID + "/response", "x".repeat(6 * 1024 * 1024 + 1), Optional.empty());

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("\"errorType\":\"RequestEntityTooLarge\"");
        assertThat(inv.outcome.getNow(null)).isEqualTo(new Outcome.TooLarge(6 * 1024 * 1024 + 1));
    }

    @Test
    void a_real_runtime_is_answered_403_out_of_turn_and_202_with_status_ok_in_turn() throws Exception {
        // The first event's calls are reported as the second event's response: curl prints each body, then its status.
        Path code = Fixtures.code(dir.resolve("code"), "bootstrap", """
                #!/bin/sh
                API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
                H="$(mktemp)"
                next() { curl -sS -D "$H" -o /dev/null "$API/invocation/next"; grep -i Lambda-Runtime-Aws-Request-Id "$H" | tr -d '[:space:]' | cut -d: -f2; }
                status() { curl -s -o /dev/null -w '%{http_code}' -X POST "$@"; }
                answer() { curl -s -w ' %{http_code}' -X POST "$@"; }
                ID=$(next)
                WRONG=$(status "$API/invocation/not-$ID/response" -d '1')
                LATE_INIT=$(status "$API/init/error" -d '{}')
                ERROR=$(answer "$API/invocation/$ID/error" -H 'Lambda-Runtime-Function-Error-Type: Custom' \\
                  -d '{"errorMessage":"asked to fail","errorType":"Custom","stackTrace":[]}')
                AGAIN=$(status "$API/invocation/$ID/response" -d '1')
                ID=$(next)
                status "$API/invocation/$ID/response" -d "wrong=$WRONG init=$LATE_INIT error=$ERROR again=$AGAIN"
                next
                """);
        try (var runtime = new FunctionRuntime(RuntimeConfig.defaults(dir.resolve("data")))) {
            FunctionSpec fn = Fixtures.spec("proto", "provided.al2023", "h", 128, 30, code);

            InvocationResult failed = runtime.invoke(fn, InvokeRequest.of("{}"));
            InvocationResult report = runtime.invoke(fn, InvokeRequest.of("{}"));

            assertThat(failed.functionError()).contains("Unhandled");
            assertThat(failed.errorType()).contains("Custom");
            assertThat(report.payloadText()).isEqualTo("wrong=403 init=403 error=" + STATUS_OK + " 202 again=403");
        }
    }

    @Test
    void a_function_errors_type_is_the_error_jsons_else_the_one_the_runtime_declared() {
        assertThat(RuntimeApi.errorType(bytes("{\"errorMessage\":\"x\",\"errorType\":\"java.lang.IllegalStateException\"}"),
                "Runtime.UserException")).isEqualTo("java.lang.IllegalStateException");
        assertThat(RuntimeApi.errorType(bytes("{\"errorMessage\":\"x\"}"), "Custom")).isEqualTo("Custom");
        assertThat(RuntimeApi.errorType(bytes("{\"errorType\":42}"), "Custom")).isEqualTo("Custom");
        assertThat(RuntimeApi.errorType(bytes("[\"errorType\"]"), "Custom")).isEqualTo("Custom");
        assertThat(RuntimeApi.errorType(bytes("segfault, no JSON"), "Unhandled")).isEqualTo("Unhandled");
        assertThat(RuntimeApi.errorType(new byte[0], "Unhandled")).isEqualTo("Unhandled");
    }

    /** Hands the environment an invocation with request id {@link #ID}, for its next {@code /next}. */
    private Invocation queue(String payload) {
        var inv = new Invocation(ID, ARN, bytes(payload), Optional.empty(), 30_000);
        env.inbox.add(inv);
        return inv;
    }

    private static void assertRefused(HttpResponse<String> r, String what) {
        assertThat(r.statusCode()).as(what).isEqualTo(403);
        assertThat(r.body()).as(what).contains("\"errorType\":\"InvalidStateTransition\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, Optional<String> errorType) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        errorType.ifPresent(t -> request.header("Lambda-Runtime-Function-Error-Type", t));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
