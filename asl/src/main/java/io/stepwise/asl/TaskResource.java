package io.stepwise.asl;

/**
 * A Task's {@code Resource}, classified: a Lambda function ARN, an activity ARN, or a service integration
 * ({@code arn:aws:states:::service:action[.sync|.sync:2|.waitForTaskToken]}).
 */
public record TaskResource(String arn, Kind kind, String service, String action, Pattern pattern) {
    public enum Kind { LAMBDA_FUNCTION, ACTIVITY, SERVICE_INTEGRATION }
    /** The integration pattern (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html). */
    public enum Pattern { REQUEST_RESPONSE, RUN_JOB, RUN_JOB_V2, WAIT_FOR_TASK_TOKEN }
}
