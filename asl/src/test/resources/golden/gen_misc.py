"""Validation through LocalExecution, history details, AWS guide example machines."""
import os
from gen_common import *

S = "SCHEMA_VALIDATION_FAILED"


def generate():
    V = "validation"
    bad = lambda name, d, codes, **kw: case(V, name, d, {}, invalid=codes, **({"source": "https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html"} | kw))
    # recorded on AWS (parser/invalid holds the same rules with their exact locations and messages)
    ls_validation = "https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/test_sfn_api_validation.snapshot.json"
    graph = "https://github.com/floci-io/floci/pull/2786"
    T = "MISSING_TRANSITION_TARGET"
    bad("not-json", "{ not json", ["INVALID_JSON_DESCRIPTION"], source=ls_validation)
    bad("empty-text", "", [S], source=ls_validation, comment="recorded for blank text: Definition must be a valid JSON object")
    bad("json-array", "[]", [S], source=ls_validation)
    bad("missing-start-at", {"States": {"A": {"Type": "Succeed"}}}, [S], source=ls_validation)
    bad("missing-states", {"StartAt": "A"}, [S], source=ls_validation)
    bad("start-at-unknown", m({"A": {"Type": "Succeed"}}, start="B"), [T, T], source="https://github.com/aws-cloudformation/cfn-lint/issues/4074",
        comment="the missing StartAt target, then A, which no other state names, is not reachable")
    bad("next-unknown", m({"A": {"Type": "Pass", "Next": "Nowhere"}}), [T, "MISSING_END_STATE"], source=graph)
    bad("unreachable-state", m({"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}), [T], source="https://github.com/localstack/localstack/issues/11978",
        comment="AWS reports an unreachable state as MISSING_TRANSITION_TARGET")
    bad("loop-without-end", m({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}), ["MISSING_END_STATE"], source=graph)
    bad("duplicate-name-across-branches", m({"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}, {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}]}}), ["DUPLICATE_STATE_NAME"])
    bad("bad-resource", m({"T": {"Type": "Task", "Resource": "not-an-arn", "End": True}}), [S], source="https://github.com/aws/aws-sam-cli-app-templates/issues/185",
        comment="recorded on Step Functions Local: SCHEMA_VALIDATION_FAILED, Value is not a valid resource ARN")
    bad("unknown-type", m({"A": {"Type": "Sleep", "End": True}}), [S])
    bad("unknown-field", m({"A": {"Type": "Pass", "Foo": 1, "End": True}}), [S])
    bad("next-and-end", m({"A": {"Type": "Pass", "Next": "A", "End": True}}), [S])
    bad("neither-next-nor-end", m({"A": {"Type": "Pass"}}), [S])
    bad("choice-operand-type", m({"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": "1", "Next": "S"}]}, "S": {"Type": "Succeed"}}), [S])
    bad("choice-bad-timestamp-operand", m({"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "TimestampEquals": "yesterday", "Next": "S"}]},
                                           "S": {"Type": "Succeed"}}), [S])
    bad("wait-two-durations", m({"W": {"Type": "Wait", "Seconds": 1, "Timestamp": "2024-01-01T00:00:00Z", "End": True}}), [S])
    bad("wait-negative-seconds", m({"W": {"Type": "Wait", "Seconds": -1, "End": True}}), [S])
    bad("retry-backoff-below-one", m({"T": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5}], "End": True}}), [S])
    bad("retry-states-all-not-last", m({"T": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}],
                                              "End": True}}), [S])
    bad("retry-bad-jitter", m({"T": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["E"], "JitterStrategy": "SOME"}], "End": True}}), [S])
    bad("retry-max-delay-zero", m({"T": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["E"], "MaxDelaySeconds": 0}], "End": True}}), [S])
    bad("catch-next-unknown", m({"T": {"Type": "Task", "Resource": LAMBDA, "Catch": [{"ErrorEquals": ["E"], "Next": "Z"}], "End": True}}),
        ["MISSING_TRANSITION_TARGET"])
    bad("fail-error-and-error-path", m({"F": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}}), [S])
    bad("parallel-empty-branches", m({"P": {"Type": "Parallel", "Branches": [], "End": True}}), [S])
    bad("map-missing-processor", m({"M": {"Type": "Map", "End": True}}), [S])
    bad("task-heartbeat-not-below-timeout", m({"T": {"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": 5, "HeartbeatSeconds": 5, "End": True}}), [S])
    bad("jsonpath-field-in-jsonata-state", m({"A": {"Type": "Pass", "InputPath": "$.a", "End": True}}, QueryLanguage="JSONata"), [S])
    bad("jsonata-field-in-jsonpath-state", m({"A": {"Type": "Pass", "Output": {}, "End": True}}), [S])
    bad("reserved-variable-states", m({"A": {"Type": "Pass", "Assign": {"states": 1}, "End": True}}), [S])
    bad("branch-assigns-outer-variable", m({"A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "P"},
                                            "P": {"Type": "Parallel", "End": True, "Branches": [{"StartAt": "B", "States": {
                                                "B": {"Type": "Pass", "Assign": {"x": 2}, "End": True}}}]}}), [S])
    bad("bad-path-syntax", m({"A": {"Type": "Pass", "InputPath": "$.a[", "End": True}}), [S])
    bad("result-path-with-wildcard", m({"A": {"Type": "Pass", "ResultPath": "$.a[*]", "End": True}}), [S])
    bad("several-findings", m({"A": {"Type": "Pass", "Nxt": "B", "End": True}, "B": {"Type": "Wait", "Seconds": -5, "Next": "Nope"}}),
        [S, S, "MISSING_TRANSITION_TARGET", "MISSING_TRANSITION_TARGET"], comment="every finding at once")
    case(V, "invalid-input-json", m({"A": {"Type": "Pass", "End": True}}), None, invalid=["*"], source="errors",
         comment="input that is not JSON is rejected before running (InvalidExecutionInput)")
    CASES[(V, "invalid-input-json")]["inputText"] = "{not json"
    del CASES[(V, "invalid-input-json")]["input"]

    # ---------------- history ----------------
    H = "history"
    case(H, "pass-full-events", m({"A": {"Type": "Pass", "End": True}}), {"a": 1}, output={"a": 1}, source="history",
         history_types=["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
         events=[{"type": "ExecutionStarted", "id": 1, "previousEventId": 0, "timestamp": START,
                  "details": {"executionStartedEventDetails": {"input": "{\"a\":1}"}}},
                 {"type": "PassStateEntered", "id": 2, "previousEventId": 0, "timestamp": START,
                  "details": {"stateEnteredEventDetails": {"name": "A", "input": "{\"a\":1}"}}},
                 {"type": "PassStateExited", "id": 3, "previousEventId": 2, "details": {"stateExitedEventDetails": {"name": "A", "output": "{\"a\":1}"}}},
                 {"type": "ExecutionSucceeded", "id": 4, "previousEventId": 3, "details": {"executionSucceededEventDetails": {"output": "{\"a\":1}"}}}],
         comment="DESIGN.md: the first state's StateEntered has previousEventId 0")
    case(H, "fail-full-events", m({"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}), {}, error="E", cause="C", source="history",
         events=[{"type": "FailStateEntered", "id": 2, "details": {"stateEnteredEventDetails": {"name": "F"}}},
                 {"type": "ExecutionFailed", "id": 3, "previousEventId": 2, "details": {"executionFailedEventDetails": {"error": "E", "cause": "C"}}}])
    case(H, "choice-events", m({"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": True, "Next": "S"}]}, "S": {"Type": "Succeed"}}),
         {"a": 1}, output={"a": 1}, source="history",
         history_types=["ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"])
    case(H, "lambda-events-details", m({"T": {"Type": "Task", "Resource": LAMBDA, "End": True}}), {"x": 1}, mocks={"T": [ret({"y": 2})]},
         output={"y": 2}, source="history",
         events=[{"type": "LambdaFunctionScheduled", "details": {"lambdaFunctionScheduledEventDetails": {"resource": LAMBDA, "input": "{\"x\":1}"}}},
                 {"type": "LambdaFunctionSucceeded", "details": {"lambdaFunctionSucceededEventDetails": {"output": "{\"y\":2}"}}},
                 {"type": "TaskStateExited", "details": {"stateExitedEventDetails": {"name": "T", "output": "{\"y\":2}"}}}])
    case(H, "lambda-failed-details", m({"T": {"Type": "Task", "Resource": LAMBDA, "End": True}}), {}, mocks={"T": [throw("Err", "Why")]},
         error="Err", cause="Why", source="history",
         events=[{"type": "LambdaFunctionFailed", "details": {"lambdaFunctionFailedEventDetails": {"error": "Err", "cause": "Why"}}},
                 {"type": "ExecutionFailed", "details": {"executionFailedEventDetails": {"error": "Err", "cause": "Why"}}}])
    case(H, "ids-are-consecutive", m({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": True}}), {}, output={}, source="history",
         events=[{"type": "ExecutionStarted", "id": 1, "previousEventId": 0}, {"type": "PassStateEntered", "id": 2, "previousEventId": 0},
                 {"type": "PassStateExited", "id": 3, "previousEventId": 2}, {"type": "PassStateEntered", "id": 4, "previousEventId": 3},
                 {"type": "PassStateExited", "id": 5, "previousEventId": 4}, {"type": "ExecutionSucceeded", "id": 6, "previousEventId": 5}])
    case(H, "map-iteration-events", m({"M": {"Type": "Map", "ItemsPath": "$.l", "MaxConcurrency": 1, "ItemProcessor": {"StartAt": "P", "States": {
        "P": {"Type": "Pass", "End": True}}}, "End": True}}), {"l": ["x"]}, output=["x"], source="history",
         events=[{"type": "MapStateEntered", "details": {"stateEnteredEventDetails": {"name": "M"}}},
                 {"type": "MapStateStarted", "details": {"mapStateStartedEventDetails": {"length": 1}}},
                 {"type": "MapIterationStarted", "details": {"mapIterationStartedEventDetails": {"name": "M", "index": 0}}},
                 {"type": "MapIterationSucceeded", "details": {"mapIterationSucceededEventDetails": {"name": "M", "index": 0}}},
                 {"type": "MapStateSucceeded"}, {"type": "MapStateExited", "details": {"stateExitedEventDetails": {"name": "M"}}}])
    case(H, "wait-timestamps", m({"A": {"Type": "Wait", "Seconds": 5, "Next": "B"}, "B": {"Type": "Pass", "End": True}}), {}, output={}, source="history",
         events=[{"type": "WaitStateEntered", "timestamp": START}, {"type": "WaitStateExited", "timestamp": "2024-01-02T03:04:10.678Z"},
                 {"type": "PassStateEntered", "timestamp": "2024-01-02T03:04:10.678Z"}])
    case(H, "execution-timed-out-event", m({"W": {"Type": "Wait", "Seconds": 10, "End": True}}, TimeoutSeconds=1), {}, error="States.Timeout",
         source="history", history_types=["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"])
    case(H, "parallel-failed-event", m({"P": {"Type": "Parallel", "End": True, "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}]}}),
         {}, error="E", source="history",
         history_types=["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "FailStateEntered", "ParallelStateFailed", "ExecutionFailed"])
    case(H, "map-failed-event", m({"M": {"Type": "Map", "ItemsPath": "$.l", "End": True, "ItemProcessor": {"StartAt": "F", "States": {
        "F": {"Type": "Fail", "Error": "E"}}}}}), {"l": [1]}, error="E", source="history",
         history_types=["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapIterationStarted", "FailStateEntered", "MapIterationFailed",
                        "MapStateFailed", "ExecutionFailed"])
    case(H, "custom-execution-name-in-history", m({"A": {"Type": "Pass", "End": True}}), {}, output={}, options={"executionName": "other"},
         source="history", events=[{"type": "ExecutionStarted"}])

    # ---------------- AWS guide example machines ----------------
    X = "aws-examples"
    case(X, "hello-world", m({"Hello World": {"Type": "Pass", "Result": "Hello World!", "End": True}}, Comment="A Hello World example of the Amazon States Language using a Pass state"),
         {}, output="Hello World!", source="spec")
    case(X, "hello-lambda", m({"HelloWorld": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction", "End": True}}),
         {}, mocks={"HelloWorld": [ret("Hello from Lambda!")]}, output="Hello from Lambda!", source="task")
    waits = m({"FirstState": {"Type": "Pass", "Next": "wait_using_seconds"},
               "wait_using_seconds": {"Type": "Wait", "Seconds": 10, "Next": "wait_using_timestamp"},
               "wait_using_timestamp": {"Type": "Wait", "Timestamp": "2015-09-04T01:59:00Z", "Next": "wait_using_timestamp_path"},
               "wait_using_timestamp_path": {"Type": "Wait", "TimestampPath": "$.expirydate", "Next": "wait_using_seconds_path"},
               "wait_using_seconds_path": {"Type": "Wait", "SecondsPath": "$.expiryseconds", "Next": "FinalState"},
               "FinalState": {"Type": "Succeed"}}, Comment="An example of the Amazon States Language using wait states")
    case(X, "wait-states", waits, {"expirydate": "2024-01-02T03:10:00Z", "expiryseconds": 5},
         output={"expirydate": "2024-01-02T03:10:00Z", "expiryseconds": 5}, source="wait",
         events=[{"type": "SucceedStateEntered", "timestamp": "2024-01-02T03:10:05Z"}])
    poller = m({
        "Submit Job": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:SubmitJob", "ResultPath": "$.guid", "Next": "Wait X Seconds"},
        "Wait X Seconds": {"Type": "Wait", "SecondsPath": "$.wait_time", "Next": "Get Job Status"},
        "Get Job Status": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:CheckJob", "Next": "Job Complete?",
                           "InputPath": "$.guid", "ResultPath": "$.status"},
        "Job Complete?": {"Type": "Choice", "Choices": [{"Variable": "$.status", "StringEquals": "FAILED", "Next": "Job Failed"},
                                                        {"Variable": "$.status", "StringEquals": "SUCCEEDED", "Next": "Get Final Job Status"}],
                          "Default": "Wait X Seconds"},
        "Job Failed": {"Type": "Fail", "Cause": "AWS Batch Job Failed", "Error": "DescribeJob returned FAILED"},
        "Get Final Job Status": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:CheckJob", "InputPath": "$.guid", "End": True}},
        Comment="An example of the Amazon States Language for a job poller")
    case(X, "job-poller-succeeds", poller, {"wait_time": 30},
         mocks={"Submit Job": [ret("job-1")], "Get Job Status": [ret("RUNNING"), ret("SUCCEEDED")], "Get Final Job Status": [ret("SUCCEEDED")]},
         output="SUCCEEDED", source="wait", comment="the job poller example; the job finishes on the second check",
         events=[{"type": "TaskStateEntered", "details": {"stateEnteredEventDetails": {"name": n}}, "timestamp": t}
                 for n, t in [("Submit Job", "2024-01-02T03:04:05.678Z"), ("Get Job Status", "2024-01-02T03:04:35.678Z"),
                              ("Get Job Status", "2024-01-02T03:05:05.678Z"), ("Get Final Job Status", "2024-01-02T03:05:05.678Z")]])
    case(X, "job-poller-fails", poller, {"wait_time": 30},
         mocks={"Submit Job": [ret("job-1")], "Get Job Status": [ret("FAILED")], "Get Final Job Status": [ret("x")]},
         error="DescribeJob returned FAILED", cause="AWS Batch Job Failed", source="wait")
    catch_all = m({"HelloWorld": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:FailFunction",
                                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "fallback"}], "End": True},
                   "fallback": {"Type": "Pass", "Result": "This is a fallback from any error code", "End": True}},
                  Comment="A Catch example of the Amazon States Language using an AWS Lambda function")
    case(X, "catch-all-fallback", catch_all, {}, mocks={"HelloWorld": [throw("CustomError", "This is a custom error!")]},
         output="This is a fallback from any error code", source="errors")
    retry_ex = m({"HelloWorld": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:FailFunction",
                                 "Retry": [{"ErrorEquals": ["HandledError"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2.0}], "End": True}},
                 Comment="A Retry example of the Amazon States Language using an AWS Lambda function")
    case(X, "retry-handled-error", retry_ex, {}, mocks={"HelloWorld": [throw("HandledError", "h"), throw("HandledError", "h"), ret("third time")]},
         output="third time", source="errors")
    case(X, "retry-handled-error-exhausted", retry_ex, {}, mocks={"HelloWorld": {"0-2": throw("HandledError", "h")}},
         error="HandledError", cause="h", source="errors")
    transform = m({"Transform": {"Type": "Pass", "Output": {
        "customer": "{% $states.input.customer.name %}", "total": "{% $sum($states.input.items.(price * qty)) %}",
        "count": "{% $count($states.input.items) %}"}, "End": True}}, QueryLanguage="JSONata")
    case(X, "jsonata-transform-order", transform, {"customer": {"name": "Ana"}, "items": [{"price": 2, "qty": 3}, {"price": 1.5, "qty": 2}]},
         output={"customer": "Ana", "total": 9, "count": 2}, source="jsonata")
    # every valid definition kept with the parser tests must validate here too
    pdir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "parser", "valid")
    for f in sorted(os.listdir(pdir)):
        if f.endswith(".json"):
            with open(os.path.join(pdir, f)) as fh:
                d = json.load(fh)
            case(X, "validates-" + f[:-5], d, {}, valid_only=True, source="the AWS guide examples collected in parser/valid")
