/*
 * Allocation through the caller's allocator, and a growable byte buffer.
 * Every allocation failure is reported upward as UNBAKE_ERR_NOMEM; nothing
 * aborts.
 */
#ifndef UNBAKE_ALLOC_H
#define UNBAKE_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "unbake.h"

void *ub_malloc(const unbake_allocator *a, size_t size);
void *ub_realloc(const unbake_allocator *a, void *p, size_t old_size, size_t new_size);
void ub_free(const unbake_allocator *a, void *p, size_t size);

/* Grow an array `*p` of `*cap` elements of `elem` bytes to hold at least
 * `need`. Returns 0 on success, -1 on allocation failure (array untouched). */
int ub_grow(const unbake_allocator *a, void **p, size_t *cap, size_t need, size_t elem);

typedef struct ub_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
} ub_buf;

int ub_buf_reserve(const unbake_allocator *a, ub_buf *b, size_t extra);
int ub_buf_append(const unbake_allocator *a, ub_buf *b, const void *src, size_t n);
void ub_buf_free(const unbake_allocator *a, ub_buf *b);

#endif /* UNBAKE_ALLOC_H */
