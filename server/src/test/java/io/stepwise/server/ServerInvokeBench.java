package io.stepwise.server;

import io.stepwise.functions.FunctionRef;
import io.stepwise.functions.InvokeRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * What the HTTP edge adds to a warm invocation: the same warm function invoked in-process
 * ({@code Functions.invoke}), over raw HTTP (keep-alive, {@code java.net.http}) and through the AWS SDK for Java v2.
 * The difference between the first two is the Lambda API's own cost (routing, JSON check, headers, TCP loopback).
 * Run: {@code java -cp server/target/classes:server/target/test-classes:$(cat /tmp/scp) io.stepwise.server.ServerInvokeBench [n] [sigv4]}
 * With {@code sigv4} the server checks signatures: the SDK signs every call, the raw request carries one signature
 * made up front (valid 15 minutes), and the verification alone is timed too.
 */
public final class ServerInvokeBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        boolean sigv4 = args.length > 1 && args[1].equals("sigv4");
        ServerConfig config = TestServer.config(TestServer.tempDir(), false);
        if (sigv4) config = config.withAuth(new Auth.SigV4(AccessKeys.of("test", "test"))); // the TestServer client's key
        try (TestServer s = TestServer.start(config)) {
            String runtime = "python3.12";
            String handler = "app.handler";
            SdkBytes code = Zips.of("app.py", "def handler(e, c):\n    return e\n");
            Path c = Path.of("functions/src/test/resources/bench/echo_bootstrap.c");
            if (Files.exists(c)) {
                Path bin = Files.createTempDirectory("echo").resolve("bootstrap");
                if (new ProcessBuilder("cc", "-O2", "-o", bin.toString(), c.toString()).inheritIO().start().waitFor() == 0) {
                    runtime = "provided.al2023";
                    handler = "x";
                    code = SdkBytes.fromByteArray(Zips.zip(Map.of("bootstrap", Files.readAllBytes(bin))));
                }
            }
            String rt = runtime;
            String h = handler;
            SdkBytes zip = code;
            s.lambda.createFunction(b -> b.functionName("bench").runtime(rt).handler(h).role(LambdaApiTest.ROLE)
                    .memorySize(1769).code(cc -> cc.zipFile(zip)));
            System.out.printf("function: %s echo, 1769 MB, n=%d, auth %s%n", rt, n, sigv4 ? "SigV4" : "none");
            byte[] event = "{\"k\":\"v\"}".getBytes();
            var ref = new FunctionRef("bench", java.util.Optional.empty());
            measure("in-process Functions.invoke", n, () -> s.server.functions().invoke(ref, new InvokeRequest(event, false, java.util.Optional.empty())));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            var rb = HttpRequest.newBuilder(URI.create(s.endpoint() + "/2015-03-31/functions/bench/invocations"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event));
            if (sigv4) signOnce(rb, s.endpoint().substring("http://".length()), event);
            HttpRequest req = rb.build();
            measure("raw HTTP POST /invocations", n, () -> {
                try {
                    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body()));
                    return r;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            measure("AWS SDK v2 LambdaClient.invoke", n, () -> s.lambda.invoke(b -> b.functionName("bench").payload(SdkBytes.fromByteArray(event))));
        }
    }

    /** Signs the raw request once (valid 15 minutes), and times what the server does with it: parse, then verify. */
    private static void signOnce(HttpRequest.Builder rb, String host, byte[] body) {
        String path = "/2015-03-31/functions/bench/invocations";
        String amzDate = SigV4.AMZ_DATE.format(java.time.Instant.now());
        var scope = new SigV4.Scope(amzDate.substring(0, 8), "us-east-1", "lambda");
        var headers = Map.of("host", java.util.List.of(host), "x-amz-date", java.util.List.of(amzDate));
        var signedHeaders = java.util.List.of("host", "x-amz-date");
        String signature = SigV4.signature(SigV4.signingKey("test", scope), SigV4.stringToSign(amzDate, scope,
                SigV4.canonicalRequest("POST", path, "", signedHeaders, headers::get, SigV4.sha256Hex(body))));
        String authorization = SigV4.ALGORITHM + " Credential=test/" + scope.text() + ", SignedHeaders=host;x-amz-date, Signature=" + signature;
        rb.header("X-Amz-Date", amzDate).header("Authorization", authorization);
        Map<String, String> sent = Map.of("Authorization", authorization, "X-Amz-Date", amzDate);
        Map<String, byte[]> keys = Map.of("test/" + scope.text(), SigV4.signingKey("test", scope)); // cached by the server too
        measure("SigV4 parse + verify, no HTTP", 20_000, () -> {
            SignedRequest r = SignedRequest.parse(sent::get, q -> null).orElseThrow();
            String canonical = SigV4.canonicalRequest("POST", path, "", r.signedHeaders(), headers::get, SigV4.sha256Hex(body));
            return SigV4.same(r.signature(), SigV4.signature(keys.get(r.credential()), SigV4.stringToSign(r.amzDate(), r.scope(), canonical)));
        });
    }

    private static void measure(String what, int n, Supplier<?> call) {
        for (int i = 0; i < Math.min(500, n); i++) call.get(); // warm-up: JIT, connections, environment
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            call.get();
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        System.out.printf("%-32s p50 %.3f ms  p90 %.3f ms  p99 %.3f ms%n", what, t[n / 2] / 1e6, t[n * 9 / 10] / 1e6, t[n * 99 / 100] / 1e6);
    }
}
