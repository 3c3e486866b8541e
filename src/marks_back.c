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
 *
 * Marks saved back in a legacy code page became '?' (the corpus's qmark
 * mode: Python's errors=replace, then encoded with '?' for U+FFFD). In a
 * region where a '?' stands beside a non-ASCII character, '?' is a mark to
 * marks readings too, and where a question would end (before a space or
 * the end, not after another '?') also itself (back.c).
 */
#include <string.h>

#include "back.h"
#include "engine.h"

#define MB_MIN_CONT_SHARE 0.85 /* of a run's non-ASCII bytes, re-encoded */
#define MB_MIN_NONASCII 3      /* characters, marks included */
#define MB_MAX_MARKS_PER_KNOWN 32
#define MB_MAX_BARE_MARKS 6 /* in a run with no other character */
#define MB_MIN_KNOWN_QMARKS 2 /* characters beside '?' read as marks */
#define MB_MIN_LEAD_SHARE 0.7  /* of the UTF-8 leads among them, the script's */
#define MB_KANA_JA 0.2         /* of those, E3 (kana) in Japanese at least */
#define MB_KANA_ZH 0.4         /* ... in Chinese at most */
#define MB_MIN_DROP_LEADS 2    /* script leads in a run read with errors dropped */
#define MB_MIN_DROP_LEAD_SHARE 0.05 /* ... of its bytes */
#define MB_MIN_DROP_RARE 1         /* characters rare in every CJK model ... */
#define MB_MIN_DROP_RARE_SHARE 0.03 /* ... and of its CJK characters (genuine text has few) */
#define MB_MIN_DROP_CJK_SHARE 0.8   /* of its non-ASCII characters, CJK (cjk_char) */

/* The leads of a script's characters and of the punctuation it uses: E2
 * (“ ” … —), E3 (kana, 「 」 、 。), EF (fullwidth ，：（）). */
static const uint8_t han_leads[] = {0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xE2, 0xE3, 0xEF};
static const uint8_t hangul_leads[] = {0xEA, 0xEB, 0xEC, 0xED, 0xE2, 0xE3, 0xEF};
static const uint8_t cyrillic_leads[] = {0xD0, 0xD1, 0xE2};

/* A reading of marks (kind 1: errors replaced) or of drops (kind 0:
 * errors ignored); n numbers its group, one per reading. */
enum { MB_DROPS = 0, MB_MARKS = 1 };
#define HAN(codec, lang, n, kind) \
    {codec, lang, han_leads, sizeof han_leads, 0xE3, 0xE9, UB_GROUP_MARKS + (n), kind, 1}
#define HANGUL(codec, n, kind) \
    {codec, "ko", hangul_leads, sizeof hangul_leads, 0xEA, 0xED, UB_GROUP_MARKS + (n), kind, 1}
#define CYRILLIC(codec, n, kind) \
    {codec, "ru", cyrillic_leads, sizeof cyrillic_leads, 0xD0, 0xD1, UB_GROUP_MARKS + (n), kind, 1}

static const ub_back_reading readings[] = {
    HAN(UB_BIG5, "zh-Hant", 0, MB_MARKS),       HAN(UB_BIG5, "zh-Hans", 1, MB_MARKS),
    HAN(UB_BIG5, "ja", 2, MB_MARKS),            HANGUL(UB_BIG5, 3, MB_MARKS),
    CYRILLIC(UB_BIG5, 4, MB_MARKS),             HAN(UB_SHIFT_JIS, "zh-Hans", 5, MB_MARKS),
    HAN(UB_SHIFT_JIS, "zh-Hant", 6, MB_MARKS),  HANGUL(UB_SHIFT_JIS, 7, MB_MARKS),
    CYRILLIC(UB_SHIFT_JIS, 8, MB_MARKS),        HAN(UB_EUC_JP, "ja", 9, MB_MARKS),
    HAN(UB_EUC_JP, "zh-Hans", 10, MB_MARKS),    HAN(UB_EUC_JP, "zh-Hant", 11, MB_MARKS),
    HANGUL(UB_EUC_JP, 12, MB_MARKS),            CYRILLIC(UB_EUC_JP, 13, MB_MARKS),
    HAN(UB_EUC_KR, "zh-Hans", 14, MB_MARKS),    HAN(UB_EUC_KR, "zh-Hant", 15, MB_MARKS),
    HAN(UB_EUC_KR, "ja", 16, MB_MARKS),         HANGUL(UB_EUC_KR, 17, MB_MARKS),
    CYRILLIC(UB_EUC_KR, 18, MB_MARKS),          HAN(UB_BIG5, "zh-Hant", 19, MB_DROPS),
    HAN(UB_BIG5, "zh-Hans", 20, MB_DROPS),      HAN(UB_BIG5, "ja", 21, MB_DROPS),
    HANGUL(UB_BIG5, 22, MB_DROPS),              CYRILLIC(UB_BIG5, 23, MB_DROPS),
    HAN(UB_EUC_JP, "ja", 24, MB_DROPS),         HAN(UB_EUC_JP, "zh-Hans", 25, MB_DROPS),
    HAN(UB_EUC_JP, "zh-Hant", 26, MB_DROPS),    HANGUL(UB_EUC_JP, 27, MB_DROPS),
    CYRILLIC(UB_EUC_JP, 28, MB_DROPS),          HAN(UB_EUC_KR, "zh-Hans", 29, MB_DROPS),
    HAN(UB_EUC_KR, "zh-Hant", 30, MB_DROPS),    HAN(UB_EUC_KR, "ja", 31, MB_DROPS),
    HANGUL(UB_EUC_KR, 32, MB_DROPS),            CYRILLIC(UB_EUC_KR, 33, MB_DROPS),
};
_Static_assert(sizeof readings / sizeof readings[0] == UB_GROUP_COUNT - UB_GROUP_MARKS,
               "a group per reading (engine.h, enum ub_group)");

/* A character these code pages write as a pair: CJK symbols, kana, Han,
 * Hangul, fullwidth forms; or a C1 control, a byte 80..9F glibc's EUC-JP
 * and EUC-KR read alone. UTF-8 read by one of them gives such characters;
 * `verändert` or `31°` does not come out of one. */
static int cjk_char(uint32_t c) {
    return (c >= 0x80 && c <= 0x9F) || (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* A CJK character (not a C1 control) every CJK model finds rare: genuine
 * text has few, mojibake many (genuine.c). */
static int rare_cjk(ub_engine *e, uint32_t c) {
    return c >= 0x3000 && cjk_char(c) && ub_genuine_rare(e, c);
}

/* Is chars [k0, k1) a run worth reading under rd (see the head comment)?
 * The UTF-8 leads among its re-encoded bytes tell the script: Hangul
 * EA..ED, Cyrillic D0 D1, Han E4..E9 with kana E3 (a Japanese text holds a
 * kana lead for a fifth of its leads or more, a Chinese one for few: its
 * E3 is 、。「」). */
static int looks_marked(ub_engine *e, const ub_back_reading *rd, const ub_region *r, size_t k0,
                        size_t k1) {
    size_t nonascii = 0, marks = 0, bytes = 0, fit = 0, leads = 0, own = 0, kana = 0, cjk = 0;
    size_t qmarks = 0;
    for (size_t k = k0; k < k1; k++) {
        uint32_t c = e->cp[k];
        if (c == '?' && r->qmark && rd->marks) {
            nonascii++;
            marks++;
            qmarks++;
            continue;
        }
        if (c < 0x80) continue;
        nonascii++;
        if (c == 0xFFFD) {
            marks++;
            continue;
        }
        uint8_t b[4];
        int n = ub_codec_encode(rd->codec, c, b);
        /* ... or a symbol of the rows a continuation byte leads (EUC-KR's
         * A1..AC: `━` A6 AC, `ъ` AC DA, `⑤` A8 EB, all from Hangul) */
        cjk += cjk_char(c) || (n == 2 && b[0] >= 0xA1 && b[0] <= 0xBF);
        for (int i = 0; i < n; i++) {
            int in_script = b[i] >= rd->lead_lo && b[i] <= rd->lead_hi;
            bytes++;
            fit += (b[i] >= 0x80 && b[i] <= 0xBF) || in_script;
            if (b[i] < 0xC2 || b[i] > 0xF4) continue;
            leads++;
            own += (size_t)in_script;
            kana += b[i] == 0xE3;
        }
        /* bytes that fit no UTF-8 of the script, more than the share
         * allowed of all the run can still hold (three bytes a character
         * at most): genuine text in the code page, given up on early */
        if ((double)(bytes - fit) > (1.0 - MB_MIN_CONT_SHARE) * (double)(bytes + 3 * (k1 - k - 1)))
            return 0;
    }
    /* the characters in place carry what the marks lost, and the
     * context: a long run of marks alone says nothing (`‘%s’` read as
     * EUC-KR by Python is `���%s���`, and the quotes are clear) */
    size_t known = nonascii - marks;
    /* '?' is a question as often: `jours ??:??` or `(???)` in clean
     * French or Bengali text shows no character the marks cut */
    if (qmarks && known < MB_MIN_KNOWN_QMARKS) return 0;
    if ((marks == 0) == rd->marks || nonascii < MB_MIN_NONASCII ||
        marks > (known ? MB_MAX_MARKS_PER_KNOWN * known : MB_MAX_BARE_MARKS) ||
        (double)fit < MB_MIN_CONT_SHARE * (double)bytes ||
        (double)own < MB_MIN_LEAD_SHARE * (double)leads)
        return 0;
    /* with nothing marked, the bytes themselves must look like the
     * script's UTF-8: a third of Han and Hangul bytes are leads, half of
     * Cyrillic ones, but a decoder drops many of them (glibc's EUC-JP
     * keeps about one lead in ten bytes of Japanese) */
    if (!rd->marks && (own < MB_MIN_DROP_LEADS || (double)own < MB_MIN_DROP_LEAD_SHARE * (double)bytes ||
                       (double)cjk < MB_MIN_DROP_CJK_SHARE * (double)nonascii))
        return 0;
    if (!rd->marks) {
        size_t rare = 0; /* counted last: the model lookups cost most */
        for (size_t k = k0; k < k1; k++) rare += (size_t)rare_cjk(e, e->cp[k]);
        if (rare < MB_MIN_DROP_RARE || (double)rare < MB_MIN_DROP_RARE_SHARE * (double)cjk) return 0;
    }
    if (rd->lead_lo != 0xE3) return 1;
    int japanese = strcmp(rd->lang, "ja") == 0;
    return japanese ? (double)kana >= MB_KANA_JA * (double)leads
                    : (double)kana < MB_KANA_ZH * (double)leads;
}

/* The share of the non-ASCII characters of [k0, k1) that codec c writes
 * as continuation bytes or leads in [lo, hi] (rd's script), of all their
 * bytes; a character c cannot write counts as a byte that does not fit. */
static double fit_share(const ub_engine *e, ub_codec_id c, uint8_t lo, uint8_t hi, size_t k0,
                        size_t k1) {
    size_t bytes = 0, fit = 0;
    for (size_t k = k0; k < k1; k++) {
        if (e->cp[k] < 0x80) continue;
        uint8_t b[4];
        int n = ub_codec_encode(c, e->cp[k], b);
        bytes += n ? (size_t)n : 1;
        for (int i = 0; i < n; i++) fit += (b[i] >= 0x80 && b[i] <= 0xBF) || (b[i] >= lo && b[i] <= hi);
    }
    return bytes ? (double)fit / (double)bytes : 0.0;
}

/* Text read with errors dropped leaves no mark: a run is read so only when
 * rd's codec explains its bytes as well as any double-byte codec does (GBK
 * mojibake, which the unit search undoes, fits GBK best). */
static int best_fit(const ub_engine *e, const ub_back_reading *rd, size_t k0, size_t k1) {
    double own = fit_share(e, rd->codec, rd->lead_lo, rd->lead_hi, k0, k1);
    for (int c = UB_FIRST_MULTIBYTE; c < UB_CODEC_COUNT; c++)
        if (c != (int)rd->codec && ((e->codec_mask >> c) & 1u) &&
            fit_share(e, (ub_codec_id)c, rd->lead_lo, rd->lead_hi, k0, k1) > own)
            return 0;
    return 1;
}

/* A run of a region (ub_back_next_run), the same for every reading of one
 * codec and kind. */
typedef struct mb_run {
    uint32_t region, k0, k1;
} mb_run;

typedef struct mb_runs {
    mb_run *v;
    size_t n, cap;
} mb_runs;

/* The runs of the regions worth rd's kind of reading (worth[ri]: bit 0,
 * region ri holds a U+FFFD or a '?' beside a non-ASCII character, for
 * marks readings; bit 1, it holds
 * MB_MIN_NONASCII characters or more of cjk_char, for readings with errors
 * dropped): most regions of clean text hold neither. */
static int find_runs(ub_engine *e, const ub_back_reading *rd, const uint8_t *worth, mb_runs *runs) {
    runs->n = 0;
    for (size_t ri = 0; ri < e->nreg; ri++) {
        const ub_region *r = &e->reg[ri];
        if (!(worth[ri] & (rd->marks ? 1u : 2u))) continue;
        size_t k = r->c0, k0;
        while (ub_back_next_run(e, rd, r, &k, &k0)) {
            void *p = runs->v;
            if (ub_grow(e->alloc, &p, &runs->cap, runs->n + 1, sizeof *runs->v)) return -1;
            runs->v = p;
            runs->v[runs->n++] = (mb_run){(uint32_t)ri, (uint32_t)k0, (uint32_t)k};
        }
    }
    return 0;
}

static int read_all(ub_engine *e, ub_back_search **q, const ub_back_reading *rd, const mb_runs *runs) {
    for (size_t i = 0; i < runs->n; i++) {
        const mb_run *u = &runs->v[i];
        if (!looks_marked(e, rd, &e->reg[u->region], u->k0, u->k1) ||
            (!rd->marks && !best_fit(e, rd, u->k0, u->k1)))
            continue;
        if (!*q && !(*q = ub_back_new(e))) return -1;
        if (!ub_back_use(*q, rd)) return 0;
        if (ub_back_read_run(*q, u->region, u->k0, u->k1)) return -1;
    }
    return 0;
}

int ub_marks_back(ub_engine *e) {
    if (e->nreg == 0) return 0;
    uint8_t *worth = ub_malloc(e->alloc, e->nreg);
    if (!worth) return -1;
    int any = 0;
    for (size_t ri = 0; ri < e->nreg; ri++) {
        const ub_region *r = &e->reg[ri];
        /* a run read with errors dropped needs MB_MIN_NONASCII characters
         * of cjk_char and a rare one among them (looks_marked) */
        size_t cjk = 0, rare = 0;
        for (uint32_t k = r->c0; k < r->c1 && (cjk < MB_MIN_NONASCII || rare < MB_MIN_DROP_RARE);
             k++) {
            uint32_t c = e->cp[k];
            if (!cjk_char(c)) continue;
            cjk++;
            if (rare < MB_MIN_DROP_RARE) rare += (size_t)rare_cjk(e, c);
        }
        worth[ri] = (uint8_t)((r->fffd || r->qmark ? 1u : 0u) |
                              (!r->fffd && cjk >= MB_MIN_NONASCII && rare >= MB_MIN_DROP_RARE ? 2u : 0u));
        any |= worth[ri];
    }
    ub_back_search *q = NULL; /* made when some run is worth reading */
    mb_runs runs = {NULL, 0, 0};
    const ub_back_reading *last = NULL; /* the runs are last's codec and kind */
    int rc = 0;
    for (size_t i = 0; any && i < sizeof readings / sizeof readings[0] && rc == 0; i++) {
        const ub_back_reading *rd = &readings[i];
        if (!ub_back_usable(e, rd)) continue;
        if (!last || last->codec != rd->codec || last->marks != rd->marks) {
            rc = find_runs(e, rd, worth, &runs);
            last = rd;
        }
        if (rc == 0) rc = read_all(e, &q, rd, &runs);
    }
    ub_back_free(q);
    ub_free(e->alloc, runs.v, runs.cap * sizeof *runs.v);
    ub_free(e->alloc, worth, e->nreg);
    return rc;
}
