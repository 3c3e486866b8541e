/*
 * Decoding one character as a decoder family would, and the lost-byte
 * predicate. Tables from the generated codec_tables.c (see codec.c).
 *
 *  - ub_sb_dec[codec][family][b - 0x80]: the code point of single byte b,
 *    0 when b is not a character by itself (invalid, or a lead byte).
 *  - Pairs: row = lead byte, or 256 + (b2 - 0x80) for EUC-JP's 3-byte
 *    JIS X 0212 form 8F b2 b3. ub_row_off/lo/hi[codec][row] locate the
 *    trails lo..hi of the row in ub_db_val, which holds the STRICT value
 *    (0 = rejected; 0xD800 = above the BMP, see ub_smp_*).
 *  - WHATWG values that differ from STRICT (user-defined area -> PUA, the
 *    A1A4 middle dot, HKSCS, UHC for euc-kr, ...) are a sorted exception
 *    list keyed (codec << 20 | row << 8 | trail); cp 0 = rejected.
 *  - GB18030 4-byte: BMP via range tables per family (GB18030 keeps
 *    Unicode order between its 2-byte code points, so ~200 ranges cover
 *    it); 90308130.. is U+10000 + linear index (GB18030-2005 section 6.3).
 */
#include "codec.h"

extern const uint16_t ub_sb_dec[];
extern const uint32_t ub_row_off[];
extern const uint8_t ub_row_lo[], ub_row_hi[];
extern const uint16_t ub_db_val[];
extern const uint32_t ub_ww_key[], ub_ww_cp[];
extern const uint32_t ub_ww_count;
extern const uint32_t ub_smp_key[], ub_smp_cp[];
extern const uint32_t ub_smp_count;
extern const uint32_t ub_gb4_lin0[], ub_gb4_cp0[], ub_gb4_len0[];
extern const uint32_t ub_gb4_lin1[], ub_gb4_cp1[], ub_gb4_len1[];
extern const uint32_t ub_gb4_count0, ub_gb4_count1;

int ub_gb18030_encode4(uint32_t cp, uint8_t out[4]);

#define NROW 384
#define GB4_SMP_BASE 189000u /* linear index of 90 30 81 30 */


/* Pair value for (row, trail) in family fam; 0 = rejected. */
static uint32_t pair(int k, ub_family fam, unsigned row, unsigned t) {
    uint32_t off = ub_row_off[k * NROW + row];
    if (off == UINT32_MAX || t < ub_row_lo[k * NROW + row] || t > ub_row_hi[k * NROW + row])
        return 0;
    uint32_t key = (uint32_t)k << 20 | row << 8 | t;
    if (fam == UB_FAMILY_WHATWG) {
        int i = ub_find_u32(ub_ww_key, ub_ww_count, key);
        if (i >= 0) return ub_ww_cp[i];
    }
    uint32_t v = ub_db_val[off + t - ub_row_lo[k * NROW + row]];
    if (v == 0xD800) {
        int i = ub_find_u32(ub_smp_key, ub_smp_count, key);
        return i >= 0 ? ub_smp_cp[i] : 0;
    }
    return v;
}

static int row_exists(int k, unsigned row) {
    return ub_row_off[k * NROW + row] != UINT32_MAX;
}

/* GB18030 4-byte, BMP part: linear index -> cp via the family's ranges. */
static uint32_t gb4_bmp(ub_family fam, uint32_t lin) {
    const uint32_t *L = fam ? ub_gb4_lin1 : ub_gb4_lin0;
    const uint32_t *C = fam ? ub_gb4_cp1 : ub_gb4_cp0;
    const uint32_t *N = fam ? ub_gb4_len1 : ub_gb4_len0;
    uint32_t n = fam ? ub_gb4_count1 : ub_gb4_count0, lo = 0, hi = n;
    while (lo < hi) { /* last range with L <= lin */
        uint32_t mid = lo + (hi - lo) / 2;
        if (L[mid] <= lin) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return 0;
    lo--;
    return lin - L[lo] < N[lo] ? C[lo] + (lin - L[lo]) : 0;
}

static void gb4_bytes(uint32_t lin, uint8_t out[4]) {
    out[0] = (uint8_t)(0x81 + lin / 12600);
    out[1] = (uint8_t)(0x30 + lin / 1260 % 10);
    out[2] = (uint8_t)(0x81 + lin / 10 % 126);
    out[3] = (uint8_t)(0x30 + lin % 10);
}

int ub_gb18030_encode4(uint32_t cp, uint8_t out[4]) {
    if (cp >= 0x10000) {
        if (cp > 0x10FFFF) return 0;
        gb4_bytes(GB4_SMP_BASE + cp - 0x10000, out);
        return 4;
    }
    /* Ranges are few (~200): a linear scan is short and needs no second
     * (cp-sorted) index; WHATWG (ICU) first, then strict (iconv). */
    for (int f = 1; f >= 0; f--) {
        const uint32_t *L = f ? ub_gb4_lin1 : ub_gb4_lin0;
        const uint32_t *C = f ? ub_gb4_cp1 : ub_gb4_cp0;
        const uint32_t *N = f ? ub_gb4_len1 : ub_gb4_len0;
        uint32_t n = f ? ub_gb4_count1 : ub_gb4_count0;
        for (uint32_t i = 0; i < n; i++)
            if (cp >= C[i] && cp - C[i] < N[i]) {
                gb4_bytes(L[i] + cp - C[i], out);
                return 4;
            }
    }
    return 0;
}

/* Like ub_codec_decode, but returns -1 when p[0..n) is a valid proper
 * prefix of a longer sequence (used by could_lose with two bytes). */
static int decode(ub_codec_id id, ub_family fam, const uint8_t *p, size_t n, uint32_t *cp) {
    unsigned b = p[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    uint32_t v = ub_sb_dec[((unsigned)id * 2 + (unsigned)fam) * 128 + (b - 0x80)];
    if (v) {
        *cp = v;
        return 1;
    }
    if (!ub_codec_is_multibyte(id)) return 0;
    int k = (int)id - UB_FIRST_MULTIBYTE;
    if (n < 2) return 0;
    unsigned t = p[1];
    if (id == UB_GB18030 && t >= 0x30 && t <= 0x39) {
        if (b < 0x81 || b > 0xFE) return 0;
        if (n < 4) return n == 2 || (p[2] >= 0x81 && p[2] <= 0xFE) ? -1 : 0;
        if (p[2] < 0x81 || p[2] > 0xFE || p[3] < 0x30 || p[3] > 0x39) return 0;
        uint32_t lin = ((b - 0x81) * 10 + (t - 0x30)) * 1260 + (p[2] - 0x81) * 10u + (p[3] - 0x30);
        if (lin < 39420) v = gb4_bmp(fam, lin);
        else if (lin >= GB4_SMP_BASE && lin - GB4_SMP_BASE <= 0xFFFFF) v = 0x10000 + lin - GB4_SMP_BASE;
        else v = 0;
        if (!v) return 0;
        *cp = v;
        return 4;
    }
    if (id == UB_EUC_JP && b == 0x8F) {
        if (t < 0x80 || !row_exists(k, 256 + t - 0x80)) return 0;
        if (n < 3) return -1;
        v = pair(k, fam, 256 + t - 0x80, p[2]);
        if (!v) return 0;
        *cp = v;
        return 3;
    }
    v = pair(k, fam, b, t);
    if (!v) return 0;
    *cp = v;
    return 2;
}

int ub_codec_decode(ub_codec_id id, ub_family fam, const uint8_t *p, size_t n, uint32_t *cp) {
    if (n == 0 || (unsigned)id >= UB_CODEC_COUNT || (unsigned)fam >= UB_FAMILY_COUNT) return 0;
    int r = decode(id, fam, p, n, cp);
    return r < 0 ? 0 : r;
}

/* Codecs whose names are used interchangeably for one table with a few
 * extensions: a text labelled with one was often decoded by the other's
 * decoder (Python's strict shift_jis rejects 0xA0 where cp932 maps it), so
 * a byte either of them rejects may be the lost one. */
static int sibling(ub_codec_id id) {
    switch (id) {
    case UB_SHIFT_JIS: return UB_CP932;
    case UB_CP932: return UB_SHIFT_JIS;
    case UB_EUC_KR: return UB_CP949;
    case UB_CP949: return UB_EUC_KR;
    default: return -1;
    }
}

static int could_lose_one(ub_codec_id id, uint8_t b, int next);

int ub_codec_could_lose(ub_codec_id id, uint8_t b, int next) {
    if ((unsigned)id >= UB_CODEC_COUNT || b < 0x80) return 0;
    if (could_lose_one(id, b, next)) return 1;
    int sib = sibling(id);
    return sib >= 0 && could_lose_one((ub_codec_id)sib, b, next);
}

int ub_codec_glibc_c1(ub_codec_id id, uint8_t b) {
    switch (id) {
    case UB_BIG5: return b == 0x80;
    case UB_EUC_JP: return b >= 0x80 && b <= 0x9F && b != 0x8E && b != 0x8F;
    case UB_EUC_KR: return b >= 0x80 && b <= 0x9F;
    default: return 0;
    }
}

int ub_codec_could_lose_keeping_c1(ub_codec_id id, uint8_t b, int next) {
    if (!ub_codec_glibc_c1(id, b)) return ub_codec_could_lose(id, b, next);
    /* the STRICT family is Python's, which rejects the byte: ask the others */
    uint8_t s[2] = {b, (uint8_t)(next < 0 ? 0 : next)};
    for (int f = 0; f < UB_FAMILY_COUNT; f++) {
        uint32_t cp;
        if (f != UB_FAMILY_STRICT && decode(id, (ub_family)f, s, next < 0 ? 1 : 2, &cp) == 0)
            return 1;
    }
    int sib = sibling(id);
    return sib >= 0 && could_lose_one((ub_codec_id)sib, b, next);
}

/* The lead bytes of a double-byte code page's pairs, rows its tables leave
 * empty included (glibc drops `85 E0` of Shift_JIS as a pair): GBK and
 * GB18030 81..FE; Big5 81..FE (HKSCS); Shift_JIS and CP932 81..9F and
 * E0..FC; EUC-JP and EUC-KR A1..FE (8E, 8F are EUC-JP's prefixes);
 * CP949 81..FE (the Unified Hangul Code). */
int ub_codec_lead_byte(ub_codec_id id, unsigned x) {
    switch (id) {
    case UB_SHIFT_JIS:
    case UB_CP932: return (x >= 0x81 && x <= 0x9F) || (x >= 0xE0 && x <= 0xFC);
    case UB_EUC_JP:
    case UB_EUC_KR: return x >= 0xA1 && x <= 0xFE;
    default: return x >= 0x81 && x <= 0xFE;
    }
}

int ub_codec_pair_unmapped(ub_codec_id id, uint8_t x, uint8_t l) {
    if ((unsigned)id >= UB_CODEC_COUNT || !ub_codec_is_multibyte(id) || !ub_codec_lead_byte(id, x))
        return 0;
    uint32_t cp;
    uint8_t s[2] = {x, l};
    /* a pair, a character alone (half-width katakana), or a valid prefix
     * of GB18030's four bytes: nothing dropped there */
    return decode(id, UB_FAMILY_STRICT, s, 2, &cp) == 0;
}

static int could_lose_one(ub_codec_id id, uint8_t b, int next) {
    if (!ub_codec_is_multibyte(id))
        return ub_sb_dec[(unsigned)id * 2 * 128 + (b - 0x80)] == 0;
    uint8_t s[2] = {b, (uint8_t)(next < 0 ? 0 : next)};
    for (int f = 0; f < UB_FAMILY_COUNT; f++) {
        uint32_t cp;
        /* A 3- or 4-byte prefix that is still valid counts as kept: the
         * bytes after `next` are not known here. */
        if (decode(id, (ub_family)f, s, next < 0 ? 1 : 2, &cp) == 0) return 1;
    }
    return 0;
}
