#!/usr/bin/env python3
"""Count character frequencies for the plausibility model.

Reads the inputs unpacked by tools/fetch_lm_sources.sh (default
/tmp/unbake-lm-src) and writes, per language, data/lm/<lang>.tsv with the
mixed, normalised unigram weights of non-ASCII characters (integers, parts
per billion), and for zh-Hans, zh-Hant, ja and ko data/lm/<lang>.bigrams.tsv
with the most frequent adjacent pairs (parts per billion of pair mass).

Recipe (see /work/shared/research/lm-data.md and data/SOURCES.md):
  * text corpora: LibreOffice help (HTML), translated man pages (roff), a
    pinned set of gettext catalogs (.mo); NFC-normalised; only non-ASCII,
    non-space, non-control characters are counted (no U+FFFD, no private use);
  * each corpus is normalised first, then the corpora are averaged;
  * main script: zh-Hans 0.6 jieba + 0.4 corpora; zh-Hant 0.6 jieba mapped
    through Unihan kTraditionalVariant + 0.4 corpora; ja kanji 0.8 corpora +
    0.2 mecab-ipadic exp(-cost/2000); ko 0.8 corpora + 0.2 hunspell-ko;
    truncated to the top 8000 Han (zh), 4000 kanji (ja), 2350 syllables (ko);
    backfill ja with Joyo/Jinmeiyo/JIS level 1, ko with KS X 1001 at half the
    smallest kept value;
  * other characters: kept if seen >= 2 times in each of >= 2 corpora (or in
    the only corpus), >= 3 times in total and at >= 2 per million;
  * punctuation/symbol backoff: every language gets the pooled distribution
    of general punctuation and symbols (scaled by its own punctuation share)
    where its own estimate is lower, so “ ” ‘ ’ – — … • « » ° © etc. never
    fall to the floor;
  * CLDR exemplars (main, auxiliary, punctuation; both cases) still missing
    are added at the table minimum.

Deterministic: same inputs, same output.
"""
import argparse
import bz2
import gzip
import math
import os
import re
import struct
import sys
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from html import unescape

LANGS = ["zh-Hans", "zh-Hant", "ja", "ko", "ru", "uk", "bg", "el", "de", "fr",
         "es", "it", "pt", "pl", "cs", "hu", "tr", "vi", "he", "ar", "en"]

# LibreOffice help directory per language.
LO_DIRS = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "ja": "ja", "ko": "ko",
           "ru": "ru", "el": "el", "de": "de", "fr": "fr", "es": "es",
           "pt": "pt-BR", "pl": "pl", "cs": "cs", "tr": "tr", "vi": "vi",
           "it": "it", "hu": "hu", "en": "en-US"}
# Man page directories (manpages-zh's zh_TW is machine-converted: not used).
MAN_DIRS = {"zh-Hans": ["zh_CN"], "ja": ["ja"], "ru": ["ru"], "uk": ["uk"],
            "de": ["de"], "fr": ["fr"], "es": ["es"], "it": ["it"],
            "pl": ["pl"], "pt": ["pt", "pt_BR"], "cs": ["cs"], "hu": ["hu"],
            "tr": ["tr"], "en": [""]}
# gettext locale directories.
MO_DIRS = {"zh-Hans": ["zh_CN", "zh_Hans"], "zh-Hant": ["zh_TW", "zh_HK", "zh_Hant"],
           "ja": ["ja"], "ko": ["ko"], "ru": ["ru"], "uk": ["uk"], "bg": ["bg"],
           "el": ["el"], "de": ["de"], "fr": ["fr"], "es": ["es"], "it": ["it"],
           "pt": ["pt", "pt_BR", "pt_PT"], "pl": ["pl"], "cs": ["cs"], "hu": ["hu"],
           "tr": ["tr"], "vi": ["vi"], "he": ["he"], "ar": ["ar"],
           "en": ["en_GB", "en@quot", "en_CA", "en"]}
CLDR_LOCALE = {"zh-Hans": "zh", "zh-Hant": "zh_Hant"}

TOP_HAN_ZH = 8000
TOP_KANJI = 4000
TOP_HANGUL = 2350
BIGRAM_N = 20000
LETTER_BIGRAM_N = 4000
SCALE = 1e9


# --------------------------------------------------------------------------
# character classes

def countable(ch):
    o = ord(ch)
    if o < 0x80 or o == 0xFFFD or o == 0xFEFF:
        return False
    if 0xE000 <= o <= 0xF8FF or o >= 0xF0000:
        return False
    cat = unicodedata.category(ch)
    if cat[0] in "CZ":      # controls, format, unassigned, separators
        return False
    return True


def is_han(o):
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF \
        or 0x20000 <= o <= 0x3FFFF


def is_kana(o):
    return 0x3040 <= o <= 0x30FF


def is_hangul(o):
    return 0xAC00 <= o <= 0xD7A3


def is_punct_sym(ch):
    return unicodedata.category(ch)[0] in "PS"


MAIN = {"zh-Hans": is_han, "zh-Hant": is_han,
        "ja": lambda o: is_han(o) or is_kana(o), "ko": is_hangul}


# --------------------------------------------------------------------------
# text extraction

RE_DROP = re.compile(r"<(script|style|pre)\b.*?</\1\s*>", re.S | re.I)
RE_BLOCK = re.compile(r"</?(p|div|h[1-6]|li|ul|ol|tr|td|th|table|br|dt|dd|title|section|header|footer|nav|aside)\b[^>]*>", re.I)
RE_TAG = re.compile(r"<[^>]*>")


def html_text(data):
    start = data.find('id="DisplayArea"')
    if start >= 0:
        data = data[start:]
        for stop in ('<div id="SearchFrame"', '<div id="DonationFrame"', "<footer"):
            e = data.find(stop)
            if e >= 0:
                data = data[:e]
                break
    data = RE_DROP.sub(" ", data)
    data = RE_BLOCK.sub("\n", data)
    data = RE_TAG.sub("", data)
    return unescape(data)


ROFF_CHARS = {"em": "—", "en": "–", "lq": "“", "rq": "”", "oq": "‘", "cq": "’",
              "aq": "'", "dq": '"', "co": "©", "rg": "®", "tm": "™", "de": "°",
              "+-": "±", "mu": "×", "di": "÷", "bu": "•", "hy": "-", "ha": "^",
              "ti": "~", "Fo": "«", "Fc": "»", "fo": "‹", "fc": "›", "sc": "§",
              "ps": "¶", "ct": "¢", "Po": "£", "Eu": "€", "eu": "€", "Ye": "¥",
              "r!": "¡", "r?": "¿", "->": "→", "<-": "←", "<=": "≤", ">=": "≥",
              "!=": "≠", "**": "∗", "mc": "µ", "12": "½", "14": "¼", "34": "¾",
              "sq": "□", "dg": "†", "dd": "‡", "pc": "·", "at": "@", "sh": "#",
              "rs": "\\", "ba": "|", "ul": "_", "rn": "‾", "bv": "|", "sl": "/",
              "aa": "´", "ga": "`", "a\"": "˝", "ss": "ß", "oe": "œ", "OE": "Œ",
              "ae": "æ", "AE": "Æ", "o/": "ø", "O/": "Ø", "'e": "é", "'E": "É",
              "`e": "è", "`a": "à", ":u": "ü", ":o": "ö", ":a": "ä", ":U": "Ü",
              ":O": "Ö", ":A": "Ä", "~n": "ñ", "~N": "Ñ", ",c": "ç", ",C": "Ç",
              "'a": "á", "'i": "í", "'o": "ó", "'u": "ú", "^e": "ê", "^a": "â",
              "^o": "ô", "^i": "î", "^u": "û", "~a": "ã", "~o": "õ", ":e": "ë",
              ":i": "ï", "if": "∞", "pl": "+", "mi": "−", "eq": "=", "ua": "↑",
              "da": "↓", "rA": "⇒", "lA": "⇐", "hA": "⇔", "<>": "↔", "lh": "☜",
              "rh": "☞", "ci": "○", "es": "∅", "Ah": "ℵ", "no": "¬", "tf": "∴"}
RE_ROFF_ESC = re.compile(r"""\\(?:\[(?P<b>[^\]]*)\]|\((?P<p>..)|\*(?:\[[^\]]*\]|\(..|.)|f(?:\[[^\]]*\]|\(..|.)|s[-+]?\d+|[kngmFY](?:\[[^\]]*\]|\(..|.)|[hvwlLDxXoNbSRzZ]'[^']*'|[&|^/,%:!c0~ed)tu{}"]|-|.)""")


def _roff_sub(m):
    name = m.group("b")
    if name is None:
        name = m.group("p")
    if name is not None:
        if name.startswith("u") and re.fullmatch(r"u[0-9A-Fa-f]{4,6}(_[0-9A-Fa-f]{4,6})*", name):
            try:
                return "".join(chr(int(x, 16)) for x in name[1:].split("_"))
            except ValueError:
                return " "
        if name.startswith("char") and name[4:].isdigit():
            return chr(int(name[4:]))
        return ROFF_CHARS.get(name, " ")
    s = m.group(0)
    if s == "\\-":
        return "-"
    if s in ("\\e", "\\\\"):
        return "\\"
    if s in ("\\ ", "\\~", "\\0"):
        return " "
    return ""


TEXT_MACROS = {"B", "I", "SH", "SS", "BI", "IB", "BR", "RB", "IR", "RI", "SM",
               "SB", "TP", "IP", "Nm", "Nd", "Sh", "Ss", "Em", "Sy", "Dq", "Qq",
               "Pa", "Ar", "Fl", "Cm", "Xr", "Op", "It", "Li", "Ql", "Sq", "Pq", "Tn"}


def roff_text(data):
    out = []
    for line in data.split("\n"):
        if line.startswith(".") or line.startswith("'"):
            parts = line[1:].strip().split(None, 1)
            if not parts or parts[0] not in TEXT_MACROS or len(parts) < 2:
                continue
            if parts[0] == "IP":
                continue
            line = parts[1].replace('"', " ")
        if line.startswith('.\\"') or line.startswith('\\"'):
            continue
        c = line.find('\\"')
        if c >= 0:
            line = line[:c]
        out.append(RE_ROFF_ESC.sub(_roff_sub, line))
    return "\n".join(out)


RE_PRINTF = re.compile(r"%(\d+\$)?[-+ #0']*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|L|q|j|z|t|I)?[a-zA-Z%]|%\{[^}]*\}|\$\{[^}]*\}")


def mo_texts(data):
    """Translated strings of a .mo file (header skipped)."""
    if len(data) < 28:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic == 0x950412DE else ">"
    if struct.unpack(end + "I", data[:4])[0] != 0x950412DE:
        return []
    _, _, n, ooff, toff = struct.unpack(end + "5I", data[:20])
    charset = "utf-8"
    out = []
    for i in range(n):
        olen, opos = struct.unpack(end + "2I", data[ooff + 8 * i: ooff + 8 * i + 8])
        tlen, tpos = struct.unpack(end + "2I", data[toff + 8 * i: toff + 8 * i + 8])
        msg = data[tpos: tpos + tlen]
        if olen == 0:
            m = re.search(rb"charset=([-\w]+)", msg)
            if m:
                charset = m.group(1).decode("ascii")
            continue
        out.append(msg)
    texts = []
    for msg in out:
        try:
            s = msg.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
        for part in s.split("\0"):
            part = RE_PRINTF.sub(" ", part)
            part = RE_TAG.sub(" ", part)
            texts.append(part)
    return texts


# --------------------------------------------------------------------------
# counting

def fold_letter(ch, turkish=False):
    """Lower-case a letter the way src/lm.c (ub_lm_bigram) folds it: ASCII,
    Latin-1, Latin Extended-A, Ơ/Ư, Latin Extended Additional, Greek and
    Cyrillic; Turkish I -> ı, İ -> i; everything else unchanged."""
    o = ord(ch)
    if turkish and o == 0x49:
        return "\u0131"
    if o == 0x130:
        return "i"
    if o < 0x180 or o in (0x1A0, 0x1AF) or 0x386 <= o <= 0x3AB or \
            0x400 <= o <= 0x52F or 0x1E00 <= o <= 0x1EFF:
        lo = ch.lower()
        if len(lo) == 1:
            return lo
    return ch


def count_text(text, uni, bi, mainf, lu=None, lb=None, turkish=False):
    text = unicodedata.normalize("NFC", text)
    prev = None
    lprev = None
    for ch in text:
        if lu is not None:
            if ch.isalpha():
                f = fold_letter(ch, turkish)
                lu[f] += 1
                if lprev is not None:
                    lb[lprev + f] += 1
                lprev = f
            else:
                lprev = None
        if countable(ch):
            uni[ch] += 1
            o = ord(ch)
            if mainf is not None and mainf(o):
                if prev is not None:
                    bi[prev + ch] += 1
                prev = ch
            else:
                prev = None
        else:
            prev = None


def job(args):
    """Count one corpus: returns (lang, corpus, unigram Counter, bigram Counter,
    letter Counter, letter-pair Counter); the letter counters (case-folded
    letters, ASCII included) only for the alphabetic languages."""
    lang, corpus, files = args
    uni, bi = Counter(), Counter()
    mainf = MAIN.get(lang)
    if mainf is None:
        lu, lb = Counter(), Counter()
    else:
        lu, lb = None, None
    tr = lang == "tr"
    for f in files:
        try:
            if corpus == "lo":
                with open(f, encoding="utf-8", errors="replace") as fh:
                    count_text(html_text(fh.read()), uni, bi, mainf, lu, lb, tr)
            elif corpus == "man":
                opener = gzip.open if f.endswith(".gz") else open
                with opener(f, "rb") as fh:
                    raw = fh.read()
                try:
                    s = raw.decode("utf-8")
                except UnicodeDecodeError:
                    continue          # not UTF-8: skip the page
                if s.startswith(".so ") and len(s) < 200:
                    continue
                count_text(roff_text(s), uni, bi, mainf, lu, lb, tr)
            elif corpus == "mo":
                with open(f, "rb") as fh:
                    for t in mo_texts(fh.read()):
                        count_text(t + "\n", uni, bi, mainf, lu, lb, tr)
        except (OSError, EOFError, struct.error) as e:
            print("warning: %s: %s" % (f, e), file=sys.stderr)
    return lang, corpus, uni, bi, lu, lb


def list_files(src):
    root = os.path.join(src, "root", "usr", "share")
    jobs = []
    for lang in LANGS:
        files = lo_help_files(src, lang)
        if files:
            jobs.append((lang, "lo", files))
        files = []
        for md in MAN_DIRS.get(lang, []):
            d = os.path.join(root, "man", md)
            if not os.path.isdir(d):
                continue
            for sec in sorted(os.listdir(d)):
                if not sec.startswith("man"):
                    continue
                sd = os.path.join(d, sec)
                files += sorted(os.path.join(sd, f) for f in os.listdir(sd))
        if files:
            jobs.append((lang, "man", files))
        files = []
        for ld in MO_DIRS.get(lang, []):
            d = os.path.join(root, "locale", ld, "LC_MESSAGES")
            if os.path.isdir(d):
                files += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".mo"))
        if files:
            jobs.append((lang, "mo", files))
    return jobs


def read_versions(src):
    """Package -> version of the fetched inputs (DIR/versions.txt)."""
    versions = {}
    with open(os.path.join(src, "versions.txt"), encoding="utf-8") as fh:
        for line in fh:
            p = line.split()
            if len(p) == 2:
                versions[p[0]] = p[1]
    return versions


def lo_help_files(src, lang):
    """The HTML pages of a language's LibreOffice help, sorted ([] if none)."""
    if lang not in LO_DIRS:
        return []
    d = os.path.join(src, "root", "usr", "share", "libreoffice", "help", LO_DIRS[lang], "text")
    return sorted(os.path.join(dp, f) for dp, _, fs in os.walk(d) for f in fs
                  if f.endswith(".html"))


def lo_help_package(lang):
    return "libreoffice-help-" + LO_DIRS[lang].lower()


def write_table(path, header, rows):
    """A data/lm table: '# ' header lines, then tab-separated rows."""
    with open(path, "w", encoding="utf-8") as fh:
        for h in header:
            fh.write("# %s\n" % h)
        for row in rows:
            fh.write("\t".join(str(x) for x in row) + "\n")


def tool_args(doc):
    """The command line shared by the counting tools: --src, --out, --jobs."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--src", default="/tmp/unbake-lm-src")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "data", "lm"))
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    return ap.parse_args()


def normalise(c):
    t = float(sum(c.values()))
    return {k: v / t for k, v in c.items()} if t else {}


def mix(dists, weights=None):
    if weights is None:
        weights = [1.0 / len(dists)] * len(dists)
    out = defaultdict(float)
    for d, w in zip(dists, weights):
        for k, v in d.items():
            out[k] += w * v
    return out


# --------------------------------------------------------------------------
# auxiliary sources

def read_unihan(src, fields):
    res = {f: {} for f in fields}
    d = os.path.join(src, "root", "usr", "share", "unicode")
    for name in sorted(os.listdir(d)):
        if not name.startswith("Unihan_"):
            continue
        opener = bz2.open if name.endswith(".bz2") else open
        with opener(os.path.join(d, name), "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                p = line.rstrip("\n").split("\t")
                if len(p) >= 3 and p[1] in res:
                    res[p[1]][int(p[0][2:], 16)] = p[2]
    return res


def jieba_counts(src):
    path = os.path.join(src, "npm", "package", "submodules", "cppjieba", "dict", "jieba.dict.utf8")
    words = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            p = line.split()
            if len(p) >= 2 and p[1].isdigit():
                words.append((p[0], int(p[1])))
    return words


IPADIC_PROPER = {"Noun.name.csv", "Noun.place.csv", "Noun.org.csv", "Noun.proper.csv"}


def ipadic_rows(src):
    """(surface, cost) of every entry of mecab-ipadic's CSV files but the
    proper nouns (names are no evidence of a language's words), in file
    order."""
    d = os.path.join(src, "root", "usr", "share", "mecab", "dic", "ipadic")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".csv") or name in IPADIC_PROPER:
            continue
        with open(os.path.join(d, name), encoding="euc_jp", errors="replace") as fh:
            for line in fh:
                p = line.split(",")
                if len(p) < 4:
                    continue
                try:
                    yield p[0], int(p[3])
                except ValueError:
                    continue


def ipadic_weights(src):
    uni, bi = defaultdict(float), defaultdict(float)
    for s, cost in ipadic_rows(src):
        w = math.exp(-cost / 2000.0)
        for ch in s:
            if is_han(ord(ch)):
                uni[ch] += w
        for a, b in zip(s, s[1:]):
            if MAIN["ja"](ord(a)) and MAIN["ja"](ord(b)):
                bi[a + b] += w
    return uni, bi


def hunspell_ko(src):
    path = os.path.join(src, "root", "usr", "share", "hunspell", "ko.dic")
    uni, bi = Counter(), Counter()
    with open(path, encoding="utf-8", errors="replace") as fh:
        next(fh, None)
        for line in fh:
            w = unicodedata.normalize("NFC", line.split("/")[0].strip())
            for ch in w:
                if is_hangul(ord(ch)):
                    uni[ch] += 1
            for a, b in zip(w, w[1:]):
                if is_hangul(ord(a)) and is_hangul(ord(b)):
                    bi[a + b] += 1
    return uni, bi


def jis_level1():
    out = set()
    for row in range(16, 48):
        for col in range(1, 95):
            try:
                out.add(bytes([0xA0 + row, 0xA0 + col]).decode("euc_jp"))
            except UnicodeDecodeError:
                pass
    return out


def ksx1001_hangul():
    out = set()
    for o in range(0xAC00, 0xD7A4):
        try:
            if len(chr(o).encode("euc_kr")) == 2:
                out.add(chr(o))
        except UnicodeEncodeError:
            pass
    return out


def expand_unicodeset(s):
    """Characters of a CLDR exemplar set such as [a-z à {ch} \\u00E9]."""
    s = s.strip()
    if s.startswith("[") and s.endswith("]"):
        s = s[1:-1]
    s = re.sub(r"\{[^}]*\}", " ", s)        # multi-character sequences: skip
    toks = []                                # (char, is_operator_candidate)
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            m = re.match(r"u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})", s[i + 1:])
            if m:
                toks.append((chr(int(m.group(1) or m.group(2), 16)), False))
                i += 1 + len(m.group(0))
            else:
                toks.append((s[i + 1], False))
                i += 2
            continue
        toks.append((c, c == "-"))
        i += 1
    out = set()
    i = 0
    while i < len(toks):
        c = toks[i][0]
        if i + 2 < len(toks) and toks[i + 1][1] and not toks[i + 2][0].isspace() \
                and not c.isspace() and ord(toks[i + 2][0]) - ord(c) < 512:
            for o in range(ord(c), ord(toks[i + 2][0]) + 1):
                out.add(chr(o))
            i += 3
            continue
        if not c.isspace() and not toks[i][1]:
            out.add(c)
        i += 1
    return out


def cldr_exemplars(src, locale):
    path = os.path.join(src, "root", "usr", "share", "unicode", "cldr", "common", "main", locale + ".xml")
    out = set()
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as fh:
        data = fh.read()
    for m in re.finditer(r'<exemplarCharacters(?: type="(\w+)")?>(.*?)</exemplarCharacters>', data, re.S):
        typ = m.group(1) or "main"
        if typ not in ("main", "auxiliary", "punctuation"):
            continue
        for ch in expand_unicodeset(unescape(m.group(2))):
            for v in {ch, ch.upper(), ch.lower()}:
                if len(v) == 1 and countable(v):
                    out.add(v)
    return out


# --------------------------------------------------------------------------

SCRIPTS = {"zh-Hans": {"CJK", "FULLWIDTH", "IDEOGRAPHIC", "BOPOMOFO"},
           "zh-Hant": {"CJK", "FULLWIDTH", "IDEOGRAPHIC", "BOPOMOFO"},
           "ja": {"CJK", "FULLWIDTH", "HALFWIDTH", "IDEOGRAPHIC", "HIRAGANA", "KATAKANA"},
           "ko": {"CJK", "FULLWIDTH", "HANGUL", "IDEOGRAPHIC"},
           "ru": {"CYRILLIC"}, "uk": {"CYRILLIC"}, "bg": {"CYRILLIC"},
           "el": {"GREEK"}, "he": {"HEBREW"}, "ar": {"ARABIC"}}
FOREIGN = ("CYRILLIC", "GREEK", "HEBREW", "ARABIC", "CJK", "FULLWIDTH", "HALFWIDTH",
           "IDEOGRAPHIC", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "THAI", "ARMENIAN",
           "GEORGIAN", "DEVANAGARI", "BENGALI", "TAMIL", "ETHIOPIC", "SYRIAC", "THAANA",
           "KHMER", "LAO", "TIBETAN", "MYANMAR", "SINHALA", "MONGOLIAN", "COPTIC")


def script_ok(lang, ch):
    """Letters of a foreign script (or script-specific marks) are not kept."""
    name = unicodedata.name(ch, "")
    first = name.split(" ")[0]
    allowed = SCRIPTS.get(lang, set()) | {"LATIN"}
    if first in allowed:
        return True
    if first in FOREIGN or any(name.startswith(x) for x in FOREIGN):
        return False
    cat = unicodedata.category(ch)
    return cat[0] != "L" and not (cat[0] == "M")


def pooled_ok(ch):
    o = ord(ch)
    return is_punct_sym(ch) and (0x80 <= o <= 0x2FF or 0x2000 <= o <= 0x206F or
                                 0x20A0 <= o <= 0x20CF or 0x2100 <= o <= 0x22FF or
                                 0x25A0 <= o <= 0x25FF)


def filtered_other(lang, corpora, pmix, mainf):
    """Non-main-script characters passing the multi-corpus rule."""
    keep = {}
    n = len(corpora)
    for ch, p in pmix.items():
        if mainf is not None and mainf(ord(ch)):
            continue
        if not script_ok(lang, ch):
            continue
        counts = [c.get(ch, 0) for c in corpora]
        if sum(counts) < 3 or p < 2e-6:
            continue
        if n >= 2 and sum(1 for x in counts if x >= 2) < 2:
            continue
        keep[ch] = p
    return keep


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default="/tmp/unbake-lm-src")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "lm"))
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    src, out = args.src, os.path.normpath(args.out)
    os.makedirs(out, exist_ok=True)

    versions = read_versions(src)

    jobs = list_files(src)
    corp_uni = defaultdict(dict)
    corp_bi = defaultdict(dict)
    corp_lu = defaultdict(dict)
    corp_lb = defaultdict(dict)
    with ProcessPoolExecutor(max_workers=args.jobs) as ex:
        for lang, corpus, uni, bi, lu, lb in ex.map(job, jobs):
            corp_uni[lang][corpus] = uni
            corp_bi[lang][corpus] = bi
            if lu is not None:
                corp_lu[lang][corpus] = lu
                corp_lb[lang][corpus] = lb
            print("%-8s %-4s %9d non-ASCII chars, %6d distinct" %
                  (lang, corpus, sum(uni.values()), len(uni)), file=sys.stderr)

    uh = read_unihan(src, ["kTraditionalVariant", "kJoyoKanji", "kJinmeiyoKanji"])

    # Pooled punctuation / symbol distribution (European + en corpora).
    pool = []
    for lang in LANGS:
        if lang in MAIN:
            continue
        for c in corp_uni[lang].values():
            ps = Counter({k: v for k, v in c.items() if pooled_ok(k)})
            if sum(ps.values()) > 100:
                pool.append(ps)
    pooled_counts = Counter()
    for c in pool:
        pooled_counts.update(c)
    pooled = mix([normalise(c) for c in pool])
    # keep symbols seen (>= 2 times) in at least 3 corpora, >= 20 times overall
    pooled = {k: v for k, v in pooled.items()
              if sum(1 for c in pool if c.get(k, 0) >= 2) >= 3 and pooled_counts[k] >= 20
              and v >= 1e-5}
    t = sum(pooled.values())
    pooled = {k: v / t for k, v in pooled.items()}

    results = {}
    bigrams = {}
    for lang in LANGS:
        corpora_names = sorted(corp_uni[lang])
        corpora = [corp_uni[lang][k] for k in corpora_names]
        if not corpora:
            print("error: no corpus for " + lang, file=sys.stderr)
            sys.exit(1)
        cmix = mix([normalise(c) for c in corpora])
        mainf = MAIN.get(lang)
        probs = {}
        sources = ["%s=%d" % (k, sum(corp_uni[lang][k].values())) for k in corpora_names]

        if lang in ("zh-Hans", "zh-Hant"):
            share = sum(v for k, v in cmix.items() if is_han(ord(k)))
            cq = normalise(Counter({k: v for k, v in cmix.items() if is_han(ord(k))}))
            words = jieba_counts(src)
            jc = Counter()
            for w, n in words:
                for ch in w:
                    if is_han(ord(ch)):
                        jc[ch] += n
            if lang == "zh-Hant":
                tw = Counter()
                for c in corpora:
                    tw.update(c)
                tv = uh["kTraditionalVariant"]
                best = {}
                jt = defaultdict(float)
                for ch, n in jc.items():
                    tg = tv.get(ord(ch))
                    targets = [chr(int(x[2:], 16)) for x in tg.split()] if tg else [ch]
                    ws = [tw.get(x, 0) + 1 for x in targets]
                    for x, wgt in zip(targets, ws):
                        jt[x] += n * wgt / sum(ws)
                    best[ch] = targets[max(range(len(targets)), key=lambda i: (ws[i], -i))]
                jdist = normalise(jt)
            else:
                best = None
                jdist = normalise(jc)
            q = mix([jdist, cq], [0.6, 0.4])
            top = sorted(q.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_HAN_ZH]
            for ch, v in top:
                probs[ch] = share * v
            sources.append("jieba(nodejieba 3.5.8)")
            # bigrams: within-word pairs of jieba (weighted) + corpus pairs
            jb = Counter()
            for w, n in words:
                if best is not None:
                    w = "".join(best.get(ch, ch) for ch in w)
                for a, b in zip(w, w[1:]):
                    if is_han(ord(a)) and is_han(ord(b)):
                        jb[a + b] += n
            cb = mix([normalise(corp_bi[lang][k]) for k in corpora_names])
            bigrams[lang] = mix([normalise(jb), cb], [0.5, 0.5])
        elif lang == "ja":
            kanji_share = sum(v for k, v in cmix.items() if is_han(ord(k)))
            cq = normalise(Counter({k: v for k, v in cmix.items() if is_han(ord(k))}))
            iu, ib = ipadic_weights(src)
            q = mix([cq, normalise(iu)], [0.8, 0.2])
            top = sorted(q.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_KANJI]
            for ch, v in top:
                probs[ch] = kanji_share * v
            for ch, v in cmix.items():
                if is_kana(ord(ch)) and sum(c.get(ch, 0) for c in corpora) >= 3:
                    probs[ch] = v
            back = min(v for k, v in probs.items() if is_han(ord(k))) / 2
            joyo = {chr(k) for k in uh["kJoyoKanji"]} | {chr(k) for k in uh["kJinmeiyoKanji"]}
            for ch in sorted(joyo | jis_level1()):
                if is_han(ord(ch)) and ch not in probs:
                    probs[ch] = back
            sources.append("mecab-ipadic")
            cb = mix([normalise(corp_bi[lang][k]) for k in corpora_names])
            bigrams[lang] = mix([cb, normalise(ib)], [0.8, 0.2])
        elif lang == "ko":
            share = sum(v for k, v in cmix.items() if is_hangul(ord(k)))
            cq = normalise(Counter({k: v for k, v in cmix.items() if is_hangul(ord(k))}))
            hu, hb = hunspell_ko(src)
            q = mix([cq, normalise(hu)], [0.8, 0.2])
            top = sorted(q.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_HANGUL]
            for ch, v in top:
                probs[ch] = share * v
            back = min(probs.values()) / 2
            for ch in sorted(ksx1001_hangul()):
                if ch not in probs:
                    probs[ch] = back
            sources.append("hunspell-ko")
            cb = mix([normalise(corp_bi[lang][k]) for k in corpora_names])
            bigrams[lang] = mix([cb, normalise(hb)], [0.8, 0.2])

        for ch, v in filtered_other(lang, corpora, cmix, mainf).items():
            if ch not in probs:
                probs[ch] = v

        # punctuation / symbol backoff
        pshare = sum(v for k, v in cmix.items() if is_punct_sym(k))
        pshare = max(pshare, 0.02)
        for ch, v in pooled.items():
            b = 0.5 * pshare * v
            if probs.get(ch, 0.0) < b:
                probs[ch] = b

        # CLDR exemplars at the table minimum
        floor_v = min(probs.values())
        ex = cldr_exemplars(src, CLDR_LOCALE.get(lang, lang))
        if lang == "en":        # loanwords: café, naïve, über, señor
            for loc in ("fr", "de", "es", "pt", "it"):
                ex |= {c for c in cldr_exemplars(src, loc) if c.isalpha()}
        for ch in sorted(ex):
            if ch not in probs and not (lang in ("zh-Hans", "zh-Hant") and is_han(ord(ch))):
                probs[ch] = floor_v
        results[lang] = (probs, sources)

    # letter pairs of the alphabetic languages (case-folded, ASCII included in
    # the counts; only pairs with a non-ASCII letter and a positive PMI kept)
    letter_pairs = {}
    for lang in LANGS:
        if lang in MAIN:
            continue
        names = sorted(corp_lu[lang])
        lmix = mix([normalise(corp_lu[lang][k]) for k in names])
        pmix = mix([normalise(corp_lb[lang][k]) for k in names])
        cands = []
        for pair, p in pmix.items():
            a, b = pair[0], pair[1]
            if ord(a) < 0x80 and ord(b) < 0x80:
                continue
            if p < 1e-6 or not (script_ok(lang, a) and script_ok(lang, b)):
                continue
            counts = [corp_lb[lang][k].get(pair, 0) for k in names]
            if sum(counts) < 3 or (len(names) >= 2 and sum(1 for x in counts if x >= 2) < 2):
                continue
            if math.log2(p) - math.log2(lmix[a]) - math.log2(lmix[b]) <= 0:
                continue
            cands.append((pair, p))
        top = sorted(cands, key=lambda kv: (-kv[1], kv[0]))[:LETTER_BIGRAM_N]
        letters = sorted({c for pair, _ in top for c in pair}, key=ord)
        letter_pairs[lang] = (top, {c: lmix[c] for c in letters})

    # --- write
    def header(fh, lang, sources, what):
        fh.write("# unbake plausibility model: %s of %s (tools/count_lm.py)\n" % (what, lang))
        fh.write("# corpora (non-ASCII chars): %s\n" % ", ".join(sources))
        fh.write("# inputs: %s\n" % " ".join("%s=%s" % kv for kv in sorted(versions.items())
                                              if kv[0] not in ("npm:nodejieba",)))
        fh.write("# plus npm nodejieba 3.5.8 (cppjieba dict, MIT). Values: parts per billion.\n")

    for lang in LANGS:
        probs, sources = results[lang]
        tot = sum(probs.values())
        with open(os.path.join(out, lang + ".tsv"), "w", encoding="utf-8", newline="\n") as fh:
            header(fh, lang, sources, "unigram weights")
            for ch in sorted(probs, key=ord):
                fh.write("%04X\t%d\n" % (ord(ch), max(1, round(probs[ch] / tot * SCALE))))
        print("%-8s %5d chars" % (lang, len(probs)), file=sys.stderr)
    for lang, bg in sorted(bigrams.items()):
        top = sorted(bg.items(), key=lambda kv: (-kv[1], kv[0]))[:BIGRAM_N]
        t = sum(bg.values())
        with open(os.path.join(out, lang + ".bigrams.tsv"), "w", encoding="utf-8", newline="\n") as fh:
            header(fh, lang, results[lang][1], "bigram weights")
            for pair, v in sorted(top, key=lambda kv: (ord(kv[0][0]), ord(kv[0][1]))):
                fh.write("%04X\t%04X\t%d\n" % (ord(pair[0]), ord(pair[1]), max(1, round(v / t * SCALE))))
    for lang, (top, letters) in sorted(letter_pairs.items()):
        with open(os.path.join(out, lang + ".bigrams.tsv"), "w", encoding="utf-8", newline="\n") as fh:
            header(fh, lang, results[lang][1],
                   "case-folded letter-pair weights (of all adjacent letter pairs)")
            for pair, v in sorted(top, key=lambda kv: (ord(kv[0][0]), ord(kv[0][1]))):
                fh.write("%04X\t%04X\t%d\n" % (ord(pair[0]), ord(pair[1]), max(1, round(v * SCALE))))
        with open(os.path.join(out, lang + ".letters.tsv"), "w", encoding="utf-8", newline="\n") as fh:
            header(fh, lang, results[lang][1],
                   "case-folded letter weights (of all letters, for the letter-pair PMI)")
            for ch in letters:
                fh.write("%04X\t%d\n" % (ord(ch), max(1, round(letters[ch] * SCALE))))
        print("%-8s %5d letter pairs" % (lang, len(top)), file=sys.stderr)


if __name__ == "__main__":
    main()
