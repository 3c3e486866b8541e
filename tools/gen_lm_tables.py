#!/usr/bin/env python3
"""Generate the plausibility-model tables (C source) from data/lm/*.tsv.

    gen_lm_tables.py [--data DIR] [--out FILE]

Per language: the unigram weights of data/lm/<lang>.tsv become log2 P,
quantized to 4-bit levels (15 equal-width bins between the smallest and the
largest value; each level's value is the mean log2 P of its members; level 0
is the common floor, -24 bits). Dense nibble tables cover U+4E00-U+9FFF
(zh-Hans, zh-Hant, ja), U+3040-U+30FF (ja) and U+AC00-U+D7A3 (ko); every
other code point is in a sorted sparse array. For languages with a
<lang>.bigrams.tsv file, the pairs become an open-addressing hash table of
packed BMP pairs (a << 16 | b; 0 marks an empty slot; power-of-two size at
most half full; slot = (key * 0x9E3779B1) >> (32 - bits), linear probing,
the same function as ub_lm_bigram in src/lm.c) with a bonus in quarter bits: the pointwise mutual information
log2 P(ab) - logp(a) - logp(b) (quantized unigram values), clipped to
[0, 12]; pairs without positive association are dropped. For the
alphabetic languages (a <lang>.letters.tsv file exists) the pairs are
case-folded letters, their weights are parts per billion of all adjacent
letter pairs and the PMI uses the case-folded letter weights of
<lang>.letters.tsv (parts per billion of all letters, ASCII included); the
lookup folds case (bg_fold 1, Turkish 2).

The output is deterministic and depends on nothing but the data files.
"""
import argparse
import math
import os
import sys

LANGS = ["zh-Hans", "zh-Hant", "ja", "ko", "ru", "uk", "bg", "el", "de", "fr",
         "es", "it", "pt", "pl", "cs", "hu", "tr", "vi", "he", "ar", "en"]
FLOOR = -24.0
LEVELS = 16
DENSE = {
    "zh-Hans": [(0x4E00, 0x9FFF)],
    "zh-Hant": [(0x4E00, 0x9FFF)],
    "ja": [(0x3040, 0x30FF), (0x4E00, 0x9FFF)],
    "ko": [(0xAC00, 0xD7A3)],
}
BONUS_MAX = 12.0
HASH_MUL = 0x9E3779B1


def hash_table(pairs):
    """Open-addressing table of (key, q) pairs: (bits, keys, qs). A lookup
    of a pair that is absent costs a probe or two instead of the fifteen
    steps of a binary search over 20,000 keys (the scorer's hottest loop)."""
    bits = 4
    while (1 << bits) < 2 * len(pairs):
        bits += 1
    size = 1 << bits
    keys = [0] * size
    qs = [0] * size
    for key, q in pairs:  # sorted: the layout is deterministic
        assert key != 0
        slot = ((key * HASH_MUL) & 0xFFFFFFFF) >> (32 - bits)
        while keys[slot]:
            slot = (slot + 1) & (size - 1)
        keys[slot] = key
        qs[slot] = q
    return bits, keys, qs


FNV_BASIS = 2166136261
FNV_PRIME = 16777619


def word_hash(word):
    """FNV-1a over the code points of a case-folded word, as src/lm.c
    computes it (ub_lm_word_hash); 0 is the empty slot, so it becomes 1."""
    h = FNV_BASIS
    for ch in word:
        h = ((h ^ ord(ch)) * FNV_PRIME) & 0xFFFFFFFF
    return h or 1


# Greek stress marks and diaeresis dropped from words before hashing, as
# src/lm.c (ub_lm_word_letter) drops them: words in capitals carry none
# (ΑΡΧΕΙΟ is αρχείο).
GREEK_BASE = {"ά": "α", "έ": "ε", "ή": "η", "ί": "ι", "ό": "ο", "ύ": "υ", "ώ": "ω",
              "ΐ": "ι", "ΰ": "υ", "ϊ": "ι", "ϋ": "υ"}


def word_key(word):
    return word_hash("".join(GREEK_BASE.get(c, c) for c in word))


def read_words(path):
    """(entry, count) rows of a word or triple list."""
    words = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            entry, count = line.rstrip("\n").split("\t")[:2]
            words.append((entry, int(count)))
    return words


# A word's (or letter triple's) frequency class: log2 of its share of the
# list's entries, per million, rounded and clipped to 0..15 (a word seen
# twice in 100,000 is 4, Hebrew את, a quarter of a percent, is 15). The
# lost-byte search gives a frequent word more than a rare one: את and מת
# differ by one lost byte. Triples are keyed as words are, Greek stress
# dropped (απόφαση: απο is frequent, από only where the word ends).
WORD_LEVEL_MAX = 15


def word_levels(rows, key):
    counts = {}
    for w, n in rows:
        k = key(w)
        counts[k] = counts.get(k, 0) + n  # forms the key merges (Greek stress)
    total = float(sum(counts.values()))
    return sorted((k, max(0, min(WORD_LEVEL_MAX, int(round(math.log2(n * 1e6 / total))))))
                  for k, n in counts.items())


EDGE_MAX = 8.0


def read_edges(path):
    """Run-edge values of a CJK model (tools/count_edges.py): per character,
    log2 of how much likelier than the average character it is to end a
    run of its script (and to start one), in quarter bits, clipped."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cp, seen, ends, starts = line.split("\t")
            rows.append((int(cp, 16), int(seen), int(ends), int(starts)))
    seen_all = float(sum(r[1] for r in rows))
    p_end = sum(r[2] for r in rows) / seen_all
    p_start = sum(r[3] for r in rows) / seen_all
    q = lambda n, seen, p: int(round(4 * max(-EDGE_MAX, min(EDGE_MAX,
                                   math.log2((n + 0.5) / (seen + 1.0) / p)))))
    return [(cp, q(e, n, p_end), q(st, n, p_start)) for cp, n, e, st in sorted(rows)]


def emit_hash_set(out, name, path, key, levels=None, extra=None):
    """The hash set of the entries of a word or triple list (if the file
    exists) as C array `name`; with `levels`, also each entry's frequency
    class (word_levels) as byte array `levels`, slot for slot. The words of
    list `extra` (if that file exists) that the list lacks join it one class
    below its rarest (tools/count_katakana.py). Returns (entries, log2 slots),
    (0, 0) if none."""
    if not os.path.exists(path):
        return 0, 0
    rows = read_words(path)
    pairs = word_levels(rows, key) if levels else sorted(set((key(w), 0) for w, _ in rows))
    if levels and extra and os.path.exists(extra):
        have = set(k for k, _ in pairs)
        rarest = max(0, min(q for _, q in pairs) - 1)
        pairs = sorted(pairs + sorted(set((key(w), rarest) for w, _ in read_words(extra)
                                          if key(w) not in have)))
    bits, keys, qs = hash_table(pairs)
    emit_u32(out, name, keys)
    if levels:
        emit_bytes(out, levels, qs)
    return len(pairs), bits


def read_tsv(path, ncols):
    rows, header = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                continue
            if line.startswith("#"):
                header.append(line[1:].strip())
                continue
            p = line.split("\t")
            if len(p) != ncols:
                sys.exit("%s: bad line %r" % (path, line))
            rows.append(tuple(int(x, 16) for x in p[:-1]) + (int(p[-1]),))
    return header, rows


def quantize(logs):
    """Map {cp: log2 P} to ({cp: level 1..15}, [16 level values])."""
    lo, hi = min(logs.values()), max(logs.values())
    width = (hi - lo) / (LEVELS - 1) or 1.0
    level = {}
    members = [[] for _ in range(LEVELS)]
    for cp in sorted(logs):
        q = 1 + min(LEVELS - 2, int((logs[cp] - lo) / width))
        level[cp] = q
        members[q].append(logs[cp])
    vals = [FLOOR]
    for q in range(1, LEVELS):
        if members[q]:
            v = sum(members[q]) / len(members[q])
        else:
            v = lo + (q - 0.5) * width
        vals.append(max(v, FLOOR + 1.0))
    return level, vals


def c_float(v):
    return "%.4ff" % v


def emit_bytes(out, name, data, per_line=24):
    out.append("static const uint8_t %s[%d] = {" % (name, len(data)))
    for i in range(0, len(data), per_line):
        out.append("    " + ",".join("%d" % b for b in data[i:i + per_line]) + ",")
    out.append("};")


def emit_u32(out, name, data, per_line=8):
    out.append("static const uint32_t %s[%d] = {" % (name, len(data)))
    for i in range(0, len(data), per_line):
        out.append("    " + ",".join("0x%XU" % v for v in data[i:i + per_line]) + ",")
    out.append("};")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(here, "..", "data", "lm"))
    ap.add_argument("--out", default="lm_tables.c")
    args = ap.parse_args()

    out = []
    out.append("/* GENERATED by tools/gen_lm_tables.py from data/lm/<lang>.tsv -- DO NOT EDIT.")
    out.append(" *")
    out.append(" * Plausibility model: per-language log2 P of non-ASCII characters, 4-bit")
    out.append(" * levels, common floor -24; bigram (CJK) and letter-pair bonuses; frequent")
    out.append(" * words and letter triples as hashes; CJK run edges. Sources and licences:")
    out.append(" * data/SOURCES.md (\"Plausibility model\").")
    first_header = None
    models = []
    for li, lang in enumerate(LANGS):
        header, rows = read_tsv(os.path.join(args.data, lang + ".tsv"), 2)
        if first_header is None:
            first_header = header
        total = float(sum(r[1] for r in rows))
        logs = {cp: math.log2(w / total) for cp, w in rows}
        level, vals = quantize(logs)
        ident = "m%d" % li
        dense = []
        for di, (a, b) in enumerate(DENSE.get(lang, [])):
            n = b - a + 1
            nib = [level.get(cp, 0) for cp in range(a, b + 1)]
            if n % 2:
                nib.append(0)
            packed = [nib[i] | (nib[i + 1] << 4) for i in range(0, len(nib), 2)]
            emit_bytes(out, "%s_d%d" % (ident, di), packed)
            dense.append((a, n, "%s_d%d" % (ident, di)))
        in_dense = lambda cp: any(a <= cp < a + n for a, n, _ in dense)
        sparse = sorted(cp for cp in level if not in_dense(cp))
        emit_u32(out, ident + "_scp", sparse)
        emit_bytes(out, ident + "_slv", [level[cp] for cp in sparse])
        if dense:
            out.append("static const ub_lm_dense %s_dense[%d] = {" % (ident, len(dense)))
            for a, n, nm in dense:
                out.append("    {0x%XU, %dU, %s}," % (a, n, nm))
            out.append("};")
        # bigrams
        nbg = 0
        fold = 0
        bpath = os.path.join(args.data, lang + ".bigrams.tsv")
        lpath = os.path.join(args.data, lang + ".letters.tsv")
        if os.path.exists(bpath):
            _, brows = read_tsv(bpath, 3)
            if os.path.exists(lpath):
                _, lrows = read_tsv(lpath, 2)
                lw = {cp: math.log2(w / 1e9) for cp, w in lrows}
                btotal = 1e9
                qv = lambda cp: lw[cp]
                fold = 2 if lang == "tr" else 1
            else:
                btotal = float(sum(r[2] for r in brows))
                qv = lambda cp: vals[level.get(cp, 0)]
            pairs = []
            for a, b, w in brows:
                if a > 0xFFFF or b > 0xFFFF:
                    continue
                pmi = math.log2(w / btotal) - qv(a) - qv(b)
                q = int(round(min(pmi, BONUS_MAX) * 4))
                if q >= 1:
                    pairs.append(((a << 16) | b, q))
            pairs.sort()
            nbg = len(pairs)
            bg_bits, keys, qs = hash_table(pairs)
            emit_u32(out, ident + "_bgk", keys)
            emit_bytes(out, ident + "_bgq", qs)
        # frequent words and letter triples (tools/count_words.py): hash sets
        nwd, wd_bits = emit_hash_set(out, ident + "_wdk",
                                     os.path.join(args.data, lang + ".words.tsv"), word_key,
                                     ident + "_wdq",
                                     os.path.join(args.data, lang + ".katakana.tsv"))
        ntg, tg_bits = emit_hash_set(out, ident + "_tgk",
                                     os.path.join(args.data, lang + ".trigrams.tsv"), word_key,
                                     ident + "_tgq")
        # run edges (CJK): sorted code points, signed quarter bits
        ned = 0
        epath = os.path.join(args.data, lang + ".edges.tsv")
        if os.path.exists(epath):
            edges = read_edges(epath)
            ned = len(edges)
            emit_u32(out, ident + "_edc", [cp for cp, _, _ in edges])
            emit_bytes(out, ident + "_ede", [q & 0xFF for _, q, _ in edges])
            emit_bytes(out, ident + "_eds", [q & 0xFF for _, _, q in edges])
        # blocks of 256 code points holding any known character: a lookup
        # outside them is the floor without searching (a hanzi under a
        # European model)
        blk = [0] * (0x110000 >> 11)
        for cp in level:
            blk[cp >> 11] |= 1 << ((cp >> 8) & 7)
        emit_bytes(out, ident + "_blk", blk)
        models.append((lang, ident, vals, dense, len(sparse), nbg, bg_bits if nbg else 0, fold,
                       nwd, wd_bits, ned, ntg, tg_bits))
        print("%-8s sparse %5d  dense %s  bigrams %5d  words %5d  levels %s" %
              (lang, len(sparse), [n for _, n, _ in dense], nbg, nwd,
               " ".join("%.1f" % v for v in vals[1:])), file=sys.stderr)

    out.append("")
    out.append("const ub_lm_model ub_lm_models[%d] = {" % len(models))
    for lang, ident, vals, dense, nsp, nbg, bg_bits, fold, nwd, wd_bits, ned, ntg, tg_bits in models:
        out.append("    {\"%s\"," % lang)
        out.append("     {" + ", ".join(c_float(v) for v in vals[:8]) + ",")
        out.append("      " + ", ".join(c_float(v) for v in vals[8:]) + "},")
        out.append("     %s, %d," % ((ident + "_dense") if dense else "NULL", len(dense)))
        out.append("     %s_scp, %s_slv, %d," % (ident, ident, nsp))
        if nbg:
            out.append("     %s_bgk, %s_bgq, %d, %d, %d, %s_blk," %
                       (ident, ident, nbg, bg_bits, fold, ident))
        else:
            out.append("     NULL, NULL, 0, 0, 0, %s_blk," % ident)
        if nwd:
            out.append("     %s_wdk, %s_wdq, %d, %d," % (ident, ident, nwd, wd_bits))
        else:
            out.append("     NULL, NULL, 0, 0,")
        if ned:
            out.append("     %s_edc, (const int8_t *)%s_ede, (const int8_t *)%s_eds, %d," %
                       (ident, ident, ident, ned))
        else:
            out.append("     NULL, NULL, NULL, 0,")
        if ntg:
            out.append("     %s_tgk, %s_tgq, %d, %d}," % (ident, ident, ntg, tg_bits))
        else:
            out.append("     NULL, NULL, 0, 0},")
    out.append("};")
    out.append("const int ub_lm_model_count = %d;" % len(models))

    # header comment with the source versions (wrapped)
    notes = [" *"]
    for h in first_header or []:
        if h.startswith("inputs:"):
            words = h.split()
            line = " * "
            for w in words:
                if len(line) + len(w) + 1 > 78:
                    notes.append(line.rstrip())
                    line = " *   "
                line += w + " "
            notes.append(line.rstrip())
    notes.append(" */")
    notes.append("#include <stddef.h>")
    notes.append("#include <stdint.h>")
    notes.append("#include \"lm.h\"")
    notes.append("")
    out[6:6] = notes
    text = "\n".join(out) + "\n"
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
