/*
 * Composing passes: every pass (a layer undone, a round, raw bytes decoded)
 * edits the text the previous one produced; the fix records the caller sees
 * must go from the original chunk to the final text. ub_compose() folds the
 * pass's edits (e->edits2, in the pass's input coordinates) into the
 * cumulative ones (e->edits, original -> current text).
 */
#include <string.h>

#include "engine.h"


static int concat_str(ub_engine *e, uint32_t o1, uint32_t l1, uint32_t o2, uint32_t l2,
                      const char *sep, uint32_t *off, uint32_t *len) {
    size_t start = e->edit_text.len;
    size_t sl = (l1 && l2) ? strlen(sep) : 0;
    if (ub_buf_reserve(e->alloc, &e->edit_text, l1 + l2 + sl)) return -1;
    uint8_t *d = e->edit_text.data;
    memmove(d + start, d + o1, l1);
    memcpy(d + start + l1, sep, sl);
    memmove(d + start + l1 + sl, d + o2, l2);
    e->edit_text.len = start + l1 + sl + l2;
    *off = (uint32_t)start;
    *len = (uint32_t)(l1 + sl + l2);
    return 0;
}

/* e->edits: cumulative, original coordinates in in0/in1, current text in
 * out_off/out_len. e->edits2: this pass (current -> next text), in current
 * coordinates in in0/in1. Both sorted and non-overlapping. The result maps
 * every change from the original to the next text: a group is a maximal set
 * of pass edits and cumulative edits that overlap in current coordinates
 * (one outer repair may span several inner ones and the other way round). */
int ub_compose(ub_engine *e) {
    ub_edit *C = e->edits, *P = e->edits2;
    size_t nc = e->nedits, np = e->nedits2;
    size_t cap = 0, nr = 0;
    void *p = NULL;
    if (ub_grow(e->alloc, &p, &cap, nc + np + 1, sizeof(ub_edit))) return -1;
    ub_edit *R = p;
    long long delta_c = 0; /* sum over C entries before x of (out - in) */
    long long shift_p = 0; /* sum over P entries before x of (new - old) */
    size_t ci = 0, pi = 0;
    while (pi < np) {
        uint64_t A = P[pi].in0, B = P[pi].in1;
        /* C entries wholly before the group keep their spans */
        while (ci < nc && (uint64_t)C[ci].out_off + C[ci].out_len <= A &&
               !(C[ci].out_len == 0 && C[ci].out_off == A)) {
            R[nr] = C[ci];
            R[nr].out_off = (uint32_t)((long long)C[ci].out_off + shift_p);
            delta_c += (long long)C[ci].out_len - (long long)(C[ci].in1 - C[ci].in0);
            nr++;
            ci++;
        }
        long long dc_before = delta_c;
        if (ci < nc && C[ci].out_off < A) A = C[ci].out_off;
        size_t p_first = pi;
        ub_edit m = P[pi];
        m.layers = 0;
        m.guessed = 0;
        m.confidence = 1.0f;
        uint32_t hyp_off = 0, hyp_len = 0, det_off = 0, det_len = 0;
        uint64_t in0 = (uint64_t)((long long)A - dc_before), in1 = 0;
        int have_c = 0;
        long long grow = 0;
        size_t c_first = ci;
        for (;;) {
            int moved = 0;
            while (ci < nc && C[ci].out_off < B) { /* inner repairs inside */
                const ub_edit *c = &C[ci];
                uint64_t cend = (uint64_t)c->out_off + c->out_len;
                if (cend > B) B = cend;
                if (c->in0 < in0) in0 = c->in0;
                in1 = c->in1;
                have_c = 1;
                delta_c += (long long)c->out_len - (long long)(c->in1 - c->in0);
                ci++;
                moved = 1;
            }
            while (pi < np && P[pi].in0 < B) { /* outer repairs of the group */
                if (P[pi].in1 > B) B = P[pi].in1;
                grow += (long long)P[pi].out_len - (long long)(P[pi].in1 - P[pi].in0);
                pi++;
                moved = 1;
            }
            if (!moved) break;
        }
        size_t p_last = pi;
        /* the hypothesis chain: inner layers first (undone first), then the
         * outer ones of this pass */
        for (size_t k = c_first; k < ci; k++) {
            if (concat_str(e, hyp_off, hyp_len, C[k].hyp_off, C[k].hyp_len, ",", &hyp_off, &hyp_len) ||
                concat_str(e, det_off, det_len, C[k].detail_off, C[k].detail_len, "; ", &det_off,
                           &det_len))
                goto nomem;
            m.layers = (uint16_t)(m.layers > C[k].layers ? m.layers : C[k].layers);
            m.guessed = (uint16_t)(m.guessed + C[k].guessed);
            if (C[k].confidence < m.confidence) m.confidence = C[k].confidence;
            if (C[k].kind == UNBAKE_FIX_DECODED) m.kind = UNBAKE_FIX_DECODED;
        }
        unsigned outer_layers = 0;
        for (size_t k = p_first; k < p_last; k++) {
            if (concat_str(e, hyp_off, hyp_len, P[k].hyp_off, P[k].hyp_len, ",", &hyp_off, &hyp_len) ||
                concat_str(e, det_off, det_len, P[k].detail_off, P[k].detail_len, "; ", &det_off,
                           &det_len))
                goto nomem;
            if (P[k].layers > outer_layers) outer_layers = P[k].layers;
            m.guessed = (uint16_t)(m.guessed + P[k].guessed);
            if (P[k].confidence < m.confidence) m.confidence = P[k].confidence;
        }
        m.layers = (uint16_t)(m.layers + outer_layers);
        uint64_t in1b = (uint64_t)((long long)B - delta_c);
        if (!have_c || in1b > in1) in1 = in1b;
        m.in0 = in0;
        m.in1 = in1;
        m.out_off = (uint32_t)((long long)A + shift_p);
        m.out_len = (uint32_t)((long long)(B - A) + grow);
        m.hyp_off = hyp_off;
        m.hyp_len = hyp_len;
        m.detail_off = det_off;
        m.detail_len = det_len;
        R[nr++] = m;
        shift_p += grow;
    }
    while (ci < nc) {
        R[nr] = C[ci];
        R[nr].out_off = (uint32_t)((long long)C[ci].out_off + shift_p);
        nr++;
        ci++;
    }
    ub_free(e->alloc, e->edits, e->cap_edits * sizeof *e->edits);
    e->edits = R;
    e->cap_edits = cap;
    e->nedits = nr;
    return 0;
nomem:
    ub_free(e->alloc, R, cap * sizeof *R);
    return -1;
}

/* Does byte `off` of the current text lie in the output of an earlier
 * repair? Such a U+FFFD is ours (a lost character no candidate won, or
 * one 锟斤拷 destroyed), not a mark the damage left: a later round must
 * not guess bytes behind it again. */
int ub_edit_output_at(const ub_engine *e, size_t off) {
    size_t lo = 0, hi = e->nedits;
    while (lo < hi) { /* first edit whose output ends after off */
        size_t mid = lo + (hi - lo) / 2;
        const ub_edit *d = &e->edits[mid];
        if ((size_t)d->out_off + d->out_len <= off) lo = mid + 1;
        else hi = mid;
    }
    return lo < e->nedits && e->edits[lo].out_off <= off;
}
