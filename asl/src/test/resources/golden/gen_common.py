"""Shared helpers for generate.py: case recording, machine and mock builders, Java-compatible randomness."""
import json

MISSING = object()
CASES = {}

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:Echo"
INVOKE = "arn:aws:states:::lambda:invoke"
SQS = "arn:aws:states:::sqs:sendMessage"
START = "2024-01-02T03:04:05.678Z"
EXEC_ARN = "arn:aws:states:us-east-1:123456789012:execution:golden:golden-exec"
SM_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:golden"

DOC = {
    "io": "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html",
    "params": "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html",
    "resultpath": "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html",
    "example": "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html",
    "context": "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html",
    "intrinsics": "https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html",
    "choice": "https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html",
    "map": "https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html",
    "dmap": "https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html",
    "batcher": "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html",
    "parallel": "https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html",
    "errors": "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html",
    "jsonata": "https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html",
    "variables": "https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html",
    "wait": "https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html",
    "pass": "https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html",
    "task": "https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html",
    "fail": "https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html",
    "succeed": "https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html",
    "mock": "https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html",
    "history": "https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html",
    "spec": "https://states-language.net/spec.html",
    "jsonata-fns": "https://docs.jsonata.org/overview",
    "design": "/work/shared/DESIGN.md section 3",
}


def case(cat, name, definition, input=None, *, output=MISSING, error=None, cause=None, cause_contains=None,
         invalid=None, valid_only=False, error_one_of=None, mocks=None, mock_config=None, test_case=None, options=None,
         history_types=None, events=None, source=None, comment=None):
    key = (cat, name)
    assert key not in CASES, key
    c = {}
    if comment: c["comment"] = comment
    if source: c["source"] = DOC.get(source, source)
    c["definition"] = definition
    c["input"] = {} if input is None else input
    if mocks is not None:
        mock_config, test_case = mock_file(mocks), "default"
    if mock_config is not None:
        c["mockConfig"] = mock_config
        c["testCase"] = test_case
    if options: c["options"] = options
    exp = {}
    if valid_only:
        exp["valid"] = True
    elif invalid is not None:
        exp["invalid"] = invalid
    elif error is not None or error_one_of is not None:
        if error is not None: exp["error"] = error
        else: exp["errorOneOf"] = error_one_of
        if cause is not None: exp["cause"] = cause
        if cause_contains is not None: exp["causeContains"] = cause_contains
    else:
        assert output is not MISSING, key
        exp["output"] = output
    if history_types: exp["historyTypes"] = history_types
    if events: exp["events"] = events
    c["expect"] = exp
    CASES[key] = c


def m(states, start=None, **top):
    d = {"StartAt": start or next(iter(states)), "States": states}
    d.update(top)
    return d


def ret(x):
    return {"Return": x}


def throw(error, cause="mock cause"):
    return {"Throw": {"Error": error, "Cause": cause}}


def mock_file(mocks):
    """mocks: state name -> list of responses (index i) or a dict {"0": ..., "1-2": ...}."""
    cases, responses = {}, {}
    for state, rs in mocks.items():
        name = "R_" + state
        cases[state] = name
        responses[name] = rs if isinstance(rs, dict) else {str(i): r for i, r in enumerate(rs)}
    return {"StateMachines": {"golden": {"TestCases": {"default": cases}}}, "MockedResponses": responses}


def pass_result(result, **kw):
    d = {"Type": "Pass", "Result": result}
    d.update(kw)
    if "Next" not in d: d["End"] = True
    return d


def end(d):
    if "Next" not in d and d.get("Type") not in ("Choice", "Succeed", "Fail"): d["End"] = True
    return d


def one(state, input=None):
    """A machine with one state named S."""
    return m({"S": end(dict(state))})


class JavaRandom:
    """java.util.Random, for AWS's $random(seed) (DESIGN.md section 3)."""
    MASK = (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & self.MASK

    def next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & self.MASK
        r = self.seed >> (48 - bits)
        return r - (1 << 32) if bits == 32 and r >= (1 << 31) else r

    def next_double(self):
        return ((self.next(26) << 27) + self.next(27)) * (1.0 / (1 << 53))


def dump(c):
    return json.dumps(c, indent=2, ensure_ascii=False) + "\n"
