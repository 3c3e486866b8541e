/*
 * Wrong-codec tables: how each legacy decoder maps bytes to code points, and
 * the reverse (which bytes a decoder saw when it produced a code point).
 *
 * The tables are generated at build time by tools/gen_codec_tables.c from
 * ICU's converters and glibc iconv (see data/SOURCES.md); this module only
 * reads them. Layering: codec knows nothing about scoring or streams.
 */
#ifndef UNBAKE_CODEC_H
#define UNBAKE_CODEC_H

#include <stddef.h>
#include <stdint.h>

/* Order matters only for tie-breaking: when two codecs yield the same
 * repair, the one listed first is reported (the most common in the wild). */
typedef enum ub_codec_id {
    /* single-byte */
    UB_CP1252 = 0,
    UB_LATIN1,      /* ISO-8859-1 */
    UB_CP1250,
    UB_CP1251,
    UB_CP1253,
    UB_CP1254,
    UB_CP1255,
    UB_CP1256,
    UB_CP1257,
    UB_CP1258,
    UB_ISO8859_2,
    UB_ISO8859_5,
    UB_ISO8859_7,
    UB_ISO8859_15,
    UB_KOI8_R,
    UB_KOI8_U,
    UB_CP437,
    UB_CP850,
    UB_CP866,
    UB_MAC_ROMAN,
    /* double-byte */
    UB_GBK,         /* GBK / CP936 */
    UB_GB18030,
    UB_BIG5,        /* Big5, with HKSCS where ICU has it */
    UB_SHIFT_JIS,
    UB_CP932,
    UB_EUC_JP,
    UB_EUC_KR,
    UB_CP949,
    UB_CODEC_COUNT
} ub_codec_id;

#define UB_FIRST_MULTIBYTE UB_GBK

/* Decoder families (DESIGN.md section 2): they differ in which bytes a
 * decoder rejects, hence which bytes are lost. */
typedef enum ub_family {
    /* Python codecs, glibc iconv: unassigned and user-defined pairs and
     * undefined single bytes are errors. */
    UB_FAMILY_STRICT = 0,
    /* WHATWG / Windows / ICU: undefined single bytes of windows-125x become
     * C1 controls, GBK 0x80 is the euro sign, user-defined areas map to the
     * Private Use Area; an invalid ASCII trail byte is pushed back. */
    UB_FAMILY_WHATWG = 1,
    UB_FAMILY_COUNT
} ub_family;

/* Canonical name ("cp1252", "gbk", "shift_jis", ...). */
const char *ub_codec_name(ub_codec_id id);

/* All canonical names in id order, NULL-terminated. */
const char *const *ub_codec_names(void);

/* Look up a codec by canonical name or common alias (case-insensitive:
 * "windows-1252", "latin-1", "iso-8859-1", "sjis", "cp936", "euc-kr", ...).
 * Returns -1 when unknown. */
int ub_codec_from_name(const char *name, size_t len);

static inline int ub_codec_is_multibyte(ub_codec_id id) {
    return id >= UB_FIRST_MULTIBYTE;
}

/* Bit (1u << id) is set when some decoder of codec `id` produces code point
 * `cp` from a non-ASCII byte sequence. 0 for ASCII and for code points no
 * wrong codec produces. This is the scan's repertoire filter. */
uint32_t ub_codec_mask(uint32_t cp);

/* The bytes a decoder of `id` (any family, any mapping variant) had seen
 * when it produced `cp`. Writes 1..4 bytes to out and returns the count, or
 * returns 0 when no decoder of `id` produces cp. ASCII maps to itself.
 * Several code points may map to the same bytes (variants). */
int ub_codec_encode(ub_codec_id id, uint32_t cp, uint8_t out[4]);

/* Decode one character at p[0..n) as a decoder of family `fam` would.
 * Returns the number of bytes consumed (1..4) and sets *cp, or returns 0
 * when the decoder rejects the sequence at p (it would emit U+FFFD or drop
 * p[0]). n == 0 returns 0. */
int ub_codec_decode(ub_codec_id id, ub_family fam, const uint8_t *p, size_t n,
                    uint32_t *cp);

/* Could byte `b`, at a character start and followed by byte `next` (or
 * next < 0 at end of input), have been lost by some decoder family of
 * codec `id`? True when that decoder rejects the sequence starting with b.
 * For single-byte codecs `next` is ignored. This bounds the lost-byte
 * search: only such bytes can hide behind U+FFFD, '?' or a gap. */
int ub_codec_could_lose(ub_codec_id id, uint8_t b, int next);

/* Is b a byte that glibc's decoder of codec id reads alone as a C1 control
 * (Big5 0x80; EUC-JP 80..9F but 8E and 8F; EUC-KR 80..9F) and Python's
 * rejects? A text that shows such controls was not decoded by Python. */
int ub_codec_glibc_c1(ub_codec_id id, uint8_t b);
/* ub_codec_could_lose() for a decoder that keeps those controls: a
 * ub_codec_glibc_c1() byte is lost only where another family loses it. */
int ub_codec_could_lose_keeping_c1(ub_codec_id id, uint8_t b, int next);

/* Is x a lead byte of double-byte codec id's pairs, rows its tables leave
 * empty included (GBK 81..FE, EUC-KR A1..FE, ...)? */
int ub_codec_lead_byte(ub_codec_id id, unsigned x);

/* Could codec id's decoder have dropped the bytes x, l together as one
 * unmapped pair, as glibc's do (iconv -c)? x must be a lead byte of the
 * code page, and (x, l) no pair of its strict tables. */
int ub_codec_pair_unmapped(ub_codec_id id, uint8_t x, uint8_t l);

/* Index of `key` in the sorted array a[0..n), or -1 (the generated tables
 * keep their sparse parts as sorted arrays). */
static inline int ub_find_u32(const uint32_t *a, uint32_t n, uint32_t key) {
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && a[lo] == key ? (int)lo : -1;
}

/* Prior cost in bits of reading text as codec `id` (0 for the common ones). */
float ub_codec_prior_bits(ub_codec_id id);

#endif /* UNBAKE_CODEC_H */
