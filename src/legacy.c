/*
 * Legacy-to-legacy hypotheses: text whose true encoding R was a legacy code
 * page, read as another single-byte code page W (GBK bytes shown as Latin-1:
 * `ÄãºÃ` is `你好`; cp1251 read as KOI8-R and back; cp866 read as cp1251).
 * The right codec is no longer UTF-8, and these decoders leave no marks, so
 * a candidate is a whole run of characters that W re-encodes and that R
 * decodes without a single error; the plausibility model then weighs it
 * against the text as it stands, as for every other hypothesis.
 */
#include <string.h>

#include "engine.h"
#include "script.h"
#include "utf8.h"

/* The pairs (right, wrong) tried: the right codecs that legacy files are
 * written in, read by the single-byte decoders that misread them most. */
static const struct {
    ub_codec_id right, wrong;
} legacy_pairs[] = {
    {UB_GBK, UB_LATIN1},       {UB_GBK, UB_CP1252},       {UB_BIG5, UB_CP1252},
    {UB_SHIFT_JIS, UB_CP1252}, {UB_EUC_KR, UB_CP1252},    {UB_CP1251, UB_CP1252},
    {UB_CP866, UB_CP1251},     {UB_CP1251, UB_KOI8_R},    {UB_KOI8_R, UB_CP1251},
};
/* windows-1252 read as CP437 is a reading of the whole window
 * (legacy_cp437.c): its images are mostly lone symbols inside words, not
 * runs. */


/* A Latin-1 sign (¡..¿) other than the guillemets, which French
 * typography sets with no-break spaces (A0 is no sign either). */
static int latin1_sign(uint32_t c) { return c >= 0xA1 && c <= 0xBF && c != 0xAB && c != 0xBB; }

/* Candidate for chars [k0, k1) of the chunk text: 1 when made, 0 when the
 * run does not decode, -1 on NOMEM. */
static int try_run(ub_engine *e, const ub_region *r, size_t k0, size_t k1, ub_codec_id right,
                   ub_codec_id wrong) {
    uint8_t *b = e->bytes;
    size_t nb = 0;
    for (size_t k = k0; k < k1; k++) {
        uint8_t x[4];
        int n = e->cp[k] < 0x80 ? (x[0] = (uint8_t)e->cp[k], 1) : ub_codec_encode(wrong, e->cp[k], x);
        if (n != 1) return 0;
        b[nb++] = x[0];
    }
    size_t dec0 = e->ndec;
    for (size_t i = 0; i < nb;) {
        uint32_t cp;
        int l = b[i] < 0x80 ? (cp = b[i], 1) : ub_codec_decode(right, UB_FAMILY_STRICT, b + i, nb - i, &cp);
        if (l == 0) {
            e->ndec = dec0;
            return 0;
        }
        if (ub_push_dec(e, cp)) return -1;
        i += (size_t)l;
    }
    ub_seg s;
    memset(&s, 0, sizeof s);
    s.start = (uint32_t)k0;
    s.end = (uint32_t)k1;
    s.dec_off = (uint32_t)dec0;
    s.dec_n = (uint32_t)(e->ndec - dec0);
    s.hole_off = (uint32_t)e->nholes;
    s.codec = (uint8_t)wrong;
    s.right = (uint8_t)(right + 1);
    s.units = 2; /* a run, not a lone unit: no short-unit margin */
    s.region = (uint32_t)(r - e->reg);
    for (size_t k = k0; k < k1; k++) s.orig_nonascii += e->cp[k] >= 0x80;
    ub_decide_score(e, &s);
    return ub_push_seg(e, &s) ? -1 : 1;
}

uint32_t ub_legacy_wrong_mask(void) {
    uint32_t m = 0;
    for (size_t i = 0; i < sizeof legacy_pairs / sizeof legacy_pairs[0]; i++)
        m |= 1u << legacy_pairs[i].wrong;
    return m;
}

/* A letter of script sc somewhere in the window that codec w cannot
 * encode: text decoded with w holds none, so a run of that script is no
 * text misread with w (Mongolian `эсэх` beside `ө` and `ү`, which neither
 * windows-1251 nor KOI8-R has, is no KOI8-R read as windows-1251). Legacy
 * damage leaves no marks; where the window says it cannot be, it is not
 * tried. */
_Static_assert(UB_CODEC_COUNT * 2 <= 64, "foreign-letter bits: two per codec in a uint64_t");

static int foreign_letter(const ub_engine *e, ub_codec_id w, ub_script sc) {
    uint8_t x[4];
    for (size_t k = 0; k < e->n; k++) {
        uint32_t c = e->cp[k];
        if (c >= 0x80 && !UB_IS_RAW_BYTE(c) && ub_script_of(c) == sc && ub_codec_encode(w, c, x) == 0)
            return 1;
    }
    return 0;
}

/* Cyrillic letters' case: 1 lower, 2 upper, 0 neither (the pairs of
 * U+0460..U+04FF alternate, capital first). */
static int cyrillic_case(uint32_t c) {
    if (c >= 0x0400 && c < 0x0430) return 2;
    if (c >= 0x0430 && c < 0x0460) return 1;
    if (c >= 0x0460 && c < 0x0500) return (c & 1u) ? 1 : 2;
    return 0;
}

/* KOI8-R and windows-1251 put the two cases of each letter in each
 * other's place (KOI8-R's а..я are windows-1251's А..Я): Russian text read
 * one way as the other comes out mostly in capitals (`рТЙЧЕФ` is
 * `Привет`), and genuine text is mostly small letters. A window whose
 * Cyrillic is mostly small letters is genuine text, and so are its runs:
 * one of capitals is an acronym or a heading (`ПНМ/ПБМ`, Serbian `БРОЈ`,
 * Belarusian `ЭіБ`), one of small letters is text (`ффф` read back would
 * be capitals). A misread island would be capitals beside the small
 * letters; an acronym looks the same, and the text around it says which
 * is more common. */
#define UB_CASE_WINDOW_RATIO 2 /* small letters per capital in genuine text, at least */

static int case_flip_pair(ub_codec_id right, ub_codec_id wrong) {
    return (right == UB_CP1251 && wrong == UB_KOI8_R) || (right == UB_KOI8_R && wrong == UB_CP1251);
}

static int small_letter_window(ub_engine *e) {
    if (!e->case_done) {
        e->case_done = 1;
        e->cyr_lower = e->cyr_upper = 0;
        for (size_t k = 0; k < e->n; k++) {
            int c = cyrillic_case(e->cp[k]);
            e->cyr_lower += c == 1;
            e->cyr_upper += c == 2;
        }
    }
    return e->cyr_lower >= UB_CASE_WINDOW_RATIO * e->cyr_upper;
}

int ub_legacy_region(ub_engine *e, const ub_region *r, uint32_t wrong_mask) {
    size_t m = r->c1 - r->c0;
    e->enc_region = NULL; /* bytes[] is scratch here (hypothesis.c) */
    void *p = e->bytes;
    if (ub_grow(e->alloc, &p, &e->cap_bytes, m + 4, 1)) return -1;
    e->bytes = p;
    for (size_t i = 0; i < sizeof legacy_pairs / sizeof legacy_pairs[0]; i++) {
        ub_codec_id right = legacy_pairs[i].right, wrong = legacy_pairs[i].wrong;
        if (!((wrong_mask >> wrong) & 1u) || !((e->codec_mask >> right) & 1u)) continue;
        /* runs: maximal stretches of characters W can re-encode, within a
         * line, holding at least three non-ASCII characters */
        size_t k = r->c0;
        while (k < r->c1) {
            while (k < r->c1 && (e->cp[k] < 0x80 || !ub_codec_encode(wrong, e->cp[k], (uint8_t[4]){0})))
                k++;
            size_t a = k, non_ascii = 0, streak = 0, best_streak = 0, letters = 0;
            ub_script script = UB_SC_COUNT; /* Latin or Cyrillic letters seen */
            while (k < r->c1 && e->cp[k] != '\n') {
                uint8_t x[4];
                if (e->cp[k] >= 0x80) {
                    if (ub_codec_encode(wrong, e->cp[k], x) != 1) break;
                    non_ascii++;
                    ub_script sc = ub_script_of(e->cp[k]);
                    letters += (sc >= UB_SC_LATIN && sc <= UB_SC_HANGUL) || latin1_sign(e->cp[k]);
                    if (sc == UB_SC_LATIN || sc == UB_SC_CYRILLIC) script = sc;
                    if (++streak > best_streak) best_streak = streak;
                } else if (!ub_legacy_trail(e->cp[k]) || e->cp[k - 1] < 0x80) {
                    streak = 0;
                }
                k++;
            }
            size_t b = k;
            while (b > a && e->cp[b - 1] < 0x80) b--; /* no trailing ASCII */
            /* ... but the trail byte of a double-byte character stays (the
             * `w` of `©w`, Big5 A9 77) */
            if (b > a && b < k && ub_codec_is_multibyte(right) && ub_legacy_trail(e->cp[b])) b++;
            /* a word of three or more misread characters: legacy damage of
             * text, not a formula such as `24½ + 7¼` */
            /* ... and at least two letters: a misread text is mostly letters,
             * while `« %s » ` with no-break spaces is French typography.
             * Latin-1 signs count as letters here: the lead bytes of Big5's
             * common hanzi (A4..C6) are `¤`..`¿` in windows-1252, and its
             * trail bytes are often ASCII (`¹w³]³]©w` is 預設設定) */
            int enough = non_ascii >= 3 && best_streak >= 3 && letters >= 2;
            if (enough && script != UB_SC_COUNT) {
                /* computed once per window, codec and script */
                unsigned bit = (unsigned)wrong * 2u + (script == UB_SC_CYRILLIC);
                if (!((e->foreign_done >> bit) & 1ull)) {
                    e->foreign_done |= 1ull << bit;
                    if (foreign_letter(e, wrong, script)) e->foreign |= 1ull << bit;
                }
                if ((e->foreign >> bit) & 1ull) enough = 0;
            }
            if (enough && script == UB_SC_CYRILLIC && case_flip_pair(right, wrong) &&
                small_letter_window(e))
                enough = 0;
            if (enough && try_run(e, r, a, b, right, wrong) < 0) return -1;
            if (k == a) k++;
        }
    }
    return 0;
}
