/* Allocation helpers and the growable buffer (see alloc.h). */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

void *ub_malloc(const unbake_allocator *a, size_t size) {
    if (size == 0) size = 1;
    if (a) return a->alloc(a->ctx, size);
    return malloc(size);
}

void *ub_realloc(const unbake_allocator *a, void *p, size_t old_size, size_t new_size) {
    if (new_size == 0) new_size = 1;
    if (a) return a->realloc(a->ctx, p, old_size, new_size);
    return realloc(p, new_size);
}

void ub_free(const unbake_allocator *a, void *p, size_t size) {
    if (!p) return;
    if (a) a->free(a->ctx, p, size);
    else free(p);
}

int ub_grow(const unbake_allocator *a, void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem) return -1;
        n *= 2;
    }
    void *q = ub_realloc(a, *p, *cap * elem, n * elem);
    if (!q) return -1;
    *p = q;
    *cap = n;
    return 0;
}

int ub_buf_reserve(const unbake_allocator *a, ub_buf *b, size_t extra) {
    if (extra > SIZE_MAX - b->len) return -1;
    void *p = b->data;
    int rc = ub_grow(a, &p, &b->cap, b->len + extra, 1);
    b->data = p;
    return rc;
}

int ub_buf_append(const unbake_allocator *a, ub_buf *b, const void *src, size_t n) {
    if (n == 0) return 0;
    if (ub_buf_reserve(a, b, n)) return -1;
    memcpy(b->data + b->len, src, n);
    b->len += n;
    return 0;
}

void ub_buf_free(const unbake_allocator *a, ub_buf *b) {
    ub_free(a, b->data, b->cap);
    b->data = NULL;
    b->len = b->cap = 0;
}
