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
    {UB_CP1252, UB_CP437},
};
/* Not yet: cp1252 read as CP437 (its math and box symbols make clean
 * formulas such as `mc² ≈` look like such damage), and KOI8-R <-> cp1251,
 * which flips letter case and needs a case-aware model to tell real
 * capitals from inverted ones. */


/* A Latin-1 sign (¡..¿) other than the guillemets, which French
 * typography sets with no-break spaces (A0 is no sign either). */
static int latin1_sign(uint32_t c) { return c >= 0xA1 && c <= 0xBF && c != 0xAB && c != 0xBB; }

static int ascii_alpha(uint32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* ASCII letters in a row from char k going by step (-1, +1) in region r. */
static size_t letters_from(const ub_engine *e, const ub_region *r, size_t k, int step) {
    size_t n = 0;
    for (size_t i = k; i >= r->c0 && i < r->c1 && ascii_alpha(e->cp[i]); i += (size_t)step) n++;
    return n;
}

static uint32_t punct_of(uint32_t c);
static uint32_t before(const ub_engine *e, const ub_region *r, size_t k);
static uint32_t after(const ub_engine *e, const ub_region *r, size_t k);
static int contraction(const ub_engine *e, const ub_region *r, size_t k);

/* CP437's images of the windows-1252 vowels with grave or acute accents
 * that end Romance words (`pi∙` più, `giα` già, `perchΘ` perché, `pu≥` può,
 * `asφ` así): after two letters they are glue too. */
static int accented_vowel_image(uint32_t c) {
    uint8_t b[4];
    if (c < 0x80 || ub_codec_encode(UB_CP437, c, b) != 1) return 0;
    switch (b[0]) {
    case 0xE0: case 0xE1: case 0xE8: case 0xE9: case 0xEC:
    case 0xED: case 0xF2: case 0xF3: case 0xF9: case 0xFA: return 1;
    default: return 0;
    }
}

/* Char k sits glued to a word: letters on both sides, or three letters on
 * one side and no digit on the other, or an accented vowel's image after
 * two letters. `fⁿr`, `─hnlich` are; `x²`, `24½`
 * and `mc²` (formulas, whose symbols CP437 also has) are not. */
static int glued(const ub_engine *e, const ub_region *r, size_t k) {
    /* only a symbol or a Greek letter: CP437 shows windows-1252's umlauts
     * as `Σ`, `÷`, `ⁿ`, `▀`, `─`, `Θ`; a Latin letter in a word (Danish
     * `væ`, `BEMÆRK`) is spelling, and a no-break space between words is
     * typography */
    ub_script sc = ub_script_of(e->cp[k]);
    if (sc == UB_SC_SPACE) return 0;
    /* ... except the apostrophe of an English contraction (`itÆs`) */
    if (sc == UB_SC_LATIN)
        return punct_of(e->cp[k]) == 0x2019 && k > r->c0 && ascii_alpha(e->cp[k - 1]) &&
               contraction(e, r, k);
    size_t left = k > r->c0 ? letters_from(e, r, k - 1, -1) : 0;
    size_t right = letters_from(e, r, k + 1, 1);
    uint32_t pc = k > r->c0 ? e->cp[k - 1] : ' ', nc = k + 1 < r->c1 ? e->cp[k + 1] : ' ';
    int digit = (pc >= '0' && pc <= '9') || (nc >= '0' && nc <= '9');
    return (left && right) || (!digit && (left >= 3 || right >= 3)) ||
           (left >= 2 && !digit && accented_vowel_image(e->cp[k]));
}

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
    void *p = e->segs;
    if (ub_grow(e->alloc, &p, &e->cap_segs, e->nsegs + 1, sizeof *e->segs)) return -1;
    e->segs = p;
    e->segs[e->nsegs++] = s;
    return 1;
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

/* Char k stands between words: the nearest characters on both sides past
 * one space are ASCII letters (a line edge counts as a word edge): `non Φ
 * specificato`, not `≤ 128K`. */
static int among_words(const ub_engine *e, const ub_region *r, size_t k) {
    uint32_t pc = before(e, r, k), nc = after(e, r, k);
    if (pc == ' ') pc = k > r->c0 + 1 ? e->cp[k - 2] : ' ';
    if (nc == ' ') nc = k + 2 < r->c1 ? e->cp[k + 2] : ' ';
    return (ascii_alpha(pc) || pc == '\n') && ascii_alpha(nc);
}

/* Some character of the window is a CP437 symbol glued inside a word: the
 * window shows windows-1252 read as CP437, and its lone `Φ` between
 * spaces (Italian è) is worth a try too. Computed once per window. */
static int window_glue(ub_engine *e) {
    if (e->cp437_glue < 0) {
        e->cp437_glue = 0;
        uint8_t x[4];
        for (size_t ri = 0; ri < e->nreg && !e->cp437_glue; ri++) {
            const ub_region *g = &e->reg[ri];
            for (size_t k = g->c0; k < g->c1 && !e->cp437_glue; k++)
                if (e->cp[k] >= 0x80 && ub_codec_encode(UB_CP437, e->cp[k], x) == 1 && glued(e, g, k))
                    e->cp437_glue = 1;
        }
    }
    return e->cp437_glue;
}

int ub_legacy_region(ub_engine *e, const ub_region *r, uint32_t wrong_mask) {
    size_t m = r->c1 - r->c0;
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
            size_t a = k, non_ascii = 0, streak = 0, best_streak = 0, glue = 0, loose = 0, letters = 0;
            ub_script script = UB_SC_COUNT; /* Latin or Cyrillic letters seen */
            while (k < r->c1 && e->cp[k] != '\n') {
                uint8_t x[4];
                if (e->cp[k] >= 0x80) {
                    if (ub_codec_encode(wrong, e->cp[k], x) != 1) break;
                    non_ascii++;
                    ub_script sc = ub_script_of(e->cp[k]);
                    letters += (sc >= UB_SC_LATIN && sc <= UB_SC_HANGUL) || latin1_sign(e->cp[k]);
                    if (sc == UB_SC_LATIN || sc == UB_SC_CYRILLIC) script = sc;
                    if (wrong == UB_CP437 && glued(e, r, k)) glue++;
                    if (wrong == UB_CP437 && among_words(e, r, k)) loose++;
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
            /* CP437 shows windows-1252 letters as symbols glued inside
             * words (`fⁿr`, `au▀erdem`): there one is enough */
            /* ... and at least two letters: a misread text is mostly letters,
             * while `« %s » ` with no-break spaces is French typography
             * (CP437 shows letters as symbols: `fⁿr` is judged by its glue).
             * Latin-1 signs count as letters here: the lead bytes of Big5's
             * common hanzi (A4..C6) are `¤`..`¿` in windows-1252, and its
             * trail bytes are often ASCII (`¹w³]³]©w` is 預設設定) */
            int enough = wrong == UB_CP437 ? glue > 0 || (loose > 0 && window_glue(e))
                                            : non_ascii >= 3 && best_streak >= 3;
            if (wrong != UB_CP437 && letters < 2) enough = 0;
            if (enough && script != UB_SC_COUNT) {
                /* computed once per window, codec and script */
                unsigned bit = (unsigned)wrong * 2u + (script == UB_SC_CYRILLIC);
                if (!((e->foreign_done >> bit) & 1ull)) {
                    e->foreign_done |= 1ull << bit;
                    if (foreign_letter(e, wrong, script)) e->foreign |= 1ull << bit;
                }
                if ((e->foreign >> bit) & 1ull) enough = 0;
            }
            if (enough && try_run(e, r, a, b, right, wrong) < 0) return -1;
            if (k == a) k++;
        }
    }
    return 0;
}

/* ---- windows-1252 punctuation read as CP437 ------------------------------
 * English text rarely holds three non-ASCII characters in a row, so the run
 * search above never sees cp1252 read as CP437: what shows is a CP437 letter
 * where a quote, bullet or dash stood (`æ/usr/bin/dirmngrÆ`, `ò item`,
 * `donÆt`). Each such character is a one-character legacy segment, taken on
 * its typographic context (bits added to its gain) and only when the
 * window holds at least two of them: æ in a Danish word or ò in an Italian
 * one has none of these contexts. */
#define UB_PUNCT_PAIR_BITS 18.0f    /* ‘…’ or “…” on one line */
#define UB_PUNCT_BULLET_BITS 16.0f  /* • at a line start before a space */
#define UB_PUNCT_INWORD_BITS 14.0f  /* ’ between two ASCII letters */
#define UB_PUNCT_DASH_BITS 14.0f    /* – or — between spaces */
#define UB_PUNCT_MAX_HITS 4096

/* The cp1252 punctuation whose byte CP437 shows as c, or 0. The ellipsis
 * (0x85, CP437 à) is left out: `voilà ` has its context. */
static uint32_t punct_of(uint32_t c) {
    uint8_t b[4];
    if (c < 0x80 || ub_codec_encode(UB_CP437, c, b) != 1) return 0;
    switch (b[0]) {
    case 0x91: return 0x2018;
    case 0x92: return 0x2019;
    case 0x93: return 0x201C;
    case 0x94: return 0x201D;
    case 0x95: return 0x2022;
    case 0x96: return 0x2013;
    case 0x97: return 0x2014;
    default: return 0;
    }
}

static int ascii_letter(uint32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int blank(uint32_t c) { return c == ' ' || c == '\t' || c == '\n'; }
static int closes(uint32_t c) {
    return blank(c) || c == ',' || c == '.' || c == ';' || c == ':' || c == ')' || c == '!' ||
           c == '?';
}

/* The character before / after chars k of region r ('\n' at the chunk
 * edges: a chunk starts and ends at line breaks or spaces). */
static uint32_t before(const ub_engine *e, const ub_region *r, size_t k) {
    if (k > r->c0) return e->cp[k - 1];
    return r->b0 > 0 ? e->chunk[r->b0 - 1] : '\n';
}
static uint32_t after(const ub_engine *e, const ub_region *r, size_t k) {
    if (k + 1 < r->c1) return e->cp[k + 1];
    return r->b1 < e->chunk_len ? e->chunk[r->b1] : '\n';
}

/* The letters after char k are an English contraction ending (`donÆt`,
 * `itÆs`, `weÆre`, `IÆll`), followed by a non-letter: an apostrophe there;
 * `BEMÆRK` is a Danish word. */
static int contraction(const ub_engine *e, const ub_region *r, size_t k) {
    char w[4];
    size_t n = 0;
    for (size_t j = k + 1; n < 3; j++) {
        uint32_t c = j < r->c1 ? e->cp[j] : after(e, r, r->c1 - 1);
        if (!ascii_letter(c)) break;
        w[n++] = (char)(c | 0x20);
        if (j >= r->c1) break;
    }
    if (n == 0 || n > 2) return 0;
    w[n] = 0;
    static const char *const endings[] = {"s", "t", "d", "m", "re", "ve", "ll"};
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++)
        if (strcmp(w, endings[i]) == 0) return 1;
    return 0;
}

typedef struct punct_hit {
    uint32_t k, region, punct;
    float bits;
} punct_hit;

static int taken_hit(const punct_hit *h, size_t n, size_t k) {
    for (size_t i = 0; i < n; i++)
        if (h[i].k == k) return 1;
    return 0;
}

int ub_legacy_punct(ub_engine *e) {
    if (!((e->codec_mask >> UB_CP437) & 1u) || !((e->codec_mask >> UB_CP1252) & 1u)) return 0;
    punct_hit hits[64];
    punct_hit *h = hits;
    size_t n = 0, cap = sizeof hits / sizeof hits[0];
    int rc = 0;
    for (size_t ri = 0; ri < e->nreg && n + 2 <= UB_PUNCT_MAX_HITS; ri++) {
        const ub_region *r = &e->reg[ri];
        for (size_t k = r->c0; k < r->c1; k++) {
            uint32_t p = punct_of(e->cp[k]);
            if (!p || taken_hit(h, n, k)) continue;
            uint32_t prev = before(e, r, k), next = after(e, r, k);
            float bits = 0;
            size_t pair = 0;
            if ((p == 0x2018 || p == 0x201C) && (blank(prev) || prev == '(' || prev == '[') &&
                !blank(next)) {
                uint32_t want = p == 0x2018 ? 0x2019 : 0x201D;
                for (size_t j = k + 1; j < r->c1 && e->cp[j] != '\n'; j++)
                    if (punct_of(e->cp[j]) == want && !blank(e->cp[j - 1]) &&
                        closes(after(e, r, j))) {
                        pair = j;
                        break;
                    }
                if (pair) bits = UB_PUNCT_PAIR_BITS;
            } else if (p == 0x2019 && ascii_letter(prev) && contraction(e, r, k)) {
                bits = UB_PUNCT_INWORD_BITS;
            } else if (p == 0x2022 && prev == '\n' && next == ' ') {
                bits = UB_PUNCT_BULLET_BITS;
            } else if ((p == 0x2013 || p == 0x2014) && prev == ' ' && next == ' ') {
                bits = UB_PUNCT_DASH_BITS;
            }
            if (bits == 0) continue;
            if (n + 2 > cap) {
                size_t ncap = cap * 2;
                punct_hit *g = ub_malloc(e->alloc, ncap * sizeof *g);
                if (!g) {
                    rc = -1;
                    goto out;
                }
                memcpy(g, h, n * sizeof *g);
                if (h != hits) ub_free(e->alloc, h, cap * sizeof *h);
                h = g;
                cap = ncap;
            }
            h[n++] = (punct_hit){(uint32_t)k, (uint32_t)ri, p, bits};
            if (pair)
                h[n++] = (punct_hit){(uint32_t)pair, (uint32_t)ri, punct_of(e->cp[pair]), bits};
        }
    }
    /* one such character alone is no evidence of the mix-up */
    for (size_t i = 0; n >= 2 && i < n; i++) {
        ub_seg s;
        memset(&s, 0, sizeof s);
        s.start = h[i].k;
        s.end = h[i].k + 1;
        s.dec_off = (uint32_t)e->ndec;
        if (ub_push_dec(e, h[i].punct)) {
            rc = -1;
            goto out;
        }
        s.dec_n = 1;
        s.hole_off = (uint32_t)e->nholes;
        s.codec = (uint8_t)UB_CP437;
        s.right = (uint8_t)(UB_CP1252 + 1);
        s.units = 2; /* no short-unit margin: the context is the evidence */
        s.region = h[i].region;
        s.orig_nonascii = 1;
        s.context_bits = h[i].bits;
        ub_decide_score(e, &s);
        void *p = e->segs;
        if (ub_grow(e->alloc, &p, &e->cap_segs, e->nsegs + 1, sizeof *e->segs)) {
            rc = -1;
            goto out;
        }
        e->segs = p;
        e->segs[e->nsegs++] = s;
    }
out:
    if (h != hits) ub_free(e->alloc, h, cap * sizeof *h);
    return rc;
}
