"""Issue item 8, "closer to AWS": paths that match nothing, and the wordings of the errors of Wait, Map and the other
...Path fields. Expectations come from DESIGN.md section 3 (behaviour recorded on AWS) or from executions recorded on
AWS in LocalStack's test snapshots (named in each case's source); never from running our interpreter."""
from gen_common import *

LS = "https://github.com/localstack/localstack/blob/main/"
WAIT_SNAPSHOT = LS + "tests/aws/services/stepfunctions/v2/base/test_wait.snapshot.json"
MAP_TESTS = LS + "tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.py"
MAX_CONCURRENCY_PR = "https://github.com/localstack/localstack/pull/10705"


def at(state, n=2):
    """AWS's prefix of a run-time error's cause (DESIGN.md section 3)."""
    return f"An error occurred while executing the state '{state}' (entered at the event id #{n}). "


def processor():
    return {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def distributed(**kw):
    d = {"Type": "Map", "ItemsPath": "$.Items", "End": True, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, **processor()}}
    d.update(kw)
    return d


def caught_by_states_all(state):
    """A Parallel whose one branch runs `state`, with a Catch on States.ALL (a Wait has no Catch of its own)."""
    return m({"P": {"Type": "Parallel", "Branches": [m({"X": end(dict(state))})], "End": True,
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
              "Caught": {"Type": "Succeed"}})


def generate():
    wildcards()
    waits()
    maps()


def wildcards():
    """DESIGN.md: a wildcard or slice that matches nothing yields [], a plain path to a missing field still fails."""
    I = "io"
    note = "DESIGN.md: a JSONPath with a wildcard or a slice that matches nothing yields []"
    case(I, "wildcard-under-missing-field-is-empty-array", one({"Type": "Pass", "Parameters": {"v.$": "$.items[*]"}}), {},
         output={"v": []}, source="design", comment=note)
    case(I, "slice-under-missing-field-is-empty-array", one({"Type": "Pass", "Parameters": {"v.$": "$.items[1:]"}}), {},
         output={"v": []}, source="design", comment=note)
    case(I, "slice-past-the-end-is-empty-array", one({"Type": "Pass", "Parameters": {"v.$": "$.items[1:]"}}), {"items": [1]},
         output={"v": []}, source="design", comment=note)
    case(I, "wildcard-then-missing-field-is-empty-array", one({"Type": "Pass", "Parameters": {"v.$": "$.items[*].id"}}),
         {"items": [{"name": "a"}, {"name": "b"}]}, output={"v": []}, source="design", comment=note)
    case(I, "wildcard-then-field-under-missing-field-is-empty-array", one({"Type": "Pass", "Parameters": {"v.$": "$.items[*].id"}}),
         {}, output={"v": []}, source="design", comment=note)
    case(I, "plain-path-to-missing-field-still-fails", one({"Type": "Pass", "Parameters": {"v.$": "$.missing"}}), {"items": []},
         error="States.Runtime", source="design", comment="DESIGN.md: a plain path to a missing field still fails with States.Runtime")
    case(I, "nested-plain-path-to-missing-field-still-fails", one({"Type": "Pass", "Parameters": {"v.$": "$.a.missing"}}), {"a": {}},
         error="States.Runtime", source="design", comment="DESIGN.md: a plain path to a missing field still fails with States.Runtime")
    # every place a path is read: the same rule
    case(I, "inputpath-wildcard-matching-nothing", one({"Type": "Pass", "InputPath": "$.items[*]"}), {}, output=[],
         source="design", comment=note + " (InputPath)")
    case(I, "outputpath-wildcard-matching-nothing", one({"Type": "Pass", "OutputPath": "$.items[*].id"}), {"items": [{}]},
         output=[], source="design", comment=note + " (OutputPath)")
    case(I, "resultselector-wildcard-matching-nothing", m({"T": {"Type": "Task", "Resource": LAMBDA, "End": True,
                                                                 "ResultSelector": {"ids.$": "$.items[*].id"}}}), {},
         mocks={"T": [ret({"items": []})]}, output={"ids": []}, source="design", comment=note + " (ResultSelector)")
    case(I, "context-wildcard-matching-nothing", one({"Type": "Pass", "Parameters": {"v.$": "$$.Execution.Input.items[*]"}}), {},
         output={"v": []}, source="design", comment=note + " (a path into the context object)")
    case("map", "items-path-wildcard-matching-nothing", m({"M": {"Type": "Map", "ItemsPath": "$.items[*]", "End": True,
                                                                 "ItemProcessor": processor()}}), {},
         output=[], source="design", comment=note + " (ItemsPath): no iterations")
    case("intrinsics", "array-length-of-wildcard-matching-nothing", one({"Type": "Pass", "Parameters": {
        "n.$": "States.ArrayLength($.items[*])"}}), {}, output={"n": 0}, source="design", comment=note + " (an intrinsic's argument)")
    case("choice", "variable-wildcard-matching-nothing-is-present", m({
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.items[*]", "IsPresent": True, "Next": "Yes"}], "Default": "No"},
        "Yes": pass_result("yes"), "No": pass_result("no")}), {}, output="yes", source="design",
         comment=note + " (Choice Variable): [] is a value, so IsPresent is true")
    case("variables", "variable-wildcard-matching-nothing", m({
        "A": {"Type": "Pass", "Assign": {"v": {"a": 1}}, "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"r.$": "$v.items[*]"}, "End": True}}), {}, output={"r": []}, source="design",
         comment=note + " (a path into a variable)")


def waits():
    W = "wait"
    seconds_path = one({"Type": "Wait", "SecondsPath": "$.input.waitSeconds"})
    case(W, "seconds-path-negative-cause", seconds_path, {"input": {"waitSeconds": -1}}, error="States.Runtime",
         cause=at("S") + "The SecondsPath parameter references a negative value: $.input.waitSeconds == -1",
         source="design", history_types=["ExecutionStarted", "WaitStateEntered", "ExecutionFailed"],
         comment="DESIGN.md: the wording AWS recorded for a negative SecondsPath")
    case(W, "seconds-path-fraction-cause", seconds_path, {"input": {"waitSeconds": 1.5}}, error="States.Runtime",
         cause=at("S") + "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5",
         source="design", comment="DESIGN.md: the wording AWS recorded for a SecondsPath that is not an integer")
    timestamp_path = one({"Type": "Wait", "TimestampPath": "$.start_at"})
    recorded = "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.start_at == "
    case(W, "timestamp-path-without-zone-cause", timestamp_path, {"start_at": "2024-01-02T03:04:05"}, error="States.Runtime",
         cause=at("S") + recorded + "2024-01-02T03:04:05", source=WAIT_SNAPSHOT,
         history_types=["ExecutionStarted", "WaitStateEntered", "ExecutionFailed"],
         comment="test_wait_timestamppath[] recorded on AWS: a timestamp without Z fails, the value shown without quotes")
    case(W, "timestamp-path-fraction-without-zone-cause", timestamp_path, {"start_at": "2024-01-02T03:04:05.000000"},
         error="States.Runtime", cause=at("S") + recorded + "2024-01-02T03:04:05.000000", source=WAIT_SNAPSHOT,
         comment="test_wait_timestamppath[.000000] recorded on AWS")
    case(W, "timestamp-path-seven-fraction-digits", timestamp_path, {"start_at": "2024-01-02T03:04:05.0000000Z"},
         output={"start_at": "2024-01-02T03:04:05.0000000Z"}, source=WAIT_SNAPSHOT,
         comment="test_wait_timestamppath[.0000000Z] recorded on AWS: any number of fraction digits (here in the past: no wait)")
    case(W, "seconds-path-beyond-one-year-not-caught-by-states-all", caught_by_states_all(
        {"Type": "Wait", "SecondsPath": "$.s"}), {"s": 31_536_001}, error="States.Runtime", source="design",
         comment="DESIGN.md: a Wait beyond one year fails with States.Runtime, which States.ALL does not catch")
    case(W, "seconds-path-fraction-not-caught-by-states-all", caught_by_states_all(
        {"Type": "Wait", "SecondsPath": "$.s"}), {"s": 1.5}, error="States.Runtime", source="design",
         comment="DESIGN.md: a SecondsPath error is States.Runtime, which States.ALL does not catch")


def maps():
    M = "map"
    jsonata_map = lambda **kw: m({"M": {"Type": "Map", "End": True, "ItemProcessor": processor(), **kw}}, QueryLanguage="JSONata")
    case(M, "jsonata-items-number-fails", jsonata_map(Items="{% 1 %}"), {}, error="States.QueryEvaluationError",
         cause=at("M") + "The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. "
                         "Expected 'array', but was 'number' for value: 1", source="design",
         events=[{"type": "EvaluationFailed", "details": {"evaluationFailedEventDetails": {
             "error": "States.QueryEvaluationError", "location": "Items", "state": "M"}}}],
         comment="DESIGN.md: the wording AWS recorded for JSONata Items that are not an array")
    case(M, "jsonata-items-object-fails", jsonata_map(Items="{% $states.input.o %}"), {"o": {"a": 1}},
         error="States.QueryEvaluationError",
         cause=at("M") + "The JSONata expression '$states.input.o' specified for the field 'Items' returned an unexpected result "
                         "type. Expected 'array', but was 'object' for value: {\"a\":1}", source="design",
         comment="DESIGN.md: JSONata does not iterate a JSON object (same wording as for a number, with the type 'object')")
    case(M, "jsonata-input-object-without-items-fails", jsonata_map(), {"foo": "bar"}, error="States.QueryEvaluationError",
         cause=at("M") + "Map state input must be an array but was: {\"foo\":\"bar\"}", source="design",
         history_types=["ExecutionStarted", "MapStateEntered", "EvaluationFailed", "ExecutionFailed"],
         comment="DESIGN.md: a JSONata Map without Items whose input is an object fails")
    # MaxConcurrencyPath (evaluated before MapStateStarted)
    mc = m({"M": {"Type": "Map", "ItemsPath": "$.Items", "MaxConcurrencyPath": "$.MaxConcurrency", "End": True,
                  "ItemProcessor": processor()}})
    case(M, "max-concurrency-path-fraction-cause", mc, {"Items": [0], "MaxConcurrency": 1.5}, error="States.Runtime",
         cause=at("M") + "The MaxConcurrencyPath field refers to value \"1.5\" which is not a valid integer: $.MaxConcurrency",
         source=MAX_CONCURRENCY_PR, history_types=["ExecutionStarted", "MapStateEntered", "ExecutionFailed"],
         comment="MaxConcurrencyPath negative snapshot tests recorded on AWS; wording as LocalStack's max_concurrency.py reproduces it")
    case(M, "max-concurrency-path-string-cause", mc, {"Items": [0], "MaxConcurrency": "NoNumber"}, error="States.Runtime",
         cause=at("M") + "The MaxConcurrencyPath field refers to value \"NoNumber\" which is not a valid integer: $.MaxConcurrency",
         source=MAX_CONCURRENCY_PR, comment="a string is shown without its JSON quotes")
    case(M, "max-concurrency-path-negative-cause", mc, {"Items": [0], "MaxConcurrency": -1}, error="States.Runtime",
         cause=at("M") + "Expected non-negative integer for MaxConcurrency, got '-1' instead.", source=MAX_CONCURRENCY_PR)

    # ToleratedFailureCountPath / PercentagePath (evaluated after MapStateStarted)
    tc = m({"M": distributed(ToleratedFailureCountPath="$.ToleratedFailureCount")})
    count_src = MAP_TESTS + " test_map_state_tolerated_failure_count_path"
    case(M, "tolerated-failure-count-path-string-cause", tc, {"Items": [0], "ToleratedFailureCount": "NoNumber"},
         error="States.Runtime", cause=at("M") + "The ToleratedFailureCountPath field refers to value \"NoNumber\" which is not a "
                                                 "valid integer: $.ToleratedFailureCount", source=count_src,
         history_types=["ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed"],
         comment="[NoNumber], recorded on AWS (wording as LocalStack reproduces it): the thresholds are read after MapStateStarted")
    case(M, "tolerated-failure-count-path-object-cause", tc, {"Items": [0], "ToleratedFailureCount": {}}, error="States.Runtime",
         cause=at("M") + "The ToleratedFailureCountPath field refers to value \"{}\" which is not a valid integer: $.ToleratedFailureCount",
         source=count_src, comment="[dict()], recorded on AWS")
    case(M, "tolerated-failure-count-path-negative-cause", tc, {"Items": [0], "ToleratedFailureCount": -1}, error="States.Runtime",
         cause=at("M") + "ToleratedFailureCount cannot be negative.", source=count_src, comment="[-1], recorded on AWS")
    case(M, "tolerated-failure-count-path-zero", tc, {"Items": [0], "ToleratedFailureCount": 0}, output=[0], source=count_src,
         comment="[0], recorded on AWS")
    tp = m({"M": distributed(ToleratedFailurePercentagePath="$.ToleratedFailurePercentage")})
    pct_src = MAP_TESTS + " test_map_state_tolerated_failure_percentage_path"
    case(M, "tolerated-failure-percentage-path-string-cause", tp, {"Items": [0], "ToleratedFailurePercentage": "NoNumber"},
         error="States.Runtime", cause=at("M") + "The ToleratedFailurePercentagePath field refers to value \"NoNumber\" which is "
                                                 "not a valid float: $.ToleratedFailurePercentage", source=pct_src,
         history_types=["ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed"], comment="[NoNumber], recorded on AWS")
    case(M, "tolerated-failure-percentage-path-above-100-cause", tp, {"Items": [0], "ToleratedFailurePercentage": 100.1},
         error="States.Runtime", cause=at("M") + "ToleratedFailurePercentage must be between 0 and 100.", source=pct_src,
         comment="[100.1], recorded on AWS")
    case(M, "tolerated-failure-percentage-path-negative-cause", tp, {"Items": [0], "ToleratedFailurePercentage": -1.1},
         error="States.Runtime", cause=at("M") + "ToleratedFailurePercentage must be between 0 and 100.", source=pct_src,
         comment="[-1.1], recorded on AWS")
    case(M, "tolerated-failure-percentage-path-fraction", tp, {"Items": [0], "ToleratedFailurePercentage": 1.1}, output=[0],
         source=pct_src, comment="[1.1], recorded on AWS: a fraction is a valid percentage")
    case("errors", "tolerated-failure-count-path-not-caught-by-states-all",
         m({"M": distributed(ToleratedFailureCountPath="$.ToleratedFailureCount", Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                             Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]),
            "Caught": {"Type": "Succeed"}}), {"Items": [0], "ToleratedFailureCount": "NoNumber"}, error="States.Runtime",
         source="design", history_types=["ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed"],
         comment="DESIGN.md: a non-numeric ToleratedFailureCountPath fails with States.Runtime: neither Retry nor Catch on States.ALL apply")
