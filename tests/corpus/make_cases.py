#!/usr/bin/env python3
"""Generate the readable corpus of must-fix and must-not-change cases.

    python3 tests/corpus/make_cases.py            # (re)write fix/ and keep/
    python3 tests/corpus/make_cases.py --check    # exit 1 if files are stale

Every input under fix/ is made here from the sentences below (all written
for this project) by running them through Python's real codecs: the UTF-8
bytes of the true text are decoded with the wrong codec under some error
policy, and the resulting characters are stored as UTF-8.

    fix/NAME.in.txt   the garbled text (UTF-8)
    fix/NAME.out.txt  the true text: `unbake < NAME.in.txt` must print exactly this
    keep/NAME.txt     correct text that must come out byte-identical

NAME is LANG-MODEL, e.g. `fr-utf8-as-cp1252`, `en-utf8-as-gbk-ignore`,
`ja-utf8-as-shift_jis-replace`, `de-double-cp1252`.

Standard library only; deterministic (no randomness). Generated files are
checked in; rerun this script after editing it and commit the result.
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# Original sentences (written for this corpus; not taken from any source).
# Each language has several, so that a strict-mode case can use the ones the
# wrong codec can decode without error.
# ---------------------------------------------------------------------------

TEXTS: dict[str, list[str]] = {
    "en": [
        "The committee’s report — all 212 pages of it — arrived on Tuesday, two weeks late.",
        "“Don’t wait for me,” she said, “the last bus leaves at 9:40… and I’m still at work.”",
        "Prices rose 3–5% in March; the shop’s owner blamed the weather.",
        "He called it a “temporary” fix — it’s still there ten years later.",
        "It’s the people’s choice; we’re sure they’ll agree.",
    ],
    "fr": [
        "L’été dernier, nous avons découvert un petit hôtel près de la forêt.",
        "« Ça ne coûte rien d’essayer », répondit-elle en souriant à sa sœur aînée.",
        "Le garçon a déjà mangé deux crêpes et réclame maintenant une brioche.",
    ],
    "de": [
        "Die Bäckerei an der Ecke öffnet früh, und die Brötchen schmecken süß.",
        "Über die Brücke fährt täglich ein Zug nach München, außer am Sonntag.",
        "Größere Änderungen müssen vorher mit der Geschäftsführung besprochen werden.",
    ],
    "es": [
        "¿Dónde está la estación? El niño preguntó en voz baja.",
        "La señora sonrió y le dio una canción de regalo a su compañero.",
        "¡Qué día tan bonito para caminar junto al río!",
    ],
    "pt": [
        "A informação chegou ontem: não há ônibus para São Paulo até às três horas.",
        "Você já experimentou o pão de queijo da padaria em frente à estação?",
        "As crianças ficaram em silêncio quando o avô começou a contar a história.",
    ],
    "pl": [
        "Wczoraj w Łodzi spadł śnieg, więc dzieci lepiły bałwana przed szkołą.",
        "Proszę zamknąć okno, bo w pokoju robi się zimno.",
        "Mój brat kupił nowy rower i jeździ nim codziennie do pracy.",
    ],
    "cs": [
        "Příští týden pojedeme vlakem do Brna; babička říkala, že bude krásné počasí.",
        "Děti si hrály na zahradě až do večera a pak šly spát.",
        "Tahle kniha je mnohem zajímavější, než jsem čekal.",
    ],
    "ru": [
        "Вчера вечером мы долго гуляли по набережной и говорили о книгах.",
        "Пожалуйста, закройте окно: в комнате становится холодно.",
        "Мой брат купил новый велосипед и теперь ездит на нём на работу.",
    ],
    "el": [
        "Το πρωί πήγαμε στη θάλασσα και κολυμπήσαμε μέχρι το μεσημέρι.",
        "Η γιαγιά μου φτιάχνει την καλύτερη σπανακόπιτα στο χωριό.",
        "Θα σε δω αύριο στο σταθμό, στις δέκα ακριβώς.",
    ],
    "tr": [
        "Dün akşam İstanbul’da yağmur yağdı; çocuklar ıslak sokaklarda koştu.",
        "Öğretmenimiz bugün bize çok güzel bir şiir okudu.",
        "Bu kitabı okuduktan sonra düşüncelerim tamamen değişti.",
    ],
    "zh_CN": [
        "我们明天早上八点在图书馆门口见面，然后一起去博物馆参观新的展览。",
        "这个问题比我们想象的复杂得多，需要更多的时间来解决。",
        "妈妈做的饺子特别好吃，每年春节我们都会包很多。",
        "我们明天见面",
        "今天天气很好",
    ],
    "zh_TW": [
        "這家咖啡館的甜點非常好吃，週末常常有很多學生在這裡讀書。",
        "請問這班火車會在臺中停靠嗎？我想去看朋友。",
        "圖書館的開放時間已經改了，晚上十點才關門。",
    ],
    "ja": [
        "昨日は雨が降っていたので、家で本を読みながらゆっくりお茶を飲みました。",
        "駅の近くに新しいパン屋ができたそうです。",
        "来週の会議は火曜日の午後三時から始まります。",
        "設定を保存しました",
        "ファイルが見つかりません",
    ],
    "ko": [
        "오늘 오후에 친구와 함께 공원에서 산책을 하고 맛있는 저녁을 먹었습니다.",
        "내일은 비가 온다고 하니까 우산을 꼭 챙기세요.",
        "이 책은 생각보다 훨씬 재미있어서 하루 만에 다 읽었어요.",
    ],
}

# ---------------------------------------------------------------------------
# Garbling models
# ---------------------------------------------------------------------------


# Legacy to legacy: text written in one code page, shown in another.
LEGACY = {
    "ru-cp1251-as-koi8-r": ("Файл не найден. Проверьте путь и попробуйте ещё раз.\n"
                            "Программа завершила работу без ошибок.\n", "cp1251", "koi8_r"),
    "ru-koi8-r-as-cp1251": ("Нет доступа к каталогу: недостаточно прав.\n"
                            "Сохранить изменения перед выходом?\n", "koi8_r", "cp1251"),
    "de-cp1252-as-cp437": ("Die Größe der Ausgabedatei wird für jeden Schritt geprüft.\n"
                           "Ältere Einträge werden gelöscht.\n", "cp1252", "cp437"),
    "en-cp1252-as-cp437": ("The default value is ‘/usr/bin/tool’ and it’s fine.\n"
                           "• first item\n• second item — with a dash\n", "cp1252", "cp437"),
    # Italian: the accented vowels end words (più, è), so CP437's images of
    # them stand at word ends or alone between spaces
    "it-cp1252-as-cp437": ("Il file è già stato aperto, quindi non è più possibile modificarlo.\n"
                           "Questa opzione è utile solo se la cartella è vuota e già pronta.\n", "cp1252", "cp437"),
    # Big5 and Shift_JIS trail bytes are often ASCII letters (預 is B9 77):
    # windows-1252 shows `¹w³]`, the run of damage goes on across them
    "zh_TW-big5-as-cp1252": ("預設設定: logon drive = z:\n"
                             "設定了這個選項,就允許在命令提示字元下使用它。\n", "big5", "cp1252"),
    # (windows-1252 leaves 81 8D 8F 90 9D undefined: no 、。 here)
    "ja-shift_jis-as-cp1252": ("この機能を使う前に必ず保存してください\n"
                               "ファイルを開くことができません: config.txt\n", "shift_jis", "cp1252"),
}

KUNKAO = {
    "zh-kunkao": "设置为真时，同一个文件只能被一个客户端打开。\n",
    # the last decoder also replaced an odd byte (酵�)
    "zh-kunkao-odd-byte": "默认值：只读。这个选项指定服务器的地址，通常不需要修改。\n",
}


def wrong_decode(text: str, codec: str, mode: str) -> str:
    """UTF-8 bytes of `text` decoded as `codec`.

    mode: strict | replace | ignore | qmark (replace, then U+FFFD -> '?')."""
    raw = text.encode("utf-8")
    if mode == "qmark":
        return raw.decode(codec, "replace").replace("\ufffd", "?")
    return raw.decode(codec, mode)


def double(text: str, first: str, second: str) -> str:
    once = wrong_decode(text, first, "strict")
    return once.encode("utf-8").decode(second, "strict")


# (lang, codec, mode, how many sentences). For strict mode only sentences
# that decode without error are used; a model that has none is an error.
SINGLE = [
    # UTF-8 read as cp1252 / Latin-1 (the classic "cafÃ©")
    ("en", "cp1252", "strict", 1),
    ("fr", "cp1252", "strict", 2),
    ("de", "cp1252", "strict", 2),
    ("es", "cp1252", "strict", 2),
    ("pt", "cp1252", "strict", 2),
    ("tr", "cp1252", "strict", 1),
    ("en", "cp1252", "replace", 2),
    ("en", "cp1252", "ignore", 2),
    ("en", "cp1252", "qmark", 2),
    ("cs", "cp1252", "replace", 1),
    ("cs", "cp1252", "ignore", 1),
    ("pl", "cp1252", "replace", 1),
    ("pl", "cp1252", "qmark", 1),
    ("fr", "latin-1", "strict", 2),
    ("de", "latin-1", "strict", 1),
    ("es", "latin-1", "strict", 1),
    ("en", "latin-1", "strict", 2),
    # Central European
    ("pl", "cp1250", "strict", 2),
    ("cs", "cp1250", "strict", 2),
    ("de", "cp1250", "strict", 1),
    # Cyrillic
    ("ru", "cp1251", "strict", 2),
    ("ru", "koi8-r", "strict", 2),
    # Greek: most Greek letters hit a hole of cp1253, so lossy modes
    ("el", "cp1253", "replace", 1),
    ("el", "cp1253", "ignore", 1),
    ("fr", "cp1253", "strict", 1),
    # Mac and DOS
    ("de", "mac_roman", "strict", 2),
    ("fr", "mac_roman", "strict", 1),
    ("de", "cp437", "strict", 1),
    ("es", "cp437", "strict", 1),
    # CJK double-byte decoders. Strict Big5 and EUC-KR decoding of UTF-8
    # almost never succeeds (UTF-8 trail bytes 80..A0 are not Big5/EUC-KR
    # bytes), so those two appear only in lossy modes.
    ("en", "gbk", "strict", 1),
    ("en", "gbk", "replace", 2),
    ("en", "gbk", "ignore", 2),
    ("en", "gbk", "qmark", 2),
    ("zh_CN", "gbk", "strict", 2),
    ("zh_CN", "gbk", "replace", 1),
    ("zh_CN", "gbk", "ignore", 1),
    ("zh_CN", "gbk", "qmark", 1),
    ("ja", "shift_jis", "strict", 2),
    ("ja", "shift_jis", "replace", 1),
    ("ja", "shift_jis", "ignore", 1),
    ("zh_TW", "big5", "replace", 1),
    ("zh_TW", "big5", "ignore", 1),
    ("ko", "euc-kr", "replace", 1),
    ("ko", "euc-kr", "ignore", 1),
]

DOUBLE = [
    ("fr", "cp1252", "cp1252", 1),
    ("de", "cp1252", "cp1252", 1),
    ("es", "cp1252", "cp1252", 1),
    # GBK then windows-1252: the middle layer is Han, rare Han for ß (`auè„½er`)
    ("de", "gbk", "cp1252", 3),
]

# Correct text that must not change.
KEEP_EXTRA: dict[str, str] = {
    "caps-pt": "SÃO PAULO E MARANHÃO: AS ELEIÇÕES DE OUTUBRO\nA CAPITAL DO ESTADO É SÃO LUÍS.\n",
    "caps-fr": "ÀÉÎ ÔÛ — L’ÉTÉ À PARIS, CRÈME BRÛLÉE ET NAÏVETÉ.\n",
    "caps-es": "AÑO NUEVO EN LA CIUDAD DE MÉXICO: ¡FELICIDADES!\n",
    # CP437 symbols in genuine text beside a glued one (Φext): a window
    # that looks like cp1252 read as CP437 still keeps ≤ before a number
    "es-le-numbers": "El flujo Φext se mide en Wb; la memoria es ≤ 128K FLASH, ≤ 256K RAM "
                     "y la tensión ≥ 5 V.\n",
    "math": "Sea x ≤ 2π y y ≥ 0: entonces x² + y³ ± 1 = 3 × 4 ÷ 2, con error ≈ 0,5 °C.\n"
            "Area = π·r², so for r = 3 cm it is ≈ 28.27 cm²; ∑ and √ also occur.\n",
    "symbols": "© 2024 Example Ltd. All rights reserved. Brand® is registered.\n"
               "Temperature: 21 °C ± 0.5 °C; see § 4.2; price £12.50 or ¥800; 5 µm; ¬a ∧ b.\n",
    "latin-names": "Mötley Crüe played in Århus; Þórður met Erdős Pál and Dvořák in Kraków.\n",
    "ja-halfwidth-kana": "ｶﾀｶﾅのﾒﾆｭｰは半角で表示されます。ﾃｽﾄ用のﾃﾞｰﾀです。\n"
                         "全角のカタカナと半角のｶﾀｶﾅが混ざった文章も正しい日本語です。\n",
    "zh-gbk-valid-utf8": "我昨天买了一台新电脑，速度很快。\n保证证据的完整性很重要。\n",
    "emoji": "Great job on the launch 🚀🎉 — see you at 3 pm 👍\nКот 🐈 и собака 🐕 дружат. 今日は晴れ☀️です。\n",
    "mixed-scripts": "Paris → 東京 → Москва → Αθήνα: 9 000 km, ≈ 12 h ✈\n"
                     "한국어, 中文, ελληνικά and English in one line.\n",
    "zh-question-marks": "你好吗?今天怎么样?我很好,谢谢!\n",
    "ascii": "Plain ASCII text: nothing to repair here. 100% sure? Yes -- quite sure.\n",
    "crlf": "Line one with café and naïve.\r\nLine two: “quoted” — dash.\r\n",
    "no-trailing-newline": "Ünïcödé without a final newline — ça va?",
    "tabs-and-blank-lines": "name\tvalue\nBäcker\t12\n\n\nŻółw\t7\n",
    "vietnamese": "Tiếng Việt có nhiều dấu thanh: hỏi, ngã, nặng, sắc, huyền.\n",
    # French typography: no-break spaces before : ; ! ? and inside « » (not `ɠ`, not cp866 read as cp1251)
    "fr-nbsp": "DÉCONSEILLÉ\xa0: cette clé est déconseillée et ignorée.\nVoulez-vous installer le logiciel non signé\xa0?\nLe fichier «\xa0%s\xa0» est introuvable\xa0; voir «\xa0%s\xa0» en «\xa0%s\xa0».\nÉ\xa0: première lettre. Déjà vu\xa0!\n",
    # no-break spaces between German words (not cp1252 read as CP437)
    "de-nbsp": " auf\xa0den\xa0nächsten\xa0Bildschirm\xa0nach\xa0unten \nGröße\xa0– Breite\xa0– Höhe\n",
    # Danish æ/Æ inside words (not CP437 quotes)
    "da-ae": "BEMÆRK: Dette er kun en simulering!\nÆndringer af adgangskoden blev gemt.\nVærdi mellem 1 og 65535; vælg en anden værdi for bevægelse.\nBLÅBÆRSYLTETØJ og ÆRTER.\n",
    # Persian zero-width non-joiners (not cp1256 mojibake)
    "fa-zwnj": "می\u200cخواهم کتاب\u200cها را ببینم.\nاین فایل\u200cها تک\u200cنفره هستند و چک\u200cلیست گزینه\u200cها را نشان می\u200cدهد.\nشرکت\u200cهای بزرگ\n",
    # Cyrillic words whose first letters re-encode as UTF-8 under cp1251 (Рік, БРЈ)
    "uk-sr-words": "Рік\nЕр-Ріяд\nРівень доступу: Рік видання.\n--horizon-lines=БРЈ  чува БРЈ редова\nПрехрана у Србији.\n",
    # Ukrainian apostrophe before є (в’є is E2 92 BA in windows-1251, the UTF-8 of Ⓔ)
    "uk-apostrophe": "Мова: в’єтнамська.\nМіста В’єтнаму та їхні об’єкти.\nВјана до Кастело\n",
    # a tree of box drawing before words (`├─user` is no `ÃÄuser`, `─nderung` is Änderung)
    "box-tree": "CGroup: /user.slice\n├─user.slice\n│ ├─user-1000.slice\n│ │ ├─session-1.scope\n│ │ └─user@1000.service\n└─init.scope\n",
    # letters that re-encode as a letter of a script no model covers (ß“ is NKo ߓ in
    # windows-1252, a stray combining tilde and a no-break space the Thaana ޠ in windows-1258)
    "stray-letters": "немска — Боне, „ß“ на средния ред\nla taille de la région n'est pas une puissance de 2\u0303\xa0; elle est tronquée\n",
    # single CJK characters alone on their lines, as in a character list (茅 is é in GBK, 閨 б
    # in EUC-KR, 郅 л and 邽 и in Big5): with no other damage in the window they stay
    "zh-char-list": "茅\n閨\n郅\n邽\n- 茅 -\n(閨)\n<Multi_key> <parenleft> <1> <parenright> : \"①\" U2460\n",
    # a heading in capitals (ДІЇ is E4 B6 B7 in KOI8-U, the UTF-8 of a CJK Extension A character)
    "uk-caps-heading": "ДІЇ\nВикористовуйте ці дії обережно.\n",
    # acronyms in capitals among small Cyrillic letters (not KOI8-R and windows-1251 mixed up)
    "ru-be-acronyms": "ПНМ/ПБМ/ПГМ/ППМ\nФормат изображения не поддерживается этой программой просмотра.\n\nЭіБіт\nНе ўдалося адкрыць файл.\nф ффффф ф ф\n",
    # Czech letters before a spaced en dash
    "cs-dash": "Přehrávač – nastavení\nOdstavec č – konec, ě – začátek.\n",
    # Mongolian Cyrillic (ө, ү: no windows-1251/KOI8-R text)
    "mn-cyrillic": "Өгөгдлийг хүлээн авах уу?\nФайлыг нэрээр хайх эсэх\nТохиргоог хадгалах эсэх\nНэрээрээ хайх\n",
}


def pick(lang: str, model, n: int) -> list[str]:
    """First n sentences of `lang` that survive `model` without error."""
    out = []
    for s in TEXTS[lang]:
        try:
            model(s)
        except UnicodeDecodeError:
            continue
        out.append(s)
        if len(out) == n:
            break
    if not out:
        raise SystemExit(f"no {lang} sentence survives this model without error")
    return out


def build() -> dict[str, bytes]:
    files: dict[str, bytes] = {}

    def add_fix(name: str, true_text: str, garbled: str) -> None:
        if garbled == true_text:
            raise SystemExit(f"{name}: garbling changed nothing")
        files[f"fix/{name}.in.txt"] = garbled.encode("utf-8")
        files[f"fix/{name}.out.txt"] = true_text.encode("utf-8")

    for lang, codec, mode, n in SINGLE:
        model = lambda s, c=codec, m=mode: wrong_decode(s, c, m)  # noqa: E731
        sents = pick(lang, model, n) if mode == "strict" else TEXTS[lang][:n]
        text = "\n".join(sents) + "\n"
        suffix = "" if mode == "strict" else f"-{mode}"
        if mode != "strict":
            try:                      # a lossy case must really lose something
                wrong_decode(text, codec, "strict")
                raise SystemExit(f"{lang}/{codec}/{mode}: nothing lost; pick another text")
            except UnicodeDecodeError:
                pass
        add_fix(f"{lang}-utf8-as-{codec}{suffix}", text, wrong_decode(text, codec, mode))

    for lang, first, second, n in DOUBLE:
        model = lambda s, a=first, b=second: double(s, a, b)  # noqa: E731
        text = "\n".join(pick(lang, model, n)) + "\n"
        name = f"{lang}-double-{first}" if first == second else f"{lang}-double-{first}-{second}"
        add_fix(name, text, double(text, first, second))

    # 锟斤拷 ("kunkao"): GBK text read as UTF-8 (U+FFFD and a few strays),
    # saved, and read as GBK again. The repair gives back the middle state:
    # the characters under the U+FFFD are gone.
    for name, src in KUNKAO.items():
        kou = src.encode("gbk").decode("utf-8", "replace")
        add_fix(name, kou, kou.encode("utf-8").decode("gbk", "replace"))

    for name, (text, right, wrong) in LEGACY.items():
        add_fix(name, text, text.encode(right).decode(wrong))

    for lang, sents in TEXTS.items():
        files[f"keep/clean-{lang}.txt"] = ("\n".join(sents) + "\n").encode("utf-8")
    for name, text in KEEP_EXTRA.items():
        files[f"keep/{name}.txt"] = text.encode("utf-8")
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the checked-in files differ")
    ap.add_argument("--dir", default=HERE, help="output directory (default: this folder)")
    args = ap.parse_args()

    files = build()
    stale = []
    for sub in ("fix", "keep"):
        os.makedirs(os.path.join(args.dir, sub), exist_ok=True)
        for f in os.listdir(os.path.join(args.dir, sub)):
            if f"{sub}/{f}" not in files:
                stale.append(f"{sub}/{f} (not generated)")
                if not args.check:
                    os.remove(os.path.join(args.dir, sub, f))
    for rel, data in sorted(files.items()):
        path = os.path.join(args.dir, rel)
        old = open(path, "rb").read() if os.path.exists(path) else None
        if old != data:
            stale.append(rel)
            if not args.check:
                with open(path, "wb") as fh:
                    fh.write(data)
    nfix = sum(1 for k in files if k.endswith(".in.txt"))
    nkeep = sum(1 for k in files if k.startswith("keep/"))
    if args.check:
        for s in stale:
            print(f"stale: {s}")
        print(f"{nfix} fix cases, {nkeep} keep cases: " + ("STALE" if stale else "up to date"))
        return 1 if stale else 0
    print(f"wrote {nfix} fix cases and {nkeep} keep cases ({len(stale)} files changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
