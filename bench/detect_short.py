#!/usr/bin/env python3
"""Detection of raw legacy input on short samples: unbake against uchardet.

    bench/detect_short.py [--unbake build/unbake] [--per 60] [--seed 1]

Samples are cut from our own clean sentences (tests/corpus/keep/clean-*.txt),
encoded with Python's codecs into a legacy encoding, and cut to 10-30 bytes
at character boundaries; each holds at least two non-ASCII characters (a
sample of plain ASCII needs no detection). For every sample:

  - unbake is right when its output is exactly the sample's text (it decodes
    raw input itself; there is no separate "detect" command);
  - uchardet (Debian package `uchardet`) is right when the encoding it names
    decodes the bytes to exactly the same text (so GB18030 for GBK bytes, or
    WINDOWS-1252 for ISO-8859-1 bytes, count as right).

Prints a markdown table: accuracy per encoding and length band, both tools.
Standard library only; uchardet is skipped (n/a) when not installed.
"""

from __future__ import annotations

import argparse
import codecs
import os
import random
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
KEEP = os.path.join(REPO, "tests", "corpus", "keep")

# encoding -> corpus files whose text it can hold
ENCODINGS = {
    "cp1252": ["clean-fr.txt", "clean-de.txt", "clean-es.txt", "clean-pt.txt"],
    "iso-8859-2": ["clean-cs.txt", "clean-pl.txt"],
    "cp1251": ["clean-ru.txt"],
    "koi8-r": ["clean-ru.txt"],
    "cp1253": ["clean-el.txt"],
    "cp1254": ["clean-tr.txt"],
    "gbk": ["clean-zh_CN.txt"],
    "big5": ["clean-zh_TW.txt"],
    "shift_jis": ["clean-ja.txt"],
    "euc-jp": ["clean-ja.txt"],
    "euc-kr": ["clean-ko.txt"],
}
BANDS = [(10, 15), (16, 22), (23, 30)]


def samples(enc: str, files: list[str], per: int, rng: random.Random) -> list[tuple[bytes, str, int]]:
    text = ""
    for f in files:
        with open(os.path.join(KEEP, f), encoding="utf-8") as fh:
            text += fh.read().replace("\n", " ")
    out = []
    tries = 0
    while len(out) < per * len(BANDS) and tries < 100000:
        tries += 1
        lo, hi = BANDS[len(out) // per]
        want = rng.randint(lo, hi)
        start = rng.randrange(0, max(1, len(text) - 40))
        chars, data = [], b""
        for ch in text[start:]:
            try:
                b = ch.encode(enc)
            except UnicodeEncodeError:
                break
            if len(data) + len(b) > want:
                break
            chars.append(ch)
            data += b
        s = "".join(chars)
        if len(data) < lo or sum(ord(c) > 127 for c in s) < 2:
            continue
        out.append((data, s, len(data)))
    return out


def uchardet_right(data: bytes, truth: str) -> bool | None:
    if not shutil.which("uchardet"):
        return None
    p = subprocess.run(["uchardet"], input=data, capture_output=True)
    name = p.stdout.decode().strip()
    try:
        codecs.lookup(name)
        return data.decode(name) == truth
    except (LookupError, UnicodeDecodeError, ValueError):
        return False


def unbake_right(binary: str, data: bytes, truth: str) -> bool:
    p = subprocess.run([binary, "-q"], input=data, capture_output=True)
    return p.stdout == truth.encode("utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--unbake", default=os.path.join(REPO, "build", "unbake"))
    ap.add_argument("--per", type=int, default=60, help="samples per encoding and band")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    have_u = shutil.which("uchardet") is not None
    print(f"samples: {args.per} per encoding and length band; uchardet: "
          f"{'installed' if have_u else 'not installed (n/a)'}\n")
    print("| encoding | bytes | samples | unbake | uchardet |")
    print("| --- | --- | ---: | ---: | ---: |")
    tot = [0, 0, 0]
    for enc, files in ENCODINGS.items():
        ss = samples(enc, files, args.per, rng)
        for lo, hi in BANDS:
            band = [x for x in ss if lo <= x[2] <= hi]
            if not band:
                continue
            u = sum(unbake_right(args.unbake, d, t) for d, t, _ in band)
            c = sum(bool(uchardet_right(d, t)) for d, t, _ in band) if have_u else None
            tot[0] += len(band)
            tot[1] += u
            tot[2] += c or 0
            cs = f"{100 * c / len(band):.1f}%" if c is not None else "n/a"
            print(f"| {enc} | {lo}-{hi} | {len(band)} | {100 * u / len(band):.1f}% | {cs} |")
    cs = f"{100 * tot[2] / tot[0]:.1f}%" if have_u else "n/a"
    print(f"| **all** | 10-30 | {tot[0]} | {100 * tot[1] / tot[0]:.1f}% | {cs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
