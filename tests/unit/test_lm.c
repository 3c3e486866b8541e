/* Plausibility model: language lookup, floor, and real text vs mojibake. */
#include "lm.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* Decode UTF-8 (valid input only) and sum log2 P of the non-ASCII chars. */
/* The next code point of valid UTF-8 at *p, advancing *p. */
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *q = *p;
    uint32_t cp;
    int n;
    if (*q < 0x80) { cp = *q; n = 1; }
    else if (*q < 0xE0) { cp = *q & 0x1Fu; n = 2; }
    else if (*q < 0xF0) { cp = *q & 0x0Fu; n = 3; }
    else { cp = *q & 0x07u; n = 4; }
    for (int i = 1; i < n; i++)
        cp = (cp << 6) | (q[i] & 0x3Fu);
    *p = q + n;
    return cp;
}

static float score(int lang, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    float sum = 0.0f;
    while (*p)
        sum += ub_lm_logp(lang, next_cp(&p));
    return sum;
}

static float best(const char *s)
{
    float b = -1e9f;
    for (int l = 0; l < ub_lm_lang_count(); l++) {
        float v = score(l, s);
        if (v > b)
            b = v;
    }
    return b;
}

/* Hash a word or a letter triple the way the lost-byte search does:
 * letters folded as ub_lm_word_letter (case, and Greek stress dropped). */
static uint32_t word_hash(int lang, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int f = ub_lm_bigram_fold(lang);
    uint32_t h = UB_LM_WORD_HASH_INIT;
    while (*p)
        h = ub_lm_word_hash(h, ub_lm_word_letter(next_cp(&p), f));
    return h;
}

/* The frequency class of a letter triple under model lang, its letters
 * folded as the lost-byte search folds them. */
static int triple_level(int lang, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int f = ub_lm_bigram_fold(lang);
    uint32_t t[3];
    for (int i = 0; i < 3; i++)
        t[i] = ub_lm_word_letter(next_cp(&p), f);
    return ub_lm_trigram_level(lang, t[0], t[1], t[2]);
}

/* Every entry of a model's pair set (arity 2) or triple set (3), decoded
 * from the layout (tools/gen_lm_tables.py, static_set): the key back from
 * the bucket and remainder (times the multiplier's inverse), the letters
 * from their ranks in the alphabet; each must be found with its own value.
 * Returns the entries found so, or -1 when the directory disagrees with the
 * entries. */
static long check_set(int l, int arity)
{
    static uint32_t letters[1 << 16];
    const ub_lm_model *m = &ub_lm_models[l];
    const ub_lm_alpha *al = arity == 2 ? &m->bg_alpha : &m->tg_alpha;
    const ub_lm_set *st = arity == 2 ? &m->bg : &m->tg;
    long nl = 0, found = 0;
    for (uint32_t page = 0; page < (uint32_t)al->npages; page++) {
        unsigned pi = al->index[page];
        for (uint32_t w = 0; pi && w < 4; w++) {
            uint64_t bits = al->bits[(pi - 1) * 4 + w];
            if (al->rank[(pi - 1) * 4 + w] != nl)
                return -1;
            for (uint32_t b = 0; b < 64; b++)
                if ((bits >> b) & 1u)
                    letters[nl++] = ((uint32_t)al->page0 + page) << 8 | w << 6 | b;
        }
    }
    if (nl != al->n)
        return -1;
    uint32_t inv = st->mul; /* Newton: each step doubles the bits right */
    for (int i = 0; i < 5; i++)
        inv *= 2u - st->mul * inv;
    uint64_t kmask = ((uint64_t)1 << st->kbits) - 1u, rmask = ((uint64_t)1 << st->rbits) - 1u;
    unsigned ebits = (unsigned)(st->rbits + st->vbits);
    size_t i = 0, nbuckets = (size_t)1 << (st->kbits - st->rbits);
    for (size_t bucket = 0; bucket < nbuckets; bucket++) {
        if (bucket % 16 == 0 && st->base[bucket / 16] != i)
            return -1;
        for (unsigned k = (unsigned)(st->cnt[bucket / 16] >> (4 * (bucket % 16))) & 15u; k > 0;
             k--, i++) {
            uint64_t e = 0;
            for (unsigned bit = 0; bit < ebits; bit++)
                e |= (uint64_t)((st->ent[(i * ebits + bit) / 8] >> ((i * ebits + bit) % 8)) & 1u)
                     << bit;
            uint64_t x = (uint64_t)bucket << st->rbits | (e & rmask);
            uint32_t key = (uint32_t)((x * inv) & kmask), n = (uint32_t)nl;
            long v = (long)(e >> st->rbits);
            if (arity == 2)
                found += ub_lm_bigram_folded(l, letters[key / n], letters[key % n]) ==
                         (float)v * 0.25f;
            else
                found += ub_lm_trigram_level(l, letters[key / n / n], letters[key / n % n],
                                             letters[key % n]) == v;
        }
    }
    return i == (size_t)st->n ? found : -1;
}

static int L(const char *name)
{
    int i = ub_lm_lang_find(name);
    if (i < 0)
        fprintf(stderr, "missing language model %s\n", name);
    return i;
}

int main(void)
{
    static const char *const langs[] = {
        "zh-Hans", "zh-Hant", "ja", "ko", "ru", "uk", "bg", "el", "de", "fr", "es",
        "it", "pt", "pl", "cs", "hu", "tr", "vi", "he", "ar", "en"};
    const int nl = (int)(sizeof langs / sizeof langs[0]);

    /* language list and round trip */
    CHECK(ub_lm_lang_count() >= nl);
    for (int i = 0; i < nl; i++)
        CHECK(L(langs[i]) >= 0);
    for (int i = 0; i < ub_lm_lang_count(); i++) {
        const char *n = ub_lm_lang_name(i);
        CHECK(n != NULL);
        CHECK(n != NULL && ub_lm_lang_find(n) == i);
    }
    CHECK(ub_lm_lang_find("xx-nope") == -1);
    CHECK(ub_lm_lang_find(NULL) == -1);
    CHECK(ub_lm_lang_name(-1) == NULL);
    CHECK(ub_lm_lang_name(ub_lm_lang_count()) == NULL);

    /* floor and ASCII for every language; nothing above 0, nothing below floor */
    for (int l = 0; l < ub_lm_lang_count(); l++) {
        CHECK(ub_lm_logp(l, 0xE000) == UB_LM_FLOOR);
        CHECK(ub_lm_logp(l, 0xFFFD) == UB_LM_FLOOR);
        CHECK(ub_lm_logp(l, 0x10FFFF) == UB_LM_FLOOR);
        CHECK(ub_lm_logp(l, 'a') == 0.0f);
        CHECK(ub_lm_bigram(l, 0xE000, 0xE001) == 0.0f);
        for (uint32_t cp = 0x80; cp < 0x3100; cp++) {
            float v = ub_lm_logp(l, cp);
            if (!(v >= UB_LM_FLOOR && v < 0.0f)) {
                CHECK(v >= UB_LM_FLOOR && v < 0.0f);
                break;
            }
        }
        /* general punctuation is modelled everywhere (never the floor) */
        static const uint32_t punct[] = {0x201C, 0x201D, 0x2018, 0x2019, 0x2013, 0x2014,
                                         0x2026, 0x2022, 0x00AB, 0x00BB, 0x00B0, 0x00A9,
                                         0x00D7, 0x00B7, 0x20AC};
        for (size_t i = 0; i < sizeof punct / sizeof punct[0]; i++) {
            if (!(ub_lm_logp(l, punct[i]) > UB_LM_FLOOR + 4)) {
                fprintf(stderr, "%s: U+%04X at %.1f\n", ub_lm_lang_name(l),
                        (unsigned)punct[i], (double)ub_lm_logp(l, punct[i]));
                CHECK(ub_lm_logp(l, punct[i]) > UB_LM_FLOOR + 4);
            }
        }
    }
    CHECK(ub_lm_logp(-1, 0x4E2D) == UB_LM_FLOOR);
    CHECK(ub_lm_logp(ub_lm_lang_count(), 0x4E2D) == UB_LM_FLOOR);

    int zh = L("zh-Hans"), tw = L("zh-Hant"), ja = L("ja"), ko = L("ko"), ru = L("ru");
    int pt = L("pt"), es = L("es"), fr = L("fr"), en = L("en"), vi = L("vi");
    int he = L("he"), ar = L("ar"), el = L("el"), de = L("de"), uk = L("uk");

    /* CJK */
    CHECK(ub_lm_logp(zh, 0x7684) > ub_lm_logp(zh, 0x9225) + 5);   /* 的 vs 鈥 */
    CHECK(ub_lm_logp(zh, 0x7684) > -9.0f);
    CHECK(ub_lm_logp(tw, 0x570B) > ub_lm_logp(tw, 0x56FD));         /* 國 vs 国 */
    CHECK(ub_lm_logp(zh, 0x56FD) > ub_lm_logp(zh, 0x570B));         /* 国 vs 國 */
    CHECK(ub_lm_logp(ja, 0x306E) > -6.0f);                          /* の */
    CHECK(ub_lm_logp(ja, 0x306E) > ub_lm_logp(ja, 0x7E3A) + 8);     /* の vs 縺 */
    CHECK(ub_lm_logp(ko, 0xC774) > -8.0f);                          /* 이 */
    CHECK(ub_lm_logp(ko, 0xC774) > ub_lm_logp(ko, 0xB1A4) + 4);     /* 이 vs 뇤 */
    /* Korean words side by side: an object before 사(용하다), a genitive
     * before a noun (마지막); only Korean has the pairs */
    CHECK(ub_lm_spaced(ko, 0xC744, 0xC0AC) > 1.0f);                  /* 을 사 */
    CHECK(ub_lm_spaced(ko, 0xC758, 0xC0AC) < -1.0f);                 /* 의 사 */
    CHECK(ub_lm_spaced(ko, 0xC758, 0xB9C8) > ub_lm_spaced(ko, 0xC744, 0xB9C8)); /* 의 마 */
    CHECK(ub_lm_spaced(ko, 'a', 0xC0AC) == 0.0f);
    CHECK(ub_lm_spaced(zh, 0x7684, 0x4E2D) == 0.0f);
    CHECK(ub_lm_spaced(-1, 0xC744, 0xC0AC) == 0.0f);
    CHECK(score(zh, "你好") > score(zh, "浣犲ソ") + 10);
    CHECK(best("你好") > best("浣犲ソ") + 8);
    CHECK(best("こんにちは") > best("縺薙ｓ縺ｫ縺｡縺ｯ") + 30);
    CHECK(best("文字化け") > best("譁蟄怜喧縺") + 10);
    CHECK(best("안녕하세요") > best("\xef\xbf\xbd븞\xef\xbf\xbd뀞\xef\xbf\xbd븯\xef\xbf\xbd꽭\xef\xbf\xbd슂") + 30);

    /* Greek oxia letters are their tonos letters (NFC singletons) */
    CHECK(ub_lm_logp(el, 0x1F77) == ub_lm_logp(el, 0x3AF));         /* ί */
    CHECK(ub_lm_logp(el, 0x1FBB) == ub_lm_logp(el, 0x386));         /* Ά */
    CHECK(ub_lm_logp(el, 0x1F77) > UB_LM_FLOOR + 8);
    CHECK(ub_lm_bigram(el, 0x3C1, 0x1F77) == ub_lm_bigram(el, 0x3C1, 0x3AF)); /* ρί */
    CHECK(ub_lm_word_letter(0x1F79, 1) == ub_lm_word_letter(0x3CC, 1)); /* ό */

    /* bigrams */
    CHECK(ub_lm_bigram(zh, 0x4E2D, 0x56FD) > 0.0f);                 /* 中国 */
    CHECK(ub_lm_bigram(tw, 0x4E2D, 0x570B) > 0.0f);                 /* 中國 */
    CHECK(ub_lm_bigram(ja, 0x65E5, 0x672C) > 0.0f);                 /* 日本 */
    CHECK(ub_lm_bigram(ko, 0xD55C, 0xAD6D) > 0.0f);                 /* 한국 */
    CHECK(ub_lm_bigram(zh, 0x6D63, 0x72B2) == 0.0f);                /* 浣犲 */
    CHECK(ub_lm_bigram(ko, 0xD55C, 'A') == 0.0f);                   /* CJK: no folding */
    for (int l = 0; l < ub_lm_lang_count(); l++)
        CHECK(ub_lm_bigram(l, 0x4E2D, 0x56FD) >= 0.0f);

    /* letter pairs of the alphabetic languages (case-folded) */
    int bg = L("bg"), pl = L("pl"), cs = L("cs"), tr = L("tr"), it = L("it");
    CHECK(ub_lm_bigram(ru, 0x0441, 0x0442) > 0.0f);                 /* ст */
    CHECK(ub_lm_bigram(ru, 0x0441, 0x0442) > ub_lm_bigram(ru, 0x0440, 0x0442)); /* ст > рт */
    CHECK(ub_lm_bigram(ru, 0x0421, 0x0442) == ub_lm_bigram(ru, 0x0441, 0x0442)); /* Ст */
    CHECK(ub_lm_bigram(ru, 0x0421, 0x0422) == ub_lm_bigram(ru, 0x0441, 0x0442)); /* СТ */
    CHECK(ub_lm_bigram(ru, 0x0401, 0x0436) == ub_lm_bigram(ru, 0x0451, 0x0436)); /* Ёж */
    CHECK(ub_lm_bigram(uk, 0x0457, 0x0445) > 0.0f);                 /* їх */
    CHECK(ub_lm_bigram(uk, 0x0407, 0x0425) == ub_lm_bigram(uk, 0x0457, 0x0445));
    CHECK(ub_lm_bigram(bg, 0x0449, 0x0435) > 0.0f);                 /* ще */
    CHECK(ub_lm_bigram(el, 0x03BA, 0x03B1) > 0.0f);                 /* κα */
    CHECK(ub_lm_bigram(el, 0x039A, 0x0391) == ub_lm_bigram(el, 0x03BA, 0x03B1));
    CHECK(ub_lm_bigram(el, 0x03A3, 0x03C4) == ub_lm_bigram(el, 0x03C3, 0x03C4)); /* Στ */
    CHECK(ub_lm_bigram(el, 0x0388, 0x03BD) == ub_lm_bigram(el, 0x03AD, 0x03BD)); /* Έν */
    CHECK(ub_lm_bigram(de, 0x00E4, 0x00DF) > 0.0f);                 /* äß (gemäß) */
    CHECK(ub_lm_bigram(de, 0x00E4, 0x00DF) > ub_lm_bigram(de, 0x00E4, 0x00FC)); /* äß > äü */
    CHECK(ub_lm_bigram(de, 0x00DF, 'i') > 0.0f);                    /* ßi (mäßig) */
    CHECK(ub_lm_bigram(de, 'm', 0x00E4) > 0.0f);                    /* mä */
    CHECK(ub_lm_bigram(de, 'M', 0x00C4) == ub_lm_bigram(de, 'm', 0x00E4));
    CHECK(ub_lm_bigram(de, 0x00DF, 'I') == ub_lm_bigram(de, 0x00DF, 'i'));
    CHECK(ub_lm_bigram(de, 0x1E9E, 'i') == ub_lm_bigram(de, 0x00DF, 'i')); /* ẞ */
    CHECK(ub_lm_bigram(de, 't', 'h') == 0.0f);                      /* ASCII pairs: none */
    CHECK(ub_lm_bigram(de, 'T', 'H') == 0.0f);
    CHECK(ub_lm_bigram(fr, 0x00E9, 't') > 0.0f);                    /* ét */
    CHECK(ub_lm_bigram(es, 0x00F1, 'o') > 0.0f);                    /* ño */
    CHECK(ub_lm_bigram(es, 0x00D1, 'O') == ub_lm_bigram(es, 0x00F1, 'o'));
    CHECK(ub_lm_bigram(pt, 0x00E7, 0x00E3) > 0.0f);                 /* çã */
    CHECK(ub_lm_bigram(pl, 0x0105, 'c') + ub_lm_bigram(pl, 0x0119, 'c') > 0.0f); /* ąc / ęc */
    CHECK(ub_lm_bigram(pl, 0x0141, 0x0105) == ub_lm_bigram(pl, 0x0142, 0x0105)); /* Łą */
    CHECK(ub_lm_bigram(pl, 0x017B, 'y') == ub_lm_bigram(pl, 0x017C, 'y'));     /* Ży */
    CHECK(ub_lm_bigram(cs, 0x0159, 'e') > 0.0f);                    /* ře */
    CHECK(ub_lm_bigram(cs, 0x0158, 'E') == ub_lm_bigram(cs, 0x0159, 'e'));
    CHECK(ub_lm_bigram(tr, 0x0131, 'l') == ub_lm_bigram(tr, 'I', 'l')); /* Turkish I -> ı */
    CHECK(ub_lm_bigram(tr, 0x0130, 0x015F) == ub_lm_bigram(tr, 'i', 0x015F)); /* İş */
    CHECK(ub_lm_bigram(it, 0x00E0, 0x00E8) == 0.0f);
    /* the static sets (tools/gen_lm_tables.py): every stored pair and
     * triple is found with its own value, and the directory counts them all */
    for (int l = 0; l < ub_lm_model_count; l++) {
        if (ub_lm_models[l].bg.n > 0)
            CHECK(check_set(l, 2) == ub_lm_models[l].bg.n);
        if (ub_lm_models[l].tg.n > 0)
            CHECK(check_set(l, 3) == ub_lm_models[l].tg.n);
    }
    for (int l = 0; l < ub_lm_lang_count(); l++) {
        CHECK(ub_lm_bigram(l, 'a', 'b') == 0.0f);
        CHECK(ub_lm_bigram(l, 0x0441, 0x110000) == 0.0f);
    }
    printf("bigram ru ст %.2f рт %.2f Ст %.2f | de äß %.2f äü %.2f ßi %.2f üi %.2f mä %.2f"
           " | el κα %.2f | fr ét %.2f | tr ıl %.2f\n",
           (double)ub_lm_bigram(ru, 0x0441, 0x0442), (double)ub_lm_bigram(ru, 0x0440, 0x0442),
           (double)ub_lm_bigram(ru, 0x0421, 0x0442), (double)ub_lm_bigram(de, 0x00E4, 0x00DF),
           (double)ub_lm_bigram(de, 0x00E4, 0x00FC), (double)ub_lm_bigram(de, 0x00DF, 'i'),
           (double)ub_lm_bigram(de, 0x00FC, 'i'), (double)ub_lm_bigram(de, 'm', 0x00E4),
           (double)ub_lm_bigram(el, 0x03BA, 0x03B1), (double)ub_lm_bigram(fr, 0x00E9, 't'),
           (double)ub_lm_bigram(tr, 0x0131, 'l'));

    /* alphabets */
    CHECK(ub_lm_logp(ru, 0x043E) > ub_lm_logp(ru, 0x046A) + 10);    /* о vs Ѫ */
    CHECK(ub_lm_logp(ru, 0x043E) > -5.0f);
    CHECK(ub_lm_logp(uk, 0x0457) > ub_lm_logp(ru, 0x0457));         /* ї */
    CHECK(best("Привет") > best("РџСЂРёРІРµС‚") + 30);
    CHECK(ub_lm_logp(el, 0x03B1) > -6.0f);                          /* α */
    CHECK(ub_lm_logp(de, 0x00FC) > -4.0f);                          /* ü */
    CHECK(ub_lm_logp(fr, 0x00E9) > -4.0f);                          /* é */
    CHECK(ub_lm_logp(he, 0x05D5) > -6.0f);                          /* ו */
    CHECK(ub_lm_logp(ar, 0x0627) > -6.0f);                          /* ا */
    CHECK(ub_lm_logp(vi, 0x1EC7) > -10.0f);                         /* ệ */
    CHECK(ub_lm_logp(vi, 0x01B0) > -8.0f);                          /* ư */
    /* Latin-1 capitals where the language uses them: low but real */
    CHECK(ub_lm_logp(pt, 0x00C3) > UB_LM_FLOOR + 4);                /* Ã */
    CHECK(ub_lm_logp(es, 0x00D1) > UB_LM_FLOOR + 4);                /* Ñ */
    CHECK(ub_lm_logp(pt, 0x00C3) < ub_lm_logp(pt, 0x00E3));         /* Ã < ã */
    CHECK(best("café") > best("cafÃ©") + 8);
    CHECK(best("“quote”") > best("â€œquoteâ€\xc2\x9d") + 8);
    CHECK(ub_lm_logp(en, 0x201C) > -6.0f);                          /* “ in English */
    CHECK(ub_lm_logp(en, 0x00E9) > UB_LM_FLOOR + 4);                /* é (café) */

    /* separation figures, for the report */
    static const char *const pairs[][2] = {
        {"你好", "浣犲ソ"}, {"こんにちは", "縺薙ｓ縺ｫ縺｡縺ｯ"},
        {"Привет", "РџСЂРёРІРµС‚"}, {"café", "cafÃ©"},
        {"“quote”", "â€œquoteâ€\xc2\x9d"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        printf("%-16s %7.1f   vs  %-24s %7.1f\n", pairs[i][0], (double)best(pairs[i][0]),
               pairs[i][1], (double)best(pairs[i][1]));
    /* frequent words (data/lm/<lang>.words.tsv): found whatever their case,
     * not found with one letter changed; no list, no word */
    CHECK(ub_lm_has_words(L("ru")) && ub_lm_has_words(L("el")));
    CHECK(ub_lm_word_level(L("ru"), word_hash(L("ru"), "\u0434\u043b\u044f")) >= 0);      /* для */
    CHECK(ub_lm_word_level(L("ru"), word_hash(L("ru"), "\u0414\u041b\u042f")) >= 0);      /* ДЛЯ */
    CHECK(ub_lm_word_level(L("ru"), word_hash(L("ru"), "\u0434\u043b\u0441")) < 0);     /* длс */
    CHECK(ub_lm_word_level(L("el"), word_hash(L("el"), "\u03b5\u03af\u03bd\u03b1\u03b9")) >= 0); /* είναι */
    CHECK(ub_lm_word_level(L("el"), word_hash(L("el"), "\u03b5\u03af\u03c1\u03b1\u03b9")) < 0);
    CHECK(ub_lm_word_level(L("el"), word_hash(L("el"), "\u0395\u0399\u039d\u0391\u0399")) >= 0); /* ΕΙΝΑΙ */
    CHECK(!ub_lm_has_words(L("zh-Hans")));
    CHECK(ub_lm_word_level(L("zh-Hans"), word_hash(L("zh-Hans"), "\u4e2d\u6587")) < 0); /* 中文 */
    /* Korean and Japanese words are runs of Hangul and of katakana */
    CHECK(ub_lm_word_level(L("ko"), word_hash(L("ko"), "\ud398\uc774\uc9c0")) >= 0); /* 페이지 */
    CHECK(ub_lm_word_level(L("ja"), word_hash(L("ja"), "\u30cd\u30c3\u30c8\u30ef\u30fc\u30af")) >= 0); /* ネットワーク */
    CHECK(!ub_lm_has_words(-1) && ub_lm_word_level(-1, 1) < 0);
    /* frequency classes: Hebrew את (the object marker) is among the most
     * frequent words, מת (dead), one lost byte away, is rare */
    int et = ub_lm_word_level(L("he"), word_hash(L("he"), "\u05d0\u05ea"));
    int met = ub_lm_word_level(L("he"), word_hash(L("he"), "\u05de\u05ea"));
    CHECK(et >= 12 && et <= UB_LM_WORD_LEVEL_MAX && met >= 0 && met + 6 <= et);

    /* letter triples (data/lm/<lang>.trigrams.tsv), a space at a word's
     * edge: Russian words end in -ия; no word holds йъь */
    CHECK(ub_lm_has_trigrams(L("ru")) && !ub_lm_has_trigrams(L("zh-Hans")));
    CHECK(triple_level(L("ru"), "\u0438\u044f ") >= 0);
    CHECK(triple_level(L("ru"), "\u0439\u044a\u044c") < 0);
    /* Greek triples keyed without stress: από and απο are one, and frequent */
    CHECK(triple_level(L("el"), "\u03b1\u03c0\u03cc") >= 10);
    CHECK(triple_level(L("el"), "\u03b1\u03c0\u03bf") ==
          triple_level(L("el"), "\u03b1\u03c0\u03cc"));

    /* run edges (data/lm/<cjk>.edges.tsv): は ends Japanese phrases, ま
     * (ます) hardly ever; unknown characters and models say nothing */
    CHECK(ub_lm_edge(L("ja"), 0x306F, 1) > 1.0f);
    CHECK(ub_lm_edge(L("ja"), 0x307E, 1) < -3.0f);
    CHECK(ub_lm_edge(L("ja"), 0x3042 + 0x10000, 1) == 0.0f);
    CHECK(ub_lm_edge(L("ru"), 0x043E, 1) == 0.0f);
    CHECK(ub_lm_edge(-1, 0x306F, 0) == 0.0f);
    for (int l = 0; l < ub_lm_lang_count(); l++)
        for (uint32_t cp = 0x3040; cp < 0x30A0; cp++) {
            float v = ub_lm_edge(l, cp, (int)(cp & 1u));
            CHECK(v >= -8.0f && v <= 8.0f);
        }

    return ut_report("test_lm");
}
