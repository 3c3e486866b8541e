#!/usr/bin/env python3
"""Compare two scorer runs case by case: what a change did.

    python3 ../shared/eval/score.py CASES --json before.json -- OLD/unbake
    python3 ../shared/eval/score.py CASES --json after.json -- build/unbake
    python3 bench/compare_runs.py before.json after.json [--show REGEX] [--worse]

Prints, per category, how many outputs differ, the change in the sum of
CER-after over those cases (negative: better) and the change in exact
cases; then, with --show, the differing cases whose category or id matches
REGEX, each as the spans where the two outputs part (--worse: only the
cases whose CER rose). A change is judged by all of it: a category can
gain exact cases and lose CER elsewhere, and "no output differs" is the
strongest claim a refactoring can make.
"""
import argparse
import collections
import difflib
import json
import re
import sys


def load(path):
    with open(path, encoding="utf-8") as fh:
        return {r["id"]: r for r in json.load(fh)["results"]}


def spans(a, b, context=8):
    """The (old, new) snippets where strings a and b differ."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            yield (a[max(0, i1 - context):i2 + context], b[max(0, j1 - context):j2 + context])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--show", metavar="REGEX", help="list the differing cases matching REGEX")
    ap.add_argument("--worse", action="store_true", help="with --show: only cases that got worse")
    args = ap.parse_args()
    old, new = load(args.before), load(args.after)
    rows = collections.defaultdict(lambda: [0, 0.0, 0])
    shown = []
    for cid, a in old.items():
        b = new.get(cid)
        if b is None or a["output"] == b["output"]:
            continue
        row = rows[a["category"]]
        row[0] += 1
        row[1] += b["cer_after"] - a["cer_after"]
        row[2] += int(b["passed"]) - int(a["passed"])
        if args.show and (re.search(args.show, a["category"]) or re.search(args.show, cid)):
            if not args.worse or b["cer_after"] > a["cer_after"]:
                shown.append((cid, a, b))
    missing = len(set(old) ^ set(new))
    print("differing outputs: %d%s" % (sum(r[0] for r in rows.values()),
                                       " (%d cases in one run only)" % missing if missing else ""))
    if rows:
        print("| category | differ | CER sum change | exact change |")
        print("|---|---:|---:|---:|")
        for cat, (n, dcer, dexact) in sorted(rows.items()):
            print("| %s | %d | %+.4f | %+d |" % (cat, n, dcer, dexact))
    for cid, a, b in shown:
        print("\n%s  CER %.4f -> %.4f" % (cid, a["cer_after"], b["cer_after"]))
        for x, y in spans(a["output"], b["output"]):
            print("    %r -> %r" % (x, y))
    return 0


if __name__ == "__main__":
    sys.exit(main())
