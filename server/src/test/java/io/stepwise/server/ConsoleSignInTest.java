package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Signing in the browser, in Debian's chromium driven by playwright-core (console-signin/run.mjs), against a real
 * server that checks SigV4 and knows the console's key. The console is opened through this machine's LAN address, so
 * the page is not a secure context (no WebCrypto) and the vendored hashing does the signing. Unsigned calls from the
 * page are refused; cancelled, the pages show the refusal until "Sign in" in the header; a wrong secret is refused in the dialog with the server's message; the right one lists the state
 * machines, starts an execution and invokes a function (signed writes), reads the function's invocations from
 * /stepwise/v1; Sign out forgets the key. A server whose clock is ahead of the browser's takes the signature once the
 * console has learnt the difference from its refusal. A server without authentication never asks.
 */
@Tag("slow")
class ConsoleSignInTest {
    static final String ID = "AKIDCONSOLE";
    static final String SECRET = "console/secret+key";
    static final ObjectMapper JSON = new ObjectMapper();
    static TestServer signed;
    static TestServer open;
    static TestServer ahead;
    static String lan;
    static JsonNode results;

    @BeforeAll
    static void signInFromTheBrowser() throws Exception {
        ConsoleScript.prepare();
        lan = lanAddress();
        // the SDK clients of TestServer sign with test/test: that key sets the scene, the console brings its own
        signed = TestServer.start(TestServer.config(TestServer.tempDir(), false).withHost("0.0.0.0")
                .withAuth(new Auth.SigV4(AccessKeys.of("test", "test").and(AccessKeys.of(ID, SECRET)))));
        open = TestServer.start();
        // the SDK cannot sign for a server 20 minutes ahead: its machine is created by the same data on a punctual one
        Path aheadData = TestServer.tempDir();
        TestServer punctual = TestServer.start(aheadData, false);
        Workflows.create(punctual.sfn, "in-twenty-minutes", """
                {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}""");
        punctual.stop();
        ahead = TestServer.start(TestServer.config(aheadData, false).withClock(Clock.offset(Clock.systemUTC(),
                Duration.ofMinutes(20))).withAuth(new Auth.SigV4(AccessKeys.of(ID, SECRET))));
        String machine = Workflows.create(signed.sfn, "orders", """
                {"StartAt": "Prepare", "States": {"Prepare": {"Type": "Pass", "Result": {"order": 42}, "End": true}}}""");
        Workflows.create(open.sfn, "unguarded", """
                {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}""");
        signed.lambda.createFunction(b -> b.functionName("hello").runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").code(c -> c.zipFile(Zips.of("app.py",
                        "def handler(event, context):\n    return {'hello': event.get('who')}\n"))));

        var scenario = JSON.createObjectNode().put("id", ID).put("secret", SECRET).put("machine", machine)
                .put("function", "hello").put("payload", "{\"who\": \"console\"}").put("open", open.endpoint())
                .put("ahead", ahead.endpoint());
        results = ConsoleScript.run("console-signin", "http://" + lan + ":" + signed.server.port(), scenario, 300);
    }

    /** The address this machine reaches others from (its default route's); connecting a UDP socket sends nothing. */
    static String lanAddress() throws Exception {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(InetAddress.getByName("192.0.2.1"), 9);
            InetAddress local = probe.getLocalAddress();
            assertThat(local instanceof Inet4Address && !local.isAnyLocalAddress() && !local.isLoopbackAddress())
                    .as("the test opens the console through a non-loopback address; this machine has none: %s", local).isTrue();
            return local.getHostAddress();
        }
    }

    @AfterAll
    static void stop() {
        if (signed != null) signed.close();
        if (open != null) open.close();
        if (ahead != null) ahead.close();
    }

    @Test
    void a_server_without_authentication_is_never_asked_for_a_key() {
        assertThat(results.path("openMachines").toString()).contains("unguarded");
        assertThat(results.path("openAsked").asBoolean()).isFalse();
        assertThat(results.path("openSignOut").asBoolean()).as("nothing to sign out of").isFalse();
    }

    @Test
    void the_console_over_the_lan_has_no_webcrypto_and_signs_all_the_same() {
        assertThat(results.path("secureContext").asBoolean()).isFalse();
        assertThat(results.path("subtle").asBoolean()).isFalse();
        assertThat(results.path("machines").toString()).contains("orders");
    }

    @Test
    void without_a_key_the_page_reaches_nothing_a_plain_client_cannot() {
        assertThat(results.path("askedFor").asText()).contains("MissingAuthenticationTokenException");
        assertThat(results.path("unsigned").toString()).isEqualTo(JSON.createObjectNode()
                .put("stepFunctions", "403 MissingAuthenticationTokenException")
                .put("lambda", "403 MissingAuthenticationTokenException")
                .put("stepwise", "403 MissingAuthenticationTokenException").toString());
        assertThat(results.path("machinesBeforeSignIn").size()).isZero();
    }

    @Test
    void cancelled_the_page_shows_the_refusal_and_nothing_asks_again_until_sign_in_in_the_header() {
        assertThat(results.path("cancelled").asText()).isEqualTo("MissingAuthenticationTokenException: Missing Authentication Token");
        assertThat(results.path("askedAfterCancel").asBoolean()).isFalse();
    }

    @Test
    void a_wrong_secret_is_refused_in_the_dialog_with_the_servers_message() {
        assertThat(results.path("wrongSecret").asText()).isEqualTo("InvalidSignatureException: The request signature we "
                + "calculated does not match the signature you provided. Check your AWS Secret Access Key and signing "
                + "method. Consult the service documentation for details.");
        assertThat(results.path("unknownKey").asText())
                .isEqualTo("UnrecognizedClientException: The security token included in the request is invalid.");
        assertThat(results.path("dialogOpenAfterRefusal").asBoolean()).isTrue();
    }

    @Test
    void the_right_key_lists_the_machines_starts_an_execution_and_invokes_a_function_signed() {
        assertThat(results.path("signOutTitle").asText()).isEqualTo("Signed in as " + ID);
        assertThat(results.path("executionStatus").asText()).isEqualTo("SUCCEEDED");
        var executions = signed.sfn.listExecutions(b -> b.stateMachineArn(results.path("machineArn").asText())).executions();
        assertThat(executions).extracting(e -> e.name()).containsExactly("from-the-signed-console");
        assertThat(results.path("response").asText()).contains("\"hello\": \"console\"");
        assertThat(results.path("invocations").asInt()).as("read from /stepwise/v1, signed").isPositive();
        assertThat(results.path("pageErrors")).as("errors in the page").isEmpty();
    }

    @Test
    void a_server_whose_clock_is_twenty_minutes_ahead_takes_the_signature_after_one_refusal() {
        assertThat(results.path("aheadMachines").toString()).contains("in-twenty-minutes");
        assertThat(results.path("aheadError").asText()).as("no refusal shown").isEmpty();
    }

    @Test
    void the_key_lasts_the_tab_and_sign_out_forgets_it() {
        assertThat(results.path("askedAfterReload").asBoolean()).isFalse();
        assertThat(results.path("storage").asText()).isEqualTo("sessionStorage");
        assertThat(results.path("localStorageKeys").size()).as("nothing written to localStorage").isZero();
        assertThat(results.path("askedAfterSignOut").asBoolean()).isTrue();
    }
}
