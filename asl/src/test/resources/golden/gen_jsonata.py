"""JSONata: Arguments/Output/Assign/Condition/$states, built-in functions, AWS's added functions, rejected operators."""
import hashlib
from gen_common import *


def jm(states, **top):
    return m(states, QueryLanguage="JSONata", **top)


def out(expr, input, expected, name, comment=None, source="jsonata-fns"):
    case("jsonata", name, jm({"S": {"Type": "Pass", "Output": expr, "End": True}}), input, output=expected,
         source=source, comment=comment or str(expr))


def generate():
    J = "jsonata"
    out("{% $states.input.customer %}", {"customer": {"id": 1}}, {"id": 1}, "output-selects-input-field", source=J)
    out({"total": "{% $sum($states.input.prices) %}", "static": "s"}, {"prices": [1, 2, 3.5]}, {"total": 6.5, "static": "s"},
        "output-object-template", source=J)
    out(["{% $states.input.a %}", "lit", {"n": "{% 1 + 1 %}"}], {"a": 0}, [0, "lit", {"n": 2}], "output-array-template", source=J)
    out("plain string, not an expression", {}, "plain string, not an expression", "output-literal-string", source=J)
    out("{% 'a' & ' {% not nested %}' %}", {}, "a {% not nested %}", "output-braces-inside-string", source=J)
    out(42, {}, 42, "output-literal-number", source=J)
    out(None, {"a": 1}, None, "output-null", source=J)
    case("jsonata", "pass-without-output-passes-input", jm({"S": {"Type": "Pass", "End": True}}), {"a": 1}, output={"a": 1}, source=J)
    case("jsonata", "task-default-output-is-result", jm({"S": {"Type": "Task", "Resource": LAMBDA, "End": True}}), {"in": 1},
         mocks={"S": [ret({"r": 1})]}, output={"r": 1}, source=J)
    case("jsonata", "task-arguments-and-output", jm({"S": {"Type": "Task", "Resource": INVOKE,
                                                          "Arguments": {"FunctionName": "F", "Payload": "{% $states.input %}"},
                                                          "Output": "{% $states.result.Payload.body %}", "End": True}}),
         {"q": 1}, mocks={"S": [ret({"StatusCode": 200, "Payload": {"body": "hi"}})]}, output="hi", source=J)
    case("jsonata", "output-combines-input-and-result", jm({"S": {"Type": "Task", "Resource": LAMBDA,
                                                                 "Output": {"in": "{% $states.input.x %}", "res": "{% $states.result %}"}, "End": True}}),
         {"x": 1}, mocks={"S": [ret(2)]}, output={"in": 1, "res": 2}, source=J)
    case("jsonata", "context-execution-name", jm({"S": {"Type": "Pass", "Output": "{% $states.context.Execution.Name %}", "End": True}}),
         {}, output="golden-exec", source=J)
    case("jsonata", "context-state-name", jm({"Named": {"Type": "Pass", "Output": "{% $states.context.State.Name %}", "End": True}}),
         {}, output="Named", source=J)
    case("jsonata", "context-execution-input", jm({"A": {"Type": "Pass", "Output": 1, "Next": "B"},
                                                   "B": {"Type": "Pass", "Output": "{% $states.context.Execution.Input %}", "End": True}}),
         {"orig": True}, output={"orig": True}, source=J)
    case("jsonata", "state-language-override", m({"A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"v": "{% $states.input.a * 2 %}"},
                                                       "Next": "B"},
                                                 "B": {"Type": "Pass", "Parameters": {"w.$": "$.v"}, "End": True}}), {"a": 2},
         output={"w": 4}, source=J, comment="a JSONata state inside a JSONPath machine")
    # choice
    ch = jm({"C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n > 5 %}", "Next": "Big"},
                                                  {"Condition": "{% $states.input.n = 5 %}", "Next": "Five", "Output": {"was": 5}}],
                   "Default": "Small"},
             "Big": {"Type": "Pass", "Output": "big", "End": True}, "Five": {"Type": "Succeed"}, "Small": {"Type": "Pass", "Output": "small", "End": True}})
    case("jsonata", "choice-condition-true", ch, {"n": 9}, output="big", source=J)
    case("jsonata", "choice-condition-default", ch, {"n": 1}, output="small", source=J)
    case("jsonata", "choice-rule-output", ch, {"n": 5}, output={"was": 5}, source=J)
    case("jsonata", "choice-condition-literal-true", jm({"C": {"Type": "Choice", "Choices": [{"Condition": True, "Next": "Y"}]},
                                                         "Y": {"Type": "Pass", "Output": "y", "End": True}}), {}, output="y", source=J)
    case("jsonata", "choice-condition-not-boolean-fails", jm({"C": {"Type": "Choice", "Choices": [{"Condition": "{% 'yes' %}", "Next": "Y"}],
                                                                    "Default": "Y"}, "Y": {"Type": "Succeed"}}), {},
         error="States.QueryEvaluationError", source=J)
    case("jsonata", "choice-no-match", jm({"C": {"Type": "Choice", "Choices": [{"Condition": "{% false %}", "Next": "Y"}]},
                                           "Y": {"Type": "Succeed"}}), {}, error="States.NoChoiceMatched", source="errors")
    # wait, fail, map, parallel
    case("jsonata", "wait-seconds-expression", jm({"W": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "Next": "T"},
                                                  "T": {"Type": "Pass", "Output": "{% $states.context.State.EnteredTime %}", "End": True}}),
         {"s": 30}, output="2024-01-02T03:04:35.678Z", source="wait")
    case("jsonata", "wait-timestamp-expression", jm({"W": {"Type": "Wait", "Timestamp": "{% $states.input.t %}", "End": True}}),
         {"t": "2024-01-02T04:00:00Z"}, output={"t": "2024-01-02T04:00:00Z"}, source="wait",
         events=[{"type": "WaitStateExited", "timestamp": "2024-01-02T04:00:00Z"}])
    case("jsonata", "map-items-and-item-selector", jm({"M": {"Type": "Map", "Items": "{% $states.input.nums %}",
                                                            "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}", "i": "{% $states.context.Map.Item.Index %}"},
                                                            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input.v * 10 + $states.input.i %}", "End": True}}},
                                                            "End": True}}),
         {"nums": [1, 2, 3]}, output=[10, 21, 32], source="map")
    case("jsonata", "map-items-literal-array", jm({"M": {"Type": "Map", "Items": [1, 2],
                                                        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}}),
         {}, output=[1, 2], source="map")
    case("jsonata", "map-output-of-results", jm({"M": {"Type": "Map", "Items": "{% $states.input %}", "Output": "{% $count($states.result) %}",
                                                      "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}}),
         ["a", "b", "c"], output=3, source="map")
    case("jsonata", "map-items-not-array-fails", jm({"M": {"Type": "Map", "Items": "{% $states.input.x %}",
                                                          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}}),
         {"x": "str"}, error="States.QueryEvaluationError", source="map")
    case("jsonata", "parallel-arguments-and-output", jm({"P": {"Type": "Parallel", "Arguments": {"n": "{% $states.input.n %}"},
                                                              "Output": "{% $states.result[0] + $states.result[1] %}",
                                                              "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.n + 1 %}", "End": True}}},
                                                                           {"StartAt": "B", "States": {"B": {"Type": "Pass", "Output": "{% $states.input.n * 10 %}", "End": True}}}],
                                                              "End": True}}),
         {"n": 2, "ignored": True}, output=23, source="parallel")
    case("jsonata", "catch-default-output-is-error-output", jm({"T": {"Type": "Task", "Resource": LAMBDA,
                                                                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "End": True},
                                                                "H": {"Type": "Pass", "End": True}}),
         {"in": 1}, mocks={"T": [throw("Boom", "bad")]}, output={"Error": "Boom", "Cause": "bad"}, source=J)
    case("jsonata", "catch-output-with-error-output", jm({"T": {"Type": "Task", "Resource": LAMBDA,
                                                                "Catch": [{"ErrorEquals": ["Boom"], "Next": "H",
                                                                           "Output": {"input": "{% $states.input %}", "err": "{% $states.errorOutput.Error %}"}}],
                                                                "End": True},
                                                          "H": {"Type": "Pass", "End": True}}),
         {"in": 1}, mocks={"T": [throw("Boom", "bad")]}, output={"input": {"in": 1}, "err": "Boom"}, source=J)
    # errors
    case("jsonata", "evaluation-error-fails", jm({"S": {"Type": "Pass", "Output": "{% $number('abc') %}", "End": True}}), {},
         error="States.QueryEvaluationError", source=J, history_types=["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"],
         comment="DESIGN.md: a failed evaluation adds an EvaluationFailed event before ExecutionFailed")
    case("jsonata", "undefined-output-fails", jm({"S": {"Type": "Pass", "Output": "{% $states.input.missing %}", "End": True}}), {},
         error="States.QueryEvaluationError", source=J)
    case("jsonata", "eval-not-available", jm({"S": {"Type": "Pass", "Output": "{% $eval('1+1') %}", "End": True}}), {},
         error="States.QueryEvaluationError", source=J, comment="AWS runs JSONata without $eval")
    case("jsonata", "elvis-operator-rejected", jm({"S": {"Type": "Pass", "Output": "{% $states.input.a ?: 1 %}", "End": True}}), {},
         invalid=["INVALID_JSONATA_EXPRESSION"], source=J,
         comment="AWS rejects ?:; the code is AWS's for an expression it cannot parse (https://github.com/floci-io/floci/issues/2745)")
    case("jsonata", "coalescing-operator-rejected", jm({"S": {"Type": "Pass", "Output": "{% $states.input.a ?? 1 %}", "End": True}}), {},
         invalid=["INVALID_JSONATA_EXPRESSION"], source=J,
         comment="AWS rejects ??; the code is AWS's for an expression it cannot parse (https://github.com/floci-io/floci/issues/2745)")
    case("jsonata", "syntax-error-rejected", jm({"S": {"Type": "Pass", "Output": "{% 1 + %}", "End": True}}), {},
         invalid=["INVALID_JSONATA_EXPRESSION"], source="https://github.com/floci-io/floci/issues/2745",
         comment="recorded on AWS: INVALID_JSONATA_EXPRESSION, Unexpected end of expression, at /States/<state>/Output")
    case("jsonata", "ternary-allowed", jm({"S": {"Type": "Pass", "Output": "{% $states.input.a > 1 ? 'big' : 'small' %}", "End": True}}),
         {"a": 2}, output="big", source=J)
    case("jsonata", "error-caught-by-states-all", jm({"P": {"Type": "Parallel", "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "H"}],
                                                           "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $number('x') %}", "End": True}}}],
                                                           "End": True}, "H": {"Type": "Pass", "Output": "{% $states.input.Error %}", "End": True}}),
         {}, output="States.QueryEvaluationError", source="errors")
    # AWS functions
    out("{% $partition([1,2,3,4], 2) %}", {}, [[1, 2], [3, 4]], "aws-partition", source=J)
    out("{% $partition([1,2,3,4,5], 2) %}", {}, [[1, 2], [3, 4], [5]], "aws-partition-remainder", source=J)
    out("{% $range(0, 10, 2) %}", {}, [0, 2, 4, 6, 8, 10], "aws-range", source=J)
    out("{% $range(1, 3, 1) %}", {}, [1, 2, 3], "aws-range-step-one", source=J)
    out("{% $hash('input data', 'SHA-256') %}", {}, hashlib.sha256(b"input data").hexdigest(), "aws-hash-sha256", source=J)
    out("{% $hash('input data', 'MD5') %}", {}, hashlib.md5(b"input data").hexdigest(), "aws-hash-md5", source=J)
    out("{% $random(42) %}", {}, JavaRandom(42).next_double(), "aws-random-seed-42", comment="DESIGN.md: $random(seed) is java.util.Random(seed).nextDouble()", source="design")
    out("{% $random(7) %}", {}, JavaRandom(7).next_double(), "aws-random-seed-7", source="design")
    out("{% $random(0) %}", {}, JavaRandom(0).next_double(), "aws-random-seed-0", source="design")
    out("{% $random(42) = $random(42) %}", {}, True, "aws-random-same-seed-same-value", source=J)
    out("{% $random() >= 0 and $random() < 1 %}", {}, True, "aws-random-unseeded-in-unit-interval", source=J)
    out("{% $length($uuid()) %}", {}, 36, "aws-uuid-length", source=J)
    out("{% $count($split($uuid(), '-')) %}", {}, 5, "aws-uuid-groups", source=J)
    out("{% $uuid() != $uuid() %}", {}, True, "aws-uuid-differ", source=J)
    out("{% $parse($states.input.s) %}", {"s": "{\"key\":\"value\"}"}, {"key": "value"}, "aws-parse-object", source=J)
    out("{% $parse('[1,2]') %}", {}, [1, 2], "aws-parse-array", source=J)
    case("jsonata", "aws-parse-invalid-fails", jm({"S": {"Type": "Pass", "Output": "{% $parse('{bad') %}", "End": True}}), {},
         error="States.QueryEvaluationError", source=J)
    # JSONata built-ins (results as documented at docs.jsonata.org)
    I = {"nums": [3, 1, 2], "words": ["b", "a", "c"], "s": "  Hello World  ", "o": {"a": 1, "b": 2}, "people": [
        {"name": "Ann", "age": 30}, {"name": "Bob", "age": 20}, {"name": "Cy", "age": 40}]}
    builtins = [
        ("sum", "$sum($states.input.nums)", 6), ("count", "$count($states.input.nums)", 3), ("max", "$max($states.input.nums)", 3),
        ("min", "$min($states.input.nums)", 1), ("average", "$average($states.input.nums)", 2),
        ("sort", "$sort($states.input.nums)", [1, 2, 3]), ("sort-strings", "$sort($states.input.words)", ["a", "b", "c"]),
        ("sort-by", "$sort($states.input.people, function($l, $r) { $l.age > $r.age }).name", ["Bob", "Ann", "Cy"]),
        ("reverse", "$reverse($states.input.nums)", [2, 1, 3]), ("append", "$append([1,2], [3])", [1, 2, 3]),
        ("append-scalar", "$append([1], 2)", [1, 2]), ("distinct", "$distinct([1,1,2,'a','a'])", [1, 2, "a"]),
        ("uppercase", "$uppercase('abc')", "ABC"), ("lowercase", "$lowercase('ABC')", "abc"),
        ("trim", "$trim($states.input.s)", "Hello World"), ("length", "$length('hello')", 5),
        ("substring", "$substring('Hello World', 3)", "lo World"), ("substring-length", "$substring('Hello World', 3, 5)", "lo Wo"),
        ("substring-negative", "$substring('Hello World', -4)", "orld"),
        ("substring-before", "$substringBefore('Hello World', ' ')", "Hello"), ("substring-after", "$substringAfter('Hello World', ' ')", "World"),
        ("contains", "$contains('abracadabra', 'bra')", True), ("contains-regex", "$contains('abracadabra', /a.*a/)", True),
        ("split", "$split('so many words', ' ')", ["so", "many", "words"]), ("split-limit", "$split('so many words', ' ', 2)", ["so", "many"]),
        ("join", "$join(['a','b','c'], '-')", "a-b-c"), ("join-no-separator", "$join(['a','b'])", "ab"),
        ("replace", "$replace('John Smith', 'John', 'Mr')", "Mr Smith"), ("replace-regex", "$replace('abc123', /[0-9]+/, '#')", "abc#"),
        ("pad-right", "$pad('foo', 5)", "foo  "), ("pad-left-char", "$pad('5', -3, '0')", "005"),
        ("string-number", "$string(5)", "5"), ("string-object", "$string({'a': 1})", "{\"a\":1}"), ("string-boolean", "$string(true)", "true"),
        ("number", "$number('42')", 42), ("number-float", "$number('1.5')", 1.5), ("abs", "$abs(-5)", 5), ("floor", "$floor(5.7)", 5),
        ("ceil", "$ceil(5.2)", 6), ("round-half-even", "$round(2.5)", 2), ("round-half-even-odd", "$round(3.5)", 4),
        ("round-precision", "$round(3.14159, 2)", 3.14), ("power", "$power(2, 10)", 1024), ("sqrt", "$sqrt(16)", 4),
        ("format-number", "$formatNumber(1234.5678, '#,##0.00')", "1,234.57"), ("format-base", "$formatBase(255, 16)", "ff"),
        ("boolean-empty-string", "$boolean('')", False), ("boolean-string", "$boolean('x')", True), ("not", "$not(true)", False),
        ("exists-true", "$exists($states.input.o.a)", True), ("exists-false", "$exists($states.input.o.z)", False),
        ("type-array", "$type([1])", "array"), ("type-object", "$type({})", "object"), ("type-null", "$type(null)", "null"),
        ("keys", "$keys($states.input.o)", ["a", "b"]), ("lookup", "$lookup($states.input.o, 'b')", 2),
        ("merge", "$merge([{'a':1},{'b':2},{'a':3}])", {"a": 3, "b": 2}), ("spread", "$spread({'a':1,'b':2})", [{"a": 1}, {"b": 2}]),
        ("each", "$each($states.input.o, function($v, $k) { $k & '=' & $v })", ["a=1", "b=2"]),
        ("map", "$map($states.input.nums, function($v) { $v * 2 })", [6, 2, 4]),
        ("filter", "$filter($states.input.nums, function($v) { $v > 1 })", [3, 2]),
        ("reduce", "$reduce([1,2,3,4], function($a, $b) { $a + $b })", 10), ("zip", "$zip([1,2],[3,4])", [[1, 3], [2, 4]]),
        ("single", "$single([1,2,3], function($v) { $v = 2 })", 2), ("sift", "$sift($states.input.o, function($v) { $v > 1 })", {"b": 2}),
        ("match", "$match('ababbabbcc', /a(b+)/).match", ["ab", "abb", "abb"]),
        ("base64encode", "$base64encode('hello')", "aGVsbG8="), ("base64decode", "$base64decode('aGVsbG8=')", "hello"),
        ("encode-url-component", "$encodeUrlComponent('a b&c')", "a%20b%26c"),
        ("to-millis", "$toMillis('2024-01-02T03:04:05.678Z')", 1704164645678),
        ("from-millis", "$fromMillis(0)", "1970-01-01T00:00:00.000Z"),
        ("now-after-start", "$toMillis($now()) >= $toMillis($states.context.Execution.StartTime)", True),
        ("millis-is-number", "$type($millis())", "number"),
        ("shuffle-keeps-elements", "$sort($shuffle([3,1,2]))", [1, 2, 3]),
        ("flatten-path", "$states.input.people.name", ["Ann", "Bob", "Cy"]),
        ("predicate", "$states.input.people[age > 25].name", ["Ann", "Cy"]),
        ("predicate-single-is-not-array", "$states.input.people[age > 35].name", "Cy"),
        ("array-index", "$states.input.nums[0]", 3), ("array-negative-index", "$states.input.nums[-1]", 2),
        ("range-operator", "[1..5]", [1, 2, 3, 4, 5]), ("string-concat", "'a' & 1 & true", "a1true"),
        ("arithmetic", "(1 + 2) * 3 - 4 / 2 % 3", 7), ("comparison-and-or", "1 < 2 and (2 > 3 or 'a' = 'a')", True),
        ("in-operator", "'b' in ['a','b']", True), ("object-constructor", "$states.input.people{name: age}", {"Ann": 30, "Bob": 20, "Cy": 40}),
        ("group-sum", "{'total': $sum($states.input.people.age)}", {"total": 90}),
        ("order-by", "$states.input.people^(>age).name", ["Cy", "Ann", "Bob"]),
        ("wildcard", "$states.input.o.*", [1, 2]), ("conditional-array-construction", "[$states.input.nums[$ > 1]]", [3, 2]),
        ("block-and-variable", "($x := 5; $y := $x * 2; $y + 1)", 11),
        ("function-definition", "($double := function($n) { $n * 2 }; $double(21))", 42),
        ("chain-operator", "$states.input.words ~> $sort() ~> $join(',')", "a,b,c"),
        ("regex-test", "$contains('2024-01-02', /^[0-9]{4}-/)", True),
        ("number-integral-float", "1.0 + 1", 2), ("string-escape", "\"quote: \\\"\"", "quote: \""),
        ("null-literal", "null", None), ("empty-array", "[]", []), ("empty-object", "{}", {}),
        ("count-empty", "$count([])", 0), ("sum-empty", "$sum([])", 0),
    ]
    for nm, expr, exp in builtins:
        out("{% " + expr + " %}", I, exp, "fn-" + nm, comment=expr)
