/*
 * What the scorer remembers (issue #5): values it finds again and again,
 * each kept where the same question is asked next.
 *
 * Letter pairs by rank. A model's pair table is keyed by the ranks of the
 * two letters in its alphabet (lm.h, ub_lm_model.bg), and
 * ub_lm_bigram_folded finds both ranks at every lookup: scoring a text
 * under a dozen models looked up each letter's rank twice per model, a
 * fifth of the work on windows-1252 mojibake. A letter's ranks under every
 * model depend on the letter alone; they are kept with the letter's row
 * (score.c, ub_score_row) or, for ASCII, in a table of the engine, and a
 * pair costs one table search per model. ub_pairs_add gives what
 * ub_lm_bigram_folded gives for the letters folded as each model folds
 * them (ub_lm_bigram_fold: 0 none, 1 lower case, 2 lower case with
 * Turkish I), added in the same order of models.
 *
 * Per-model values of one code point (ub_score_model_logp, _edge), for
 * the lost-byte search, which asks a few models about many candidates.
 *
 * Whole texts' scores by content (ub_score_text): the same segment text
 * between the same neighbours is scored under many codecs.
 */
#include <string.h>

#include "engine.h"
#include "lm.h"

void ub_pairs_fill(const ub_engine *e, uint32_t c, int32_t *rank, uint8_t *ascii) {
    uint32_t folded[3] = {c, ub_lm_fold(c, 0), ub_lm_fold(c, 1)};
    *ascii = (uint8_t)((folded[1] < 0x80 ? 2u : 0u) | (folded[2] < 0x80 ? 4u : 0u));
    for (int L = 0; L < e->nlang; L++)
        rank[L] = (int32_t)ub_lm_bigram_rank(L, folded[e->bg_fold[L]]);
}

/* The ASCII table, made when first needed: clean text scores nothing, and
 * an engine is made per stream (and per worker of the CLI). */
static void ascii_ranks(ub_engine *e) {
    for (uint32_t c = 0; c < 0x80; c++) ub_pairs_fill(e, c, e->ascii_rank[c], &e->ascii_fold[c]);
    e->ascii_ranked = 1;
}

const int32_t *ub_pairs_of(ub_engine *e, uint32_t c, int32_t *buf, uint8_t *ascii) {
    if (c < 0x80) {
        if (!e->ascii_ranked) ascii_ranks(e);
        *ascii = e->ascii_fold[c];
        return e->ascii_rank[c];
    }
    const float *v;
    const ub_cp_row *r = ub_score_row(e, c, &v);
    return ub_pairs_of_row(e, c, r, v, buf, ascii);
}

const int32_t *ub_pairs_of_row(ub_engine *e, uint32_t c, const ub_cp_row *r, const float *v,
                               int32_t *buf, uint8_t *ascii) {
    if (r && e->cp_rank) {
        *ascii = r->fold_ascii;
        memcpy(buf, e->cp_rank + (v - e->cp_vals), (size_t)e->nlang * sizeof *buf);
    } else { /* no memory for the rows: the same ranks, found now */
        ub_pairs_fill(e, c, buf, ascii);
    }
    return buf;
}

void ub_pairs_add(const ub_engine *e, float *vec, uint32_t mask, const int32_t *ra, uint8_t fa,
                  const int32_t *rb, uint8_t fb) {
    /* the models that fold letters have no pair of two ASCII letters */
    uint8_t both_ascii = fa & fb;
    for (int L = 0; mask; L++, mask >>= 1) {
        if (!(mask & 1u)) continue;
        unsigned f = e->bg_fold[L];
        if (f && ((both_ascii >> f) & 1u)) continue;
        vec[L] += ub_lm_bigram_ranked(L, ra[L], rb[L]);
    }
}

/* Model L's value of kind `what` for c (0: ub_lm_logp; 1, 2: ub_lm_edge,
 * start or end of a run), remembered in one table. */
static float model_memo(ub_engine *e, int L, uint32_t c, uint32_t what) {
    if (!e->model_memo) {
        e->model_memo = ub_malloc(e->alloc, UB_MODEL_MEMO_SIZE * sizeof *e->model_memo);
        if (!e->model_memo) /* no memory: no memo */
            return what ? ub_lm_edge(L, c, what == 2) : ub_lm_logp(L, c);
        memset(e->model_memo, 0, UB_MODEL_MEMO_SIZE * sizeof *e->model_memo);
    }
    /* code points stop at 0x10FFFF (21 bits), models at 31 */
    uint32_t key = (what << 26 | c << 5 | (uint32_t)L) + 1u;
    ub_model_memo *m = &e->model_memo[(key * UB_HASH_MUL) >> (32 - UB_MODEL_MEMO_BITS)];
    if (m->key != key) {
        m->key = key;
        m->logp = what ? ub_lm_edge(L, c, what == 2) : ub_lm_logp(L, c);
    }
    return m->logp;
}

float ub_score_model_logp(ub_engine *e, int L, uint32_t c) {
    return c < 0x80 ? 0.0f : model_memo(e, L, c, 0);
}

float ub_score_model_edge(ub_engine *e, int L, uint32_t c, int end) {
    /* (ub_lm_edge knows the BMP only; what it answers past it is kept too) */
    return c > 0x10FFFF ? ub_lm_edge(L, c, end) : model_memo(e, L, c, end ? 2u : 1u);
}

/* FNV-1a over 32-bit words (64-bit state). */
static uint64_t text_hash(const uint32_t *cps, size_t n, uint32_t left, uint32_t right, int flags) {
    uint64_t h = 0xCBF29CE484222325ull;
    const uint64_t prime = 0x100000001B3ull;
    for (size_t i = 0; i < n; i++) h = (h ^ cps[i]) * prime;
    h = (h ^ left) * prime;
    h = (h ^ right) * prime;
    return (h ^ (uint32_t)flags) * prime;
}

float ub_score_text(ub_engine *e, const uint32_t *cps, size_t n, uint32_t left, uint32_t right,
                    int flags, float *vec) {
    size_t nl = (size_t)e->nlang;
    if (!e->text_scores) {
        e->text_scores = ub_malloc(e->alloc, UB_TEXT_CACHE_SIZE * sizeof *e->text_scores);
        e->text_vals = ub_malloc(e->alloc, UB_TEXT_CACHE_SIZE * nl * sizeof(float));
        if (!e->text_scores || !e->text_vals) { /* no memory: no cache */
            ub_free(e->alloc, e->text_scores, UB_TEXT_CACHE_SIZE * sizeof *e->text_scores);
            ub_free(e->alloc, e->text_vals, UB_TEXT_CACHE_SIZE * nl * sizeof(float));
            e->text_scores = NULL;
            e->text_vals = NULL;
            return ub_score_prepare(e, cps, n, left, right, flags, vec);
        }
        memset(e->text_scores, 0, UB_TEXT_CACHE_SIZE * sizeof *e->text_scores);
    }
    /* a 64-bit hash and the length stand for the text (two texts of one
     * length share a hash with odds of 2^-64) */
    uint64_t h = text_hash(cps, n, left, right, flags);
    size_t slot = (size_t)(h >> (64 - UB_TEXT_CACHE_BITS));
    ub_text_score *t = &e->text_scores[slot];
    if (t->n == (uint32_t)n + 1 && t->hash == h) {
        memcpy(vec, e->text_vals + slot * nl, nl * sizeof(float));
        return t->context;
    }
    float context = ub_score_prepare(e, cps, n, left, right, flags, vec);
    /* (scoring frees the caches when memory runs out: look again) */
    if (e->text_scores) {
        t = &e->text_scores[slot];
        memcpy(e->text_vals + slot * nl, vec, nl * sizeof(float));
        t->hash = h;
        t->n = (uint32_t)n + 1;
        t->context = context;
    }
    return context;
}
