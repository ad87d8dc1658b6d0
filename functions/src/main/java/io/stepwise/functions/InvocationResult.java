package io.stepwise.functions;

import java.util.Optional;

/**
 * What one invocation returned: the one result of an invocation, from the runtime up to the Lambda API and the Step
 * Functions engine, so that nobody parses the payload again.
 *
 * @param executedVersion the version that ran ({@code $LATEST}, {@code 3}), also when invoked through an alias
 * @param payload         the function's response, or the AWS error JSON when it failed
 * @param errorType       a function error's type, as Step Functions matches it: the error JSON's {@code errorType}
 *                        ({@code ValueError}, {@code java.lang.IllegalStateException}, {@code Runtime.ImportModuleError})
 *                        or the platform's ({@code Sandbox.Timedout}, {@code Runtime.ExitError},
 *                        {@code Runtime.OutOfMemory}); empty when the invocation succeeded
 * @param logTail         last 4 KB of the invocation's log, base64, when asked for
 */
public record InvocationResult(String requestId, String executedVersion, byte[] payload, Optional<String> errorType,
                               Optional<String> logTail, Metering metering) {
    /** Lambda's Invoke status: 200 for every synchronous invocation that ran, a function error included. */
    public int statusCode() {
        return 200;
    }

    /**
     * The {@code X-Amz-Function-Error} header: {@code Unhandled} for every function error, the handler's or the
     * platform's, as Lambda sends it; empty on success.
     */
    public Optional<String> functionError() {
        return errorType.map(t -> "Unhandled");
    }

    public String payloadText() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
}
