"""Fields and examples the first families missed: task inputs seen through history, retry count, guide error examples."""
from gen_common import *


def generate():
    T, X, R, J = "task", "aws-examples", "retry", "jsonata"
    case(T, "activity-history", m({"T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Review", "End": True}}), {},
         mocks={"T": [ret("ok")]}, output="ok", source="history",
         history_types=["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "TaskStateExited",
                        "ExecutionSucceeded"])
    case(T, "lambda-scheduled-input-is-effective-parameters",
         m({"T": {"Type": "Task", "Resource": LAMBDA, "InputPath": "$.in", "Parameters": {"id.$": "$.id", "k": "v"}, "End": True}}),
         {"in": {"id": 7}}, mocks={"T": [ret(1)]}, output=1, source="history",
         events=[{"type": "LambdaFunctionScheduled", "details": {"lambdaFunctionScheduledEventDetails": {"input": "{\"id\":7,\"k\":\"v\"}"}}}])
    case(T, "task-scheduled-parameters", m({"T": {"Type": "Task", "Resource": INVOKE, "Parameters": {"FunctionName": "F", "Payload": {"x.$": "$.x"}}, "End": True}}),
         {"x": [1]}, mocks={"T": [ret({"Payload": 1})]}, output={"Payload": 1}, source="history",
         events=[{"type": "TaskScheduled", "details": {"taskScheduledEventDetails": {"region": "us-east-1",
                                                                                     "parameters": "{\"FunctionName\":\"F\",\"Payload\":{\"x\":[1]}}"}}}])
    case(T, "jsonata-arguments-in-task-scheduled", m({"T": {"Type": "Task", "Resource": INVOKE, "Arguments": {"FunctionName": "F", "Payload": {
        "sum": "{% $sum($states.input.l) %}"}}, "End": True}}, QueryLanguage="JSONata"), {"l": [1, 2]}, mocks={"T": [ret({"Payload": 3})]},
         output={"Payload": 3}, source="history",
         events=[{"type": "TaskScheduled", "details": {"taskScheduledEventDetails": {"parameters": "{\"FunctionName\":\"F\",\"Payload\":{\"sum\":3}}"}}}])
    case(R, "retry-count-in-context", m({"T": {"Type": "Task", "Resource": INVOKE, "Parameters": {"FunctionName": "F", "Payload": {"retry.$": "$$.State.RetryCount"}},
                                               "Retry": [{"ErrorEquals": ["E"]}], "End": True}}), {}, mocks={"T": [throw("E"), throw("E"), ret("ok")]},
         output="ok", source="context",
         events=[{"type": "TaskScheduled", "details": {"taskScheduledEventDetails": {"parameters": "{\"FunctionName\":\"F\",\"Payload\":{\"retry\":0}}"}}},
                 {"type": "TaskScheduled", "details": {"taskScheduledEventDetails": {"parameters": "{\"FunctionName\":\"F\",\"Payload\":{\"retry\":1}}"}}},
                 {"type": "TaskScheduled", "details": {"taskScheduledEventDetails": {"parameters": "{\"FunctionName\":\"F\",\"Payload\":{\"retry\":2}}"}}}])
    case(T, "credentials-field-accepted", m({"T": {"Type": "Task", "Resource": LAMBDA, "Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/R"}, "End": True}}),
         {}, mocks={"T": [ret("ok")]}, output="ok", source=T)
    # guide error-handling examples
    two = m({"T": {"Type": "Task", "Resource": INVOKE, "Parameters": {"FunctionName": "F"},
                   "Retry": [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
                             {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}], "End": True}})
    case(X, "retry-two-retriers-error-a", two, {}, mocks={"T": {"0-2": throw("ErrorA", "a")}}, error="ErrorA", cause="a", source="errors",
         events=[{"type": "TaskScheduled", "timestamp": START}, {"type": "TaskScheduled", "timestamp": "2024-01-02T03:04:06.678Z"},
                 {"type": "TaskScheduled", "timestamp": "2024-01-02T03:04:08.678Z"}],
         comment="guide: ErrorA/ErrorB retried twice, first after 1 second, then 2")
    case(X, "retry-two-retriers-error-c", two, {}, mocks={"T": {"0-3": throw("ErrorC", "c")}}, error="ErrorC", source="errors",
         events=[{"type": "TaskScheduled", "timestamp": START}, {"type": "TaskScheduled", "timestamp": "2024-01-02T03:04:10.678Z"},
                 {"type": "TaskScheduled", "timestamp": "2024-01-02T03:04:20.678Z"}, {"type": "TaskScheduled", "timestamp": "2024-01-02T03:04:40.678Z"}],
         comment="guide: ErrorC retried 3 times, 5 seconds then doubled")
    catch_ex = m({"T": {"Type": "Task", "Resource": LAMBDA, "Catch": [
        {"ErrorEquals": ["java.lang.Exception"], "ResultPath": "$.error-info", "Next": "RecoveryState"},
        {"ErrorEquals": ["States.ALL"], "Next": "EndState"}], "End": True},
        "RecoveryState": {"Type": "Pass", "End": True}, "EndState": {"Type": "Pass", "Result": "ended", "End": True}})
    case(X, "catch-java-exception-to-recovery", catch_ex, {"order": 1}, mocks={"T": [throw("java.lang.Exception", "boom")]},
         output={"order": 1, "error-info": {"Error": "java.lang.Exception", "Cause": "boom"}}, source="errors")
    case(X, "catch-other-to-end-state", catch_ex, {"order": 1}, mocks={"T": [throw("Other", "x")]}, output="ended", source="errors")
    case(X, "retry-max-delay-jitter-example", m({"T": {"Type": "Task", "Resource": INVOKE, "Parameters": {"FunctionName": "F"},
                                                       "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 2, "MaxAttempts": 10, "BackoffRate": 2,
                                                                  "MaxDelaySeconds": 8, "JitterStrategy": "FULL"}], "End": True}}),
         {}, mocks={"T": {"0-5": throw("States.Timeout"), "6": ret("ok")}}, output="ok", source="errors")
    # fields not yet exercised
    case("map", "tolerated-failure-percentage-path", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ToleratedFailurePercentagePath": "$.pct",
                                                             "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                                                               "StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "X"}}},
                                                             "ResultPath": None, "End": True}}), {"l": [1, 2], "pct": 100},
         output={"l": [1, 2], "pct": 100}, source="dmap", comment="100% tolerated: the Map Run succeeds although every child failed")
    case("map", "distributed-reader-and-writer-validate", m({"M": {"Type": "Map", "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
        "Parameters": {"Bucket": "b", "Key": "k.csv"}}, "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "out"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
        "End": True}}), {}, valid_only=True, source="dmap")
    case(J, "map-item-selector-sees-state-input", m({"M": {"Type": "Map", "Items": "{% $states.input.l %}",
                                                         "ItemSelector": {"item": "{% $states.context.Map.Item.Value %}", "tag": "{% $states.input.tag %}"},
                                                         "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}},
                                                   QueryLanguage="JSONata"),
         {"l": [1, 2], "tag": "t"}, output=[{"item": 1, "tag": "t"}, {"item": 2, "tag": "t"}], source="map")
    case(J, "map-assign-from-result", m({"M": {"Type": "Map", "Items": [1, 2, 3], "Assign": {"total": "{% $sum($states.result) %}"},
                                               "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input * 2 %}", "End": True}}},
                                               "Next": "R"}, "R": {"Type": "Pass", "Output": "{% $total %}", "End": True}}, QueryLanguage="JSONata"),
         {}, output=12, source="variables")
    case(J, "parallel-assign-from-result", m({"P": {"Type": "Parallel", "Assign": {"first": "{% $states.result[0] %}"}, "Output": {},
                                                    "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "a", "End": True}}}], "Next": "R"},
                                              "R": {"Type": "Pass", "Output": "{% $first %}", "End": True}}, QueryLanguage="JSONata"),
         {}, output="a", source="variables")
    case(J, "choice-state-output", m({"C": {"Type": "Choice", "Output": {"chosen": True}, "Choices": [{"Condition": "{% true %}", "Next": "S"}]},
                                      "S": {"Type": "Succeed"}}, QueryLanguage="JSONata"), {}, output={"chosen": True}, source="choice")
    case(J, "retry-in-jsonata-machine", m({"T": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["E"]}], "End": True}},
                                          QueryLanguage="JSONata"), {}, mocks={"T": [throw("E"), ret("ok")]}, output="ok", source="errors")
    case(J, "wait-output-uses-input", m({"W": {"Type": "Wait", "Seconds": 0, "Output": "{% $states.input.keep %}", "End": True}}, QueryLanguage="JSONata"),
         {"keep": [1], "drop": 2}, output=[1], source="wait")
    case("pass", "top-level-version-and-timeout", m({"A": {"Type": "Pass", "End": True}}, Version="1.0", TimeoutSeconds=60), {"a": 1},
         output={"a": 1}, source="spec")
    case("intrinsics", "format-escaped-braces", one({"Type": "Pass", "Parameters": {"v.$": "States.Format('\\{\\} {}', $.x)"}}), {"x": "v"},
         output={"v": "{} v"}, source="intrinsics", comment="\\{ and \\} are literal braces, not a placeholder")
    case("intrinsics", "array-range-exactly-1000", one({"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength(States.ArrayRange(1, 1000, 1))"}}),
         {}, output={"n": 1000}, source="intrinsics", comment="1,000 elements is the limit, still allowed")
    case("intrinsics", "string-to-json-nested-escapes", one({"Type": "Pass", "Parameters": {"v.$": "States.StringToJson($.s)"}}),
         {"s": "{\"a\":\"x\\\"y\",\"b\":[1,{\"c\":\"\\u00e9\"}]}"}, output={"v": {"a": "x\"y", "b": [1, {"c": "é"}]}}, source="intrinsics")
    case("history", "nested-parallel-events", m({"P": {"Type": "Parallel", "End": True, "Branches": [{"StartAt": "Q", "States": {
        "Q": {"Type": "Parallel", "End": True, "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}]}}}]}}), {},
         output=[[{}]], source="history",
         history_types=["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "ParallelStateEntered", "ParallelStateStarted",
                        "PassStateEntered", "PassStateExited", "ParallelStateSucceeded", "ParallelStateExited", "ParallelStateSucceeded",
                        "ParallelStateExited", "ExecutionSucceeded"])
    case("history", "wait-then-task-timestamps", m({"W": {"Type": "Wait", "Seconds": 60, "Next": "T"}, "T": {"Type": "Task", "Resource": LAMBDA, "End": True}}),
         {}, mocks={"T": [ret(1)]}, output=1, source="history",
         events=[{"type": "LambdaFunctionScheduled", "timestamp": "2024-01-02T03:05:05.678Z"},
                 {"type": "ExecutionSucceeded", "timestamp": "2024-01-02T03:05:05.678Z"}])

    # guide: intrinsic field list, States.Array and JSONPath -> JSONata conversion examples
    case("intrinsics", "array-guide-build-id", one({"Type": "Pass", "Parameters": {"BuildId.$": "States.Array($.Id)"}}), {"Id": 123456},
         output={"BuildId": [123456]}, source="intrinsics")
    case("intrinsics", "in-credentials", m({"T": {"Type": "Task", "Resource": LAMBDA, "End": True,
                                                  "Credentials": {"RoleArn.$": "States.Format('arn:aws:iam::{}:role/R', $.account)"}}}),
         {"account": "123456789012"}, mocks={"T": [ret("ok")]}, output="ok", source="intrinsics",
         comment="Credentials is one of the fields the guide lists for intrinsics")
    case("intrinsics", "in-parallel-parameters-and-result-selector", m({"P": {"Type": "Parallel", "End": True,
        "Parameters": {"len.$": "States.ArrayLength($.l)"}, "ResultSelector": {"joined.$": "States.JsonToString($[0])"},
        "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}]}}), {"l": [1, 2]},
         output={"joined": "{\"len\":2}"}, source="intrinsics")
    case("intrinsics", "in-map-result-selector", m({"M": {"Type": "Map", "ItemsPath": "$.l", "End": True,
        "ResultSelector": {"u.$": "States.ArrayUnique($)"}, "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}}}),
         {"l": [1, 1, 2]}, output={"u": [1, 2]}, source="intrinsics")
    case("intrinsics", "nested-nine-levels", one({"Type": "Pass", "Parameters": {"v.$":
        "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))"}}),
         {"ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.2.3"}}, output={"v": "1.2"},
         source="intrinsics", comment="the guide's nested myArn example (up to 10 nested intrinsics), with two placeholders for its two arguments")
    conv_in = {"title": "Doctor"}
    conv_out = {"static": "Hello", "title": "Doctor", "name": "María", "not-evaluated": "$customerName"}
    case(J, "guide-conversion-jsonpath-form", m({"A": {"Type": "Pass", "Assign": {"customerName": "María"}, "Next": "T"},
                                                 "T": {"Type": "Task", "Resource": LAMBDA, "Parameters": {"static": "Hello", "title.$": "$.title",
                                                                                                         "name.$": "$customerName", "not-evaluated": "$customerName"},
                                                       "End": True}}),
         conv_in, mocks={"T": [ret("ok")]}, output="ok", source=J,
         events=[{"type": "LambdaFunctionScheduled", "details": {"lambdaFunctionScheduledEventDetails": {"input": json.dumps(conv_out, ensure_ascii=False)}}}],
         comment="the guide's JSONPath-to-JSONata conversion example, JSONPath side")
    case(J, "guide-conversion-jsonata-form", m({"A": {"Type": "Pass", "Assign": {"customerName": "María"}, "Next": "T"},
                                                "T": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"static": "Hello", "title": "{% $states.input.title %}",
                                                                                                       "name": "{% $customerName %}", "not-evaluated": "$customerName"},
                                                      "End": True}}, QueryLanguage="JSONata"),
         conv_in, mocks={"T": [ret("ok")]}, output="ok", source=J,
         events=[{"type": "LambdaFunctionScheduled", "details": {"lambdaFunctionScheduledEventDetails": {"input": json.dumps(conv_out, ensure_ascii=False)}}}],
         comment="the same example, JSONata side: both give the same task input")
    case(J, "guide-partition-nine-by-three-next-state", m({"A": {"Type": "Pass", "Assign": {"arrayPartition": "{% $partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3) %}"},
                                                             "Next": "B"}, "B": {"Type": "Pass", "Output": "{% $arrayPartition %}", "End": True}},
                                                           QueryLanguage="JSONata"),
         {}, output=[[1, 2, 3], [4, 5, 6], [7, 8, 9]], source=J)
    case(J, "range-negative-step", m({"A": {"Type": "Pass", "Output": "{% $range(10, 0, -5) %}", "End": True}}, QueryLanguage="JSONata"),
         {}, output=[10, 5, 0], source=J, comment="a negative step counts down")
    case(J, "hash-sha-512-of-input", m({"A": {"Type": "Pass", "Output": "{% $hash($states.input.content, 'SHA-512') %}", "End": True}}, QueryLanguage="JSONata"),
         {"content": "abc"}, output=__import__("hashlib").sha512(b"abc").hexdigest(), source=J)

    # paths and timestamps (ASL spec: RFC 3339 with uppercase T and Z; offsets allowed)
    case("io", "deep-scan-path", one({"Type": "Pass", "Parameters": {"names.$": "$..name"}}), {"a": {"name": "x"}, "b": [{"name": "y"}]},
         output={"names": ["x", "y"]}, source="params")
    case("io", "negative-slice", one({"Type": "Pass", "Parameters": {"last.$": "$.a[-1:]"}}), {"a": [1, 2, 3]}, output={"last": [3]}, source="params")
    case("map", "item-selector-dollar-is-effective-input", m({"M": {"Type": "Map", "InputPath": "$.sub", "ItemsPath": "$.l", "End": True,
        "ItemSelector": {"k.$": "$.k", "v.$": "$$.Map.Item.Value"}, "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}}}),
         {"sub": {"k": "K", "l": [1]}, "k": "outer"}, output=[{"k": "K", "v": 1}], source="map",
         comment="ItemsPath and ItemSelector's $ both read the input after InputPath")
    chooser = lambda rule: m({"C": {"Type": "Choice", "Choices": [dict(rule, Next="Y")], "Default": "N"},
                              "Y": {"Type": "Pass", "Result": "yes", "End": True}, "N": {"Type": "Pass", "Result": "no", "End": True}})
    case("choice", "timestamp-equals-same-instant-other-offset", chooser({"Variable": "$.t", "TimestampEquals": "2016-03-14T01:59:00Z"}),
         {"t": "2016-03-14T02:59:00+01:00"}, output="yes", source="spec", comment="timestamps compare as instants")
    case("choice", "is-timestamp-with-offset", chooser({"Variable": "$.t", "IsTimestamp": True}), {"t": "2016-03-14T02:59:00+01:00"},
         output="yes", source="spec")
    case("choice", "is-timestamp-lowercase-t-rejected", chooser({"Variable": "$.t", "IsTimestamp": True}), {"t": "2016-03-14t01:59:00z"},
         output="no", source="spec", comment="the spec requires an uppercase T and Z")

    # history detail fields named by the Step Functions API model (HistoryEvent and its *EventDetails shapes)
    H = "history"
    api = "https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html"
    case(H, "task-scheduled-timeouts", m({"T": {"Type": "Task", "Resource": INVOKE, "Parameters": {"FunctionName": "F"}, "TimeoutSeconds": 30,
                                                "HeartbeatSeconds": 10, "End": True}}), {}, mocks={"T": [ret(1)]}, output=1, source=api,
         events=[{"type": "TaskScheduled", "details": {"taskScheduledEventDetails": {"resourceType": "lambda", "resource": "invoke",
                                                                                     "region": "us-east-1", "timeoutInSeconds": 30, "heartbeatInSeconds": 10}}},
                 {"type": "TaskStarted", "details": {"taskStartedEventDetails": {"resourceType": "lambda", "resource": "invoke"}}},
                 {"type": "TaskSucceeded", "details": {"taskSucceededEventDetails": {"output": "1", "outputDetails": {"truncated": False}}}}])
    case(H, "lambda-scheduled-timeout", m({"T": {"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": 45, "End": True}}), {}, mocks={"T": [ret(1)]},
         output=1, source=api, events=[{"type": "LambdaFunctionScheduled", "details": {"lambdaFunctionScheduledEventDetails": {
             "resource": LAMBDA, "timeoutInSeconds": 45, "inputDetails": {"truncated": False}}}}])
    case(H, "activity-scheduled-details", m({"T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Review",
                                                   "TimeoutSeconds": 60, "HeartbeatSeconds": 20, "End": True}}), {"doc": 1}, mocks={"T": [ret(1)]},
         output=1, source=api, events=[{"type": "ActivityScheduled", "details": {"activityScheduledEventDetails": {
             "resource": "arn:aws:states:us-east-1:123456789012:activity:Review", "input": "{\"doc\":1}", "timeoutInSeconds": 60, "heartbeatInSeconds": 20}}}])
    case(H, "data-details-not-truncated", m({"A": {"Type": "Pass", "End": True}}), {"a": 1}, output={"a": 1}, source=api,
         events=[{"type": "ExecutionStarted", "details": {"executionStartedEventDetails": {"inputDetails": {"truncated": False}}}},
                 {"type": "PassStateEntered", "details": {"stateEnteredEventDetails": {"inputDetails": {"truncated": False}}}},
                 {"type": "PassStateExited", "details": {"stateExitedEventDetails": {"outputDetails": {"truncated": False}}}},
                 {"type": "ExecutionSucceeded", "details": {"executionSucceededEventDetails": {"outputDetails": {"truncated": False}}}}])
    case(H, "map-iteration-failed-details", m({"M": {"Type": "Map", "ItemsPath": "$.l", "MaxConcurrency": 1, "End": True, "ItemProcessor": {
        "StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}}}), {"l": [1]}, error="E", cause="c", source=api,
         events=[{"type": "MapIterationFailed", "details": {"mapIterationFailedEventDetails": {"name": "M", "index": 0}}},
                 {"type": "MapStateFailed"}, {"type": "ExecutionFailed", "details": {"executionFailedEventDetails": {"error": "E", "cause": "c"}}}])
    case(H, "execution-timed-out-details", m({"W": {"Type": "Wait", "Seconds": 10, "End": True}}, TimeoutSeconds=2), {}, error="States.Timeout",
         source=api, events=[{"type": "ExecutionTimedOut", "timestamp": "2024-01-02T03:04:07.678Z",
                              "details": {"executionTimedOutEventDetails": {"error": "States.Timeout"}}}])
    case(H, "state-exited-assigned-variables-json", m({"A": {"Type": "Pass", "Assign": {"n": 1, "o": {"k": [True]}}, "End": True}}), {},
         output={}, source="design", events=[{"type": "PassStateExited", "details": {"stateExitedEventDetails": {
             "assignedVariables": {"n": "1", "o": "{\"k\":[true]}"}}}}])

    # DESIGN.md section 3 surprises not covered elsewhere
    case("io", "wildcard-on-empty-object-is-empty-array", one({"Type": "Pass", "Parameters": {"v.$": "$[*]"}}), {}, output={"v": []},
         source="design", comment="DESIGN.md: $[*] on {} gives []")
    case("errors", "evaluation-failed-location-inside-output", m({"S": {"Type": "Pass", "Output": {"error": "{% $error('bad') %}"}, "End": True}},
                                                                  QueryLanguage="JSONata"), {},
         error="States.QueryEvaluationError", source="design",
         events=[{"type": "EvaluationFailed", "details": {"evaluationFailedEventDetails": {"location": "Output/error", "state": "S"}}}],
         comment="DESIGN.md: EvaluationFailed names the location inside the field, such as Output/error")
    case("validation", "invalid-input-message-is-jacksons", m({"A": {"Type": "Pass", "End": True}}), None, invalid=["*"], source="design",
         comment="DESIGN.md: InvalidExecutionInput messages are Jackson's parser messages")
    CASES[("validation", "invalid-input-message-is-jacksons")]["inputText"] = "{\"a\": tru}"
    CASES[("validation", "invalid-input-message-is-jacksons")]["expect"]["findingMessageContains"] = "Unrecognized token 'tru'"
    del CASES[("validation", "invalid-input-message-is-jacksons")]["input"]
