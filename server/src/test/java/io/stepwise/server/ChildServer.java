package io.stepwise.server;

import io.stepwise.store.StoreConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A server in its own JVM, for tests that kill it with SIGKILL: {@code ChildServer DATA_DIR [DATABASE_URL]}. Prints
 * {@code PORT <n>} once it listens.
 */
public final class ChildServer {
    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(args[0]);
        var config = ServerConfig.defaults(data).withPort(0).withExample(false);
        if (args.length > 1) config = config.withDatabase(new io.stepwise.store.StoreConfig.Postgres(args[1]));
        StepwiseServer s = StepwiseServer.start(config);
        System.out.println("PORT " + s.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Starts a child server on this data folder and store (PostgreSQL by URL; SQLite in the folder). */
    static Process launch(Path data, StoreConfig store) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildServer.class.getName(), data.toString()));
        if (store instanceof StoreConfig.Postgres p) cmd.add(p.jdbcUrl());
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Waits until the child listens and returns its port; its console is drained from then on. */
    static int port(Process child) throws IOException {
        var out = new BufferedReader(new InputStreamReader(child.getInputStream()));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                int port = Integer.parseInt(line.substring(5).trim());
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining its console
                return port;
            }
        }
        throw new AssertionError("the child server exited before listening");
    }
}
