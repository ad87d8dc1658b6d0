package io.stepwise.functions;

import java.util.Optional;

/**
 * What one invocation returned.
 *
 * @param functionError "Unhandled" when the handler or the platform failed (the payload is then the AWS error JSON)
 * @param logTail       last 4 KB of the invocation's log, base64, when asked for
 */
public record InvocationResult(String requestId, byte[] payload, Optional<String> functionError,
                               Optional<String> logTail, Metering metering) {
    public String payloadText() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
}
