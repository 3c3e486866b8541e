/*
 * Raw legacy input (issue: "raw legacy input"): bytes that are not UTF-8 are
 * decoded from the legacy codec that makes the most plausible text. Two
 * kinds of hypotheses compete, each scored with the plausibility model
 * (score.c) on a sample of the window:
 *
 *   whole    every byte is in legacy codec L (a GBK or cp1251 file);
 *   stray    the text is UTF-8 and only the bytes that are not UTF-8 are in
 *            the single-byte codec L (a cp1252 `é` pasted into a UTF-8 file).
 *
 * Scores are sums over the same bytes, so they are comparable; a byte a
 * decoder rejects costs as much as a character no model knows. The winner's
 * margin over the runner-up gives the confidence reported in the fix
 * records. Works on short inputs because it needs no statistics beyond the
 * character model: a dozen bytes of Cyrillic are enough.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "utf8.h"

/* Bytes around the first non-UTF-8 byte used to choose the codec. */
#define UB_DETECT_SAMPLE 4096
/* Cost of a byte the decoder rejects (it becomes U+FFFD), in bits. */
#define UB_DETECT_ERROR_COST 24.0f

typedef struct decoded {
    uint32_t *cp;
    size_t n;
    size_t errors;
} decoded;


/* One character of codec c at p: the permissive (WHATWG) table first, then
 * the strict one; a rejected byte becomes U+FFFD. Returns its length. */
static int decode_legacy(ub_codec_id c, const uint8_t *p, size_t n, uint32_t *cp, int *error) {
    int l = ub_codec_decode(c, UB_FAMILY_WHATWG, p, n, cp);
    if (l == 0) l = ub_codec_decode(c, UB_FAMILY_STRICT, p, n, cp);
    *error = l == 0;
    if (l == 0) {
        *cp = 0xFFFD;
        l = 1;
    }
    return l;
}

/* Decode p[0..n) under one hypothesis into e->dec (from index 0). With
 * stray != 0, valid UTF-8 is kept and only other bytes go through codec c.
 * Returns the number of rejected bytes, or -1 on NOMEM. */
static long decode_as(ub_engine *e, ub_codec_id c, int stray, const uint8_t *p, size_t n) {
    e->ndec = 0;
    long errors = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int l;
        if (p[i] < 0x80) {
            cp = p[i];
            l = 1;
        } else if (stray && (l = ub_utf8_decode(p + i, n - i, &cp)) > 0) {
            /* kept as UTF-8 */
        } else {
            int bad;
            l = decode_legacy(c, p + i, n - i, &cp, &bad);
            errors += bad;
        }
        if (ub_push_dec(e, cp)) return -1;
        i += (size_t)l;
    }
    return errors;
}

static float score_decoded(ub_engine *e, long errors) {
    return ub_score_chars(e, e->dec, e->ndec, ' ', ' ', e->prior, 0) -
           UB_DETECT_ERROR_COST * (float)errors;
}

/* Append the edits of a decoded window: one per run of bytes that changed
 * (a run of non-ASCII bytes in the input). */
static int emit(ub_engine *e, const uint8_t *src, size_t len, ub_codec_id c, int stray,
                float confidence, ub_buf *out) {
    char hyp[48];
    size_t hl = (size_t)snprintf(hyp, sizeof hyp, "%s%s", stray ? "utf-8+" : "",
                                 ub_codec_name(c));
    uint32_t hyp_off = (uint32_t)e->edit_text.len;
    if (ub_buf_append(e->alloc, &e->edit_text, hyp, hl)) return -1;
    out->len = 0;
    e->nedits2 = 0;
    size_t i = 0;
    while (i < len) {
        size_t a = i + ub_ascii_prefix(src + i, len - i);
        if (ub_buf_append(e->alloc, out, src + i, a - i)) return -1;
        if (a >= len) break;
        /* decode from a: a run ends at an ASCII byte that starts a character
         * (a double-byte trail may be ASCII and belongs to the run) */
        size_t o0 = out->len, k = a;
        int changed = 0;
        while (k < len && src[k] >= 0x80) {
            uint32_t cp;
            int l = stray ? ub_utf8_decode(src + k, len - k, &cp) : 0;
            if (l > 0) {
                if (ub_buf_append(e->alloc, out, src + k, (size_t)l)) return -1;
                k += (size_t)l;
                continue;
            }
            int bad;
            l = decode_legacy(c, src + k, len - k, &cp, &bad);
            uint8_t u[4];
            int ul = ub_utf8_encode(cp, u);
            if (ub_buf_append(e->alloc, out, u, (size_t)ul)) return -1;
            k += (size_t)l;
            changed = 1;
        }
        size_t b = k;
        if (changed) {
            void *p = e->edits2;
            if (ub_grow(e->alloc, &p, &e->cap_edits2, e->nedits2 + 1, sizeof *e->edits2)) return -1;
            e->edits2 = p;
            ub_edit *ed = &e->edits2[e->nedits2++];
            memset(ed, 0, sizeof *ed);
            ed->in0 = a;
            ed->in1 = b;
            ed->out_off = (uint32_t)o0;
            ed->out_len = (uint32_t)(out->len - o0);
            ed->hyp_off = hyp_off;
            ed->hyp_len = (uint32_t)hl;
            ed->layers = 1;
            ed->confidence = confidence;
            ed->kind = UNBAKE_FIX_DECODED;
        }
        i = b;
    }
    return 0;
}

int ub_detect_decode(ub_engine *e, const uint8_t *src, size_t len, size_t first_bad, ub_buf *out) {
    /* the sample: from a line start before the first bad byte, at most
     * UB_DETECT_SAMPLE bytes, ending at a line break when there is one */
    size_t a = first_bad > UB_DETECT_SAMPLE / 2 ? first_bad - UB_DETECT_SAMPLE / 2 : 0;
    while (a > 0 && src[a - 1] != '\n' && first_bad - a < UB_DETECT_SAMPLE) a--;
    if (first_bad - a >= UB_DETECT_SAMPLE) { /* no line start near: a char start */
        a = first_bad - UB_DETECT_SAMPLE / 2;
        while (a < first_bad && src[a] >= 0x80) a++;
    }
    size_t b = a + UB_DETECT_SAMPLE < len ? a + UB_DETECT_SAMPLE : len;
    if (b < len) {
        size_t k = b;
        while (k > first_bad + 1 && src[k - 1] != '\n') k--;
        if (k > first_bad + 1) b = k;
        else
            while (b > first_bad + 1 && src[b - 1] >= 0x80) b--;
    }
    const uint8_t *sample = src + a;
    size_t n = b - a;
    for (int L = 0; L < e->nlang; L++) e->prior[L] = 0.0f;
    /* every hypothesis' score and a hash of its text: the confidence is the
     * margin over the best hypothesis that reads the bytes differently */
    float score[2 * UB_CODEC_COUNT];
    uint64_t hash[2 * UB_CODEC_COUNT];
    int nh = 0, best_h = -1, best_c = -1, best_stray = 0;
    for (int stray = 1; stray >= 0; stray--) {
        for (int c = 0; c < UB_CODEC_COUNT; c++) {
            if (!((e->codec_mask >> c) & 1u)) continue;
            if (stray && ub_codec_is_multibyte((ub_codec_id)c)) continue;
            long errors = decode_as(e, (ub_codec_id)c, stray, sample, n);
            if (errors < 0) return -1;
            uint64_t h = 1469598103934665603ull; /* FNV-1a */
            for (size_t i = 0; i < e->ndec; i++) h = (h ^ e->dec[i]) * 1099511628211ull;
            score[nh] = score_decoded(e, errors) - ub_codec_prior_bits((ub_codec_id)c);
            hash[nh] = h;
            if (best_h < 0 || score[nh] > score[best_h]) {
                best_h = nh;
                best_c = c;
                best_stray = stray;
            }
            nh++;
        }
    }
    e->ndec = 0;
    if (best_c < 0) return 0;
    float second = -INFINITY;
    for (int i = 0; i < nh; i++)
        if (hash[i] != hash[best_h] && score[i] > second) second = score[i];
    float margin = second == -INFINITY ? 30.0f : score[best_h] - second;
    float confidence = 1.0f / (1.0f + exp2f(-margin / 4.0f));
    if (emit(e, src, len, (ub_codec_id)best_c, best_stray, confidence, out)) return -1;
    return (int)e->nedits2;
}
