"""Choice: every comparison operator and its ...Path variant, type tests, And/Or/Not, StringMatches escapes."""
from gen_common import *


def chooser(rule, input):
    d = m({"C": {"Type": "Choice", "Choices": [dict(rule, Next="Yes")], "Default": "No"},
           "Yes": {"Type": "Pass", "Result": "yes", "End": True}, "No": {"Type": "Pass", "Result": "no", "End": True}})
    return d


T1, T2 = "2016-03-14T01:59:00Z", "2016-03-14T02:00:00Z"
MATRIX = {
    # operator: [(value, operand, expected)]
    "StringEquals": [("abc", "abc", True), ("abc", "abd", False), ("", "", True), ("ABC", "abc", False), (5, "5", False),
                     (None, "null", False), ("é", "é", True)],
    "StringLessThan": [("abc", "abd", True), ("abd", "abc", False), ("abc", "abc", False), ("B", "a", True), ("a", "ab", True), (1, "2", False)],
    "StringGreaterThan": [("abd", "abc", True), ("abc", "abd", False), ("abc", "abc", False), ("b", "B", True), (2, "1", False)],
    "StringLessThanEquals": [("abc", "abc", True), ("abc", "abd", True), ("abd", "abc", False), (True, "true", False)],
    "StringGreaterThanEquals": [("abc", "abc", True), ("abd", "abc", True), ("abc", "abd", False), ([], "a", False)],
    "NumericEquals": [(1, 1, True), (1, 1.0, True), (1.5, 1.5, True), (1, 2, False), ("1", 1, False), (None, 0, False)],
    "NumericLessThan": [(1, 2, True), (2, 1, False), (2, 2, False), (-5, -4.5, True), ("1", 2, False)],
    "NumericGreaterThan": [(2, 1, True), (1, 2, False), (2, 2, False), (1e10, 9999999999, True), (True, 0, False)],
    "NumericLessThanEquals": [(2, 2, True), (1, 2, True), (3, 2, False), (2.0000001, 2, False)],
    "NumericGreaterThanEquals": [(2, 2, True), (3, 2, True), (1, 2, False), (20, 20.0, True)],
    "BooleanEquals": [(True, True, True), (False, False, True), (True, False, False), ("true", True, False), (1, True, False)],
    "TimestampEquals": [(T1, T1, True), (T1, T2, False), ("2016-03-14T01:59:00.000Z", T1, True), ("not a date", T1, False), (5, T1, False)],
    "TimestampLessThan": [(T1, T2, True), (T2, T1, False), (T1, T1, False), ("2015-12-31T23:59:59Z", T1, True)],
    "TimestampGreaterThan": [(T2, T1, True), (T1, T2, False), (T1, T1, False), ("2016-03-14T01:59:00+01:00", T1, False)],
    "TimestampLessThanEquals": [(T1, T1, True), (T1, T2, True), (T2, T1, False)],
    "TimestampGreaterThanEquals": [(T1, T1, True), (T2, T1, True), (T1, T2, False)],
}
TYPE_TESTS = {
    # operator: [(value or MISSING, operand, expected)]
    "IsNull": [(None, True, True), (1, True, False), ("null", True, False), (None, False, False), (0, False, True)],
    "IsPresent": [(1, True, True), (None, True, True), (MISSING, True, False), (MISSING, False, True), ("x", False, False)],
    "IsNumeric": [(1, True, True), (1.5, True, True), ("1", True, False), (None, True, False), ("x", False, True), (3, False, False)],
    "IsString": [("s", True, True), ("", True, True), (1, True, False), ([], True, False), (1, False, True)],
    "IsBoolean": [(True, True, True), (False, True, True), ("true", True, False), (0, True, False), ("x", False, True)],
    "IsTimestamp": [(T1, True, True), ("2016-03-14T01:59:00.123Z", True, True), ("2016-03-14", True, False), (123, True, False),
                    ("hello", True, False), ("hello", False, True)],
}


def label(v):
    if v is MISSING: return "missing"
    if v is None: return "null"
    if isinstance(v, bool): return str(v).lower()
    if isinstance(v, (int, float)): return "num" + str(v).replace(".", "_").replace("-", "neg").replace("+", "")
    if isinstance(v, str): return "str" + str(len(v)) if not v.replace("-", "").replace(":", "").isalnum() else "str-" + v[:12]
    return type(v).__name__


def generate():
    for op, rows in MATRIX.items():
        for i, (v, operand, expected) in enumerate(rows):
            out = "yes" if expected else "no"
            case("choice", f"{op}-{i}-{label(v)}", chooser({"Variable": "$.v", op: operand}, None), {"v": v}, output=out,
                 source="choice", comment=f"{json.dumps(v)} {op} {json.dumps(operand)} is {expected}")
            case("choice", f"{op}Path-{i}-{label(v)}", chooser({"Variable": "$.v", op + "Path": "$.w"}, None), {"v": v, "w": operand},
                 output=out, source="choice", comment=f"{op}Path compares with the value at $.w")
    for op, rows in TYPE_TESTS.items():
        for i, (v, operand, expected) in enumerate(rows):
            inp = {} if v is MISSING else {"v": v}
            case("choice", f"{op}-{i}-{label(v)}-{str(operand).lower()}", chooser({"Variable": "$.v", op: operand}, None), inp,
                 output="yes" if expected else "no", source="choice", comment=f"{op}: {operand} on {label(v)}")
    matches = [("log-*.txt", "log-2024-01.txt", True), ("log-*.txt", "log-.txt", True), ("log-*.txt", "log.txt", False),
               ("*", "", True), ("*", "anything", True), ("a*b*c", "aXXbYYc", True), ("a*b*c", "aXXcYYb", False),
               ("a.c", "abc", False), ("a.c", "a.c", True), ("foo\\*bar", "foo*bar", True), ("foo\\*bar", "fooXbar", False),
               ("back\\\\slash", "back\\slash", True), ("*.log", "x.log", True), ("*.log", "x.log.gz", False),
               ("exact", "exact", True), ("exact", "exactly", False), ("[ab]", "a", False), ("[ab]", "[ab]", True),
               ("*", 5, False)]
    for i, (pat, val, expected) in enumerate(matches):
        case("choice", f"StringMatches-{i}", chooser({"Variable": "$.v", "StringMatches": pat}, None), {"v": val},
             output="yes" if expected else "no", source="choice",
             comment=f"pattern {json.dumps(pat)} on {json.dumps(val)}: only * is a wildcard; \\\\* and \\\\\\\\ escape")
    # combinators (AWS guide example)
    ex = m({"ChoiceStateX": {"Type": "Choice", "Choices": [
        {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
        {"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
        {"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}],
         "Next": "ValueInTwenties"}], "Default": "DefaultState"},
        "Public": {"Type": "Pass", "Result": "Public", "End": True},
        "ValueIsZero": {"Type": "Pass", "Result": "ValueIsZero", "End": True},
        "ValueInTwenties": {"Type": "Pass", "Result": "ValueInTwenties", "End": True},
        "DefaultState": {"Type": "Fail", "Error": "DefaultStateError", "Cause": "No Matches!"}})
    for name, inp, res in [("public", {"type": "Public", "value": 0}, "Public"), ("zero", {"type": "Private", "value": 0}, "ValueIsZero"),
                           ("twenties", {"type": "Private", "value": 25}, "ValueInTwenties"),
                           ("first-match-wins", {"type": "Other", "value": 25}, "Public")]:
        case("choice", f"aws-example-{name}", ex, inp, output=res, source="choice", comment="The Choice example of the AWS guide")
    case("choice", "aws-example-default-fails", ex, {"type": "Private", "value": 35}, error="DefaultStateError", cause="No Matches!",
         source="choice")
    for name, rule, inp, res in [
        ("and-all-true", {"And": [{"Variable": "$.a", "IsPresent": True}, {"Variable": "$.a", "NumericEquals": 1}]}, {"a": 1}, "yes"),
        ("and-one-false", {"And": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.b", "NumericEquals": 1}]}, {"a": 1, "b": 2}, "no"),
        ("or-one-true", {"Or": [{"Variable": "$.a", "NumericEquals": 2}, {"Variable": "$.a", "NumericEquals": 1}]}, {"a": 1}, "yes"),
        ("or-none-true", {"Or": [{"Variable": "$.a", "NumericEquals": 2}, {"Variable": "$.a", "NumericEquals": 3}]}, {"a": 1}, "no"),
        ("not-true", {"Not": {"Variable": "$.a", "StringEquals": "x"}}, {"a": "y"}, "yes"),
        ("not-false", {"Not": {"Variable": "$.a", "StringEquals": "x"}}, {"a": "x"}, "no"),
        ("nested-and-or-not", {"And": [{"Or": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.a", "NumericEquals": 2}]},
                                       {"Not": {"Variable": "$.b", "BooleanEquals": True}}]}, {"a": 2, "b": False}, "yes"),
        ("not-of-and", {"Not": {"And": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.b", "NumericEquals": 1}]}}, {"a": 1, "b": 1}, "no"),
        ("single-element-and", {"And": [{"Variable": "$.a", "IsString": True}]}, {"a": "s"}, "yes"),
        ("and-ispresent-guards-missing", {"And": [{"Variable": "$.a", "IsPresent": True}, {"Variable": "$.a", "NumericEquals": 1}]}, {}, "no"),
        ("deep-variable", {"Variable": "$.a.b[1].c", "StringEquals": "x"}, {"a": {"b": [{}, {"c": "x"}]}}, "yes"),
        ("variable-from-context", {"Variable": "$$.Execution.Name", "StringEquals": "golden-exec"}, {}, "yes"),
    ]:
        case("choice", name, chooser(rule, None), inp, output=res, source="choice")
    case("choice", "rules-in-order-first-wins", m({"C": {"Type": "Choice", "Choices": [
        {"Variable": "$.n", "NumericGreaterThan": 1, "Next": "A"}, {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "B"}]},
        "A": {"Type": "Pass", "Result": "A", "End": True}, "B": {"Type": "Pass", "Result": "B", "End": True}}), {"n": 5}, output="A", source="choice")
    case("choice", "second-rule-matches", m({"C": {"Type": "Choice", "Choices": [
        {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "A"}, {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "B"}]},
        "A": {"Type": "Pass", "Result": "A", "End": True}, "B": {"Type": "Pass", "Result": "B", "End": True}}), {"n": 5}, output="B", source="choice")
    case("choice", "no-match-no-default-fails", m({"C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "A"}]},
                                                   "A": {"Type": "Succeed"}}), {"n": 2}, error="States.NoChoiceMatched", source="errors",
         history_types=["ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed"])
    case("choice", "missing-variable-fails", chooser({"Variable": "$.missing", "StringEquals": "x"}, None), {"a": 1},
         error="States.Runtime", cause_contains="$.missing", source="choice",
         comment="A comparison on a path that matches nothing is a runtime error (use IsPresent to guard)")
    case("choice", "missing-path-operand-fails", chooser({"Variable": "$.v", "StringEqualsPath": "$.missing"}, None), {"v": "x"},
         error="States.Runtime", cause_contains="$.missing", source="choice")
    case("choice", "choice-output-is-input", chooser({"Variable": "$.v", "IsPresent": True}, None) | {}, {"v": 1}, output="yes", source="choice")
    case("choice", "default-passes-input-through", m({"C": {"Type": "Choice", "Choices": [{"Variable": "$.v", "IsNull": True, "Next": "X"}],
                                                       "Default": "D"}, "X": {"Type": "Succeed"}, "D": {"Type": "Succeed"}}),
         {"v": 1}, output={"v": 1}, source="choice")
    case("choice", "variable-with-variables", m({"A": {"Type": "Pass", "Assign": {"limit": 10}, "Next": "C"},
                                                 "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThanPath": "$limit", "Next": "Y"}],
                                                       "Default": "N"},
                                                 "Y": {"Type": "Pass", "Result": "under", "End": True}, "N": {"Type": "Pass", "Result": "over", "End": True}}),
         {"n": 3}, output="under", source="variables")
    case("choice", "variable-is-workflow-variable", m({"A": {"Type": "Pass", "Assign": {"flag": True}, "Next": "C"},
                                                       "C": {"Type": "Choice", "Choices": [{"Variable": "$flag", "BooleanEquals": True, "Next": "Y"}],
                                                             "Default": "N"},
                                                       "Y": {"Type": "Pass", "Result": "y", "End": True}, "N": {"Type": "Pass", "Result": "n", "End": True}}),
         {}, output="y", source="variables")
    case("choice", "choice-rule-assign-jsonpath", m({"C": {"Type": "Choice", "Choices": [
        {"Variable": "$.n", "NumericGreaterThan": 0, "Assign": {"sign": "positive"}, "Next": "R"}], "Default": "R"},
        "R": {"Type": "Pass", "Parameters": {"s.$": "$sign"}, "End": True}}), {"n": 1}, output={"s": "positive"}, source="variables")
    case("choice", "choice-state-assign-with-default", m({"C": {"Type": "Choice", "Assign": {"seen": True}, "Choices": [
        {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "R"}], "Default": "R"},
        "R": {"Type": "Pass", "Parameters": {"s.$": "$seen"}, "End": True}}), {"n": -1}, output={"s": True}, source="variables")
