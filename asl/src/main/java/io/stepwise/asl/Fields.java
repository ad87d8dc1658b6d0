package io.stepwise.asl;

import java.util.HashSet;
import java.util.Map;
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

    /** Fields that exist only in JSONPath states, with the JSONata replacement named in the message. */
    static final Map<String, String> JSONPATH_ONLY = Map.ofEntries(
            Map.entry("InputPath", "Arguments or Output"), Map.entry("OutputPath", "Output"),
            Map.entry("Parameters", "Arguments"), Map.entry("ResultSelector", "Output"),
            Map.entry("ResultPath", "Output"), Map.entry("ItemsPath", "Items"), Map.entry("Iterator", "ItemProcessor"),
            Map.entry("TimeoutSecondsPath", "TimeoutSeconds"), Map.entry("HeartbeatSecondsPath", "HeartbeatSeconds"),
            Map.entry("SecondsPath", "Seconds"), Map.entry("TimestampPath", "Timestamp"),
            Map.entry("ErrorPath", "Error"), Map.entry("CausePath", "Cause"), Map.entry("Result", "Output"),
            Map.entry("MaxConcurrencyPath", "MaxConcurrency"),
            Map.entry("ToleratedFailurePercentagePath", "ToleratedFailurePercentage"),
            Map.entry("ToleratedFailureCountPath", "ToleratedFailureCount"));

    /** Fields that exist only in JSONata states. */
    static final Map<String, String> JSONATA_ONLY = Map.of(
            "Arguments", "Parameters", "Output", "ResultSelector, ResultPath or OutputPath", "Items", "ItemsPath");

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
