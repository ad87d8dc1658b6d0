#!/usr/bin/env python3
"""Writes the golden cases (golden/<category>/<case>.json) from the families in gen_*.py.

Every expectation comes from AWS's documentation (each case names its source) or from DESIGN.md section 3 (behaviour
recorded on AWS), never from running our interpreter. Re-run after editing: python3 generate.py
"""
import os
import sys
sys.dont_write_bytecode = True
import shutil
import gen_basic, gen_choice, gen_errors, gen_flow, gen_intrinsics, gen_jsonata, gen_misc, gen_more, gen_recorded
from gen_common import CASES, dump

HERE = os.path.dirname(os.path.abspath(__file__))

if __name__ == "__main__":
    for mod in (gen_basic, gen_choice, gen_intrinsics, gen_jsonata, gen_flow, gen_errors, gen_misc, gen_more, gen_recorded):
        mod.generate()
    for entry in os.listdir(HERE):
        if os.path.isdir(os.path.join(HERE, entry)) and not entry.startswith("__"):
            shutil.rmtree(os.path.join(HERE, entry))
    for (cat, name), c in sorted(CASES.items()):
        os.makedirs(os.path.join(HERE, cat), exist_ok=True)
        if isinstance(c["definition"], str):
            c = dict(c)
            text = c.pop("definition")
            c = {"definitionText": text, **c}
        with open(os.path.join(HERE, cat, name + ".json"), "w") as f:
            f.write(dump(c))
    counts = {}
    for cat, _ in CASES:
        counts[cat] = counts.get(cat, 0) + 1
    print(sum(counts.values()), "cases:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
