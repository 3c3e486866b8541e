#!/usr/bin/env python3
"""Make the bundled examples: short texts of our own, garbled by real decoders.

    python3 examples/make_examples.py           # (re)write examples/*.txt and expected/
    python3 examples/make_examples.py --check   # exit 1 if the files are stale
    python3 examples/make_examples.py --run build/unbake
                                                # repair each example, diff with expected/

examples/NAME.txt is the damaged text (stored as UTF-8, as it would be found
in a file or database); examples/expected/NAME.txt is the original. Every
damaged text is produced with Python's own codecs, exactly as described
next to it below. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def utf8_as(text: str, codec: str, errors: str = "strict") -> str:
    """The UTF-8 bytes of `text` decoded with the wrong `codec`."""
    qmark = errors == "qmark"
    out = text.encode("utf-8").decode(codec, "replace" if qmark else errors)
    return out.replace("\ufffd", "?") if qmark else out


EXAMPLES = [
    # (name, how it was damaged, original text, garbling function)
    ("french-cp1252", "UTF-8 read as Windows-1252",
     "Le musée ouvre à neuf heures ; l’entrée est gratuite le premier dimanche du mois.\n"
     "Après la visite, on peut déjeuner au café du jardin, près de la fontaine.\n",
     lambda t: utf8_as(t, "cp1252")),
    ("russian-cp1251", "UTF-8 read as Windows-1251",
     "Поезд отправляется в семь утра, поэтому мы встанем рано.\n"
     "Не забудьте взять с собой зонт: обещают дождь.\n",
     lambda t: utf8_as(t, "cp1251")),
    ("english-gbk-lost-bytes", "UTF-8 read as GBK, undecodable bytes dropped (errors='ignore')",
     "“We’re not closing the library,” the mayor said — “we’re moving it.”\n"
     "The new building opens in May… if the roof is finished in time.\n",
     lambda t: utf8_as(t, "gbk", "ignore")),
    ("japanese-shift_jis", "UTF-8 read as Shift_JIS",
     "ファイルを開けませんでした\nメールを確認してください\n写真を削除しました\n",
     lambda t: utf8_as(t, "shift_jis")),
    ("double-cp1252", "UTF-8 read as Windows-1252, saved as UTF-8, read as Windows-1252 again",
     "Künftig gilt: Größe und Gewicht müssen auf jedem Paket stehen.\n",
     lambda t: utf8_as(utf8_as(t, "cp1252"), "cp1252")),
    ("chinese-gbk-question-marks", "UTF-8 read as GBK, U+FFFD saved back as '?'",
     "文件保存成功\n请检查网络连接\n发送成功\n",
     lambda t: utf8_as(t, "gbk", "qmark")),
]


def build() -> dict[str, bytes]:
    files = {}
    for name, _how, text, garble in EXAMPLES:
        bad = garble(text)
        assert bad != text, name
        files[f"{name}.txt"] = bad.encode("utf-8")
        files[f"expected/{name}.txt"] = text.encode("utf-8")
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description="Make or check the bundled examples.")
    ap.add_argument("--check", action="store_true", help="exit 1 if files are stale")
    ap.add_argument("--run", metavar="BINARY", help="repair every example with BINARY and compare")
    args = ap.parse_args()
    files = build()

    if args.run:
        bad = 0
        for name, how, _text, _g in EXAMPLES:
            with open(os.path.join(HERE, f"{name}.txt"), "rb") as f:
                out = subprocess.run([args.run], stdin=f, stdout=subprocess.PIPE).stdout
            ok = out == files[f"expected/{name}.txt"]
            bad += not ok
            print(f"{'ok  ' if ok else 'DIFF'}  {name:<28} {how}")
        return 1 if bad else 0

    stale = []
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    for rel, data in files.items():
        path = os.path.join(HERE, rel)
        old = open(path, "rb").read() if os.path.exists(path) else None
        if old != data:
            stale.append(rel)
            if not args.check:
                with open(path, "wb") as f:
                    f.write(data)
    if args.check:
        for s in stale:
            print("stale:", s)
        return 1 if stale else 0
    print(f"wrote {len(EXAMPLES)} examples ({len(stale)} files changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
