/*
 * Damage that no reading undoes (DESIGN.md 3.7), found so it can be
 * reported honestly.
 *
 *  - U+FFFD counts: a repair whose result holds more U+FFFD than its source
 *    (锟斤拷 undone) gave back destroyed characters, not text (engine.c
 *    reports it as irrecoverable, and rounds stop there).
 *  - Debug fill patterns: memory a program never wrote, printed as text.
 *    Microsoft's debug run-time fills uninitialised stack with 0xCC,
 *    uninitialised heap with 0xCD and freed heap with 0xDD (documented for
 *    the CRT debug heap); read in a legacy code page these bytes are the
 *    proverbial 烫烫烫 (GBK CC CC), 屯屯屯 (CD CD), 葺葺 (DD DD), ﾌﾌﾌ
 *    (Shift_JIS CC), and their Big5, EUC-JP and EUC-KR readings. The bytes
 *    were never text, so nothing can be repaired: each run of at least
 *    UB_FILL_MIN_WIDE double-byte (UB_FILL_MIN_NARROW half-width) fill
 *    characters becomes a report-only irrecoverable record, text unchanged.
 */
#include <assert.h>
#include <string.h>

#include "engine.h"
#include "utf8.h"

#define UB_FILL_MIN_WIDE 4
#define UB_FILL_MIN_NARROW 8

unsigned ub_count_fffd(const uint8_t *p, size_t n) {
    unsigned k = 0;
    const uint8_t *end = p + n, *q = p;
    while (end - q >= 3 && (q = memchr(q, 0xEF, (size_t)(end - q - 2))) != NULL) {
        if (q[1] == 0xBF && q[2] == 0xBD) k++;
        q++;
    }
    return k;
}

/* The fill bytes 0xCC 0xCC, 0xCD 0xCD, 0xDD 0xDD read by each decoder. */
static const struct {
    uint32_t cp;
    uint8_t narrow;   /* one byte per character (Shift_JIS half-width) */
    const char *what; /* codec and fill */
} FILLS[] = {
    {0x70EB, 0, "gbk CC CC: uninitialised stack"}, /* 烫 */
    {0x5C6F, 0, "gbk CD CD: uninitialised heap"},  /* 屯 */
    {0x847A, 0, "gbk DD DD: freed heap"},          /* 葺 */
    {0x660D, 0, "big5 CC CC: uninitialised stack"}, /* 昍 */
    {0x8FCB, 0, "big5 CD CD: uninitialised heap"},  /* 迋 */
    {0x6965, 0, "big5 DD DD: freed heap"},          /* 楥 */
    {0x9762, 0, "euc-jp CC CC: uninitialised stack"}, /* 面 */
    {0x69D8, 0, "euc-jp CD CD: uninitialised heap"},  /* 様 */
    {0x6BEB, 0, "euc-jp DD DD: freed heap"},          /* 毫 */
    {0x5106, 0, "euc-kr CC CC: uninitialised stack"}, /* 儆 */
    {0x88B4, 0, "euc-kr CD CD: uninitialised heap"},  /* 袴 */
    {0x787C, 0, "euc-kr DD DD: freed heap"},          /* 硼 */
    {0xFF8C, 1, "shift_jis CC: uninitialised stack"}, /* ﾌ */
    {0xFF8D, 1, "shift_jis CD: uninitialised heap"},  /* ﾍ */
    {0xFF9D, 1, "shift_jis DD: freed heap"},          /* ﾝ */
};

static int fill_index(uint32_t cp) {
    for (size_t i = 0; i < sizeof FILLS / sizeof FILLS[0]; i++)
        if (FILLS[i].cp == cp) return (int)i;
    return -1;
}

/* A new last element of the list being built, or NULL on NOMEM. */
static ub_edit *push(ub_engine *e, ub_edit **v, size_t *n, size_t *cap) {
    void *p = *v;
    if (ub_grow(e->alloc, &p, cap, *n + 1, sizeof **v)) return NULL;
    *v = p;
    return &(*v)[(*n)++];
}

/* A report-only record for src[a, b): appended to the list being built. */
static int add_fill(ub_engine *e, ub_edit **v, size_t *n, size_t *cap, size_t a, size_t b,
                    uint64_t out_off, int fill, unsigned count) {
    ub_edit *ed = push(e, v, n, cap);
    if (!ed) return -1;
    memset(ed, 0, sizeof *ed);
    ed->in0 = a;
    ed->in1 = b;
    ed->out_off = (uint32_t)out_off;
    ed->out_len = (uint32_t)(b - a);
    ed->kind = UNBAKE_FIX_IRRECOVERABLE;
    ed->layers = 1;
    ed->confidence = 0.9f;
    ed->lost_chars = count;
    static const char hyp[] = "debug-fill";
    ed->hyp_off = (uint32_t)e->edit_text.len;
    ed->hyp_len = sizeof hyp - 1;
    if (ub_buf_append(e->alloc, &e->edit_text, hyp, sizeof hyp - 1)) return -1;
    const char *what = FILLS[fill].what;
    ed->detail_off = (uint32_t)e->edit_text.len;
    ed->detail_len = (uint32_t)strlen(what);
    return ub_buf_append(e->alloc, &e->edit_text, what, strlen(what));
}

int ub_debug_fills(ub_engine *e, const uint8_t *src, size_t len) {
    ub_edit *v = NULL;
    size_t n = 0, cap = 0, k = 0; /* k: next cumulative edit */
    long long delta = 0;          /* output minus input before position i */
    int found = 0;
    for (size_t i = 0; i < len;) {
        if (src[i] < 0x80) { /* no fill is ASCII */
            i += ub_ascii_prefix(src + i, len - i);
            continue;
        }
        /* every fill above is a three-byte character led by E5..E9 or EF;
         * any other byte (a continuation byte included) is stepped over
         * one at a time, which lands where decoding would have */
        if (!((src[i] >= 0xE5 && src[i] <= 0xE9) || src[i] == 0xEF)) {
            i++;
            continue;
        }
        uint32_t cp;
        int l = ub_utf8_decode(src + i, len - i, &cp);
        int f = l >= 2 ? fill_index(cp) : -1;
        assert(f < 0 || (l == 3 && ((src[i] >= 0xE5 && src[i] <= 0xE9) || src[i] == 0xEF)));
        if (f < 0) {
            i += l > 0 ? (size_t)l : 1;
            continue;
        }
        size_t a = i;
        unsigned count = 0;
        while (i < len && ub_utf8_decode(src + i, len - i, &cp) == l && fill_index(cp) == f) {
            i += (size_t)l;
            count++;
        }
        if (count < (FILLS[f].narrow ? UB_FILL_MIN_NARROW : UB_FILL_MIN_WIDE)) continue;
        /* records before the run keep their place; a run a repair touched
         * is that repair's business */
        for (; k < e->nedits && e->edits[k].in1 <= a; k++) {
            ub_edit *ed = push(e, &v, &n, &cap);
            if (!ed) goto nomem;
            *ed = e->edits[k];
            delta += (long long)e->edits[k].out_len - (long long)(e->edits[k].in1 - e->edits[k].in0);
        }
        if (k < e->nedits && e->edits[k].in0 < i) continue;
        if (add_fill(e, &v, &n, &cap, a, i, (uint64_t)((long long)a + delta), f, count))
            goto nomem;
        found = 1;
    }
    if (!found) {
        ub_free(e->alloc, v, cap * sizeof *v);
        return 0;
    }
    for (; k < e->nedits; k++) {
        ub_edit *ed = push(e, &v, &n, &cap);
        if (!ed) goto nomem;
        *ed = e->edits[k];
    }
    ub_free(e->alloc, e->edits, e->cap_edits * sizeof *e->edits);
    e->edits = v;
    e->nedits = n;
    e->cap_edits = cap;
    return 0;
nomem:
    ub_free(e->alloc, v, cap * sizeof *v);
    return -1;
}
