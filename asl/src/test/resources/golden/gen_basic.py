"""Pass, input/output processing, context object, Succeed/Fail."""
from gen_common import *


def generate():
    # ---------------- pass ----------------
    case("pass", "pass-through-input", one({"Type": "Pass"}), {"a": 1}, output={"a": 1}, source="pass")
    case("pass", "result-replaces-input", one({"Type": "Pass", "Result": {"x": 1}}), {"a": 1}, output={"x": 1}, source="pass")
    case("pass", "aws-example-result-path-coords",
         one({"Type": "Pass", "Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355}, "ResultPath": "$.coords"}),
         {"georefOf": "Home"},
         output={"georefOf": "Home", "coords": {"x-datum": 0.381018, "y-datum": 622.2269926397355}}, source="pass",
         comment="The Pass state example of the AWS guide")
    for label, result in [("string", "hello"), ("number", 42), ("float", 1.5), ("true", True), ("false", False),
                          ("null", None), ("array", [1, "two", None]), ("empty-object", {}), ("nested", {"a": {"b": [1, {"c": 2}]}})]:
        case("pass", f"result-literal-{label}", one({"Type": "Pass", "Result": result}), {"in": 1}, output=result, source="pass")
    case("pass", "result-with-dollar-keys-is-literal", one({"Type": "Pass", "Result": {"k.$": "$.a"}}), {"a": 1},
         output={"k.$": "$.a"}, source="pass", comment="Result is never a template: .$ keys stay as they are")
    case("pass", "parameters-template", one({"Type": "Pass", "Parameters": {"x.$": "$.a", "lit": "v"}}), {"a": [1]},
         output={"x": [1], "lit": "v"}, source="params")
    case("pass", "parameters-and-result-path", one({"Type": "Pass", "Parameters": {"x.$": "$.a"}, "ResultPath": "$.out"}),
         {"a": 2}, output={"a": 2, "out": {"x": 2}}, source="params")
    case("pass", "chain-of-three", m({"A": {"Type": "Pass", "Result": 1, "ResultPath": "$.a", "Next": "B"},
                                      "B": {"Type": "Pass", "Result": 2, "ResultPath": "$.b", "Next": "C"},
                                      "C": {"Type": "Pass", "Result": 3, "ResultPath": "$.c", "End": True}}),
         {}, output={"a": 1, "b": 2, "c": 3}, source="pass")
    case("pass", "input-path-then-result-path", one({"Type": "Pass", "InputPath": "$.in", "Result": "r", "ResultPath": "$.r"}),
         {"in": {"k": 1}, "other": 0}, output={"in": {"k": 1}, "other": 0, "r": "r"}, source="resultpath",
         comment="ResultPath writes into the state's original input, not the InputPath selection (as in the guide's InputPath/ResultPath/OutputPath example)")
    case("pass", "output-path-selects", one({"Type": "Pass", "OutputPath": "$.a.b"}), {"a": {"b": {"c": 1}}},
         output={"c": 1}, source="io")
    case("pass", "input-is-array", one({"Type": "Pass"}), [1, 2, 3], output=[1, 2, 3], source="io")
    case("pass", "input-is-string", one({"Type": "Pass"}), "hello", output="hello", source="io")
    case("pass", "input-is-number", one({"Type": "Pass"}), 7, output=7, source="io")
    case("pass", "unicode-survives", one({"Type": "Pass"}), {"s": "héllo ✓ 日本"}, output={"s": "héllo ✓ 日本"}, source="io")
    case("pass", "comment-fields-ignored", m({"A": {"Type": "Pass", "Comment": "c", "End": True}}, Comment="top"), {"a": 1},
         output={"a": 1}, source="spec")
    case("pass", "loop-with-counter", m({
        "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericGreaterThanEquals": 3, "Next": "Done"}], "Default": "Inc"},
        "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Done": {"Type": "Succeed"}}), {}, output={"i": 3}, source="intrinsics")

    # ---------------- io ----------------
    base = {"comment": "Example for Parameters.", "product": {"details": {"color": "blue", "size": "small", "material": "cotton"},
                                                               "availability": "in stock", "sku": "2317", "cost": "$23"}}
    case("io", "aws-parameters-example", one({"Type": "Pass", "Parameters": {
        "comment": "Selecting what I care about.",
        "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability", "StaticValue": "foo"}}}),
         base, output={"comment": "Selecting what I care about.", "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"}},
         source="params", comment="The Parameters example of the AWS guide")
    case("io", "aws-inputpath-example", one({"Type": "Pass", "InputPath": "$.product.details"}), base,
         output={"color": "blue", "size": "small", "material": "cotton"}, source="params")
    rp_in = {"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions"}
    hello = "Hello, AWS Step Functions!"
    for label, rp, out in [
        ("resultpath-default-replaces", None, hello),
        ("resultpath-dollar-replaces", "$", hello),
        ("resultpath-taskresult", "$.taskresult", dict(rp_in, taskresult=hello)),
        ("resultpath-nested-new-objects", "$.strings.lambdaresult", dict(rp_in, strings={"lambdaresult": hello})),
        ("resultpath-null-discards", None, rp_in),
        ("resultpath-replaces-existing-field", "$.who", dict(rp_in, who=hello)),
    ]:
        st = {"Type": "Task", "Resource": LAMBDA}
        if rp is not None or label == "resultpath-null-discards":
            st["ResultPath"] = rp
        case("io", label, one(st), rp_in, mocks={"S": [ret(hello)]}, output=out, source="resultpath",
             comment="The ResultPath examples of the AWS guide (the Lambda is mocked to return its greeting)")
    ex_in = {"comment": "An input comment.", "data": {"val1": 23, "val2": 17}, "extra": "foo", "lambda": {"who": "AWS Step Functions"}}
    case("io", "aws-inputpath-resultpath-outputpath-example",
         one({"Type": "Task", "Resource": LAMBDA, "InputPath": "$.lambda", "ResultPath": "$.data.lambdaresult", "OutputPath": "$.data"}),
         ex_in, mocks={"S": [ret(hello)]}, output={"val1": 23, "val2": 17, "lambdaresult": hello}, source="resultpath",
         comment="InputPath selects $.lambda, but ResultPath writes into the original input (AWS guide example)")
    emr = {"resourceType": "elasticmapreduce", "resource": "createCluster.sync",
           "output": {"SdkHttpMetadata": {"HttpStatusCode": 200}, "SdkResponseMetadata": {"RequestId": "1234"}, "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}
    case("io", "aws-resultselector-example",
         one({"Type": "Task", "Resource": "arn:aws:states:::elasticmapreduce:createCluster.sync",
              "ResultSelector": {"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"}, "ResultPath": "$.EMROutput"}),
         {"Name": "MyCluster"}, mocks={"S": [ret(emr)]},
         output={"Name": "MyCluster", "EMROutput": {"ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"}},
         source="params")
    case("io", "inputpath-null-gives-empty-object", one({"Type": "Pass", "InputPath": None}), {"a": 1}, output={}, source="io",
         comment="InputPath null: the state input is {}")
    case("io", "outputpath-null-gives-empty-object", one({"Type": "Pass", "OutputPath": None}), {"a": 1}, output={}, source="io")
    case("io", "resultpath-null-on-pass-with-result", one({"Type": "Pass", "Result": "x", "ResultPath": None}), {"a": 1},
         output={"a": 1}, source="resultpath")
    case("io", "inputpath-null-parameters-static", one({"Type": "Pass", "InputPath": None, "Parameters": {"k": 1}}), {"a": 1},
         output={"k": 1}, source="io")
    case("io", "parameters-nested-objects-and-arrays",
         one({"Type": "Pass", "Parameters": {"o": {"p": {"q.$": "$.v"}}, "arr": [{"x.$": "$.v"}, "lit", 3]}}), {"v": 5},
         output={"o": {"p": {"q": 5}}, "arr": [{"x": 5}, "lit", 3]}, source="params")
    case("io", "parameters-path-selects-array-element", one({"Type": "Pass", "Parameters": {"x.$": "$.a[1]"}}), {"a": [10, 20, 30]},
         output={"x": 20}, source="params")
    case("io", "parameters-bracket-notation", one({"Type": "Pass", "Parameters": {"x.$": "$['a b']"}}), {"a b": 1},
         output={"x": 1}, source="params")
    case("io", "parameters-wildcard-gives-array", one({"Type": "Pass", "Parameters": {"x.$": "$.items[*].id"}}),
         {"items": [{"id": 1}, {"id": 2}]}, output={"x": [1, 2]}, source="params")
    case("io", "parameters-filter-expression", one({"Type": "Pass", "Parameters": {"x.$": "$.items[?(@.n > 1)].n"}}),
         {"items": [{"n": 1}, {"n": 2}, {"n": 3}]}, output={"x": [2, 3]}, source="params")
    case("io", "parameters-slice", one({"Type": "Pass", "Parameters": {"x.$": "$.a[0:2]"}}), {"a": [1, 2, 3]},
         output={"x": [1, 2]}, source="params")
    case("io", "parameters-whole-input", one({"Type": "Pass", "Parameters": {"all.$": "$"}}), {"a": 1},
         output={"all": {"a": 1}}, source="params")
    case("io", "parameters-selects-null-value", one({"Type": "Pass", "Parameters": {"x.$": "$.n"}}), {"n": None},
         output={"x": None}, source="params")
    case("io", "parameters-missing-path-fails", one({"Type": "Pass", "Parameters": {"x.$": "$.missing"}}), {"a": 1},
         error="States.Runtime", cause_contains="$.missing", source="errors",
         comment="AWS reports Parameters path failures as States.Runtime (States.ParameterPathFailure is reserved)")
    case("io", "inputpath-missing-fails", one({"Type": "Pass", "InputPath": "$.missing"}), {"a": 1},
         error="States.Runtime", cause_contains="$.missing", source="errors")
    case("io", "outputpath-missing-fails", one({"Type": "Pass", "OutputPath": "$.missing"}), {"a": 1},
         error="States.Runtime", cause_contains="$.missing", source="errors")
    case("io", "resultselector-missing-path-fails",
         one({"Type": "Task", "Resource": LAMBDA, "ResultSelector": {"x.$": "$.nope"}}), {}, mocks={"S": [ret({"a": 1})]},
         error="States.Runtime", cause_contains="$.nope", source="errors")
    case("io", "resultpath-into-string-input-fails", one({"Type": "Pass", "Result": 1, "ResultPath": "$.x"}), "just a string",
         error_one_of=["States.ResultPathMatchFailure", "States.Runtime"], source="errors",
         comment="ResultPath cannot be applied to a non-object input (the guide names States.ResultPathMatchFailure; runtime path errors are also documented as States.Runtime)")
    case("io", "resultpath-deep-creates-objects", one({"Type": "Pass", "Result": 1, "ResultPath": "$.a.b.c"}), {"a": {}},
         output={"a": {"b": {"c": 1}}}, source="resultpath")
    case("io", "resultpath-with-outputpath", one({"Type": "Pass", "Result": {"v": 1}, "ResultPath": "$.r", "OutputPath": "$.r"}),
         {"x": 0}, output={"v": 1}, source="io")
    case("io", "resultselector-static-and-dynamic",
         one({"Type": "Task", "Resource": INVOKE, "Parameters": {"FunctionName": "F", "Payload.$": "$"},
              "ResultSelector": {"body.$": "$.Payload.body", "static": "s"}}),
         {"q": 1}, mocks={"S": [ret({"StatusCode": 200, "Payload": {"body": "hi"}})]},
         output={"body": "hi", "static": "s"}, source="params")
    case("io", "resultselector-then-resultpath-then-outputpath",
         one({"Type": "Task", "Resource": LAMBDA, "ResultSelector": {"v.$": "$.value"}, "ResultPath": "$.res", "OutputPath": "$.res.v"}),
         {"in": 1}, mocks={"S": [ret({"value": [1, 2]})]}, output=[1, 2], source="io")
    case("io", "outputpath-array-index", one({"Type": "Pass", "OutputPath": "$.a[0]"}), {"a": [{"b": 1}]}, output={"b": 1}, source="io")
    case("io", "parameters-intrinsic-and-path-together",
         one({"Type": "Pass", "Parameters": {"msg.$": "States.Format('{} {}', $.a, $.b)", "a.$": "$.a"}}), {"a": "x", "b": "y"},
         output={"msg": "x y", "a": "x"}, source="intrinsics")
    case("io", "parameters-context-object-root", one({"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name"}}), {},
         output={"name": "golden-exec"}, source="context")
    case("io", "inputpath-then-parameters", one({"Type": "Pass", "InputPath": "$.a", "Parameters": {"v.$": "$.b"}}),
         {"a": {"b": 2}}, output={"v": 2}, source="io")
    case("io", "parameters-key-with-dollar-suffix-only-once", one({"Type": "Pass", "Parameters": {"k.$": "$.a", "k2": "$.a"}}),
         {"a": 1}, output={"k": 1, "k2": "$.a"}, source="params",
         comment="A value without the .$ suffix is a literal even when it looks like a path")
    case("io", "wait-input-output-paths", one({"Type": "Wait", "Seconds": 0, "InputPath": "$.a", "OutputPath": "$.b"}),
         {"a": {"b": 1}}, output=1, source="wait")
    case("io", "choice-input-output-paths", m({"C": {"Type": "Choice", "InputPath": "$.a", "OutputPath": "$.b",
                                                   "Choices": [{"Variable": "$.b", "NumericEquals": 1, "Next": "D"}]},
                                             "D": {"Type": "Succeed"}}), {"a": {"b": 1}}, output=1, source="choice")
    case("io", "succeed-input-output-paths", one({"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}), {"a": {"b": "x"}},
         output="x", source="succeed")
    case("io", "execution-input-empty-object", one({"Type": "Pass"}), {}, output={}, source="io")

    # ---------------- context ----------------
    ctx = lambda p: one({"Type": "Pass", "Parameters": {"v.$": p}})
    case("context", "execution-id", ctx("$$.Execution.Id"), {}, output={"v": EXEC_ARN}, source="context")
    case("context", "execution-name", ctx("$$.Execution.Name"), {}, output={"v": "golden-exec"}, source="context")
    case("context", "execution-start-time", ctx("$$.Execution.StartTime"), {}, output={"v": START}, source="context")
    case("context", "execution-input", ctx("$$.Execution.Input"), {"a": [1]}, output={"v": {"a": [1]}}, source="context")
    case("context", "execution-input-after-changes", m({"A": {"Type": "Pass", "Result": "changed", "Next": "B"},
                                                          "B": {"Type": "Pass", "Parameters": {"v.$": "$$.Execution.Input"}, "End": True}}),
         {"orig": 1}, output={"v": {"orig": 1}}, source="context", comment="$$.Execution.Input is always the execution's input")
    case("context", "state-name", ctx("$$.State.Name"), {}, output={"v": "S"}, source="context")
    case("context", "state-entered-time-first-state", ctx("$$.State.EnteredTime"), {}, output={"v": START}, source="context")
    case("context", "state-retry-count-zero", ctx("$$.State.RetryCount"), {}, output={"v": 0}, source="context")
    case("context", "state-machine-id", ctx("$$.StateMachine.Id"), {}, output={"v": SM_ARN}, source="context")
    case("context", "state-machine-name", ctx("$$.StateMachine.Name"), {}, output={"v": "golden"}, source="context")
    case("context", "custom-names-from-options", ctx("$$.Execution.Id"), {},
         options={"executionName": "run-7", "stateMachineName": "Orders"},
         output={"v": "arn:aws:states:us-east-1:123456789012:execution:Orders:run-7"}, source="context")
    case("context", "custom-start-time-from-options", ctx("$$.Execution.StartTime"), {},
         options={"startTime": "2030-05-06T07:08:09.123Z"}, output={"v": "2030-05-06T07:08:09.123Z"}, source="context")
    case("context", "whole-context-has-execution-name", one({"Type": "Pass", "Parameters": {"c.$": "$$"}, "OutputPath": "$.c.Execution.Name"}),
         {}, output="golden-exec", source="context")
    case("context", "state-name-second-state", m({"First": {"Type": "Pass", "Next": "Second"},
                                                    "Second": {"Type": "Pass", "Parameters": {"v.$": "$$.State.Name"}, "End": True}}),
         {}, output={"v": "Second"}, source="context")
    case("context", "map-item-index-and-value", one({"Type": "Map", "ItemsPath": "$.l", "ItemSelector": {
        "i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}), {"l": ["a", "b"]},
         output=[{"i": 0, "v": "a"}, {"i": 1, "v": "b"}], source="context")
    case("context", "task-token-in-wait-for-task-token",
         one({"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}}),
         {}, mocks={"S": [ret({"approved": True})]}, output={"approved": True}, source="context",
         comment="Mocked callback task: the mock's Return is the task result")
    case("context", "jsonpath-context-in-result-selector",
         one({"Type": "Task", "Resource": LAMBDA, "ResultSelector": {"r.$": "$", "state.$": "$$.State.Name"}}),
         {}, mocks={"S": [ret(1)]}, output={"r": 1, "state": "S"}, source="context")

    # ---------------- succeed / fail ----------------
    case("succeed-fail", "succeed-outputs-input", one({"Type": "Succeed"}), {"a": 1}, output={"a": 1}, source="succeed",
         history_types=["ExecutionStarted", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"])
    case("succeed-fail", "fail-error-and-cause", one({"Type": "Fail", "Error": "ErrorA", "Cause": "Kaiju attack"}), {},
         error="ErrorA", cause="Kaiju attack", source="fail",
         history_types=["ExecutionStarted", "FailStateEntered", "ExecutionFailed"])
    case("succeed-fail", "fail-error-only", one({"Type": "Fail", "Error": "OnlyError"}), {}, error="OnlyError", source="fail")
    case("succeed-fail", "fail-error-path", one({"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}),
         {"e": "DynErr", "c": "dynamic cause"}, error="DynErr", cause="dynamic cause", source="fail")
    case("succeed-fail", "fail-cause-path-format", one({"Type": "Fail", "Error": "E", "CausePath": "States.Format('Order {} failed', $.id)"}),
         {"id": 7}, error="E", cause="Order 7 failed", source="fail")
    case("succeed-fail", "fail-error-path-array-get-item", one({"Type": "Fail", "ErrorPath": "States.ArrayGetItem($.errs, 1)", "Cause": "c"}),
         {"errs": ["A", "B"]}, error="B", cause="c", source="fail")
    case("succeed-fail", "fail-cause-path-json-to-string", one({"Type": "Fail", "Error": "E", "CausePath": "States.JsonToString($.d)"}),
         {"d": {"k": 1}}, error="E", cause='{"k":1}', source="fail")
    case("succeed-fail", "fail-cause-path-base64", one({"Type": "Fail", "Error": "E", "CausePath": "States.Base64Decode($.b)"}),
         {"b": "RGF0YSB0byBlbmNvZGU="}, error="E", cause="Data to encode", source="fail")
    case("succeed-fail", "fail-jsonata-error-and-cause",
         m({"S": {"Type": "Fail", "Error": "{% 'E' & $string($states.input.n) %}", "Cause": "{% $uppercase($states.input.c) %}"}},
           QueryLanguage="JSONata"), {"n": 5, "c": "bad"}, error="E5", cause="BAD", source="fail")
    case("succeed-fail", "succeed-after-choice", m({"C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Yes"}],
                                                         "Default": "No"}, "Yes": {"Type": "Succeed"},
                                                   "No": {"Type": "Fail", "Error": "Nope"}}), {"ok": True}, output={"ok": True}, source="succeed")
    case("succeed-fail", "fail-after-choice", m({"C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Yes"}],
                                                      "Default": "No"}, "Yes": {"Type": "Succeed"},
                                                "No": {"Type": "Fail", "Error": "Nope", "Cause": "not ok"}}), {"ok": False},
         error="Nope", cause="not ok", source="fail")
    case("succeed-fail", "succeed-jsonata-output", m({"S": {"Type": "Succeed", "Output": {"done": "{% $states.input.x %}"}}},
                                                      QueryLanguage="JSONata"), {"x": 1}, output={"done": 1}, source="succeed")
