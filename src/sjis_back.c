/*
 * Korean read as Shift_JIS with the errors dropped (Python's shift_jis and
 * cp932 codecs, errors=ignore). A Hangul syllable is three UTF-8 bytes, a
 * lead EA..ED and two continuation bytes 80..BF, and Shift_JIS reads them
 * out of step: EB, EC and ED are no Shift_JIS leads and vanish; A1..BF are
 * half-width katakana; 81..9F are leads that take the next byte as their
 * trail, often the next syllable's lead (`의` EC 9D 98 after `제` EC A0 9C
 * is 9C EC `懍`, then 9D 98 `攪`); 80, A0 and a lead whose pair is unmapped
 * vanish too. `다른 운영` becomes `共･ｸ 垓`: every unit of the text lost
 * its lead, and the unit search (unit.c) sees blind guesses only. Russian
 * fares alike under glibc, whose SHIFT_JIS drops an unmapped pair whole:
 * `сл` D1 81 D0 BB is ﾑ and ｻ, 81 and D0 gone together.
 *
 * Here the decoder is run backwards over a whole run of text (back.c), up
 * to two dropped bytes put back between its tokens. All runs of one reading
 * (a script and a codec, `readings`) in the window form one group
 * (ub_seg.group), accepted or refused together (decide.c).
 *
 * Only runs whose non-ASCII bytes, re-encoded, are nearly all 80..BF or
 * Hangul leads, and that show half-width katakana, are tried (looks_read):
 * text that was Korean UTF-8 keeps little else, and Japanese text has leads
 * and trails all over the byte range. Glibc's SHIFT_JIS drops an unmapped
 * pair whole (back.c, pair_gone); CP932 keeps 80 and A0 as characters of
 * their own. A syllable that lost all three bytes leaves nothing to read and
 * stays lost; the search puts back at most two bytes between two tokens.
 */
#include <string.h>

#include "back.h"
#include "engine.h"

#define HS_MIN_CONT_SHARE 0.85 /* of a run's non-ASCII bytes, re-encoded */
#define HS_MIN_NONASCII 3
#define HS_MIN_KANA_SHARE 0.1  /* of its non-ASCII characters, half-width katakana */
#define HS_MIN_KANA 2

/* Hangul EA..ED (U+AC00..U+D7A3), and E2 (“ ” … —), E3 (「 」 and the CJK
 * symbols); Cyrillic D0, D1 (а..я, ё). */
static const uint8_t hangul_leads[] = {0xEA, 0xEB, 0xEC, 0xED, 0xE2, 0xE3};
static const uint8_t cyrillic_leads[] = {0xD0, 0xD1, 0xE2};

/* Text read with errors dropped: nothing marks what was lost. */
static const ub_back_reading readings[] = {
    {UB_SHIFT_JIS, "ko", hangul_leads, sizeof hangul_leads, 0xEA, 0xED, UB_GROUP_HANGUL_SJIS, 0, 0},
    {UB_CP932, "ko", hangul_leads, sizeof hangul_leads, 0xEA, 0xED, UB_GROUP_HANGUL_CP932, 0, 0},
    {UB_SHIFT_JIS, "ru", cyrillic_leads, sizeof cyrillic_leads, 0xD0, 0xD1,
     UB_GROUP_CYRILLIC_SJIS, 0, 0},
    {UB_CP932, "ru", cyrillic_leads, sizeof cyrillic_leads, 0xD0, 0xD1, UB_GROUP_CYRILLIC_CP932, 0, 0},
};
/* Is chars [k0, k1) a run worth reading: its non-ASCII characters
 * re-encode to bytes nearly all 80..BF or the script's leads (Hangul leads
 * kept as the trail of a pair or as CP932's NEC-selected leads ED, EE;
 * Cyrillic leads as ﾐ ﾑ), and some of them are half-width katakana?
 * Chinese and Japanese text, re-encoded, has kanji leads 88..9F and trails
 * 80..BF in plenty, but no half-width katakana among them, and Japanese
 * half-width katakana runs over C0..DF as much as A1..BF. */
static int looks_read(const ub_engine *e, const ub_back_reading *rd, size_t k0, size_t k1) {
    size_t nonascii = 0, bytes = 0, cont = 0, kana = 0;
    for (size_t k = k0; k < k1; k++) {
        if (e->cp[k] < 0x80) continue;
        uint8_t b[4];
        int n = ub_codec_encode(rd->codec, e->cp[k], b);
        nonascii++;
        kana += n == 1 && b[0] >= 0xA1 && b[0] <= 0xDF;
        for (int i = 0; i < n; i++) {
            bytes++;
            cont += (b[i] >= 0x80 && b[i] <= 0xBF) ||
                    (b[i] >= rd->lead_lo && b[i] <= rd->lead_hi);
        }
    }
    return nonascii >= HS_MIN_NONASCII && (double)cont >= HS_MIN_CONT_SHARE * (double)bytes &&
           kana >= HS_MIN_KANA && (double)kana >= HS_MIN_KANA_SHARE * (double)nonascii;
}

static int halfwidth_kana(uint32_t c) { return c >= 0xFF61 && c <= 0xFF9F; }

static int read_all(ub_engine *e, ub_back_search *q, const ub_back_reading *rd) {
    for (size_t ri = 0; ri < e->nreg; ri++) {
        const ub_region *r = &e->reg[ri];
        /* no half-width katakana: no run of the region is worth reading */
        size_t kana = r->c0;
        while (kana < r->c1 && !halfwidth_kana(e->cp[kana])) kana++;
        if (kana == r->c1) continue;
        /* runs of characters the codec encodes (U+FFFD is a mark of
         * other damage: it ends runs) */
        size_t k = r->c0, k0;
        while (ub_back_next_run(e, rd, r, &k, &k0)) {
            if (!looks_read(e, rd, k0, k)) continue;
            if (ub_back_read_run(q, ri, k0, k)) return -1;
        }
    }
    return 0;
}

/* Does the text hold a half-width katakana U+FF61..U+FF9F (EF BD A1..BF,
 * EF BE 80..9F), the mark of every run worth reading? */
int ub_text_has_halfwidth_kana(const uint8_t *t, size_t len) {
    const uint8_t *p = t, *end = t + len;
    while (p + 2 < end && (p = memchr(p, 0xEF, (size_t)(end - p - 2))) != NULL) {
        if ((p[1] == 0xBD && p[2] >= 0xA1 && p[2] <= 0xBF) || (p[1] == 0xBE && p[2] <= 0x9F))
            return 1;
        p++;
    }
    return 0;
}

int ub_sjis_back(ub_engine *e) {
    if (!e->halfwidth_kana) return 0;
    ub_back_search *q = ub_back_new(e);
    if (!q) return -1;
    int rc = 0;
    for (size_t i = 0; i < sizeof readings / sizeof readings[0] && rc == 0; i++)
        if (ub_back_use(q, &readings[i])) rc = read_all(e, q, &readings[i]);
    ub_back_free(q);
    return rc;
}
