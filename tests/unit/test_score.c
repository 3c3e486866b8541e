/* The scorer's per-engine caches (score.c): the code point cache must give
 * exactly what the language model tables give, before and after its rows
 * are reused by other code points, and its rows must say which models know
 * a character; the per-model memo and the scores kept by text content must
 * give what they stand for. */
#include "engine.h"
#include "lm.h"
#include "testutil.h"

#include <stdio.h>

/* Code points spread over the scripts the models cover, more of them than
 * the cache has rows, so that slots are taken over and filled again. */
static uint32_t nth_cp(size_t i)
{
    static const uint32_t starts[] = {0x80, 0x370, 0x400, 0x590, 0x600, 0x1E00,
                                      0x2000, 0x3040, 0x4E00, 0xAC00, 0xFF01};
    size_t n = sizeof starts / sizeof starts[0];
    return starts[i % n] + (uint32_t)(i / n);
}

/* Letter pairs by rank (score_memo.c) against the pair tables
 * (ub_lm_bigram_folded, each letter folded as the model folds) for the
 * pair (a, b) under every model: mismatches; *pairs and *held count the
 * lookups and those the tables hold. */
static size_t pair_mismatches(ub_engine *e, uint32_t a, uint32_t b, int nl, size_t *pairs,
                              size_t *held)
{
    int32_t buf_a[32], buf_b[32];
    uint8_t fa, fb;
    const int32_t *ra = ub_pairs_of(e, a, buf_a, &fa);
    const int32_t *rb = ub_pairs_of(e, b, buf_b, &fb);
    float got[32] = {0};
    ub_pairs_add(e, got, nl >= 32 ? ~0u : (1u << nl) - 1u, ra, fa, rb, fb);
    size_t bad = 0;
    uint32_t x[3] = {a, ub_lm_fold(a, 0), ub_lm_fold(a, 1)};
    uint32_t y[3] = {b, ub_lm_fold(b, 0), ub_lm_fold(b, 1)};
    for (int L = 0; L < nl && L < 32; L++) {
        int f = ub_lm_bigram_fold(L);
        float want = 0.0f + ub_lm_bigram_folded(L, x[f], y[f]);
        bad += got[L] != want;
        *held += want != 0.0f;
        (*pairs)++;
    }
    return bad;
}

int main(void)
{
    unbake_options opt;
    unbake_options_init(&opt);
    ub_engine e;
    CHECK(ub_engine_init(&e, &opt) == UNBAKE_OK);
    int nl = ub_lm_lang_count();
    size_t total = 3 * UB_CP_CACHE_SIZE, mismatch = 0, bad_known = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t j = 0; j < total; j++) {
            size_t i = pass ? total - 1 - j : j; /* the second pass meets evicted rows */
            uint32_t c = nth_cp(i);
            const float *vals = NULL;
            const ub_cp_row *row = ub_score_row(&e, c, &vals);
            CHECK(row != NULL && row->cp == c);
            if (!row)
                break;
            for (int L = 0; L < nl; L++) {
                float want = ub_lm_logp(L, c);
                if (ub_score_lm_logp(&e, L, c) != want)
                    mismatch++;
                /* half-width kana are known through their full-width form */
                if (!row->halfwidth && (((row->known >> L) & 1u) != 0) != (want > UB_LM_FLOOR))
                    bad_known++;
            }
        }
    }
    CHECK(mismatch == 0);
    CHECK(bad_known == 0);
    /* a half-width katakana row holds the full-width form's values */
    {
        const float *vals = NULL;
        const ub_cp_row *row = ub_score_row(&e, 0xFF71, &vals); /* ｱ */
        int ja = ub_lm_lang_find("ja");
        CHECK(row && row->halfwidth);
        CHECK(ja >= 0 && row && ((row->known >> ja) & 1u));
        CHECK(ja >= 0 && vals && vals[ja] < ub_lm_logp(ja, 0x30A2) && vals[ja] > UB_LM_FLOOR);
        CHECK(ja >= 0 && ub_score_lm_logp(&e, ja, 0xFF71) == ub_lm_logp(ja, 0xFF71));
    }
    /* the per-model memo (ub_score_model_logp) gives the tables' values,
     * and scores remembered by content (ub_score_text) what scoring gives,
     * on first use and when remembered, and tell texts apart */
    {
        size_t memo_bad = 0;
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < total; i++)
                for (int L = 0; L < nl; L++)
                    if (ub_score_model_logp(&e, L, nth_cp(i)) != ub_lm_logp(L, nth_cp(i)))
                        memo_bad++;
        CHECK(memo_bad == 0);
        static const uint32_t texts[3][4] = {{0xE9, 't', 0xE9, 0},       /* été */
                                             {0x4E2D, 0x6587, 0, 0},     /* 中文 */
                                             {0xE8, 't', 0xE9, 0}};      /* èté */
        float want[3][32], got[32], want_ctx[3];
        CHECK(nl <= 32);
        for (int k = 0; k < 3; k++)
            want_ctx[k] = ub_score_prepare(&e, texts[k], 3, ' ', '.', 0, want[k]);
        size_t text_bad = 0;
        for (int pass = 0; pass < 2; pass++)
            for (int k = 0; k < 3; k++) {
                float ctx = ub_score_text(&e, texts[k], 3, ' ', '.', 0, got);
                if (ctx != want_ctx[k]) text_bad++;
                for (int L = 0; L < nl && L < 32; L++)
                    if (got[L] != want[k][L]) text_bad++;
            }
        CHECK(text_bad == 0);
    }
    /* letter pairs by rank (score_memo.c) give what the pair tables give,
     * for the pairs of words in a dozen languages (the tables hold dozens
     * of them), and for ASCII, folded Turkish letters (I, İ, ı), the
     * scripts above and a code point past the BMP, from rows kept, evicted
     * and filled again */
    size_t pair_bad = 0, pairs = 0, known_pairs = 0;
    static const uint32_t words[] = {
        'E', 0x301, 't', 0xE9, 0xE9, 't', 0xE9, ' ', 0xFC, 'b', 'e', 'r', ' ', 0xDF, 'e',
        ' ', 0x130, 's', 't', 'a', 'n', 'b', 'u', 'l', ' ', 0x131, 0x15F, 0x131, 'k', ' ',
        'I', 0x11F, 0x131, 'r', ' ', 0x41F, 0x440, 0x438, 0x432, 0x435, 0x442, ' ', 0x3BA,
        0x3B1, 0x3BB, 0x3B7, 0x3BC, 0x3AD, 0x3C1, 0x3B1, ' ', 0x4E2D, 0x6587, 0x5B57, 0x7B26,
        ' ', 0x3072, 0x3089, 0x304C, 0x306A, ' ', 0xD55C, 0xAD6D, 0xC5B4, ' ', 0x17E, 'i',
        'v', 'o', 't', ' ', 0x105, 0x107, 0x119, 0x142, 0x144, ' ', 0x5E9, 0x5DC, 0x5D5,
        0x5DD, ' ', 0x645, 0x631, 0x62D, 0x628, 0x627};
    size_t nw = sizeof words / sizeof words[0];
    for (size_t i = 0; i + 1 < nw; i++)
        pair_bad += pair_mismatches(&e, words[i], words[i + 1], nl, &pairs, &known_pairs);
    {
        static const uint32_t extra[] = {'a', 'I', 'i', 'Z', 0x130, 0x131, 0xC9, 0xE9, 0x17D,
                                         0x3A3, 0x3C3, 0x41F, 0x43F, 0x4E2D, 0x3042, 0xAC00,
                                         0x1F600};
        size_t ne = sizeof extra / sizeof extra[0], span = ne + 200;
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < span; i++)
                for (size_t j = 0; j < span; j += 7) {
                    uint32_t a = i < ne ? extra[i] : nth_cp((i - ne) * 37);
                    uint32_t b = j < ne ? extra[j] : nth_cp((j - ne) * 37);
                    pair_bad += pair_mismatches(&e, a, b, nl, &pairs, &known_pairs);
                }
    }
    CHECK(pair_bad == 0);
    CHECK(known_pairs >= 40); /* the comparison met pairs the tables hold */
    ub_engine_free(&e);
    printf("cache: %zu code points x %d models, %zu mismatches; pairs: %zu (%zu held), %zu "
           "mismatches\n",
           total, nl, mismatch, pairs, known_pairs, pair_bad);
    return ut_report("test_score");
}
