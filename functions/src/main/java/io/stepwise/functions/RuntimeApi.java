package io.stepwise.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
 * Design note: the paths are fixed by AWS, so an environment cannot be told apart by path. One Javalin/Jetty server
 * gets one extra connector per environment: at the host end of the environment's own network
 * ({@link FunctionNetwork}), port 9001, or, where environments share the host's network, on loopback at an ephemeral
 * port. A request is routed to the environment owning the address and port it arrived on, so an environment's runtime
 * only ever sees its own events. The connector is closed when the environment dies. TCP_NODELAY is on for every
 * connection.
 */
final class RuntimeApi implements AutoCloseable {
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
    private static final int MAX_THREADS = 20_000;
    private static final String BASE = "/2018-06-01/runtime";
    private static final String OK = "{\"status\":\"OK\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;
    private final Map<String, Environment> byAddress = new ConcurrentHashMap<>();  // "host:port"
    private final Map<String, ServerConnector> connectors = new ConcurrentHashMap<>();
    private final BiConsumer<Environment, Invocation> onDelivered;

    RuntimeApi(BiConsumer<Environment, Invocation> onDelivered) {
        this.onDelivered = onDelivered;
        this.app = Javalin.create(cfg -> {
            // Platform threads, not virtual: Jetty then runs a request on the selector's thread when it can, saving
            // the hand-off to a virtual thread's carrier (in an A/B run at load ~10: C-runtime round trip p90 1.1 ms
            // instead of 2.4 ms). An idle environment parks one thread in /next, so the pool is large; environments
            // are bounded by the memory budget long before.
            cfg.useVirtualThreads = false;
            var pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(MAX_THREADS, 8, 60_000);
            pool.setName("runtime-api");
            pool.setDaemon(true);
            cfg.jetty.threadPool = pool;
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = 4L * MAX_RESPONSE_BYTES; // we answer 413 ourselves past 6 MB
            cfg.http.disableCompression(); // loopback: compressing events costs time and buys nothing
        });
        app.get(BASE + "/invocation/next", this::next);
        app.post(BASE + "/invocation/{id}/response", this::response);
        app.post(BASE + "/invocation/{id}/error", this::error);
        app.post(BASE + "/init/error", this::initError);
        app.start("127.0.0.1", 0);
    }

    /** Opens the environment's own connector at {@code host}, on {@code port} (0: an ephemeral one); returns the port. */
    int open(Environment env, String host, int port) {
        Server server = app.jettyServer().server();
        ServerConnector c = new ServerConnector(server);
        c.setHost(host);
        c.setPort(port);
        c.setAcceptedTcpNoDelay(true);
        c.setIdleTimeout(24L * 3600 * 1000); // /next blocks for as long as the environment stays idle
        server.addConnector(c);
        try {
            c.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot open runtime API port", e);
        }
        byAddress.put(host + ":" + c.getLocalPort(), env);
        connectors.put(env.id, c);
        return c.getLocalPort();
    }

    void close(Environment env) {
        ServerConnector c = connectors.remove(env.id);
        if (c == null) return;
        byAddress.remove(c.getHost() + ":" + c.getLocalPort());
        try {
            c.stop();
        } catch (Exception ignored) {
            // already closing
        }
        app.jettyServer().server().removeConnector(c);
    }

    private Environment env(Context ctx) {
        return byAddress.get(ctx.req().getLocalAddr() + ":" + ctx.req().getLocalPort());
    }

    private void next(Context ctx) {
        Environment env = env(ctx);
        if (env == null) {
            forbidden(ctx, "unknown environment");
            return;
        }
        Invocation inv;
        try {
            inv = env.inbox.take();
        } catch (InterruptedException stopping) { // the server is shutting down
            ctx.status(503);
            return;
        }
        long now = System.currentTimeMillis();
        inv.deadlineEpochMs = now + inv.timeoutMs;
        env.current = inv;
        onDelivered.accept(env, inv);
        ctx.header("Lambda-Runtime-Aws-Request-Id", inv.requestId)
                .header("Lambda-Runtime-Deadline-Ms", Long.toString(inv.deadlineEpochMs))
                .header("Lambda-Runtime-Invoked-Function-Arn", inv.invokedArn)
                .header("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(now / 1000) + "-"
                        + inv.requestId.replace("-", "").substring(0, 24) + ";Parent=0000000000000000;Sampled=0")
                .contentType("application/json")
                .result(inv.payload);
        inv.clientContext.ifPresent(cc -> ctx.header("Lambda-Runtime-Client-Context",
                new String(java.util.Base64.getDecoder().decode(cc), StandardCharsets.UTF_8)));
    }

    private void response(Context ctx) {
        Invocation inv = current(ctx);
        if (inv == null) return;
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_RESPONSE_BYTES) {
            inv.outcome.complete(new Outcome.TooLarge(body.length));
            ctx.status(413).json(Map.of("errorMessage", "Exceeded maximum allowed payload size (6291556 bytes).",
                    "errorType", "RequestEntityTooLarge"));
            return;
        }
        inv.outcome.complete(new Outcome.Response(body));
        ctx.status(202).contentType("application/json").result(OK);
    }

    private void error(Context ctx) {
        Invocation inv = current(ctx);
        if (inv == null) return;
        String declared = Optional.ofNullable(ctx.header("Lambda-Runtime-Function-Error-Type")).orElse("Unhandled");
        byte[] body = ctx.bodyAsBytes();
        inv.outcome.complete(new Outcome.HandlerError(body, errorType(body, declared)));
        ctx.status(202).contentType("application/json").result(OK);
    }

    private void initError(Context ctx) {
        Environment env = env(ctx);
        if (env == null || env.initDoneNanos >= 0) {
            forbidden(ctx, "init error after init");
            return;
        }
        String declared = Optional.ofNullable(ctx.header("Lambda-Runtime-Function-Error-Type")).orElse("Runtime.Unknown");
        byte[] body = ctx.bodyAsBytes();
        env.initError = new Outcome.InitError(body, declared, errorType(body, declared));
        Invocation pending = env.inbox.poll();
        if (pending != null) pending.outcome.complete(env.initError);
        ctx.status(202).contentType("application/json").result(OK);
    }

    /**
     * The type Step Functions matches a function error by: the {@code errorType} of the error JSON the runtime posted
     * ({@code ValueError}, {@code java.lang.IllegalStateException}), else the type it declared in
     * {@code Lambda-Runtime-Function-Error-Type}. The body comes first because the official Java runtime client
     * declares {@code Runtime.UserException} for every handler exception. Parsed here, once, as the error arrives.
     */
    static String errorType(byte[] body, String declared) {
        try {
            JsonNode error = JSON.readTree(body);
            return error != null && error.path("errorType").isTextual() ? error.get("errorType").asText() : declared;
        } catch (IOException notJson) {
            return declared;
        }
    }

    /** The invocation the path names, if it is the one in flight; otherwise answers 403 and returns null. */
    private Invocation current(Context ctx) {
        Environment env = env(ctx);
        Invocation inv = env == null ? null : env.current;
        if (inv == null || !inv.requestId.equals(ctx.pathParam("id")) || inv.outcome.isDone()) {
            forbidden(ctx, "invalid request id for this environment: " + ctx.pathParam("id"));
            return null;
        }
        return inv;
    }

    private static void forbidden(Context ctx, String message) {
        ctx.status(403).json(Map.of("errorMessage", message, "errorType", "InvalidStateTransition"));
    }

    @Override
    public void close() {
        app.stop();
    }
}
