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
    ub_engine_free(&e);
    printf("cache: %zu code points x %d models, %zu mismatches\n", total, nl, mismatch);
    return ut_report("test_score");
}
