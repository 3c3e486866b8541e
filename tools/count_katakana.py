#!/usr/bin/env python3
"""List the katakana words of a Japanese dictionary for the lost-byte search.

The word list of Japanese (data/lm/ja.words.tsv, tools/count_words.py) comes
from LibreOffice's help and the user interfaces of LibreOffice and Firefox:
its katakana runs are the loanwords of office software (コピー, セル), and
the loanwords of systems text (カーネル, クロック, キュー) are missing, so a
hole in their first letter is filled by whatever the letters next to it
favour (`?ーネル` read as オーネル). The IPA dictionary of MeCab
(mecab-ipadic, unpacked by tools/fetch_lm_sources.sh) lists such words.

Writes data/lm/ja.katakana.tsv: every surface form of the dictionary's CSV
files made only of katakana (ァ..ヺ and the long-vowel mark ー), 2..24
characters, proper nouns left out (Noun.name, Noun.place, Noun.org,
Noun.proper: names are no evidence of a language's words), sorted, with the
lowest cost the dictionary gives it (a MeCab cost: lower is more common).
tools/gen_lm_tables.py adds those the word list lacks to the Japanese word
set one frequency class below the list's rarest: known words, not frequent
ones.
Deterministic: same dictionary, same output.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import count_lm  # noqa: E402  (tool_args, read_versions, write_table, ipadic_rows)

MAX_LEN = 24


def katakana_word(s):
    return 2 <= len(s) <= MAX_LEN and all(0x30A1 <= ord(c) <= 0x30FA or c == "\u30fc" for c in s)


def main():
    args = count_lm.tool_args(__doc__)
    versions = count_lm.read_versions(args.src)
    cost = {}
    for surface, c in count_lm.ipadic_rows(args.src):
        if katakana_word(surface):
            cost[surface] = min(cost.get(surface, c), c)
    rows = sorted(cost.items())
    count_lm.write_table(os.path.join(os.path.normpath(args.out), "ja.katakana.tsv"), [
        "unbake katakana words: katakana-only entries of the IPA dictionary, proper nouns "
        "left out, with their lowest cost (tools/count_katakana.py)",
        "input: mecab-ipadic=%s (BSD-3-Clause + ICOT terms); %d words"
        % (versions.get("mecab-ipadic", "?"), len(rows))], rows)
    print("ja katakana: %d words" % len(rows))


if __name__ == "__main__":
    main()
