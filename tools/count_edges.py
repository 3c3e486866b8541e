#!/usr/bin/env python3
"""Count how often each CJK character ends or starts a run of its script.

Reads the LibreOffice help unpacked by tools/fetch_lm_sources.sh (default
/tmp/unbake-lm-src) and writes, for zh-Hans, zh-Hant, ja and ko,
data/lm/<lang>.edges.tsv: per main-script character seen at least MIN_SEEN
times, how often it was followed by a character outside the script (a space,
ASCII, punctuation, a line end) and how often preceded by one, with the
totals. The letter-pair tables hold pairs inside a run only; these say that
Japanese は often ends one (`これは “s///”`) and ま hardly ever (ます).

Main script as in count_lm.py (MAIN): Han for Chinese, Han and kana for
Japanese, Hangul for Korean. Only the LibreOffice help is used, for the
reason given in tools/count_words.py. Deterministic: same inputs, same output.
"""
import os
import sys
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import count_lm  # noqa: E402  (html_text, MAIN, LO_DIRS)

MIN_SEEN = 30


def job(args):
    lang, files = args
    main = count_lm.MAIN[lang]
    seen, ends, starts = Counter(), Counter(), Counter()
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            text = unicodedata.normalize("NFC", count_lm.html_text(fh.read()))
        prev_main = False
        for i, ch in enumerate(text):
            if not main(ord(ch)):
                prev_main = False
                continue
            seen[ch] += 1
            if not prev_main:
                starts[ch] += 1
            nxt = text[i + 1] if i + 1 < len(text) else "\n"
            if not main(ord(nxt)):
                ends[ch] += 1
            prev_main = True
    return lang, seen, ends, starts


def main():
    args = count_lm.tool_args(__doc__)
    versions = count_lm.read_versions(args.src)
    jobs = [(lang, count_lm.lo_help_files(args.src, lang)) for lang in sorted(count_lm.MAIN)]
    jobs = [j for j in jobs if j[1]]
    with ProcessPoolExecutor(max_workers=args.jobs) as ex:
        for lang, seen, ends, starts in ex.map(job, jobs):
            kept = sorted(ch for ch, n in seen.items() if n >= MIN_SEEN)
            pkg = count_lm.lo_help_package(lang)
            count_lm.write_table(os.path.join(os.path.normpath(args.out), lang + ".edges.tsv"), [
                "unbake run edges: main-script characters of %s with how often each "
                "ends / starts a run of the script (tools/count_edges.py)" % lang,
                "input: %s=%s (MPL-2.0); all: seen %d ends %d starts %d"
                % (pkg, versions.get(pkg, "?"), sum(seen.values()), sum(ends.values()),
                   sum(starts.values())),
                "columns: code point, seen, ends, starts"],
                [("%04X" % ord(ch), seen[ch], ends[ch], starts[ch]) for ch in kept])
            print("%-8s %6d characters kept of %6d" % (lang, len(kept), len(seen)))


if __name__ == "__main__":
    main()
