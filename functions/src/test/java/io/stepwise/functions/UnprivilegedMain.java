package io.stepwise.functions;

import java.nio.file.Path;

/**
 * The child of {@link UnprivilegedServerTest}: starts a function runtime as whoever runs it and invokes the probe.
 * Arguments: data folder, code folder, a host file to plant, a host folder to write, then {@code --unsafe-no-sandbox}
 * or nothing. Prints {@code PAYLOAD <json>}, or {@code REFUSED: <why>} and exits 3.
 */
final class UnprivilegedMain {
    private UnprivilegedMain() {}

    public static void main(String[] args) throws Exception {
        boolean unsafe = args.length > 4 && args[4].equals("--unsafe-no-sandbox");
        FunctionRuntime runtime;
        try {
            runtime = new FunctionRuntime(RuntimeConfig.defaults(Path.of(args[0])).withUnsafeNoSandbox(unsafe));
        } catch (SandboxUnavailableException e) {
            System.out.println("REFUSED: " + e.getMessage());
            System.exit(3);
            return;
        }
        try (runtime) {
            String event = "{\"hostFile\": \"%s\", \"others\": \"%s\", \"server\": %d}"
                    .formatted(args[2], args[3], ProcessHandle.current().pid());
            InvocationResult r = runtime.invoke(Fixtures.spec("probe", "python3.12", "app.handler", 256, 20, Path.of(args[1])),
                    InvokeRequest.of(event));
            System.out.println("PAYLOAD " + r.payloadText());
        }
        System.exit(0);
    }
}
