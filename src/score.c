/*
 * Plausibility of a piece of text (DESIGN.md section 3.5): the sum of the
 * per-character log-probabilities of its non-ASCII characters under the
 * language model that likes it best, plus bigram evidence, minus the
 * script-transition and character-class costs of script.c. ASCII is not
 * scored: every candidate decoding of the same bytes shares it, and it is
 * what the damage leaves intact.
 */
#include <math.h>

#include "engine.h"
#include "lm.h"
#include "script.h"

/* U+FFFD is what a lost character looks like, not a character the writer
 * chose: it is scored as an ordinary rare character so that a repair is not
 * rewarded merely for removing it. */
#define UB_REPLACEMENT_LOGP (-12.0f)

void ub_score_lang_vector(ub_engine *e, const uint32_t *cps, size_t n, float *vec) {
    int nl = e->nlang;
    for (int L = 0; L < nl; L++) vec[L] = 0.0f;
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if (c == UB_DEC_SKIP) continue;
        if (c < 0x80) {
            prev = 0;
            continue;
        }
        if (c == 0xFFFD) {
            for (int L = 0; L < nl; L++) vec[L] += UB_REPLACEMENT_LOGP;
            prev = 0;
            continue;
        }
        for (int L = 0; L < nl; L++) {
            vec[L] += ub_lm_logp(L, c);
            if (prev) vec[L] += ub_lm_bigram(L, prev, c);
        }
        prev = c;
    }
}

float ub_score_chars(ub_engine *e, const uint32_t *cps, size_t n, uint32_t left,
                     uint32_t right, float *best_lang_out) {
    float *vec = e->lang_b;
    ub_score_lang_vector(e, cps, n, vec);
    float best = -INFINITY;
    int best_lang = 0;
    for (int L = 0; L < e->nlang; L++)
        if (vec[L] > best) {
            best = vec[L];
            best_lang = L;
        }
    if (e->nlang == 0) best = 0;
    ub_script prev = ub_script_of(left ? left : ' ');
    float context = 0;
    for (size_t i = 0; i <= n; i++) {
        uint32_t c = i < n ? cps[i] : (right ? right : ' ');
        if (c == UB_DEC_SKIP) continue;
        ub_script s = ub_script_of(c);
        context += ub_script_transition(prev, s);
        if (i < n) context += ub_script_char_cost(s);
        prev = s;
    }
    if (best_lang_out) *best_lang_out = (float)best_lang;
    return best - context;
}
