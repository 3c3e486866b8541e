/* Shared helpers of the fuzz targets (tests/fuzz/fuzz_*.c).
 *
 * Each target defines LLVMFuzzerTestOneInput(). Built with clang and
 * -DUNBAKE_FUZZ=ON it is a libFuzzer executable; otherwise driver.c supplies
 * a main() that runs it over files and directories (the seed corpus) so the
 * properties are checked by ctest in every build.
 *
 * Only the public API (unbake.h) is used. A property violation calls
 * FUZZ_FAIL, which prints what went wrong and aborts (libFuzzer then saves
 * the input as crash-*). */
#ifndef UNBAKE_FUZZ_UTIL_H
#define UNBAKE_FUZZ_UTIL_H

#include "unbake.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_FAIL(...)                                                        \
    do {                                                                      \
        fprintf(stderr, "%s:%d: property violated: ", __FILE__, __LINE__);   \
        fprintf(stderr, __VA_ARGS__);                                         \
        fputc('\n', stderr);                                                  \
        abort();                                                              \
    } while (0)
#define FUZZ_CHECK(cond, ...)                                                 \
    do {                                                                      \
        if (!(cond)) FUZZ_FAIL(__VA_ARGS__);                                  \
    } while (0)

/* ---- growable byte buffer ----------------------------------------------- */

typedef struct fz_buf {
    char *p;
    size_t n, cap;
} fz_buf;

static inline void fz_put(fz_buf *b, const void *src, size_t n) {
    if (n == 0) return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) FUZZ_FAIL("out of memory in the harness");
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
}

static inline void fz_buf_free(fz_buf *b) {
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* ---- fix records, copied out of the callback ----------------------------- */

typedef struct fz_fix {
    unbake_fix f;        /* pointers below point into the owned copies */
    char *before, *after, *hypothesis, *detail;
} fz_fix;

typedef struct fz_fixes {
    fz_fix *v;
    size_t n, cap;
} fz_fixes;

static inline char *fz_dup(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (!d) FUZZ_FAIL("out of memory in the harness");
    if (n) memcpy(d, s, n);
    d[n] = 0;
    return d;
}

static inline void fz_on_fix(const unbake_fix *fix, void *user) {
    fz_fixes *fs = user;
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? 2 * fs->cap : 16;
        fs->v = realloc(fs->v, fs->cap * sizeof *fs->v);
        if (!fs->v) FUZZ_FAIL("out of memory in the harness");
    }
    fz_fix *c = &fs->v[fs->n++];
    c->f = *fix;
    FUZZ_CHECK(fix->in_len == 0 || fix->before, "fix with in_len %zu has before == NULL",
               fix->in_len);
    FUZZ_CHECK(fix->out_len == 0 || fix->after, "fix with out_len %zu has after == NULL",
               fix->out_len);
    c->before = fz_dup(fix->before ? fix->before : "", fix->in_len);
    c->after = fz_dup(fix->after ? fix->after : "", fix->out_len);
    c->hypothesis = fix->hypothesis ? fz_dup(fix->hypothesis, strlen(fix->hypothesis)) : NULL;
    c->detail = fix->detail ? fz_dup(fix->detail, strlen(fix->detail)) : NULL;
    c->f.before = c->before;
    c->f.after = c->after;
    c->f.hypothesis = c->hypothesis;
    c->f.detail = c->detail;
}

static inline void fz_fixes_free(fz_fixes *fs) {
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->v[i].before);
        free(fs->v[i].after);
        free(fs->v[i].hypothesis);
        free(fs->v[i].detail);
    }
    free(fs->v);
    fs->v = NULL;
    fs->n = fs->cap = 0;
}

static inline int fz_str_eq(const char *a, const char *b) {
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

/* Two fix lists are equal when every field is (detail included). */
static inline void fz_fixes_assert_equal(const fz_fixes *a, const fz_fixes *b, const char *what) {
    FUZZ_CHECK(a->n == b->n, "%s: %zu fix records vs %zu", what, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const unbake_fix *x = &a->v[i].f, *y = &b->v[i].f;
        FUZZ_CHECK(x->kind == y->kind && x->in_offset == y->in_offset && x->in_len == y->in_len &&
                       x->out_offset == y->out_offset && x->out_len == y->out_len &&
                       x->layers == y->layers && x->guessed_bytes == y->guessed_bytes &&
                       x->lost_chars == y->lost_chars && x->confidence == y->confidence,
                   "%s: fix %zu differs (in %llu+%zu out %llu+%zu conf %g vs in %llu+%zu out "
                   "%llu+%zu conf %g)",
                   what, i, (unsigned long long)x->in_offset, x->in_len,
                   (unsigned long long)x->out_offset, x->out_len, x->confidence,
                   (unsigned long long)y->in_offset, y->in_len, (unsigned long long)y->out_offset,
                   y->out_len, y->confidence);
        FUZZ_CHECK(memcmp(a->v[i].before, b->v[i].before, x->in_len) == 0 &&
                       memcmp(a->v[i].after, b->v[i].after, x->out_len) == 0,
                   "%s: fix %zu text differs", what, i);
        FUZZ_CHECK(fz_str_eq(x->hypothesis, y->hypothesis), "%s: fix %zu hypothesis '%s' vs '%s'",
                   what, i, x->hypothesis ? x->hypothesis : "(null)",
                   y->hypothesis ? y->hypothesis : "(null)");
        FUZZ_CHECK(fz_str_eq(x->detail, y->detail), "%s: fix %zu detail differs", what, i);
    }
}

/* ---- running the engine ------------------------------------------------- */

/* One-shot repair; the output is copied into *out (owned by the caller),
 * fix records appended to *fixes (may be NULL). Checks the status and the
 * NUL terminator. */
static inline void fz_repair(const void *in, size_t len, const unbake_options *base,
                             fz_buf *out, fz_fixes *fixes) {
    unbake_options o = *base;
    if (fixes) {
        o.on_fix = fz_on_fix;
        o.user = fixes;
    }
    char *p = NULL;
    size_t n = 0;
    unbake_status st = unbake_repair(in, len, &o, &p, &n);
    FUZZ_CHECK(st == UNBAKE_OK, "unbake_repair returned %d (%s)", (int)st,
               unbake_status_string(st));
    FUZZ_CHECK(p != NULL && p[n] == 0, "output not NUL-terminated");
    out->n = 0;
    fz_put(out, p, n);
    unbake_free(&o, p, n);
}

/* Tiny deterministic PRNG (splitmix64). */
static inline uint64_t fz_rand(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* FNV-1a of the input: seeds the chunking so that it is a function of the
 * input alone (reproducible from a saved crash file). */
static inline uint64_t fz_hash(const uint8_t *d, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ d[i]) * 1099511628211ull;
    return h;
}

/* Streaming repair with input chunks and output capacities drawn from
 * `seed` (1..max_in bytes in, 1..max_out bytes of room out, sometimes 0). */
static inline void fz_stream(const void *in, size_t len, const unbake_options *base,
                             uint64_t seed, size_t max_in, size_t max_out, fz_buf *out,
                             fz_fixes *fixes) {
    unbake_options o = *base;
    if (fixes) {
        o.on_fix = fz_on_fix;
        o.user = fixes;
    }
    unbake_stream *s = NULL;
    unbake_status st = unbake_stream_new(&o, &s);
    FUZZ_CHECK(st == UNBAKE_OK && s, "unbake_stream_new returned %d", (int)st);
    out->n = 0;
    const uint8_t *p = in;
    size_t pos = 0, stall = 0;
    char obuf[4096];
    if (max_out > sizeof obuf) max_out = sizeof obuf;
    for (;;) {
        size_t want = 1 + (size_t)(fz_rand(&seed) % max_in);
        size_t room = (size_t)(fz_rand(&seed) % (max_out + 1)); /* 0 allowed */
        if (room == 0 && stall > 2) room = 1;
        size_t give = len - pos < want ? len - pos : want;
        int finish = pos + give == len;
        size_t used = 0, got = 0;
        st = unbake_stream_process(s, p + pos, give, &used, obuf, room, &got, finish);
        FUZZ_CHECK(st == UNBAKE_OK, "unbake_stream_process returned %d (%s)", (int)st,
                   unbake_status_string(st));
        FUZZ_CHECK(used <= give && got <= room, "used %zu of %zu, wrote %zu of %zu", used, give,
                   got, room);
        fz_put(out, obuf, got);
        pos += used;
        if (finish && used == give && got == 0 && room > 0 && !unbake_stream_pending(s)) break;
        stall = (used == 0 && got == 0) ? stall + 1 : 0;
        FUZZ_CHECK(stall < 1000, "stream makes no progress (pos %zu of %zu)", pos, len);
    }
    unbake_stats stats;
    unbake_stream_stats(s, &stats);
    FUZZ_CHECK(stats.bytes_in == len && stats.bytes_out == out->n,
               "stats: in %llu (want %zu), out %llu (want %zu)",
               (unsigned long long)stats.bytes_in, len, (unsigned long long)stats.bytes_out,
               out->n);
    unbake_stream_free(s);
}

/* ---- UTF-8 -------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when the bytes there
 * are not one (overlong forms, surrogates, > U+10FFFF, truncated and stray
 * continuation bytes are all invalid). */
static inline size_t fz_utf8_seq(const uint8_t *p, size_t n) {
    uint8_t c = p[0];
    if (c < 0x80) return 1;
    if (c < 0xC2 || c > 0xF4) return 0;
    size_t k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n < k) return 0;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    if (p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i < k; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return k;
}

static inline int fz_utf8_valid(const void *d, size_t n) {
    const uint8_t *p = d;
    for (size_t i = 0; i < n;) {
        size_t k = fz_utf8_seq(p + i, n - i);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

/* Appends to *bad every byte of d that is not part of a valid sequence. */
static inline void fz_invalid_bytes(const void *d, size_t n, fz_buf *bad) {
    const uint8_t *p = d;
    bad->n = 0;
    for (size_t i = 0; i < n;) {
        size_t k = fz_utf8_seq(p + i, n - i);
        if (k) {
            i += k;
        } else {
            fz_put(bad, p + i, 1);
            i++;
        }
    }
}

/* ---- options from a byte ------------------------------------------------ */

/* Some targets vary the options with the first input byte (which is still
 * part of the text). Dry run is never chosen here. */
static inline void fz_options_from_byte(unbake_options *o, uint8_t b) {
    unbake_options_init(o);
    if (b & 1) o->flags |= UNBAKE_FLAG_KEEP_INVALID;
    if (b & 2) o->flags |= UNBAKE_FLAG_NO_GUESS;
    if (b & 4) o->flags |= UNBAKE_FLAG_NO_DAMAGE_REPORT;
    if (b & 8) o->window = 4096; /* the minimum: exercises window edges */
    static const unsigned layers[4] = {3, 1, 2, 5};
    o->max_layers = layers[(b >> 4) & 3];
    static const double conf[4] = {0.5, 0.0, 0.9, 1.0};
    o->min_confidence = conf[(b >> 6) & 3];
}

#endif
