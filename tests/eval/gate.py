#!/usr/bin/env python3
"""Eval gate: score unbake on part of the shared eval corpus and enforce floors.

    gate.py [--eval-dir DIR] [--floors FILE] [--jobs N] [--keep-json OUT] BINARY [ARGS...]

Runs
    python3 DIR/score.py DIR/cases.jsonl --only ONLY --json TMP -- BINARY [ARGS...]
where ONLY comes from floors.json, then computes the exact-match percentage
of every category group (the category up to its first '/') from the JSON and
fails when a group is below the floor of any floors.json regex matching it.

The eval directory is the first that is given of: --eval-dir,
$UNBAKE_EVAL_DIR, ../shared/eval next to the repository root. When it does
not hold score.py and cases.jsonl the gate
prints "SKIP: eval corpus not found" and exits 77 (ctest: SKIP_RETURN_CODE).

The gate also fails when the binary exits non-zero on any case (a crash or a
sanitizer report: any input is valid input), unless --allow-nonzero.
$UNBAKE_EVAL_TIMEOUT sets the per-case timeout (default 10 s; CI raises it
for the sanitizer build).

Exit codes: 0 all floors met, 1 a floor missed (or a floor names no group, or a case crashed),
2 usage or scorer error, 77 skipped. Standard library only.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SKIP = 77


def eval_dir_candidate(explicit: str | None) -> str:
    """The first of --eval-dir, $UNBAKE_EVAL_DIR, ../shared/eval that is set."""
    return (explicit or os.environ.get("UNBAKE_EVAL_DIR")
            or os.path.join(os.path.dirname(REPO), "shared", "eval"))


def usable(d: str) -> bool:
    return (os.path.isfile(os.path.join(d, "cases.jsonl"))
            and os.path.isfile(os.path.join(d, "score.py")))


def main() -> int:
    ap = argparse.ArgumentParser(description="Score unbake on the eval corpus; enforce floors.")
    ap.add_argument("--eval-dir", help="directory with score.py and cases.jsonl")
    ap.add_argument("--floors", default=os.path.join(HERE, "floors.json"))
    ap.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2))
    ap.add_argument("--timeout", type=float,
                    default=float(os.environ.get("UNBAKE_EVAL_TIMEOUT", "10")),
                    help="seconds per case for score.py (default 10, or $UNBAKE_EVAL_TIMEOUT)")
    ap.add_argument("--allow-nonzero", action="store_true",
                    help="do not fail the gate when the binary exits non-zero on some case")
    ap.add_argument("--keep-json", metavar="OUT", help="keep score.py's per-case JSON here")
    ap.add_argument("--show-failures", type=int, default=0, metavar="K",
                    help="passed on to score.py")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="BINARY [ARGS...]")
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no binary given")

    eval_dir = eval_dir_candidate(args.eval_dir)
    if not usable(eval_dir):
        print(f"SKIP: eval corpus not found (no score.py + cases.jsonl in {eval_dir})")
        return SKIP

    with open(args.floors, encoding="utf-8") as f:
        cfg = json.load(f)
    only = cfg["only"]
    floors: dict[str, float] = {k: float(v) for k, v in cfg["floors"].items()}

    with tempfile.TemporaryDirectory(prefix="unbake-gate-") as tmp:
        out_json = args.keep_json or os.path.join(tmp, "results.json")
        score_cmd = [sys.executable, os.path.join(eval_dir, "score.py"),
                     os.path.join(eval_dir, "cases.jsonl"), "--only", only,
                     "--jobs", str(args.jobs), "--timeout", str(args.timeout),
                     "--json", out_json]
        if args.show_failures:
            score_cmd += ["--show-failures", str(args.show_failures)]
        score_cmd += ["--"] + cmd
        print("+ " + " ".join(score_cmd), flush=True)
        rc = subprocess.run(score_cmd).returncode
        if rc != 0 or not os.path.exists(out_json):
            print(f"gate: score.py failed (exit {rc})")
            return 2
        with open(out_json, encoding="utf-8") as f:
            results = json.load(f)["results"]

    groups: dict[str, list[bool]] = collections.defaultdict(list)
    for r in results:
        groups[r["category"].split("/", 1)[0]].append(bool(r["passed"]))
    if not groups:
        print("gate: no cases selected; check 'only' in floors.json")
        return 1

    failed = []
    crashed = [r for r in results if not r.get("timeout") and r.get("exit") not in (0, None)]
    timeouts = [r for r in results if r.get("timeout")]
    if crashed:
        print(f"\n{len(crashed)} cases exited non-zero (any input is valid input), e.g.:")
        for r in crashed[:10]:
            err = (r.get("stderr") or "").strip().replace("\n", " | ")[:300]
            print(f"  {r['id']}: exit {r['exit']}: {err}")
        if not args.allow_nonzero:
            failed.append(f"{len(crashed)} cases exited non-zero (crash, sanitizer report or error)")
    if timeouts:
        print(f"\n{len(timeouts)} cases timed out after {args.timeout:g}s (counted as failures), e.g. "
              + ", ".join(r["id"] for r in timeouts[:5]))
    print()
    print(f"{'group':<22} {'cases':>6} {'exact%':>7} {'floor':>6}  verdict")
    print("-" * 52)
    for g in sorted(groups):
        passed = groups[g]
        pct = 100.0 * sum(passed) / len(passed)
        need = max([floors[rx] for rx in floors if re.search(rx, g)], default=None)
        if need is None:
            verdict = "no floor"
        elif pct + 1e-9 >= need:
            verdict = "ok" + (f" (could rise to {int(pct)})" if int(pct) > need else "")
        else:
            verdict = "BELOW FLOOR"
            failed.append(f"{g}: {pct:.1f}% < {need:g}%")
        print(f"{g:<22} {len(passed):>6} {pct:>6.1f}% "
              f"{'-' if need is None else format(need, 'g'):>6}  {verdict}")
    print("-" * 52)
    for rx in floors:
        if not any(re.search(rx, g) for g in groups):
            failed.append(f"floor {rx!r} matches no scored group")

    if failed:
        print("eval gate FAILED:")
        for f in failed:
            print("  " + f)
        return 1
    print(f"eval gate passed: {len(groups)} groups, {len(results)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
