#!/usr/bin/env python3
"""Time filters on the benchmark inputs; print a markdown table (used by run.sh).

    measure.py [--runs 5] [--unbake build/unbake] [--ftfy] INPUT...

For each input and tool: wall time of the whole process (time.perf_counter
around fork/exec/wait) with stdin from the file and stdout to /dev/null,
median of --runs runs; MB/s = file size / median; ratio = MB/s divided by
cat's MB/s on the same input; peak RSS from one extra run under GNU time
(`/usr/bin/time -f %M`, Debian package `time`; "n/a" without it: the
rusage of a child forked from Python includes Python's own pages).
Tools: cat, iconv -f utf-8 -t utf-8, unbake -j1 and unbake -jN (N = the
processors; if the binary exists) and,
with --ftfy, the `ftfy` command (Debian package python3-ftfy; one run only,
it is slow). Standard library only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


GNU_TIME = "/usr/bin/time"


def run_once(cmd: list[str], path: str) -> tuple[float, int]:
    """(seconds, exit status)."""
    with open(path, "rb") as fin, open(os.devnull, "wb") as fout:
        t0 = time.perf_counter()
        rc = subprocess.run(cmd, stdin=fin, stdout=fout, stderr=subprocess.DEVNULL).returncode
        return time.perf_counter() - t0, rc


def output_digest(cmd: list[str], path: str) -> str:
    import hashlib
    with open(path, "rb") as fin:
        p = subprocess.run(cmd, stdin=fin, capture_output=True)
    return hashlib.sha256(p.stdout).hexdigest()


def peak_rss_kib(cmd: list[str], path: str) -> int | None:
    if not os.access(GNU_TIME, os.X_OK):
        return None
    with open(path, "rb") as fin, open(os.devnull, "wb") as fout:
        p = subprocess.run([GNU_TIME, "-f", "%M"] + cmd, stdin=fin, stdout=fout,
                           stderr=subprocess.PIPE)
    try:
        return int(p.stderr.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description="Measure MB/s of cat, iconv and unbake.")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--unbake", default="build/unbake")
    ap.add_argument("--ftfy", action="store_true", help="also time the ftfy command (1 run)")
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()

    tools: list[tuple[str, list[str], int]] = [
        ("cat", ["cat"], args.runs),
        ("iconv", ["iconv", "-f", "utf-8", "-t", "utf-8"], args.runs),
    ]
    if os.access(args.unbake, os.X_OK):
        ub = os.path.abspath(args.unbake)
        ncpu = os.cpu_count() or 1
        tools.append(("unbake -j1", [ub, "-j1"], args.runs))
        if ncpu > 1:
            tools.append((f"unbake -j{ncpu}", [ub, f"-j{ncpu}"], args.runs))
    else:
        print(f"note: {args.unbake} not found or not executable; build it first",
              file=sys.stderr)
    if args.ftfy:
        if shutil.which("ftfy"):
            tools.append(("ftfy", ["ftfy"], 1))
        else:
            print("note: ftfy not installed (apt-get install python3-ftfy)", file=sys.stderr)

    tools_by_name = {name: cmd for name, cmd, _ in tools}
    print("| input | size | tool | MB/s | ratio to cat | peak RSS |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for path in args.inputs:
        size = os.path.getsize(path)
        mb = size / 1e6
        cat_speed = None
        for name, cmd, runs in tools:
            times, bad = [], 0
            for _ in range(runs):
                dt, rc = run_once(cmd, path)
                times.append(dt)
                bad += rc != 0
            rss = peak_rss_kib(cmd, path)
            rss_s = "n/a" if rss is None else f"{rss / 1024:.1f} MiB"
            speed = mb / statistics.median(times)
            if name == "cat":
                cat_speed = speed
            ratio = f"{speed / cat_speed:.3f}" if cat_speed else "-"
            note = f" (exit≠0 in {bad}/{runs})" if bad else ""
            if name.startswith("unbake -j") and name != "unbake -j1":
                same = output_digest(cmd, path) == output_digest(tools_by_name["unbake -j1"], path)
                note += " (output = -j1)" if same else " (OUTPUT DIFFERS from -j1)"
            print(f"| {os.path.basename(path)} | {size / 1048576:.0f} MiB | {name}{note} | "
                  f"{speed:,.1f} | {ratio} | {rss_s} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
