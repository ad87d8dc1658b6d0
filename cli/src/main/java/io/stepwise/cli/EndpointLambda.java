package io.stepwise.cli;

import io.stepwise.engine.LambdaInvoker;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * Lambda's Invoke API on a server, through the AWS SDK: what {@code stepwise run --functions-endpoint} calls its Task
 * states' functions with. A refusal keeps the API's error code; a failure to reach the server is thrown.
 */
final class EndpointLambda implements LambdaInvoker {
    private final LambdaClient client;

    EndpointLambda(LambdaClient client) {
        this.client = client;
    }

    @Override
    public Result invoke(Call call) {
        try {
            InvokeResponse r = client.invoke(b -> {
                b.functionName(call.functionName()).invocationType(call.invocationType())
                        .payload(SdkBytes.fromByteArray(call.payload()));
                call.qualifier().ifPresent(b::qualifier);
                call.clientContext().ifPresent(b::clientContext);
                if (call.tailLog()) b.logType(LogType.TAIL);
            });
            return new Invoked(r.statusCode(), r.payload() == null ? new byte[0] : r.payload().asByteArray(),
                    Optional.ofNullable(r.functionError()), r.executedVersion() == null ? "$LATEST" : r.executedVersion(),
                    r.responseMetadata().requestId(), Optional.ofNullable(r.logResult()));
        } catch (LambdaException e) {
            var d = e.awsErrorDetails();
            return new Refused(d == null || d.errorCode() == null ? "ServiceException" : d.errorCode(), e.statusCode(),
                    d == null || d.errorMessage() == null ? e.getMessage() : d.errorMessage(),
                    e.requestId() == null ? "" : e.requestId());
        }
    }
}
