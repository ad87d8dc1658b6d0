package io.stepwise.asl;

/**
 * Who an execution is, as the context object ({@code $$.Execution}, {@code $$.StateMachine}) and the history show it.
 */
public record ExecutionInfo(String executionArn, String executionName, String stateMachineArn,
                            String stateMachineName, String roleArn, int redriveCount) {

    private static final String REGION_ACCOUNT = "us-east-1:123456789012";

    /** ARNs in the local account {@code 123456789012}, region {@code us-east-1}, as {@code stepwise run} uses. */
    public static ExecutionInfo local(String stateMachineName, String executionName) {
        return new ExecutionInfo("arn:aws:states:" + REGION_ACCOUNT + ":execution:" + stateMachineName + ":" + executionName,
                executionName, "arn:aws:states:" + REGION_ACCOUNT + ":stateMachine:" + stateMachineName,
                stateMachineName, "arn:aws:iam::123456789012:role/StepwiseLocal", 0);
    }
}
