#!/usr/bin/env python3
"""How much of a text a lossy decoder leaves no trace of.

For the `utf8-as-<codec>/<mode>` cases of an eval file whose garbling
Python's codecs made (producer `python`; modes replace, ignore, qmark),
redo the garbling with an error handler that records which bytes of the
original UTF-8 the decoder threw away, and count per case the characters
of the expected text none of whose bytes reached the output:

  gone   every byte of the character was dropped (in `ignore` mode nothing
         at all marks where it stood; in `replace`/`qmark` a mark does, but
         nothing of the character itself is left to read);
  thin   two or more of its bytes were dropped, one survives (a three-byte
         character then has 4096 completions, a two-byte one 64).

A repair can only bring back a `gone` character by guessing it from the
words around it, so the mean share of `gone` characters per case (CER is
edit distance over the expected length, averaged over cases) is what an
`ignore`-mode repair scores when it restores everything else and guesses no
lost character: a floor for any repair that does not invent text. With
--results (score.py --json), our CER is shown beside it.

Usage: bench/loss_floor.py CASES.jsonl [--results RESULTS.json] [--codec big5 ...]
"""
import argparse
import codecs
import collections
import json
import sys

MODES = {"ignore": "", "replace": "\ufffd", "qmark": "?"}
# eval category codec names -> Python codec names
PY_CODEC = {"big5": "big5", "euc-jp": "euc_jp", "euc-kr": "euc_kr", "gbk": "gbk",
            "gb18030": "gb18030", "shift_jis": "shift_jis", "cp932": "cp932"}

_dropped = []


def _record(err):
    _dropped.append((err.start, err.end))
    return (_record.mark, err.end)


_record.mark = ""
codecs.register_error("unbake-record", _record)


def garble(text, codec, mode):
    """(output, set of dropped byte offsets) of text's UTF-8 read as codec."""
    _dropped.clear()
    _record.mark = MODES[mode]
    out = text.encode("utf-8").decode(codec, "unbake-record")
    if mode == "qmark":
        out = out.replace("\ufffd", "?")
    gone = set()
    for start, end in _dropped:
        gone.update(range(start, end))
    return out, gone


def char_losses(text, gone):
    """(chars with no byte left, chars with one byte left of three or more)."""
    pos = n_gone = n_thin = 0
    for ch in text:
        n = len(ch.encode("utf-8"))
        lost = sum(1 for p in range(pos, pos + n) if p in gone)
        if lost == n:
            n_gone += 1
        elif n >= 3 and lost >= 2:
            n_thin += 1
        pos += n
    return n_gone, n_thin


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("cases")
    ap.add_argument("--results", help="score.py --json output, for our CER beside the floor")
    ap.add_argument("--codec", action="append", help="only these codecs (eval names)")
    args = ap.parse_args()
    ours = {}
    if args.results:
        with open(args.results, encoding="utf-8") as fh:
            ours = {r["id"]: r["cer_after"] for r in json.load(fh)["results"]}
    rows = collections.OrderedDict()
    mismatched = 0
    with open(args.cases, encoding="utf-8") as fh:
        for line in fh:
            case = json.loads(line)
            cat = case["category"]
            if not cat.startswith("utf8-as-") or case.get("producer", "python") != "python":
                continue
            codec, _, mode = cat[len("utf8-as-"):].partition("/")
            if mode not in MODES or codec not in PY_CODEC:
                continue
            if args.codec and codec not in args.codec:
                continue
            expected = case["expected"]
            out, gone = garble(expected, PY_CODEC[codec], mode)
            if out != case["input"]:  # made some other way: not ours to judge
                mismatched += 1
                continue
            n_gone, n_thin = char_losses(expected, gone)
            length = max(1, len(expected))
            row = rows.setdefault(cat, {"n": 0, "gone": 0.0, "thin": 0.0, "ours": 0.0, "scored": 0})
            row["n"] += 1
            row["gone"] += n_gone / length
            row["thin"] += n_thin / length
            if case["id"] in ours:
                row["ours"] += ours[case["id"]]
                row["scored"] += 1
    print("| category | cases | chars gone (mean per case) | chars thin | our CER |")
    print("|---|---:|---:|---:|---:|")
    for cat, row in sorted(rows.items()):
        our = "%.4f" % (row["ours"] / row["scored"]) if row["scored"] else "-"
        print("| %s | %d | %.4f | %.4f | %s |" % (cat, row["n"], row["gone"] / row["n"],
                                                 row["thin"] / row["n"], our))
    if mismatched:
        print("(%d cases not reproduced by Python's codecs were skipped)" % mismatched,
              file=sys.stderr)


if __name__ == "__main__":
    main()
