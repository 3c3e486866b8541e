/* Allocation helpers (alloc.c): ub_grow / ub_buf_* growth and failure
 * behaviour through a caller allocator, and ub_ascii_prefix against a
 * naive loop. */
#include "alloc.h"
#include "testutil.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ctr {
    int fail;        /* non-zero: every alloc/realloc fails */
    size_t calls, frees, outstanding, mismatch;
} ctr;

static void *t_alloc(void *c_, size_t n) {
    ctr *c = c_;
    c->calls++;
    if (c->fail) return NULL;
    size_t *p = malloc(16 + n);
    if (!p) return NULL;
    *p = n;
    c->outstanding += n;
    return (char *)p + 16;
}

static void *t_realloc(void *c_, void *ptr, size_t old, size_t n) {
    ctr *c = c_;
    if (!ptr) {
        if (old) c->mismatch++;
        return t_alloc(c_, n);
    }
    c->calls++;
    size_t *h = (size_t *)((char *)ptr - 16);
    if (*h != old) c->mismatch++;
    if (c->fail) return NULL;
    size_t real = *h;
    size_t *q = realloc(h, 16 + n);
    if (!q) return NULL;
    *q = n;
    c->outstanding = c->outstanding - real + n;
    return (char *)q + 16;
}

static void t_free(void *c_, void *ptr, size_t n) {
    ctr *c = c_;
    if (!ptr) return;
    size_t *h = (size_t *)((char *)ptr - 16);
    if (*h != n) c->mismatch++;
    c->outstanding -= *h;
    c->frees++;
    free(h);
}

static void test_grow(void) {
    ctr c = {0};
    unbake_allocator a = {t_alloc, t_realloc, t_free, &c};
    uint32_t *arr = NULL;
    size_t cap = 0;
    void *p = arr;
    CHECK(ub_grow(&a, &p, &cap, 0, sizeof *arr) == 0); /* nothing needed */
    CHECK(p == NULL && cap == 0 && c.calls == 0);
    CHECK(ub_grow(&a, &p, &cap, 1, sizeof *arr) == 0);
    CHECK(p != NULL && cap >= 1);
    CHECK(c.outstanding == cap * sizeof *arr);
    arr = p;
    arr[0] = 0xDEADBEEF;
    size_t old = cap;
    CHECK(ub_grow(&a, &p, &cap, old, sizeof *arr) == 0); /* already enough */
    CHECK(cap == old);
    for (size_t need = 2; need < 5000; need = need * 3 + 1) {
        CHECK(ub_grow(&a, &p, &cap, need, sizeof *arr) == 0);
        CHECK(cap >= need);
        CHECK(c.outstanding == cap * sizeof *arr);
        arr = p;
        CHECK(arr[0] == 0xDEADBEEF); /* contents kept */
        arr[need - 1] = (uint32_t)need;   /* usable up to need */
    }
    /* failure: array and capacity untouched */
    c.fail = 1;
    void *before = p;
    size_t cap_before = cap;
    CHECK(ub_grow(&a, &p, &cap, cap + 1, sizeof *arr) == -1);
    CHECK(p == before && cap == cap_before);
    CHECK(((uint32_t *)p)[0] == 0xDEADBEEF);
    /* overflow of the element count is refused, not wrapped */
    c.fail = 0;
    size_t calls = c.calls;
    CHECK(ub_grow(&a, &p, &cap, SIZE_MAX / 2, 64) == -1);
    CHECK(p == before && cap == cap_before);
    CHECK(c.calls == calls);
    ub_free(&a, p, cap * sizeof *arr);
    CHECK(c.outstanding == 0 && c.mismatch == 0);

    /* the default allocator */
    p = NULL;
    cap = 0;
    CHECK(ub_grow(NULL, &p, &cap, 100, 8) == 0);
    CHECK(p != NULL && cap >= 100);
    memset(p, 0, cap * 8);
    ub_free(NULL, p, cap * 8);
    ub_free(NULL, NULL, 0);
}

static void test_buf(void) {
    ctr c = {0};
    unbake_allocator a = {t_alloc, t_realloc, t_free, &c};
    ub_buf b = {0};
    CHECK(ub_buf_append(&a, &b, "", 0) == 0);
    CHECK(b.len == 0);
    char want[10000];
    size_t wl = 0;
    for (int i = 0; i < 300; i++) {
        char piece[40];
        size_t n = (size_t)(i % 37);
        for (size_t k = 0; k < n; k++) piece[k] = (char)('a' + (i + (int)k) % 26);
        CHECK(ub_buf_append(&a, &b, piece, n) == 0);
        memcpy(want + wl, piece, n);
        wl += n;
        CHECK(b.len == wl && b.cap >= b.len);
    }
    CHECK(memcmp(b.data, want, wl) == 0);
    CHECK(c.outstanding == b.cap);
    /* a failing allocator: buffer unchanged */
    c.fail = 1;
    ub_buf saved = b;
    CHECK(ub_buf_append(&a, &b, want, b.cap - b.len + 1) == -1);
    CHECK(b.data == saved.data && b.len == saved.len && b.cap == saved.cap);
    CHECK(memcmp(b.data, want, wl) == 0);
    CHECK(ub_buf_reserve(&a, &b, b.cap - b.len + 1) == -1);
    CHECK(b.data == saved.data && b.len == saved.len && b.cap == saved.cap);
    /* within capacity no allocation is needed, so it still works */
    if (b.cap > b.len) {
        CHECK(ub_buf_append(&a, &b, "x", 1) == 0);
        CHECK(b.len == saved.len + 1 && b.data[b.len - 1] == 'x');
    }
    /* a reserve that would overflow len + extra is refused */
    c.fail = 0;
    CHECK(ub_buf_reserve(&a, &b, SIZE_MAX) == -1);
    CHECK(b.data == saved.data && b.cap == saved.cap);
    ub_buf_free(&a, &b);
    CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
    CHECK(c.outstanding == 0 && c.mismatch == 0);
    ub_buf_free(&a, &b); /* twice is fine */
    CHECK(c.outstanding == 0);
}

static size_t naive_prefix(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n && p[i] < 0x80) i++;
    return i;
}

/* The SIMD scan (64 bytes a step, then 32 or 16, then bytes: scan.c) and
 * the portable one agree with a byte loop at every length across those
 * steps and every place of the first non-ASCII byte. */
static void test_ascii_prefix(void) {
    /* offset the start so that misaligned loads are exercised too */
    uint8_t store[200 + 8];
    int bad = 0;
    for (size_t shift = 0; shift < 8; shift++) {
        uint8_t *p = store + shift;
        for (size_t len = 0; len < 200; len++) {
            for (size_t i = 0; i < len; i++) p[i] = (uint8_t)(0x20 + (i * 7 + len) % 0x5F);
            p[len] = 0xC3; /* a non-ASCII byte just past the end must not be seen */
            if (ub_ascii_prefix(p, len) != len || ub_ascii_prefix_portable(p, len) != len) bad++;
            for (size_t pos = 0; pos < len; pos++) {
                const uint8_t highs[] = {0x80, 0xC3, 0xFF};
                for (size_t h = 0; h < 3; h++) {
                    uint8_t keep = p[pos];
                    p[pos] = highs[h];
                    if (ub_ascii_prefix(p, len) != naive_prefix(p, len) ||
                        ub_ascii_prefix(p, len) != pos || ub_ascii_prefix_portable(p, len) != pos)
                        bad++;
                    p[pos] = keep;
                }
            }
            /* two non-ASCII bytes: the first one counts */
            if (len >= 2) {
                p[len - 1] = 0x80;
                p[len / 2] = 0x90;
                if (ub_ascii_prefix(p, len) != naive_prefix(p, len)) bad++;
            }
        }
    }
    CHECK(bad == 0);
    CHECK(ub_ascii_prefix((const uint8_t *)"", 0) == 0);
    /* control bytes and DEL are ASCII */
    const uint8_t ctl[] = {0, 1, 0x1F, 0x7F, 0x7F, 0, 0, 0, 0, 9, 0xE2};
    CHECK(ub_ascii_prefix(ctl, sizeof ctl) == sizeof ctl - 1);
}

int main(void) {
    test_grow();
    test_buf();
    test_ascii_prefix();
    return ut_report("test_alloc");
}
