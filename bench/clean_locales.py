#!/usr/bin/env python3
"""False repairs on real clean text: unbake over every gettext catalogue.

    bench/clean_locales.py [--unbake build/unbake] [--locales /usr/share/locale]
                           [--top 3] [--keep-dir DIR]

Every installed message catalogue (`LC_MESSAGES/*.mo`) is human-translated
text in one of ~170 languages, most of them without a model of their own in
unbake. For each language the translated strings holding a non-ASCII
character (and no U+FFFD: a catalogue in a legacy charset read as UTF-8 is
damage, not clean text) are written to one file, unbake repairs it with
`--report=json`, and the script prints a table: language, MB, fix records,
and the most frequent `before -> after (hypothesis)` of each language.

Nearly every record is a false repair. A few catalogues do hold genuine
mojibake (a translator's editor saved `Ã¥` for `å`); those show as repairs
whose `after` is plainly right. Read the top lines, do not only count.

The catalogues depend on the packages installed; compare figures only
between runs on the same machine. Standard library only.
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import tempfile
from typing import Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_inputs import catalogue_strings  # noqa: E402


def gather(locales: str) -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = collections.defaultdict(list)
    for mo in sorted(glob.glob(os.path.join(locales, "*", "LC_MESSAGES", "*.mo"))):
        lang = mo[len(locales):].strip("/").split("/")[0]
        by_lang[lang].extend(v for v in catalogue_strings(mo) if any(ord(c) > 127 for c in v))
    return {k: list(dict.fromkeys(v)) for k, v in by_lang.items() if v}


def report(texts: dict[str, list[str]], unbake: str, top: int, keep_dir: str | None) -> int:
    """Repair each language's texts (one file per language) and print the
    table: languages, MB, fix records, the most frequent records of each.
    Also used by clean_man.py."""
    work = keep_dir or tempfile.mkdtemp(prefix="unbake-clean-")
    os.makedirs(work, exist_ok=True)
    total_mb = total_fix = 0.0
    rows = []
    for lang in sorted(texts):
        data = ("\n".join(texts[lang]) + "\n").encode("utf-8")
        path = os.path.join(work, f"{lang}.txt")
        with open(path, "wb") as f:
            f.write(data)
        with open(path, "rb") as fin:
            p = subprocess.run([unbake, "-q", "--report=json"], stdin=fin,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode not in (0, 1):
            print(f"{lang}: unbake exited {p.returncode}", file=sys.stderr)
            return 1
        fixes = [x for f in json.loads(p.stderr)["files"] for x in f["fixes"]]
        total_mb += len(data) / 1e6
        total_fix += len(fixes)
        if fixes:
            common = collections.Counter(
                f"{x['before']!r} -> {x['after']!r} ({x['hypothesis']})" for x in fixes)
            rows.append((lang, len(data) / 1e6, len(fixes), common.most_common(top)))
    print(f"{len(texts)} languages, {total_mb:.1f} MB, {int(total_fix)} fix records\n")
    print("| language | MB | records | most frequent |")
    print("| --- | ---: | ---: | --- |")
    for lang, mb, n, common in sorted(rows, key=lambda r: -r[2]):
        shown = "; ".join(f"{c}× {t}" for t, c in common).replace("|", "\\|")
        print(f"| {lang} | {mb:.2f} | {n} | {shown} |")
    if not keep_dir:
        for name in os.listdir(work):
            os.unlink(os.path.join(work, name))
        os.rmdir(work)
    return 0


def run(description: str, source: str, default: str, what: str,
        gather_texts: Callable[[str], dict[str, list[str]]]) -> int:
    """The command line of a scan: --unbake, --SOURCE DIR, --top, --keep-dir;
    gather_texts(DIR) gives each language's texts (`what`: their name in
    the error when there are none). Also used by clean_man.py."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--unbake", default="build/unbake")
    ap.add_argument("--" + source, default=default, dest="source")
    ap.add_argument("--top", type=int, default=3, help="most frequent records shown per language")
    ap.add_argument("--keep-dir", help="keep the per-language inputs here")
    args = ap.parse_args()
    texts = gather_texts(args.source)
    if not texts:
        print(f"no {what} under {args.source}", file=sys.stderr)
        return 1
    return report(texts, args.unbake, args.top, args.keep_dir)


if __name__ == "__main__":
    sys.exit(run(__doc__.split("\n")[0], "locales", "/usr/share/locale", "catalogues", gather))
