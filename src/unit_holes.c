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

/* Push a hole of `nbytes` lost bytes at the next decoded position whose
 * candidates are cand[cand0 .. e->ncand). -1 on NOMEM, else 0. */
static int push_hole(ub_engine *e, size_t cand0, int kind, int nbytes) {
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

/* Record the candidates cand[cand0..] as one hole of `nbytes` lost bytes at
 * the next decoded position. Returns 1 when there is no candidate (this
 * reading fails), -1 on NOMEM, 0 on success. */
int ub_unit_push_hole(ub_engine *e, size_t cand0, int kind, int nbytes) {
    if (e->ncand == cand0) return 1;
    return push_hole(e, cand0, kind, nbytes);
}

/* No lost byte is filled with a code point of an empty plane (4 to 13), a
 * private one (15, 16), or a historic script of plane 1 (hypothesis.c,
 * historic_letter: Linear B, Tangut, hentaigana...; emoji, musical and
 * mathematical symbols stay). */
static int empty_plane(uint32_t cp) {
    if (cp >= 0x10000 && cp < 0x1F000) return !(cp >= 0x1D000 && cp < 0x1D800);
    return ub_unit_no_text_plane(cp);
}

/* ---- listings ------------------------------------------------------------
 * Each appends to e->cand, room made by the caller, at most `limit`
 * candidates: all of them, or one to learn that the reading holds. */
enum { UB_LIST_NONE, UB_LIST_ONE, UB_LIST_GAP, UB_LIST_TWO };

/* One unknown byte at r->pos[0] in [lo, hi], lost before next[0]. */
static void list_one(ub_engine *e, const ub_hole_recipe *r, size_t limit) {
    size_t cand0 = e->ncand;
    uint8_t seq[4];
    memcpy(seq, r->seq, sizeof seq);
    int len = r->len, pos = r->pos[0];
    /* what the decoder could lose first (bit masks), then the grammar */
    uint64_t m[2];
    ub_lost_mask(e, (ub_codec_id)r->codec, r->next[0], r->lo[0], r->hi[0], m);
    for (unsigned h = 0; h < 2; h++)
        for (uint64_t bits = m[h]; bits; bits &= bits - 1) {
            unsigned x = 0x80 + 64 * h + ub_lowest_bit(bits);
            if (pos == 0 && ub_utf8_seq_len((uint8_t)x) != len) continue; /* a lost lead
                                                   must announce exactly this length */
            seq[pos] = (uint8_t)x;
            uint32_t cp = 0;
            if (ub_utf8_decode(seq, (size_t)len, &cp) != len || empty_plane(cp)) continue;
            if (e->ncand - cand0 >= limit) return;
            e->cand[e->ncand++] = cp;
        }
}

/* ub_hole_recipe.eaten: 1, the space may have gone with the last byte; 2,
 * it (or another ASCII byte) did */
#define UB_EATEN_ALWAYS 2

/* The continuation bytes 80..BF that are lead bytes of codec c, as bits
 * x - 0x80. */
static uint64_t lead_continuations(ub_codec_id c) {
    uint64_t m = 0;
    for (unsigned x = 0x80; x <= 0xBF; x++)
        if (ub_codec_lead_byte(c, x)) m |= 1ull << (x - 0x80);
    return m;
}

/* A byte dropped at any allowed place 1..len-1 of a character whose other
 * bytes are r->seq[0..len-1) in order; the last place may hold the
 * no-break space that became the space after it. */
static void list_gap(ub_engine *e, const ub_hole_recipe *r, size_t limit) {
    size_t cand0 = e->ncand;
    int len = r->len;
    for (int pos = len - 1; pos >= 1; pos--) {
        if (!((r->allowed >> pos) & 1u)) continue;
        uint8_t t[4];
        t[0] = r->seq[0];
        for (int i = 1, o = 1; i < len; i++) t[i] = i == pos ? 0 : r->seq[o++];
        int next = pos < len - 1 ? t[pos + 1] : r->next[0];
        uint64_t m[2];
        ub_lost_mask(e, (ub_codec_id)r->codec, next, 0x80, 0xBF, m);
        /* the no-break-space reading: 0xA0 became the space we consumed */
        int nbsp_here = r->nbsp && pos == len - 1;
        if (nbsp_here) m[0] |= 1ull << (0xA0 - 0x80);
        /* the reading with a space taken along: a last byte that is a
         * lead of the code page (GB18030 81..BF, EUC-KR A1..BF) */
        uint64_t eaten = r->eaten && pos == len - 1 ? lead_continuations((ub_codec_id)r->codec) : 0;
        if (r->eaten == UB_EATEN_ALWAYS) m[0] &= ~eaten;
        for (uint64_t bits = m[0] | eaten; bits; bits &= bits - 1) {
            unsigned x = 0x80 + ub_lowest_bit(bits);
            /* a byte the decoder could drop before the next one is read
             * without a space first; one it could not, only with one */
            int alone = (m[0] >> (x - 0x80)) & 1u;
            uint32_t flag = !alone ? UB_CAND_EATEN : nbsp_here && x == 0xA0 ? UB_CAND_NBSP : 0;
            t[pos] = (uint8_t)x;
            uint32_t cp = 0;
            if (ub_utf8_decode(t, (size_t)len, &cp) != len) continue;
            /* the same bytes come out of two positions only when x equals
             * the byte it pushed along (positions are tried from the last) */
            int dup = 0;
            if (pos < len - 1 && x == t[pos + 1])
                for (size_t k = cand0; k < e->ncand && !dup; k++) dup = e->cand[k] == (cp | flag);
            if (dup) continue;
            if (e->ncand - cand0 >= limit) return;
            e->cand[e->ncand++] = cp | flag;
            if (alone && ((eaten >> (x - 0x80)) & 1u)) { /* (eaten: no nbsp) */
                if (e->ncand - cand0 >= limit) return;
                e->cand[e->ncand++] = cp | UB_CAND_EATEN;
            }
        }
    }
}

/* Two unknown bytes, at r->pos[0] < r->pos[1], each one the decoder
 * rejected before what followed it. */
static void list_two(ub_engine *e, const ub_hole_recipe *r, size_t limit) {
    size_t cand0 = e->ncand;
    ub_codec_id codec = (ub_codec_id)r->codec;
    uint8_t seq[4];
    memcpy(seq, r->seq, sizeof seq);
    int len = r->len, pa = r->pos[0], pb = r->pos[1];
    /* which second bytes the decoder could have lost before what followed:
     * computed once, not once per first byte */
    uint64_t ym[2], xm[2];
    if (r->next[1] == UB_NEXT_ANY) /* the trail of the pair: any byte */
        ym[0] = ub_range_bits(r->lo[1], r->hi[1], 0);
    else
        ub_lost_mask(e, codec, r->next[1], r->lo[1], r->hi[1], ym); /* b is a continuation byte */
    uint64_t ok_y = ym[0];
    int adjacent = pb == pa + 1;
    if (adjacent) { /* x's loss is checked against each y below */
        xm[0] = ub_range_bits(r->lo[0], r->hi[0], 0);
        xm[1] = ub_range_bits(r->lo[0], r->hi[0], 1);
    } else {
        ub_lost_mask(e, codec, seq[pa + 1], r->lo[0], r->hi[0], xm);
    }
    for (unsigned h = 0; h < 2; h++)
        for (uint64_t xbits = xm[h]; xbits; xbits &= xbits - 1) {
            unsigned x = 0x80 + 64 * h + ub_lowest_bit(xbits);
            uint64_t ys = ok_y;
            if (adjacent) ys &= ub_lose_mask_cont(e, codec, (uint8_t)x);
            /* ... or the two went as one pair glibc's table leaves
             * unmapped, whatever followed them */
            if (r->pair_whole)
                ys |= ub_pair_unmapped_cont(e, codec, (uint8_t)x) & ub_range_bits(r->lo[1], r->hi[1], 0);
            for (; ys; ys &= ys - 1) {
                unsigned y = 0x80 + ub_lowest_bit(ys);
                seq[pa] = (uint8_t)x;
                seq[pb] = (uint8_t)y;
                uint32_t cp = 0;
                if (pa > 0) {
                    /* the lead is known and every byte is inside the range
                     * UTF-8 allows at its place (the second byte's range
                     * excludes overlong forms and surrogates): valid by
                     * construction, the value is plain arithmetic */
                    cp = seq[0] & (0x7Fu >> len);
                    for (int i = 1; i < len; i++) cp = (cp << 6) | (seq[i] & 0x3Fu);
                } else if (ub_utf8_decode(seq, (size_t)len, &cp) != len) {
                    continue;
                }
                if (len == 4 && empty_plane(cp)) continue;
                if (e->ncand - cand0 >= limit) return;
                e->cand[e->ncand++] = cp;
            }
        }
}

/* The most candidates a listing keeps: all of them where the decoder left
 * two marks (`��` for ， in Big5); bytes dropped without a trace are
 * guessed from fewer (in clean CJK text such readings are tried at every
 * character). */
static size_t list_cap(const ub_hole_recipe *r) {
    if (r->fn == UB_LIST_TWO) return r->kind == UB_H_GAP ? UB_MAX_GAP_CANDIDATES : UB_MAX_CANDIDATES;
    return 256; /* one byte: at most 128 values, at up to three places */
}

/* A listing depends on its recipe, its limit and whether the window keeps
 * C1 controls (ub_lost_mask) alone, and the same recipes come again and
 * again: every `鈥` before a space in English read as GBK is E2 80 and a
 * byte lost before 0x20, and a thousand characters can end an E3 whose two
 * continuation bytes went. A listing costs a few thousand instructions
 * (lose masks, the UTF-8 check per byte), the long ones tens of thousands;
 * a copy, a few dozen. So recent listings are kept, direct-mapped by
 * recipe, in two tiers: short ones (most recipes are only asked whether
 * any candidate exists, limit 1), and a few long ones. */
#define UB_LIST_KEY 3 /* words */
#define UB_LIST_SHORT_BITS 13
#define UB_LIST_SHORT_CANDS 8
#define UB_LIST_LONG_BITS 5
#define UB_LIST_LONG_CANDS UB_MAX_GAP_CANDIDATES

typedef struct list_short {
    uint64_t key[UB_LIST_KEY]; /* list_key; key[0] 0: empty */
    uint32_t n;
    uint32_t cand[UB_LIST_SHORT_CANDS];
} list_short;

typedef struct list_long {
    uint64_t key[UB_LIST_KEY];
    uint32_t n;
    uint32_t cand[UB_LIST_LONG_CANDS];
} list_long;

struct ub_list_memo {
    list_short shorts[1u << UB_LIST_SHORT_BITS];
    list_long longs[1u << UB_LIST_LONG_BITS];
};

/* The recipe's fields, the limit and keep_c1 packed in three words (no
 * padding bytes; fn, never 0 here, makes k[0] non-zero). */
static void list_key(const ub_engine *e, const ub_hole_recipe *r, size_t limit,
                     uint64_t k[UB_LIST_KEY]) {
    _Static_assert(UB_MAX_CANDIDATES <= 0x3FFF, "a limit fits its 14 bits of the key");
    k[0] = (uint64_t)r->fn | (uint64_t)r->codec << 8 | (uint64_t)r->kind << 16 |
           (uint64_t)r->nbsp << 24 | (uint64_t)r->eaten << 32 | (uint64_t)r->allowed << 40 |
           (uint64_t)(uint8_t)r->len << 48 | (uint64_t)(uint8_t)r->pos[0] << 56;
    k[1] = (uint64_t)(uint8_t)r->pos[1] | (uint64_t)r->seq[0] << 8 | (uint64_t)r->seq[1] << 16 |
           (uint64_t)r->seq[2] << 24 | (uint64_t)r->seq[3] << 32 | (uint64_t)r->lo[0] << 40 |
           (uint64_t)r->lo[1] << 48 | (uint64_t)r->hi[0] << 56;
    k[2] = (uint64_t)r->hi[1] | (uint64_t)(uint16_t)r->next[0] << 8 |
           (uint64_t)(uint16_t)r->next[1] << 24 | (uint64_t)(r->pair_whole != 0) << 40 |
           (uint64_t)(limit & 0x3FFF) << 41 | (uint64_t)(e->keep_c1 != 0) << 55;
}

static void list_now(ub_engine *e, const ub_hole_recipe *r, size_t limit) {
    switch (r->fn) {
    case UB_LIST_ONE: list_one(e, r, limit); break;
    case UB_LIST_GAP: list_gap(e, r, limit); break;
    case UB_LIST_TWO: list_two(e, r, limit); break;
    default: break;
    }
}

/* Copy a kept listing to e->cand (1), or say there is none (0). */
static int list_recall(ub_engine *e, const uint64_t *key, const uint64_t *mkey, uint32_t n,
                       const uint32_t *cand) {
    if (mkey[0] != key[0] || mkey[1] != key[1] || mkey[2] != key[2]) return 0;
    memcpy(e->cand + e->ncand, cand, n * sizeof *e->cand);
    e->ncand += n;
    return 1;
}

static void list_cands(ub_engine *e, const ub_hole_recipe *r, size_t limit) {
    if (!e->list_memo) {
        e->list_memo = ub_malloc(e->alloc, sizeof *e->list_memo);
        if (!e->list_memo) { /* no memory: no memo */
            list_now(e, r, limit);
            return;
        }
        memset(e->list_memo, 0, sizeof *e->list_memo);
    }
    uint64_t key[UB_LIST_KEY];
    list_key(e, r, limit, key);
    uint64_t x = (key[0] * 0x9E3779B97F4A7C15u ^ key[1]) * 0xC2B2AE3D27D4EB4Fu ^ key[2];
    uint32_t h = (uint32_t)((x * 0x9E3779B97F4A7C15u) >> 32);
    list_short *s = &e->list_memo->shorts[h >> (32 - UB_LIST_SHORT_BITS)];
    list_long *l = &e->list_memo->longs[h >> (32 - UB_LIST_LONG_BITS)];
    if (list_recall(e, key, s->key, s->n, s->cand) || list_recall(e, key, l->key, l->n, l->cand))
        return;
    size_t cand0 = e->ncand;
    list_now(e, r, limit);
    size_t n = e->ncand - cand0;
    if (n <= UB_LIST_SHORT_CANDS) {
        memcpy(s->key, key, sizeof s->key);
        s->n = (uint32_t)n;
        memcpy(s->cand, e->cand + cand0, n * sizeof *e->cand);
    } else if (n <= UB_LIST_LONG_CANDS) {
        memcpy(l->key, key, sizeof l->key);
        l->n = (uint32_t)n;
        memcpy(l->cand, e->cand + cand0, n * sizeof *e->cand);
    }
}

void ub_unit_memo_free(ub_engine *e) {
    ub_free(e->alloc, e->list_memo, sizeof *e->list_memo);
    e->list_memo = NULL;
}

/* Can a candidate be signature punctuation (ub_signature_punct: E2 80..81,
 * E3 80, EF BC, all three bytes long)? Such a hole is no blind guess. */
static int may_be_signature(const ub_hole_recipe *r) {
    if (r->len != 3) return 0;
    if (r->pos[0] == 0) /* the lead is unknown: look at the second byte */
        return r->fn == UB_LIST_TWO || r->seq[1] == 0x80 || r->seq[1] == 0x81 || r->seq[1] == 0xBC;
    return r->seq[0] == 0xE2 || r->seq[0] == 0xE3 || r->seq[0] == 0xEF;
}

/* Record the hole of recipe r. A hole guessed from nothing (a gap, a
 * space) makes its segment wait for document evidence unless it can be
 * signature punctuation (hypothesis.c, blind_only), and most such segments
 * are never worked out (clean CJK text holds one at nearly every
 * character): on the first search, only whether a candidate exists is
 * learnt, and the listing waits for ub_unit_list_pending. */
static int add_listed(unit_scan *u, const ub_hole_recipe *r, int nbytes) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand, cap = list_cap(r);
    if (cand_room(e, cap)) return -1;
    int blind = r->kind == UB_H_GAP || r->kind == UB_H_NBSP;
    /* a pair dropped whole by glibc takes any trail with it: the listing
     * is what the decoder's pairs say, no blind guess (unit.c) */
    int pair_gone = r->fn == UB_LIST_TWO && r->next[1] == UB_NEXT_ANY;
    if (!blind || e->rebuild || (pair_gone && may_be_signature(r))) {
        list_cands(e, r, cap);
        return ub_unit_push_hole(e, cand0, r->kind, nbytes);
    }
    if (may_be_signature(r)) {
        /* only the punctuation is no blind guess: the rest of the listing
         * (a thousand characters where both continuation bytes after `、`'s
         * lead went) waits with the segment for evidence, as any other
         * guess from nothing (ub_hyp_rebuild lists all) */
        list_cands(e, r, cap);
        size_t kept = cand0;
        for (size_t i = cand0; i < e->ncand; i++)
            if (ub_signature_punct(e->cand[i] & ~UB_CAND_FLAGS)) e->cand[kept++] = e->cand[i];
        if (kept > cand0 || e->ncand == cand0) {
            e->ncand = kept;
            return ub_unit_push_hole(e, cand0, r->kind, nbytes);
        }
        e->ncand = cand0;
    }
    list_cands(e, r, 1);
    if (e->ncand == cand0) return 1;
    e->ncand = cand0;
    if (push_hole(e, cand0, r->kind, nbytes)) return -1;
    e->holes[e->nholes - 1].pending = *r;
    return 0;
}

int ub_unit_list_pending(ub_engine *e, ub_hole *h) {
    if (h->pending.fn == UB_LIST_NONE) return 0;
    size_t cand0 = e->ncand, cap = list_cap(&h->pending);
    if (cand_room(e, cap)) return -1;
    list_cands(e, &h->pending, cap);
    h->cand_off = (uint32_t)cand0;
    h->cand_n = (uint32_t)(e->ncand - cand0);
    h->pending.fn = UB_LIST_NONE;
    return 0;
}

static ub_hole_recipe recipe(const unit_scan *u, int fn, const uint8_t *seq, int len, int kind) {
    ub_hole_recipe r;
    memset(&r, 0, sizeof r);
    r.fn = (uint8_t)fn;
    r.codec = (uint8_t)u->codec;
    r.kind = (uint8_t)kind;
    r.len = (int8_t)len;
    memcpy(r.seq, seq, (size_t)len);
    return r;
}

/* Record a hole for a character whose bytes are seq[0..len) with the byte at
 * hole_pos unknown: enumerate values in [lo, hi] that W could have lost
 * before `next`, keep those giving valid UTF-8. */
int ub_unit_add_hole(unit_scan *u, uint8_t *seq, int len, int hole_pos,
                    uint8_t lo, uint8_t hi, int next, int kind) {
    ub_hole_recipe r = recipe(u, UB_LIST_ONE, seq, len, kind);
    r.pos[0] = (int8_t)hole_pos;
    r.lo[0] = lo;
    r.hi[0] = hi;
    r.next[0] = (int16_t)next;
    return add_listed(u, &r, 1);
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
    ub_hole_recipe r = recipe(u, UB_LIST_GAP, seq, len - 1, nbsp ? UB_H_NBSP : UB_H_GAP);
    r.len = (int8_t)len;
    r.pos[0] = 1; /* some place after the lead */
    r.next[0] = (int16_t)next_after;
    r.nbsp = (uint8_t)(nbsp != 0);
    r.allowed = (uint8_t)allowed;
    /* a character that lost its last byte before anything but a space
     * may have lost the space after it too (ub_unit_eats_after_lead) */
    r.eaten = (uint8_t)(ub_unit_eats_after_lead(u->e, u->codec) && !nbsp && next_after > ' ' &&
                        ((allowed >> (len - 1)) & 1u));
    /* ... and under glibc's EUC-KR a lead before an ASCII byte is never
     * dropped alone: some ASCII byte went with it, a space most often (a
     * space where a stop went costs what leaving it out does) */
    if (r.eaten && ub_unit_glibc_euc_kr(u->e, u->codec) && next_after < 0x80)
        r.eaten = UB_EATEN_ALWAYS;
    int rc = add_listed(u, &r, 1);
    if (rc == 0 && r.eaten) {
        u->e->holes[u->e->nholes - 1].eaten = 1;
        return ub_push_dec(u->e, UB_DEC_SKIP);
    }
    /* the space stays unless the no-break-space reading wins */
    return rc == 0 && nbsp ? ub_push_dec(u->e, ' ') : rc;
}

/* Two adjacent-or-not visible holes in one character: enumerate both bytes,
 * each one a byte the decoder rejected before what followed it. */
int ub_unit_add_two_holes(unit_scan *u, uint8_t *seq, int len, hole_range a, hole_range b,
                         int kind) {
    ub_hole_recipe r = recipe(u, UB_LIST_TWO, seq, len, kind);
    r.pos[0] = (int8_t)a.pos;
    r.pos[1] = (int8_t)b.pos;
    r.lo[0] = a.lo;
    r.hi[0] = a.hi;
    r.lo[1] = b.lo;
    r.hi[1] = b.hi;
    r.next[0] = (int16_t)a.next;
    r.next[1] = (int16_t)b.next;
    /* glibc's double-byte decoders drop an unmapped pair whole: two
     * continuation bytes of one character may be such a pair (`름` EB A6
     * 84 read as GBK: A6 84 went), where Python's drops the first and
     * reads the second again (Shift_JIS reads its pairs so already: any
     * second byte, UB_NEXT_ANY) */
    r.pair_whole = (uint8_t)(kind == UB_H_GAP && b.pos == a.pos + 1 && a.pos >= 1 &&
                             b.next != UB_NEXT_ANY &&
                             ub_codec_is_multibyte(u->codec) &&
                             u->e->layer == 0 && !u->e->reg[u->e->cur_region].fffd);
    return add_listed(u, &r, 2);
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

/* A three-byte character whose lead went in the pair replaced before it
 * (unit_edges.c, ub_unit_replaced_pair) and whose second and third bytes left a mark
 * each: a browser's Shift_JIS reads `い。` E3 81 84 E3 80 82 as `縺` and
 * three U+FFFD (84 E3 an unmapped pair, 80 no byte, 82 before the line
 * end). The lead is any, the second byte one the decoder rejected before
 * the third, the third one it rejected before `after`. Kind `kind`. */
int ub_unit_add_owed_marks(unit_scan *u, int after, int kind) {
    ub_engine *e = u->e;
    ub_codec_id codec = u->codec;
    size_t cand0 = e->ncand;
    if (cand_room(e, UB_MAX_CANDIDATES)) return -1;
    uint64_t zm[2];
    ub_lost_mask(e, codec, after, 0x80, 0xBF, zm);
    for (uint64_t zs = zm[0]; zs; zs &= zs - 1) {
        unsigned z = 0x80 + ub_lowest_bit(zs);
        uint64_t ym[2];
        ub_lost_mask(e, codec, (int)z, 0x80, 0xBF, ym);
        for (unsigned x = 0xE0; x <= 0xEF; x++) {
            uint8_t lo, hi;
            ub_utf8_second_range((uint8_t)x, &lo, &hi);
            for (uint64_t ys = ym[0] & ub_range_bits(lo, hi, 0); ys; ys &= ys - 1) {
                unsigned y = 0x80 + ub_lowest_bit(ys);
                uint32_t cp = (x & 0x0Fu) << 12 | (y & 0x3Fu) << 6 | (z & 0x3Fu);
                if (cp >= 0xE000 && cp < 0xF900) continue; /* private use */
                if (e->ncand - cand0 >= UB_MAX_CANDIDATES) break;
                e->cand[e->ncand++] = cp;
            }
        }
    }
    return ub_unit_push_hole(e, cand0, kind, 3);
}

/* One continuation byte `last` alone, its lead lost: a two-byte
 * character, or a three-byte one whose lead went together with its second
 * byte as one unmapped pair, any second byte the lead cannot pair with.
 * Candidates of both lengths, private use left out. Used by the two
 * readings below. */
/* The two-byte characters ending in `last` whose lead the decoder could
 * drop before it. */
static void list_two_byte_leads(ub_engine *e, ub_codec_id codec, unsigned last) {
    uint64_t m[2];
    ub_lost_mask(e, codec, (int)last, 0xC2, 0xDF, m);
    for (uint64_t xs = m[1]; xs; xs &= xs - 1) {
        unsigned x = 0xC0 + ub_lowest_bit(xs);
        e->cand[e->ncand++] = (x & 0x1Fu) << 6 | (last & 0x3Fu);
    }
}

static void list_lead_or_pair(ub_engine *e, ub_codec_id codec, unsigned last) {
    list_two_byte_leads(e, codec, last);
    for (unsigned x = 0xE0; x <= 0xEF; x++) {
        uint8_t lo, hi;
        ub_utf8_second_range((uint8_t)x, &lo, &hi);
        /* the second bytes x could not pair with, from the memo */
        uint64_t ys = ub_lose_mask_cont(e, codec, (uint8_t)x) & ub_range_bits(lo, hi, 0);
        for (; ys; ys &= ys - 1) {
            unsigned y = 0x80 + ub_lowest_bit(ys);
            uint32_t cp = (x & 0x0Fu) << 12 | (y & 0x3Fu) << 6 | (last & 0x3Fu);
            if (cp >= 0xE000 && cp < 0xF900) continue; /* private use */
            e->cand[e->ncand++] = cp;
        }
    }
}

/* The hole of list_lead_or_pair, `kind`, one byte shown. */
static int add_lead_or_pair(unit_scan *u, uint8_t last, int kind) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    if (cand_room(e, 30 + 16 * 64)) return -1;
    list_lead_or_pair(e, u->codec, last);
    int rc = ub_unit_push_hole(e, cand0, kind, 2);
    if (rc == 0) e->holes[e->nholes - 1].shown = 1;
    return rc;
}

/* One U+FFFD, then one continuation byte `cont` alone: the lead was lost,
 * or a browser's decoder replaced the lead and the second byte as one
 * unmapped pair: `다` EB 8B A4 read as Shift_JIS by a browser is one
 * U+FFFD for EB 8B and then `､` A4. */
int ub_unit_add_pair_mark(unit_scan *u, uint8_t cont, int kind) {
    return add_lead_or_pair(u, cont, kind);
}

/* One continuation byte `kept` alone before `after` (not a continuation
 * byte), under glibc's Big5 or EUC-JP: those drop a lead alone when the
 * byte after it cannot pair, keep 0x80 (EUC-JP: 80..9F) as a C1 control
 * and drop the next lead before a byte it cannot pair with either: `•`
 * E2 80 A2 before a space is `\u0080 ` (E2 and A2 gone). So the byte is
 * the second of a two-byte character that lost its lead, or the middle of
 * a three-byte one that lost its lead and its last byte, the last one a
 * byte the decoder drops before `after`; under EUC-JP also the last of a
 * three-byte one (list_lead_or_pair). Candidates of every length, one byte
 * shown. */
int ub_unit_add_lead_or_tail(unit_scan *u, uint8_t kept, int after) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    if (cand_room(e, 30 + 2 * 16 * 64)) return -1;
    if (u->codec == UB_EUC_JP)
        list_lead_or_pair(e, u->codec, kept);
    else
        list_two_byte_leads(e, u->codec, kept);
    uint64_t zm[2];
    ub_lost_mask(e, u->codec, after, 0x80, 0xBF, zm);
    for (unsigned x = 0xE0; x <= 0xEF; x++) {
        uint8_t lo, hi;
        ub_utf8_second_range((uint8_t)x, &lo, &hi);
        /* x must have been dropped before `kept` */
        uint64_t lost_before = ub_lose_mask_cont(e, u->codec, (uint8_t)x);
        if (kept < lo || kept > hi || !((lost_before >> (kept - 0x80)) & 1u)) continue;
        for (uint64_t zs = zm[0]; zs; zs &= zs - 1) {
            unsigned z = 0x80 + ub_lowest_bit(zs);
            uint32_t cp = (x & 0x0Fu) << 12 | (kept & 0x3Fu) << 6 | (z & 0x3Fu);
            if (cp >= 0xE000 && cp < 0xF900) continue; /* private use */
            e->cand[e->ncand++] = cp;
        }
    }
    int rc = ub_unit_push_hole(e, cand0, UB_H_GAP, 2);
    if (rc == 0) e->holes[e->nholes - 1].shown = 1;
    return rc;
}

/* One continuation byte alone, under EUC-JP or EUC-KR: glibc keeps the
 * bytes 80..9F as the C1 controls U+0080..U+009F and drops a lead together
 * with the trail it cannot take (`が` E3 81 8C read as EUC-JP with iconv
 * -c: E3 81 is no pair and goes, 8C stays as U+008C). So the byte may end
 * a two-byte character whose lead was lost, or a three-byte one that lost
 * its lead and second byte together: both are candidates. */
int ub_unit_add_lead_pair(unit_scan *u, uint8_t last) {
    return add_lead_or_pair(u, last, UB_H_GAP);
}

