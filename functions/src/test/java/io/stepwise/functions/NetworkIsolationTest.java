package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each environment has a network of its own: its Runtime API and, through NAT, what lies outside the host, but nothing
 * of the host (its loopback services, its own addresses, whatever listens on 0.0.0.0) and nothing of other
 * environments. Traffic goes only to this machine: the "outside" server runs in a network namespace this test makes.
 * Needs root, iproute2 and nftables, as CI has (scripts/setup-test-deps.sh installs nftables).
 */
class NetworkIsolationTest {
    private static final String CONNECT = """
            import errno, json, os, socket, urllib.request
            def connect(addr, port):
                s = socket.socket()
                s.settimeout(5)
                try:
                    s.connect((addr, port))
                    return "ok"
                except socket.timeout:
                    return "timeout"
                except OSError as e:
                    return errno.errorcode.get(e.errno, str(e))
                finally:
                    s.close()
            def fetch(url):
                try:
                    return urllib.request.urlopen(url, timeout=5).read().decode()
                except OSError as e:
                    e = getattr(e, "reason", e)
                    return errno.errorcode.get(getattr(e, "errno", None), str(e))
            OWN = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")[0]
            """;

    static OutsideNetwork outside;
    static String outsideAddress;

    @TempDir Path dir;
    Path data;
    FunctionRuntime runtime;
    ServerSocket loopbackService;   // stands for the Stepwise API and every other service on 127.0.0.1
    ServerSocket wildcardService;   // a service on 0.0.0.0: reachable at every address of the host

    /** An HTTP server answering "outside" in a network namespace of the test's own, linked to the host by a veth. */
    @BeforeAll
    static void outside() throws Exception {
        assumeTrue(Namespace.isRoot() && FunctionNetwork.detect().isPresent(), "network namespaces need root, ip and nft");
        outside = OutsideNetwork.create();
        outsideAddress = outside.address();
        Process server = outside.start("python3", "-c", """
                import http.server, sys
                class H(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(200); self.end_headers(); self.wfile.write(b"outside")
                    def log_message(self, *a): pass
                s = http.server.HTTPServer((sys.argv[1], 8080), H)
                print("ready", flush=True)
                s.serve_forever()
                """, outsideAddress);
        String line = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).isEqualTo("ready");
    }

    @AfterAll
    static void removeOutside() throws Exception {
        if (outside != null) outside.close();
    }

    @BeforeEach
    void start() throws IOException {
        data = dir.resolve("data");
        runtime = new FunctionRuntime(RuntimeConfig.defaults(data));
        loopbackService = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        wildcardService = new ServerSocket(0);
    }

    @AfterEach
    void stop() throws IOException {
        if (runtime != null) runtime.close();
        if (loopbackService != null) loopbackService.close();
        if (wildcardService != null) wildcardService.close();
    }

    private FunctionSpec python(String name, String body, boolean network) {
        Path code = Fixtures.code(data.resolve("code").resolve(name + "-sha"), "app.py", CONNECT + body);
        return new FunctionSpec(name, "arn:aws:lambda:us-east-1:000000000000:function:" + name, "$LATEST", "python3.12",
                "app.handler", 256, 30, 512, Map.of(), code, "rev-1", OptionalInt.empty(), network);
    }

    private String invoke(FunctionSpec fn, String event) throws Exception {
        InvocationResult r = runtime.invoke(fn, InvokeRequest.of(event));
        assertThat(r.functionError()).as(String.join("\n", runtime.logs().recent(fn.name(), 40))).isEmpty();
        return r.payloadText();
    }

    @Test
    void a_function_reaches_an_outside_server_but_no_service_of_the_host() throws Exception {
        String hostAddress = hostAddress();
        try (Socket control = new Socket()) {   // from the host itself the wildcard service answers at that address
            control.connect(new InetSocketAddress(hostAddress, wildcardService.getLocalPort()), 5000);
        }
        FunctionSpec fn = python("nosy", """
                def handler(event, context):
                    return {"outside": fetch("http://%s:8080/"),
                            "loopbackService": connect("127.0.0.1", event["loopback"]),
                            "postgres": connect("127.0.0.1", 5432),
                            "hostAddress": connect(event["host"], event["wildcard"]),
                            "ownHostSide": connect(OWN, event["wildcard"])}
                """.formatted(outsideAddress), true);

        String r = invoke(fn, "{\"loopback\":" + loopbackService.getLocalPort() + ",\"wildcard\":" + wildcardService.getLocalPort()
                + ",\"host\":\"" + hostAddress + "\"}");

        assertThat(r).contains("\"outside\": \"outside\"");
        // loopback is the environment's own: nothing of the host's listens there
        assertThat(r).contains("\"loopbackService\": \"ECONNREFUSED\"", "\"postgres\": \"ECONNREFUSED\"");
        // the host's addresses answer with nftables' reject, not with the service
        assertThat(r).contains("\"hostAddress\": \"EHOSTUNREACH\"", "\"ownHostSide\": \"EHOSTUNREACH\"");
    }

    @Test
    void a_function_cannot_reach_another_environment_nor_its_runtime_api() throws Exception {
        FunctionSpec other = python("other", """
                def handler(event, context):
                    return OWN
                """, true);
        String otherApi = invoke(other, "{}").replace("\"", "");   // stays warm, its runtime waiting in /next
        Environment otherEnv = runtime.pool.environments("other").getFirst();
        FunctionSpec fn = python("thief", """
                def handler(event, context):
                    return {"ownApi": connect(OWN, 9001),
                            "otherApi": fetch("http://" + event["api"] + ":9001/2018-06-01/runtime/invocation/next"),
                            "otherEnv": connect(event["env"], 9001)}
                """, true);

        String r = invoke(fn, "{\"api\":\"" + otherApi + "\",\"env\":\"" + otherEnv.network.envAddress() + "\"}");

        assertThat(otherApi).isEqualTo(otherEnv.network.hostAddress());
        assertThat(r).contains("\"ownApi\": \"ok\"", "\"otherApi\": \"EHOSTUNREACH\"", "\"otherEnv\": \"EHOSTUNREACH\"");
    }

    @Test
    void a_function_in_a_vpc_reaches_its_runtime_api_and_nothing_else() throws Exception {
        FunctionSpec fn = python("private", """
                def handler(event, context):
                    return {"outside": fetch("http://%s:8080/"), "ownApi": connect(OWN, 9001)}
                """.formatted(outsideAddress), false);

        assertThat(invoke(fn, "{}")).isEqualTo("{\"outside\": \"ENETUNREACH\", \"ownApi\": \"ok\"}");
    }

    @Test
    void an_environments_network_is_removed_with_it() throws Exception {
        FunctionSpec fn = python("brief", """
                def handler(event, context):
                    return OWN
                """, true);
        invoke(fn, "{}");
        FunctionNetwork.Lease lease = runtime.pool.environments("brief").getFirst().network;
        assertThat(Path.of("/run/netns", lease.netns())).exists();
        assertThat(Path.of("/sys/class/net", lease.hostInterface())).exists();

        runtime.retire("brief");

        assertThat(Path.of("/run/netns", lease.netns())).doesNotExist();
        assertThat(Path.of("/sys/class/net", lease.hostInterface())).doesNotExist();
    }

    @Test
    void a_launch_that_fails_gives_its_network_back() throws Exception {
        List<String> before = stepwiseNamespaces();
        Path code = Fixtures.code(data.resolve("code/cobol-sha"), "app.cbl", "IDENTIFICATION DIVISION.\n");
        FunctionSpec fn = new FunctionSpec("cobol", "arn:aws:lambda:us-east-1:000000000000:function:cobol", "$LATEST",
                "cobol85", "app.main", 128, 3, 512, Map.of(), code, "rev-1", OptionalInt.empty(), true);

        assertThatThrownBy(() -> runtime.invoke(fn, InvokeRequest.of("{}"))).hasMessageContaining("unsupported runtime cobol85");
        assertThat(stepwiseNamespaces()).isEqualTo(before);
    }

    private static List<String> stepwiseNamespaces() throws IOException {
        try (var names = java.nio.file.Files.list(Path.of("/run/netns"))) {
            return names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("stepwise-")).sorted().toList();
        }
    }

    @Test
    void a_slot_another_server_holds_is_skipped_and_leftovers_of_a_killed_one_are_removed() throws Exception {
        FunctionNetwork network = FunctionNetwork.detect().orElseThrow();
        network.searchFrom(ThreadLocalRandom.current().nextInt(8_000, 16_000));  // far from the slots servers use first
        FunctionNetwork.Lease first = network.open(true);
        network.close(first);
        int held = (first.slot() + 1) % FunctionNetwork.SLOTS, stale = (first.slot() + 2) % FunctionNetwork.SLOTS;
        sh("ip netns add stepwise-" + stale + " && ip link add swh" + stale + " type veth peer name eth0 netns stepwise-" + stale); // as a SIGKILL leaves them
        Process other = new ProcessBuilder("python3", "-c", """
                import fcntl, sys
                f = open(sys.argv[1], "w")
                fcntl.lockf(f, fcntl.LOCK_EX)
                print("locked", flush=True)
                sys.stdin.read()
                """, "/run/stepwise/net/" + held).redirectErrorStream(true).start();
        try {
            assertThat(new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8)).readLine()).isEqualTo("locked");

            FunctionNetwork.Lease next = network.open(true);
            try {
                assertThat(next.slot()).isEqualTo(stale);
                assertThat(sh("ip -n " + next.netns() + " -o addr show dev eth0")).contains(next.envAddress() + "/30");
                assertThat(sh("ip -o addr show dev " + next.hostInterface())).contains(next.hostAddress() + "/30");
            } finally {
                network.close(next);
            }
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    /** A non-loopback IPv4 address of this host (the test only connects to it from the host and the environment). */
    private static String hostAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback() && !i.getName().startsWith("sw");
                    } catch (IOException e) {
                        return false;
                    }
                }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address)
                .map(InetAddress::getHostAddress).findFirst().orElseThrow(() -> new IOException("no IPv4 address on this host"));
    }

    private static String sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(script + "\n" + out).isZero();
        return out;
    }
}
