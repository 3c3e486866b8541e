/*
 * The word around a hole (lost_words.h): frequent words and letter triples
 * that a candidate completes, for the lost-byte search (lost.c).
 */
#include <string.h>

#include "lm.h"
#include "lost_punct.h"
#include "lost_words.h"
#include "script.h"

/* ---- frequent words -------------------------------------------------------
 * Letter statistics cannot tell `чтения` from `чтенис` (я and с are both
 * common after н-и-), nor Greek ό from ύ or ρ: a word list can. The letters
 * around a hole, up to the word's edges, are collected once; each candidate
 * letter then completes the word, and a model that knows the word gives the
 * candidate UB_WORD_BITS, and more the more frequent the word is
 * (UB_WORD_BITS_PER_LEVEL per frequency class above UB_WORD_MID_LEVEL):
 * Hebrew את, the object marker, and מת, dead, differ by a lost byte, and
 * the letters cannot tell them apart. A word still holding an unchosen hole
 * is not looked up. */
#define UB_WORD_BITS 6.0f
#define UB_WORD_BITS_PER_LEVEL 1.0f
#define UB_WORD_MID_LEVEL 6

static int katakana(uint32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC; }
static int hangul(uint32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }
static int hiragana(uint32_t c) { return c >= 0x3041 && c <= 0x3096; }

int ub_word_kind_of(uint32_t c) {
    return katakana(c) ? UB_WORD_KATAKANA
           : hangul(c) ? UB_WORD_HANGUL
           : hiragana(c) ? UB_WORD_HIRAGANA
                         : UB_WORD_LETTERS;
}

int ub_word_kind(uint32_t prev, uint32_t next) {
    if (katakana(prev) || katakana(next)) return UB_WORD_KATAKANA;
    if (hangul(prev) || hangul(next)) return UB_WORD_HANGUL;
    if (hiragana(prev) || hiragana(next)) return UB_WORD_HIRAGANA;
    return UB_WORD_LETTERS;
}

static int in_word(int kind, uint32_t c) {
    switch (kind) {
    case UB_WORD_KATAKANA: return katakana(c);
    case UB_WORD_HANGUL: return hangul(c);
    case UB_WORD_HIRAGANA: return hiragana(c);
    default: return ub_lost_letter(c);
    }
}

/* An open hole further right in the word: UB_WORD_OPEN | its dec index
 * (relative to the segment). */
#define UB_WORD_OPEN 0x80000000u
/* Open holes tried together with the hole being chosen, the most
 * candidates such a hole may have, and the most completions tried per
 * candidate: a Hebrew word can lose two letters (מיקום: the second bytes of
 * מ and ם, a dozen candidates each), and each alone completes no word. A
 * hole of a two-byte letter with dozens of candidates is left to the
 * second pass: enumerating it costs more than it finds. Katakana and
 * Hangul read as a single-byte code page lose a byte of nearly every
 * character (ヘルプ read as windows-1250 keeps none of its three whole), and
 * their runs end at the first candidate of another script, which prunes
 * the search: three open holes there. */
#define UB_WORD_OPEN_MAX 2
#define UB_WORD_OPEN_MAX_RUN 3
#define UB_WORD_JOINT_MAX 256

/* ... except where most candidates are letters outside Latin: a
 * double-byte decoder takes the second byte of a Cyrillic letter with dozens
 * of candidates (under Big5: the 64 of D0 and D1 with a trail it rejects),
 * and a word often loses two (`?абли?е` is таблице, the т and the ц), as a
 * Hangul or kana run does. Such a hole stays open for its neighbours'
 * words, which are enumerated whole (64 x 64 completions) or not at all.
 * Latin holes of as many candidates are rare in real text but frequent in
 * the junk readings of English (accented letters from a dozen lead bytes):
 * enumerating them there cost 44% more instructions on GBK mojibake. */
#define UB_WORD_OPEN_CANDS_WIDE 72
#define UB_WORD_JOINT_MAX_WIDE 4200

/* The most candidates an open hole may have to be tried inside the word
 * of another: more when most of them are letters outside Latin. */
static uint32_t open_cands_max(const ub_engine *e, const ub_hole *o) {
    if (o->cand_n <= UB_WORD_OPEN_CANDS) return UB_WORD_OPEN_CANDS;
    uint32_t other = 0;
    for (uint32_t i = 0; i < o->cand_n; i++) {
        uint32_t c = e->cand[o->cand_off + i];
        other += !(c & UB_CAND_FLAGS) && c >= 0x370 && ub_lost_letter(c);
    }
    return 2 * other > o->cand_n ? UB_WORD_OPEN_CANDS_WIDE : UB_WORD_OPEN_CANDS;
}

static float word_level_bits(int level) {
    return UB_WORD_BITS + UB_WORD_BITS_PER_LEVEL * (float)(level - UB_WORD_MID_LEVEL);
}

/* The open hole at segment dec index i (holes are in text order). */
static const ub_hole *hole_at(const ub_engine *e, const ub_seg *s, uint32_t i) {
    uint32_t lo = 0, hi = s->hole_n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (e->holes[s->hole_off + mid].dec_index - s->dec_off < i) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->hole_n ? &e->holes[s->hole_off + lo] : NULL;
}

/* The letters of the word beside dec index idx going by step (-1, +1), in
 * text order, into out; their count, or -1 when the word holds a mark, or
 * an unchosen hole on the left, or is too long. Open holes on the right
 * (they are chosen after this one) are kept as UB_WORD_OPEN entries and
 * counted in *open; *wide is set when one has more than UB_WORD_OPEN_CANDS
 * candidates. */
static int word_side(const ub_engine *e, const ub_seg *s, long idx, int step, int kind,
                     uint32_t *out, int *open, int *wide) {
    uint32_t tmp[UB_WORD_MAX];
    int n = 0;
    const ub_region *r = &e->reg[s->region];
    uint64_t combos = 1; /* completions of the open holes */
    *open = 0;
    for (long i = idx + step;; i += step) {
        uint32_t c;
        if (i < 0) {
            long k = (long)s->start + i; /* chars before the segment */
            c = k >= (long)r->c0 ? e->cp[k] : ' ';
        } else if ((uint32_t)i >= s->dec_n) {
            uint32_t k = s->end + (uint32_t)i - s->dec_n;
            c = k < r->c1 ? e->cp[k] : ' ';
        } else {
            c = e->dec[s->dec_off + (uint32_t)i];
            if (c == UB_DEC_SKIP) continue;
            if (c == 0) { /* a hole not chosen yet */
                const ub_hole *o = step > 0 ? hole_at(e, s, (uint32_t)i) : NULL;
                int most = kind == UB_WORD_LETTERS ? UB_WORD_OPEN_MAX : UB_WORD_OPEN_MAX_RUN;
                if (!o || o->cand_n > open_cands_max(e, o) || ++*open > most) return -1;
                if (o->cand_n > UB_WORD_OPEN_CANDS) *wide = 1;
                combos *= o->cand_n;
                c = UB_WORD_OPEN | (uint32_t)i;
            }
        }
        if (c == 0xFFFD || c == '?') return -1;
        if (!(c & UB_WORD_OPEN) && !in_word(kind, c)) break;
        if (n == UB_WORD_MAX) return -1;
        tmp[n++] = c;
    }
    /* a wide hole's word is enumerated whole or not yet: a search cut
     * short would find none of the words (ファイル, three kana open) and
     * choose the holes without them */
    if (*wide && combos > UB_WORD_JOINT_MAX_WIDE) return -1;
    for (int j = 0; j < n; j++) out[j] = step < 0 ? tmp[n - 1 - j] : tmp[j];
    return n;
}

/* The frequency class of the word hashed as h, of len letters: a word of
 * one letter counts only as a whole word between others (the Korean list
 * holds 된 and 수), not as the piece of a run that a candidate of another
 * script cuts off: `대❑합니다` makes no word of 대. */
static int word_level(int L, uint32_t h, int len) { return len >= 2 ? ub_lm_word_level(L, h) : -1; }

/* The best frequency class model L gives a word that starts with hash h
 * (len letters) and goes on with w[0..n), its open holes filled with any
 * of their candidates; -1 when no filling makes a known word. A candidate
 * the word's kind does not hold ends the word before it (ヘ then の: the
 * katakana run is ヘ alone). *budget bounds the completions tried. */
static int word_best_level(const ub_engine *e, const ub_seg *s, int L, int f, int kind,
                           uint32_t h, int len, const uint32_t *w, int n, int *budget) {
    for (int j = 0; j < n; j++) {
        if (!(w[j] & UB_WORD_OPEN)) {
            h = ub_lm_word_hash(h, ub_lm_word_letter(w[j], f));
            len++;
            continue;
        }
        const ub_hole *o = hole_at(e, s, w[j] & ~UB_WORD_OPEN);
        int best = -1, ended = 0;
        for (uint32_t ci = 0; o && ci < o->cand_n && *budget > 0; ci++) {
            uint32_t c = e->cand[o->cand_off + ci];
            if (c & UB_CAND_FLAGS || !in_word(kind, c)) {
                ended = 1;
                continue;
            }
            /* a model's words are in its own script (ub_word_bits): a
             * Cyrillic candidate completes no English word, and skipping it
             * spares the junk readings of English most of their lookups */
            if (kind == UB_WORD_LETTERS && (int)ub_script_of(c) != e->lang_script[L]) continue;
            --*budget;
            int lv = word_best_level(e, s, L, f, kind,
                                     ub_lm_word_hash(h, ub_lm_word_letter(c, f)), len + 1,
                                     w + j + 1, n - j - 1, budget);
            if (lv > best) best = lv;
        }
        if (ended && kind != UB_WORD_LETTERS) {
            int lv = word_level(L, h, len);
            if (lv > best) best = lv;
        }
        return best;
    }
    return word_level(L, h, len);
}

/* ---- letter triples --------------------------------------------------------
 * Words the list misses still have their triples: `απόφαση` is not in the
 * Greek list, `απο`, `ποφ` and `οφα` are (stress dropped, as in words); a
 * word-final `ния` is common, `нис` not. Each frequent triple that candidate
 * c makes with its word's letters (a space at the word's edges) gives
 * UB_TRIPLE_BITS, more for a frequent one (UB_TRIPLE_BITS_PER_LEVEL per
 * frequency class above UB_TRIPLE_MID_LEVEL). */
#define UB_TRIPLE_BITS 2.5f
#define UB_TRIPLE_BITS_PER_LEVEL 0.25f
#define UB_TRIPLE_MID_LEVEL 6

/* The two letters on each side of a hole (a space past the word's edge),
 * as model L hashes letters (ub_lm_word_letter): l[0] l[1] hole r[0] r[1]. */
static void fold_edges(ub_word_edges *w, const uint32_t *wl, int nwl, const uint32_t *wr, int nwr,
                       int f) {
    w->l[1] = nwl >= 1 ? wl[nwl - 1] : ' ';
    w->l[0] = nwl >= 2 ? wl[nwl - 2] : ' ';
    w->r[0] = nwr >= 1 ? wr[0] : ' ';
    w->r[1] = nwr >= 2 ? wr[1] : ' ';
    for (int i = 0; i < 2; i++) {
        w->l[i] = ub_lm_word_letter(w->l[i], f);
        w->r[i] = ub_lm_word_letter(w->r[i], f);
    }
    w->nl = nwl;
    w->nr = nwr;
}

static float triple_bits(int L, uint32_t a, uint32_t b, uint32_t c) {
    int level = ub_lm_trigram_level(L, a, b, c);
    return level < 0 ? 0.0f
                     : UB_TRIPLE_BITS + UB_TRIPLE_BITS_PER_LEVEL * (float)(level - UB_TRIPLE_MID_LEVEL);
}

/* wc: the candidate as model L hashes letters. */
static float triples(int L, const ub_word_edges *w, uint32_t wc) {
    float bits = triple_bits(L, w->l[1], wc, w->r[0]);
    if (w->nl >= 1) bits += triple_bits(L, w->l[0], w->l[1], wc);
    if (w->nr >= 1) bits += triple_bits(L, wc, w->r[0], w->r[1]);
    return bits;
}


/* ---- the word of one hole ------------------------------------------------ */

void ub_word_ctx_init(ub_word_ctx *w, const ub_engine *e, const ub_seg *s, long idx,
                      int nbsp_slot, int kind, const int *top, int ntop) {
    int open_l = 0, wide = 0;
    w->kind = kind;
    w->open_r = 0;
    w->nwl = word_side(e, s, idx, -1, kind, w->wl, &open_l, &wide);
    w->nwr = nbsp_slot ? 0 : word_side(e, s, idx, 1, kind, w->wr, &w->open_r, &wide);
    w->joint_max = wide ? UB_WORD_JOINT_MAX_WIDE : UB_WORD_JOINT_MAX;
    /* the spelling rules and the triples need every letter known */
    w->nwall = w->nwl >= 0 && w->nwr >= 0 && !w->open_r ? w->nwl + w->nwr : -1;
    if (w->nwall >= 0) {
        memcpy(w->wall, w->wl, (size_t)w->nwl * sizeof *w->wall);
        memcpy(w->wall + w->nwl, w->wr, (size_t)w->nwr * sizeof *w->wall);
    }
    /* a candidate alone is a word only in Korean, whose list holds the
     * one-syllable words (된, 긴; tools/count_words.py) */
    int words = w->nwl >= 0 && w->nwr >= 0 && w->nwl + w->nwr >= (kind == UB_WORD_HANGUL ? 0 : 1) &&
                w->nwl + w->nwr < UB_WORD_MAX;
    for (int li = 0; li < ntop; li++) {
        int f = e->bg_fold[top[li]];
        w->lex_tri[li] = w->nwall >= 0 && ub_lm_has_trigrams(top[li]);
        /* Hangul runs are words of the models that know Hangul (가) only:
         * enumerating their holes under the Chinese and Japanese models,
         * whose lists hold none, was a fifth of the time on Korean read
         * as glibc's EUC-KR */
        w->lex_word[li] = words && ub_lm_has_words(top[li]) &&
                          (kind != UB_WORD_HANGUL || ub_lm_logp(top[li], 0xAC00) > UB_LM_FLOOR);
        if (w->lex_tri[li]) fold_edges(&w->wed[li], w->wl, w->nwl, w->wr, w->nwr, f);
        /* the word hashed up to the hole once per model */
        w->wpre[li] = UB_LM_WORD_HASH_INIT;
        for (int j = 0; words && j < w->nwl; j++)
            w->wpre[li] = ub_lm_word_hash(w->wpre[li], ub_lm_word_letter(w->wl[j], f));
        /* a run of katakana or Hangul ends where a character of another
         * script comes: the runs on the left and on the right are then
         * words of their own (ファイル after a hole that is な or リ) */
        w->closure[li] = 0.0f;
        if (kind != UB_WORD_LETTERS && w->lex_word[li]) {
            int level = word_level(top[li], w->wpre[li], w->nwl);
            if (level >= 0) w->closure[li] += word_level_bits(level);
            int budget = w->joint_max;
            level = w->nwr >= 1 ? word_best_level(e, s, top[li], f, kind, UB_LM_WORD_HASH_INIT, 0,
                                                  w->wr, w->nwr, &budget)
                                : -1;
            if (level >= 0) w->closure[li] += word_level_bits(level);
        }
    }
}

float ub_word_bits(const ub_word_ctx *w, const ub_engine *e, const ub_seg *s, int li, int L,
                   uint32_t c, int sc, int letter) {
    /* the models' own letters only: a hanzi completes no English word */
    int own = letter && (w->kind ? in_word(w->kind, c) : sc == e->lang_script[L]);
    if (!own) return w->closure[li];
    int f = e->bg_fold[L];
    float x = 0.0f;
    if (w->lex_tri[li]) x += triples(L, &w->wed[li], ub_lm_word_letter(c, f));
    if (w->lex_word[li]) {
        int budget = w->joint_max;
        uint32_t h = ub_lm_word_hash(w->wpre[li], ub_lm_word_letter(c, f));
        /* the candidate alone between others is a whole word (word_level) */
        int level = w->nwl + w->nwr == 0
                        ? ub_lm_word_level(L, h)
                        : word_best_level(e, s, L, f, w->kind, h, w->nwl + 1, w->wr, w->nwr, &budget);
        if (level >= 0) x += word_level_bits(level);
    }
    return x;
}
