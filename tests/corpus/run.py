#!/usr/bin/env python3
"""Run unbake over the readable corpus and compare byte for byte.

    run.py --mode keep BINARY [ARGS...]     keep/NAME.txt must come out unchanged
    run.py --mode fix  BINARY [ARGS...]     fix/NAME.in.txt must become fix/NAME.out.txt
    run.py --mode fix --update-xfail BINARY rewrite xfail.txt with today's failures

The binary is run as a filter: the case file on stdin, output from stdout,
and must exit 0. Prints one line per case, then a summary.

keep: exits 1 on any failure (no exceptions: over-repair is a bug).
fix:  cases named in xfail.txt (one NAME per line, `#` comments) are known
      failures while the engine matures; they do not fail the run unless the
      binary crashed, exited non-zero or timed out on them. A case
      listed there that now passes is reported as XPASS (and fails the run
      with --strict-xfail) so that the list can be shrunk. Any other fix
      failure exits 1.

Standard library only.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_xfail(path: str) -> list[str]:
    names = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    names.append(line)
    return names


def run_one(cmd: list[str], data: bytes, timeout: float) -> tuple[bytes, str]:
    """Returns (stdout, problem) where problem is '' when the run was clean."""
    try:
        p = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return b"", f"timeout after {timeout:g}s"
    except OSError as e:
        return b"", f"cannot run: {e}"
    if p.returncode != 0:
        tail = p.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        return p.stdout, f"exit {p.returncode}" + (f": {' | '.join(tail)}" if tail else "")
    return p.stdout, ""


def similarity(out: bytes, want: bytes) -> float:
    a, b = out.decode("utf-8", "replace"), want.decode("utf-8", "replace")
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def first_diff(out: bytes, want: bytes) -> str:
    a, b = out.decode("utf-8", "replace"), want.decode("utf-8", "replace")
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    lo = max(0, i - 10)
    return f"at char {i}: got {a[lo:i + 20]!r}, want {b[lo:i + 20]!r}"


def main() -> int:
    ap = argparse.ArgumentParser(description="Run unbake over tests/corpus.")
    ap.add_argument("--mode", choices=("keep", "fix"), required=True)
    ap.add_argument("--dir", default=HERE, help="corpus directory (default: this folder)")
    ap.add_argument("--xfail", default=None, help="known-failure list (default DIR/xfail.txt)")
    ap.add_argument("--update-xfail", action="store_true",
                    help="fix mode: rewrite the xfail list with the cases failing now")
    ap.add_argument("--strict-xfail", action="store_true",
                    help="fix mode: an XPASS (listed but passing) fails the run")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per case (default 30)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("-v", "--verbose", action="store_true", help="show the first difference")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="binary [args...]")
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no binary given")
    xfail_path = args.xfail or os.path.join(args.dir, "xfail.txt")

    cases: list[tuple[str, str, str]] = []   # (name, input path, expected path)
    if args.mode == "keep":
        d = os.path.join(args.dir, "keep")
        for f in sorted(os.listdir(d)):
            if f.endswith(".txt"):
                cases.append((f[:-4], os.path.join(d, f), os.path.join(d, f)))
    else:
        d = os.path.join(args.dir, "fix")
        for f in sorted(os.listdir(d)):
            if f.endswith(".in.txt"):
                name = f[:-len(".in.txt")]
                out = os.path.join(d, name + ".out.txt")
                if not os.path.exists(out):
                    print(f"error: {f} has no {name}.out.txt", file=sys.stderr)
                    return 2
                cases.append((name, os.path.join(d, f), out))
    if not cases:
        print(f"error: no {args.mode} cases in {args.dir}", file=sys.stderr)
        return 2

    xfail = set(load_xfail(xfail_path)) if args.mode == "fix" else set()
    unknown = sorted(xfail - {c[0] for c in cases})

    def work(case):
        name, inp, exp = case
        data = open(inp, "rb").read()
        want = open(exp, "rb").read()
        out, problem = run_one(cmd, data, args.timeout)
        ok = not problem and out == want
        return name, ok, problem, out, want

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        results = list(ex.map(work, cases))

    width = max(len(r[0]) for r in results)
    counts = {"PASS": 0, "FAIL": 0, "XFAIL": 0, "XPASS": 0}
    failing = []
    print(f"corpus {args.mode}: {len(results)} cases, command: {' '.join(cmd)}")
    print(f"{'case':<{width}}  result  note")
    print("-" * (width + 40))
    for name, ok, problem, out, want in results:
        listed = name in xfail
        # A crash, sanitizer report, error exit or timeout is never an expected failure.
        status = ("XPASS" if listed else "PASS") if ok else \
            ("XFAIL" if listed and not problem else "FAIL")
        counts[status] += 1
        if not ok:
            failing.append(name)
        note = ""
        if not ok:
            note = problem or f"similarity {similarity(out, want):.2f}"
            if args.verbose and not problem:
                note += "; " + first_diff(out, want)
        elif listed:
            note = "listed in xfail.txt but passes: remove it"
        print(f"{name:<{width}}  {status:<6}  {note}")
    print("-" * (width + 40))
    for name in unknown:
        print(f"warning: xfail.txt names {name!r}, which is not a case")

    if args.update_xfail and args.mode == "fix":
        with open(xfail_path, "w", encoding="utf-8") as f:
            f.write("# Fix cases the engine does not repair exactly yet (tests/corpus/run.py).\n"
                    "# One case name per line. Shrink this list as the engine improves;\n"
                    "# regenerate with: python3 tests/corpus/run.py --mode fix --update-xfail"
                    " build/unbake\n")
            for name in failing:
                f.write(name + "\n")
        print(f"wrote {len(failing)} names to {xfail_path}")

    bad = counts["FAIL"] + (counts["XPASS"] if args.strict_xfail else 0)
    print(f"corpus {args.mode}: {counts['PASS']} pass, {counts['FAIL']} fail, "
          f"{counts['XFAIL']} expected failures, {counts['XPASS']} unexpected passes")
    if args.update_xfail:
        return 0
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
