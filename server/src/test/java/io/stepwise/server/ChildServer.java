package io.stepwise.server;

import java.nio.file.Path;

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
}
