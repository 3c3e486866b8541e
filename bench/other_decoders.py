#!/usr/bin/env python3
"""Garble the development set's texts with other decoders than Python's.

The development set (../shared/eval) is made with Python's codecs; real text
is also garbled by glibc's iconv (`iconv -c`: errors ignored) and by
browsers (the WHATWG Encoding Standard's decoders: errors replaced). They
lose bytes differently: glibc drops an unmapped pair whole and keeps the
bytes 80..9F of EUC-KR and EUC-JP as C1 controls; a browser replaces an
unmapped pair whose trail is not ASCII by one U+FFFD. This script takes
the expected text of every utf8-as-<codec>/{strict,ignore,replace} case,
garbles it again with those decoders and writes two case files in the
scorer's format:

    python3 bench/other_decoders.py [--eval ../shared/eval/cases.jsonl] [--out DIR]
    python3 ../shared/eval/score.py DIR/glibc_cases.jsonl -- build/unbake
    python3 ../shared/eval/score.py DIR/whatwg_cases.jsonl -- build/unbake

Needs iconv (glibc) and node (its TextDecoder implements the WHATWG
decoders). The texts are the development set's, so this measures other
decoders, not other documents.
"""
import argparse
import base64
import json
import os
import subprocess

GLIBC = {"gbk": "GBK", "gb18030": "GB18030", "big5": "BIG5", "shift_jis": "SHIFT_JIS",
         "cp932": "CP932", "euc-jp": "EUC-JP", "euc-kr": "EUC-KR", "cp1252": "CP1252",
         "cp1250": "CP1250", "cp1253": "CP1253", "cp1254": "CP1254", "cp1255": "CP1255"}
# WHATWG labels (cp932 is shift_jis there)
WHATWG = {"gbk": "gbk", "gb18030": "gb18030", "big5": "big5", "shift_jis": "shift_jis",
          "euc-jp": "euc-jp", "euc-kr": "euc-kr", "cp1252": "windows-1252",
          "cp1250": "windows-1250", "cp1253": "windows-1253", "cp1254": "windows-1254",
          "cp1255": "windows-1255"}

NODE_DECODE = """
const fs = require('fs');
const jobs = JSON.parse(fs.readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(jobs.map(([label, b64]) =>
    new TextDecoder(label).decode(Buffer.from(b64, 'base64')))));
"""


def originals(path, codecs):
    """(codec, case) for each distinct expected text per codec."""
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            c = json.loads(line)
            cat = c["category"]
            if not cat.startswith("utf8-as-"):
                continue
            codec, mode = cat[len("utf8-as-"):].split("/")
            if codec not in codecs or mode not in ("strict", "ignore", "replace"):
                continue
            if (codec, c["expected"]) in seen:
                continue
            seen.add((codec, c["expected"]))
            yield codec, c


def case(c, producer, codec, mode, garbled):
    out = {"id": c["id"].replace("python", producer), "lang": c["lang"],
           "category": "%s-%s/%s" % (producer, codec, mode), "producer": producer,
           "length": c["length"], "source": c["source"],
           "input": garbled.decode("utf-8", "replace"), "expected": c["expected"]}
    try:
        garbled.decode("utf-8")
    except UnicodeDecodeError:
        out["input_b64"] = base64.b64encode(garbled).decode("ascii")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--eval", default=os.path.join(here, "..", "..", "shared", "eval",
                                                   "cases.jsonl"))
    ap.add_argument("--out", default="/tmp/unbake-other-decoders")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    n = 0
    with open(os.path.join(args.out, "glibc_cases.jsonl"), "w", encoding="utf-8") as fh:
        for codec, c in originals(args.eval, GLIBC):
            raw = c["expected"].encode("utf-8")
            garbled = subprocess.run(["iconv", "-f", GLIBC[codec], "-t", "UTF-8", "-c"],
                                     input=raw, capture_output=True).stdout
            if garbled != raw:
                fh.write(json.dumps(case(c, "glibc", codec, "ignore", garbled),
                                    ensure_ascii=False) + "\n")
                n += 1
    print("glibc:  %d cases" % n)

    todo = list(originals(args.eval, WHATWG))
    jobs = [[WHATWG[codec], base64.b64encode(c["expected"].encode("utf-8")).decode("ascii")]
            for codec, c in todo]
    res = subprocess.run(["node", "-e", NODE_DECODE], input=json.dumps(jobs).encode(),
                         capture_output=True, check=True).stdout
    n = 0
    with open(os.path.join(args.out, "whatwg_cases.jsonl"), "w", encoding="utf-8") as fh:
        for (codec, c), text in zip(todo, json.loads(res)):
            if text != c["expected"]:
                fh.write(json.dumps(case(c, "whatwg", codec, "replace", text.encode("utf-8")),
                                    ensure_ascii=False) + "\n")
                n += 1
    print("whatwg: %d cases" % n)


if __name__ == "__main__":
    main()
