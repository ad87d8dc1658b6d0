"""Task (mocked), Retry, Catch, predefined errors."""
from gen_common import *


def task(resource=INVOKE, **kw):
    d = {"Type": "Task", "Resource": resource}
    d.update(kw)
    return end(d)


def generate():
    T, R, C, E = "task", "retry", "catch", "errors"
    # ---------------- task ----------------
    case(T, "lambda-arn-result-replaces-input", m({"T": task(LAMBDA)}), {"in": 1}, mocks={"T": [ret({"out": 2})]}, output={"out": 2}, source=T,
         history_types=["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                        "TaskStateExited", "ExecutionSucceeded"], comment="DESIGN.md: a plain function ARN emits LambdaFunction* events")
    case(T, "lambda-invoke-history", m({"T": task(INVOKE, Parameters={"FunctionName": "F", "Payload.$": "$"})}), {"in": 1},
         mocks={"T": [ret({"StatusCode": 200, "Payload": {"ok": True}})]}, output={"StatusCode": 200, "Payload": {"ok": True}}, source=T,
         history_types=["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"],
         events=[{"type": "TaskScheduled", "details": {"taskScheduledEventDetails": {"resourceType": "lambda", "resource": "invoke"}}},
                 {"type": "TaskSucceeded", "details": {"taskSucceededEventDetails": {"resourceType": "lambda", "resource": "invoke"}}}],
         comment="DESIGN.md: lambda:invoke emits Task* events with resourceType lambda, resource invoke")
    case(T, "sqs-send-message", m({"T": task(SQS, Parameters={"QueueUrl": "https://sqs/q", "MessageBody.$": "$"})}), {"m": 1},
         mocks={"T": [ret({"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"})]},
         output={"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}, source="mock",
         events=[{"type": "TaskScheduled", "details": {"taskScheduledEventDetails": {"resourceType": "sqs", "resource": "sendMessage"}}}])
    case(T, "aws-sdk-integration", m({"T": task("arn:aws:states:::aws-sdk:s3:listBuckets", Parameters={})}), {},
         mocks={"T": [ret({"Buckets": []})]}, output={"Buckets": []}, source="mock")
    case(T, "nested-execution-sync", m({"T": task("arn:aws:states:::states:startExecution.sync:2",
                                                   Parameters={"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input.$": "$"})}),
         {}, mocks={"T": [ret({"Output": {"child": "done"}, "Status": "SUCCEEDED"})]}, output={"Output": {"child": "done"}, "Status": "SUCCEEDED"}, source="mock")
    case(T, "activity", m({"T": task("arn:aws:states:us-east-1:123456789012:activity:Review")}), {}, mocks={"T": [ret("approved")]},
         output="approved", source="mock")
    case(T, "http-invoke", m({"T": task("arn:aws:states:::http:invoke", Parameters={
        "ApiEndpoint": "https://example.com", "Method": "GET", "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/c/1"}})}),
         {}, mocks={"T": [ret({"StatusCode": 200, "ResponseBody": {"ok": 1}})]}, output={"StatusCode": 200, "ResponseBody": {"ok": 1}}, source="mock")
    case(T, "wait-for-task-token", m({"T": task("arn:aws:states:::lambda:invoke.waitForTaskToken",
                                                Parameters={"FunctionName": "F", "Payload": {"token.$": "$$.Task.Token"}})}), {},
         mocks={"T": [ret({"status": "approved"})]}, output={"status": "approved"}, source="mock")
    case(T, "timeouts-and-heartbeat-literal", m({"T": task(LAMBDA, TimeoutSeconds=30, HeartbeatSeconds=10)}), {}, mocks={"T": [ret(1)]},
         output=1, source=T)
    case(T, "timeout-and-heartbeat-paths", m({"T": task(LAMBDA, TimeoutSecondsPath="$.t", HeartbeatSecondsPath="$.h")}), {"t": 30, "h": 5},
         mocks={"T": [ret(1)]}, output=1, source=T)
    case(T, "timeout-seconds-path-not-number-fails", m({"T": task(LAMBDA, TimeoutSecondsPath="$.t")}), {"t": "soon"}, mocks={"T": [ret(1)]},
         error="States.Runtime", source=T)
    case(T, "mock-throw-fails-execution", m({"T": task(LAMBDA)}), {}, mocks={"T": [throw("CustomError", "the cause")]},
         error="CustomError", cause="the cause", source="mock",
         history_types=["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
                        "ExecutionFailed"])
    case(T, "mock-throw-invoke-history", m({"T": task(INVOKE, Parameters={"FunctionName": "F"})}), {}, mocks={"T": [throw("Lambda.ServiceException", "svc")]},
         error="Lambda.ServiceException", cause="svc", source="mock",
         history_types=["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "ExecutionFailed"],
         events=[{"type": "TaskFailed", "details": {"taskFailedEventDetails": {"error": "Lambda.ServiceException", "cause": "svc"}}}])
    case(T, "mock-responses-in-sequence", m({"A": task(LAMBDA, ResultPath="$.a", Next="B"), "B": task(LAMBDA, ResultPath="$.b")}), {},
         mocks={"A": [ret(1)], "B": [ret(2)]}, output={"a": 1, "b": 2}, source="mock")
    case(T, "same-state-called-in-loop-uses-next-response", m({
        "T": task(LAMBDA, ResultPath="$.r", Next="C"),
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.r", "StringEquals": "done", "Next": "D"}], "Default": "T"},
        "D": {"Type": "Succeed"}}), {}, mocks={"T": {"0-1": ret("again"), "2": ret("done")}}, output={"r": "done"}, source="mock",
         comment="the response index counts the calls of the state; '0-1' covers calls 0 and 1")
    case(T, "parameters-build-payload", m({"T": task(INVOKE, Parameters={"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:F",
                                                                       "Payload": {"id.$": "$.id", "static": 1}}, ResultSelector={"p.$": "$.Payload"})}),
         {"id": "x"}, mocks={"T": [ret({"Payload": "result"})]}, output={"p": "result"}, source=T)
    case(T, "test-case-selected-by-name", m({"T": task(LAMBDA)}), {},
         mock_config={"StateMachines": {"golden": {"TestCases": {"Happy": {"T": "Ok"}, "Sad": {"T": "Err"}}}},
                      "MockedResponses": {"Ok": {"0": ret("fine")}, "Err": {"0": throw("Sad", "sad path")}}},
         test_case="Sad", error="Sad", cause="sad path", source="mock")
    case(T, "test-case-selected-by-name-happy", m({"T": task(LAMBDA)}), {},
         mock_config={"StateMachines": {"golden": {"TestCases": {"Happy": {"T": "Ok"}, "Sad": {"T": "Err"}}}},
                      "MockedResponses": {"Ok": {"0": ret("fine")}, "Err": {"0": throw("Sad", "sad path")}}},
         test_case="Happy", output="fine", source="mock")
    aws_mock = {"StateMachines": {"LambdaSQSIntegration": {"TestCases": {
        "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
        "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"}}}},
        "MockedResponses": {
            "MockedLambdaSuccess": {"0": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}},
            "MockedSQSSuccess": {"0": {"Return": {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}},
            "MockedLambdaRetry": {"0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}},
                                  "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
                                  "3": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}}}}
    aws_sm = m({"LambdaState": {"Type": "Task", "Resource": INVOKE, "Parameters": {"Payload.$": "$", "FunctionName": "HelloWorldFunction"},
                                "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}], "Next": "SQSState"},
                "SQSState": {"Type": "Task", "Resource": SQS, "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue",
                                                                             "MessageBody.$": "$"}, "End": True}})
    opts = {"stateMachineName": "LambdaSQSIntegration"}
    sqs_out = {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}
    case(T, "aws-mock-example-happy-path", aws_sm, {}, mock_config=aws_mock, test_case="HappyPath", options=opts, output=sqs_out, source="mock",
         comment="the mock configuration example of the AWS guide")
    case(T, "aws-mock-example-retry-path", aws_sm, {}, mock_config=aws_mock, test_case="RetryPath", options=opts, output=sqs_out, source="mock",
         events=[{"type": "TaskScheduled", "timestamp": START}, {"type": "TaskScheduled", "timestamp": "2024-01-02T03:04:07.678Z"},
                 {"type": "TaskScheduled", "timestamp": "2024-01-02T03:04:11.678Z"}, {"type": "TaskScheduled", "timestamp": "2024-01-02T03:04:19.678Z"},
                 {"type": "TaskScheduled", "details": {"taskScheduledEventDetails": {"resourceType": "sqs"}}, "timestamp": "2024-01-02T03:04:19.678Z"}],
         comment="three failures retried after 2, 4 and 8 seconds, then success")

    # ---------------- retry ----------------
    def fmt(t):
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def sched(*secs):
        import datetime
        base = datetime.datetime(2024, 1, 2, 3, 4, 5, 678000)
        return [{"type": "TaskScheduled", "timestamp": fmt(base + datetime.timedelta(seconds=s))} for s in secs]
    inv = lambda **kw: task(INVOKE, **({"Parameters": {"FunctionName": "F"}} | kw))
    case(R, "default-backoff-1-2-4", m({"T": inv(Retry=[{"ErrorEquals": ["E"]}])}), {}, mocks={"T": {"0-2": throw("E"), "3": ret("ok")}},
         output="ok", source="errors", events=sched(0, 1, 3, 7), comment="defaults: IntervalSeconds 1, BackoffRate 2.0, MaxAttempts 3")
    case(R, "max-attempts-exhausted", m({"T": inv(Retry=[{"ErrorEquals": ["E"]}])}), {}, mocks={"T": {"0-3": throw("E", "still")}},
         error="E", cause="still", source="errors", events=sched(0, 1, 3, 7))
    case(R, "max-attempts-zero-never-retries", m({"T": inv(Retry=[{"ErrorEquals": ["E"], "MaxAttempts": 0}])}), {},
         mocks={"T": [throw("E"), ret("ok")]}, error="E", source="errors",
         history_types=["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "ExecutionFailed"])
    case(R, "max-attempts-one", m({"T": inv(Retry=[{"ErrorEquals": ["E"], "MaxAttempts": 1}])}), {},
         mocks={"T": [throw("E"), throw("E", "second")]}, error="E", cause="second", source="errors")
    case(R, "interval-and-backoff", m({"T": inv(Retry=[{"ErrorEquals": ["E"], "IntervalSeconds": 3, "BackoffRate": 1.5, "MaxAttempts": 3}])}), {},
         mocks={"T": {"0-2": throw("E"), "3": ret("ok")}}, output="ok", source="errors", events=sched(0, 3, 7.5, 14.25),
         comment="delays 3, 4.5, 6.75 seconds")
    case(R, "backoff-rate-one-constant", m({"T": inv(Retry=[{"ErrorEquals": ["E"], "IntervalSeconds": 5, "BackoffRate": 1.0}])}), {},
         mocks={"T": {"0-2": throw("E"), "3": ret("ok")}}, output="ok", source="errors", events=sched(0, 5, 10, 15))
    case(R, "max-delay-seconds-caps", m({"T": inv(Retry=[{"ErrorEquals": ["E"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 3,
                                                          "MaxDelaySeconds": 5}])}), {},
         mocks={"T": {"0-2": throw("E"), "3": ret("ok")}}, output="ok", source="errors", events=sched(0, 2, 7, 12),
         comment="delays 2, min(6,5), min(18,5)")
    case(R, "jitter-full-still-succeeds", m({"T": inv(Retry=[{"ErrorEquals": ["E"], "JitterStrategy": "FULL", "IntervalSeconds": 10}])}), {},
         mocks={"T": [throw("E"), ret("ok")]}, output="ok", source="errors")
    case(R, "jitter-none-exact", m({"T": inv(Retry=[{"ErrorEquals": ["E"], "JitterStrategy": "NONE", "IntervalSeconds": 10}])}), {},
         mocks={"T": [throw("E"), ret("ok")]}, output="ok", source="errors", events=sched(0, 10))
    case(R, "states-all-retrier", m({"T": inv(Retry=[{"ErrorEquals": ["States.ALL"]}])}), {}, mocks={"T": [throw("Anything"), ret("ok")]},
         output="ok", source="errors")
    case(R, "non-matching-error-not-retried", m({"T": inv(Retry=[{"ErrorEquals": ["Other"]}])}), {}, mocks={"T": [throw("E"), ret("ok")]},
         error="E", source="errors")
    case(R, "first-matching-retrier-applies", m({"T": inv(Retry=[{"ErrorEquals": ["E"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"]}])}), {},
         mocks={"T": [throw("E"), ret("ok")]}, error="E", source="errors", comment="the first retrier matching E has MaxAttempts 0")
    case(R, "second-retrier-for-other-error", m({"T": inv(Retry=[{"ErrorEquals": ["X"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"]}])}), {},
         mocks={"T": [throw("E"), ret("ok")]}, output="ok", source="errors")
    case(R, "task-failed-wildcard-retries", m({"T": inv(Retry=[{"ErrorEquals": ["States.TaskFailed"]}])}), {},
         mocks={"T": [throw("Custom"), ret("ok")]}, output="ok", source="errors")
    case(R, "retry-then-catch", m({"T": inv(Retry=[{"ErrorEquals": ["E"], "MaxAttempts": 2}], Catch=[{"ErrorEquals": ["E"], "Next": "H"}]),
                                   "H": {"Type": "Pass", "End": True}}), {}, mocks={"T": {"0-2": throw("E", "x")}},
         output={"Error": "E", "Cause": "x"}, source="errors")
    case(R, "retry-history", m({"T": inv(Retry=[{"ErrorEquals": ["E"]}])}), {}, mocks={"T": [throw("E"), ret("ok")]}, output="ok", source="history",
         history_types=["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskScheduled", "TaskStarted",
                        "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"])
    case(R, "lambda-service-exception-best-practice", m({"T": task(LAMBDA, Retry=[{"ErrorEquals": ["Lambda.ServiceException", "Lambda.AWSLambdaException",
                                                                                                 "Lambda.SdkClientException"], "IntervalSeconds": 2,
                                                                                "MaxAttempts": 6, "BackoffRate": 2}])}),
         {}, mocks={"T": [throw("Lambda.SdkClientException"), ret("ok")]}, output="ok", source="errors",
         comment="the retry the AWS guide recommends for Lambda")
    case(R, "timeout-error-retried-by-name", m({"T": inv(Retry=[{"ErrorEquals": ["States.Timeout"]}])}), {},
         mocks={"T": [throw("States.Timeout"), ret("ok")]}, output="ok", source="errors")
    case(R, "task-failed-does-not-match-timeout", m({"T": inv(Retry=[{"ErrorEquals": ["States.TaskFailed"]}])}), {},
         mocks={"T": [throw("States.Timeout"), ret("ok")]}, error="States.Timeout", source="errors",
         comment="States.TaskFailed matches any error except States.Timeout")
    case(R, "parallel-retry-and-map-retry-count-per-state", m({"T": inv(Retry=[{"ErrorEquals": ["E"], "MaxAttempts": 2}], Next="U"),
                                                                 "U": inv(Retry=[{"ErrorEquals": ["E"], "MaxAttempts": 2}])}), {},
         mocks={"T": [throw("E"), throw("E"), ret("t")], "U": [throw("E"), throw("E"), ret("u")]}, output="u", source="errors",
         comment="each state has its own attempt counters")

    # ---------------- catch ----------------
    def catching(catchers, mock, input=None, **kw):
        states = {"T": inv(Catch=catchers)}
        used = {c["Next"] for c in catchers}
        if "H" in used: states["H"] = {"Type": "Pass", "End": True}
        if "H2" in used: states["H2"] = {"Type": "Pass", "Result": "second", "End": True}
        return dict(definition=m(states),
                    input=input or {"in": 1}, mocks={"T": [mock]}, **kw)
    def cc(name, catchers, mock, input=None, **kw):
        a = catching(catchers, mock, input)
        case(C, name, a["definition"], a["input"], mocks=a["mocks"], source="errors", **kw)
    cc("default-result-path-replaces-input", [{"ErrorEquals": ["E"], "Next": "H"}], throw("E", "c"), output={"Error": "E", "Cause": "c"})
    cc("result-path-keeps-input", [{"ErrorEquals": ["E"], "ResultPath": "$.error", "Next": "H"}], throw("E", "c"),
       output={"in": 1, "error": {"Error": "E", "Cause": "c"}})
    cc("result-path-null-discards-error", [{"ErrorEquals": ["E"], "ResultPath": None, "Next": "H"}], throw("E", "c"), output={"in": 1})
    cc("states-all", [{"ErrorEquals": ["States.ALL"], "Next": "H"}], throw("Whatever", "w"), output={"Error": "Whatever", "Cause": "w"})
    cc("first-matching-catcher", [{"ErrorEquals": ["E"], "Next": "H2"}, {"ErrorEquals": ["States.ALL"], "Next": "H"}], throw("E"), output="second")
    cc("falls-to-states-all", [{"ErrorEquals": ["X"], "Next": "H2"}, {"ErrorEquals": ["States.ALL"], "Next": "H"}], throw("E", "c"),
       output={"Error": "E", "Cause": "c"})
    cc("several-names-in-one-catcher", [{"ErrorEquals": ["A", "E"], "Next": "H2"}], throw("E"), output="second")
    cc("no-match-fails", [{"ErrorEquals": ["X"], "Next": "H"}], throw("E", "c"), error="E", cause="c")
    cc("task-failed-catches-custom", [{"ErrorEquals": ["States.TaskFailed"], "Next": "H2"}], throw("Custom.Error"), output="second")
    cc("task-failed-skips-timeout", [{"ErrorEquals": ["States.TaskFailed"], "Next": "H2"}, {"ErrorEquals": ["States.Timeout"], "Next": "H"}],
       throw("States.Timeout", "t"), output={"Error": "States.Timeout", "Cause": "t"})
    cc("timeout-by-name", [{"ErrorEquals": ["States.Timeout"], "Next": "H2"}], throw("States.Timeout"), output="second")
    cc("heartbeat-timeout-by-name", [{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "H2"}], throw("States.HeartbeatTimeout"), output="second")
    cc("error-names-are-case-sensitive", [{"ErrorEquals": ["e"], "Next": "H"}], throw("E"), error="E")
    cc("result-path-nested", [{"ErrorEquals": ["E"], "ResultPath": "$.a.b", "Next": "H"}], throw("E", "c"),
       output={"in": 1, "a": {"b": {"Error": "E", "Cause": "c"}}})
    case(C, "catch-history", m({"T": inv(Catch=[{"ErrorEquals": ["E"], "Next": "H"}]), "H": {"Type": "Pass", "End": True}}), {},
         mocks={"T": [throw("E", "c")]}, output={"Error": "E", "Cause": "c"}, source="history",
         history_types=["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateExited",
                        "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
    case(C, "catch-to-fail-state", m({"T": inv(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "F"}]),
                                      "F": {"Type": "Fail", "Error": "Handled", "Cause": "after catch"}}), {}, mocks={"T": [throw("E")]},
         error="Handled", cause="after catch", source="errors")
    case(C, "catch-then-continue-flow", m({"T": inv(Catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Notify"}], Next="Done"),
                                           "Notify": task(LAMBDA, ResultPath="$.notified", Next="Done"), "Done": {"Type": "Succeed"}}),
         {"order": 1}, mocks={"T": [throw("PaymentFailed", "card declined")], "Notify": [ret(True)]},
         output={"order": 1, "err": {"Error": "PaymentFailed", "Cause": "card declined"}, "notified": True}, source="errors")
    case(C, "states-all-does-not-catch-runtime", m({"T": inv(Parameters={"FunctionName": "F", "x.$": "$.missing"},
                                                                Catch=[{"ErrorEquals": ["States.ALL"], "Next": "H"}]), "H": {"Type": "Succeed"}}),
         {}, mocks={"T": [ret(1)]}, error="States.Runtime", source="errors",
         comment="States.ALL cannot catch States.Runtime")
    case(C, "states-all-does-not-catch-result-selector-runtime", m({"T": task(LAMBDA, ResultSelector={"x.$": "$.nope"},
                                                                              Catch=[{"ErrorEquals": ["States.ALL"], "Next": "H"}]),
                                                                    "H": {"Type": "Succeed"}}), {}, mocks={"T": [ret({})]},
         error="States.Runtime", source="errors")
    case(C, "jsonata-catch-output-and-assign", m({"T": task(LAMBDA, Catch=[{"ErrorEquals": ["States.ALL"], "Next": "H",
                                                                            "Output": {"failed": "{% $states.errorOutput.Error %}"},
                                                                            "Assign": {"why": "{% $states.errorOutput.Cause %}"}}]),
                                                  "H": {"Type": "Pass", "Output": {"o": "{% $states.input %}", "why": "{% $why %}"}, "End": True}},
                                                QueryLanguage="JSONata"),
         {}, mocks={"T": [throw("E", "because")]}, output={"o": {"failed": "E"}, "why": "because"}, source="jsonata")

    # ---------------- predefined errors ----------------
    big = "{% $join($map([1..27000], function($v) { '0123456789' })) %}"
    case(E, "data-limit-exceeded-state-output", m({"S": {"Type": "Pass", "Output": big, "End": True}}, QueryLanguage="JSONata"), {},
         error="States.DataLimitExceeded", source="errors", comment="a state output over 256 KiB")
    case(E, "data-limit-exceeded-not-caught-by-states-all", m({"P": {"Type": "Parallel", "Output": big,
                                                                     "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}],
                                                                     "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "End": True},
                                                               "H": {"Type": "Succeed"}}, QueryLanguage="JSONata"), {},
         error="States.DataLimitExceeded", source="errors", comment="States.ALL does not catch States.DataLimitExceeded")
    chars = lambda n: "$join($map([1..%d], function($v) { '0123456789' }))" % (n // 10)
    case("variables", "assign-variable-of-256-kib-fails-with-data-limit-exceeded",
         m({"S": {"Type": "Pass", "Assign": {"big": "{% " + chars(270000) + " %}"}, "Next": "T"},
            "T": {"Type": "Succeed"}}, QueryLanguage="JSONata"), {},
         error="States.DataLimitExceeded", cause_contains="'big'", source="variables",
         comment="a single variable is limited to 256 KiB")
    case("variables", "assign-all-variables-together-over-256-kib-fails",
         m({"S": {"Type": "Pass", "Assign": {"a": "{% " + chars(140000) + " %}", "b": "{% " + chars(140000) + " %}"},
                  "End": True}}, QueryLanguage="JSONata"), {},
         error="States.DataLimitExceeded", source="variables",
         comment="all the variables of one Assign together are limited to 256 KiB")
    case("variables", "assign-data-limit-not-caught-by-states-all",
         m({"P": {"Type": "Parallel", "Assign": {"big": "{% " + chars(270000) + " %}"},
                  "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "End": True},
            "H": {"Type": "Succeed"}}, QueryLanguage="JSONata"), {},
         error="States.DataLimitExceeded", source="variables")
    case("variables", "assign-variable-just-under-256-kib-is-kept",
         m({"S": {"Type": "Pass", "Assign": {"big": "{% " + chars(250000) + " %}"}, "Next": "T"},
            "T": {"Type": "Pass", "Output": "{% $length($big) %}", "End": True}}, QueryLanguage="JSONata"), {},
         output=250000, source="variables")
    case(E, "just-under-data-limit-ok", m({"S": {"Type": "Pass", "Output": "{% $length($join($map([1..25000], function($v) { '0123456789' }))) %}",
                                                 "End": True}}, QueryLanguage="JSONata"), {}, output=250000, source="errors")
    case(E, "runtime-path-failure-cause-names-state", m({"MyState": {"Type": "Pass", "InputPath": "$.nope", "End": True}}), {},
         error="States.Runtime", cause_contains="An error occurred while executing the state 'MyState'", source="design",
         comment="DESIGN.md: runtime causes start with An error occurred while executing the state '<State>'")
    case(E, "runtime-cause-names-event-id", m({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "OutputPath": "$.nope", "End": True}}), {},
         error="States.Runtime", cause_contains="(entered at the event id #4)", source="design",
         comment="B is entered at event 4: ExecutionStarted, PassStateEntered A, PassStateExited A, PassStateEntered B")
    case(E, "no-choice-matched", m({"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "S"}]},
                                    "S": {"Type": "Succeed"}}), {}, error="States.NoChoiceMatched", source="spec")
    case(E, "intrinsic-failure", m({"S": {"Type": "Pass", "Parameters": {"v.$": "States.ArrayGetItem($.a, 9)"}, "End": True}}), {"a": []},
         error_one_of=["States.IntrinsicFailure", "States.Runtime"], source="intrinsics")
    case(E, "query-evaluation-error", m({"S": {"Type": "Pass", "Output": "{% $error('custom message') %}", "End": True}}, QueryLanguage="JSONata"),
         {}, error="States.QueryEvaluationError", cause_contains="custom message", source="jsonata")
    case(E, "query-evaluation-error-caught-by-states-all", m({"P": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Output": "{% $error('x') %}", "End": True}}}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "End": True},
        "H": {"Type": "Pass", "Output": "{% $states.input.Error %}", "End": True}}, QueryLanguage="JSONata"), {},
         output="States.QueryEvaluationError", source="jsonata")
    case(E, "evaluation-failed-event", m({"S": {"Type": "Pass", "Output": "{% $error('boom') %}", "End": True}}, QueryLanguage="JSONata"), {},
         error="States.QueryEvaluationError", source="design",
         events=[{"type": "EvaluationFailed", "details": {"evaluationFailedEventDetails": {"error": "States.QueryEvaluationError", "state": "S",
                                                                                            "location": "Output"}}}])
    case(E, "task-failed-custom-error", m({"T": task(LAMBDA)}), {}, mocks={"T": [throw("States.TaskFailed", "generic")]},
         error="States.TaskFailed", cause="generic", source="errors")
    case(E, "permissions-error", m({"T": task(LAMBDA)}), {}, mocks={"T": [throw("States.Permissions", "denied")]},
         error="States.Permissions", cause="denied", source="errors")
    case(E, "heartbeat-timeout-uncaught", m({"T": task(LAMBDA, HeartbeatSeconds=5)}), {}, mocks={"T": [throw("States.HeartbeatTimeout", "hb")]},
         error="States.HeartbeatTimeout", source="errors")
    case(E, "timeout-uncaught", m({"T": task(LAMBDA, TimeoutSeconds=5)}), {}, mocks={"T": [throw("States.Timeout", "t")]},
         error="States.Timeout", source="errors")
    case(E, "branch-error-propagates-name", m({"P": {"Type": "Parallel", "Branches": [{"StartAt": "T", "States": {"T": task(LAMBDA)}}], "End": True}}),
         {}, mocks={"T": [throw("Inner.Error", "inner")]}, error="Inner.Error", cause="inner", source="parallel")
    case(E, "fail-state-in-map-propagates", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": {"StartAt": "F", "States": {
        "F": {"Type": "Fail", "Error": "MapItemFailed", "Cause": "x"}}}, "End": True}}), {"l": [1]}, error="MapItemFailed", source="map")
    case(E, "exceed-tolerated-failure-caught", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ToleratedFailureCount": 0,
                                                        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                                                                          "StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "X"}}},
                                                        "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "ResultPath": "$.e", "Next": "H"}],
                                                        "End": True}, "H": {"Type": "Pass", "OutputPath": "$.e.Error", "End": True}}),
         {"l": [1]}, output="States.ExceedToleratedFailureThreshold", source="dmap")
    case(E, "execution-timeout-states-timeout", m({"T": task(LAMBDA, Retry=[{"ErrorEquals": ["E"], "IntervalSeconds": 100}])}, TimeoutSeconds=50),
         {}, mocks={"T": [throw("E"), ret("late")]}, error="States.Timeout", source="spec",
         comment="the retry delay passes the machine's TimeoutSeconds")
