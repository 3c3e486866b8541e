#!/usr/bin/env python3
"""Garble the development set's texts with other decoders than Python's.

The development set (../shared/eval) is made with Python's codecs; real text
is also garbled by glibc's iconv (`iconv -c`: errors ignored) and by
browsers (the WHATWG Encoding Standard's decoders: errors replaced). They
lose bytes differently: glibc drops an unmapped pair whole and keeps the
bytes 80..9F of EUC-KR and EUC-JP as C1 controls; a browser replaces an
unmapped pair whose trail is not ASCII by one U+FFFD. This script takes
the expected text of every utf8-as-<codec>/{strict,ignore,replace} case,
garbles it again with those decoders; for every mixed/sentence-gbk-ignore
case, garbles the same span (the part where input and expected differ)
with their GBK decoders; for every double/cp1252-gbk and double/gbk-cp1252
case, runs both steps with their decoders; and writes two case files in
the scorer's format (categories <producer>-<codec>/<mode>,
<producer>-sentence-gbk/<mode>, <producer>-double/<a>-<b>):

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

# Node 20's TextDecoder('windows-1252') decodes ISO-8859-1 (0x80..0x9F as C1
# controls), not the WHATWG windows-1252 index; that one is Python's cp1252
# with the five bytes it leaves undefined read as the C1 controls of the
# same value, as the Encoding Standard's index has them.
WHATWG_UNDEFINED_1252 = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def whatwg_windows_1252(data):
    return "".join(chr(b) if b in WHATWG_UNDEFINED_1252 else bytes([b]).decode("cp1252")
                   for b in data)


def whatwg_decode(req):
    """Decode [label, base64] jobs as a browser would: node's TextDecoder,
    but windows-1252 here (see above)."""
    out = [None] * len(req)
    for k, (label, b64) in enumerate(req):
        if label == "windows-1252":
            out[k] = whatwg_windows_1252(base64.b64decode(b64))
    rest = [k for k in range(len(req)) if out[k] is None]
    res = subprocess.run(["node", "-e", NODE_DECODE],
                         input=json.dumps([req[k] for k in rest]).encode(),
                         capture_output=True, check=True).stdout
    for k, text in zip(rest, json.loads(res)):
        out[k] = text
    return out


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


def mixed(path):
    """(case, start, end): the dev cases garbled only in part, with the
    character span of the expected text that was garbled (what is left
    once the prefix and suffix input and expected share are cut off)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            c = json.loads(line)
            if c["category"] != "mixed/sentence-gbk-ignore":
                continue
            e, i = c["expected"], c["input"]
            a = 0
            while a < min(len(e), len(i)) and e[a] == i[a]:
                a += 1
            b = 0
            while b < min(len(e), len(i)) - a and e[-1 - b] == i[-1 - b]:
                b += 1
            yield c, a, len(e) - b


def doubles(path):
    """(steps, case) for the dev's double mojibake through GBK."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            c = json.loads(line)
            if c["category"] in ("double/cp1252-gbk", "double/gbk-cp1252"):
                yield c["category"][len("double/"):].split("-"), c


def case(c, producer, codec, mode, garbled, category=None):
    out = {"id": c["id"].replace("python", producer), "lang": c["lang"],
           "category": category or "%s-%s/%s" % (producer, codec, mode), "producer": producer,
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

    # every job: (case, category, codec, text to garble, steps, prefix, suffix)
    jobs = [(c, None, codec, c["expected"], [codec], "", "")
            for codec, c in originals(args.eval, GLIBC)]
    for c, a, b in mixed(args.eval):
        e = c["expected"]
        jobs.append((c, "sentence-gbk", "gbk", e[a:b], ["gbk"], e[:a], e[b:]))
    for steps, c in doubles(args.eval):
        jobs.append((c, "double/" + "-".join(steps), None, c["expected"], steps, "", ""))

    def write(fh, producer, mode, job, garbled):
        c, kind, codec, text, steps, pre, post = job
        full = pre.encode("utf-8") + garbled + post.encode("utf-8")
        if full == c["expected"].encode("utf-8"):
            return 0
        cat = None
        if kind:
            cat = "%s-%s/%s" % (producer, kind, mode) if kind.startswith("sentence") \
                else "%s-%s" % (producer, kind)
        fh.write(json.dumps(case(c, producer, codec, mode, full, cat), ensure_ascii=False) + "\n")
        return 1

    n = 0
    with open(os.path.join(args.out, "glibc_cases.jsonl"), "w", encoding="utf-8") as fh:
        for job in jobs:
            data = job[3].encode("utf-8")
            for step in job[4]:
                data = subprocess.run(["iconv", "-f", GLIBC[step], "-t", "UTF-8", "-c"],
                                      input=data, capture_output=True).stdout
            n += write(fh, "glibc", "ignore", job, data)
    print("glibc:  %d cases" % n)

    todo = [j for j in jobs if j[2] is None or j[2] in WHATWG]
    texts = [j[3] for j in todo]
    for step in range(2):
        batch = [(k, WHATWG[j[4][step]]) for k, j in enumerate(todo) if step < len(j[4])]
        req = [[label, base64.b64encode(texts[k].encode("utf-8")).decode("ascii")]
               for k, label in batch]
        for (k, _), text in zip(batch, whatwg_decode(req)):
            texts[k] = text
    n = 0
    with open(os.path.join(args.out, "whatwg_cases.jsonl"), "w", encoding="utf-8") as fh:
        for job, text in zip(todo, texts):
            n += write(fh, "whatwg", "replace", job, text.encode("utf-8"))
    print("whatwg: %d cases" % n)


if __name__ == "__main__":
    main()
