package io.stepwise.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.stepwise.functions.ApiAccess;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.LoggerFactory;

/**
 * The server's side of {@link ApiAccess}: for an environment with a network of its own, one more connector of the
 * server's Jetty at the host end of its link, port {@link ApiAccess#PORT} (the only other port its firewall lets
 * through); every request arriving on such a connector must be signed (SigV4) with that environment's temporary
 * credentials or one of the server's keys, whatever {@link Auth} the server was started with. An environment sharing
 * the host's network (a server that is not root) is given the server's own endpoint; its credentials are checked
 * there only where the server checks signatures at all.
 * <p>
 * Environments may start before the server listens (queued events at a restart): their connectors open when
 * {@link #bind} is called.
 */
final class FunctionApiAccess implements ApiAccess {
    private record Opened(Optional<String> hostAddress, Credentials credentials) {}

    private final Map<String, Opened> byEnv = new ConcurrentHashMap<>();
    private final Map<String, Credentials> byKeyId = new ConcurrentHashMap<>();
    private final Map<String, ServerConnector> connectors = new ConcurrentHashMap<>();  // by environment
    private final Map<String, String> addresses = new ConcurrentHashMap<>();           // host address -> environment
    private volatile Javalin app;
    private volatile Supplier<String> endpoint = () -> null;

    /** The server listens: open the connectors of environments that started before, and those to come. */
    synchronized void bind(Javalin app, Supplier<String> endpoint) {
        this.app = app;
        this.endpoint = endpoint;
        byEnv.forEach((env, o) -> o.hostAddress().ifPresent(a -> listen(env, a)));
    }

    @Override
    public Optional<String> open(String envId, Optional<String> hostAddress, Credentials credentials) {
        byKeyId.put(credentials.accessKeyId(), credentials);
        synchronized (this) {
            byEnv.put(envId, new Opened(hostAddress, credentials));
            if (hostAddress.isPresent()) {
                addresses.put(hostAddress.get(), envId);
                if (app != null) listen(envId, hostAddress.get());
            }
        }
        return hostAddress.map(a -> "http://" + a + ":" + PORT).or(() -> Optional.ofNullable(endpoint.get()));
    }

    @Override
    public void close(String envId) {
        Opened o;
        synchronized (this) {
            o = byEnv.remove(envId);
            if (o == null) return;
            o.hostAddress().ifPresent(addresses::remove);
        }
        byKeyId.remove(o.credentials().accessKeyId());
        ServerConnector c = connectors.remove(envId);
        if (c == null) return;
        try {
            c.stop();
        } catch (Exception ignored) {
            // closing anyway
        }
        c.getServer().removeConnector(c);
    }

    /** Whether the request came in on an environment's own connector (it must then be signed). */
    boolean fromFunction(Context ctx) {
        return addresses.containsKey(ctx.req().getLocalAddr());
    }

    /** A live environment's credentials by key id. */
    Optional<Credentials> credentials(String accessKeyId) {
        return Optional.ofNullable(byKeyId.get(accessKeyId));
    }

    private void listen(String envId, String address) {
        Server server = app.jettyServer().server();
        ServerConnector c = new ServerConnector(server);
        c.setHost(address);
        c.setPort(PORT);
        c.setAcceptedTcpNoDelay(true);
        server.addConnector(c);
        try {
            c.start();
            connectors.put(envId, c);
        } catch (Exception e) {
            server.removeConnector(c);
            LoggerFactory.getLogger(FunctionApiAccess.class).warn("environment {}: cannot listen at {}:{} for its calls to "
                    + "the API: {}", envId, address, PORT, e.getMessage());
        }
    }
}
