package io.stepwise.functions;

import java.util.Optional;

/**
 * One invocation: the event bytes, whether to return the log tail, the base64 client context, and the request id
 * when the caller already has one (an Event invocation keeps the id it was accepted with through every retry, as on
 * AWS); otherwise the runtime makes one.
 */
public record InvokeRequest(byte[] payload, boolean tailLog, Optional<String> clientContext, Optional<String> requestId) {
    public InvokeRequest(byte[] payload, boolean tailLog, Optional<String> clientContext) {
        this(payload, tailLog, clientContext, Optional.empty());
    }

    public static InvokeRequest of(String json) {
        return new InvokeRequest(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), false, Optional.empty());
    }
}
