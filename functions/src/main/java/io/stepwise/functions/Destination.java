package io.stepwise.functions;

import java.util.Optional;

/**
 * Where the record of an asynchronous invocation goes (an {@code OnSuccess} / {@code OnFailure} destination): an ARN
 * of one of the services Lambda delivers to. Only {@link Service#LAMBDA} is delivered by Stepwise; the others are
 * accepted and stored so that configurations made for AWS load unchanged.
 */
public record Destination(String arn, Service service) {
    public enum Service {
        LAMBDA("lambda"), SQS("sqs"), SNS("sns"), EVENTS("events"), S3("s3");

        private final String arnName;

        Service(String arnName) {
            this.arnName = arnName;
        }

        /** The service named by an ARN's third field, if Lambda can deliver to it. */
        static Optional<Service> of(String arnName) {
            for (Service s : values()) {
                if (s.arnName.equals(arnName)) return Optional.of(s);
            }
            return Optional.empty();
        }
    }

    /** The function (and qualifier) a Lambda destination names. */
    public Optional<FunctionRef> function() {
        return service == Service.LAMBDA ? Optional.of(FunctionRef.parse(arn)) : Optional.empty();
    }
}
