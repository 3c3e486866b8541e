#!/usr/bin/env python3
"""Generate the plausibility-model tables (C source) from data/lm/*.tsv.

    gen_lm_tables.py [--data DIR] [--out FILE]

Per language: the unigram weights of data/lm/<lang>.tsv become log2 P,
quantized to 4-bit levels (15 equal-width bins between the smallest and the
largest value; each level's value is the mean log2 P of its members; level 0
is the common floor, -24 bits). Dense nibble tables cover U+4E00-U+9FFF
(zh-Hans, zh-Hant, ja), U+3040-U+30FF (ja) and U+AC00-U+D7A3 (ko); every
other code point is in a sorted sparse array (uint16 in the BMP, the few
above it apart). For languages with a <lang>.bigrams.tsv file, the pairs
(BMP letters) become a static set (static_set below) keyed by the letters'
ranks in the model's pair alphabet (alpha_map), with a bonus in quarter
bits: the pointwise mutual information log2 P(ab) - logp(a) - logp(b)
(quantized unigram values), clipped to [0, 12]; pairs without positive
association are dropped. For the alphabetic languages (a <lang>.letters.tsv
file exists) the pairs are case-folded letters, their weights are parts per
billion of all adjacent letter pairs and the PMI uses the case-folded letter
weights of <lang>.letters.tsv (parts per billion of all letters, ASCII
included); the lookup folds case (bg_fold 1, Turkish 2). Frequent words
(<lang>.words.tsv) are a static set of their 32-bit hashes (word_key, as
src/lm.c's callers hash them), letter triples (<lang>.trigrams.tsv) one
keyed by their letters' ranks; both with a frequency class (word_levels).
Every set is exact: it answers each key as a table of the keys themselves
would, in about 3 bytes an entry.

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


# ---- static sets -------------------------------------------------------
# Every table of pairs, words and triples is a static set of keys, each with
# a small value (a bonus or a frequency class), laid out as src/lm.c
# (set_find) reads it:
#   x = key * mul mod 2^kbits   a bijection of [0, 2^kbits): the set holds
#                               x exactly, so it answers every key exactly
#   bucket = x >> rbits, rem = x & (2^rbits - 1)
#   entries sorted by x; each entry rbits of rem then vbits of value,
#   packed LSB first at a fixed width (read as one little-endian load)
#   buckets in groups of 16: per group a uint64 of the 16 buckets' entry
#   counts (4 bits each) and a uint16 index of the group's first entry, so
#   a bucket's first entry is the group's base plus the counts below it
# A lookup reads two directory words and scans ~3.5 entries, sorted, so
# an absent key stops early. The open-addressing tables this replaces kept
# a whole uint32 key per slot with half the slots empty: 11-14 bytes per
# entry against about 3 here (the bucket index is not stored again, and
# pairs and triples are keyed by their letters' ranks, not 32-bit codes).
SET_GROUP = 16
SET_COUNT_MAX = 15      # a bucket's count is a nibble
SET_PER_BUCKET = 3.5    # about the smallest layout: 5 directory bits per
                        # bucket against the remainder bit a doubling costs
HASH_MUL = 0x9E3779B1   # 2^32 / phi; multiples of it if a bucket overflows


def static_set(pairs, kbits, vbits):
    """(key, value) pairs, keys distinct and below 2^kbits, values below
    2^vbits -> the set's fields (see above), or None when empty. Of the two
    bucket counts (powers of two) around SET_PER_BUCKET entries a bucket the
    smaller layout, each with the first multiplier (HASH_MUL times 1, 3,
    5, ...) whose buckets all fit a nibble: the layout depends on nothing
    but the pairs."""
    n = len(pairs)
    if n == 0:
        return None
    assert n <= 0xFFFF and len(set(k for k, _ in pairs)) == n
    assert all(0 <= k < (1 << kbits) and 0 <= v < (1 << vbits) for k, v in pairs)
    best = None
    ideal = math.log2(n / SET_PER_BUCKET)
    for bbits in sorted(set(max(0, min(kbits, b)) for b in (math.floor(ideal), math.ceil(ideal)))):
        st = set_layout(pairs, kbits, vbits, bbits)
        size = 10 * len(st["cnt"]) + len(st["ent"])
        if best is None or size < best[0]:
            best = (size, st)
    return best[1]


def set_layout(pairs, kbits, vbits, bbits):
    """static_set with 2^bbits buckets."""
    n = len(pairs)
    kmask = (1 << kbits) - 1
    for attempt in range(10000):
        mul = (HASH_MUL * (2 * attempt + 1)) & 0xFFFFFFFF
        rbits = kbits - bbits
        xs = sorted(((k * mul) & kmask, v) for k, v in pairs)
        counts = [0] * (1 << bbits)
        for x, _ in xs:
            counts[x >> rbits] += 1
        if max(counts) <= SET_COUNT_MAX:
            break
    else:
        sys.exit("static_set: no layout fits")
    ngroups = (len(counts) + SET_GROUP - 1) // SET_GROUP
    cnt, base, seen = [], [], 0
    for g in range(ngroups):
        word = 0
        base.append(seen)
        for j, c in enumerate(counts[g * SET_GROUP:(g + 1) * SET_GROUP]):
            word |= c << (4 * j)
            seen += c
        cnt.append(word)
    ebits = rbits + vbits
    assert ebits <= 57  # one 8-byte load at any bit offset
    acc = 0
    for i, (x, v) in enumerate(xs):
        acc |= ((x & ((1 << rbits) - 1)) | (v << rbits)) << (i * ebits)
    ent = list(acc.to_bytes((n * ebits + 7) // 8 + 8, "little"))  # 8: the last load
    return {"mul": mul, "kbits": kbits, "rbits": rbits, "vbits": vbits, "n": n,
            "cnt": cnt, "base": base, "ent": ent}


def emit_set(out, name, st):
    """The arrays of static set `st` as <name>c, <name>b, <name>e; returns
    the initializer of its ub_lm_set."""
    if st is None:
        return "{NULL, NULL, NULL, 0U, 0, 0, 0, 0}"
    emit_u64(out, name + "c", st["cnt"])
    emit_u16(out, name + "b", st["base"])
    emit_bytes(out, name + "e", st["ent"])
    return "{%sc, %sb, %se, 0x%XU, %d, %d, %d, %d}" % (
        name, name, name, st["mul"], st["kbits"], st["rbits"], st["vbits"], st["n"])


def alpha_map(chars):
    """A model's letters (BMP code points) for the pair or triple keys: a
    letter's rank among them. Per page of 256 code points that holds any:
    four uint64 bitmaps and, per bitmap, the letters before it (uint16); a
    byte index over the pages from the first to the last that hold any
    (1 + the page's place, 0: none) finds the page. A letter's rank is its
    bitmap's count plus the bits below it."""
    chars = sorted(set(chars))
    assert all(c <= 0xFFFF for c in chars) and len(chars) <= 0xFFFF
    pages = sorted(set(c >> 8 for c in chars))
    page0 = pages[0] if pages else 0
    index = [0] * (pages[-1] - page0 + 1 if pages else 0)
    for i, pg in enumerate(pages):
        index[pg - page0] = i + 1
    bits = [0] * (4 * len(pages))
    for c in chars:
        bits[4 * (index[(c >> 8) - page0] - 1) + ((c >> 6) & 3)] |= 1 << (c & 63)
    rank, seen = [], 0
    for w in bits:
        rank.append(seen)
        seen += bin(w).count("1")
    return {"n": len(chars), "page0": page0, "index": index, "bits": bits, "rank": rank,
            "of": {c: i for i, c in enumerate(chars)}}


def emit_alpha(out, name, al):
    """The arrays of alpha_map `al` as <name>i, <name>m, <name>r; returns the
    initializer of its ub_lm_alpha."""
    if al is None or al["n"] == 0:
        return "{NULL, NULL, NULL, 0, 0, 0}"
    emit_bytes(out, name + "i", al["index"])
    emit_u64(out, name + "m", al["bits"])
    emit_u16(out, name + "r", al["rank"])
    return "{%si, %sm, %sr, %d, %d, %d}" % (name, name, name, al["n"], al["page0"],
                                            len(al["index"]))


def key_bits(universe):
    """Bits of a key below `universe` (at least 1)."""
    return max(1, (universe - 1).bit_length())


FNV_BASIS = 2166136261
FNV_PRIME = 16777619


def word_hash(word):
    """FNV-1a over the code points of a case-folded word, as src/lm.c
    computes it (ub_lm_word_hash); 0 becomes 1, as ub_lm_word_level looks
    it up (0 was the empty slot of the hash tables before the static sets)."""
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


# Korean pairs across a space (tools/count_words.py, <lang>.spaced.tsv): the
# last syllable of a word and the first of the next. Their association is
# log2 of the pair's count over the count expected were the two independent
# (the syllables' counts as last and as first, over all pairs), SPACED_PRIOR
# added to both (a pair seen twice where 0.1 were expected is no evidence
# worth a bit): `을 사` +1.8 bits, `의 사` -1.5. Quarter bits, clipped to
# +-SPACED_MAX; stored plus SPACED_ZERO (a set holds values 0..63). A pair
# the list lacks was seen less than twice: src/lm.c takes its count as 0,
# from the syllables' counts, kept per syllable as quarter bits of log2
# (count / sqrt(pairs)).
SPACED_PRIOR = 4.0
SPACED_MAX = 7.75
SPACED_ZERO = 32


def spaced_pairs(path):
    """(pairs (a, b, quarter bits), {syllable: (last, first) quarter bits})
    of a spaced-pair list, or ([], {}) when the file does not exist."""
    if not os.path.exists(path):
        return [], {}
    _, rows = read_tsv(path, 3)
    rows = [r for r in rows if r[0] <= 0xFFFF and r[1] <= 0xFFFF]
    last, first = {}, {}
    for a, b, n in rows:
        last[a] = last.get(a, 0) + n
        first[b] = first.get(b, 0) + n
    total = float(sum(n for _, _, n in rows))
    pairs = []
    for a, b, n in rows:
        expected = last[a] * first[b] / total
        bits = math.log2((n + SPACED_PRIOR) / (expected + SPACED_PRIOR))
        pairs.append((a, b, int(round(4 * max(-SPACED_MAX, min(SPACED_MAX, bits))))))
    q = lambda n: int(round(4 * math.log2(n / math.sqrt(total)))) if n else -128
    margins = {c: (q(last.get(c, 0)), q(first.get(c, 0))) for c in set(last) | set(first)}
    assert all(-128 <= v <= 127 for m in margins.values() for v in m)
    return pairs, margins


def word_set(path, extra=None):
    """The static set of a word list's hashes (word_key) with each word's
    frequency class (word_levels), or None if the file does not exist. The
    words of list `extra` (if that file exists) that the list lacks join it
    one class below its rarest (tools/count_katakana.py)."""
    if not os.path.exists(path):
        return None
    pairs = word_levels(read_words(path), word_key)
    if extra and os.path.exists(extra):
        have = set(k for k, _ in pairs)
        rarest = max(0, min(q for _, q in pairs) - 1)
        pairs = sorted(pairs + sorted(set((word_key(w), rarest) for w, _ in read_words(extra)
                                          if word_key(w) not in have)))
    return static_set(pairs, 32, 4)


def greek_base(s):
    return "".join(GREEK_BASE.get(c, c) for c in s)


def triple_set(path):
    """(alpha_map, static set) of a list of letter triples, or (None, None)
    if the file does not exist: a triple's key is its letters' ranks in the
    map as digits, (r0 * n + r1) * n + r2, exact in n^3 keys where a 32-bit
    hash would need 32 bits of each (Greek stress dropped, as words)."""
    if not os.path.exists(path):
        return None, None
    rows = [(greek_base(t), n) for t, n in read_words(path)]
    assert all(len(t) == 3 for t, _ in rows)
    al = alpha_map(ord(c) for t, _ in rows for c in t)
    n = al["n"]
    assert n ** 3 <= 1 << 32
    of = al["of"]
    key = lambda t: (of[ord(t[0])] * n + of[ord(t[1])]) * n + of[ord(t[2])]
    return al, static_set(word_levels(rows, key), key_bits(n ** 3), 4)


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


def emit_u16(out, name, data, per_line=12):
    out.append("static const uint16_t %s[%d] = {" % (name, len(data)))
    for i in range(0, len(data), per_line):
        out.append("    " + ",".join("%dU" % v for v in data[i:i + per_line]) + ",")
    out.append("};")


def emit_u64(out, name, data, per_line=4):
    out.append("static const uint64_t %s[%d] = {" % (name, len(data)))
    for i in range(0, len(data), per_line):
        out.append("    " + ",".join("0x%XULL" % v for v in data[i:i + per_line]) + ",")
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
        # (a uint16 each: all but a handful are in the BMP)
        bmp = [cp for cp in sparse if cp <= 0xFFFF]
        above = [cp for cp in sparse if cp > 0xFFFF]
        emit_u16(out, ident + "_scp", bmp)
        emit_bytes(out, ident + "_slv", [level[cp] for cp in bmp])
        if above:
            emit_u32(out, ident + "_sxc", above)
            emit_bytes(out, ident + "_sxl", [level[cp] for cp in above])
        if dense:
            out.append("static const ub_lm_dense %s_dense[%d] = {" % (ident, len(dense)))
            for a, n, nm in dense:
                out.append("    {0x%XU, %dU, %s}," % (a, n, nm))
            out.append("};")
        # bigrams: a static set keyed by the letters' ranks, ra * n + rb
        fold = 0
        bg_al = bg_set = None
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
                    pairs.append((a, b, q))
            bg_al = alpha_map([a for a, _, _ in pairs] + [b for _, b, _ in pairs])
            n, of = bg_al["n"], bg_al["of"]
            bg_set = static_set(sorted((of[a] * n + of[b], q) for a, b, q in pairs),
                                key_bits(max(1, n * n)), 6)
        bg_init = (emit_alpha(out, ident + "_ba", bg_al), emit_set(out, ident + "_bg", bg_set))
        # frequent words (tools/count_words.py): by their hashes
        wd_set = word_set(os.path.join(args.data, lang + ".words.tsv"),
                          os.path.join(args.data, lang + ".katakana.tsv"))
        wd_init = emit_set(out, ident + "_wd", wd_set)
        # letter triples: by their letters' ranks
        tg_al, tg_set = triple_set(os.path.join(args.data, lang + ".trigrams.tsv"))
        tg_init = (emit_alpha(out, ident + "_ta", tg_al), emit_set(out, ident + "_tg", tg_set))
        # pairs across a space (Korean): by the syllables' ranks, and per
        # syllable (by rank) its counts as the last and as the first
        spaced, margins = spaced_pairs(os.path.join(args.data, lang + ".spaced.tsv"))
        sp_al = sp_set = None
        if spaced:
            sp_al = alpha_map(list(margins))
            n, of = sp_al["n"], sp_al["of"]
            sp_set = static_set(sorted((of[a] * n + of[b], q + SPACED_ZERO) for a, b, q in spaced),
                                key_bits(max(1, n * n)), 6)
            by_rank = sorted(margins)
            emit_bytes(out, ident + "_sml", [margins[c][0] & 0xFF for c in by_rank])
            emit_bytes(out, ident + "_smf", [margins[c][1] & 0xFF for c in by_rank])
        sp_init = (emit_alpha(out, ident + "_sa", sp_al), emit_set(out, ident + "_sp", sp_set),
                   ("(const int8_t *)%s_sml, (const int8_t *)%s_smf" % (ident, ident))
                   if spaced else "NULL, NULL")
        # run edges (CJK): sorted code points, signed quarter bits
        ned = 0
        epath = os.path.join(args.data, lang + ".edges.tsv")
        if os.path.exists(epath):
            edges = read_edges(epath)
            ned = len(edges)
            assert all(cp <= 0xFFFF for cp, _, _ in edges)
            emit_u16(out, ident + "_edc", [cp for cp, _, _ in edges])
            emit_bytes(out, ident + "_ede", [q & 0xFF for _, q, _ in edges])
            emit_bytes(out, ident + "_eds", [q & 0xFF for _, _, q in edges])
        # blocks of 256 code points holding any known character: a lookup
        # outside them is the floor without searching (a hanzi under a
        # European model); none past the last known character's
        blk = [0] * ((max(level) >> 11) + 1)
        for cp in level:
            blk[cp >> 11] |= 1 << ((cp >> 8) & 7)
        emit_bytes(out, ident + "_blk", blk)
        sx_init = ("%s_sxc, %s_sxl, %d" % (ident, ident, len(above))) if above else "NULL, NULL, 0"
        models.append((lang, ident, vals, dense, (len(bmp), sx_init, len(blk)), fold, bg_init,
                       wd_init, ned, tg_init, sp_init))
        size = lambda st: st["n"] if st else 0
        print("%-8s sparse %5d  dense %s  bigrams %5d  words %5d  triples %5d  levels %s" %
              (lang, len(sparse), [n for _, n, _ in dense], size(bg_set), size(wd_set),
               size(tg_set), " ".join("%.1f" % v for v in vals[1:])), file=sys.stderr)

    out.append("")
    out.append("const ub_lm_model ub_lm_models[%d] = {" % len(models))
    for lang, ident, vals, dense, nsp, fold, bg_init, wd_init, ned, tg_init, sp_init in models:
        out.append("    {\"%s\"," % lang)
        out.append("     {" + ", ".join(c_float(v) for v in vals[:8]) + ",")
        out.append("      " + ", ".join(c_float(v) for v in vals[8:]) + "},")
        out.append("     %s, %d," % ((ident + "_dense") if dense else "NULL", len(dense)))
        out.append("     %s_scp, %s_slv, %d, %s, %s_blk, %d, %d," %
                   (ident, ident, nsp[0], nsp[1], ident, nsp[2], fold))
        out.append("     %s," % bg_init[0])
        out.append("     %s," % bg_init[1])
        out.append("     %s," % wd_init)
        if ned:
            out.append("     %s_edc, (const int8_t *)%s_ede, (const int8_t *)%s_eds, %d," %
                       (ident, ident, ident, ned))
        else:
            out.append("     NULL, NULL, NULL, 0,")
        out.append("     %s," % tg_init[0])
        out.append("     %s," % tg_init[1])
        out.append("     %s," % sp_init[0])
        out.append("     %s," % sp_init[1])
        out.append("     %s}," % sp_init[2])
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
