package io.stepwise.asl;

import java.util.HashSet;
import java.util.Set;

/**
 * Which fields each state type accepts in each query language, as in the ASL specification
 * (https://states-language.net/spec.html) and AWS's JSONata guide
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
 */
final class Fields {
    private Fields() {}

    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Set<String> FLOW = Set.of("Next", "End");
    private static final Set<String> ERRORS = Set.of("Retry", "Catch");

    /** Fields that exist only in JSONPath states. */
    static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "Parameters", "ResultSelector",
            "ResultPath", "ItemsPath", "Iterator", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath",
            "TimestampPath", "ErrorPath", "CausePath", "Result", "MaxConcurrencyPath", "ToleratedFailurePercentagePath",
            "ToleratedFailureCountPath");

    /** Fields that exist only in JSONata states. */
    static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");

    static Set<String> allowed(String type, QueryLanguage ql) {
        Set<String> s = new HashSet<>(COMMON);
        boolean jp = ql == QueryLanguage.JSONPATH;
        switch (type) {
            case "Pass" -> {
                s.addAll(FLOW); s.add("Assign");
                if (jp) s.addAll(Set.of("InputPath", "OutputPath", "ResultPath", "Parameters", "Result"));
                else s.add("Output");
            }
            case "Task" -> {
                s.addAll(FLOW); s.addAll(ERRORS);
                s.addAll(Set.of("Resource", "TimeoutSeconds", "HeartbeatSeconds", "Credentials", "Assign"));
                if (jp) s.addAll(Set.of("InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                        "TimeoutSecondsPath", "HeartbeatSecondsPath"));
                else s.addAll(Set.of("Arguments", "Output"));
            }
            case "Choice" -> {
                s.addAll(Set.of("Choices", "Default", "Assign"));
                if (jp) s.addAll(Set.of("InputPath", "OutputPath"));
                else s.add("Output");
            }
            case "Wait" -> {
                s.addAll(FLOW); s.addAll(Set.of("Seconds", "Timestamp", "Assign"));
                if (jp) s.addAll(Set.of("InputPath", "OutputPath", "SecondsPath", "TimestampPath"));
                else s.add("Output");
            }
            case "Succeed" -> {
                if (jp) s.addAll(Set.of("InputPath", "OutputPath"));
                else s.add("Output");
            }
            case "Fail" -> {
                s.addAll(Set.of("Error", "Cause"));
                if (jp) s.addAll(Set.of("ErrorPath", "CausePath"));
            }
            case "Parallel" -> {
                s.addAll(FLOW); s.addAll(ERRORS); s.addAll(Set.of("Branches", "Assign"));
                if (jp) s.addAll(Set.of("InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector"));
                else s.addAll(Set.of("Arguments", "Output"));
            }
            case "Map" -> {
                s.addAll(FLOW); s.addAll(ERRORS);
                s.addAll(Set.of("ItemProcessor", "ItemSelector", "ItemReader", "ItemBatcher", "ResultWriter",
                        "MaxConcurrency", "ToleratedFailurePercentage", "ToleratedFailureCount", "Label", "Assign"));
                if (jp) s.addAll(Set.of("InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                        "ItemsPath", "Iterator", "MaxConcurrencyPath", "ToleratedFailurePercentagePath",
                        "ToleratedFailureCountPath"));
                else s.addAll(Set.of("Items", "Output"));
            }
            default -> { }
        }
        return s;
    }
}
