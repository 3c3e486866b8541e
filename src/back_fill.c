/*
 * The byte rules of a double-byte decoder run backwards (back.c): which
 * bytes it drops, which it replaces by one U+FFFD or pairs into one, from
 * the decoder itself (ub_codec_decode) once per byte row; the
 * characters a hole of a reading may be, its bytes put back varied over
 * what fits their roles; and the runs a reading reads, with the search's
 * tables per reading (ub_back_use).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "back_search.h"
#include "lm.h"
#include "utf8.h"

static int decodes(const ub_back_search *q, ub_family f, uint8_t d, int y) {
    uint8_t b[2] = {d, (uint8_t)(y < 0 ? 0 : y)};
    uint32_t cp;
    return ub_codec_decode(q->rd->codec, f, b, y < 0 ? 1 : 2, &cp) != 0;
}

/* Which families reject byte d >= 0x80 before y (-1: the end; bit 0:
 * Python's tables, bit 1: a browser's), from the decoder once per row. */
static uint8_t rejects(ub_back_search *q, uint8_t d, int y) {
    uint8_t *row = q->rejected[d - 0x80];
    if (!q->row_known[d - 0x80]) {
        for (int x = -1; x < 256; x++)
            row[x + 1] = (uint8_t)((!decodes(q, UB_FAMILY_STRICT, d, x)) |
                                   (!decodes(q, UB_FAMILY_WHATWG, d, x)) << 1);
        q->row_known[d - 0x80] = 1;
    }
    return row[y + 1];
}

/* Does the decoder drop byte d when byte y (-1: the end) follows it? */
int ub_back_drops(ub_back_search *q, uint8_t d, int y) {
    return d >= 0x80 ? rejects(q, d, y) & 1 : !decodes(q, UB_FAMILY_STRICT, d, y);
}

/* ... and both, d and y? glibc's SHIFT_JIS drops an unmapped pair whole
 * when d is one of its leads (81..9F, E0..EA) and y a trail byte (40..7E,
 * 80..FC): `EA A5` and `85 80` vanish, where Python's decoders, and glibc's
 * CP932, drop the lead alone and read on from y. glibc's EUC-KR takes any
 * byte after A1..FF and drops both when they make no character, an ASCII
 * byte too: `A4 20 41` is `A`, `EC 9C 41` is `A` (measured with iconv -c,
 * glibc 2.36). */
int ub_back_pair_gone(ub_back_search *q, uint8_t d, uint8_t y) {
    if (q->rd->codec == UB_EUC_KR) return d >= 0xA1 && ub_back_drops(q, d, y);
    if (q->rd->codec != UB_SHIFT_JIS) return 0;
    int lead = (d >= 0x81 && d <= 0x9F) || (d >= 0xE0 && d <= 0xEA);
    int trail = (y >= 0x40 && y <= 0x7E) || (y >= 0x80 && y <= 0xFC);
    return lead && trail && ub_back_drops(q, d, y);
}

/* Lead d and byte y make no character for some decoder of the codec
 * (Python's tables or a browser's). */
static int pair_rejected(ub_back_search *q, uint8_t d, int y) {
    return d >= 0x80 && rejects(q, d, y) != 0;
}

/* A U+FFFD of one byte d, y (-1: the end) read next. */
int ub_back_mark_one(ub_back_search *q, uint8_t d, int y) {
    return q->single_bad[d] || (q->lead[d] && pair_rejected(q, d, y));
}

/* A U+FFFD of the two bytes d, y. */
int ub_back_mark_two(ub_back_search *q, uint8_t d, int y) {
    return y >= 0x80 && q->lead[d] && pair_rejected(q, d, y);
}

/* The lead bytes of a double-byte decoder (the WHATWG Encoding Standard's
 * decoders; Python's and glibc's start pairs on the same bytes): a lead
 * takes the next byte with it whether or not the pair maps to anything,
 * and a browser writes one U+FFFD for both when the second is not ASCII
 * (`EC 95`, no character in Shift_JIS, is one mark). EUC-JP's 8F starts
 * a three-byte JIS X 0212 character: read as a lead here. */
static int lead_byte(ub_codec_id c, unsigned b) {
    switch (c) {
    case UB_SHIFT_JIS:
    case UB_CP932: return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
    case UB_EUC_JP: return b == 0x8E || b == 0x8F || (b >= 0xA1 && b <= 0xFE);
    default: return b >= 0x81 && b <= 0xFE; /* GBK, GB18030, Big5, EUC-KR, CP949 */
    }
}

void ub_back_find_bytes(ub_back_search *q) {
    for (int d = 0; d < 256; d++) {
        q->droppable[d] = q->single_bad[d] = 0;
        q->lead[d] = (uint8_t)lead_byte(q->rd->codec, (unsigned)d);
        if (d < 0x80) continue;
        q->row_known[d - 0x80] = 0;
        for (int y = 0; y < 256 && !q->droppable[d]; y++)
            q->droppable[d] = (uint8_t)ub_back_drops(q, (uint8_t)d, y);
        q->single_bad[d] = (uint8_t)(!q->lead[d] && (!decodes(q, UB_FAMILY_STRICT, (uint8_t)d, -1) ||
                                                     !decodes(q, UB_FAMILY_WHATWG, (uint8_t)d, -1)));
    }
}

/* ---- the candidates of a hole -------------------------------------------- */

/* Does byte p of b[0..len) (b[-1]: before, b[len]: after; -1 for none)
 * fit its role there? */
static int role_holds(ub_back_search *q, const uint8_t *b, int len, const uint8_t *role, int p,
                      int before, int before_role, int after) {
    int x = p > 0 ? b[p - 1] : before;
    int y = p + 1 < len ? b[p + 1] : after;
    int x_role = p > 0 ? role[p - 1] : before_role;
    switch (role[p]) {
    case BK_M1: return ub_back_mark_one(q, b[p], y);
    case BK_M2A: return ub_back_mark_two(q, b[p], y);
    case BK_M2B: return x >= 0 && ub_back_mark_two(q, (uint8_t)x, b[p]);
    case BK_DROP: {
        /* dropped before y, or with the byte put back before it, or with y */
        int y_back = p + 1 < len && role[p + 1] == BK_DROP;
        int gone_before = x >= 0 && x_role == BK_DROP && ub_back_pair_gone(q, (uint8_t)x, b[p]);
        return gone_before || ub_back_drops(q, b[p], y) || (y_back && ub_back_pair_gone(q, b[p], (uint8_t)y));
    }
    default: return 1;
    }
}

/* Put r into top[0..*n), sorted best first (ub_back_by_rank), at most cap
 * kept: a new one that ranks no better than the last of a full list is
 * not kept. */
static void keep_ranked(bk_ranked *top, size_t *n, size_t cap, bk_ranked r) {
    size_t at = *n;
    if (at == cap) {
        if (ub_back_by_rank(&r, &top[cap - 1]) >= 0) return;
        at = cap - 1;
    } else {
        ++*n;
    }
    while (at > 0 && ub_back_by_rank(&r, &top[at - 1]) < 0) {
        top[at] = top[at - 1];
        at--;
    }
    top[at] = r;
}

/* A decoder that drops a lead with the ASCII byte after it when they make
 * no character (glibc's EUC-KR, ub_back_pair_gone) loses `다.` (EB 8B A4
 * 2E) whole: EB 8B and A4 2E, both pairs gone, and a Korean sentence its
 * last syllable and its stop without a trace. Where a run ends, the
 * characters that end runs most (data/lm/ko.edges.tsv) and fit that shape
 * are tried there. */
size_t ub_back_tails(ub_back_search *q) {
    if (q->tails_known) return q->ntails;
    q->tails_known = 1;
    q->ntails = 0;
    /* the last bytes the stop can go with; none under most decoders */
    uint8_t last[64];
    size_t nlast = 0;
    for (unsigned b2 = 0x80; b2 <= 0xBF; b2++)
        if (ub_back_pair_gone(q, (uint8_t)b2, '.')) last[nlast++] = (uint8_t)b2;
    if (nlast == 0) return 0;
    bk_ranked best[BK_TAILS];
    size_t n = 0;
    for (size_t i = 0; i < q->rd->nleads; i++) {
        uint8_t lead = q->rd->leads[i];
        uint8_t lo, hi;
        if (ub_utf8_seq_len(lead) != 3) continue;
        ub_utf8_second_range(lead, &lo, &hi);
        for (unsigned b1 = lo; b1 <= hi; b1++) {
            if (!ub_back_pair_gone(q, lead, (uint8_t)b1)) continue;
            for (size_t j = 0; j < nlast; j++) {
                uint32_t cp = (lead & 0x0Fu) << 12 | (b1 & 0x3Fu) << 6 | (last[j] & 0x3Fu);
                float lp = ub_lm_logp(q->lang, cp);
                if (lp > UB_LM_FLOOR)
                    keep_ranked(best, &n, BK_TAILS, (bk_ranked){lp + ub_lm_edge(q->lang, cp, 1), cp});
            }
        }
    }
    for (size_t i = 0; i < n; i++) q->tails[i] = best[i].cp;
    q->ntails = n;
    return n;
}

int ub_back_by_rank(const void *a, const void *b) {
    const bk_ranked *x = a, *y = b;
    if (x->logp != y->logp) return x->logp > y->logp ? -1 : 1;
    return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static int by_code_point(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The quotes, dashes, bullet and ellipsis every language's text uses */
static int common_punct(uint32_t c) {
    return c == 0x2013 || c == 0x2014 || c == 0x2018 || c == 0x2019 || c == 0x201C ||
           c == 0x201D || c == 0x2022 || c == 0x2026;
}

/* Their letter value among a blind character's candidates, at least:
 * the letter models of a CJK language may rank them low, the lost-byte
 * search ranks them by their pairs and spacing (lost_punct.c). */
#define BK_PUNCT_LOGP -8.0f

static float blind_logp(const ub_back_search *q, uint32_t c) {
    float v = ub_lm_logp(q->lang, c);
    return common_punct(c) && v < BK_PUNCT_LOGP ? BK_PUNCT_LOGP : v;
}

/* Sift heap[i] down in a heap of n whose root is the worst by rank. */
static void sift_down(bk_ranked *heap, size_t n, size_t i) {
    for (;;) {
        size_t w = i, l = 2 * i + 1, r = l + 1;
        if (l < n && ub_back_by_rank(&heap[l], &heap[w]) > 0) w = l;
        if (r < n && ub_back_by_rank(&heap[r], &heap[w]) > 0) w = r;
        if (w == i) return;
        bk_ranked t = heap[i];
        heap[i] = heap[w];
        heap[w] = t;
        i = w;
    }
}

/* Of the candidates e->cand[cand0..], keep the BK_MAX_BLIND the language
 * uses most, still in code point order: two bytes or more unknown leave
 * thousands, nearly all of them characters no text of the language holds,
 * and every candidate costs the lost-byte search (lost.c) its context. */
static int keep_common(ub_back_search *q, size_t cand0) {
    ub_engine *e = q->e;
    size_t n = e->ncand - cand0;
    float *logp = ub_malloc(e->alloc, n * sizeof *logp);
    if (!logp) return -1;
    /* the best BK_MAX_BLIND in a heap whose root is the worst of them: the
     * last one kept, in rank order (a thousand candidates or more, sorted
     * whole, cost more than the search that made them) */
    bk_ranked heap[BK_MAX_BLIND];
    size_t nh = 0;
    for (size_t i = 0; i < n; i++) {
        bk_ranked c = {logp[i] = blind_logp(q, e->cand[cand0 + i]), e->cand[cand0 + i]};
        if (nh < BK_MAX_BLIND) {
            heap[nh++] = c;
            if (nh == BK_MAX_BLIND)
                for (size_t j = BK_MAX_BLIND / 2; j-- > 0;) sift_down(heap, nh, j);
        } else if (ub_back_by_rank(&c, &heap[0]) < 0) {
            heap[0] = c;
            sift_down(heap, nh, 0);
        }
    }
    bk_ranked last = heap[0];
    /* the listing is filtered in place */
    size_t kept = cand0;
    for (size_t i = 0; i < n; i++) {
        bk_ranked c = {logp[i], e->cand[cand0 + i]};
        if (ub_back_by_rank(&c, &last) <= 0) e->cand[kept++] = c.cp;
    }
    ub_free(e->alloc, logp, n * sizeof *logp);
    e->ncand = kept;
    /* code point order, as every other listing */
    qsort(e->cand + cand0, kept - cand0, sizeof *e->cand, by_code_point);
    return 0;
}

/* Do the bytes b[0..c->len) fit where c stands, each byte put back in its
 * role (before: the last byte of the character before, -1: none; after:
 * the first byte of the one after)? */
static int fill_fits(ub_back_search *q, const bk_char *c, const uint8_t *b, int before,
                     int before_role, int after, int after_role) {
    /* the byte before, if put back, still fits before b[0] */
    if (before >= 0 && before_role != BK_KNOWN && before_role != BK_M2B) {
        uint8_t pair[2] = {(uint8_t)before, b[0]};
        uint8_t pr[2] = {(uint8_t)before_role, c->role[0]};
        if (!role_holds(q, pair, 2, pr, 0, -1, BK_KNOWN, -1)) return 0;
    }
    for (int p = 0; p < c->len; p++)
        if (((c->put_back >> p) & 1u) &&
            !role_holds(q, b, c->len, c->role, p, before, before_role, after))
            return 0;
    /* and the byte after: the second of a mark whose first is c's last,
     * or a byte glibc dropped together with it */
    int last = c->len - 1;
    if (after_role == BK_M2B && !ub_back_mark_two(q, b[last], after)) return 0;
    if (after_role == BK_DROP && c->role[last] == BK_DROP &&
        ub_back_pair_gone(q, c->bytes[last], (uint8_t)after) && !ub_back_pair_gone(q, b[last], (uint8_t)after))
        return 0;
    return 1;
}

static int push_cand(ub_engine *e, uint32_t cp) {
    void *room = e->cand;
    if (ub_grow(e->alloc, &room, &e->cap_cand, e->ncand + 1, sizeof *e->cand)) return -1;
    e->cand = room;
    e->cand[e->ncand++] = cp;
    return 0;
}

int ub_back_list_one(ub_back_search *q, uint32_t cp) { return push_cand(q->e, cp); }

/* Is cp among the characters the reading's language uses at all (letter
 * value BK_BLIND_MIN_LOGP or better)? A bitmap over the BMP, once per
 * language. */
static int common_char(ub_back_search *q, uint32_t cp) {
    if (cp > 0xFFFF) return 0;
    if (!q->common_known) {
        memset(q->common, 0, sizeof q->common);
        for (uint32_t c = 0x80; c <= 0xFFFF; c++)
            if (ub_lm_logp(q->lang, c) >= BK_BLIND_MIN_LOGP) q->common[c >> 6] |= 1ull << (c & 63);
        q->common_known = 1;
    }
    return (int)((q->common[cp >> 6] >> (cp & 63)) & 1u);
}

/* The characters of hole char c that could stand where it stands: its
 * bytes put back varied over what fits their roles, the characters next
 * to it as the reading has them. A character of three unknown bytes is one
 * of the language's common characters under one of the reading's leads. */
int ub_back_list(ub_back_search *q, const bk_char *c, int before, int before_role,
                             int after, int after_role) {
    ub_engine *e = q->e;
    int pos[4], np = 0;
    for (int p = 0; p < c->len; p++)
        if ((c->put_back >> p) & 1u) pos[np++] = p;
    if (np == 0 || np > 3) return 0; /* four bytes unknown: nothing to list */
    size_t cand0 = e->ncand;
    if (np == 3) {
        for (size_t j = 0; j < q->rd->nleads; j++) {
            uint8_t lead = q->rd->leads[j], lo, hi;
            if (ub_utf8_seq_len(lead) != c->len) continue;
            ub_utf8_second_range(lead, &lo, &hi);
            uint32_t first = (uint32_t)(lead & 0x0F) << 12 | (uint32_t)(lo & 0x3F) << 6;
            uint32_t end = (uint32_t)(lead & 0x0F) << 12 | (uint32_t)(hi & 0x3F) << 6 | 0x3F;
            for (uint32_t cp = first; cp <= end; cp++) {
                if (!common_char(q, cp) && !common_punct(cp)) continue;
                uint8_t b[4];
                ub_utf8_encode(cp, b);
                if (fill_fits(q, c, b, before, before_role, after, after_role) && push_cand(e, cp))
                    return -1;
            }
        }
    } else {
        /* the values each unknown byte may take: a lead first,
         * continuation bytes after */
        uint8_t vals[2][64];
        size_t nv[2] = {0, 0};
        for (int i = 0; i < np; i++) {
            if (pos[i] == 0) {
                for (unsigned v = 0xC2; v <= 0xF4; v++)
                    if (ub_utf8_seq_len((uint8_t)v) == c->len) vals[i][nv[i]++] = (uint8_t)v;
            } else {
                for (unsigned v = 0x80; v <= 0xBF; v++) vals[i][nv[i]++] = (uint8_t)v;
            }
        }
        size_t n1 = np > 1 ? nv[1] : 1;
        for (size_t i0 = 0; i0 < nv[0]; i0++)
            for (size_t i1 = 0; i1 < n1; i1++) {
                uint8_t b[4];
                memcpy(b, c->bytes, c->len);
                b[pos[0]] = vals[0][i0];
                if (np > 1) b[pos[1]] = vals[1][i1];
                uint32_t cp = 0;
                if (ub_utf8_decode(b, c->len, &cp) != c->len || cp < 0x80) continue;
                if (fill_fits(q, c, b, before, before_role, after, after_role) && push_cand(e, cp))
                    return -1;
            }
    }
    if (np > 1 && e->ncand - cand0 > BK_MAX_BLIND) return keep_common(q, cand0);
    return 0;
}

/* The byte pairs (b1 << 8 | b2, 0: no more) that finish the three-byte
 * character s has the lead of as one U+FFFD: the BK_FILLS whose
 * characters the language uses most, once per lead. */
const uint16_t *ub_back_two_fills(ub_back_search *q, const bk_state *s) {
    uint16_t *f = q->fills[s->part & 0x0F];
    if (q->fills_known & (1u << (s->part & 0x0F))) return f;
    bk_ranked best[BK_FILLS]; /* cp: the pair b1 << 8 | b2 */
    size_t n = 0;
    for (unsigned b1 = s->lo; b1 <= s->hi; b1++)
        for (unsigned b2 = 0x80; b2 <= 0xBF; b2++) {
            if (!ub_back_mark_two(q, (uint8_t)b1, (int)b2)) continue;
            uint32_t cp = s->part << 12 | (b1 & 0x3Fu) << 6 | (b2 & 0x3Fu);
            keep_ranked(best, &n, BK_FILLS, (bk_ranked){ub_lm_logp(q->lang, cp), b1 << 8 | b2});
        }
    for (size_t i = 0; i < n; i++) f[i] = (uint16_t)best[i].cp;
    if (n < BK_FILLS) f[n] = 0;
    q->fills_known |= 1u << (s->part & 0x0F);
    return f;
}

/* ---- runs and readings ---------------------------------------------------- */

/* Does c belong in a run read under rd? '?' may be a mark saved back or a
 * question (qmark: the region shows such marks, and a marks reading reads
 * it both ways), a line break ends what one sentence tells of the next. */
static int in_run(const ub_back_reading *rd, uint32_t c, int qmark) {
    uint8_t b[4];
    if (c == '?') return qmark && rd->marks;
    if (c == '\n') return 0;
    if (c < 0x80) return 1;
    if (c == 0xFFFD) return rd->marks;
    return ub_codec_encode(rd->codec, c, b) != 0;
}

int ub_back_next_run(const ub_engine *e, const ub_back_reading *rd, const ub_region *r, size_t *k,
                     size_t *k0) {
    while (*k < r->c1 && !in_run(rd, e->cp[*k], r->qmark)) (*k)++;
    *k0 = *k;
    while (*k < r->c1 && *k - *k0 < BK_MAX_RUN && in_run(rd, e->cp[*k], r->qmark)) (*k)++;
    if (*k - *k0 == BK_MAX_RUN) {
        /* a long line: cut at an ASCII character in its second half, the
         * next run starts there */
        size_t cut = *k;
        while (cut > *k0 + BK_MAX_RUN / 2 && e->cp[cut] >= 0x80) cut--;
        if (cut > *k0 + BK_MAX_RUN / 2) *k = cut;
    }
    return *k > *k0;
}

ub_back_search *ub_back_new(ub_engine *e) {
    ub_back_search *q = ub_malloc(e->alloc, sizeof *q);
    if (!q) return NULL;
    memset(q, 0, sizeof *q);
    q->e = e;
    q->cur = ub_malloc(e->alloc, 2 * BK_CLASSES * BK_BEAM * sizeof *q->cur);
    if (!q->cur) {
        ub_free(e->alloc, q, sizeof *q);
        return NULL;
    }
    q->next = q->cur + BK_CLASSES * BK_BEAM;
    return q;
}

void ub_back_free(ub_back_search *q) {
    if (!q) return;
    ub_engine *e = q->e;
    ub_free(e->alloc, q->cur < q->next ? q->cur : q->next, 2 * BK_CLASSES * BK_BEAM * sizeof *q->cur);
    ub_free(e->alloc, q->nodes, q->cap_nodes * sizeof *q->nodes);
    ub_free(e->alloc, q, sizeof *q);
}

int ub_back_usable(const ub_engine *e, const ub_back_reading *rd) {
    return ((e->codec_mask >> rd->codec) & 1u) && ub_lm_lang_find(rd->lang) >= 0;
}

int ub_back_use(ub_back_search *q, const ub_back_reading *rd) {
    if (rd == q->rd) return 1;
    if (!ub_back_usable(q->e, rd)) return 0;
    int lang = ub_lm_lang_find(rd->lang);
    /* the decoder's tables wait for a run to read (find_bytes) */
    if (!q->rd || q->rd->codec != rd->codec) q->bytes_known = 0;
    if (lang != q->lang || !q->rd) {
        for (size_t i = 0; i < 32; i++) q->bound2[i] = NAN;
        for (size_t i = 0; i < 16; i++) q->bound3a[i] = NAN;
        for (size_t i = 0; i < 1024; i++) q->bound3b[i] = NAN;
        q->common_known = 0;
    }
    if (lang != q->lang || !q->rd || q->rd->codec != rd->codec || q->rd->leads != rd->leads) {
        q->fills_known = 0;
        q->pairs_known = 0;
        q->tails_known = 0;
    }
    q->three_byte_leads = 1;
    for (size_t i = 0; i < rd->nleads; i++)
        if (ub_utf8_seq_len(rd->leads[i]) != 3) q->three_byte_leads = 0;
    q->rd = rd;
    q->lang = lang;
    return 1;
}
