"""Variables, Wait, Parallel, Map."""
from gen_common import *

PROC = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def proc(state):
    return {"StartAt": "P", "States": {"P": end(dict(state))}}


def generate():
    V = "variables"
    # ---------------- variables ----------------
    case(V, "assign-literals-then-read", m({"A": {"Type": "Pass", "Assign": {"productName": "product1", "count": 42, "available": True}, "Next": "B"},
                                            "B": {"Type": "Pass", "Parameters": {"p.$": "$productName", "c.$": "$count", "a.$": "$available"}, "End": True}}),
         {}, output={"p": "product1", "c": 42, "a": True}, source=V, comment="the Assign example of the AWS guide")
    case(V, "assign-from-input-path", m({"A": {"Type": "Pass", "Assign": {"x.$": "$.a.b"}, "Next": "B"},
                                         "B": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": True}}), {"a": {"b": [1]}},
         output={"x": [1]}, source=V)
    case(V, "assign-does-not-change-output", m({"A": {"Type": "Pass", "Assign": {"x": 1}, "End": True}}), {"in": 0},
         output={"in": 0}, source=V)
    case(V, "variable-field-path", m({"A": {"Type": "Pass", "Assign": {"order": {"numItems": 3}}, "Next": "B"},
                                      "B": {"Type": "Pass", "Parameters": {"n.$": "$order.numItems"}, "End": True}}), {}, output={"n": 3}, source=V)
    case(V, "variables-visible-several-states-later", m({
        "A": {"Type": "Pass", "Assign": {"x": "kept"}, "Next": "B"}, "B": {"Type": "Pass", "Result": 1, "Next": "C"},
        "C": {"Type": "Wait", "Seconds": 1, "Next": "D"}, "D": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": True}}),
         {}, output={"x": "kept"}, source=V)
    case(V, "reassign-overwrites", m({"A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"}, "B": {"Type": "Pass", "Assign": {"x": 2}, "Next": "C"},
                                      "C": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": True}}), {}, output={"x": 2}, source=V)
    case(V, "assign-uses-values-from-before-the-state-jsonata", m({
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Assign": {"x": "{% $x + 1 %}", "y": "{% $x %}"}, "Next": "C"},
        "C": {"Type": "Pass", "Output": {"x": "{% $x %}", "y": "{% $y %}"}, "End": True}}, QueryLanguage="JSONata"),
         {}, output={"x": 2, "y": 1}, source=V, comment="all Assign expressions of one state see the variables as they were on entry")
    case(V, "assign-uses-values-from-before-the-state-jsonpath", m({
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Assign": {"x": 2, "y.$": "$x"}, "Next": "C"},
        "C": {"Type": "Pass", "Parameters": {"x.$": "$x", "y.$": "$y"}, "End": True}}), {}, output={"x": 2, "y": 1}, source=V)
    case(V, "jsonata-output-and-assign-see-same-input", m({
        "A": {"Type": "Pass", "Assign": {"v": "{% $states.input.a %}"}, "Output": {"b": "{% $states.input.a * 2 %}"}, "Next": "B"},
        "B": {"Type": "Pass", "Output": {"v": "{% $v %}", "b": "{% $states.input.b %}"}, "End": True}}, QueryLanguage="JSONata"),
         {"a": 5}, output={"v": 5, "b": 10}, source=V)
    case(V, "task-assign-from-result-jsonata", m({
        "T": {"Type": "Task", "Resource": INVOKE, "Arguments": {"FunctionName": "function-1", "Payload": "{% $states.input %}"},
              "Assign": {"taskResult": "{% $states.result %}", "functionOutput": "{% $states.result.Payload %}"}, "Output": {}, "Next": "D"},
        "D": {"Type": "Pass", "Output": {"function_output": "{% $functionOutput %}", "status_code": "{% $taskResult.StatusCode %}"}, "End": True}},
        QueryLanguage="JSONata"),
         {}, mocks={"T": [ret({"StatusCode": 200, "Payload": {"ok": 1}})]}, output={"function_output": {"ok": 1}, "status_code": 200},
         source=V, comment="the variables example of the AWS guide (second task as a Pass)")
    case(V, "task-assign-jsonpath-dollar-is-result", m({
        "T": {"Type": "Task", "Resource": LAMBDA, "Assign": {"r.$": "$.value"}, "ResultPath": None, "Next": "D"},
        "D": {"Type": "Pass", "Parameters": {"r.$": "$r", "in.$": "$"}, "End": True}}),
         {"x": 1}, mocks={"T": [ret({"value": 7})]}, output={"r": 7, "in": {"x": 1}}, source=V,
         comment="in a JSONPath Task, $ in Assign is the task result")
    case(V, "jsonata-variable-in-arguments", m({"A": {"Type": "Pass", "Assign": {"id": "abc"}, "Next": "T"},
                                                "T": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"id": "{% $id %}"}, "End": True}},
                                              QueryLanguage="JSONata"),
         {}, mocks={"T": [ret("done")]}, output="done", source=V)
    case(V, "parallel-branch-reads-outer-variable", m({
        "A": {"Type": "Pass", "Assign": {"x": 5}, "Next": "P"},
        "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": True}}}],
              "End": True}}), {}, output=[{"x": 5}], source=V, comment="inner scopes read outer variables")
    case(V, "map-iteration-reads-outer-variable", m({
        "A": {"Type": "Pass", "Assign": {"factor": 10}, "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": proc({"Type": "Pass", "Parameters": {"f.$": "$factor", "v.$": "$"}}), "End": True}}),
         {"l": [1, 2]}, output=[{"f": 10, "v": 1}, {"f": 10, "v": 2}], source=V)
    case(V, "map-iteration-variables-are-per-iteration", m({
        "M": {"Type": "Map", "ItemsPath": "$.l", "MaxConcurrency": 1, "ItemProcessor": {"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"item.$": "$"}, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"v.$": "$item"}, "End": True}}}, "End": True}}),
         {"l": ["a", "b"]}, output=[{"v": "a"}, {"v": "b"}], source=V)
    case(V, "parallel-state-assign-after-branches", m({
        "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": 1, "End": True}}}],
              "Assign": {"results.$": "$"}, "Next": "C"},
        "C": {"Type": "Pass", "Parameters": {"r.$": "$results"}, "End": True}}), {}, output={"r": [1]}, source=V,
         comment="Assign on a Parallel state sees the branch results")
    case(V, "catch-assign-error-output", m({
        "T": {"Type": "Task", "Resource": LAMBDA, "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err.$": "$.Error"}, "Next": "H"}], "End": True},
        "H": {"Type": "Pass", "Parameters": {"e.$": "$err"}, "End": True}}), {}, mocks={"T": [throw("Oops")]}, output={"e": "Oops"}, source=V)
    case(V, "catch-assign-jsonata", m({
        "T": {"Type": "Task", "Resource": LAMBDA, "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err": "{% $states.errorOutput.Cause %}"}, "Next": "H"}], "End": True},
        "H": {"Type": "Pass", "Output": "{% $err %}", "End": True}}, QueryLanguage="JSONata"), {}, mocks={"T": [throw("Oops", "why")]},
         output="why", source=V)
    case(V, "wait-assign", m({"W": {"Type": "Wait", "Seconds": 1, "Assign": {"waited": True}, "Next": "B"},
                              "B": {"Type": "Pass", "Parameters": {"w.$": "$waited"}, "End": True}}), {}, output={"w": True}, source=V)
    case(V, "variable-with-array-value", m({"A": {"Type": "Pass", "Assign": {"l": [1, 2, 3]}, "Next": "B"},
                                            "B": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($l)", "first.$": "$l[0]"}, "End": True}}),
         {}, output={"n": 3, "first": 1}, source=V)
    case(V, "assign-history-encodes-values", m({"A": {"Type": "Pass", "Assign": {"answer": "the_answer"}, "End": True}}), {}, output={},
         source="design", events=[{"type": "PassStateExited", "details": {"stateExitedEventDetails": {
             "name": "A", "assignedVariables": {"answer": "\"the_answer\""}}}}],
         comment="DESIGN.md: assignedVariables holds JSON-encoded strings")
    case(V, "map-jsonata-outer-variable", m({
        "A": {"Type": "Pass", "Assign": {"base": 100}, "Next": "M"},
        "M": {"Type": "Map", "Items": [1, 2], "ItemProcessor": proc({"Type": "Pass", "Output": "{% $base + $states.input %}"}), "End": True}},
        QueryLanguage="JSONata"), {}, output=[101, 102], source=V)

    # ---------------- wait ----------------
    W = "wait"
    def after(wait, inp, expected_entered, name, **kw):
        case(W, name, m({"W": dict(wait, Next="T"), "T": {"Type": "Pass", "Parameters": {"t.$": "$$.State.EnteredTime"}, "End": True}}),
             inp, output={"t": expected_entered}, source=W, **kw)
    after({"Type": "Wait", "Seconds": 10}, {}, "2024-01-02T03:04:15.678Z", "seconds-advances-clock")
    after({"Type": "Wait", "Seconds": 0}, {}, START, "seconds-zero")
    after({"Type": "Wait", "Seconds": 86400}, {}, "2024-01-03T03:04:05.678Z", "seconds-one-day")
    after({"Type": "Wait", "SecondsPath": "$.s"}, {"s": 5}, "2024-01-02T03:04:10.678Z", "seconds-path")
    after({"Type": "Wait", "Timestamp": "2024-01-01T00:00:00Z"}, {}, START, "timestamp-in-the-past-continues-at-once")
    after({"Type": "Wait", "TimestampPath": "$.t"}, {"t": "2020-01-01T00:00:00Z"}, START, "timestamp-path-in-the-past")
    case(W, "timestamp-future", m({"W": {"Type": "Wait", "Timestamp": "2024-01-02T04:00:00Z", "End": True}}), {"a": 1}, output={"a": 1},
         source=W, events=[{"type": "WaitStateEntered", "timestamp": START}, {"type": "WaitStateExited", "timestamp": "2024-01-02T04:00:00Z"}])
    case(W, "timestamp-path-future", m({"W": {"Type": "Wait", "TimestampPath": "$.t", "End": True}}), {"t": "2024-01-02T03:05:00Z"},
         output={"t": "2024-01-02T03:05:00Z"}, source=W, events=[{"type": "WaitStateExited", "timestamp": "2024-01-02T03:05:00Z"}])
    case(W, "timestamp-with-offset", m({"W": {"Type": "Wait", "Timestamp": "2024-01-02T05:00:00+01:00", "End": True}}), {},
         output={}, source=W, events=[{"type": "WaitStateExited", "timestamp": "2024-01-02T04:00:00Z"}])
    case(W, "two-waits-add-up", m({"A": {"Type": "Wait", "Seconds": 60, "Next": "B"}, "B": {"Type": "Wait", "Seconds": 60, "Next": "T"},
                                   "T": {"Type": "Pass", "Parameters": {"t.$": "$$.State.EnteredTime"}, "End": True}}), {},
         output={"t": "2024-01-02T03:06:05.678Z"}, source=W)
    case(W, "wait-history-types", m({"W": {"Type": "Wait", "Seconds": 3, "End": True}}), {}, output={}, source="history",
         history_types=["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"],
         events=[{"type": "WaitStateExited", "timestamp": "2024-01-02T03:04:08.678Z"}, {"type": "ExecutionSucceeded", "timestamp": "2024-01-02T03:04:08.678Z"}])
    case(W, "seconds-path-negative-fails", m({"W": {"Type": "Wait", "SecondsPath": "$.s", "End": True}}), {"s": -1},
         error="States.Runtime", source="design", comment="DESIGN.md: a negative SecondsPath fails with States.Runtime")
    case(W, "seconds-path-string-fails", m({"W": {"Type": "Wait", "SecondsPath": "$.s", "End": True}}), {"s": "10"},
         error="States.Runtime", source=W)
    case(W, "seconds-path-missing-fails", m({"W": {"Type": "Wait", "SecondsPath": "$.nope", "End": True}}), {},
         error="States.Runtime", cause_contains="$.nope", source=W)
    case(W, "timestamp-path-not-a-timestamp-fails", m({"W": {"Type": "Wait", "TimestampPath": "$.t", "End": True}}), {"t": "tomorrow"},
         error="States.Runtime", source=W)
    case(W, "timestamp-beyond-one-year-fails", m({"W": {"Type": "Wait", "TimestampPath": "$.t", "End": True}}), {"t": "2026-01-01T00:00:00Z"},
         error="States.Runtime", source="design", comment="DESIGN.md: a Wait beyond one year fails with States.Runtime")
    case(W, "seconds-path-not-caught-by-states-all", m({
        "P": {"Type": "Parallel", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}],
              "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": True}}}], "End": True},
        "H": {"Type": "Succeed"}}), {"s": -5}, error="States.Runtime", source="errors",
         comment="States.ALL does not catch States.Runtime")
    case(W, "execution-timeout-during-wait", m({"W": {"Type": "Wait", "Seconds": 100, "End": True}}, TimeoutSeconds=10), {},
         error="States.Timeout", source="spec", comment="the machine's TimeoutSeconds ends the execution (ExecutionTimedOut)",
         events=[{"type": "ExecutionTimedOut", "timestamp": "2024-01-02T03:04:15.678Z"}])
    case(W, "execution-timeout-not-reached", m({"W": {"Type": "Wait", "Seconds": 5, "End": True}}, TimeoutSeconds=10), {"a": 1},
         output={"a": 1}, source="spec")
    case(W, "jsonata-wait-output", m({"W": {"Type": "Wait", "Seconds": 1, "Output": {"done": True}, "End": True}}, QueryLanguage="JSONata"),
         {}, output={"done": True}, source=W)
    case(W, "jsonata-seconds-not-integer-fails", m({"W": {"Type": "Wait", "Seconds": "{% 'soon' %}", "End": True}}, QueryLanguage="JSONata"),
         {}, error="States.QueryEvaluationError", source=W)

    # ---------------- parallel ----------------
    P = "parallel"
    def br(*states):
        return {"StartAt": states[0][0], "States": {n: s for n, s in states}}
    case(P, "outputs-array-in-branch-order", m({"P": {"Type": "Parallel", "Branches": [
        br(("A", {"Type": "Pass", "Result": "a", "End": True})), br(("B", {"Type": "Pass", "Result": "b", "End": True})),
        br(("C", {"Type": "Wait", "Seconds": 1, "Next": "C2"}), ("C2", {"Type": "Pass", "Result": "c", "End": True}))], "End": True}}),
         {}, output=["a", "b", "c"], source=P)
    case(P, "each-branch-gets-input", m({"P": {"Type": "Parallel", "Branches": [br(("A", {"Type": "Pass", "End": True})),
                                                                               br(("B", {"Type": "Pass", "InputPath": "$.x", "End": True}))], "End": True}}),
         {"x": 1}, output=[{"x": 1}, 1], source=P)
    case(P, "result-path", m({"P": {"Type": "Parallel", "ResultPath": "$.res", "Branches": [br(("A", {"Type": "Pass", "Result": 1, "End": True}))],
                                    "End": True}}), {"in": 0}, output={"in": 0, "res": [1]}, source=P)
    case(P, "result-selector", m({"P": {"Type": "Parallel", "ResultSelector": {"first.$": "$[0]", "second.$": "$[1].v"},
                                        "Branches": [br(("A", {"Type": "Pass", "Result": "x", "End": True})),
                                                     br(("B", {"Type": "Pass", "Result": {"v": 2}, "End": True}))], "End": True}}),
         {}, output={"first": "x", "second": 2}, source=P)
    case(P, "parameters-feed-branches", m({"P": {"Type": "Parallel", "Parameters": {"n.$": "$.a"},
                                                 "Branches": [br(("A", {"Type": "Pass", "End": True}))], "End": True}}),
         {"a": 7, "b": 0}, output=[{"n": 7}], source=P)
    case(P, "input-and-output-path", m({"P": {"Type": "Parallel", "InputPath": "$.in", "OutputPath": "$[0]",
                                              "Branches": [br(("A", {"Type": "Pass", "End": True}))], "End": True}}),
         {"in": {"k": 1}}, output={"k": 1}, source=P)
    case(P, "branch-failure-fails-state", m({"P": {"Type": "Parallel", "Branches": [
        br(("A", {"Type": "Pass", "End": True})), br(("B", {"Type": "Fail", "Error": "BranchError", "Cause": "b broke"}))], "End": True}}),
         {}, error="BranchError", cause="b broke", source=P, comment="the branch's error fails the Parallel state and the execution")
    case(P, "branch-failure-caught", m({"P": {"Type": "Parallel", "Branches": [br(("B", {"Type": "Fail", "Error": "BranchError", "Cause": "c"}))],
                                              "Catch": [{"ErrorEquals": ["BranchError"], "ResultPath": "$.err", "Next": "H"}], "End": True},
                                        "H": {"Type": "Pass", "End": True}}), {"x": 1},
         output={"x": 1, "err": {"Error": "BranchError", "Cause": "c"}}, source=P)
    case(P, "branch-failure-retried", m({"P": {"Type": "Parallel", "Branches": [br(("T", {"Type": "Task", "Resource": LAMBDA, "End": True}))],
                                               "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1}], "End": True}}), {},
         mocks={"T": [throw("Flaky"), ret("ok")]}, output=["ok"], source=P,
         comment="a Retry on the Parallel state runs all branches again")
    case(P, "nested-parallel", m({"P": {"Type": "Parallel", "Branches": [br(("Q", {"Type": "Parallel", "Branches": [
        br(("X", {"Type": "Pass", "Result": 1, "End": True})), br(("Y", {"Type": "Pass", "Result": 2, "End": True}))], "End": True}))], "End": True}}),
         {}, output=[[1, 2]], source=P)
    case(P, "branch-with-choice", m({"P": {"Type": "Parallel", "Branches": [br(
        ("C", {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Pos"}], "Default": "Neg"}),
        ("Pos", {"Type": "Pass", "Result": "pos", "End": True}), ("Neg", {"Type": "Pass", "Result": "neg", "End": True}))], "End": True}}),
         {"n": 1}, output=["pos"], source=P)
    case(P, "branch-succeed-state", m({"P": {"Type": "Parallel", "Branches": [br(("S", {"Type": "Succeed"}))], "End": True}}), {"a": 1},
         output=[{"a": 1}], source=P)
    case(P, "single-branch-history", m({"P": {"Type": "Parallel", "Branches": [br(("A", {"Type": "Pass", "End": True}))], "End": True}}),
         {}, output=[{}], source="history",
         history_types=["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "PassStateEntered", "PassStateExited",
                        "ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded"])
    case(P, "aws-example-lookup-customer", m({"LookupCustomerInfo": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "LookupAddress", "States": {"LookupAddress": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:AddressFinder", "End": True}}},
        {"StartAt": "LookupPhone", "States": {"LookupPhone": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:PhoneFinder", "End": True}}}]}}),
         {"customer": "c1"}, mocks={"LookupAddress": [ret({"address": "1 Main St"})], "LookupPhone": [ret({"phone": "555"})]},
         output=[{"address": "1 Main St"}, {"phone": "555"}], source=P, comment="the Parallel example of the AWS guide, tasks mocked")
    case(P, "branch-error-not-caught-by-other-name", m({"P": {"Type": "Parallel", "Branches": [br(("B", {"Type": "Fail", "Error": "E1"}))],
                                                              "Catch": [{"ErrorEquals": ["E2"], "Next": "H"}], "End": True},
                                                        "H": {"Type": "Succeed"}}), {}, error="E1", source=P)

    # ---------------- map ----------------
    M = "map"
    case(M, "items-path-identity", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": PROC, "End": True}}), {"l": [1, "a", None, {"k": 1}]},
         output=[1, "a", None, {"k": 1}], source=M)
    case(M, "input-is-array-default-items-path", m({"M": {"Type": "Map", "ItemProcessor": PROC, "End": True}}), [1, 2], output=[1, 2], source=M)
    case(M, "empty-array", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": PROC, "End": True}}), {"l": []}, output=[], source=M,
         history_types=["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"])
    case(M, "processor-transforms", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": proc({"Type": "Pass", "Parameters": {"d.$": "States.MathAdd($, $)"}}),
                                             "End": True}}), {"l": [1, 2, 3]}, output=[{"d": 2}, {"d": 4}, {"d": 6}], source=M)
    case(M, "item-selector-with-context", m({"M": {"Type": "Map", "ItemsPath": "$.detail.shipped", "ItemSelector": {
        "parcel.$": "$$.Map.Item.Value", "courier.$": "$.detail.delivery-partner"}, "ItemProcessor": PROC, "End": True}}),
         {"ship-date": "2016-03-14T01:59:00Z", "detail": {"delivery-partner": "UQS", "shipped": [
             {"prod": "R31", "dest-code": 9511, "quantity": 1344}, {"prod": "S39", "dest-code": 9511, "quantity": 40}]}},
         output=[{"parcel": {"prod": "R31", "dest-code": 9511, "quantity": 1344}, "courier": "UQS"},
                 {"parcel": {"prod": "S39", "dest-code": 9511, "quantity": 40}, "courier": "UQS"}], source=M,
         comment="the ItemSelector example of the AWS guide")
    case(M, "legacy-parameters-and-iterator", m({"M": {"Type": "Map", "ItemsPath": "$.l", "Parameters": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
                                                       "Iterator": PROC, "End": True}}), {"l": ["x", "y"]},
         output=[{"v": "x", "i": 0}, {"v": "y", "i": 1}], source=M, comment="Iterator and Parameters are the legacy names")
    case(M, "result-path-and-output-path", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ResultPath": "$.out", "OutputPath": "$.out",
                                                    "ItemProcessor": PROC, "End": True}}), {"l": [1]}, output=[1], source=M)
    case(M, "result-path-keeps-input", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ResultPath": "$.out", "ItemProcessor": PROC, "End": True}}),
         {"l": [1, 2]}, output={"l": [1, 2], "out": [1, 2]}, source=M)
    case(M, "result-selector", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ResultSelector": {"count.$": "States.ArrayLength($)"},
                                        "ItemProcessor": PROC, "End": True}}), {"l": [5, 6, 7]}, output={"count": 3}, source=M)
    case(M, "max-concurrency-one", m({"M": {"Type": "Map", "ItemsPath": "$.l", "MaxConcurrency": 1, "ItemProcessor": PROC, "End": True}}),
         {"l": [1, 2]}, output=[1, 2], source=M,
         history_types=["ExecutionStarted", "MapStateEntered", "MapStateStarted",
                        "MapIterationStarted", "PassStateEntered", "PassStateExited", "MapIterationSucceeded",
                        "MapIterationStarted", "PassStateEntered", "PassStateExited", "MapIterationSucceeded",
                        "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"],
         events=[{"type": "MapStateStarted", "details": {"mapStateStartedEventDetails": {"length": 2}}},
                 {"type": "MapIterationStarted", "details": {"mapIterationStartedEventDetails": {"name": "M", "index": 0}}},
                 {"type": "MapIterationStarted", "details": {"mapIterationStartedEventDetails": {"name": "M", "index": 1}}}])
    case(M, "max-concurrency-zero-is-unlimited", m({"M": {"Type": "Map", "ItemsPath": "$.l", "MaxConcurrency": 0, "ItemProcessor": PROC, "End": True}}),
         {"l": [1, 2, 3]}, output=[1, 2, 3], source=M)
    case(M, "max-concurrency-path", m({"M": {"Type": "Map", "ItemsPath": "$.l", "MaxConcurrencyPath": "$.mc", "ItemProcessor": PROC, "End": True}}),
         {"l": [1, 2], "mc": 1}, output=[1, 2], source=M)
    case(M, "items-path-not-array-fails", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": PROC, "End": True}}), {"l": "str"},
         error="States.Runtime", source=M)
    case(M, "items-path-missing-fails", m({"M": {"Type": "Map", "ItemsPath": "$.nope", "ItemProcessor": PROC, "End": True}}), {},
         error="States.Runtime", cause_contains="$.nope", source=M)
    case(M, "iteration-failure-fails-map", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}], "Default": "Ok"},
        "F": {"Type": "Fail", "Error": "ItemError", "Cause": "two"}, "Ok": {"Type": "Succeed"}}}, "End": True}}),
         {"l": [1, 2, 3]}, error="ItemError", cause="two", source=M)
    case(M, "iteration-failure-caught", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": {"StartAt": "F", "States": {
        "F": {"Type": "Fail", "Error": "ItemError", "Cause": "c"}}}, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "End": True},
        "H": {"Type": "Pass", "End": True}}), {"l": [1]}, output={"Error": "ItemError", "Cause": "c"}, source=M)
    case(M, "task-in-processor-mocked", m({"M": {"Type": "Map", "ItemsPath": "$.l", "MaxConcurrency": 1, "ItemProcessor": {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": LAMBDA, "End": True}}}, "End": True}}),
         {"l": ["a", "b", "c"]}, mocks={"T": [ret(1), ret(2), ret(3)]}, output=[1, 2, 3], source="mock",
         comment="each call of the mocked state takes the next response")
    case(M, "nested-map", m({"M": {"Type": "Map", "ItemsPath": "$.rows", "ItemProcessor": {"StartAt": "Inner", "States": {
        "Inner": {"Type": "Map", "ItemsPath": "$", "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": True}}},
                  "End": True}}}, "End": True}}), {"rows": [[1, 2], [3]]}, output=[[{"v": 1}, {"v": 2}], [{"v": 3}]], source=M)
    case(M, "map-inside-parallel", m({"Par": {"Type": "Parallel", "Branches": [{"StartAt": "M", "States": {
        "M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": PROC, "End": True}}}], "End": True}}), {"l": [1]}, output=[[1]], source=M)
    case(M, "items-path-from-context", m({"M": {"Type": "Map", "ItemsPath": "$$.Execution.Input.l", "ItemProcessor": PROC, "End": True}}),
         {"l": [9]}, output=[9], source=M)
    case(M, "item-processor-inline-mode-explicit", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": dict(PROC, ProcessorConfig={"Mode": "INLINE"}),
                                                            "End": True}}), {"l": [1]}, output=[1], source=M)
    case(M, "map-retry-reruns", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": LAMBDA, "End": True}}}, "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1}], "End": True}}),
         {"l": [1]}, mocks={"T": [throw("Flaky"), ret("ok")]}, output=["ok"], source=M)
    # distributed
    D = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
    def dproc(state):
        return {"ProcessorConfig": D, "StartAt": "P", "States": {"P": end(dict(state))}}
    case(M, "distributed-items-path", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": dproc({"Type": "Pass"}), "End": True}}),
         {"l": [1, 2]}, output=[1, 2], source="dmap")
    case(M, "distributed-item-batcher", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemBatcher": {"MaxItemsPerBatch": 2},
                                                 "ItemProcessor": dproc({"Type": "Pass"}), "End": True}}),
         {"l": [1, 2, 3, 4, 5]}, output=[{"Items": [1, 2]}, {"Items": [3, 4]}, {"Items": [5]}], source="batcher",
         comment="each child receives {Items: [...]}")
    case(M, "distributed-item-batcher-batch-input", m({"M": {"Type": "Map", "ItemsPath": "$.l",
                                                             "ItemBatcher": {"MaxItemsPerBatch": 3, "BatchInput": {"factCheck": "TRUE"}},
                                                             "ItemProcessor": dproc({"Type": "Pass"}), "End": True}}),
         {"l": ["a", "b"]}, output=[{"BatchInput": {"factCheck": "TRUE"}, "Items": ["a", "b"]}], source="batcher")
    fail_odd = {"ProcessorConfig": D, "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": False, "Next": "F"}], "Default": "S"},
        "F": {"Type": "Fail", "Error": "Bad"}, "S": {"Type": "Succeed"}}}
    items4 = {"l": [{"ok": True}, {"ok": False}, {"ok": False}, {"ok": True}]}
    case(M, "distributed-tolerated-count-exceeded", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ToleratedFailureCount": 1, "ItemProcessor": fail_odd,
                                                             "ResultPath": None, "End": True}}), items4,
         error="States.ExceedToleratedFailureThreshold", source="dmap")
    case(M, "distributed-tolerated-count-within", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ToleratedFailureCount": 2, "ItemProcessor": fail_odd,
                                                           "ResultPath": None, "End": True}}), items4, output=items4, source="dmap")
    case(M, "distributed-tolerated-percentage-exceeded", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ToleratedFailurePercentage": 25,
                                                                  "ItemProcessor": fail_odd, "ResultPath": None, "End": True}}), items4,
         error="States.ExceedToleratedFailureThreshold", source="dmap")
    case(M, "distributed-tolerated-percentage-within", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ToleratedFailurePercentage": 50,
                                                                "ItemProcessor": fail_odd, "ResultPath": None, "End": True}}), items4,
         output=items4, source="dmap")
    case(M, "distributed-no-tolerance-fails", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ItemProcessor": fail_odd, "ResultPath": None,
                                                       "End": True}}), items4, error="States.ExceedToleratedFailureThreshold", source="dmap",
         comment="without a tolerance, one failed child fails the Map Run")
    case(M, "distributed-tolerated-count-path-not-number-fails", m({"M": {"Type": "Map", "ItemsPath": "$.l", "ToleratedFailureCountPath": "$.t",
                                                                          "ItemProcessor": fail_odd, "ResultPath": None, "End": True}}),
         dict(items4, t="two"), error="States.Runtime", source="design",
         comment="DESIGN.md: a non-numeric ToleratedFailureCountPath fails with States.Runtime")
    case(M, "distributed-label-and-item-selector", m({"M": {"Type": "Map", "ItemsPath": "$.l", "Label": "Batch1",
                                                            "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                                                            "ItemProcessor": dproc({"Type": "Pass"}), "End": True}}),
         {"l": [1]}, output=[{"v": 1}], source="dmap")
