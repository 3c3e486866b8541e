/*
 * The holes of a unit (unit.h): for each byte a lossy decoder lost, the
 * candidate characters, bounded twice: by the UTF-8 grammar at that
 * position, and by ub_could_lose() (the wrong decoder must have rejected
 * the byte there, before what followed it).
 */
#include <string.h>

#include "unit.h"
#include "utf8.h"

/* Room for n more candidates in e->cand; -1 on NOMEM. */
static int cand_room(ub_engine *e, size_t n) {
    void *p = e->cand;
    if (ub_grow(e->alloc, &p, &e->cap_cand, e->ncand + n, sizeof *e->cand)) return -1;
    e->cand = p;
    return 0;
}

/* Record the candidates cand[cand0..] as one hole of `nbytes` lost bytes at
 * the next decoded position. Returns 1 when there is no candidate (this
 * reading fails), -1 on NOMEM, 0 on success. */
int ub_unit_push_hole(ub_engine *e, size_t cand0, int kind, int nbytes) {
    if (e->ncand == cand0) return 1;
    void *p = e->holes;
    if (ub_grow(e->alloc, &p, &e->cap_holes, e->nholes + 1, sizeof *e->holes)) return -1;
    e->holes = p;
    ub_hole *h = &e->holes[e->nholes++];
    memset(h, 0, sizeof *h);
    h->dec_index = (uint32_t)e->ndec;
    h->cand_off = (uint32_t)cand0;
    h->cand_n = (uint32_t)(e->ncand - cand0);
    h->kind = (uint8_t)kind;
    h->nbytes = (uint8_t)nbytes;
    return ub_push_dec(e, 0); /* placeholder, filled by ub_lost_choose */
}

/* No lost byte is filled with a code point of an empty plane (4 to 13), a
 * private one (15, 16), or a historic script of plane 1 (hypothesis.c,
 * historic_letter: Linear B, Tangut, hentaigana...; emoji, musical and
 * mathematical symbols stay). */
static int empty_plane(uint32_t cp) {
    if (cp >= 0x10000 && cp < 0x1F000) return !(cp >= 0x1D000 && cp < 0x1D800);
    return cp >= 0x40000 && (cp < 0xE0000 || cp >= 0xF0000);
}

/* Record a hole for a character whose bytes are seq[0..len) with the byte at
 * hole_pos unknown: enumerate values in [lo, hi] that W could have lost
 * before `next`, keep those giving valid UTF-8. */
int ub_unit_add_hole(unit_scan *u, uint8_t *seq, int len, int hole_pos,
                    uint8_t lo, uint8_t hi, int next, int kind) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    if (cand_room(e, 256)) return -1;
    /* what the decoder could lose first (bit masks), then the grammar */
    uint64_t m[2];
    ub_lost_mask(e, u->codec, next, lo, hi, m);
    for (unsigned h = 0; h < 2; h++)
        for (uint64_t bits = m[h]; bits; bits &= bits - 1) {
            unsigned x = 0x80 + 64 * h + ub_lowest_bit(bits);
            if (hole_pos == 0 && ub_utf8_seq_len((uint8_t)x) != len) continue; /* a lost lead
                                                   must announce exactly this length */
            seq[hole_pos] = (uint8_t)x;
            uint32_t cp = 0;
            if (ub_utf8_decode(seq, (size_t)len, &cp) != len || empty_plane(cp)) continue;
            if (e->ncand - cand0 >= UB_MAX_CANDIDATES) break;
            e->cand[e->ncand++] = cp;
        }
    return ub_unit_push_hole(e, cand0, kind, 1);
}

/* A byte dropped without a trace from a character whose lead and other
 * bytes we have (seq[0..len-1), the last position still empty). The lost
 * byte may have been any of the continuation bytes: a decoder drops the byte
 * it cannot pair, wherever it falls (`、` E3 80 81 read as GBK loses the 80
 * in the middle, because 0x80 cannot start a GBK pair). Enumerate every
 * position, each bounded by the grammar and by ub_codec_could_lose() with
 * the byte that followed it. */
int ub_unit_add_gap_hole(unit_scan *u, const uint8_t *seq, int len, int next_after, int nbsp,
                        unsigned allowed) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    if (cand_room(e, 256)) return -1;
    for (int pos = len - 1; pos >= 1; pos--) {
        if (!((allowed >> pos) & 1u)) continue;
        uint8_t t[4];
        t[0] = seq[0];
        for (int i = 1, o = 1; i < len; i++) t[i] = i == pos ? 0 : seq[o++];
        int next = pos < len - 1 ? t[pos + 1] : next_after;
        uint64_t m[2];
        ub_lost_mask(e, u->codec, next, 0x80, 0xBF, m);
        /* the no-break-space reading: 0xA0 became the space we consumed */
        int nbsp_here = nbsp && pos == len - 1;
        if (nbsp_here) m[0] |= 1ull << (0xA0 - 0x80);
        for (uint64_t bits = m[0]; bits; bits &= bits - 1) {
            unsigned x = 0x80 + ub_lowest_bit(bits);
            uint32_t flag = nbsp_here && x == 0xA0 ? UB_CAND_NBSP : 0;
            t[pos] = (uint8_t)x;
            uint32_t cp = 0;
            if (ub_utf8_decode(t, (size_t)len, &cp) != len) continue;
            /* the same bytes come out of two positions only when x equals
             * the byte it pushed along (positions are tried from the last) */
            int dup = 0;
            if (pos < len - 1 && x == t[pos + 1])
                for (size_t k = cand0; k < e->ncand && !dup; k++) dup = e->cand[k] == (cp | flag);
            if (dup) continue;
            if (e->ncand - cand0 >= UB_MAX_CANDIDATES) break;
            e->cand[e->ncand++] = cp | flag;
        }
    }
    int rc = ub_unit_push_hole(e, cand0, nbsp ? UB_H_NBSP : UB_H_GAP, 1);
    /* the space stays unless the no-break-space reading wins */
    return rc == 0 && nbsp ? ub_push_dec(e, ' ') : rc;
}

/* Two adjacent-or-not visible holes in one character: enumerate both bytes,
 * each one a byte the decoder rejected before what followed it. */
int ub_unit_add_two_holes(unit_scan *u, uint8_t *seq, int len, hole_range a, hole_range b,
                         int kind) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    /* all of them where the decoder left two marks (`��` for ， in Big5);
     * bytes dropped without a trace are guessed from fewer: in clean CJK
     * text such readings are tried at every character */
    size_t cap = kind == UB_H_GAP ? UB_MAX_GAP_CANDIDATES : UB_MAX_CANDIDATES;
    if (cand_room(e, cap)) return -1;
    /* which second bytes the decoder could have lost before what followed:
     * computed once, not once per first byte */
    uint64_t ym[2], xm[2];
    ub_lost_mask(e, u->codec, b.next, b.lo, b.hi, ym); /* b is a continuation byte */
    uint64_t ok_y = ym[0];
    int adjacent = b.pos == a.pos + 1;
    if (adjacent) { /* x's loss is checked against each y below */
        xm[0] = ub_range_bits(a.lo, a.hi, 0);
        xm[1] = ub_range_bits(a.lo, a.hi, 1);
    } else {
        ub_lost_mask(e, u->codec, seq[a.pos + 1], a.lo, a.hi, xm);
    }
    for (unsigned h = 0; h < 2; h++)
    for (uint64_t xbits = xm[h]; xbits; xbits &= xbits - 1) {
        unsigned x = 0x80 + 64 * h + ub_lowest_bit(xbits);
        uint64_t ys = ok_y;
        if (adjacent) ys &= ub_lose_mask_cont(e, u->codec, (uint8_t)x);
        for (; ys; ys &= ys - 1) {
            unsigned y = 0x80 + ub_lowest_bit(ys);
            seq[a.pos] = (uint8_t)x;
            seq[b.pos] = (uint8_t)y;
            uint32_t cp = 0;
            if (a.pos > 0) {
                /* the lead is known and every byte is inside the range
                 * UTF-8 allows at its place (the second byte's range
                 * excludes overlong forms and surrogates): valid by
                 * construction, the value is plain arithmetic */
                cp = seq[0] & (0x7Fu >> len);
                for (int i = 1; i < len; i++) cp = (cp << 6) | (seq[i] & 0x3Fu);
            } else if (ub_utf8_decode(seq, (size_t)len, &cp) != len) {
                continue;
            }
            if (empty_plane(cp)) continue;
            if (e->ncand - cand0 >= cap) break;
            e->cand[e->ncand++] = cp;
        }
    }
    return ub_unit_push_hole(e, cand0, kind, 2);
}

/* A lead lost as the trail of a pair dropped or replaced whole: any lead
 * the character's length allows (the pair's lead, not the decoder's view
 * of this byte, decided its loss). */
int ub_unit_add_any_lead(unit_scan *u, uint8_t *seq, int len) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    if (cand_room(e, 64)) return -1;
    for (unsigned x = 0xC2; x <= 0xF4; x++) {
        if (ub_utf8_seq_len((uint8_t)x) != len) continue;
        seq[0] = (uint8_t)x;
        uint32_t cp = 0;
        if (ub_utf8_decode(seq, (size_t)len, &cp) != len) continue;
        e->cand[e->ncand++] = cp;
    }
    return ub_unit_push_hole(e, cand0, UB_H_GAP, 1);
}

/* One continuation byte alone, lead lost before it, under a double-byte
 * codec: a two-byte character whose lead went, or a three-byte one that
 * lost one more byte, its second or its last. Python's Shift_JIS drops a
 * Hangul lead (EB..ED start no pair) and then an 80 or A0 (no Shift_JIS
 * byte): `레` EB A0 88 leaves only 88, which pairs with the next lead
 * (`壱` 88 EB); `중` EC A4 91 before a space leaves A4 (91 cannot pair
 * with the space). Every lost byte is one the decoder could not take before
 * the byte that followed it; the characters are of mixed lengths, and the
 * hole records how many bytes were seen. `after` is the byte after `cont`
 * (-1: unknown). */
int ub_unit_add_lead_short(unit_scan *u, uint8_t cont, int after) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    if (cand_room(e, UB_MAX_CANDIDATES)) return -1;
    uint64_t m[2];
    ub_lost_mask(e, u->codec, cont, 0xC2, 0xDF, m);
    for (uint64_t bits = m[1]; bits; bits &= bits - 1) {
        unsigned x = 0xC0 + ub_lowest_bit(bits);
        e->cand[e->ncand++] = (x & 0x1Fu) << 6 | (cont & 0x3Fu);
    }
    /* the lead then the second byte lost: E0..EF before y, y before cont */
    uint64_t ys = 0;
    ub_lost_mask(e, u->codec, cont, 0x80, 0xBF, m);
    ys = m[0];
    for (; ys; ys &= ys - 1) {
        unsigned y = 0x80 + ub_lowest_bit(ys);
        ub_lost_mask(e, u->codec, (int)y, 0xE0, 0xEF, m);
        for (uint64_t xs = m[1]; xs; xs &= xs - 1) {
            unsigned x = 0xC0 + ub_lowest_bit(xs);
            uint8_t lo, hi;
            ub_utf8_second_range((uint8_t)x, &lo, &hi);
            if (y < lo || y > hi || e->ncand - cand0 >= UB_MAX_CANDIDATES) continue;
            uint32_t cp = (x & 0x0Fu) << 12 | (y & 0x3Fu) << 6 | (cont & 0x3Fu);
            if (cp >= 0xE000 && cp < 0xF900) continue; /* private use */
            e->cand[e->ncand++] = cp;
        }
    }
    /* the lead and the last byte lost: x before cont, z before `after` */
    ub_lost_mask(e, u->codec, cont, 0xE0, 0xEF, m);
    uint64_t zm[2];
    ub_lost_mask(e, u->codec, after, 0x80, 0xBF, zm);
    for (uint64_t xs = m[1]; xs; xs &= xs - 1) {
        unsigned x = 0xC0 + ub_lowest_bit(xs);
        uint8_t lo, hi;
        ub_utf8_second_range((uint8_t)x, &lo, &hi);
        if (cont < lo || cont > hi) continue;
        for (uint64_t zs = zm[0]; zs && e->ncand - cand0 < UB_MAX_CANDIDATES; zs &= zs - 1) {
            unsigned z = 0x80 + ub_lowest_bit(zs);
            uint32_t cp = (x & 0x0Fu) << 12 | (cont & 0x3Fu) << 6 | (z & 0x3Fu);
            if (cp >= 0xE000 && cp < 0xF900) continue;
            e->cand[e->ncand++] = cp;
        }
    }
    int rc = ub_unit_push_hole(e, cand0, UB_H_GAP, 1);
    if (rc == 0) e->holes[e->nholes - 1].seen = 1;
    return rc;
}

/* One continuation byte alone, under EUC-JP or EUC-KR: glibc keeps the
 * bytes 80..9F as the C1 controls U+0080..U+009F and drops a lead together
 * with the trail it cannot take (`が` E3 81 8C read as EUC-JP with iconv
 * -c: E3 81 is no pair and goes, 8C stays as U+008C). So the byte may end
 * a two-byte character whose lead was lost, or a three-byte one that lost
 * its lead and second byte together: both are candidates. */
int ub_unit_add_lead_pair(unit_scan *u, uint8_t last) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    if (cand_room(e, UB_MAX_CANDIDATES)) return -1;
    for (unsigned x = 0xC2; x <= 0xDF; x++)
        if (ub_could_lose(e, u->codec, (uint8_t)x, last))
            e->cand[e->ncand++] = (x & 0x1Fu) << 6 | (last & 0x3Fu);
    for (unsigned x = 0xE0; x <= 0xEF; x++) {
        uint8_t lo, hi;
        ub_utf8_second_range((uint8_t)x, &lo, &hi);
        /* the second bytes x could not pair with, from the memo */
        uint64_t ys = ub_lose_mask_cont(e, u->codec, (uint8_t)x) & ub_range_bits(lo, hi, 0);
        for (; ys && e->ncand - cand0 < UB_MAX_CANDIDATES; ys &= ys - 1) {
            unsigned y = 0x80 + ub_lowest_bit(ys);
            e->cand[e->ncand++] = (x & 0x0Fu) << 12 | (y & 0x3Fu) << 6 | (last & 0x3Fu);
        }
    }
    return ub_unit_push_hole(e, cand0, UB_H_GAP, 2);
}
