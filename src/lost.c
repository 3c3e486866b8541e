/*
 * Lost-byte search (DESIGN.md section 3.4). Each hole already holds its
 * candidate characters, bounded by the UTF-8 grammar and by what the wrong
 * decoder could have rejected (hypothesis.c). Here they are ranked by
 *   - the language model, jointly with the rest of the segment: the best
 *     language for "segment + candidate" wins, so a hole inside Russian text
 *     is filled with a Russian letter;
 *   - bigram evidence with the neighbouring characters (CJK);
 *   - script transitions with the neighbours (script.c);
 *   - typographic context (lost_punct.c): quote and bracket pairing,
 *     spacing, line ends;
 *   - the word around the hole: frequent words and letter triples, spelling
 *     rules (Hebrew final letters, one Greek stress), and for CJK how often
 *     a character ends or starts a run of its script.
 * Holes are chosen left to right; one chosen before a hole it depends on
 * is chosen again in a second pass.
 * The winner is emitted when its posterior is high enough; otherwise the
 * configured replacement (U+FFFD) is, and the hole is reported as a guess.
 */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "lost_punct.h"
#include "lost_words.h"
#include "script.h"

/* Posterior below which a hole is left as the replacement character. The
 * scorer's CER counts a wrong guess and a U+FFFD alike, but a reader is
 * misled only by the former. */
#define UB_GUESS_MIN_POSTERIOR 0.30f
#define UB_GUESS_MIN_POSTERIOR_STRICT 0.90f


static uint32_t neighbour(const ub_engine *e, const ub_seg *s, long i, int step) {
    for (;; i += step) {
        if (i < 0) return s->start > e->reg[s->region].c0 ? e->cp[s->start - 1] : 0;
        if ((uint32_t)i >= s->dec_n) return s->end < e->reg[s->region].c1 ? e->cp[s->end] : 0;
        uint32_t c = e->dec[s->dec_off + (uint32_t)i];
        if (c != UB_DEC_SKIP) return c;
    }
}

/* Slot `at` of the segment, or outside it the text before or after it (0
 * past the region). */
static uint32_t slot_or_text(const ub_engine *e, const ub_seg *s, long at) {
    if (at < 0) {
        long k = (long)s->start + at;
        return k >= (long)e->reg[s->region].c0 ? e->cp[k] : 0;
    }
    if ((uint32_t)at < s->dec_n) return e->dec[s->dec_off + (uint32_t)at];
    uint32_t k = s->end + ((uint32_t)at - s->dec_n);
    return k < e->reg[s->region].c1 ? e->cp[k] : 0;
}

/* Is the character beside slot idx, or past one space beside it, a Hangul
 * syllable? Then a Hangul candidate there between no letters is a Korean
 * word of one syllable (`로 된 패스워드`); in English text (`‘%s’` read as
 * EUC-KR) it is not. */
static int hangul_beside(const ub_engine *e, const ub_seg *s, long idx) {
    for (int step = -1; step <= 1; step += 2) {
        uint32_t c = slot_or_text(e, s, idx + step);
        if (c == ' ') c = slot_or_text(e, s, idx + 2 * step);
        if (ub_word_kind_of(c) == UB_WORD_HANGUL) return 1;
    }
    return 0;
}

/* The first two characters of the word after the one slot idx ends, when
 * a single space follows the slot (0 otherwise). */
static uint32_t next_word(const ub_engine *e, const ub_seg *s, long idx, uint32_t *second) {
    long at = idx + 1;
    *second = 0;
    if (slot_or_text(e, s, at) != ' ') return 0;
    *second = slot_or_text(e, s, at + 2);
    return slot_or_text(e, s, at + 1);
}

/* ---- run edges (CJK) -------------------------------------------------------
 * The pair tables hold pairs inside a run of CJK characters; at its edge
 * (a space, ASCII, punctuation, a line end) the character itself speaks:
 * Japanese は ends a phrase before `“s///”`, ま hardly ever (ます). The best
 * of the top models' values, as the pairs are taken. */
static int is_cjk(ub_script s) {
    return s == UB_SC_HAN || s == UB_SC_KANA || s == UB_SC_HANGUL || s == UB_SC_HALFKANA;
}

static float run_edges(ub_engine *e, const int *top, int ntop, uint32_t c, int at_start,
                       int at_end) {
    if (!at_end && !at_start) return 0.0f;
    float best = -INFINITY;
    for (int li = 0; li < ntop; li++) {
        int L = top[li];
        if (e->bg_fold[L]) continue; /* alphabetic models: no run edges */
        float x = (at_end ? ub_score_model_edge(e, L, c, 1) : 0.0f) +
                  (at_start ? ub_score_model_edge(e, L, c, 0) : 0.0f);
        if (x > best) best = x;
    }
    return best == -INFINITY ? 0.0f : best;
}

/* A letter of a script neither neighbour writes (`不同Ȩ`: Latin between
 * hanzi, the only candidate a Big5 hole left) is no guess to print: a
 * visible mark stays a mark. (A hole the decoder left no mark for is
 * filled all the same: U+FFFD there would be a repair of clean text, as
 * `ﾊﾞｯﾌｧ` read as Shift_JIS with a byte dropped.) CJK scripts count as
 * one. */
static int stranger(uint32_t c, uint32_t prev, uint32_t next) {
    ub_script sc = ub_script_of(c), sp = ub_script_of(prev), sn = ub_script_of(next);
    if (!ub_lost_letter(c) || !(ub_lost_letter(prev) || ub_lost_letter(next))) return 0;
    if (is_cjk(sc)) return 0;
    return sc != sp && sc != sn;
}

/* Does the segment hold a non-ASCII letter of its own (not a hole), or
 * no hole of a few candidates that could be a letter (lost quotes and
 * dashes need no language; holes of hundreds of candidates, left by
 * double-byte decoders, would cost every model hundreds of lookups)? */
static int speaks_language(const ub_engine *e, const ub_seg *s) {
    for (uint32_t i = 0; i < s->dec_n; i++) {
        uint32_t c = e->dec[s->dec_off + i];
        if (c >= 0x80 && c != UB_DEC_SKIP && ub_lost_letter(c)) return 1;
    }
    for (uint32_t hi = 0; hi < s->hole_n; hi++) {
        const ub_hole *h = &e->holes[s->hole_off + hi];
        if (h->cand_n > UB_WORD_OPEN_CANDS) continue;
        for (uint32_t ci = 0; ci < h->cand_n; ci++)
            if (ub_lost_letter(e->cand[h->cand_off + ci] & ~UB_CAND_FLAGS)) return 0;
    }
    return 1;
}

/* The best value model L gives a letter candidate of the segment's holes
 * of a few candidates (UB_LM_FLOOR: none). */
static float best_hole_letter(ub_engine *e, const ub_seg *s, int L) {
    float best = UB_LM_FLOOR;
    for (uint32_t hi = 0; hi < s->hole_n; hi++) {
        const ub_hole *h = &e->holes[s->hole_off + hi];
        if (h->cand_n > UB_WORD_OPEN_CANDS) continue;
        for (uint32_t ci = 0; ci < h->cand_n; ci++) {
            uint32_t c = e->cand[h->cand_off + ci] & ~UB_CAND_FLAGS;
            if (!ub_lost_letter(c)) continue;
            float v = ub_score_lm_logp(e, L, c);
            if (v > best) best = v;
        }
    }
    return best;
}

/* Holes of more candidates than this read every candidate in the word
 * kind of its neighbours (lost_words.h). */
#define UB_RUN_KIND_CANDS 64

/* A neighbour beside which a candidate may start or end a run of katakana
 * or Hangul: kana, Hangul, or a hole still open (0). Between two hanzi
 * (clean Chinese read as GBK) no katakana word is in question. */
static int near_run(uint32_t c) {
    return c == 0 || (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7A3);
}

/* A hole of more than UB_PRESELECT candidates (two bytes lost under a
 * double-byte decoder: hundreds of characters) is scored in full only for
 * the UB_PRESELECT its top models' letter values rank first: the pairs,
 * words and punctuation rules that follow cost the most, and a character
 * the models put far down does not win by them. Leaves each candidate's
 * letter value in e->cand_score (plain candidates; flagged ones always
 * stay) and returns the value below which a candidate is dropped. */
#define UB_PRESELECT 256

static float preselect(ub_engine *e, const ub_hole *h, const float *base, const int *top, int ntop) {
    if (h->cand_n <= UB_PRESELECT) {
        for (uint32_t ci = 0; ci < h->cand_n; ci++) e->cand_score[ci] = 0.0f;
        return -INFINITY;
    }
    float heap[UB_PRESELECT]; /* the best UB_PRESELECT, worst at the root */
    size_t nh = 0;
    for (uint32_t ci = 0; ci < h->cand_n; ci++) {
        uint32_t raw = e->cand[h->cand_off + ci];
        float v = INFINITY;
        if (!(raw & UB_CAND_FLAGS)) {
            v = -INFINITY;
            for (int li = 0; li < ntop; li++) {
                float x = base[top[li]] + ub_score_model_logp(e, top[li], raw);
                if (x > v) v = x;
            }
        }
        e->cand_score[ci] = v;
        if (nh < UB_PRESELECT) {
            size_t i = nh++;
            while (i > 0 && heap[(i - 1) / 2] > v) {
                heap[i] = heap[(i - 1) / 2];
                i = (i - 1) / 2;
            }
            heap[i] = v;
        } else if (v > heap[0]) {
            size_t i = 0;
            for (;;) {
                size_t l = 2 * i + 1, r = l + 1, m = i;
                float mv = v;
                if (l < nh && heap[l] < mv) m = l, mv = heap[l];
                if (r < nh && heap[r] < mv) m = r;
                if (m == i) break;
                heap[i] = heap[m];
                i = m;
            }
            heap[i] = v;
        }
    }
    return heap[0];
}

/* *x += ub_lm_bigram_folded(L, a, c), then *x += ub_lm_bigram_folded(L, c,
 * b), under model L (folding f), each only when its neighbour is there (a
 * or b not 0), from the ranks ra and rb of a and b: the same sums, c's
 * rank found once. */
static void add_pairs(float *x, int L, int f, uint32_t a, uint32_t c, uint32_t b, long ra,
                      long rb) {
    long rc = -2; /* not found yet */
    /* the models that fold letters have no pair of two ASCII letters */
    if (a) {
        float v = 0.0f;
        if (ra >= 0 && !(f && a < 0x80 && c < 0x80)) {
            rc = ub_lm_bigram_rank(L, c);
            v = ub_lm_bigram_ranked(L, ra, rc);
        }
        *x += v;
    }
    if (b) {
        float v = 0.0f;
        if (!(f && c < 0x80 && b < 0x80)) {
            if (rc == -2) rc = ub_lm_bigram_rank(L, c);
            v = ub_lm_bigram_ranked(L, rc, rb);
        }
        *x += v;
    }
}

int ub_lost_choose(ub_engine *e, ub_seg *s, const float *prior) {
    if (s->hole_n == 0) return 0;
    const ub_quote_state *q = &s->quotes;
    int nl = e->nlang;
    float *base = e->lang_a;
    /* holes are placeholders (0) or earlier choices; reset them so that a
     * second call with a prior starts from the same state */
    for (uint32_t hi = 0; hi < s->hole_n; hi++) {
        ub_hole *h = &e->holes[s->hole_off + hi];
        /* a hole of one plain candidate is known before any is chosen: its
         * neighbours see it (the space a glibc EUC-KR pair took along) */
        uint32_t only = h->cand_n == 1 ? e->cand[h->cand_off] : 0;
        e->dec[h->dec_index] = (only & UB_CAND_FLAGS) ? 0 : only;
        if (h->kind == UB_H_NBSP) e->dec[h->dec_index + 1] = ' ';
        if (h->eaten) e->dec[h->dec_index + 1] = UB_DEC_SKIP;
    }
    ub_score_lang_vector(e, e->dec + s->dec_off, s->dec_n, base);
    if (prior)
        for (int L = 0; L < nl; L++) base[L] += prior[L];
    /* Only the languages that fit the rest of the segment best compete for
     * the holes: the others cannot win by a single character, and scoring
     * every candidate under every model is the cost of this search. A
     * segment that says nothing of its language (no non-ASCII letter but
     * its holes: `au?erhalb` read as windows-1255, ß lost) is ranked by its
     * holes' likeliest letters instead: by index, the first four would be
     * Chinese, Japanese, Korean. */
    float *rank = base;
    if (!speaks_language(e, s)) {
        rank = e->lang_rank;
        for (int L = 0; L < nl; L++) rank[L] = base[L] + best_hole_letter(e, s, L);
    }
    int top[UB_LOST_LANGS], ntop = 0;
    for (int L = 0; L < nl; L++) {
        int at = ntop < UB_LOST_LANGS ? ntop++ : UB_LOST_LANGS;
        if (at == UB_LOST_LANGS) {
            if (rank[L] <= rank[top[UB_LOST_LANGS - 1]]) continue;
            at = UB_LOST_LANGS - 1;
        }
        while (at > 0 && rank[top[at - 1]] < rank[L]) {
            top[at] = top[at - 1];
            at--;
        }
        top[at] = L;
    }
    /* Two passes: holes are chosen left to right, each seeing the choices
     * before it; a hole whose right neighbour was a hole still open (连接
     * read as cp1254 loses a byte of both: 运 and 连 tie until 接 is known),
     * or whose word held one (`?εω?εί`: the word list knows θεωρεί only
     * whole), is chosen again once everything around it is. */
    for (int pass = 0; pass < 2; pass++) {
        ub_punct_state ps = {q->open_double, q->open_single, q->open_corner, 0, 0, 0};
        long qscan = 0;
        for (uint32_t hi = 0; hi < s->hole_n; hi++) {
            ub_hole *h = &e->holes[s->hole_off + hi];
            long idx = (long)(h->dec_index - s->dec_off);
            int nbsp_slot = h->kind == UB_H_NBSP;
            if (pass) {
                if (!h->rescore) continue;
                uint32_t was = e->dec[h->dec_index];
                int invisible = h->kind == UB_H_GAP || h->kind == UB_H_NBSP;
                if ((h->decided || invisible) && was >= 0x80)
                    for (int li = 0; li < ntop; li++) base[top[li]] -= ub_score_lm_logp(e, top[li], was);
                e->dec[h->dec_index] = 0;
                if (nbsp_slot) e->dec[h->dec_index + 1] = ' ';
                if (h->eaten) e->dec[h->dec_index + 1] = UB_DEC_SKIP;
            }
            uint32_t prev = neighbour(e, s, idx - 1, -1), next = neighbour(e, s, idx + 1, 1);
            /* what follows a flagged candidate (UB_CAND_FLAGS): a
             * no-break-space candidate swallows the space that follows; one
             * whose space the decoder took has it back (UB_CAND_EATEN) */
            uint32_t next_alt = nbsp_slot ? neighbour(e, s, idx + 2, 1) : h->eaten ? ' ' : next;
            uint32_t word_after[2];
            word_after[0] = next_word(e, s, idx, &word_after[1]);
            /* ... and the last letter of the word before, one space back */
            uint32_t word_before = prev == ' ' ? slot_or_text(e, s, idx - 2) : 0;
            /* quote state at the hole: carried forward from the previous hole
             * (holes come in text order), so long segments stay linear */
            for (; qscan < idx; qscan++) ub_punct_see(&ps, e->dec[s->dec_off + (uint32_t)qscan]);
            ub_punct_look_ahead(&ps, e, s, idx);
            ub_script sp = ub_script_of(prev);
            float best = -INFINITY, second = -INFINITY;
            uint32_t best_cp = 0, best_raw = 0;
            h->paren_score[0] = h->paren_score[1] = -INFINITY;
            for (int t = 0; t < 3; t++) {
                h->top_cp[t] = 0;
                h->top_score[t] = -INFINITY;
            }
            float best_ctx = 0.0f;
            void *p = e->cand_score;
            if (ub_grow(e->alloc, &p, &e->cap_cand_score, h->cand_n, sizeof(float))) return -1;
            e->cand_score = p;
            float cut = preselect(e, h, base, top, ntop);
            /* the neighbours case-folded once for the letter-pair models
             * (ub_lm_bigram_folded), not once per candidate and model */
            uint32_t fprev[3] = {prev, ub_lm_fold(prev, 0), ub_lm_fold(prev, 1)};
            uint32_t fnext[2][3] = {{next, ub_lm_fold(next, 0), ub_lm_fold(next, 1)},
                                    {next_alt, ub_lm_fold(next_alt, 0), ub_lm_fold(next_alt, 1)}};
            /* ... and their ranks in the top models' pair alphabets, found
             * once (ub_lm_bigram_rank; a candidate's own, once per model) */
            long rprev[UB_LOST_LANGS], rnext[2][UB_LOST_LANGS];
            for (int li = 0; li < ntop; li++) {
                int f = e->bg_fold[top[li]];
                rprev[li] = ub_lm_bigram_rank(top[li], fprev[f]);
                rnext[0][li] = ub_lm_bigram_rank(top[li], fnext[0][f]);
                rnext[1][li] = ub_lm_bigram_rank(top[li], fnext[1][f]);
            }
            /* the word around the hole, for the kind of word its
             * neighbours make; a katakana or Hangul candidate between
             * other letters makes its own (のヘルプ: ヘ starts ヘルプ, though
             * ル is a hole still open and の is hiragana) */
            ub_word_ctx wctx[UB_WORD_KINDS];
            int base_kind = ub_word_kind(prev, next), have_kind = 1 << base_kind;
            ub_word_ctx_init(&wctx[base_kind], e, s, idx, nbsp_slot, base_kind, top, ntop);
            /* ... and a candidate of another script ends such a run: where
             * some candidate would be katakana or Hangul, the others part
             * the runs around the hole (た|な|ファイル against たリファイル) */
            int run_kind = base_kind;
            /* (not for holes of hundreds of candidates, double-byte
             * decoders' two lost bytes: their katakana are a few among
             * many, and each kind of word costs its lookups); hiragana
             * neighbours leave the kind open too (の|ヘルプ) */
            int open_kind = base_kind == UB_WORD_LETTERS || base_kind == UB_WORD_HIRAGANA;
            int per_kind = h->cand_n <= UB_RUN_KIND_CANDS && (near_run(prev) || near_run(next));
            for (uint32_t ci = 0; per_kind && open_kind && ci < h->cand_n && run_kind == base_kind;
                 ci++) {
                int kc = ub_word_kind_of(e->cand[h->cand_off + ci] & ~UB_CAND_FLAGS);
                if (kc == UB_WORD_KATAKANA || kc == UB_WORD_HANGUL) run_kind = kc;
            }
            if (!(have_kind & (1 << run_kind))) {
                ub_word_ctx_init(&wctx[run_kind], e, s, idx, nbsp_slot, run_kind, top, ntop);
                have_kind |= 1 << run_kind;
            }
            /* ... or a hole still open in the rest of its word, or in a
             * run of katakana or Hangul right after a hole chosen again (its
             * choice is the left context here: バ chosen as え first ended
             * the run タイトルバー) */
            if (!pass)
                h->rescore = (next == 0 && (uint32_t)idx + 1 < s->dec_n) ||
                             ub_word_waits(&wctx[base_kind]) ||
                             (base_kind != UB_WORD_LETTERS && hi > 0 && h[-1].rescore &&
                              h[-1].dec_index + 1 == h->dec_index);
            /* per hole, not per candidate: the neighbours' scripts */
            ub_script snext[2] = {ub_script_of(next), ub_script_of(next_alt)};
            /* ... and the first letter of the word after one space, for
             * the pairs across it (Korean, ub_spaced_next); after a
             * candidate whose space the decoder took, the next character */
            uint32_t word_next[2] = {ub_spaced_next(word_after), h->eaten ? next : 0};
            /* a candidate whose space the decoder took (UB_CAND_EATEN) ends
             * its word there: `경우` whole before the `<` that follows */
            ub_word_ctx weaten;
            int have_weaten = 0;
            unsigned folds = 0; /* bit f: a top model folds letters by way f */
            for (int li = 0; li < ntop; li++) folds |= 1u << e->bg_fold[top[li]];
            for (uint32_t ci = 0; ci < h->cand_n; ci++) {
                uint32_t c = e->cand[h->cand_off + ci] & ~UB_CAND_FLAGS;
                int flagged = (e->cand[h->cand_off + ci] & UB_CAND_FLAGS) != 0;
                if (e->cand_score[ci] < cut) {
                    e->cand_score[ci] = -INFINITY;
                    continue;
                }
                uint32_t nx = flagged ? next_alt : next;
                ub_script sc = ub_script_of(c), snx = snext[flagged];
                int letter = sc >= UB_SC_LATIN && sc <= UB_SC_HANGUL;
                const uint32_t *fnx = fnext[flagged];
                const ub_word_ctx *wc = NULL, *own = NULL;
                /* not of the run around the hole, and not told so by wc */
                int parts_run = run_kind != base_kind && ub_word_kind_of(c) != run_kind;
                if (!flagged && (letter || base_kind != UB_WORD_LETTERS)) {
                    int kc = ub_word_kind_of(c);
                    int k = !open_kind || !per_kind ? base_kind : kc;
                    /* a Hangul candidate before no letter, after none or
                     * after a Latin word, is a word of its own (`로 된`,
                     * `xz로`): the Korean list holds such words */
                    if (kc == UB_WORD_HANGUL && base_kind == UB_WORD_LETTERS &&
                        !ub_lost_letter(nx) && (!ub_lost_letter(prev) || prev < 0x80) &&
                        hangul_beside(e, s, idx))
                        k = kc;
                    if (!(have_kind & (1 << k))) {
                        ub_word_ctx_init(&wctx[k], e, s, idx, nbsp_slot, k, top, ntop);
                        have_kind |= 1 << k;
                    }
                    wc = &wctx[k];
                    /* a hiragana candidate that ends a run of katakana
                     * starts its own run (コマンド|により): wc gives the
                     * closure of the one, own the words of the other; not
                     * inside the katakana (タイ|ト|ルバー, ル still open) */
                    if (per_kind && k != kc && kc == UB_WORD_HIRAGANA && nx != 0 &&
                        ub_word_kind_of(nx) != UB_WORD_KATAKANA) {
                        if (!(have_kind & (1 << kc))) {
                            ub_word_ctx_init(&wctx[kc], e, s, idx, nbsp_slot, kc, top, ntop);
                            have_kind |= 1 << kc;
                        }
                        own = &wctx[kc];
                    }
                } else if (h->eaten && (e->cand[h->cand_off + ci] & UB_CAND_EATEN) && letter) {
                    if (!have_weaten) {
                        ub_word_ctx_init(&weaten, e, s, idx, 1, ub_word_kind(prev, 0), top, ntop);
                        have_weaten = 1;
                    }
                    wc = &weaten;
                }
                /* only the foldings the top models use */
                uint32_t fc[3] = {c, (folds & 2u) ? ub_lm_fold(c, 0) : c,
                                  (folds & 4u) ? ub_lm_fold(c, 1) : c};
                /* the few top models' values, each remembered alone: a hole
                 * has up to 1024 candidates, and a cache row costs all 21
                 * models (and evicts a useful row) */
                float v = -INFINITY;
                for (int li = 0; li < ntop; li++) {
                    int L = top[li];
                    float lp = ub_score_model_logp(e, L, c); /* 0 for ASCII */
                    float x = base[L] + lp;
                    /* ASCII letters count too: the bigram tables of alphabetic
                     * languages pair accented letters with plain ones (m+ä) */
                    int f = e->bg_fold[L];
                    add_pairs(&x, L, f, prev > ' ' ? fprev[f] : 0, fc[f], nx > ' ' ? fnx[f] : 0,
                              rprev[li], rnext[flagged][li]);
                    /* Korean words side by side: `을 사용`, `의 마지막` */
                    if (sc == UB_SC_HANGUL) {
                        if (word_before) x += ub_lm_spaced(L, word_before, c);
                        if (word_next[flagged]) x += ub_lm_spaced(L, c, word_next[flagged]);
                    }
                    if (wc && ub_word_any(wc, li)) x += ub_word_bits(wc, e, s, li, L, c, (int)sc, letter);
                    if (own && ub_word_any(own, li))
                        x += ub_word_bits(own, e, s, li, L, c, (int)sc, letter);
                    if (parts_run) x += wctx[run_kind].closure[li];
                    if (x > v) v = x;
                }
                if (is_cjk(sc)) v += run_edges(e, top, ntop, c, !is_cjk(sp), !is_cjk(snx));
                v -= ub_script_transition(sp, sc) + ub_script_transition(sc, snx) +
                     ub_script_char_cost(sc);
                v += ub_spelling_bits(c, prev, nx, word_after, wctx[base_kind].wall, wctx[base_kind].nwall);
                float ctx = ub_punct_bits(&ps, c, prev, nx, h->span_end);
                v += ctx;
                /* the document writes it elsewhere (seen.c), alone and
                 * beside its neighbours */
                v += ub_seen_bits(e, c);
                if (letter) {
                    v += ub_seen_pair_bits(e, prev, c, 0) + ub_seen_pair_bits(e, c, nx, 0);
                    if (sc == UB_SC_HANGUL)
                        v += ub_seen_pair_bits(e, word_before, c, 1) +
                             ub_seen_pair_bits(e, c, word_next[flagged], 1);
                }
                e->cand_score[ci] = v;
                if (c == 0xFF08 || c == 0xFF09) h->paren_score[c - 0xFF08] = v;
                for (int t = 0; t < 3; t++) {
                    if (t >= (int)ci || v > h->top_score[t]) {
                        for (int u = 2; u > t; u--) {
                            h->top_cp[u] = h->top_cp[u - 1];
                            h->top_score[u] = h->top_score[u - 1];
                        }
                        h->top_cp[t] = c;
                        h->top_score[t] = v;
                        break;
                    }
                }
                if (v > best) {
                    second = best;
                    best = v;
                    best_cp = c;
                    best_raw = e->cand[h->cand_off + ci];
                    best_ctx = ctx;
                } else if (v > second) {
                    second = v;
                }
            }
            /* z >= 1 (the best adds 1): terms under 2^-54, even a few
             * thousand of them, cannot move the posterior (a float), and
             * exp2 need not be taken */
            double z = 0;
            for (uint32_t ci = 0; ci < h->cand_n; ci++)
                if (e->cand_score[ci] - best > -54.0f) z += exp2((double)(e->cand_score[ci] - best));
            h->posterior = (float)(1.0 / z);
            h->margin_bits = second == -INFINITY ? 99.0f : best - second;
            float need = (e->flags & UNBAKE_FLAG_NO_GUESS) ? UB_GUESS_MIN_POSTERIOR_STRICT
                                                            : UB_GUESS_MIN_POSTERIOR;
            int strange = stranger(best_cp, prev, next);
            h->decided = h->posterior >= need && !strange;
            h->context_bits = best_ctx;
            /* A byte dropped without a trace is filled with the best guess even
             * when unsure: writing U+FFFD where the text showed no damage would
             * add a mark the reader never saw. Visible marks (U+FFFD, '?') stay
             * marks when the guess is unsure. */
            int invisible = h->kind == UB_H_GAP || h->kind == UB_H_NBSP;
            e->dec[h->dec_index] = h->decided || invisible ? best_cp : e->hole_replacement;
            if (nbsp_slot) e->dec[h->dec_index + 1] = (best_raw & UB_CAND_NBSP) ? UB_DEC_SKIP : ' ';
            if (h->eaten) e->dec[h->dec_index + 1] = (best_raw & UB_CAND_EATEN) ? ' ' : UB_DEC_SKIP;
            if (h->decided || invisible) {
                /* later holes see this one as context */
                for (int li = 0; li < ntop; li++)
                    base[top[li]] += best_cp >= 0x80 ? ub_score_lm_logp(e, top[li], best_cp) : 0;
            }
        }
    }
    ub_pair_parens(e, s);
    return 0;
}

