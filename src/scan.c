/*
 * Byte scanning at memory speed (issue #5, fast paths): the length of a
 * buffer's ASCII prefix, which every pass over a window asks for between
 * its non-ASCII runs, and the first byte that is not UTF-8.
 *
 * ASCII is recognised 64 bytes at a time by the sign bits of the bytes:
 * with AVX2 where the processor has it (chosen at run time), else with
 * SSE2, which every x86-64 processor has, else eight bytes at a time in
 * portable C. The word-at-a-time loop took a fifth to a third of the
 * time of clean English, whose passes ask between every two non-ASCII
 * runs.
 */
#include <string.h>

#include "utf8.h"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define UB_SCAN_X86 1
#include <immintrin.h>
#endif

/* Eight bytes at a time: any byte >= 0x80 sets a high bit. memcpy keeps the
 * load free of alignment and aliasing problems; compilers turn it into one
 * instruction. */
static size_t ascii_prefix_portable(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i + 32 <= n) {
        uint64_t w[4];
        memcpy(w, p + i, 32);
        if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) break;
        i += 32;
    }
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull) break;
        i += 8;
    }
    while (i < n && p[i] < 0x80) i++;
    return i;
}

#ifdef UB_SCAN_X86
/* The index of the lowest set bit of a non-zero mask. */
static inline size_t lowest_bit(unsigned m) { return (size_t)__builtin_ctz(m); }

__attribute__((target("sse2"))) static size_t ascii_prefix_sse2(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i + 64 <= n) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 48));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)))) break;
        i += 64;
    }
    while (i + 16 <= n) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)));
        if (m) return i + lowest_bit(m);
        i += 16;
    }
    while (i < n && p[i] < 0x80) i++;
    return i;
}

__attribute__((target("avx2"))) static size_t ascii_prefix_avx2(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i + 64 <= n) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + i + 32));
        if (_mm256_movemask_epi8(_mm256_or_si256(a, b))) break;
        i += 64;
    }
    while (i + 32 <= n) {
        unsigned m = (unsigned)_mm256_movemask_epi8(
            _mm256_loadu_si256((const __m256i *)(const void *)(p + i)));
        if (m) return i + lowest_bit(m);
        i += 32;
    }
    while (i < n && p[i] < 0x80) i++;
    return i;
}

/* AVX2 where the processor has it. __builtin_cpu_supports reads what
 * libgcc's constructor found at start-up: one load and a test per call. */
static int have_avx2(void) {
    return __builtin_cpu_supports("avx2");
}

/* The first 16 bytes alone: most calls end there (the ASCII between two
 * non-ASCII characters of a line), and a byte loop mispredicted its exit
 * in every one of them. */
__attribute__((target("sse2"))) static inline unsigned first16(const uint8_t *p) {
    return (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)p));
}
#endif

size_t ub_ascii_prefix(const uint8_t *p, size_t n) {
#ifdef UB_SCAN_X86
    if (n >= 16) {
        unsigned m = first16(p);
        if (m) return lowest_bit(m);
        if (have_avx2()) return 16 + ascii_prefix_avx2(p + 16, n - 16);
        return 16 + ascii_prefix_sse2(p + 16, n - 16);
    }
    size_t i = 0;
    while (i < n && p[i] < 0x80) i++;
    return i;
#else
    return ascii_prefix_portable(p, n);
#endif
}

/* For tests: the portable scan, whatever the processor. */
size_t ub_ascii_prefix_portable(const uint8_t *p, size_t n) {
    return ascii_prefix_portable(p, n);
}

size_t ub_first_invalid_utf8(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n;) {
        i += ub_ascii_prefix(p + i, n - i);
        if (i >= n) break;
        uint32_t cp;
        int l = ub_utf8_decode(p + i, n - i, &cp);
        if (l == 0) return i;
        i += (size_t)l;
    }
    return n;
}
