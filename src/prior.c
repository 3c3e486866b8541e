/*
 * The language prior of a window (DESIGN.md section 3.6): from the text no
 * candidate wants to change, per block of its regions and over the whole
 * chunk, with the quiet CJK regions set aside before decoding (regions.c).
 * decide.c reads a segment's prior from its block and the two around it.
 */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "lost_punct.h"
#include "script.h"
#include "utf8.h"

/* Context prior: a language wrong for the clean text around it costs up to
 * this much (bits), reached after this many clean characters. */
#define UB_PRIOR_CAP 30.0f
#define UB_PRIOR_CHARS 8.0f
#define UB_PRIOR_CHUNK_CAP 6.0f
#define UB_PRIOR_BLOCK 64

/* Language prior from the text no candidate wants to change: in a Chinese
 * sentence a lone 束 is not « even though « is common in French. The clean
 * characters of the same region weigh fully; those of the whole window only
 * a little (an English article that opens with a Chinese site name still
 * has Cyrillic homoglyphs further down). Priors are log2 odds against the
 * best-fitting language, in bits, clamped. */
static void to_prior(float *v, int nl, size_t n, float cap) {
    if (n == 0) {
        for (int L = 0; L < nl; L++) v[L] = 0.0f;
        return;
    }
    float best = -INFINITY;
    for (int L = 0; L < nl; L++)
        if (v[L] > best) best = v[L];
    float w = (float)n < UB_PRIOR_CHARS ? (float)n : UB_PRIOR_CHARS;
    for (int L = 0; L < nl; L++) {
        float p = (v[L] - best) / (float)n * w;
        v[L] = p < -cap ? -cap : p;
    }
}

/* Add the clean characters of cp[c0, c1) (taken: those claimed by a
 * repair, NULL for none) to the prior blocks from blk0 on, one block per
 * UB_PRIOR_BLOCK characters (or all to blk0: one_block), and to the
 * document's letters and pairs (seen.c). */
static void count_clean(ub_engine *e, const uint32_t *cp, const uint8_t *taken, size_t c0,
                        size_t c1, size_t blk0, int one_block) {
    int nl = e->nlang;
    for (size_t k = c0; k < c1; k++) {
        uint32_t c = cp[k];
        if ((taken && taken[k]) || c < 0x80 || c == 0xFFFD || UB_IS_RAW_BYTE(c)) continue;
        size_t b = one_block ? blk0 : blk0 + (k - c0) / UB_PRIOR_BLOCK;
        float *v = e->blk_sum + b * (size_t)nl;
        ub_score_add_lm(e, c, v);
        e->blk_n[b]++;
        ub_seen_count(e, c);
        /* ... and the letter after it, or the syllable after one space
         * (the pairs: seen.c) */
        if (!ub_lost_letter(c) || k + 1 >= c1) continue;
        uint32_t d = cp[k + 1];
        if (!(taken && taken[k + 1]) && ub_lost_letter(d) && d >= 0x80) {
            ub_seen_count_pair(e, c, d, 0);
        } else if (d == ' ' && k + 2 < c1 && !(taken && taken[k + 2]) &&
                   ub_script_of(c) == UB_SC_HANGUL && ub_script_of(cp[k + 2]) == UB_SC_HANGUL) {
            ub_seen_count_pair(e, c, cp[k + 2], 1);
        }
    }
}

/* The characters of quiet region r (regions.c) in e->qcp: their number,
 * SIZE_MAX on NOMEM. */
static size_t decode_quiet(ub_engine *e, const ub_region *r) {
    void *p = e->qcp;
    if (ub_grow(e->alloc, &p, &e->cap_qcp, (size_t)(r->b1 - r->b0) + 1, sizeof *e->qcp))
        return SIZE_MAX;
    e->qcp = p;
    size_t m = 0;
    for (size_t i = r->b0; i < r->b1;) {
        uint32_t c;
        int l = ub_utf8_decode(e->chunk + i, r->b1 - i, &c);
        if (l == 0) { /* none in a quiet region; as ub_decode_regions would */
            c = UB_RAW_BYTE_BASE + e->chunk[i];
            l = 1;
        }
        e->qcp[m++] = c;
        i += (size_t)l;
    }
    return m;
}

/* Sums of log-probabilities of the clean characters, per block of
 * UB_PRIOR_BLOCK characters of each region, and over the whole chunk. A
 * segment's prior is read from its own block and the two around it, so a
 * bilingual page is judged by the language next to the segment. */
int ub_context_prior(ub_engine *e) {
    int nl = e->nlang;
    size_t nblk = 0;
    for (size_t r = 0; r < e->npreg; r++) {
        e->preg[r].blk0 = (uint32_t)nblk;
        nblk += (e->preg[r].c1 - e->preg[r].c0) / UB_PRIOR_BLOCK + 1;
    }
    void *p = e->blk_sum;
    /* one block more for the quiet regions */
    if (ub_grow(e->alloc, &p, &e->cap_blk_sum, (nblk + 1) * (size_t)nl + 1, sizeof(float))) return -1;
    e->blk_sum = p;
    p = e->blk_n;
    if (ub_grow(e->alloc, &p, &e->cap_blk_n, nblk + 2, sizeof(uint32_t))) return -1;
    e->blk_n = p;
    memset(e->blk_sum, 0, nblk * (size_t)nl * sizeof(float));
    memset(e->blk_n, 0, nblk * sizeof(uint32_t));
    memset(e->taken, 0, e->n + 1);
    for (size_t i = 0; i < e->nsegs; i++)
        if (e->segs[i].gain > 0 || e->segs[i].group) /* a group's characters are in question */
            memset(e->taken + e->segs[i].start, 1, e->segs[i].end - e->segs[i].start);
    float *chunk = e->prior;
    for (int L = 0; L < nl; L++) chunk[L] = 0.0f;
    size_t nchunk = 0;
    for (size_t r = 0; r < e->npreg; r++)
        count_clean(e, e->cp, e->taken, e->preg[r].c0, e->preg[r].c1, e->preg[r].blk0, 0);
    e->seen_built = 1;
    for (size_t b = 0; b < nblk; b++) {
        for (int L = 0; L < nl; L++) chunk[L] += e->blk_sum[b * (size_t)nl + (size_t)L];
        nchunk += e->blk_n[b];
    }
    /* the regions of quiet genuine CJK (regions.c), never decoded till
     * now: the chunk's prior and the document's pairs count them too, in
     * one block of their own (no segment reads their blocks) */
    if (e->nqreg) {
        float *v = e->blk_sum + nblk * (size_t)nl;
        for (int L = 0; L < nl; L++) v[L] = 0.0f;
        e->blk_n[nblk] = 0;
        for (size_t r = 0; r < e->nqreg; r++) {
            size_t m = decode_quiet(e, &e->qreg[r]);
            if (m == SIZE_MAX) return -1;
            count_clean(e, e->qcp, NULL, 0, m, nblk, 1);
        }
        for (int L = 0; L < nl; L++) chunk[L] += v[L];
        nchunk += e->blk_n[nblk];
    }
    to_prior(chunk, nl, nchunk, UB_PRIOR_CHUNK_CAP);
    ub_ascii_language_hint(e, chunk, nchunk);
    return 0;
}

const float *ub_segment_prior(ub_engine *e, const ub_seg *s) {
    int nl = e->nlang;
    const ub_region *r = &e->preg[e->reg[s->region].parent];
    size_t first = r->blk0, last = r->blk0 + (r->c1 - r->c0) / UB_PRIOR_BLOCK;
    size_t b = r->blk0 + (s->start - r->c0) / UB_PRIOR_BLOCK;
    float *v = e->seg_prior;
    for (int L = 0; L < nl; L++) v[L] = 0.0f;
    size_t n = 0;
    for (size_t x = b > first ? b - 1 : b; x <= b + 1 && x <= last; x++) {
        for (int L = 0; L < nl; L++) v[L] += e->blk_sum[x * (size_t)nl + (size_t)L];
        n += e->blk_n[x];
    }
    to_prior(v, nl, n, UB_PRIOR_CAP);
    for (int L = 0; L < nl; L++) {
        float y = v[L] + e->prior[L];
        v[L] = y < -UB_PRIOR_CAP ? -UB_PRIOR_CAP : y;
        /* a window-wide reading of windows-1252 (legacy_cp437.c) is judged
         * among the languages windows-1252 writes, both ways: the window
         * holds no letter of another script but the images in question
         * (CP437's dozen Greek letters), so neither reading is Greek text,
         * and a reading that only a Czech model likes (`è non Š`) is no
         * windows-1252 text */
        if (s->group == UB_GROUP_CP437 && !((e->cp1252_langs >> L) & 1u)) v[L] = -UB_PRIOR_CAP;
    }
    return v;
}

