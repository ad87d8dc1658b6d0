package io.stepwise.engine;

import java.util.Optional;

/**
 * The engine's way to Lambda functions: the Lambda Invoke API, as Step Functions calls it. The server plugs its own
 * function runtime in here; the engine knows nothing else of it. Called on a virtual thread; may block.
 */
public interface LambdaInvoker {

    /**
     * @param functionName   a name, {@code name:qualifier}, a partial or a full function ARN
     * @param invocationType RequestResponse, Event or DryRun
     */
    record Call(String functionName, Optional<String> qualifier, byte[] payload, String invocationType,
                boolean tailLog, Optional<String> clientContext) {}

    sealed interface Result permits Invoked, Refused {}

    /**
     * Invoke answered: {@code statusCode} 200 (202 for Event, 204 for DryRun); {@code functionError} is the
     * {@code X-Amz-Function-Error} header ("Unhandled") when the function failed, the payload then being its error
     * JSON.
     */
    record Invoked(int statusCode, byte[] payload, Optional<String> functionError, String executedVersion,
                   String requestId, Optional<String> logResult) implements Result {}

    /** Invoke refused: the Lambda API's error code (ResourceNotFoundException, TooManyRequestsException ...). */
    record Refused(String errorCode, int statusCode, String message, String requestId) implements Result {}

    Result invoke(Call call);

    /** No functions: every call is refused as for a function that does not exist. */
    LambdaInvoker NONE = call -> new Refused("ResourceNotFoundException", 404, "Function not found: "
            + call.functionName(), "00000000-0000-0000-0000-000000000000");
}
