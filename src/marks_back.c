#include <stdio.h>
#include <stdlib.h>
/*
 * CJK text, Korean or Russian in UTF-8 read as a double-byte codec with the
 * errors replaced: a browser (the WHATWG decoders) or Python's
 * errors=replace. Chinese read as Big5 keeps about a third of its
 * characters as U+FFFD: a UTF-8 continuation byte 80..A0 is no Big5 trail,
 * and the browser's decoder takes the lead and that byte into one mark
 * (`遠端引用` E9 81 A0 E7 AB AF E5 BC 95 E7 94 A8 is `��蝡臬��`); Korean
 * read as Shift_JIS, whose leads EB and EC pair with nothing, fares alike.
 * A character whose bytes went into two marks leaves nothing in place to
 * build a unit from (unit.c), and the pairs read after a mark are out of
 * step with the characters.
 *
 * Here the decoder is run backwards over each run of such text (back.c),
 * each U+FFFD one byte or two the search fills in. Runs are tried under a
 * reading (a codec and a language) only when they hold a mark and their
 * other characters re-encode to bytes nearly all continuation bytes or the
 * language's leads (as sjis_back.c's looks_read): genuine text in those
 * code pages has leads and trails all over the byte range. All runs of one
 * reading in the window form one group (ub_seg.group), accepted or refused
 * together (decide.c).
 */
#include <string.h>

#include "back.h"
#include "engine.h"

#define MB_MIN_CONT_SHARE 0.85 /* of a run's non-ASCII bytes, re-encoded */
#define MB_MIN_NONASCII 3      /* characters, marks included */
#define MB_MAX_MARKS_PER_KNOWN 32
#define MB_MAX_BARE_MARKS 6 /* in a run with no other character */
#define MB_MIN_LEAD_SHARE 0.7  /* of the UTF-8 leads among them, the script's */
#define MB_KANA_JA 0.2         /* of those, E3 (kana) in Japanese at least */
#define MB_KANA_ZH 0.4         /* ... in Chinese at most */

/* The leads of a script's characters and of the punctuation it uses: E2
 * (“ ” … —), E3 (kana, 「 」 、 。), EF (fullwidth ，：（）). */
static const uint8_t han_leads[] = {0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xE2, 0xE3, 0xEF};
static const uint8_t hangul_leads[] = {0xEA, 0xEB, 0xEC, 0xED, 0xE2, 0xE3, 0xEF};
static const uint8_t cyrillic_leads[] = {0xD0, 0xD1, 0xE2};

#define HAN(codec, lang, n) {codec, lang, han_leads, sizeof han_leads, 0xE3, 0xE9, UB_GROUP_MARKS + (n), 1}
#define HANGUL(codec, n) {codec, "ko", hangul_leads, sizeof hangul_leads, 0xEA, 0xED, UB_GROUP_MARKS + (n), 1}
#define CYRILLIC(codec, n) {codec, "ru", cyrillic_leads, sizeof cyrillic_leads, 0xD0, 0xD1, UB_GROUP_MARKS + (n), 1}

static const ub_back_reading readings[] = {
    HAN(UB_BIG5, "zh-Hant", 0),     HAN(UB_BIG5, "zh-Hans", 1),     HAN(UB_BIG5, "ja", 2),
    HANGUL(UB_BIG5, 3),             CYRILLIC(UB_BIG5, 4),
    HAN(UB_SHIFT_JIS, "zh-Hans", 5), HAN(UB_SHIFT_JIS, "zh-Hant", 6), HANGUL(UB_SHIFT_JIS, 7),
    CYRILLIC(UB_SHIFT_JIS, 8),
    HAN(UB_EUC_JP, "ja", 9),        HAN(UB_EUC_JP, "zh-Hans", 10),  HAN(UB_EUC_JP, "zh-Hant", 11),
    HANGUL(UB_EUC_JP, 12),          CYRILLIC(UB_EUC_JP, 13),
    HAN(UB_EUC_KR, "zh-Hans", 14),  HAN(UB_EUC_KR, "zh-Hant", 15),  HAN(UB_EUC_KR, "ja", 16),
    HANGUL(UB_EUC_KR, 17),          CYRILLIC(UB_EUC_KR, 18),
};

/* Is chars [k0, k1) a run worth reading under rd (see the head comment)?
 * The UTF-8 leads among its re-encoded bytes tell the script: Hangul
 * EA..ED, Cyrillic D0 D1, Han E4..E9 with kana E3 (a Japanese text holds a
 * kana lead for a fifth of its leads or more, a Chinese one for few: its
 * E3 is 、。「」). */
static int looks_marked(const ub_engine *e, const ub_back_reading *rd, size_t k0, size_t k1) {
    size_t nonascii = 0, marks = 0, bytes = 0, fit = 0, leads = 0, own = 0, kana = 0;
    for (size_t k = k0; k < k1; k++) {
        uint32_t c = e->cp[k];
        if (c < 0x80) continue;
        nonascii++;
        if (c == 0xFFFD) {
            marks++;
            continue;
        }
        uint8_t b[4];
        int n = ub_codec_encode(rd->codec, c, b);
        for (int i = 0; i < n; i++) {
            int in_script = b[i] >= rd->lead_lo && b[i] <= rd->lead_hi;
            bytes++;
            fit += (b[i] >= 0x80 && b[i] <= 0xBF) || in_script;
            if (b[i] < 0xC2 || b[i] > 0xF4) continue;
            leads++;
            own += (size_t)in_script;
            kana += b[i] == 0xE3;
        }
    }
    /* the characters in place carry what the marks lost, and the
     * context: a long run of marks alone says nothing (`‘%s’` read as
     * EUC-KR by Python is `���%s���`, and the quotes are clear) */
    size_t known = nonascii - marks;
    if (marks == 0 || nonascii < MB_MIN_NONASCII ||
        marks > (known ? MB_MAX_MARKS_PER_KNOWN * known : MB_MAX_BARE_MARKS) ||
        (double)fit < MB_MIN_CONT_SHARE * (double)bytes ||
        (double)own < MB_MIN_LEAD_SHARE * (double)leads)
        return 0;
    if (rd->lead_lo != 0xE3) return 1;
    int japanese = strcmp(rd->lang, "ja") == 0;
    return japanese ? (double)kana >= MB_KANA_JA * (double)leads
                    : (double)kana < MB_KANA_ZH * (double)leads;
}

static int read_all(ub_engine *e, ub_back_search *q, const ub_back_reading *rd) {
    for (size_t ri = 0; ri < e->nreg; ri++) {
        const ub_region *r = &e->reg[ri];
        if (!r->fffd) continue;
        size_t k = r->c0, k0;
        while (ub_back_next_run(e, rd, r, &k, &k0)) {
            if (!looks_marked(e, rd, k0, k)) continue;
            if (ub_back_read_run(q, ri, k0, k)) return -1;
        }
    }
    return 0;
}

int ub_marks_back(ub_engine *e) {
    int any = 0;
    for (size_t ri = 0; ri < e->nreg && !any; ri++) any = e->reg[ri].fffd;
    if (!any) return 0;
    ub_back_search *q = ub_back_new(e);
    if (!q) return -1;
    int rc = 0;
    for (size_t i = 0; i < sizeof readings / sizeof readings[0] && rc == 0; i++)
        if (ub_back_use(q, &readings[i])) rc = read_all(e, q, &readings[i]);
    ub_back_free(q);
    return rc;
}
