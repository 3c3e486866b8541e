#!/usr/bin/env python3
"""Score unbake on the mixed benchmark text against the text it was made from.

    python3 bench/mixed_truth.py [--unbake build/unbake] [--eval-dir DIR]

bench/make_inputs.py builds mixed.txt from clean paragraphs (English,
Chinese, French, German) and garbled ones (French/German read as cp1252,
English with curly quotes read as GBK with errors=ignore, Russian read as
cp1251), shuffled. This script makes the same paragraphs once, in the same
order, with each one's true text beside it, runs unbake over the garbled
file (one call, as the benchmark does) and counts, line by line:
  clean lines damaged   lines that were clean and came out changed
  garbled lines fixed   lines that were garbled and came out exactly right
The first is what a user cleaning a corpus fears most; both use the text
the benchmark times. Standard library only; the eval dir is the one
make_inputs.py reads (../shared/eval by default).
"""
import argparse
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_inputs as mi  # noqa: E402


def pool(eval_dir):
    src = mi.gather(eval_dir)

    def garbled(paras, codec, errors="strict", curl=False):
        out = []
        for p in paras:
            t = mi.curlify(p) if curl else p
            try:
                out.append((mi.garble(t, codec, errors), t))
            except UnicodeDecodeError:
                pass
        return out

    same = lambda paras: [(p, p) for p in paras]  # noqa: E731
    # the order and the seed of make_inputs.main()
    items = (same(src["en"]) + same(src["zh"]) + garbled(src["fr"] + src["de"], "cp1252")
             + garbled(src["en"], "gbk", "ignore", curl=True) + garbled(src["ru"], "cp1251")
             + same(src["fr"]) + same(src["de"]))
    random.Random(42).shuffle(items)
    return items


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--unbake", default="build/unbake")
    ap.add_argument("--eval-dir", default=os.environ.get("UNBAKE_EVAL_DIR") or os.path.join(
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
        "shared", "eval"))
    args = ap.parse_args()
    items = pool(args.eval_dir)
    garbled = "\n".join(g for g, _ in items) + "\n"
    truth = ("\n".join(t for _, t in items) + "\n").split("\n")
    given = garbled.split("\n")
    out = subprocess.run([args.unbake], input=garbled.encode(), capture_output=True,
                         check=True).stdout.decode("utf-8", errors="replace").split("\n")
    if len(out) != len(truth):
        print("line counts differ: %d out, %d expected" % (len(out), len(truth)))
        return 1
    clean = [i for i in range(len(truth)) if truth[i] == given[i]]
    dirty = [i for i in range(len(truth)) if truth[i] != given[i]]
    damaged = [i for i in clean if out[i] != truth[i]]
    fixed = [i for i in dirty if out[i] == truth[i]]
    print("lines %d: clean %d, garbled %d" % (len(truth), len(clean), len(dirty)))
    print("clean lines damaged: %d" % len(damaged))
    print("garbled lines fixed: %d (%.1f%%)" % (len(fixed), 100.0 * len(fixed) / max(1, len(dirty))))
    for i in damaged[:10]:
        print("  damaged: %r -> %r" % (truth[i][:80], out[i][:80]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
