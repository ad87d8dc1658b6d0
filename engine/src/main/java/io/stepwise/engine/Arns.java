package io.stepwise.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARNs of the Step Functions resources, in one region and account
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-arns.html):
 * {@code stateMachine:NAME}, its versions {@code stateMachine:NAME:3} and aliases {@code stateMachine:NAME:ALIAS},
 * executions {@code execution:NAME:EXECUTION} (express ones {@code express:NAME:EXECUTION:UUID}),
 * {@code activity:NAME}.
 */
public record Arns(String region, String account) {
    private static final Pattern STATE_MACHINE = Pattern.compile(
            "arn:aws[\\w-]*:states:([\\w-]+):(\\d{12}):stateMachine:([^:]+)(?::([^:]+))?");
    private static final Pattern EXECUTION = Pattern.compile(
            "arn:aws[\\w-]*:states:([\\w-]+):(\\d{12}):(execution|express):([^:]+):([^:]+)(?::([^:]+))?");
    private static final Pattern ACTIVITY = Pattern.compile("arn:aws[\\w-]*:states:([\\w-]+):(\\d{12}):activity:([^:]+)");

    public static Arns local() { return new Arns("us-east-1", "123456789012"); }

    private String prefix() { return "arn:aws:states:" + region + ":" + account + ":"; }

    public String stateMachine(String name) { return prefix() + "stateMachine:" + name; }

    public String version(String stateMachineArn, long version) { return stateMachineArn + ":" + version; }

    public String alias(String stateMachineArn, String alias) { return stateMachineArn + ":" + alias; }

    public String execution(String stateMachineName, String executionName) {
        return prefix() + "execution:" + stateMachineName + ":" + executionName;
    }

    public String expressExecution(String stateMachineName, String executionName, String id) {
        return prefix() + "express:" + stateMachineName + ":" + executionName + ":" + id;
    }

    public String activity(String name) { return prefix() + "activity:" + name; }

    /** What a state machine ARN names: the machine itself, one of its versions, or one of its aliases. */
    public sealed interface MachineRef permits Machine, Version, Alias {
        /** The unqualified state machine ARN. */
        String machineArn();

        /** The state machine's name. */
        String name();
    }
    public record Machine(String machineArn, String name) implements MachineRef {}
    public record Version(String machineArn, String name, long version) implements MachineRef {}
    public record Alias(String machineArn, String name, String alias) implements MachineRef {}

    /** A state machine, version or alias ARN; anything else is {@code InvalidArn}. */
    public static MachineRef machine(String arn) {
        Matcher m = arn == null ? null : STATE_MACHINE.matcher(arn);
        if (m == null || !m.matches()) throw StepFunctionsError.invalidArn(arn);
        if (m.group(3).contains("/")) {   // stateMachine:NAME/LABEL names a Distributed Map state: no Map Runs here
            throw StepFunctionsError.validation("Stepwise does not support labelled state machine ARNs (the ARN of a "
                    + "Distributed Map state): '" + arn + "'").with("reason", "API_DOES_NOT_SUPPORT_LABELED_ARNS");
        }
        String base = arn.substring(0, m.end(3));
        if (m.group(4) == null) return new Machine(base, m.group(3));
        String q = m.group(4);
        if (q.chars().allMatch(Character::isDigit)) {
            try {
                return new Version(base, m.group(3), Long.parseLong(q));
            } catch (NumberFormatException e) {
                throw StepFunctionsError.invalidArn(arn);
            }
        }
        return new Alias(base, m.group(3), q);
    }

    /** An execution ARN, checked for its shape ({@code InvalidArn} otherwise). */
    public static ExecutionRef execution(String arn) {
        Matcher m = arn == null ? null : EXECUTION.matcher(arn);
        if (m == null || !m.matches()) throw StepFunctionsError.invalidArn(arn);
        boolean express = m.group(3).equals("express");
        if (express != (m.group(6) != null)) throw StepFunctionsError.invalidArn(arn);
        return new ExecutionRef(arn, m.group(4), m.group(5), express);
    }

    public record ExecutionRef(String arn, String stateMachineName, String executionName, boolean express) {}

    public static String activityName(String arn) {
        Matcher m = arn == null ? null : ACTIVITY.matcher(arn);
        if (m == null || !m.matches()) throw StepFunctionsError.invalidArn(arn);
        return m.group(3);
    }
}
