#!/usr/bin/env python3
"""Count frequent words and letter triples for the lost-byte search.

Reads the texts unpacked by tools/fetch_lm_sources.sh (default
/tmp/unbake-lm-src, see below) and writes, per language that has it, data/lm/<lang>.words.tsv:
the most frequent words holding at least one non-ASCII letter, case-folded
the way src/lm.c folds letters (count_lm.fold_letter), with their counts;
and data/lm/<lang>.trigrams.tsv: the most frequent triples of letters in a
word, a space standing for the word's edge (` сп`, `ния`, `ия `), holding at
least one non-ASCII letter. Words the list misses still have their triples:
`απόφαση` is not in the Greek list, `πόφ` and `όφα` are.

Which text: that language's LibreOffice help (libreoffice-help-<lang>, where
Debian has one: not for Hebrew, Ukrainian, Bulgarian, Arabic) and the user
interfaces of LibreOffice (libreoffice-l10n-<lang>, its own .mo files) and
Firefox (firefox-esr-l10n-<lang>, the .ftl and .properties files of its
language pack), all MPL-2.0. Not the translated man pages and gettext
catalogues: they are what the development set (shared/eval) is made of, and a
word list drawn from them would learn that set's words by heart.

A word is a maximal run of letters (Unicode category L), NFC, 2..24 letters
(Japanese: a run of katakana, the long-vowel mark ー included, or a run of
hiragana, the particles and endings between kanji (のような, により,
されます); Korean: a run of Hangul syllables, one syllable included);
words of ASCII letters only are left out (the search never fills a hole with
an ASCII letter). Kept: the top WORDS_N words seen at least MIN_COUNT times.
For Korean also data/lm/ko.spaced.tsv: the pairs (last syllable of a word,
first syllable of the next) across one space, the top SPACED_N seen at least
MIN_COUNT times: `을 사` (an object before 사용하다) is common, `의 사` not.
Deterministic: same inputs, same output.
"""
import os
import sys
import unicodedata
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import count_lm  # noqa: E402  (html_text, fold_letter, LO_DIRS)

WORDS_N = 20000
TRIGRAMS_N = 6000
# Japanese counts two kinds of runs (katakana and hiragana) in one table
TRIGRAMS_N_JA = 12000
MIN_COUNT = 2
SPACED_N = 20000
MAX_LEN = 24
# languages without a LibreOffice help package: user-interface strings instead
UI_LANGS = ("ar", "bg", "he", "uk")


def words_of(text, turkish):
    text = unicodedata.normalize("NFC", text)
    word = []
    for ch in text + " ":
        if unicodedata.category(ch)[0] == "L":
            word.append(count_lm.fold_letter(ch, turkish))
            continue
        if 2 <= len(word) <= MAX_LEN and any(ord(c) >= 0x80 for c in word):
            yield "".join(word)
        word = []


def katakana(ch):
    return "\u30a1" <= ch <= "\u30fa" or ch == "\u30fc"


def hangul(ch):
    return "\uac00" <= ch <= "\ud7a3"


def hiragana(ch):
    return "\u3041" <= ch <= "\u3096"


def katakana_words_of(text, in_word=katakana, shortest=2):
    """Japanese writes no spaces, but a run of katakana is a word, most
    often a loanword (ネットワーク, ポリシー): the runs of 2..24 of them.
    Korean words are runs of Hangul syllables (in_word=hangul)."""
    text = unicodedata.normalize("NFC", text)
    word = []
    for ch in text + " ":
        if in_word(ch):
            word.append(ch)
            continue
        if shortest <= len(word) <= MAX_LEN:
            yield "".join(word)
        word = []


def trigrams_of(word):
    w = " " + word + " "
    for i in range(len(w) - 2):
        t = w[i:i + 3]
        if any(ord(c) >= 0x80 for c in t):
            yield t


def frequent(counts, n):
    """The n most frequent entries seen at least MIN_COUNT times, most
    frequent first, ties in code point order."""
    kept = [(w, c) for w, c in counts.items() if c >= MIN_COUNT]
    kept.sort(key=lambda x: (-x[1], x[0]))
    return kept[:n]


# The user-interface strings of LibreOffice and Firefox, for every alphabetic
# language, Japanese (katakana words) and Korean: (LibreOffice resource directory,
# Firefox language pack, package suffix of each).
UI_NAMES = {"ar": ("ar", "ar", "ar", "ar"), "bg": ("bg", "bg", "bg", "bg"),
            "cs": ("cs", "cs", "cs", "cs"), "de": ("de", "de", "de", "de"),
            "el": ("el", "el", "el", "el"), "es": ("es", "es-ES", "es", "es-es"),
            "fr": ("fr", "fr", "fr", "fr"), "he": ("he", "he", "he", "he"),
            "hu": ("hu", "hu", "hu", "hu"), "it": ("it", "it", "it", "it"),
            "ja": ("ja", "ja", "ja", "ja"), "ko": ("ko", "ko", "ko", "ko"),
            "pl": ("pl", "pl", "pl", "pl"), "pt": ("pt_BR", "pt-BR", "pt-br", "pt-br"),
            "ru": ("ru", "ru", "ru", "ru"), "tr": ("tr", "tr", "tr", "tr"),
            "uk": ("uk", "uk", "uk", "uk"), "vi": ("vi", "vi", "vi", "vi")}


def ui_files(src, lang):
    """LibreOffice's .mo files and Firefox's language pack of a language."""
    if lang not in UI_NAMES:
        return []
    lo, ff = UI_NAMES[lang][:2]
    root = os.path.join(src, "root", "usr", "lib")
    mo = os.path.join(root, "libreoffice", "program", "resource", lo, "LC_MESSAGES")
    files = sorted(os.path.join(mo, f) for f in os.listdir(mo)) if os.path.isdir(mo) else []
    xpi = os.path.join(root, "firefox-esr", "browser", "extensions",
                       "langpack-%s@firefox-esr.mozilla.org.xpi" % ff)
    return files + ([xpi] if os.path.exists(xpi) else [])


def ui_packages(lang):
    if lang not in UI_NAMES:
        return []
    return ["libreoffice-l10n-" + UI_NAMES[lang][2], "firefox-esr-l10n-" + UI_NAMES[lang][3]]


def file_texts(path):
    """The running text of one input file: a help page, a .mo catalogue, or
    the string files of a Firefox language pack (comment lines skipped)."""
    if path.endswith(".mo"):
        with open(path, "rb") as fh:
            return count_lm.mo_texts(fh.read())
    if path.endswith(".xpi"):
        texts = []
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                if name.endswith((".ftl", ".properties")):
                    data = z.read(name).decode("utf-8", errors="replace")
                    texts.extend(line for line in data.splitlines()
                                 if not line.lstrip().startswith("#"))
        return texts
    with open(path, encoding="utf-8", errors="replace") as fh:
        return [count_lm.html_text(fh.read())]


def spaced_pairs_of(text):
    """Korean: the last syllable of a word and the first of the next, one
    space between (`을 사`, `의 마`): which particle or ending goes before
    which word (tools/gen_lm_tables.py makes their association)."""
    text = unicodedata.normalize("NFC", text)
    for i in range(1, len(text) - 1):
        if text[i] == " " and hangul(text[i - 1]) and hangul(text[i + 1]):
            yield text[i - 1], text[i + 1]


def job(args):
    lang, files = args
    counts = Counter()
    singles = Counter()
    spaced = Counter()
    for f in files:
        # every word for the triples (ASCII letters beside accented ones
        # count), the words with a non-ASCII letter for the list
        for text in file_texts(f):
            # Korean writes one-syllable words (수, 및, 된, 긴) and particles
            # after Latin words (xz로): a lost byte there is told by them
            counts.update(katakana_words_of(text) if lang == "ja" else
                          katakana_words_of(text, hangul, 1) if lang == "ko" else
                          words_of(text, lang == "tr"))
            if lang == "ko":
                spaced.update(spaced_pairs_of(text))
            if lang == "ja":
                counts.update(katakana_words_of(text, hiragana))
                # a particle alone (` は `, ` を `) is no word, but its
                # triple with the run's edges is
                singles.update(katakana_words_of(text, hiragana, 1))
    tri = Counter()
    # (Korean words of one syllable are for the list only: their triples,
    # ` 수 `, would crowd out those that tell letters inside words apart)
    for w, n in [(w, n) for w, n in counts.items() if len(w) >= 2] + \
            [(w, n) for w, n in singles.items() if len(w) == 1]:
        for t in trigrams_of(w):
            tri[t] += n
    return lang, counts, tri, spaced


def main():
    args = count_lm.tool_args(__doc__)
    versions = count_lm.read_versions(args.src)
    # CJK: no spaces between words; Japanese katakana runs are words, and
    # Korean runs of Hangul
    jobs = [(lang, count_lm.lo_help_files(args.src, lang)) for lang in sorted(count_lm.LO_DIRS)
            if lang not in count_lm.MAIN or lang in ("ja", "ko")]
    jobs = [(lang, files + ui_files(args.src, lang)) for lang, files in jobs]
    jobs += [(lang, ui_files(args.src, lang)) for lang in UI_LANGS]
    jobs = [j for j in jobs if j[1]]
    out = os.path.normpath(args.out)
    with ProcessPoolExecutor(max_workers=args.jobs) as ex:
        for lang, counts, tri, spaced in ex.map(job, jobs):
            packages = ([] if lang in UI_LANGS else [count_lm.lo_help_package(lang)]) + \
                ui_packages(lang)
            source = ", ".join("%s=%s (MPL-2.0)" % (p, versions.get(p, "?")) for p in packages)
            words = frequent(counts, WORDS_N)
            count_lm.write_table(os.path.join(out, lang + ".words.tsv"), [
                "unbake word check: frequent words with a non-ASCII letter, case-folded, "
                "of %s (tools/count_words.py)" % lang,
                "input: %s; %d distinct words, %d kept" % (source, len(counts), len(words))],
                words)
            triples = frequent(tri, TRIGRAMS_N_JA if lang == "ja" else TRIGRAMS_N)
            count_lm.write_table(os.path.join(out, lang + ".trigrams.tsv"), [
                "unbake letter triples: frequent triples of case-folded letters in words "
                "(space: a word's edge) with a non-ASCII letter, of %s (tools/count_words.py)"
                % lang,
                "input: %s; %d distinct triples, %d kept" % (source, len(tri), len(triples))],
                triples)
            if spaced:
                pairs = frequent(spaced, SPACED_N)
                count_lm.write_table(os.path.join(out, lang + ".spaced.tsv"), [
                    "unbake spaced pairs: the last syllable of a word and the first of the "
                    "next, one space between, of %s (tools/count_words.py)" % lang,
                    "input: %s; %d distinct pairs, %d kept" % (source, len(spaced), len(pairs)),
                    "columns: code point, code point, count"],
                    [("%04X" % ord(a), "%04X" % ord(b), n) for (a, b), n in pairs])
            print("%-4s %7d distinct  %5d kept  (last count %d)"
                  % (lang, len(counts), len(words), words[-1][1] if words else 0))

if __name__ == "__main__":
    main()
