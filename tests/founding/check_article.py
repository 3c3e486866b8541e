#!/usr/bin/env python3
"""Founding example: the AP article saved as GBK mojibake (Python-style
'ignore' decoding, so bytes are missing).  Runs `unbake` on it and asserts
properties of the repaired text.  The article is not part of the repository:
when it is absent the test is skipped (exit 77).

usage: check_article.py UNBAKE ARTICLE
"""
import os
import subprocess
import sys

SKIP = 77


def run(unbake, data):
    p = subprocess.run([unbake], input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    if p.returncode != 0:
        raise SystemExit("unbake exited %d: %s" % (p.returncode,
                                                   p.stderr.decode("utf-8", "replace")))
    return p.stdout


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    unbake, article = sys.argv[1], sys.argv[2]
    if not os.path.isfile(article):
        print("skip: %s not found" % article)
        return SKIP
    with open(article, "rb") as f:
        raw = f.read()

    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)

    out_bytes = run(unbake, raw)
    try:
        out = out_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        print("FAIL: output is not valid UTF-8: %s" % exc)
        return 1
    lines = out.split("\n")
    in_lines = raw.decode("utf-8", "replace").split("\n")

    # 1. No hanzi left except the genuine "sa国际传媒" on the first line.
    genuine = "sa国际传媒"
    check(lines and lines[0].strip() == genuine,
          "first line should stay %r, got %r" % (genuine, lines[0] if lines else None))
    for no, line in enumerate(lines, 1):
        rest = line.replace(genuine, "", 1) if no == 1 else line
        han = [c for c in rest if 0x4E00 <= ord(c) <= 0x9FFF]
        check(not han, "line %d: hanzi remain: %s | %s" % (no, "".join(han), line[:160]))

    # 2. No U+FFFD.
    for no, line in enumerate(lines, 1):
        check("\ufffd" not in line, "line %d: U+FFFD remains: %s" % (no, line[:160]))

    # 3. Balanced curly double quotes on every line.
    for no, line in enumerate(lines, 1):
        o, c = line.count("\u201c"), line.count("\u201d")
        check(o == c, "line %d: %d “ vs %d ”: %s" % (no, o, c, line[:200]))

    # 4. Specific repairs.
    for needle, what in [
        ("\u0421hurch", "“Сhurch” with Cyrillic С (U+0421)"),
        ("Kim\u2019s", "Kim’s"),
        ("(AP) \u2014 Russian", "(AP) — Russian with an em dash"),
        ("\u201caggression,\u201d a", "“aggression,” a"),
    ]:
        check(needle in out, "missing %s" % what)

    # 5. Same number of lines.
    check(len(lines) == len(in_lines),
          "line count %d, input has %d" % (len(lines), len(in_lines)))

    # 6. Idempotent: repairing the output changes nothing.
    again = run(unbake, out_bytes)
    if again != out_bytes:
        a, b = out_bytes.decode("utf-8", "replace").split("\n"), \
            again.decode("utf-8", "replace").split("\n")
        diff = [(i + 1, x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y][:5]
        check(False, "second run changed the output: %r" % diff)

    if failures:
        for f in failures:
            print("FAIL: " + f)
        return 1
    print("ok: %d lines checked" % len(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
