/*
 * Hypotheses (DESIGN.md sections 2-3): re-encode a region of the damaged text
 * with a wrong codec W, read the bytes back as UTF-8, and collect the
 * stretches where that works as candidate repairs.
 *
 * A *unit* is the shortest run of damaged characters whose W-bytes are a
 * whole number of UTF-8 characters: `Ã©` -> C3 A9 -> é; `鈥渁` -> E2 80 9C 61
 * -> “a (a GBK trail byte can be an ASCII letter, so a unit may end inside
 * a character of the damaged text only when the bytes realign there).
 * Units separated only by ASCII (no newline) form a *segment*, the unit of
 * decision.
 *
 * Lost bytes. A character W could not decode left a U+FFFD, a '?' (the
 * U+FFFD saved back in W) or nothing at all (errors=ignore). Each of these
 * is a hole whose byte is bounded twice: by the UTF-8 grammar at that
 * position, and by ub_codec_could_lose() (W must have rejected it there).
 * A plain space where UTF-8 needs a continuation byte may be a no-break
 * space (0xA0) that became a space (`Ã ` for à). At most one hole per
 * character is considered: two lost bytes in one character leave too
 * little to go on.
 */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "script.h"
#include "utf8.h"

int ub_push_dec(ub_engine *e, uint32_t cp) {
    void *p = e->dec;
    if (ub_grow(e->alloc, &p, &e->cap_dec, e->ndec + 1, sizeof *e->dec)) return -1;
    e->dec = p;
    e->dec[e->ndec++] = cp;
    return 0;
}

/* Re-encode chars [c0, c1) under codec c into kind[], bstart[], bytes[]. */
static int encode_region(ub_engine *e, const ub_region *r, ub_codec_id c) {
    size_t m = r->c1 - r->c0;
    void *p;
    p = e->kind;
    if (ub_grow(e->alloc, &p, &e->cap_kind, m + 1, 1)) return -1;
    e->kind = p;
    p = e->bstart;
    if (ub_grow(e->alloc, &p, &e->cap_bstart, m + 1, sizeof *e->bstart)) return -1;
    e->bstart = p;
    p = e->bytes;
    if (ub_grow(e->alloc, &p, &e->cap_bytes, m * 4 + 4, 1)) return -1;
    e->bytes = p;
    size_t nb = 0;
    for (size_t k = 0; k < m; k++) {
        uint32_t cp = e->cp[r->c0 + k];
        e->bstart[k] = (uint32_t)nb;
        if (cp < 0x80) {
            e->bytes[nb++] = (uint8_t)cp;
            e->kind[k] = cp == '?' ? UB_K_QMARK : cp == ' ' ? UB_K_SPACE : UB_K_NORMAL;
        } else if (cp == 0xFFFD) {
            e->bytes[nb++] = 0;
            e->kind[k] = UB_K_HOLE;
        } else {
            int n = UB_IS_RAW_BYTE(cp) ? 0 : ub_codec_encode(c, cp, e->bytes + nb);
            if (n == 0) {
                e->bytes[nb++] = 0;
                e->kind[k] = UB_K_NONE;
            } else {
                nb += (size_t)n;
                e->kind[k] = UB_K_NORMAL;
            }
        }
    }
    e->bstart[m] = (uint32_t)nb;
    e->nbytes = nb;
    return 0;
}

#define UB_LOSE_ROW 257 /* next = -1 (end) .. 255 */
#define UB_LOSE_BYTES (128 * UB_LOSE_ROW / 8 + 16 + 1)

/* Memo of ub_codec_could_lose() for a double-byte codec, filled one lead
 * byte (one row of 257 answers) at a time: bit (b - 0x80) * 257 + next + 1,
 * and the row's own "computed" flag in the 16 bytes after the table. */
size_t ub_lose_memo_size(void) { return UB_LOSE_BYTES; }

int ub_could_lose(ub_engine *e, ub_codec_id c, uint8_t b, int next) {
    if (b < 0x80) return 0;
    if (!ub_codec_is_multibyte(c)) return ub_codec_could_lose(c, b, next);
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

/* ub_could_lose(e, c, x, next) for next = 0x80..0xBF as a bit mask (bit
 * next - 0x80): one memo row read instead of 64 calls. */
static uint64_t lose_mask_cont(ub_engine *e, ub_codec_id c, uint8_t x) {
    uint64_t m = 0;
    if (!ub_codec_is_multibyte(c) || !e->lose_bits[c]) {
        for (unsigned y = 0x80; y <= 0xBF; y++)
            if (ub_could_lose(e, c, x, (int)y)) m |= 1ull << (y - 0x80);
        return m;
    }
    (void)ub_could_lose(e, c, x, 0x80); /* makes sure the row is filled */
    const uint8_t *bits = e->lose_bits[c];
    size_t base = (size_t)(x - 0x80) * UB_LOSE_ROW + 0x81;
    for (unsigned k = 0; k < 64; k++) {
        size_t bit = base + k;
        m |= (uint64_t)((bits[bit >> 3] >> (bit & 7)) & 1u) << k;
    }
    return m;
}

/* Scanning state of one unit attempt. */
typedef struct unit_scan {
    ub_engine *e;
    ub_codec_id codec;
    size_t m;       /* chars in the region */
    size_t c0;      /* index of the region's first char in e->cp */
    size_t bp;      /* byte position */
    size_t ck;      /* char containing bp (m at the end) */
} unit_scan;

static void sync_char(unit_scan *u) {
    while (u->ck < u->m && u->e->bstart[u->ck + 1] <= u->bp) u->ck++;
}

static int kind_at(unit_scan *u) {
    sync_char(u);
    return u->ck < u->m ? u->e->kind[u->ck] : -1;
}

/* The byte a decoder met right after a hole ending at byte position q,
 * or -1 at the end of the region / an unknown byte. */
static int byte_after(unit_scan *u, size_t q) {
    ub_engine *e = u->e;
    if (q >= e->bstart[u->m]) return -1;
    size_t ck = u->ck;
    while (ck < u->m && e->bstart[ck + 1] <= q) ck++;
    if (ck >= u->m) return -1;
    int k = e->kind[ck];
    if (k == UB_K_HOLE || k == UB_K_NONE) return -1;
    return e->bytes[q];
}

/* Record the candidates cand[cand0..] as one hole of `nbytes` lost bytes at
 * the next decoded position. Returns 1 when there is no candidate (this
 * reading fails), -1 on NOMEM, 0 on success. */
static int push_hole(ub_engine *e, size_t cand0, int kind, int nbytes) {
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

/* Record a hole for a character whose bytes are seq[0..len) with the byte at
 * hole_pos unknown: enumerate values in [lo, hi] that W could have lost
 * before `next`, keep those giving valid UTF-8. */
static int add_hole(unit_scan *u, uint8_t *seq, int len, int hole_pos,
                    uint8_t lo, uint8_t hi, int next, int kind) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    void *p = e->cand;
    if (ub_grow(e->alloc, &p, &e->cap_cand, e->ncand + 256, sizeof *e->cand)) return -1;
    e->cand = p;
    for (unsigned x = lo; x <= hi; x++) {
        /* the grammar first (cheap), then what the decoder could lose */
        if (hole_pos == 0 && ub_utf8_seq_len((uint8_t)x) != len) continue; /* a lost lead
                                                   must announce exactly this length */
        seq[hole_pos] = (uint8_t)x;
        uint32_t cp = 0;
        if (ub_utf8_decode(seq, (size_t)len, &cp) != len) continue;
        if (!ub_could_lose(u->e, u->codec, (uint8_t)x, next)) continue;
        if (e->ncand - cand0 >= UB_MAX_CANDIDATES) break;
        e->cand[e->ncand++] = cp;
    }
    return push_hole(e, cand0, kind, 1);
}

/* A byte dropped without a trace from a character whose lead and other
 * bytes we have (seq[0..len-1), the last position still empty). The lost
 * byte may have been any of the continuation bytes: a decoder drops the byte
 * it cannot pair, wherever it falls (`、` E3 80 81 read as GBK loses the 80
 * in the middle, because 0x80 cannot start a GBK pair). Enumerate every
 * position, each bounded by the grammar and by ub_codec_could_lose() with
 * the byte that followed it. */
static int add_gap_hole(unit_scan *u, const uint8_t *seq, int len, int next_after, int nbsp,
                        unsigned allowed) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    void *p = e->cand;
    if (ub_grow(e->alloc, &p, &e->cap_cand, e->ncand + 256, sizeof *e->cand)) return -1;
    e->cand = p;
    for (int pos = len - 1; pos >= 1; pos--) {
        if (!((allowed >> pos) & 1u)) continue;
        uint8_t t[4];
        t[0] = seq[0];
        for (int i = 1, o = 1; i < len; i++) t[i] = i == pos ? 0 : seq[o++];
        int next = pos < len - 1 ? t[pos + 1] : next_after;
        for (unsigned x = 0x80; x <= 0xBF; x++) {
            /* the no-break-space reading: 0xA0 became the space we consumed */
            uint32_t flag = nbsp && pos == len - 1 && x == 0xA0 ? UB_CAND_NBSP : 0;
            if (!flag && !ub_could_lose(u->e, u->codec, (uint8_t)x, next)) continue;
            t[pos] = (uint8_t)x;
            uint32_t cp = 0;
            if (ub_utf8_decode(t, (size_t)len, &cp) != len) continue;
            int dup = 0;
            for (size_t k = cand0; k < e->ncand && !dup; k++) dup = e->cand[k] == (cp | flag);
            if (dup) continue;
            if (e->ncand - cand0 >= UB_MAX_CANDIDATES) break;
            e->cand[e->ncand++] = cp | flag;
        }
    }
    int rc = push_hole(e, cand0, nbsp ? UB_H_NBSP : UB_H_GAP, 1);
    /* the space stays unless the no-break-space reading wins */
    return rc == 0 && nbsp ? ub_push_dec(e, ' ') : rc;
}

typedef struct hole_range {
    int pos;
    uint8_t lo, hi;
    int next; /* byte after the hole when it is not the other hole */
} hole_range;

/* Two adjacent-or-not visible holes in one character: enumerate both bytes,
 * each one a byte the decoder rejected before what followed it. */
static int add_two_holes(unit_scan *u, uint8_t *seq, int len, hole_range a, hole_range b,
                         int kind) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    void *p = e->cand;
    if (ub_grow(e->alloc, &p, &e->cap_cand, e->ncand + UB_MAX_CANDIDATES, sizeof *e->cand))
        return -1;
    e->cand = p;
    /* which second bytes the decoder could have lost before what followed:
     * computed once, not once per first byte */
    uint64_t ok_y = 0;
    for (unsigned y = b.lo; y <= b.hi; y++)
        if (ub_could_lose(e, u->codec, (uint8_t)y, b.next)) ok_y |= 1ull << (y - 0x80);
    int adjacent = b.pos == a.pos + 1;
    for (unsigned x = a.lo; x <= a.hi; x++) {
        uint64_t ys = ok_y;
        if (adjacent) ys &= lose_mask_cont(e, u->codec, (uint8_t)x);
        else if (!ub_could_lose(e, u->codec, (uint8_t)x, seq[a.pos + 1])) continue;
        for (unsigned y = b.lo; ys && y <= b.hi; y++) {
            if (!((ys >> (y - 0x80)) & 1u)) continue;
            seq[a.pos] = (uint8_t)x;
            seq[b.pos] = (uint8_t)y;
            uint32_t cp = 0;
            if (ub_utf8_decode(seq, (size_t)len, &cp) != len) continue;
            if (e->ncand - cand0 >= UB_MAX_CANDIDATES) break;
            e->cand[e->ncand++] = cp;
        }
    }
    return push_hole(e, cand0, kind, 2);
}

/* Three visible holes in a row where a character starts: decoders that
 * reject every byte of a character (EUC-KR, Big5 and EUC-JP cannot pair a
 * continuation byte 80..A0) leave `���` for `—`. Nothing of the character
 * survives, so only the General Punctuation block E2 80 xx is considered:
 * it is what such a hole holds in running text, and its members are told
 * apart by context (lost.c). */
static int whole_char_lost(unit_scan *u) {
    ub_engine *e = u->e;
    /* only on the damage as found: a U+FFFD made by undoing an outer layer
     * (锟斤拷 -> U+FFFD U+FFFD) is a lost character, not a lost byte */
    if (e->layer > 0) return 1;
    /* Between Latin-script text such a hole is punctuation; in CJK text it
     * holds a syllable or a hanzi that nothing here can tell, and the honest
     * repair is one U+FFFD for the one character lost (not three). */
    int latin = 1;
    {
        size_t k = u->ck;
        uint32_t before = k > 0 ? e->cp[u->c0 + k - 1] : ' ';
        uint32_t after = k + 3 < u->m ? e->cp[u->c0 + k + 3] : ' ';
        /* inside a run of U+FFFD the triples line up with characters only if
         * the whole run is a few whole characters long; a longer run (or one
         * of another length) says nothing about where characters began */
        if (before == 0xFFFD || after == 0xFFFD) {
            size_t a = k, b = k;
            while (a > 0 && e->cp[u->c0 + a - 1] == 0xFFFD && k - a <= 15) a--;
            while (b < u->m && e->cp[u->c0 + b] == 0xFFFD && b - k <= 15) b++;
            if (b - a > 15 || (b - a) % 3 != 0 || (k - a) % 3 != 0) return 1;
            before = a > 0 ? e->cp[u->c0 + a - 1] : ' ';
            after = b < u->m ? e->cp[u->c0 + b] : ' ';
        }
        ub_script sb = ub_script_of(before), sa = ub_script_of(after);
        if (before >= 0x80 && sb != UB_SC_LATIN && sb != UB_SC_PUNCT && sb != UB_SC_SPACE) latin = 0;
        if (after >= 0x80 && sa != UB_SC_LATIN && sa != UB_SC_PUNCT && sa != UB_SC_SPACE) latin = 0;
    }
    size_t end = e->bstart[u->m];
    size_t q = u->bp;
    for (int i = 0; i < 3; i++, q++) {
        if (q >= end) return 1;
        size_t ck = u->ck;
        while (ck < u->m && e->bstart[ck + 1] <= q) ck++;
        if (ck >= u->m || (e->kind[ck] != UB_K_HOLE && e->kind[ck] != UB_K_QMARK)) return 1;
    }
    int next = byte_after(u, q);
    size_t cand0 = e->ncand;
    void *p = e->cand;
    if (ub_grow(e->alloc, &p, &e->cap_cand, e->ncand + 64, sizeof *e->cand)) return -1;
    e->cand = p;
    for (unsigned x = 0x80; x <= 0xBF && latin; x++)
        if (ub_could_lose(e, u->codec, 0xE2, 0x80) && ub_could_lose(e, u->codec, 0x80, (int)x) &&
            ub_could_lose(e, u->codec, (uint8_t)x, next))
            e->cand[e->ncand++] = 0x2000 + (x - 0x80);
    if (!latin) e->cand[e->ncand++] = 0xFFFD;
    int rc = push_hole(e, cand0, UB_H_REPLACED, 3);
    if (rc == 0) u->bp = q;
    return rc;
}

/* Where, among positions 1..len-1 of a character whose other bytes were
 * read at at[1..len-2] (and whose end is at u->bp), a dropped byte can have
 * been: a double-byte decoder drops a byte only where it expects a lead,
 * i.e. at a character boundary of the legacy text (between E2 and 94 of
 * `鈹` it was reading a pair, so nothing can have been dropped there). */
static unsigned gap_positions(unit_scan *u, const size_t *at, int len) {
    unsigned m = 0;
    for (int pos = 1; pos < len; pos++) {
        if (!ub_codec_is_multibyte(u->codec)) {
            m |= 1u << pos;
            continue;
        }
        size_t q = pos < len - 1 ? at[pos] : u->bp;
        size_t ck = 0, lo = 0, hi = u->m;
        while (lo < hi) { /* last char starting at or before q */
            size_t mid = (lo + hi) / 2;
            if (u->e->bstart[mid] <= q) {
                ck = mid;
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (q >= u->e->bstart[u->m] || u->e->bstart[ck] == q) m |= 1u << pos;
    }
    return m;
}

/* A unit that opens with continuation bytes: a double-byte decoder may
 * have dropped the lead before them without a trace, as Shift_JIS does with
 * EF before BC (no such pair): `，` EF BC 8C shows as `ｼ` + half of the next
 * character. The continuation bytes that follow say how long the character
 * was; the lead must be one the decoder could not pair with the first. */
static int lost_lead(unit_scan *u) {
    ub_engine *e = u->e;
    size_t end = e->bstart[u->m];
    uint8_t seq[4] = {0};
    int cnt = 0;
    size_t q = u->bp;
    while (q < end && cnt < 3) {
        int nb = byte_after(u, q);
        if (nb < 0x80 || nb > 0xBF) break;
        seq[1 + cnt++] = (uint8_t)nb;
        q++;
    }
    if (cnt == 0) return 1;
    int rc = add_hole(u, seq, cnt + 1, 0, 0xC2, 0xF4, seq[1], UB_H_GAP);
    if (rc == 0) u->bp = q;
    return rc;
}

/* Decode one UTF-8 character starting at u->bp. Returns 0 on success,
 * 1 when the bytes are not UTF-8 under this hypothesis, -1 on NOMEM. */
static int decode_char(unit_scan *u, int first) {
    ub_engine *e = u->e;
    size_t end = e->bstart[u->m];
    int k = kind_at(u);
    if (u->bp >= end || k == UB_K_NONE || k < 0) return 1;
    uint8_t b = e->bytes[u->bp];
    /* '?' standing for a U+FFFD saved back in the legacy codec: at a
     * character start it can hide a lost lead, as U+FFFD does */
    if (k == UB_K_QMARK && first) {
        int nb = byte_after(u, u->bp + 1);
        if (nb >= 0x80 && nb <= 0xBF) k = UB_K_HOLE;
    }
    if (k == UB_K_HOLE) {
        /* The lead byte itself was lost: the continuation bytes that follow
         * say how long the character was. */
        size_t q = u->bp + 1;
        int cnt = 0;
        uint8_t seq[4] = {0};
        while (q < end && cnt < 3) {
            int nb = byte_after(u, q);
            if (nb < 0x80 || nb > 0xBF) break;
            seq[1 + cnt++] = (uint8_t)nb;
            q++;
        }
        if (cnt == 0) return whole_char_lost(u);
        int rc = add_hole(u, seq, cnt + 1, 0, 0xC2, 0xF4, seq[1],
                          e->kind[u->ck] == UB_K_QMARK ? UB_H_QMARK : UB_H_REPLACED);
        if (rc) return rc;
        u->bp = q;
        return 0;
    }
    if (b < 0x80) {
        if (first) return 1;
        u->bp++;
        return ub_push_dec(e, b);
    }
    int len = ub_utf8_seq_len(b);
    if (len == 0 && first && b <= 0xBF && ub_codec_is_multibyte(u->codec))
        return lost_lead(u);
    if (len < 2) return 1;
    uint8_t seq[4] = {b, 0, 0, 0};
    int hole_pos = 0, hole_kind = 0, hole_next = -1;
    int hole2_pos = 0, hole2_next = -1;
    size_t at[4] = {0};        /* stream position of each byte read */
    unsigned gap_allowed = 0;  /* positions where a dropped byte may have sat */
    uint8_t hole_lo = 0, hole_hi = 0, hole2_lo = 0, hole2_hi = 0;
    u->bp++;
    for (int j = 1; j < len; j++) {
        uint8_t lo = 0x80, hi = 0xBF;
        if (j == 1) ub_utf8_second_range(b, &lo, &hi);
        int kc = u->bp < end ? kind_at(u) : -1;
        uint8_t nb = u->bp < end ? e->bytes[u->bp] : 0;
        int kind = -1;
        if (kc == UB_K_NORMAL && nb >= lo && nb <= hi) {
            seq[j] = nb;
            at[j] = u->bp;
            u->bp++;
            continue;
        }
        if (hole_pos) {
            /* A second lost byte in the same character is followed only when
             * both left a visible mark: `许` E8 AE B8 read as strict GBK
             * leaves E8 and two U+FFFD (AE opens a user-defined pair). */
            int explicit2 = kc == UB_K_HOLE || kc == UB_K_QMARK;
            if (hole2_pos || !explicit2 || (hole_kind != UB_H_REPLACED && hole_kind != UB_H_QMARK))
                return 1;
            u->bp++;
            hole2_pos = j;
            hole2_lo = lo;
            hole2_hi = hi;
            hole2_next = byte_after(u, u->bp);
            continue;
        }
        if (kc == UB_K_HOLE) {
            kind = UB_H_REPLACED;
            u->bp++;
            hole_next = byte_after(u, u->bp);
        } else if (kc == UB_K_QMARK) {
            kind = UB_H_QMARK;
            u->bp++;
            hole_next = byte_after(u, u->bp);
        } else if (kc == UB_K_SPACE && !ub_codec_is_multibyte(u->codec) && lo <= 0xA0 &&
                   hi >= 0xA0 && j == len - 1) {
            kind = UB_H_NBSP;
            hole_next = ' '; /* if it was not a no-break space, the space followed */
            at[len - 1] = u->bp;
            gap_allowed = gap_positions(u, at, len);
            u->bp++;
        } else if (j == 1 && len == 3 && !first && (kc != UB_K_NORMAL || nb < 0x80 || nb > 0xBF)) {
            /* both continuation bytes dropped, never at the start of a unit:
             * there a lone lead would be all the evidence, and genuine `é `
             * or `í ` would turn into CJK. `误` E8 AF AF
             * read as GBK loses
             * AF AF (a user-defined row), `名` E5 90 8D read as cp1252 loses
             * 90 and 8D (undefined there) */
            hole_range r1 = {1, lo, hi, -1};
            hole_range r2 = {2, 0x80, 0xBF, kc == UB_K_NORMAL || kc == UB_K_QMARK || kc == UB_K_SPACE ? nb : -1};
            return add_two_holes(u, seq, len, r1, r2, UB_H_GAP);
        } else if (j == len - 1 && (kc != UB_K_NORMAL || nb < 0x80 || nb > 0xBF)) {
            /* dropped without a trace: only the last byte, and only when the
             * next byte could not have continued the character (a unit that
             * rests on such guesses alone waits for document evidence:
             * decide.c) */
            kind = UB_H_GAP;
            hole_next = kc == UB_K_NORMAL || kc == UB_K_QMARK || kc == UB_K_SPACE ? nb : -1;
            gap_allowed = gap_positions(u, at, len);
        } else {
            return 1;
        }
        hole_pos = j;
        hole_kind = kind;
        hole_lo = lo;
        hole_hi = hi;
    }
    if (hole2_pos) {
        hole_range r1 = {hole_pos, hole_lo, hole_hi, -1}, r2 = {hole2_pos, hole2_lo, hole2_hi, hole2_next};
        return add_two_holes(u, seq, len, r1, r2, hole_kind);
    }
    if (hole_pos && (hole_kind == UB_H_GAP || hole_kind == UB_H_NBSP))
        return add_gap_hole(u, seq, len, hole_next, hole_kind == UB_H_NBSP, gap_allowed);
    if (hole_pos) return add_hole(u, seq, len, hole_pos, hole_lo, hole_hi, hole_next, hole_kind);
    uint32_t cp;
    if (ub_utf8_decode(seq, (size_t)len, &cp) != len) return 1;
    return ub_push_dec(e, cp);
}

/* Try a unit starting at local char k. On success sets *k_end. */
static int try_unit(ub_engine *e, ub_codec_id c, size_t m, size_t k, size_t *k_end) {
    unit_scan u = {e, c, m, e->reg[e->cur_region].c0, e->bstart[k], k};
    for (int first = 1;; first = 0) {
        int rc = decode_char(&u, first);
        if (rc) return rc;
        sync_char(&u);
        if (u.ck >= m || e->bstart[u.ck] == u.bp) {
            *k_end = u.ck;
            return 0;
        }
    }
}

/* True when every unit of the segment needs a byte guessed from nothing
 * (a gap or a space) and none of its candidates is signature punctuation:
 * such a segment can only be taken on the document's evidence. */
static int blind_only(const ub_engine *e, const ub_seg *s) {
    uint16_t blind = 0, last = 0;
    for (uint32_t i = 0; i < s->hole_n; i++) {
        const ub_hole *h = &e->holes[s->hole_off + i];
        if (h->kind != UB_H_GAP && h->kind != UB_H_NBSP) continue;
        int sig = 0;
        for (uint32_t c = 0; c < h->cand_n && !sig; c++)
            sig = ub_signature_punct(e->cand[h->cand_off + c] & ~UB_CAND_NBSP);
        if (sig) continue;
        if (h->unit != last) blind++;
        last = h->unit;
    }
    return blind == s->units;
}

static int close_segment(ub_engine *e, ub_seg *s, const ub_region *r, size_t *qpos) {
    if (e->rebuild) {
        /* the same search again: hand the guesses to the lean segment that
         * starts here; the rest was decided the first time */
        while (e->rebuild_at < e->rebuild_n && e->rebuild[e->rebuild_at].start < s->start)
            e->rebuild_at++;
        ub_seg *t = e->rebuild_at < e->rebuild_n ? &e->rebuild[e->rebuild_at] : NULL;
        if (t && t->lean && t->start == s->start && t->end == s->end) {
            t->dec_off = s->dec_off;
            t->dec_n = s->dec_n;
            t->hole_off = s->hole_off;
            t->hole_n = s->hole_n;
            t->lean = 0;
        }
        *qpos = s->end;
        return 0;
    }
    ub_quote_state *q = &e->quotes[s->codec];
    /* Quotes in the text before the segment, as the text stands. */
    for (size_t k = *qpos; k < s->start; k++) {
        uint32_t cp = e->cp[k];
        if (cp == 0x201C) q->open_double = 1;
        else if (cp == 0x201D) q->open_double = 0;
        else if (cp == 0x2018) q->open_single = 1;
    }
    s->region = (uint32_t)(r - e->reg);
    s->quotes = *q;
    s->deferred = blind_only(e, s);
    if (!s->deferred && ub_lost_choose(e, s, NULL)) return -1;
    for (uint32_t i = 0; i < s->dec_n; i++) {
        uint32_t cp = e->dec[s->dec_off + i];
        if (cp == 0x201C) q->open_double = 1;
        else if (cp == 0x201D) q->open_double = 0;
        else if (cp == 0x2018) q->open_single = 1;
        else if (cp == 0x2019) q->open_single = 0;
    }
    *qpos = s->end;
    if (s->deferred) {
        s->gain = -INFINITY;
        s->margin = INFINITY;
        /* Most deferred segments are never worked out (clean CJK text makes
         * tens of thousands per window, with dozens of candidates per
         * guess): drop their guesses now, ub_hyp_rebuild() makes them again
         * for a codec the document vouches for. */
        if (s->hole_n) e->ncand = e->holes[s->hole_off].cand_off;
        e->nholes = s->hole_off;
        e->ndec = s->dec_off;
        s->hole_n = 0;
        s->dec_n = 0;
        s->lean = 1;
    } else {
        ub_decide_score(e, s);
    }
    void *p = e->segs;
    if (ub_grow(e->alloc, &p, &e->cap_segs, e->nsegs + 1, sizeof *e->segs)) return -1;
    e->segs = p;
    e->segs[e->nsegs++] = *s;
    return 0;
}

/* A unit that decodes to an alphabetic letter or mark no language model
 * knows (`一台` read as GBK gives `һ̨`) is no repair, whatever its neighbours
 * in the segment: it must not ride along with the real repairs beside it.
 * Symbols and punctuation are not judged here (their floor is soft). */
#define UB_COMMON_CJK_LOGP (-13.0f)

static int unit_unknown(ub_engine *e, size_t dec0, size_t k0, size_t k1) {
    /* only a unit read from CJK text: the Latin letters of an inner layer
     * (ƒ, Š in `Ã¨Æ’Â½`) are no language's letters either, and are fine */
    /* ... and only when that text is made of common characters (genuine
     * Chinese such as 一台; mojibake hanzi such as 鈥 or 锟 are rare) */
    int cjk = 0;
    for (size_t k = k0; k < k1; k++) {
        uint32_t c = e->cp[k];
        if (c < 0x80) continue;
        ub_script s = ub_script_of(c);
        if (s != UB_SC_HAN && s != UB_SC_KANA && s != UB_SC_HANGUL) return 0;
        float best = UB_LM_FLOOR;
        for (int L = 0; L < e->nlang; L++) {
            float v = ub_lm_logp(L, c);
            if (v > best) best = v;
        }
        if (best < UB_COMMON_CJK_LOGP) return 0;
        cjk = 1;
    }
    if (!cjk) return 0;
    /* two unknown letters, or a combining mark: one unknown letter alone
     * is what 锟斤拷 damage leaves of genuine text (要 -> Ҫ), and stays */
    int unknown = 0;
    for (size_t i = dec0; i < e->ndec; i++) {
        uint32_t c = e->dec[i];
        if (c < 0x80 || c == UB_DEC_SKIP) continue;
        ub_script s = ub_script_of(c);
        if (s == UB_SC_MARK) return 1;
        if (!(s >= UB_SC_LATIN && s <= UB_SC_THAI_ETC)) continue;
        int known = 0;
        for (int L = 0; L < e->nlang && !known; L++) known = ub_lm_logp(L, c) > UB_LM_FLOOR;
        if (!known && ++unknown >= 2) return 1;
    }
    return 0;
}

/* 锟斤拷 is U+FFFD U+FFFD in UTF-8 read as GBK: the text had been GBK read
 * as UTF-8, so it was all U+FFFD and the few GBK pairs that happened to be
 * valid UTF-8 (`ַ` from 址's bytes D6 B7). Such a stray, read as GBK again,
 * is a common hanzi, and the veto below would keep it; but next to the
 * U+FFFD it is part of the same damage and goes back with it. A unit is
 * beside such a run when the unit before it in the segment ended in U+FFFD
 * or the text right after it is 锟. */
static int beside_fffd_run(const ub_engine *e, const ub_region *r, const ub_seg *open_seg,
                           size_t dec0, size_t k0, size_t k1) {
    if (open_seg && open_seg->end == k0 && dec0 > open_seg->dec_off &&
        e->dec[dec0 - 1] == 0xFFFD)
        return 1;
    return k1 < r->c1 && e->cp[k1] == 0x951F && k0 < k1 && e->cp[k1 - 1] != 0x951F;
}

int ub_hyp_region(ub_engine *e, const ub_region *r, ub_codec_id c) {
    if (encode_region(e, r, c)) return -1;
    e->cur_region = (size_t)(r - e->reg);
    size_t m = r->c1 - r->c0;
    ub_seg seg;
    int open = 0;
    size_t qpos = r->c0;
    size_t k = 0;
    while (k < m) {
        uint32_t cp = e->cp[r->c0 + k];
        int kd = e->kind[k];
        /* '?' before a non-ASCII character may be a lost lead (qmark) */
        int qlead = kd == UB_K_QMARK && k + 1 < m && e->cp[r->c0 + k + 1] >= 0x80;
        if ((cp < 0x80 && !qlead) || kd == UB_K_NONE) {
            if ((cp == '\n' || kd == UB_K_NONE) && open) {
                if (close_segment(e, &seg, r, &qpos)) return -1;
                open = 0;
            }
            k++;
            continue;
        }
        size_t save_dec = e->ndec, save_holes = e->nholes, save_cand = e->ncand;
        int rc = 0;
        if (open) /* the ASCII between two units belongs to the segment */
            for (size_t g = seg.end; g < r->c0 + k && rc == 0; g++) rc = ub_push_dec(e, e->cp[g]);
        size_t k_end = 0;
        if (rc == 0) rc = try_unit(e, c, m, k, &k_end);
        if (rc < 0) return -1;
        if (rc == 0 && !beside_fffd_run(e, r, open ? &seg : NULL, save_dec, r->c0 + k,
                                        r->c0 + k_end) &&
            unit_unknown(e, save_dec, r->c0 + k, r->c0 + k_end))
            rc = 1;
        if (rc == 0) {
            if (!open) {
                memset(&seg, 0, sizeof seg);
                seg.start = (uint32_t)(r->c0 + k);
                seg.dec_off = (uint32_t)save_dec;
                seg.hole_off = (uint32_t)save_holes;
                seg.codec = (uint8_t)c;
                open = 1;
            }
            for (size_t i = k; i < k_end; i++)
                if (e->cp[r->c0 + i] >= 0x80) seg.orig_nonascii++;
            seg.end = (uint32_t)(r->c0 + k_end);
            seg.units++;
            for (size_t h = save_holes; h < e->nholes; h++) e->holes[h].unit = seg.units;
            seg.dec_n = (uint32_t)(e->ndec - seg.dec_off);
            seg.hole_n = (uint32_t)(e->nholes - seg.hole_off);
            k = k_end;
        } else {
            e->ndec = save_dec;
            e->nholes = save_holes;
            e->ncand = save_cand;
            if (qlead) { /* an ordinary question mark after all */
                k++;
                continue;
            }
            if (open) {
                if (close_segment(e, &seg, r, &qpos)) return -1;
                open = 0;
            }
            k++;
        }
    }
    if (open && close_segment(e, &seg, r, &qpos)) return -1;
    return 0;
}

int ub_hyp_rebuild(ub_engine *e, ub_seg *segs, size_t n) {
    if (n == 0) return 0;
    e->rebuild = segs;
    e->rebuild_n = n;
    e->rebuild_at = 0;
    int rc = ub_hyp_region(e, &e->reg[segs[0].region], (ub_codec_id)segs[0].codec);
    e->rebuild = NULL;
    return rc;
}
