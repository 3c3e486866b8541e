/*
 * What a wrong decoder could have lost (DESIGN.md section 3, step 4): the answers
 * of ub_codec_could_lose(), memoised per engine, in the shapes the hole
 * search (unit.c) asks for them: one byte before one next byte, every
 * continuation byte after one byte (a row), every byte before one next
 * byte (a column). The search asks millions of times per megabyte of
 * damaged text; each answer is computed once.
 */
#include <string.h>

#include "engine.h"

#define UB_LOSE_ROW 257 /* next = -1 (end) .. 255 */
#define UB_LOSE_BYTES (128 * UB_LOSE_ROW / 8 + 16 + 1)

/* Memo of ub_codec_could_lose() for a double-byte codec, filled one lead
 * byte (one row of 257 answers) at a time: bit (b - 0x80) * 257 + next + 1,
 * and the row's own "computed" flag in the 16 bytes after the table. */
size_t ub_lose_memo_size(void) { return UB_LOSE_BYTES; }

int ub_could_lose(ub_engine *e, ub_codec_id c, uint8_t b, int next) {
    if (b < 0x80) return 0;
    if (e->keep_c1 && ub_codec_glibc_c1(c, b)) return ub_codec_could_lose_keeping_c1(c, b, next);
    if (!ub_codec_is_multibyte(c)) {
        /* a single-byte codec's answer does not depend on `next`: 128
         * bits per codec, computed on first use (the hole search asks
         * millions of times) */
        if (!((e->sb_lose_ready >> c) & 1u)) {
            e->sb_lose[c][0] = e->sb_lose[c][1] = 0;
            for (unsigned x = 0x80; x <= 0xFF; x++)
                if (ub_codec_could_lose(c, (uint8_t)x, -1))
                    e->sb_lose[c][(x - 0x80) >> 6] |= 1ull << ((x - 0x80) & 63u);
            e->sb_lose_ready |= 1u << c;
        }
        return (int)((e->sb_lose[c][(b - 0x80) >> 6] >> ((b - 0x80) & 63u)) & 1u);
    }
    if (next < -1 || next > 255) next = -1;
    uint8_t *bits = e->lose_bits[c];
    if (!bits) {
        bits = ub_malloc(e->alloc, UB_LOSE_BYTES);
        if (!bits) return ub_codec_could_lose(c, b, next);
        memset(bits, 0, UB_LOSE_BYTES);
        e->lose_bits[c] = bits;
    }
    unsigned row = (unsigned)(b - 0x80);
    uint8_t *ready = bits + 128 * UB_LOSE_ROW / 8;
    if (!((ready[row >> 3] >> (row & 7)) & 1u)) {
        for (int n = -1; n <= 255; n++)
            if (ub_codec_could_lose(c, b, n)) {
                size_t k = (size_t)row * UB_LOSE_ROW + (size_t)(n + 1);
                bits[k >> 3] |= (uint8_t)(1u << (k & 7));
            }
        ready[row >> 3] |= (uint8_t)(1u << (row & 7));
    }
    size_t bit = (size_t)row * UB_LOSE_ROW + (size_t)(next + 1);
    return (bits[bit >> 3] >> (bit & 7)) & 1;
}

/* Which bytes x = 0x80..0xFF codec c could have lost before `next`, as a
 * 128-bit mask (bit x - 0x80): the hole search asks this for every value
 * of a lost byte at once. One column of 128 answers per (codec, next),
 * computed on first use; NULL when out of memory. */
#define UB_LOSE_COLS 257 /* next = -1 .. 255 */
static const uint64_t *lose_col(ub_engine *e, ub_codec_id c, int next) {
    if (!ub_codec_is_multibyte(c)) {
        (void)ub_could_lose(e, c, 0x80, -1); /* fills sb_lose[c] */
        return e->sb_lose[c];
    }
    if (next < -1 || next > 255) next = -1;
    uint64_t *col = e->lose_col[c];
    if (!col) {
        /* 2 words per column, then 257 ready bits */
        col = ub_malloc(e->alloc, ub_lose_col_size());
        if (!col) return NULL;
        memset(col, 0, ub_lose_col_size());
        e->lose_col[c] = col;
    }
    unsigned k = (unsigned)(next + 1);
    uint64_t *ready = col + 2 * UB_LOSE_COLS;
    uint64_t *m = col + 2 * k;
    if (!((ready[k >> 6] >> (k & 63u)) & 1u)) {
        for (unsigned x = 0x80; x <= 0xFF; x++)
            if (ub_codec_could_lose(c, (uint8_t)x, next)) m[(x - 0x80) >> 6] |= 1ull << ((x - 0x80) & 63u);
        ready[k >> 6] |= 1ull << (k & 63u);
    }
    return m;
}

size_t ub_lose_col_size(void) { return (2 * UB_LOSE_COLS + (UB_LOSE_COLS + 63) / 64) * sizeof(uint64_t); }

/* ---- pairs dropped whole ---------------------------------------------
 * glibc's decoders drop a lead and its trail together where the code page
 * maps no such pair (ub_codec_pair_unmapped). The pairs whose lead is a
 * continuation byte x (the last byte of a UTF-8 character, or one inside
 * it) are memoised per double-byte codec, one row per x: bit y - 0x80 of
 * the 128-bit row, for the second bytes y = 80..FF. */
static const uint64_t *unmapped_row(ub_engine *e, ub_codec_id c, unsigned x) {
    unsigned k = (unsigned)c - UB_FIRST_MULTIBYTE;
    if (!((e->pair_unmapped_ready >> k) & 1u)) {
        for (unsigned a = 0x80; a <= 0xBF; a++)
            for (unsigned h = 0; h < 2; h++) {
                uint64_t m = 0;
                for (unsigned y = 0; y < 64; y++)
                    if (ub_codec_pair_unmapped(c, (uint8_t)a, (uint8_t)(0x80 + 64 * h + y)))
                        m |= 1ull << y;
                e->pair_unmapped[k][a - 0x80][h] = m;
            }
        e->pair_unmapped_ready |= 1u << k;
    }
    return e->pair_unmapped[k][x - 0x80];
}

uint64_t ub_pair_unmapped_cont(ub_engine *e, ub_codec_id c, uint8_t x) {
    if (x < 0x80 || x > 0xBF || !ub_codec_is_multibyte(c)) return 0;
    return unmapped_row(e, c, x)[0];
}

/* The continuation bytes x that codec c pairs with some UTF-8 lead l
 * into a pair its tables do not map, so that glibc's decoder drops both
 * (unit_edges.c, ub_unit_pair_dropped): GBK's user-defined rows AA..AF,
 * but not 81 or 82 (`。` E3 80 82 cannot lose 82 with the F0 of a
 * character after it: 82 F0 is 鉀). The leads are those of an n-byte
 * character (the continuation bytes after the pair say how many; n = 0:
 * any, C2..F4): before the E0..EF of a three-byte one, GBK's A9 (box
 * drawing A9A4..A9EF) pairs with all, so `패스` ED 8C A8 EC 8A A4 that
 * lost A8 EC is no 팩 (A9). */
static uint64_t pair_lead_mask(ub_engine *e, ub_codec_id c, unsigned n) {
    if (!ub_codec_is_multibyte(c)) return 0;
    static const uint8_t first[5] = {0xC2, 0xC2, 0xC2, 0xE0, 0xF0};
    static const uint8_t last[5] = {0xF4, 0xF4, 0xDF, 0xEF, 0xF4};
    if (n > 4) n = 0;
    uint64_t leads0 = ub_range_bits(first[n], last[n], 0);
    uint64_t leads1 = ub_range_bits(first[n], last[n], 1);
    uint64_t m = 0;
    for (unsigned x = 0x80; x <= 0xBF; x++) {
        const uint64_t *row = unmapped_row(e, c, x);
        if ((row[0] & leads0) | (row[1] & leads1)) m |= 1ull << (x - 0x80);
    }
    return m;
}

/* The bytes x in [lo, hi] (0x80 <= lo <= hi <= 0xFF) codec c could have
 * lost before `next`, as a 128-bit mask (bit x - 0x80). */
void ub_lost_mask(ub_engine *e, ub_codec_id c, int next, unsigned lo, unsigned hi,
                      uint64_t m[2]) {
    if (next <= UB_NEXT_PAIR_LEAD && next >= UB_NEXT_PAIR_LEAD - 4) {
        unsigned n = (unsigned)(UB_NEXT_PAIR_LEAD - next);
        m[0] = ub_range_bits(lo, hi, 0) & pair_lead_mask(e, c, n);
        m[1] = 0;
        return;
    }
    const uint64_t *col = lose_col(e, c, next);
    for (unsigned h = 0; h < 2; h++) {
        m[h] = ub_range_bits(lo, hi, h);
        if (col) {
            m[h] &= col[h];
        } else { /* no memory for the columns */
            for (uint64_t bits = m[h]; bits; bits &= bits - 1) {
                unsigned k = ub_lowest_bit(bits);
                if (!ub_codec_could_lose(c, (uint8_t)(0x80 + 64 * h + k), next)) m[h] &= ~(1ull << k);
            }
        }
    }
    /* the C1 bytes, where the text shows its decoder kept them (the memo
     * holds the answer for any decoder) */
    if (e->keep_c1)
        for (uint64_t bits = m[0] & 0xFFFFFFFFull; bits; bits &= bits - 1) {
            unsigned k = ub_lowest_bit(bits);
            if (ub_codec_glibc_c1(c, (uint8_t)(0x80 + k)) &&
                !ub_codec_could_lose_keeping_c1(c, (uint8_t)(0x80 + k), next))
                m[0] &= ~(1ull << k);
        }
}


/* ub_could_lose(e, c, x, next) for next = 0x80..0xBF as a bit mask (bit
 * next - 0x80): one 64-bit window of the memo row instead of 64 calls. */
uint64_t ub_lose_mask_cont(ub_engine *e, ub_codec_id c, uint8_t x) {
    if (x < 0x80) return 0;
    if (e->keep_c1 && ub_codec_glibc_c1(c, x)) {
        uint64_t m = 0;
        for (unsigned y = 0x80; y <= 0xBF; y++)
            if (ub_codec_could_lose_keeping_c1(c, x, (int)y)) m |= 1ull << (y - 0x80);
        return m;
    }
    /* a single-byte codec does not look at the next byte */
    if (!ub_codec_is_multibyte(c)) return ub_could_lose(e, c, x, -1) ? ~0ull : 0;
    (void)ub_could_lose(e, c, x, 0x80); /* makes sure the row is filled */
    const uint8_t *bits = e->lose_bits[c];
    if (!bits) { /* no memory for the memo */
        uint64_t m = 0;
        for (unsigned y = 0x80; y <= 0xBF; y++)
            if (ub_codec_could_lose(c, x, (int)y)) m |= 1ull << (y - 0x80);
        return m;
    }
    /* bits base .. base + 63, little-endian within and across bytes; the
     * last row's window ends inside the memo's flag bytes */
    size_t base = (size_t)(x - 0x80) * UB_LOSE_ROW + 0x81, at = base >> 3;
    unsigned sh = (unsigned)(base & 7u);
    uint64_t w = 0;
    for (unsigned i = 0; i < 8; i++) w |= (uint64_t)bits[at + i] << (8u * i);
    w >>= sh;
    if (sh) w |= (uint64_t)bits[at + 8] << (64u - sh);
    return w;
}

