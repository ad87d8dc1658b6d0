#!/usr/bin/env python3
"""Counts golden cases per category and per ASL feature (state types, fields, Choice operators, intrinsics, JSONata
functions, expected errors, history events). Prints Markdown for docs/asl-coverage.md: python3 coverage.py"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]
FIELDS = ["Comment", "QueryLanguage", "TimeoutSeconds", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath",
          "Result", "Arguments", "Output", "Assign", "Resource", "HeartbeatSeconds", "TimeoutSecondsPath", "HeartbeatSecondsPath",
          "Retry", "Catch", "Choices", "Default", "Condition", "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Error", "Cause",
          "ErrorPath", "CausePath", "Branches", "Items", "ItemsPath", "ItemSelector", "ItemProcessor", "Iterator", "ProcessorConfig",
          "MaxConcurrency", "MaxConcurrencyPath", "ItemBatcher", "ItemReader", "ResultWriter", "ToleratedFailureCount",
          "ToleratedFailurePercentage", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "Label",
          "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Credentials"]
OPS = [p + s for p in ["String", "Numeric", "Timestamp"] for s in ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"]]
OPS = OPS + ["BooleanEquals", "StringMatches"]
OPS = OPS + [o + "Path" for o in OPS if o != "StringMatches"] + ["IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
                                                                  "And", "Or", "Not"]
INTRINSICS = ["Format", "StringToJson", "JsonToString", "Array", "ArrayPartition", "ArrayContains", "ArrayRange", "ArrayGetItem",
              "ArrayLength", "ArrayUnique", "Base64Encode", "Base64Decode", "Hash", "JsonMerge", "MathRandom", "MathAdd", "StringSplit", "UUID"]


def load():
    cases = []
    for cat in sorted(os.listdir(HERE)):
        d = os.path.join(HERE, cat)
        if not os.path.isdir(d) or cat.startswith("_"):
            continue
        for f in sorted(os.listdir(d)):
            if f.endswith(".json"):
                with open(os.path.join(d, f)) as fh:
                    cases.append((cat, f[:-5], json.load(fh)))
    return cases


def keys(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            out.add(k)
            keys(v, out)
    elif isinstance(node, list):
        for v in node:
            keys(v, out)
    return out


def main():
    cases = load()
    gaps = set()
    with open(os.path.join(HERE, "known-gaps.txt")) as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                gaps.add(line.split()[0])
    print("| category | cases | known gaps |\n|---|---|---|")
    cats = {}
    for cat, name, _ in cases:
        cats.setdefault(cat, []).append(name)
    for cat, names in cats.items():
        print(f"| {cat} | {len(names)} | {sum(1 for n in names if cat + '/' + n in gaps)} |")
    print(f"| **total** | **{len(cases)}** | **{len(gaps)}** |\n")
    info = []
    for cat, name, c in cases:
        d = c.get("definition") or {}
        text = json.dumps(d)
        types = set(re.findall(r'"Type": "(\w+)"', text))
        info.append((keys(d, set()), types, text, c["expect"]))

    def count(pred):
        return sum(1 for i in info if pred(*i))
    def table(title, names, pred):
        print(f"| {title} | cases |\n|---|---|")
        for n in names:
            print(f"| `{n}` | {count(lambda k, t, x, e: pred(n, k, t, x, e))} |")
        print()
    table("state type", TYPES, lambda n, k, t, x, e: n in t)
    table("field", FIELDS, lambda n, k, t, x, e: n in k)
    table("Choice operator", OPS, lambda n, k, t, x, e: n in k)
    table("intrinsic", ["States." + i for i in INTRINSICS], lambda n, k, t, x, e: (n + "(") in x)
    fns = sorted(set(re.findall(r"\$([a-zA-Z]+)\(", " ".join(i[2] for i in info if "{%" in i[2]))))
    print("JSONata functions used: " + ", ".join("`$" + f + "`" for f in fns) + f" ({len(fns)})\n")
    errs = sorted({e.get("error") for *_, e in info if e.get("error")} | {x for *_, e in info for x in e.get("errorOneOf", [])})
    table("expected error", [x for x in errs if x.startswith("States.")],
          lambda n, k, t, x, e: e.get("error") == n or n in e.get("errorOneOf", []))
    evs = sorted({ev for *_, e in info for ev in e.get("historyTypes", [])} | {ev["type"] for *_, e in info for ev in e.get("events", [])})
    table("history event", evs, lambda n, k, t, x, e: n in e.get("historyTypes", []) or any(ev["type"] == n for ev in e.get("events", [])))


if __name__ == "__main__":
    sys.exit(main())
