"""The 18 intrinsic functions: AWS guide examples, documented surprises (DESIGN.md section 3) and failures."""
import base64
import hashlib
from gen_common import *

FAIL = ["States.IntrinsicFailure", "States.Runtime"]
# The guide lists States.IntrinsicFailure but also says intrinsic processing errors are reported as States.Runtime:
# either name is accepted for failures.


def intr(expr, input, out, name, comment=None, key="v"):
    case("intrinsics", name, one({"Type": "Pass", "Parameters": {key + ".$": expr}}), input, output={key: out},
         source="intrinsics", comment=comment or expr)


def bad(expr, input, name, comment=None):
    case("intrinsics", name, one({"Type": "Pass", "Parameters": {"v.$": expr}}), input, error_one_of=FAIL,
         source="intrinsics", comment=comment or expr)


def generate():
    # guide examples
    intr("States.Format('Hello, my name is {}.', $.name)", {"name": "Arnav"}, "Hello, my name is Arnav.", "format-guide-example")
    intr("States.StringToJson($.escapedJsonString)", {"escapedJsonString": "{\"foo\": \"bar\"}"}, {"foo": "bar"}, "string-to-json-guide-example")
    intr("States.JsonToString($.unescapedJson)", {"unescapedJson": {"foo": "bar"}}, "{\"foo\":\"bar\"}", "json-to-string-guide-example")
    intr("States.Array('Foo', 2020, $.someJson, null)", {"someJson": {"random": "abcdefg"}}, ["Foo", 2020, {"random": "abcdefg"}, None],
         "array-guide-example")
    nine = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    intr("States.ArrayPartition($.inputArray,4)", {"inputArray": nine}, [[1, 2, 3, 4], [5, 6, 7, 8], [9]], "array-partition-guide-example")
    intr("States.ArrayContains($.inputArray, $.lookingFor)", {"inputArray": nine, "lookingFor": 5}, True, "array-contains-guide-example")
    intr("States.ArrayRange(1, 9, 2)", {}, [1, 3, 5, 7, 9], "array-range-guide-example")
    intr("States.ArrayGetItem($.inputArray, $.index)", {"inputArray": nine, "index": 5}, 6, "array-get-item-guide-example")
    intr("States.ArrayLength($.inputArray)", {"inputArray": nine}, 9, "array-length-guide-example")
    intr("States.ArrayUnique($.inputArray)", {"inputArray": [1, 2, 3, 3, 3, 3, 3, 3, 4]}, [1, 2, 3, 4], "array-unique-guide-example")
    intr("States.Base64Encode($.input)", {"input": "Data to encode"}, "RGF0YSB0byBlbmNvZGU=", "base64-encode-guide-example")
    intr("States.Base64Decode($.base64)", {"base64": "RGF0YSB0byBlbmNvZGU="}, "Data to encode", "base64-decode-guide-example")
    intr("States.Hash($.Data, $.Algorithm)", {"Data": "input data", "Algorithm": "SHA-1"}, "aaff4a450a104cd177d28d18d74485e8cae074b7",
         "hash-guide-example")
    intr("States.JsonMerge($.json1, $.json2, false)", {"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}},
         {"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3}, "json-merge-guide-example", "shallow merge: the second object's 'a' wins whole")
    intr("States.MathAdd($.value1, $.step)", {"value1": 111, "step": -1}, 110, "math-add-guide-example")
    intr("States.StringSplit($.inputString, $.splitter)", {"inputString": "1,2,3,4,5", "splitter": ","}, ["1", "2", "3", "4", "5"],
         "string-split-guide-example")
    intr("States.StringSplit($.inputString, $.splitter)", {"inputString": "This.is+a,test=string", "splitter": ".+,="},
         ["This", "is", "a", "test", "string"], "string-split-guide-example-many-delimiters", "each delimiter character splits")
    # documented surprises
    intr("States.Format('{}', $.o)", {"o": {"Arg1": 1, "Arg2": []}}, "{Arg1=1, Arg2=[]}", "format-object-java-style",
         "DESIGN.md: an object argument renders as Java's Map.toString")
    intr("States.StringSplit($.s, ',')", {"s": ", , ,"}, [" ", " "], "string-split-drops-empty-tokens", "DESIGN.md: empty tokens dropped")
    intr("States.MathAdd(1.49, 1.5)", {}, 3, "math-add-rounds-arguments", "DESIGN.md: arguments rounded to integers")
    intr("States.StringToJson($.s)", {"s": ""}, None, "string-to-json-empty-is-null", "DESIGN.md: empty string gives null")
    # format
    intr("States.Format('{} and {}', $.a, $.b)", {"a": "x", "b": "y"}, "x and y", "format-two-args")
    intr("States.Format('n={}', $.n)", {"n": 42}, "n=42", "format-integer")
    intr("States.Format('f={}', $.n)", {"n": 1.5}, "f=1.5", "format-float")
    intr("States.Format('b={}', $.b)", {"b": True}, "b=true", "format-boolean")
    intr("States.Format('x={}', $.n)", {"n": None}, "x=null", "format-null")
    intr("States.Format('{}', $.a)", {"a": [1, 2]}, "[1, 2]", "format-array-java-style")
    intr("States.Format('no placeholders')", {}, "no placeholders", "format-no-placeholders")
    intr("States.Format('{}{}{}', 'a', 'b', 'c')", {}, "abc", "format-literal-args")
    intr("States.Format('It\\'s {}', $.x)", {"x": "ok"}, "It's ok", "format-escaped-quote", "\\' is a literal quote")
    intr("States.Format('{}', States.Format('[{}]', $.x))", {"x": "in"}, "[in]", "format-nested")
    intr("States.Format('{} {}', $$.Execution.Name, $.a)", {"a": 1}, "golden-exec 1", "format-context-argument")
    bad("States.Format('{} {}', $.a)", {"a": 1}, "format-too-few-args", "placeholder count must equal argument count")
    # string <-> json
    intr("States.StringToJson($.s)", {"s": "[1,2,{\"a\":null}]"}, [1, 2, {"a": None}], "string-to-json-array")
    intr("States.StringToJson($.s)", {"s": "123"}, 123, "string-to-json-number")
    intr("States.StringToJson($.s)", {"s": "\"text\""}, "text", "string-to-json-string")
    intr("States.StringToJson($.s)", {"s": "true"}, True, "string-to-json-boolean")
    bad("States.StringToJson($.s)", {"s": "{not json"}, "string-to-json-invalid")
    intr("States.JsonToString($.o)", {"o": {"a": [1, 2], "b": {"c": None}}}, "{\"a\":[1,2],\"b\":{\"c\":null}}", "json-to-string-nested")
    intr("States.JsonToString($.o)", {"o": [1, "x"]}, "[1,\"x\"]", "json-to-string-array")
    intr("States.JsonToString($.o)", {"o": "s"}, "\"s\"", "json-to-string-string")
    intr("States.StringToJson(States.JsonToString($.o))", {"o": {"k": [True, None]}}, {"k": [True, None]}, "json-round-trip")
    # array
    intr("States.Array()", {}, [], "array-empty")
    intr("States.Array($.a, $.b)", {"a": [1], "b": {"c": 2}}, [[1], {"c": 2}], "array-of-paths")
    intr("States.Array(States.Array(1, 2), 'x')", {}, [[1, 2], "x"], "array-nested")
    intr("States.Array(-1, 1.5, true, false)", {}, [-1, 1.5, True, False], "array-literals")
    intr("States.ArrayPartition($.a, 2)", {"a": [1, 2, 3, 4, 5]}, [[1, 2], [3, 4], [5]], "array-partition-remainder")
    intr("States.ArrayPartition($.a, 5)", {"a": [1, 2]}, [[1, 2]], "array-partition-chunk-larger")
    intr("States.ArrayPartition($.a, 1)", {"a": ["x", "y"]}, [["x"], ["y"]], "array-partition-one")
    intr("States.ArrayPartition($.a, 2)", {"a": []}, [], "array-partition-empty")
    bad("States.ArrayPartition($.a, $.n)", {"a": [1, 2], "n": 0}, "array-partition-zero-chunk")
    intr("States.ArrayContains($.a, $.x)", {"a": [{"k": 1}, 2], "x": {"k": 1}}, True, "array-contains-object")
    intr("States.ArrayContains($.a, $.x)", {"a": [1, 2], "x": 3}, False, "array-contains-absent")
    intr("States.ArrayContains($.a, $.x)", {"a": ["1"], "x": 1}, False, "array-contains-type-sensitive")
    intr("States.ArrayRange(0, 10, 3)", {}, [0, 3, 6, 9], "array-range-step-past-end")
    intr("States.ArrayRange(5, 1, -2)", {}, [5, 3, 1], "array-range-negative-step")
    intr("States.ArrayRange(1, 1, 1)", {}, [1], "array-range-single")
    intr("States.ArrayRange($.s, $.e, $.st)", {"s": 1, "e": 4, "st": 1}, [1, 2, 3, 4], "array-range-from-paths")
    bad("States.ArrayRange(1, 2000, 1)", {}, "array-range-over-1000-elements", "at most 1,000 elements")
    bad("States.ArrayRange($.a, 5, 1)", {"a": "x"}, "array-range-non-numeric")
    intr("States.ArrayGetItem($.a, 0)", {"a": ["x", "y"]}, "x", "array-get-item-first")
    intr("States.ArrayGetItem($.a, 1)", {"a": [{"o": 1}, {"o": 2}]}, {"o": 2}, "array-get-item-object")
    bad("States.ArrayGetItem($.a, 5)", {"a": [1]}, "array-get-item-out-of-bounds")
    bad("States.ArrayGetItem($.a, -1)", {"a": [1]}, "array-get-item-negative")
    intr("States.ArrayLength($.a)", {"a": []}, 0, "array-length-empty")
    intr("States.ArrayLength(States.Array(1, 2, 3))", {}, 3, "array-length-nested")
    bad("States.ArrayLength($.a)", {"a": "not array"}, "array-length-of-string")
    intr("States.ArrayUnique($.a)", {"a": ["b", "a", "b", "c", "a"]}, ["b", "a", "c"], "array-unique-keeps-first-order")
    intr("States.ArrayUnique($.a)", {"a": [{"k": 1}, {"k": 1}, {"k": 2}]}, [{"k": 1}, {"k": 2}], "array-unique-objects")
    intr("States.ArrayUnique($.a)", {"a": []}, [], "array-unique-empty")
    # base64
    intr("States.Base64Encode($.s)", {"s": ""}, "", "base64-encode-empty")
    for s in ["a", "ab", "abc", "héllo wörld", "{\"json\":true}"]:
        enc = base64.b64encode(s.encode()).decode()
        intr("States.Base64Encode($.s)", {"s": s}, enc, f"base64-encode-{len(s)}-{abs(hash(s)) % 1000 if False else s.encode().hex()[:8]}")
        intr("States.Base64Decode($.s)", {"s": enc}, s, f"base64-decode-{s.encode().hex()[:8]}")
    intr("States.Base64Decode(States.Base64Encode($.s))", {"s": "round trip"}, "round trip", "base64-round-trip")
    bad("States.Base64Encode($.s)", {"s": "x" * 10001}, "base64-encode-over-10000-characters", "input at most 10,000 characters")
    # hash
    for alg, fn in [("MD5", hashlib.md5), ("SHA-1", hashlib.sha1), ("SHA-256", hashlib.sha256), ("SHA-384", hashlib.sha384),
                    ("SHA-512", hashlib.sha512)]:
        for data in ["input data", "", "ünïcödé"]:
            intr(f"States.Hash($.d, '{alg}')", {"d": data}, fn(data.encode()).hexdigest(),
                 f"hash-{alg.lower()}-{data.encode().hex()[:6] or 'empty'}")
    bad("States.Hash($.d, 'SHA-3')", {"d": "x"}, "hash-unknown-algorithm")
    # json merge
    intr("States.JsonMerge($.a, $.b, false)", {"a": {"x": 1}, "b": {"y": 2}}, {"x": 1, "y": 2}, "json-merge-disjoint")
    intr("States.JsonMerge($.a, $.b, false)", {"a": {"x": 1}, "b": {"x": 2}}, {"x": 2}, "json-merge-second-wins")
    intr("States.JsonMerge($.a, $.b, false)", {"a": {}, "b": {}}, {}, "json-merge-empty")
    bad("States.JsonMerge($.a, $.b, false)", {"a": [1], "b": {}}, "json-merge-non-object")
    case("intrinsics", "json-merge-deep-true-rejected", one({"Type": "Pass", "Parameters": {"v.$": "States.JsonMerge($.a, $.b, true)"}}),
         {}, invalid=["SCHEMA_VALIDATION_FAILED"], source="intrinsics", comment="only shallow merge (false) is supported")
    # math
    intr("States.MathAdd($.a, $.b)", {"a": -5, "b": 2}, -3, "math-add-negative")
    intr("States.MathAdd(0, 0)", {}, 0, "math-add-zeros")
    intr("States.MathAdd($.a, 1)", {"a": 2147483646}, 2147483647, "math-add-int-max")
    bad("States.MathAdd($.a, 1)", {"a": "1"}, "math-add-string-argument")
    case("intrinsics", "math-random-in-range", m({
        "R": {"Type": "Pass", "Parameters": {"r.$": "States.MathRandom($.start, $.end)"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.r", "NumericGreaterThanEquals": 1},
                                                     {"Variable": "$.r", "NumericLessThanEquals": 999}], "Next": "Ok"}], "Default": "Bad"},
        "Ok": {"Type": "Pass", "Result": "in range", "End": True}, "Bad": {"Type": "Fail", "Error": "OutOfRange"}}),
         {"start": 1, "end": 999}, output="in range", source="intrinsics", comment="guide example: a random integer between 1 and 999")
    case("intrinsics", "math-random-seeded-is-deterministic", m({
        "R": {"Type": "Pass", "Parameters": {"a.$": "States.MathRandom(1, 1000000, 7)", "b.$": "States.MathRandom(1, 1000000, 7)"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEqualsPath": "$.b", "Next": "Same"}], "Default": "Differ"},
        "Same": {"Type": "Pass", "Result": "same", "End": True}, "Differ": {"Type": "Fail", "Error": "Differ"}}),
         {}, output="same", source="intrinsics", comment="the same seed gives the same number")
    case("intrinsics", "math-random-integer", m({
        "R": {"Type": "Pass", "Parameters": {"r.$": "States.MathRandom(0, 10)"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.r", "IsNumeric": True, "Next": "Ok"}], "Default": "Bad"},
        "Ok": {"Type": "Pass", "Result": "ok", "End": True}, "Bad": {"Type": "Fail", "Error": "Bad"}}), {}, output="ok", source="intrinsics")
    # string split
    intr("States.StringSplit($.s, ' ')", {"s": "a b  c"}, ["a", "b", "c"], "string-split-consecutive-delimiters")
    intr("States.StringSplit($.s, ',')", {"s": "abc"}, ["abc"], "string-split-no-delimiter")
    intr("States.StringSplit($.s, ',')", {"s": ""}, [], "string-split-empty")
    # uuid
    case("intrinsics", "uuid-has-five-groups", one({"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength(States.StringSplit(States.UUID(), '-'))"}}),
         {}, output={"n": 5}, source="intrinsics", comment="a v4 UUID has five dash-separated groups")
    case("intrinsics", "uuid-matches-pattern", m({
        "U": {"Type": "Pass", "Parameters": {"u.$": "States.UUID()"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.u", "StringMatches": "*-*-4*-*-*", "Next": "Ok"}], "Default": "Bad"},
        "Ok": {"Type": "Pass", "Result": "ok", "End": True}, "Bad": {"Type": "Fail", "Error": "NotUuid"}}), {}, output="ok", source="intrinsics")
    case("intrinsics", "uuid-two-calls-differ", m({
        "U": {"Type": "Pass", "Parameters": {"a.$": "States.UUID()", "b.$": "States.UUID()"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "StringEqualsPath": "$.b", "Next": "Same"}], "Default": "Ok"},
        "Ok": {"Type": "Pass", "Result": "differ", "End": True}, "Same": {"Type": "Fail", "Error": "Same"}}), {}, output="differ", source="intrinsics")
    # in other fields
    case("intrinsics", "in-result-selector", one({"Type": "Task", "Resource": LAMBDA, "ResultSelector": {"n.$": "States.ArrayLength($.items)"}}),
         {}, mocks={"S": [ret({"items": [1, 2, 3]})]}, output={"n": 3}, source="intrinsics")
    case("intrinsics", "in-item-selector", one({"Type": "Map", "ItemsPath": "$.l", "ItemSelector": {"s.$": "States.Format('#{}', $$.Map.Item.Value)"},
                                                "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}),
         {"l": [1, 2]}, output=[{"s": "#1"}, {"s": "#2"}], source="intrinsics")
    case("intrinsics", "in-assign", m({"A": {"Type": "Pass", "Assign": {"n.$": "States.MathAdd($.x, 1)"}, "Next": "B"},
                                       "B": {"Type": "Pass", "Parameters": {"n.$": "$n"}, "End": True}}), {"x": 1}, output={"n": 2}, source="variables")
    case("intrinsics", "with-variable-argument", m({"A": {"Type": "Pass", "Assign": {"who": "World"}, "Next": "B"},
                                                    "B": {"Type": "Pass", "Parameters": {"g.$": "States.Format('Hello {}', $who)"}, "End": True}}),
         {}, output={"g": "Hello World"}, source="variables")
    case("intrinsics", "unknown-function-rejected", one({"Type": "Pass", "Parameters": {"v.$": "States.Nope($.a)"}}), {},
         invalid=["SCHEMA_VALIDATION_FAILED"], source="intrinsics")
    case("intrinsics", "wrong-arity-rejected", one({"Type": "Pass", "Parameters": {"v.$": "States.ArrayLength($.a, $.b)"}}), {},
         invalid=["SCHEMA_VALIDATION_FAILED"], source="intrinsics")
    bad("States.ArrayGetItem($.a, $.i)", {"a": [1], "i": "0"}, "array-get-item-string-index")
    bad("States.Base64Decode($.s)", {"s": "%%%not base64"}, "base64-decode-invalid")
