/*
 * Plausibility of a piece of text (DESIGN.md section 3.5): the sum of the
 * per-character log-probabilities of its non-ASCII characters under the
 * language model that likes it best, plus bigram evidence, minus the
 * script-transition and character-class costs of script.c. ASCII is not
 * scored: every candidate decoding of the same bytes shares it, and it is
 * what the damage leaves intact.
 */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "script.h"

#define UB_NBSP_LOGP (-10.0f)

/* Half-width katakana (U+FF61..U+FF9F, JIS X 0201) are scored as their
 * full-width forms, less a penalty for the rarer spelling: the language
 * tables are built from text that uses full-width kana. */
#define UB_HALFWIDTH_PENALTY 3.0f
static const uint16_t halfwidth_kana[63] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,
    0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,
    0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,
    0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x309B, 0x309C};

/* Symbols and punctuation the corpora happen not to contain (box drawing,
 * arrows, rare math) are legitimate in any language's technical text: they
 * get a softer floor than letters of a foreign script. */
#define UB_SYMBOL_FLOOR (-16.0f)

#define UB_IN_SCRIPT_FLOOR (-15.0f)

/* What a word of ASCII letters costs a model whose script is not Latin. */
#define UB_FOREIGN_WORD_BITS 1.0f

/* Main script of a language model, from the letter its table likes best
 * among a Latin, a Cyrillic and a Greek probe letter. */
static ub_script probe_script(int lang) {
    float la = ub_lm_logp(lang, 0xE9), cy = ub_lm_logp(lang, 0x43E), gr = ub_lm_logp(lang, 0x3BF);
    if (la > UB_LM_FLOOR && la >= cy && la >= gr) return UB_SC_LATIN;
    if (cy > UB_LM_FLOOR && cy >= gr) return UB_SC_CYRILLIC;
    if (gr > UB_LM_FLOOR) return UB_SC_GREEK;
    if (ub_lm_logp(lang, 0x627) > UB_LM_FLOOR) return UB_SC_ARABIC; /* alef */
    if (ub_lm_logp(lang, 0x5D0) > UB_LM_FLOOR) return UB_SC_HEBREW; /* alef */
    return UB_SC_COUNT;
}

/* *raw receives the model's own value (UB_LM_FLOOR when unknown). */
/* The table's value of c under model lang (ub_lm_logp; a half-width
 * kana's is its full-width form's). */
static float raw_logp(int lang, uint32_t c) {
    return ub_lm_logp(lang, c >= 0xFF61 && c <= 0xFF9F ? halfwidth_kana[c - 0xFF61] : c);
}

/* char_logp from the table's value v = raw_logp(lang, c). */
static float char_value(const ub_engine *e, int lang, uint32_t c, int generous, float v) {
    if (c >= 0xFF61 && c <= 0xFF9F) return v - UB_HALFWIDTH_PENALTY;
    if (v > UB_LM_FLOOR) return v;
    ub_script s = ub_script_of(c);
    if (c >= 0x2000 && c < 0x2E00 && (s == UB_SC_SYMBOL || s == UB_SC_PUNCT)) return UB_SYMBOL_FLOOR;
    if (c >= 0xA1 && c <= 0xBF) return UB_SYMBOL_FLOOR; /* Latin-1 signs: µ, ¿, ¶... */
    /* A letter of the language's own script that its corpora lack (Å in a
     * Spanish unit name) is rare, not impossible. Only the text as it
     * stands gets this benefit of the doubt; a repair that would produce
     * such a letter must earn it (the asymmetry keeps clean text intact). */
    if (generous &&
        (s == UB_SC_LATIN || s == UB_SC_CYRILLIC || s == UB_SC_GREEK || s == UB_SC_ARABIC ||
         s == UB_SC_HEBREW) &&
        e->lang_script[lang] == s)
        return UB_IN_SCRIPT_FLOOR;
    /* ... and so is a Greek letter in Latin-script text, where science
     * writes it (`Δt`, `Φext`, `α-particle`) */
    if (generous && s == UB_SC_GREEK && e->lang_script[lang] == UB_SC_LATIN) return UB_IN_SCRIPT_FLOOR;
    return v;
}

static float char_logp(const ub_engine *e, int lang, uint32_t c, int generous, float *raw) {
    *raw = raw_logp(lang, c);
    return char_value(e, lang, c, generous, *raw);
}

/* Zero-width format characters (ZWSP, ZWNJ, ZWJ, LRM, RLM, word joiner)
 * are part of correct spelling in Persian, Urdu and Indic text and of bidi
 * and emoji text: in the text as it stands they are transparent, scored
 * neither as characters nor as breaks between the letters they sit between
 * (`ش‌` is no `ԝ`). A repair that would produce one gets no such favour
 * (`…` read as ISO-8859-2 is not a ZWNJ). */
static int transparent(uint32_t c) { return (c >= 0x200B && c <= 0x200F) || c == 0x2060; }

static int is_cjk(ub_script s) {
    return s == UB_SC_HAN || s == UB_SC_KANA || s == UB_SC_HANGUL;
}

static int is_letter(ub_script s) { return s >= UB_SC_LATIN && s <= UB_SC_HANGUL; }

/* A symbol glued between two letters (`КА°ЛОГ`) is rare in text; the
 * apostrophes, hyphens and dashes that do sit there are not counted. */
#define UB_SYMBOL_IN_WORD_COST 4.0f
/* A CJK character with no CJK neighbour inside Latin text (`15000 繕s`) is
 * rare in real text and typical of a stray multi-byte misreading. */
#define UB_ISOLATED_CJK_COST 4.0f
#define UB_COMBINING_COST 6.0f
#define UB_CASE_FLIP_COST 3.0f
#define UB_CAPS_RUN_COST 0.75f
/* Box drawing and block elements (U+2500..U+259F) come in runs: tables,
 * frames, rules (`┌──────┐`). In the text as it stands, after another one
 * a box character is nearly free; alone it costs what any rare symbol
 * costs. A repair gets no such favour: cp866 read as windows-1251 turns
 * Cyrillic into runs of box drawing (`└┴┬├─`). */
#define UB_BOX_RUN_BONUS 12.0f

static int box_drawing(uint32_t c) { return c >= 0x2500 && c <= 0x259F; }

static float in_word_cost(uint32_t prev, uint32_t c, uint32_t next) {
    ub_script s = ub_script_of(c);
    /* ... and so is a Greek letter inside a Latin word (`appelΘe`: CP437
     * shows windows-1252's é as Θ); formulas put Greek at a word's edge
     * (`Δt`, `2π`) */
    if (s == UB_SC_GREEK)
        return ub_script_of(prev) == UB_SC_LATIN && ub_script_of(next) == UB_SC_LATIN
                   ? UB_SYMBOL_IN_WORD_COST
                   : 0.0f;
    if (s != UB_SC_SYMBOL && s != UB_SC_PUNCT) return 0.0f;
    if (c == 0x2019 || c == 0x2018 || c == 0xB7 || (c >= 0x2010 && c <= 0x2015)) return 0.0f;
    return is_letter(ub_script_of(prev)) && is_letter(ub_script_of(next)) ? UB_SYMBOL_IN_WORD_COST
                                                                          : 0.0f;
}

/* Windows-1252 writes language model L: the characters it encodes carry
 * nearly all of the model's non-ASCII probability. True of English (’ “ ”
 * – — •) and the Western European languages; not of Czech (č ř ě ů),
 * Polish, Hungarian (ő ű), Turkish, Vietnamese, nor of any other script. */
#define UB_CP1252_LANG_SHARE 0.93f

static int cp1252_writes(int lang) {
    double in = 0;
    for (int b = 0x80; b < 0x100; b++) {
        uint8_t x = (uint8_t)b;
        uint32_t c;
        if (ub_codec_decode(UB_CP1252, UB_FAMILY_STRICT, &x, 1, &c) != 1) continue;
        float v = ub_lm_logp(lang, c);
        if (v > UB_LM_FLOOR) in += exp2((double)v);
    }
    return in >= UB_CP1252_LANG_SHARE;
}

/* The main script of every model, once per engine: char_logp needs it per
 * lookup, and ASCII letters take part in the bigrams of Latin models. */
void ub_score_init(ub_engine *e) {
    e->latin_langs = 0;
    for (int L = 0; L < e->nlang && L < 32; L++) {
        e->lang_script[L] = (uint8_t)probe_script(L);
        e->bg_fold[L] = (uint8_t)ub_lm_bigram_fold(L);
        if (e->lang_script[L] == UB_SC_LATIN) e->latin_langs |= 1u << L;
    }
    e->cp1252_langs = 0;
    for (int L = 0; L < e->nlang && L < 32; L++)
        if (cp1252_writes(L))
            e->cp1252_langs |= 1u << L;
    e->ascii_ranked = 0;
}

/* Lower case of the letters whose case legacy mix-ups flip (KOI8-R read as
 * windows-1251 inverts it): Latin-1, Latin Extended-A, Greek, Cyrillic. */
static uint32_t fold_case(uint32_t c) {
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
        c != 0x17F) {
        int odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (odd_upper ? (c & 1u) : !(c & 1u)) return c + 1;
        return c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    return c;
}

/* ---- per-engine code point cache ---------------------------------------
 * Direct-mapped on a multiplicative hash of the code point, UB_CP_CACHE_SIZE
 * rows of 16 + 4 * nlang bytes (2048 rows, 200 KB per engine; 4096 saved
 * 4% of the instructions on clean Chinese but, with decide.c's caches, took
 * peak RSS at -j2 past 64 MB). A row
 * holds what scoring needs of a character under every model at once: one
 * lookup replaces 21 table searches. */

static const ub_cp_row *fill_row(ub_engine *e, ub_cp_row *r, float *vals, float *lm,
                                 int32_t *rank, uint32_t c) {
    r->cp = c;
    r->known = r->in_script = 0;
    r->halfwidth = c >= 0xFF61 && c <= 0xFF9F;
    ub_pairs_fill(e, c, rank, &r->fold_ascii);
    for (int L = 0; L < e->nlang; L++) {
        float raw = raw_logp(L, c); /* once for both values below */
        vals[L] = char_value(e, L, c, 0, raw);
        if (raw > UB_LM_FLOOR) r->known |= 1u << L;
        else if (char_value(e, L, c, 1, raw) != vals[L]) r->in_script |= 1u << L;
        lm[L] = ((r->known >> L) & 1u) ? vals[L] : UB_LM_FLOOR; /* row_lm's */
    }
    return r;
}

const ub_cp_row *ub_score_row(ub_engine *e, uint32_t c, const float **vals) {
    if (!e->cp_rows) {
        e->cp_rows = ub_malloc(e->alloc, UB_CP_CACHE_SIZE * sizeof *e->cp_rows);
        e->cp_vals = ub_malloc(e->alloc, UB_CP_CACHE_SIZE * sizeof(float) * (size_t)e->nlang);
        e->cp_lm = ub_malloc(e->alloc, UB_CP_CACHE_SIZE * sizeof(float) * (size_t)e->nlang);
        e->cp_rank = ub_malloc(e->alloc, UB_CP_CACHE_SIZE * sizeof(int32_t) * (size_t)e->nlang);
        if (!e->cp_rows || !e->cp_vals || !e->cp_lm || !e->cp_rank) {
            ub_score_free(e);
            return NULL;
        }
        memset(e->cp_rows, 0, UB_CP_CACHE_SIZE * sizeof *e->cp_rows);
    }
    uint32_t slot = (c * UB_HASH_MUL) >> (32 - UB_CP_CACHE_BITS);
    ub_cp_row *r = &e->cp_rows[slot];
    *vals = e->cp_vals + (size_t)slot * (size_t)e->nlang;
    if (r->cp == c) return r;
    size_t at = (size_t)slot * (size_t)e->nlang;
    return fill_row(e, r, e->cp_vals + at, e->cp_lm + at, e->cp_rank + at, c);
}

/* The row of c when its values are the tables' own (ub_lm_logp: not for
 * ASCII, whose value is 0, nor for half-width kana, whose row holds the
 * full-width form's), else NULL. */
static const ub_cp_row *lm_row(ub_engine *e, uint32_t c, const float **v) {
    if (c < 0x80) return NULL;
    const ub_cp_row *r = ub_score_row(e, c, v);
    return r && !r->halfwidth ? r : NULL;
}

static float row_lm(const ub_cp_row *r, const float *v, int L) {
    return ((r->known >> L) & 1u) ? v[L] : UB_LM_FLOOR;
}

float ub_score_lm_logp(ub_engine *e, int L, uint32_t c) {
    const float *v;
    const ub_cp_row *r = lm_row(e, c, &v);
    return r ? row_lm(r, v, L) : ub_lm_logp(L, c);
}

void ub_score_add_lm(ub_engine *e, uint32_t c, float *vec) {
    const float *v;
    const ub_cp_row *r = lm_row(e, c, &v);
    if (!r) {
        for (int L = 0; L < e->nlang; L++) vec[L] += ub_lm_logp(L, c);
        return;
    }
    /* the row's row_lm values, kept beside it: every clean character of a
     * window's prior comes through here (prior.c), and a plain sum of two
     * vectors is what the compiler makes fast */
    const float *lm = e->cp_lm + (v - e->cp_vals);
    for (int L = 0; L < e->nlang; L++) vec[L] += lm[L];
}

float ub_score_best_logp(ub_engine *e, uint32_t c) {
    const float *v;
    const ub_cp_row *r = lm_row(e, c, &v);
    float best = UB_LM_FLOOR;
    for (int L = 0; L < e->nlang; L++) {
        float x = r ? row_lm(r, v, L) : ub_lm_logp(L, c);
        if (x > best) best = x;
    }
    return best;
}

void ub_score_free(ub_engine *e) {
    ub_free(e->alloc, e->text_scores, UB_TEXT_CACHE_SIZE * sizeof *e->text_scores);
    ub_free(e->alloc, e->text_vals, UB_TEXT_CACHE_SIZE * (size_t)e->nlang * sizeof(float));
    e->text_scores = NULL;
    e->text_vals = NULL;
    ub_free(e->alloc, e->model_memo, UB_MODEL_MEMO_SIZE * sizeof *e->model_memo);
    e->model_memo = NULL;
    ub_free(e->alloc, e->cp_rows, UB_CP_CACHE_SIZE * sizeof *e->cp_rows);
    ub_free(e->alloc, e->cp_vals, UB_CP_CACHE_SIZE * sizeof(float) * (size_t)e->nlang);
    ub_free(e->alloc, e->cp_lm, UB_CP_CACHE_SIZE * sizeof(float) * (size_t)e->nlang);
    ub_free(e->alloc, e->cp_rank, UB_CP_CACHE_SIZE * sizeof(int32_t) * (size_t)e->nlang);
    e->cp_rows = NULL;
    e->cp_vals = NULL;
    e->cp_lm = NULL;
    e->cp_rank = NULL;
}

/* Which models know character c (bit L), and c case-folded as lang_vector
 * reads it; 0 for characters that start no bigram (space, digits...). */
static uint32_t knowers(ub_engine *e, uint32_t *c, int fold) {
    if (*c == 0 || *c == UB_DEC_SKIP || *c == 0xFFFD) return 0;
    if (fold) *c = fold_case(*c);
    if (*c < 0x80) return ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z') ? e->latin_langs : 0;
    const float *v;
    const ub_cp_row *r = ub_score_row(e, *c, &v);
    if (!r) {
        uint32_t m = 0;
        for (int L = 0; L < e->nlang; L++)
            if (ub_lm_logp(L, *c) > UB_LM_FLOOR) m |= 1u << L;
        return m;
    }
    return r->known;
}

/* The letter-pair ranks of the previous character of lang_vector, found
 * when a pair first needs them (score_memo.c): two buffers, the previous
 * character's and the current one's, swapped as the text moves on. */
typedef struct pair_ranks {
    int32_t buf[2][32];
    const int32_t *prev; /* NULL: not found yet */
    uint8_t prev_ascii;
    int cur;             /* the buffer the next character's ranks go to */
} pair_ranks;

/* vec[L] += the value of the pair (a, b) for the models of mask (as
 * ub_lm_bigram_folded, a and b folded as each model folds); b becomes the
 * previous character, its ranks found. brow: b's row (values bvals) when
 * the caller holds it, else NULL. b's ranks are copied first: finding a's
 * may take b's row slot. */
static void add_pair(ub_engine *e, pair_ranks *pr, float *vec, uint32_t mask, uint32_t a,
                     uint32_t b, const ub_cp_row *brow, const float *bvals) {
    uint8_t b_ascii;
    const int32_t *rb = brow ? ub_pairs_of_row(e, b, brow, bvals, pr->buf[pr->cur], &b_ascii)
                             : ub_pairs_of(e, b, pr->buf[pr->cur], &b_ascii);
    if (!pr->prev) pr->prev = ub_pairs_of(e, a, pr->buf[pr->cur ^ 1], &pr->prev_ascii);
    ub_pairs_add(e, vec, mask, pr->prev, pr->prev_ascii, rb, b_ascii);
    pr->prev = rb;
    pr->prev_ascii = b_ascii;
    pr->cur ^= 1;
}

static int ascii_letter_cp(uint32_t c) { return c < 0x80 && (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

static void lang_vector(ub_engine *e, const uint32_t *cps, size_t n, float *vec, int generous,
                        uint32_t left, uint32_t right) {
    int fold = generous & UB_SCORE_FOLD;
    generous &= ~UB_SCORE_FOLD;
    int nl = e->nlang;
    for (int L = 0; L < nl; L++) vec[L] = 0.0f;
    uint32_t latin = e->latin_langs;
    /* A bigram can only be known to a model that knows both characters:
     * `known` says which models know the previous one, which skips most
     * lookups (a hanzi pair is looked up in the three CJK models only). */
    /* the characters around the text take part in its bigrams (信 before
     * 息 speaks for 息, not for ©); they add no probability of their own */
    uint32_t prev = left, known = knowers(e, &prev, fold);
    if (!known) prev = 0;
    pair_ranks pr;
    pr.prev = NULL;
    pr.cur = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if (c == UB_DEC_SKIP || (generous && transparent(c))) continue;
        if (fold) c = fold_case(c);
        if (c < 0x80) {
            int letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            /* the letter-pair tables hold no pair of two ASCII letters
             * (ub_lm_bigram gives 0): a plain word costs no lookups */
            uint32_t mask = letter && prev >= 0x80 ? known & latin : 0;
            if (mask) add_pair(e, &pr, vec, mask, prev, c, NULL, NULL);
            else pr.prev = NULL;
            /* a word of ASCII letters is Latin-script text: models of other
             * scripts pay for each one they would have to explain (a line
             * of Italian words around `Φ` is no Greek text) */
            if (letter && !ascii_letter_cp(i ? cps[i - 1] : left) && i + 1 < n &&
                ascii_letter_cp(cps[i + 1]))
                for (int L = 0; L < nl; L++)
                    if (!((latin >> L) & 1u)) vec[L] -= UB_FOREIGN_WORD_BITS;
            prev = letter ? c : 0;
            known = letter ? latin : 0;
            continue;
        }
        if (c == 0xA0 || c == 0x202F || (c >= 0x2000 && c <= 0x200A)) {
            /* no-break and fixed-width spaces are common in every language
             * (French puts one before `: ; ! ?` and inside « »), but the
             * corpora behind the models mostly turned them into spaces: a
             * fixed cost of a common character, the same everywhere, so
             * `É\u00a0:` is no `ɠ:` while `Ã\u00a0` still reads as à */
            for (int L = 0; L < nl; L++) vec[L] += UB_NBSP_LOGP;
            prev = 0;
            known = 0;
            continue;
        }
        if (c == 0xFFFD) {
            for (int L = 0; L < nl; L++) vec[L] += UB_SCORE_REPLACEMENT_LOGP;
            prev = 0;
            known = 0;
            continue;
        }
        const float *val;
        const ub_cp_row *row = ub_score_row(e, c, &val);
        uint32_t now = 0;
        if (row) {
            uint32_t floor = generous ? row->in_script : 0;
            for (int L = 0; L < nl; L++)
                vec[L] += ((floor >> L) & 1u) ? UB_IN_SCRIPT_FLOOR : val[L];
            now = row->known;
        } else { /* no memory for the cache: the same values, uncached */
            for (int L = 0; L < nl; L++) {
                float raw;
                vec[L] += char_logp(e, L, c, generous, &raw);
                if (raw > UB_LM_FLOOR) now |= 1u << L;
            }
        }
        uint32_t mask = prev ? known & now : 0;
        if (mask) add_pair(e, &pr, vec, mask, prev, c, row, val);
        else pr.prev = NULL;
        prev = c;
        known = now;
    }
    uint32_t rk = prev ? knowers(e, &right, fold) & known : 0;
    if (right < 0x80) rk &= latin; /* an ASCII letter pairs in Latin models only */
    if (rk) add_pair(e, &pr, vec, rk, prev, right, NULL, NULL);
}

void ub_score_lang_vector(ub_engine *e, const uint32_t *cps, size_t n, float *vec) {
    lang_vector(e, cps, n, vec, 0, 0, 0);
}

static int cyrillic_capital(uint32_t c) { return c >= 0x400 && c <= 0x42F; }
static int cyrillic_small(uint32_t c) { return c >= 0x430 && c <= 0x45F; }
static int greek_capital(uint32_t c) { return c >= 0x386 && c <= 0x3AB && c != 0x387; }
static int greek_small(uint32_t c) { return c >= 0x3AC && c <= 0x3CE; }

float ub_score_best(const ub_engine *e, const float *vec, const float *prior) {
    float best = -INFINITY;
    for (int L = 0; L < e->nlang; L++) {
        float v = vec[L] + (prior ? prior[L] : 0.0f);
        if (v > best) best = v;
    }
    return e->nlang == 0 ? 0.0f : best;
}

float ub_score_chars(ub_engine *e, const uint32_t *cps, size_t n, uint32_t left,
                     uint32_t right, const float *prior, int generous) {
    float *vec = e->lang_b;
    float context = ub_score_prepare(e, cps, n, left, right, generous, vec);
    return ub_score_best(e, vec, prior) - context;
}

float ub_score_prepare(ub_engine *e, const uint32_t *cps, size_t n, uint32_t left,
                       uint32_t right, int generous, float *vec) {
    int fold = generous & UB_SCORE_FOLD;
    int gen = generous & ~UB_SCORE_FOLD;
    lang_vector(e, cps, n, vec, generous, left, right);
    uint32_t pc = left ? left : ' ', ppc = ' ';
    ub_script prev = ub_script_of(pc), pprev = UB_SC_SPACE;
    float context = 0;
    for (size_t i = 0; i <= n; i++) {
        uint32_t c = i < n ? cps[i] : (right ? right : ' ');
        if (c == UB_DEC_SKIP || (gen && transparent(c))) continue;
        ub_script s = ub_script_of(c);
        context += ub_script_transition(prev, s);
        if (i < n) context += ub_script_char_cost(s);
        /* NFC text seldom holds a free-standing generic combining mark; a
         * repair that produces one is suspect */
        if (i < n && c >= 0x300 && c <= 0x36F) context += UB_COMBINING_COST;
        if (gen && i < n && box_drawing(c) && box_drawing(pc)) context -= UB_BOX_RUN_BONUS;

        /* where case is compared at all (legacy readings, scored case-folded),
         * a capital right after a small letter is rare in real text and
         * typical of a KOI8-R <-> windows-1251 mix-up (`оПХБЕР`) */
        if (fold && i < n && cyrillic_capital(c) && cyrillic_small(pc)) context += UB_CASE_FLIP_COST;
        /* ... and in any reading a Greek capital right after a small
         * Greek letter (`ήήήήΡ`: the capitals of ΟΝΟΜΑ read as ISO-8859-7) */
        else if (i < n && greek_capital(c) && greek_small(pc)) context += UB_CASE_FLIP_COST;
        /* ... and words in capitals are rarer than words in small letters
         * (KOI8-R small letters read as windows-1251 are capitals) */
        if (fold && i < n && cyrillic_capital(c) && cyrillic_capital(pc)) context += UB_CAPS_RUN_COST;
        /* judge the previous character now that both its neighbours are known */
        if (i > 0) {
            context += in_word_cost(ppc, pc, c);
            if (is_cjk(prev) && !is_cjk(pprev) && !is_cjk(s) && (is_letter(pprev) || is_letter(s)))
                context += UB_ISOLATED_CJK_COST;
        }
        ppc = pc;
        pc = c;
        pprev = prev;
        prev = s;
    }
    return context;
}
