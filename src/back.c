/*
 * A double-byte decoder run backwards over a whole run of text (the
 * readings: sjis_back.c, marks_back.c). The run, re-encoded, is the
 * decoder's output, one token per character (a byte, or a pair); the UTF-8
 * bytes it read are those tokens' bytes with the bytes it rejected put
 * back, never inside a pair (its two bytes were read one after the other).
 * Rejected bytes left one of two traces:
 *   - none (errors ignored: Python's errors=ignore, iconv -c): up to two
 *     bytes are put back between tokens, each one the decoder drops where
 *     it stands, before the byte that follows it (ub_codec_decode rejects
 *     them), or a pair glibc's SHIFT_JIS drops whole (pair_gone);
 *   - a U+FFFD per error (errors replaced): the mark stands for one byte (a
 *     byte no character starts with, or a lead the next byte does not pair
 *     with: Python reads that next byte again, and so does a browser when
 *     it is ASCII) or two (a lead and a non-ASCII byte it does not pair
 *     with: a browser's WHATWG decoder takes both). Nothing else is lost.
 * Every byte must fit UTF-8. A beam search over the tokens keeps the
 * readings the language model likes best (letter values and pairs); an
 * unfinished character counts as the best one it can still become (bound),
 * so that readings whose bytes are still unknown compare fairly. The best
 * reading becomes a segment whose characters with bytes put back are holes,
 * their candidates the other bytes that fit there, chosen by the lost-byte
 * search (lost.c) like any other.
 */
#include <math.h>
#include <string.h>

#include "back.h"
#include "engine.h"
#include "lm.h"
#include "unit.h"
#include "utf8.h"

#define BK_BEAM 48
#define BK_INSERT_BITS 1.0f /* per byte put back: the fewer guesses, the better */
/* A mark's readings offered per state: the best by score and bound */
#define BK_MARK_KEEP 8
/* A character of three unknown bytes (a whole character under marks):
 * candidates only among the language's common characters */
#define BK_BLIND_MIN_LOGP -12.0f

/* How a byte came to be in a reading. */
enum { BK_KNOWN = 0, BK_DROP, BK_M1, BK_M2A, BK_M2B };

/* A character completed by a step of the search. */
typedef struct bk_char {
    uint32_t cp;
    uint8_t bytes[4], len;
    uint8_t put_back; /* bit p: byte p was put back (not in the text) */
    uint8_t role[4];  /* BK_*: how byte p came to be there */
} bk_char;

typedef struct bk_state {
    float score;
    float bound;           /* best the unfinished character can still add */
    uint32_t prev;         /* last character completed (pair context) */
    uint32_t part;         /* bits of the character being read */
    uint8_t need, lo, hi;  /* continuation bytes still needed, next one's range */
    uint8_t held, held_b;  /* a byte put back whose role needs the next byte */
    uint8_t held_role;     /* BK_DROP or BK_M1 */
    bk_char open;          /* the character being read, so far */
    uint32_t hist;         /* its last completed character in the history + 1 */
    uint8_t nnew;          /* characters completed by this step */
    bk_char fresh[4];
} bk_state;

/* A completed character in the history: a chain back to the run's start. */
typedef struct bk_node {
    bk_char ch;
    uint32_t parent; /* + 1; 0: none */
} bk_node;

struct ub_back_search {
    ub_engine *e;
    const ub_back_reading *rd;
    int lang;                 /* the reading's language model */
    uint8_t droppable[256];   /* the decoder drops this byte before some byte */
    uint8_t lead[256];        /* the decoder pairs this byte with some byte */
    uint8_t single_bad[256];  /* ... no byte, and rejects it alone */
    int bytes_known;          /* the three tables above are the codec's */
    float bound2[32], bound3a[16], bound3b[1024]; /* NAN: not yet known */
    bk_state *cur, *next;
    size_t ncur, nnext;
    bk_node *nodes;
    size_t nnodes, cap_nodes;
};

/* ---- the decoder's rejections ------------------------------------------ */

static int decodes(const ub_back_search *q, ub_family f, uint8_t d, int y) {
    uint8_t b[2] = {d, (uint8_t)(y < 0 ? 0 : y)};
    uint32_t cp;
    return ub_codec_decode(q->rd->codec, f, b, y < 0 ? 1 : 2, &cp) != 0;
}

/* Does the decoder drop byte d when byte y (-1: the end) follows it? */
static int drops(const ub_back_search *q, uint8_t d, int y) {
    return !decodes(q, UB_FAMILY_STRICT, d, y);
}

/* ... and both, d and y? glibc's SHIFT_JIS drops an unmapped pair whole
 * when d is one of its leads (81..9F, E0..EA) and y a trail byte (40..7E,
 * 80..FC): `EA A5` and `85 80` vanish, where Python's decoders, and glibc's
 * CP932, drop the lead alone and read on from y (measured with iconv -c,
 * glibc 2.36). */
static int pair_gone(const ub_back_search *q, uint8_t d, uint8_t y) {
    if (q->rd->codec != UB_SHIFT_JIS) return 0;
    int lead = (d >= 0x81 && d <= 0x9F) || (d >= 0xE0 && d <= 0xEA);
    int trail = (y >= 0x40 && y <= 0x7E) || (y >= 0x80 && y <= 0xFC);
    return lead && trail && drops(q, d, y);
}

/* Lead d and byte y make no character for some decoder of the codec
 * (Python's tables or a browser's). */
static int pair_rejected(const ub_back_search *q, uint8_t d, int y) {
    return !decodes(q, UB_FAMILY_STRICT, d, y) || !decodes(q, UB_FAMILY_WHATWG, d, y);
}

/* A U+FFFD of one byte d, y (-1: the end) read next. */
static int mark_one(const ub_back_search *q, uint8_t d, int y) {
    return q->single_bad[d] || (q->lead[d] && pair_rejected(q, d, y));
}

/* A U+FFFD of the two bytes d, y. */
static int mark_two(const ub_back_search *q, uint8_t d, int y) {
    return y >= 0x80 && q->lead[d] && pair_rejected(q, d, y);
}

static void find_bytes(ub_back_search *q) {
    for (int d = 0; d < 256; d++) {
        q->droppable[d] = q->lead[d] = q->single_bad[d] = 0;
        if (d < 0x80) continue;
        for (int y = 0; y < 256; y++) {
            if (!q->droppable[d] && drops(q, (uint8_t)d, y)) q->droppable[d] = 1;
            if (!q->lead[d] && y >= 0x40 &&
                (ub_codec_decode(q->rd->codec, UB_FAMILY_STRICT, (const uint8_t[]){(uint8_t)d, (uint8_t)y}, 2,
                                 &(uint32_t){0}) == 2 ||
                 ub_codec_decode(q->rd->codec, UB_FAMILY_WHATWG, (const uint8_t[]){(uint8_t)d, (uint8_t)y}, 2,
                                 &(uint32_t){0}) == 2))
                q->lead[d] = 1;
        }
        q->single_bad[d] = (uint8_t)(!q->lead[d] && (!decodes(q, UB_FAMILY_STRICT, (uint8_t)d, -1) ||
                                                     !decodes(q, UB_FAMILY_WHATWG, (uint8_t)d, -1)));
    }
}

/* ---- scores ------------------------------------------------------------- */

static float char_bits(const ub_back_search *q, uint32_t prev, uint32_t cp) {
    if (cp < 0x80) return 0.0f;
    float v = ub_lm_logp(q->lang, cp);
    if (prev >= 0x80) v += ub_lm_bigram(q->lang, prev, cp);
    return v;
}

static float best_in(const ub_back_search *q, uint32_t lo, uint32_t hi) {
    float best = -INFINITY;
    for (uint32_t c = lo; c <= hi; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        float v = ub_lm_logp(q->lang, c);
        if (v > best) best = v;
    }
    return best;
}

/* The best letter value the character s is reading can still reach (0 for
 * none being read: marks readings only, see the head comment). */
static float bound_of(ub_back_search *q, const bk_state *s) {
    if (!q->rd->marks || s->need == 0) return 0.0f;
    int len = ub_utf8_seq_len(s->open.bytes[0]);
    float *slot;
    if (len == 2) slot = &q->bound2[s->part & 0x1F];
    else if (len == 3 && s->need == 2) slot = &q->bound3a[s->part & 0x0F];
    else if (len == 3) slot = &q->bound3b[s->part & 0x3FF];
    else return -16.0f; /* four bytes: planes beyond the models */
    if (isnan(*slot)) {
        uint32_t lo = s->part << (6 * s->need), hi = lo | ((1u << (6 * s->need)) - 1);
        *slot = best_in(q, lo, hi);
    }
    return *slot;
}

/* ---- the search ---------------------------------------------------------- */

/* Feed byte b, there as `role`, to state s; 0 when UTF-8 or the decoder
 * refuses it. */
static int feed(const ub_back_search *q, bk_state *s, uint8_t b, int role) {
    int with_held = 0; /* b went with the byte put back before it */
    if (s->held) {
        if (s->held_role == BK_M1) {
            if (!mark_one(q, s->held_b, b)) return 0;
        } else {
            with_held = role == BK_DROP && pair_gone(q, s->held_b, b);
            if (!with_held && !drops(q, s->held_b, b)) return 0;
        }
        s->held = 0;
    }
    if (role != BK_KNOWN) s->score -= BK_INSERT_BITS;
    if (role == BK_DROP || role == BK_M1) {
        s->held = (uint8_t)!with_held;
        s->held_role = (uint8_t)role;
        s->held_b = b;
    }
    if (s->need == 0) {
        if (b < 0x80) {
            if (role != BK_KNOWN) return 0;
            bk_char *c = &s->fresh[s->nnew++];
            memset(c, 0, sizeof *c);
            c->cp = b;
            c->bytes[0] = b;
            c->len = 1;
            s->prev = b;
            return 1;
        }
        int len = ub_utf8_seq_len(b);
        if (len < 2) return 0;
        s->need = (uint8_t)(len - 1);
        s->part = b & (0xFFu >> (len + 1));
        ub_utf8_second_range(b, &s->lo, &s->hi);
        memset(&s->open, 0, sizeof s->open);
        s->open.bytes[0] = b;
        s->open.len = 1;
        s->open.put_back = (uint8_t)(role != BK_KNOWN);
        s->open.role[0] = (uint8_t)role;
        return 1;
    }
    if (b < s->lo || b > s->hi) return 0;
    s->part = s->part << 6 | (b & 0x3Fu);
    s->open.put_back |= (uint8_t)(role != BK_KNOWN ? 1u << s->open.len : 0);
    s->open.role[s->open.len] = (uint8_t)role;
    s->open.bytes[s->open.len++] = b;
    s->lo = 0x80;
    s->hi = 0xBF;
    if (--s->need) return 1;
    s->open.cp = s->part;
    s->score += char_bits(q, s->prev, s->part);
    s->prev = s->part;
    s->fresh[s->nnew++] = s->open;
    return 1;
}

static float rank(const bk_state *s) { return s->score + s->bound; }

/* Keep candidate t among q->next: the best per reading state, the best
 * BK_BEAM overall. */
static void offer(ub_back_search *q, const bk_state *t) {
    for (size_t i = 0; i < q->nnext; i++) {
        bk_state *o = &q->next[i];
        if (o->need == t->need && o->part == t->part && o->prev == t->prev &&
            o->held == t->held && o->held_b == t->held_b && o->held_role == t->held_role) {
            if (rank(t) > rank(o)) *o = *t;
            return;
        }
    }
    if (q->nnext < BK_BEAM) {
        q->next[q->nnext++] = *t;
        return;
    }
    size_t worst = 0;
    for (size_t i = 1; i < q->nnext; i++)
        if (rank(&q->next[i]) < rank(&q->next[worst])) worst = i;
    if (rank(t) > rank(&q->next[worst])) q->next[worst] = *t;
}

/* From s: put back up to `room` more bytes, then read the token tb[0..tn)
 * (tn 0: the run's end). */
static void expand(ub_back_search *q, const bk_state *s, const uint8_t *tb, int tn, int room) {
    bk_state t = *s;
    int ok = 1;
    for (int i = 0; i < tn && ok; i++) ok = feed(q, &t, tb[i], BK_KNOWN);
    if (ok && tn == 0)
        ok = t.need == 0 && (!t.held || (t.held_role == BK_M1 ? mark_one(q, t.held_b, -1)
                                                              : drops(q, t.held_b, -1)));
    if (ok) {
        t.bound = bound_of(q, &t);
        offer(q, &t);
    }
    if (room == 0) return;
    if (s->need == 0) {
        /* a lost lead: only before a continuation byte or another byte put back */
        for (size_t i = 0; i < q->rd->nleads; i++) {
            t = *s;
            if (feed(q, &t, q->rd->leads[i], BK_DROP)) expand(q, &t, tb, tn, room - 1);
        }
        return;
    }
    /* a lost continuation byte, then the token or a lost lead (not two
     * continuation bytes: a syllable that lost both lost its lead too, and
     * three bytes gone leave nothing to read) */
    for (unsigned b = s->lo; b <= s->hi; b++) {
        if (!q->droppable[b]) continue;
        t = *s;
        if (feed(q, &t, (uint8_t)b, BK_DROP)) expand(q, &t, tb, tn, t.need ? 0 : room - 1);
    }
}

/* The bytes that may come next in state s, put back: a lead of the
 * reading's script, or a continuation byte in range. */
static size_t next_bytes(const ub_back_search *q, const bk_state *s, uint8_t out[64]) {
    size_t n = 0;
    if (s->need == 0) {
        for (size_t i = 0; i < q->rd->nleads && n < 64; i++) out[n++] = q->rd->leads[i];
    } else {
        for (unsigned b = s->lo; b <= s->hi; b++) out[n++] = (uint8_t)b;
    }
    return n;
}

static void keep_best(bk_state *top, size_t *ntop, const bk_state *t) {
    size_t i = *ntop < BK_MARK_KEEP ? (*ntop)++ : BK_MARK_KEEP - 1;
    if (i == BK_MARK_KEEP - 1 && *ntop == BK_MARK_KEEP && rank(t) <= rank(&top[i])) return;
    while (i > 0 && rank(&top[i - 1]) < rank(t)) {
        top[i] = top[i - 1];
        i--;
    }
    top[i] = *t;
}

/* From s: read a U+FFFD, one byte or two (see the head comment). */
static void expand_mark(ub_back_search *q, const bk_state *s) {
    bk_state top[BK_MARK_KEEP];
    size_t ntop = 0;
    uint8_t b1s[64], b2s[64];
    size_t n1 = next_bytes(q, s, b1s);
    for (size_t i = 0; i < n1; i++) {
        bk_state t = *s;
        if (feed(q, &t, b1s[i], BK_M1)) {
            t.bound = bound_of(q, &t);
            keep_best(top, &ntop, &t);
        }
        if (!q->lead[b1s[i]]) continue;
        bk_state u = *s;
        if (!feed(q, &u, b1s[i], BK_M2A)) continue;
        size_t n2 = next_bytes(q, &u, b2s);
        for (size_t j = 0; j < n2; j++) {
            if (!mark_two(q, b1s[i], b2s[j])) continue;
            t = u;
            if (!feed(q, &t, b2s[j], BK_M2B)) continue;
            t.bound = bound_of(q, &t);
            keep_best(top, &ntop, &t);
        }
    }
    for (size_t i = 0; i < ntop; i++) offer(q, &top[i]);
}

static int push_node(ub_back_search *q, const bk_char *c, uint32_t parent) {
    void *p = q->nodes;
    if (ub_grow(q->e->alloc, &p, &q->cap_nodes, q->nnodes + 1, sizeof *q->nodes)) return -1;
    q->nodes = p;
    q->nodes[q->nnodes].ch = *c;
    q->nodes[q->nnodes].parent = parent;
    q->nnodes++;
    return 0;
}

/* Does byte p of b[0..len) (b[-1]: before, b[len]: after; -1 for none)
 * fit its role there? */
static int role_holds(const ub_back_search *q, const uint8_t *b, int len, const uint8_t *role, int p,
                      int before, int before_role, int after) {
    int x = p > 0 ? b[p - 1] : before;
    int y = p + 1 < len ? b[p + 1] : after;
    int x_role = p > 0 ? role[p - 1] : before_role;
    switch (role[p]) {
    case BK_M1: return mark_one(q, b[p], y);
    case BK_M2A: return mark_two(q, b[p], y);
    case BK_M2B: return x >= 0 && mark_two(q, (uint8_t)x, b[p]);
    case BK_DROP: {
        /* dropped before y, or with the byte put back before it, or with y */
        int y_back = p + 1 < len && role[p + 1] == BK_DROP;
        int gone_before = x >= 0 && x_role == BK_DROP && pair_gone(q, (uint8_t)x, b[p]);
        return gone_before || drops(q, b[p], y) || (y_back && pair_gone(q, b[p], (uint8_t)y));
    }
    default: return 1;
    }
}

/* The characters of hole char c that could stand where it stands: its
 * bytes put back varied over what fits their roles, the characters next
 * to it as the reading has them (before: the last byte of the character
 * before, -1: none; after: the first byte of the one after). */
static int list_alternatives(ub_back_search *q, const bk_char *c, int before, int before_role,
                             int after, int after_role) {
    ub_engine *e = q->e;
    int pos[4], np = 0;
    for (int p = 0; p < c->len; p++)
        if ((c->put_back >> p) & 1u) pos[np++] = p;
    if (np == 0 || np > 3) return 0; /* four bytes unknown: nothing to list */
    /* the values each unknown byte may take: a lead of the script first,
     * continuation bytes after */
    uint8_t vals[3][64];
    size_t nv[3] = {0, 0, 0};
    for (int i = 0; i < np; i++) {
        nv[i] = 0;
        if (pos[i] == 0) {
            if (np == 3) {
                for (size_t j = 0; j < q->rd->nleads; j++) vals[i][nv[i]++] = q->rd->leads[j];
            } else {
                for (unsigned v = 0xC2; v <= 0xF4 && nv[i] < 64; v++)
                    if (ub_utf8_seq_len((uint8_t)v) == c->len) vals[i][nv[i]++] = (uint8_t)v;
            }
        } else {
            for (unsigned v = 0x80; v <= 0xBF; v++) vals[i][nv[i]++] = (uint8_t)v;
        }
    }
    size_t n0 = nv[0], n1 = np > 1 ? nv[1] : 1, n2 = np > 2 ? nv[2] : 1;
    for (size_t i0 = 0; i0 < n0; i0++)
        for (size_t i1 = 0; i1 < n1; i1++)
            for (size_t i2 = 0; i2 < n2; i2++) {
                uint8_t b[4];
                memcpy(b, c->bytes, c->len);
                b[pos[0]] = vals[0][i0];
                if (np > 1) b[pos[1]] = vals[1][i1];
                if (np > 2) b[pos[2]] = vals[2][i2];
                uint32_t cp = 0;
                if (ub_utf8_decode(b, c->len, &cp) != c->len || cp < 0x80) continue;
                if (np == 3 && ub_lm_logp(q->lang, cp) < BK_BLIND_MIN_LOGP) continue;
                int ok = 1;
                /* the byte before, if put back, still fits before b[0] */
                if (before >= 0 && before_role != BK_KNOWN) {
                    uint8_t pair[2] = {(uint8_t)before, b[0]};
                    uint8_t pr[2] = {(uint8_t)before_role, c->role[0]};
                    ok = role_holds(q, pair, 2, pr, 0, -1, BK_KNOWN, -1);
                }
                for (int i = 0; i < np && ok; i++)
                    ok = role_holds(q, b, c->len, c->role, pos[i], before, before_role, after);
                /* and the byte after: the second of a mark whose first is
                 * c's last, or a byte glibc dropped together with it */
                if (ok && after_role == BK_M2B)
                    ok = mark_two(q, b[c->len - 1], after);
                if (ok && after_role == BK_DROP && c->role[c->len - 1] == BK_DROP &&
                    pair_gone(q, c->bytes[c->len - 1], (uint8_t)after) &&
                    !pair_gone(q, b[c->len - 1], (uint8_t)after))
                    ok = 0;
                if (!ok) continue;
                void *room = e->cand;
                if (ub_grow(e->alloc, &room, &e->cap_cand, e->ncand + 1, sizeof *e->cand)) return -1;
                e->cand = room;
                e->cand[e->ncand++] = cp;
            }
    return 0;
}

ub_back_search *ub_back_new(ub_engine *e) {
    ub_back_search *q = ub_malloc(e->alloc, sizeof *q);
    if (!q) return NULL;
    memset(q, 0, sizeof *q);
    q->e = e;
    q->cur = ub_malloc(e->alloc, 2 * BK_BEAM * sizeof *q->cur);
    if (!q->cur) {
        ub_free(e->alloc, q, sizeof *q);
        return NULL;
    }
    q->next = q->cur + BK_BEAM;
    return q;
}

void ub_back_free(ub_back_search *q) {
    if (!q) return;
    ub_engine *e = q->e;
    ub_free(e->alloc, q->cur < q->next ? q->cur : q->next, 2 * BK_BEAM * sizeof *q->cur);
    ub_free(e->alloc, q->nodes, q->cap_nodes * sizeof *q->nodes);
    ub_free(e->alloc, q, sizeof *q);
}

int ub_back_use(ub_back_search *q, const ub_back_reading *rd) {
    int lang = ub_lm_lang_find(rd->lang);
    if (lang < 0 || !((q->e->codec_mask >> rd->codec) & 1u)) return 0;
    /* the decoder's tables wait for a run to read (find_bytes) */
    if (!q->rd || q->rd->codec != rd->codec) q->bytes_known = 0;
    if (lang != q->lang || !q->rd) {
        for (size_t i = 0; i < 32; i++) q->bound2[i] = NAN;
        for (size_t i = 0; i < 16; i++) q->bound3a[i] = NAN;
        for (size_t i = 0; i < 1024; i++) q->bound3b[i] = NAN;
    }
    q->rd = rd;
    q->lang = lang;
    return 1;
}

int ub_back_read_run(ub_back_search *q, size_t ri, size_t k0, size_t k1) {
    ub_engine *e = q->e;
    if (!q->bytes_known) find_bytes(q);
    q->bytes_known = 1;
    q->ncur = 1;
    memset(&q->cur[0], 0, sizeof q->cur[0]);
    q->nnodes = 0;
    for (size_t k = k0; k <= k1; k++) {
        uint8_t tb[4];
        int mark = k < k1 && e->cp[k] == 0xFFFD;
        int tn = k < k1 && !mark ? ub_codec_encode(q->rd->codec, e->cp[k], tb) : 0;
        q->nnext = 0;
        for (size_t i = 0; i < q->ncur; i++) {
            bk_state s = q->cur[i];
            s.nnew = 0;
            if (mark) expand_mark(q, &s);
            else expand(q, &s, tb, tn, q->rd->marks ? 0 : 2);
        }
        if (q->nnext == 0) return 0;
        for (size_t i = 0; i < q->nnext; i++) {
            bk_state *s = &q->next[i];
            for (int j = 0; j < s->nnew; j++) {
                if (push_node(q, &s->fresh[j], s->hist)) return -1;
                s->hist = (uint32_t)q->nnodes;
            }
            s->nnew = 0;
        }
        bk_state *t = q->cur;
        q->cur = q->next;
        q->next = t;
        q->ncur = q->nnext;
    }
    size_t best = 0;
    for (size_t i = 1; i < q->ncur; i++)
        if (q->cur[i].score > q->cur[best].score) best = i;
    /* the chain, in text order, over the nodes' parent links */
    size_t n = 0, guessed = 0;
    for (uint32_t h = q->cur[best].hist; h; h = q->nodes[h - 1].parent) n++;
    if (n == 0) return 0;
    uint32_t *order = ub_malloc(e->alloc, n * sizeof *order);
    if (!order) return -1;
    size_t at = n;
    for (uint32_t h = q->cur[best].hist; h; h = q->nodes[h - 1].parent) order[--at] = h - 1;
    ub_seg s;
    memset(&s, 0, sizeof s);
    s.start = (uint32_t)k0;
    s.end = (uint32_t)k1;
    s.dec_off = (uint32_t)e->ndec;
    s.hole_off = (uint32_t)e->nholes;
    s.codec = (uint8_t)q->rd->codec;
    s.region = (uint32_t)ri;
    s.group = q->rd->group;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const bk_char *c = &q->nodes[order[i]].ch;
        if (!c->put_back) {
            rc = ub_push_dec(e, c->cp);
            continue;
        }
        const bk_char *pc = i > 0 ? &q->nodes[order[i - 1]].ch : NULL;
        const bk_char *nc = i + 1 < n ? &q->nodes[order[i + 1]].ch : NULL;
        int pc_back = pc && ((pc->put_back >> (pc->len - 1)) & 1u);
        int before = pc_back ? pc->bytes[pc->len - 1] : -1;
        int before_role = pc_back ? pc->role[pc->len - 1] : BK_KNOWN;
        int after = nc ? nc->bytes[0] : -1;
        int after_role = nc ? nc->role[0] : BK_KNOWN;
        size_t cand0 = e->ncand;
        rc = list_alternatives(q, c, before, before_role, after, after_role);
        if (rc == 0) {
            int nbytes = 0, marked = 0;
            for (int p = 0; p < c->len; p++) {
                nbytes += (c->put_back >> p) & 1u;
                marked |= c->role[p] == BK_M1 || c->role[p] == BK_M2A || c->role[p] == BK_M2B;
            }
            guessed += (size_t)nbytes;
            rc = ub_unit_push_hole(e, cand0, marked ? UB_H_REPLACED : UB_H_GAP, nbytes);
            if (rc == 0) e->holes[e->nholes - 1].unit = (uint16_t)(i < 0xFFFF ? i : 0xFFFF);
        }
    }
    ub_free(e->alloc, order, n * sizeof *order);
    if (rc < 0) return -1;
    if (rc > 0 || guessed == 0) { /* no candidate after all, or nothing lost */
        e->ndec = s.dec_off;
        e->nholes = s.hole_off;
        return 0;
    }
    s.dec_n = (uint32_t)(e->ndec - s.dec_off);
    s.hole_n = (uint32_t)(e->nholes - s.hole_off);
    s.units = 2; /* a run, not a lone unit */
    for (size_t k = k0; k < k1; k++) s.orig_nonascii += e->cp[k] >= 0x80;
    if (ub_lost_choose(e, &s, NULL)) return -1;
    ub_decide_score(e, &s);
    return ub_push_seg(e, &s);
}
