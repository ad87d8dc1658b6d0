package io.stepwise.functions;

import java.util.Optional;

/** One synchronous invocation: the event bytes, whether to return the log tail, the base64 client context. */
public record InvokeRequest(byte[] payload, boolean tailLog, Optional<String> clientContext) {
    public static InvokeRequest of(String json) {
        return new InvokeRequest(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), false, Optional.empty());
    }
}
