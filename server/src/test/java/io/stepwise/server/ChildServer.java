package io.stepwise.server;

import java.nio.file.Path;

/** A server in its own JVM, for tests that kill it with SIGKILL. Prints {@code PORT <n>} once it listens. */
public final class ChildServer {
    public static void main(String[] args) throws InterruptedException {
        StepwiseServer s = StepwiseServer.start(ServerConfig.defaults(Path.of(args[0])).withPort(0).withExample(false));
        System.out.println("PORT " + s.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
