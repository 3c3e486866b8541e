#!/usr/bin/env python3
"""False repairs on real clean text: unbake over the installed man pages.

    bench/clean_man.py [--unbake build/unbake] [--man /usr/share/man]
                       [--top 3] [--keep-dir DIR]

The translated man pages (`/usr/share/man/<lang>/`) and the English ones
(`man1`..`man9`) are roff source written by people: headings in capitals,
box-drawing trees of command output, tables, quoted foreign words. Each page
that is valid UTF-8 (pages in a legacy charset are skipped: read as UTF-8
they are damage, not clean text) joins its language's file, unbake repairs
it, and the table of clean_locales.py is printed: language, MB, fix
records, the most frequent `before -> after (hypothesis)`.

Some pages hold genuine mojibake (`Ã³` for `ó` in a translation, `â\\x80\\x94`
for `—`): those records are repairs whose `after` is plainly right. Read
the top lines, do not only count. The pages depend on the packages
installed; compare figures only between runs on the same machine.
Standard library only.
"""

from __future__ import annotations

import glob
import gzip
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clean_locales import run  # noqa: E402


def page_text(path: str) -> str | None:
    """The page as text, None when it is not valid UTF-8 or not text."""
    try:
        with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
            data = f.read()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError):
        return None
    return None if "\0" in text else text


def gather(man: str) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for d in sorted(os.listdir(man)):
        lang = "en" if d.startswith("man") else d
        for path in sorted(glob.glob(os.path.join(man, d, "**", "*"), recursive=True)):
            if not os.path.isfile(path) or os.path.islink(path):
                continue
            text = page_text(path)
            if text and (lang != "en" or any(ord(c) > 127 for c in text)):
                texts.setdefault(lang, []).append(text)
    return texts


if __name__ == "__main__":
    sys.exit(run(__doc__.split("\n")[0], "man", "/usr/share/man", "man pages", gather))
