#!/usr/bin/env python3
"""Build the large benchmark inputs for bench/run.sh (no network needed).

    python3 bench/make_inputs.py [--size-mb 64] [--out build/bench-inputs] [--eval-dir DIR]

Writes, each about SIZE MB of UTF-8:
    clean-en.txt        clean English (curly quotes, dashes and the odd foreign word)
    clean-ascii.txt     clean English, its paragraphs of ASCII only
    clean-zh.txt        clean simplified Chinese
    clean-latin.txt     clean French and German (an accent in most words)
    clean-ru.txt        clean Russian (every letter two bytes of UTF-8)
    cp1252-latin.txt    French and German UTF-8 read as cp1252 (mojibake on every accent)
    gbk-lost-bytes.txt  English with curly quotes and dashes, UTF-8 read as GBK with
                        errors='ignore' (one byte lost per quote/dash)
    mixed.txt           paragraphs of all of the above (plus Russian read as cp1251)
                        shuffled together

Text sources, first found wins per language:
  1. the `expected` texts of ../shared/eval/cases.jsonl (or --eval-dir / $UNBAKE_EVAL_DIR);
  2. gettext catalogues installed under /usr/share/locale (msgstr strings) and, for
     English, /usr/share/common-licenses;
  3. the clean texts of this repository (tests/corpus/keep, examples/expected).
A small base text is built once and repeated up to the size. Deterministic.
Files that already exist with the right size are kept (use --force to rebuild).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BASE_CHARS = 2_000_000          # cap on the distinct text per language


def from_eval(eval_dir: str | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if not eval_dir:
        return out
    path = os.path.join(eval_dir, "cases.jsonl")
    if not os.path.isfile(path):
        return out
    seen = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            text = c.get("expected", "")
            # U+FFFD in an expected text is damage that could not be undone
            # (lossy categories): not clean text
            if not text or text in seen or "\ufffd" in text:
                continue
            seen.add(text)
            out.setdefault(c.get("lang", ""), []).extend(p for p in text.split("\n") if p.strip())
    return out


def catalogue_strings(mo: str) -> list[str]:
    """The translated strings of one gettext catalogue that are clean text:
    none holding U+FFFD (a catalogue in a legacy charset read as UTF-8 is
    damaged text); [] for a catalogue that does not load."""
    import gettext
    try:
        with open(mo, "rb") as f:
            cat = gettext.GNUTranslations(f)._catalog   # noqa: SLF001
    except Exception:        # noqa: BLE001 - any broken catalogue is skipped
        return []
    return [v for k, v in cat.items() if k and isinstance(v, str) and "\ufffd" not in v]


def from_mo(lang_dirs: list[str]) -> list[str]:
    """msgstr strings of installed gettext catalogues for any of lang_dirs."""
    paras: list[str] = []
    for d in lang_dirs:
        for mo in sorted(glob.glob(f"/usr/share/locale/{d}/LC_MESSAGES/*.mo")):
            for v in catalogue_strings(mo):
                if len(v) > 20:
                    v = re.sub(r"%[-+ #0-9.]*[a-zA-Z]|\{[^}]*\}", "", v).strip()
                    if v:
                        paras.append(v)
    return paras


def from_files(patterns: list[str]) -> list[str]:
    paras: list[str] = []
    for pat in patterns:
        for p in sorted(glob.glob(pat)):
            try:
                with open(p, encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError):
                continue
            paras.extend(x.strip() for x in re.split(r"\n\s*\n", text) if x.strip())
    return paras


def repo_texts(glob_pat: str) -> list[str]:
    return from_files([os.path.join(REPO, glob_pat)])


def curlify(text: str) -> str:
    """Give plain English the typography that GBK mojibake damages."""
    text = re.sub(r'"([^"\n]*)"', "“\\1”", text)
    text = re.sub(r"(\w)'(\w)", "\\1’\\2", text)
    text = re.sub(r"'([^'\n]*)'", "‘\\1’", text)
    text = text.replace(" -- ", " — ").replace(" - ", " – ").replace("...", "…")
    return text


def cap(paras: list[str], seed: int) -> list[str]:
    paras = list(dict.fromkeys(paras))
    random.Random(seed).shuffle(paras)
    out, n = [], 0
    for p in paras:
        out.append(p)
        n += len(p)
        if n >= BASE_CHARS:
            break
    return out


def gather(eval_dir: str | None) -> dict[str, list[str]]:
    ev = from_eval(eval_dir)
    src: dict[str, list[str]] = {}
    wanted = {
        "en": (["en"], [], ["/usr/share/common-licenses/*"], "tests/corpus/keep/clean-en.txt"),
        "zh": (["zh_CN"], ["zh_CN"], [], "tests/corpus/keep/clean-zh_CN.txt"),
        "fr": (["fr"], ["fr"], [], "tests/corpus/keep/clean-fr.txt"),
        "de": (["de"], ["de"], [], "tests/corpus/keep/clean-de.txt"),
        "ru": (["ru"], ["ru"], [], "tests/corpus/keep/clean-ru.txt"),
    }
    for key, (ev_langs, mo_langs, files, fallback) in wanted.items():
        paras = [p for lang in ev_langs for p in ev.get(lang, [])]
        how = "eval corpus"
        if len("".join(paras)) < 20000:
            paras = from_mo(mo_langs) + from_files(files)
            how = "installed catalogues/licences"
        if len("".join(paras)) < 20000:
            paras = repo_texts(fallback)
            how = "repository corpus"
        if not paras:
            raise SystemExit(f"no text found for {key}")
        src[key] = cap(paras, seed=len(key))
        print(f"  {key}: {len(src[key])} paragraphs, "
              f"{sum(len(p) for p in src[key])} chars ({how})", file=sys.stderr)
    return src


def garble(text: str, codec: str, errors: str = "strict") -> str:
    return text.encode("utf-8").decode(codec, errors)


def safe_cp1252(paras: list[str]) -> list[str]:
    """Only paragraphs whose UTF-8 decodes as cp1252 without error."""
    out = []
    for p in paras:
        try:
            out.append(garble(p, "cp1252"))
        except UnicodeDecodeError:
            pass
    return out


def write_repeated(path: str, paras: list[str], size: int) -> None:
    base = ("\n".join(paras) + "\n").encode("utf-8")
    if not base.strip():
        raise SystemExit(f"empty base text for {path}")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        written = 0
        while written < size:
            chunk = base[: size - written]
            if len(chunk) < len(base):      # cut at a line end so UTF-8 stays whole
                cut = chunk.rfind(b"\n") + 1
                chunk = chunk[:cut] if cut > 0 else b"\n"
            f.write(chunk)
            written += len(chunk)
            if len(chunk) < len(base):
                break
    os.replace(tmp, path)


def main() -> int:
    ap = argparse.ArgumentParser(description="Build benchmark inputs.")
    ap.add_argument("--size-mb", type=float, default=64.0, help="size of each file (default 64)")
    ap.add_argument("--out", default=os.path.join(REPO, "build", "bench-inputs"))
    ap.add_argument("--eval-dir", default=os.environ.get("UNBAKE_EVAL_DIR")
                    or os.path.join(os.path.dirname(REPO), "shared", "eval"))
    ap.add_argument("--force", action="store_true", help="rebuild even if present")
    args = ap.parse_args()
    size = int(args.size_mb * 1024 * 1024)
    os.makedirs(args.out, exist_ok=True)

    names = ["clean-en", "clean-ascii", "clean-zh", "clean-latin", "clean-ru", "cp1252-latin",
             "gbk-lost-bytes", "mixed"]
    paths = {n: os.path.join(args.out, n + ".txt") for n in names}
    if not args.force and all(os.path.exists(p) and abs(os.path.getsize(p) - size) < 65536
                              for p in paths.values()):
        print(f"inputs present in {args.out}", file=sys.stderr)
        return 0

    print(f"gathering text (eval dir: {args.eval_dir})", file=sys.stderr)
    src = gather(args.eval_dir)
    latin = safe_cp1252(src["fr"] + src["de"])
    gbk = [garble(curlify(p), "gbk", "ignore") for p in src["en"]]
    ru = []
    for p in src["ru"]:
        try:
            ru.append(garble(p, "cp1251"))
        except UnicodeDecodeError:
            pass
    sets = {
        "clean-en": src["en"],
        "clean-ascii": [p for p in src["en"] if p.isascii()],
        "clean-zh": src["zh"],
        "clean-latin": src["fr"] + src["de"],
        "clean-ru": src["ru"],
        "cp1252-latin": latin,
        "gbk-lost-bytes": gbk,
    }
    pool = src["en"] + src["zh"] + latin + gbk + ru + src["fr"] + src["de"]
    rng = random.Random(42)
    rng.shuffle(pool)
    sets["mixed"] = pool
    for n in names:
        write_repeated(paths[n], sets[n], size)
        print(f"  wrote {paths[n]} ({os.path.getsize(paths[n]) / 1048576:.1f} MB)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
