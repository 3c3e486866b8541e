#!/usr/bin/env python3
"""How much of a text a lossy decoder leaves no trace of.

For the cases of an eval file garbled by Python's codecs
(`utf8-as-<codec>/<mode>`, modes replace, ignore, qmark) or by glibc's
`iconv -c` (`glibc-<codec>/ignore`, bench/other_decoders.py), redo the
garbling so as to learn which bytes of the original UTF-8 the decoder threw
away (Python: an error handler that records them; glibc: iconv through
ctypes, the output of every prefix of the input telling which bytes each
output character was made of), and count per case the characters of the
expected text none of whose bytes reached the output:

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
import ctypes
import ctypes.util
import errno
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


GLIBC_CODEC = {"big5": "BIG5", "euc-kr": "EUC-KR", "euc-jp": "EUC-JP", "gbk": "GBK",
               "gb18030": "GB18030", "shift_jis": "SHIFT_JIS", "cp932": "CP932"}


class Iconv:
    """glibc's iconv, errors skipped as `iconv -c` skips them (//IGNORE)."""

    def __init__(self):
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.libc.iconv_open.restype = ctypes.c_void_p
        self.libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        self.libc.iconv.restype = ctypes.c_size_t
        pp = ctypes.POINTER(ctypes.c_char_p)
        sp = ctypes.POINTER(ctypes.c_size_t)
        self.libc.iconv.argtypes = [ctypes.c_void_p, pp, sp, pp, sp]
        self.cds = {}

    def decode(self, data, codec):
        cd = self.cds.get(codec)
        if cd is None:
            cd = self.libc.iconv_open(b"UTF-8//IGNORE", codec.encode())
            self.cds[codec] = cd
        self.libc.iconv(cd, None, None, None, None)
        inbuf = ctypes.create_string_buffer(data, len(data))
        cap = 4 * len(data) + 16
        outbuf = ctypes.create_string_buffer(cap)
        inp = ctypes.c_char_p(ctypes.addressof(inbuf))
        inleft = ctypes.c_size_t(len(data))
        outp = ctypes.c_char_p(ctypes.addressof(outbuf))
        outleft = ctypes.c_size_t(cap)
        failed = ctypes.c_size_t(-1).value
        while inleft.value > 0:
            before = inleft.value
            if self.libc.iconv(cd, ctypes.byref(inp), ctypes.byref(inleft), ctypes.byref(outp),
                               ctypes.byref(outleft)) != failed:
                break
            if ctypes.get_errno() != errno.EILSEQ:
                break  # EINVAL: a character cut off by the end of the input
            if inleft.value == before:  # stuck on a byte //IGNORE did not skip
                inp = ctypes.c_char_p(ctypes.cast(inp, ctypes.c_void_p).value + 1)
                inleft = ctypes.c_size_t(inleft.value - 1)
        return outbuf.raw[:cap - outleft.value].decode("utf-8")


def glibc_garble(text, codec, iconv):
    """(output, dropped byte offsets) of text's UTF-8 read by glibc as codec:
    output character j was made of the bytes that end where the prefix
    first yields it, as many as the codec writes it with."""
    data = text.encode("utf-8")
    out = iconv.decode(data, codec)
    used, j = set(), 0
    for k in range(1, len(data) + 1):
        got = iconv.decode(data[:k], codec) if j < len(out) else ""
        while j < len(out) and len(got) > j:
            ch = out[j]
            try:
                width = len(ch.encode(codec.lower().replace("-", "_")))
            except UnicodeEncodeError:
                # a C1 control is a byte 80..9F glibc let through alone
                width = 1 if ord(ch) < 0xA0 else 2
            used.update(range(k - width, k))
            j += 1
    return out, set(range(len(data))) - used


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
    iconv = None
    with open(args.cases, encoding="utf-8") as fh:
        for line in fh:
            case = json.loads(line)
            cat = case["category"]
            producer = case.get("producer", "python")
            prefix = {"python": "utf8-as-", "glibc": "glibc-"}.get(producer)
            if not prefix or not cat.startswith(prefix):
                continue
            codec, _, mode = cat[len(prefix):].partition("/")
            if mode not in MODES or codec not in PY_CODEC:
                continue
            if args.codec and codec not in args.codec:
                continue
            expected = case["expected"]
            if producer == "glibc":
                iconv = iconv or Iconv()
                out, gone = glibc_garble(expected, GLIBC_CODEC[codec], iconv)
            else:
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
        print("(%d cases not reproduced by their decoder were skipped)" % mismatched,
              file=sys.stderr)


if __name__ == "__main__":
    main()
