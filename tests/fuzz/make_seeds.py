#!/usr/bin/env python3
"""Regenerate the seed corpora tests/fuzz/corpus/<target>/seed-* (run from
anywhere; files named regress-* are kept: they are saved fuzzer findings).

Seeds: the first 320 bytes of every tests/corpus file, the input files of
the CLI golden cases, and a few hand-made samples (mojibake of several
codecs, layers, lost bytes, invalid and hostile bytes). Small on purpose:
all five corpora together stay well under 200 KB."""
import glob
import hashlib
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
TARGETS = ["fuzz_oneshot", "fuzz_stream", "fuzz_idempotent", "fuzz_valid_utf8",
           "fuzz_fix_coverage"]
CUT = 320


def moji(text, wrong, layers=1):
    b = text.encode()
    for _ in range(layers):
        b = b.decode(wrong, "replace").encode()
    return b


HAND = [
    moji("café crème brûlée — “quoted” naïve\n", "cp1252"),
    moji("Ärger über Öl\n", "cp1252", 2),
    moji("Ärger über Öl\n", "cp1252", 3),
    moji("Žluťoučký kůň úpěl ďábelské ódy\n", "cp1250"),
    moji("Съешь же ещё этих мягких булок\n", "cp1251"),
    moji("中文文本，没有问题。\n", "gbk"),
    moji("日本語のテキストです。\n", "shift_jis"),
    moji("한국어 텍스트\n", "cp949"),
    "中文文本，没有问题。\n".encode().decode("gbk", "ignore").encode(),
    "It’s a “test” – isn’t it?\n".encode().decode("cp1252", "replace").encode(),
    "锟斤拷锟斤拷 烫烫烫 屯屯屯 \ufffd\ufffd\ufffd\n".encode(),
    "鈥溾€濃€攎ixed 鈥 line\n".encode(),
    b"abc \xff\xfe\x80 def caf\xc3\x83\xc2\xa9\n",
    b"overlong \xc0\xaf \xe0\x80\xaf surrogate \xed\xa0\x80 nul \x00 bom \xef\xbb\xbf mid\n",
    b"truncated \xe4\xb8 \xf0\x9f\x98 end \xc3",
    b"\xef\xbb\xbfBOM first caf\xc3\x83\xc2\xa9\r\nCRLF line\r\n",
    "Ã" .encode() * 200,
    ("Ã©" * 50 + "é" * 50).encode(),
]


def main():
    seeds = []
    for path in sorted(glob.glob(os.path.join(TESTS, "corpus", "*", "*.txt"))):
        if path.endswith(".out.txt"):
            continue
        with open(path, "rb") as f:
            seeds.append(f.read(CUT))
    for path in sorted(glob.glob(os.path.join(TESTS, "cli", "cases", "*", "*"))):
        name = os.path.basename(path)
        if name.startswith(("expect", "cmd")) or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            seeds.append(f.read(CUT))
    seeds += HAND
    seen = set()
    for t in TARGETS:
        d = os.path.join(HERE, "corpus", t)
        os.makedirs(d, exist_ok=True)
        for old in glob.glob(os.path.join(d, "seed-*")):
            os.remove(old)
        for s in seeds:
            h = hashlib.sha1(s).hexdigest()[:16]
            with open(os.path.join(d, "seed-" + h), "wb") as f:
                f.write(s)
            seen.add(h)
    print(f"{len(seen)} distinct seeds in {len(TARGETS)} corpora")


if __name__ == "__main__":
    main()
