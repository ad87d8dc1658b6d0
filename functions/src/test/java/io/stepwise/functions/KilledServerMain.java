package io.stepwise.functions;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The child of {@link KilledServerTest}: a function runtime invoking a function that starts a detached process and
 * stays busy; prints {@code INVOKING}, then waits to be killed. Arguments: data folder, code folder, marker.
 */
final class KilledServerMain {
    private KilledServerMain() {}

    public static void main(String[] args) throws Exception {
        FunctionRuntime runtime = new FunctionRuntime(RuntimeConfig.defaults(Path.of(args[0])));
        FunctionSpec fn = new FunctionSpec("daemon", "arn:aws:lambda:us-east-1:000000000000:function:daemon", "$LATEST",
                "python3.12", "app.handler", 128, 20, 512, Map.of("MARKER", args[2]), Path.of(args[1]), "rev-1", OptionalInt.empty());
        Thread.ofPlatform().daemon().start(() -> {
            try {
                System.out.println("ENDED " + runtime.invoke(fn, InvokeRequest.of("{}")).payloadText());
            } catch (TooManyRequestsException e) {
                System.out.println("ENDED " + e);
            }
        });
        System.out.println("INVOKING");
        System.out.flush();
        System.in.read();   // until the test kills this process
    }
}
