/*
 * UTF-8 helpers shared by the engine (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF).
 */
#ifndef UNBAKE_UTF8_H
#define UNBAKE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* A byte that is not part of a valid UTF-8 sequence is carried through the
 * engine as this private value plus the byte (never a real code point: the
 * range is a lone-surrogate block, which valid UTF-8 cannot produce). */
#define UB_RAW_BYTE_BASE 0xDC00u
#define UB_IS_RAW_BYTE(cp) ((cp) >= 0xDC80u && (cp) <= 0xDCFFu)

/* Number of bytes a lead byte announces (1..4), 0 for a continuation or an
 * invalid lead. */
static inline int ub_utf8_seq_len(uint8_t b) {
    if (b < 0x80) return 1;
    if (b < 0xC2) return 0;
    if (b < 0xE0) return 2;
    if (b < 0xF0) return 3;
    if (b < 0xF5) return 4;
    return 0;
}

/* Allowed range of the second byte after lead `b` (RFC 3629 table 3-7):
 * the only continuation position with a narrower range than 80..BF. */
static inline void ub_utf8_second_range(uint8_t lead, uint8_t *lo, uint8_t *hi) {
    *lo = 0x80;
    *hi = 0xBF;
    if (lead == 0xE0) *lo = 0xA0;
    else if (lead == 0xED) *hi = 0x9F;
    else if (lead == 0xF0) *lo = 0x90;
    else if (lead == 0xF4) *hi = 0x8F;
}

/* Decode one character at p[0..n). Returns its length (1..4) and sets *cp;
 * returns 0 for an invalid or truncated sequence. */
static inline int ub_utf8_decode(const uint8_t *p, size_t n, uint32_t *cp) {
    if (n == 0) return 0;
    uint8_t b = p[0];
    int len = ub_utf8_seq_len(b);
    if (len == 1) { *cp = b; return 1; }
    if (len == 0 || (size_t)len > n) return 0;
    uint8_t lo, hi;
    ub_utf8_second_range(b, &lo, &hi);
    if (p[1] < lo || p[1] > hi) return 0;
    uint32_t c = b & (0x7Fu >> len);
    for (int i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    *cp = c;
    return len;
}

/* Encode cp (must be a scalar value) into out; returns the length. */
static inline int ub_utf8_encode(uint32_t cp, uint8_t out[4]) {
    if (cp < 0x80) { out[0] = (uint8_t)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | (cp >> 6));
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (cp >> 12));
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (cp >> 18));
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the longest prefix of p[0..n) that is pure ASCII: the clean-text
 * fast path, with SSE2 or AVX2 where there are (scan.c). */
size_t ub_ascii_prefix(const uint8_t *p, size_t n);
/* The same in portable C whatever the processor (for tests). */
size_t ub_ascii_prefix_portable(const uint8_t *p, size_t n);
/* Offset of the first byte that does not start or continue a well-formed
 * UTF-8 character, n when all of p[0..n) is UTF-8 (scan.c). */
size_t ub_first_invalid_utf8(const uint8_t *p, size_t n);

#endif /* UNBAKE_UTF8_H */
