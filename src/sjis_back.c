/*
 * Korean read as Shift_JIS with the errors dropped (Python's shift_jis and
 * cp932 codecs, errors=ignore). A Hangul syllable is three UTF-8 bytes, a
 * lead EA..ED and two continuation bytes 80..BF, and Shift_JIS reads them
 * out of step: EB, EC and ED are no Shift_JIS leads and vanish; A1..BF are
 * half-width katakana; 81..9F are leads that take the next byte as their
 * trail, often the next syllable's lead (`의` EC 9D 98 after `제` EC A0 9C
 * is 9C EC `懍`, then 9D 98 `攪`); 80, A0 and a lead whose pair is unmapped
 * vanish too. `다른 운영` becomes `共･ｸ 垓`: every unit of the text lost
 * its lead, and the unit search (unit.c) sees blind guesses only. Russian
 * fares alike under glibc, whose SHIFT_JIS drops an unmapped pair whole:
 * `сл` D1 81 D0 BB is ﾑ and ｻ, 81 and D0 gone together.
 *
 * Here the decoder is run backwards over a whole run of text. The run,
 * re-encoded, is the decoder's output, one token per character (a byte, or
 * a pair); the UTF-8 bytes it read are those tokens' bytes with up to two
 * dropped bytes put back between tokens (never inside a pair: its two bytes
 * were read one after the other). A byte put back must be one the decoder
 * drops where it stands, followed by the byte that follows it
 * (ub_codec_decode rejects them), and every byte must fit UTF-8. A beam
 * search over the tokens keeps the readings the language model likes best
 * (letter values and pairs of syllables); the best one becomes a segment
 * whose characters with bytes put back are holes, their candidates the
 * other bytes that fit there (EA..ED for a lost lead), chosen by the
 * lost-byte search (lost.c) like any other. All runs of one reading (a
 * script and a codec, `readings`) in the window form one group
 * (ub_seg.group), accepted or refused together (decide.c).
 *
 * Only runs whose non-ASCII bytes, re-encoded, are nearly all 80..BF or
 * Hangul leads, and that show half-width katakana, are tried (looks_read):
 * text that was Korean UTF-8 keeps little else, and Japanese text has leads
 * and trails all over the byte range. Glibc's SHIFT_JIS drops an unmapped
 * pair whole (pair_gone); CP932 keeps 80 and A0 as characters of their own.
 * A syllable that lost all three bytes leaves nothing to read and stays
 * lost; the search puts back at most two bytes between two tokens.
 */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "unit.h"
#include "utf8.h"

#define HS_BEAM 48
#define HS_INSERT_BITS 1.0f   /* per byte put back: the fewer guesses, the better */
#define HS_MIN_CONT_SHARE 0.85 /* of a run's non-ASCII bytes, re-encoded */
#define HS_MIN_NONASCII 3
#define HS_MIN_KANA_SHARE 0.1  /* of its non-ASCII characters, half-width katakana */
#define HS_MIN_KANA 2

/* A reading: text of one script read as one codec. leads: the leads a
 * character of the script (or a punctuation mark) may have lost; a run
 * worth reading re-encodes to continuation bytes 80..BF and the script's
 * leads [lead_lo, lead_hi] nearly all, some of them half-width katakana
 * (single bytes A1..DF: continuation bytes read alone, Cyrillic leads D0
 * D1 are ﾐ ﾑ). */
typedef struct hs_reading {
    ub_codec_id codec;
    const char *lang;
    const uint8_t *leads;
    size_t nleads;
    uint8_t lead_lo, lead_hi;
    uint8_t group;
} hs_reading;

/* Hangul EA..ED (U+AC00..U+D7A3), and E2 (“ ” … —), E3 (「 」 and the CJK
 * symbols); Cyrillic D0, D1 (а..я, ё). */
static const uint8_t hangul_leads[] = {0xEA, 0xEB, 0xEC, 0xED, 0xE2, 0xE3};
static const uint8_t cyrillic_leads[] = {0xD0, 0xD1, 0xE2};

static const hs_reading readings[] = {
    {UB_SHIFT_JIS, "ko", hangul_leads, sizeof hangul_leads, 0xEA, 0xED, UB_GROUP_HANGUL_SJIS},
    {UB_CP932, "ko", hangul_leads, sizeof hangul_leads, 0xEA, 0xED, UB_GROUP_HANGUL_CP932},
    {UB_SHIFT_JIS, "ru", cyrillic_leads, sizeof cyrillic_leads, 0xD0, 0xD1,
     UB_GROUP_CYRILLIC_SJIS},
    {UB_CP932, "ru", cyrillic_leads, sizeof cyrillic_leads, 0xD0, 0xD1, UB_GROUP_CYRILLIC_CP932},
};

/* A character completed by a step of the search. */
typedef struct hs_char {
    uint32_t cp;
    uint8_t bytes[4], len;
    uint8_t put_back; /* bit p: byte p was put back */
} hs_char;

typedef struct hs_state {
    float score;
    uint32_t prev;         /* last character completed (pair context) */
    uint32_t part;         /* bits of the character being read */
    uint8_t need, lo, hi;  /* continuation bytes still needed, next one's range */
    uint8_t held, held_b;  /* a byte put back, whose drop needs the next byte */
    hs_char open;          /* the character being read, so far */
    uint32_t hist;         /* its last completed character in the history + 1 */
    uint8_t nnew;          /* characters completed by this step */
    hs_char fresh[4];
} hs_state;

/* A completed character in the history: a chain back to the run's start. */
typedef struct hs_node {
    hs_char ch;
    uint32_t parent; /* + 1; 0: none */
} hs_node;

typedef struct hs_search {
    ub_engine *e;
    const struct hs_reading *rd; /* the reading tried (readings[]) */
    int lang;              /* its language model */
    uint8_t droppable[256]; /* the decoder drops this byte before some byte */
    hs_state *cur, *next;
    size_t ncur, nnext;
    hs_node *nodes;
    size_t nnodes, cap_nodes;
} hs_search;

/* Does the decoder drop byte d when byte y (-1: the end) follows it? */
static int drops(const hs_search *q, uint8_t d, int y) {
    uint8_t b[2] = {d, (uint8_t)(y < 0 ? 0 : y)};
    uint32_t cp;
    return ub_codec_decode(q->rd->codec, UB_FAMILY_STRICT, b, y < 0 ? 1 : 2, &cp) == 0;
}

/* ... and both, d and y? glibc's SHIFT_JIS drops an unmapped pair whole
 * when d is one of its leads (81..9F, E0..EA) and y a trail byte (40..7E,
 * 80..FC): `EA A5` and `85 80` vanish, where Python's decoders, and glibc's
 * CP932, drop the lead alone and read on from y (measured with iconv -c,
 * glibc 2.36). */
static int pair_gone(const hs_search *q, uint8_t d, uint8_t y) {
    if (q->rd->codec != UB_SHIFT_JIS) return 0;
    int lead = (d >= 0x81 && d <= 0x9F) || (d >= 0xE0 && d <= 0xEA);
    int trail = (y >= 0x40 && y <= 0x7E) || (y >= 0x80 && y <= 0xFC);
    return lead && trail && drops(q, d, y);
}

static float char_bits(const hs_search *q, uint32_t prev, uint32_t cp) {
    if (cp < 0x80) return 0.0f;
    float v = ub_lm_logp(q->lang, cp);
    if (prev >= 0x80) v += ub_lm_bigram(q->lang, prev, cp);
    return v;
}

/* Feed byte b (put_back: a byte put back) to state s; 0 when UTF-8 or the
 * decoder refuses it. */
static int feed(const hs_search *q, hs_state *s, uint8_t b, int put_back) {
    int with_held = 0; /* b went with the byte put back before it */
    if (s->held) {
        with_held = put_back && pair_gone(q, s->held_b, b);
        if (!with_held && !drops(q, s->held_b, b)) return 0;
        s->held = 0;
    }
    if (put_back) {
        s->held = (uint8_t)!with_held;
        s->held_b = b;
        s->score -= HS_INSERT_BITS;
    }
    if (s->need == 0) {
        if (b < 0x80) {
            if (put_back) return 0;
            hs_char *c = &s->fresh[s->nnew++];
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
        s->open.put_back = (uint8_t)(put_back ? 1 : 0);
        return 1;
    }
    if (b < s->lo || b > s->hi) return 0;
    s->part = s->part << 6 | (b & 0x3Fu);
    s->open.put_back |= (uint8_t)(put_back ? 1u << s->open.len : 0);
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

/* Keep candidate t among q->next: the best per reading state, the best
 * HS_BEAM overall. */
static void offer(hs_search *q, const hs_state *t) {
    for (size_t i = 0; i < q->nnext; i++) {
        hs_state *o = &q->next[i];
        if (o->need == t->need && o->part == t->part && o->prev == t->prev &&
            o->held == t->held && o->held_b == t->held_b) {
            if (t->score > o->score) *o = *t;
            return;
        }
    }
    if (q->nnext < HS_BEAM) {
        q->next[q->nnext++] = *t;
        return;
    }
    size_t worst = 0;
    for (size_t i = 1; i < q->nnext; i++)
        if (q->next[i].score < q->next[worst].score) worst = i;
    if (t->score > q->next[worst].score) q->next[worst] = *t;
}

/* From s: put back up to `room` more bytes, then read the token tb[0..tn)
 * (tn 0: the run's end). */
static void expand(hs_search *q, const hs_state *s, const uint8_t *tb, int tn, int room) {
    hs_state t = *s;
    int ok = 1;
    for (int i = 0; i < tn && ok; i++) ok = feed(q, &t, tb[i], 0);
    if (ok && tn == 0) ok = t.need == 0 && (!t.held || drops(q, t.held_b, -1));
    if (ok) offer(q, &t);
    if (room == 0) return;
    if (s->need == 0) {
        /* a lost lead: only before a continuation byte or another byte put back */
        for (size_t i = 0; i < q->rd->nleads; i++) {
            t = *s;
            if (feed(q, &t, q->rd->leads[i], 1)) expand(q, &t, tb, tn, room - 1);
        }
        return;
    }
    /* a lost continuation byte, then the token or a lost lead (not two
     * continuation bytes: a syllable that lost both lost its lead too, and
     * three bytes gone leave nothing to read) */
    for (unsigned b = s->lo; b <= s->hi; b++) {
        if (!q->droppable[b]) continue;
        t = *s;
        if (feed(q, &t, (uint8_t)b, 1)) expand(q, &t, tb, tn, t.need ? 0 : room - 1);
    }
}

static int push_node(hs_search *q, const hs_char *c, uint32_t parent) {
    void *p = q->nodes;
    if (ub_grow(q->e->alloc, &p, &q->cap_nodes, q->nnodes + 1, sizeof *q->nodes)) return -1;
    q->nodes = p;
    q->nodes[q->nnodes].ch = *c;
    q->nodes[q->nnodes].parent = parent;
    q->nnodes++;
    return 0;
}

/* The characters of hole char c that could stand where it stands: its
 * bytes put back varied over what the decoder drops there (before `after`,
 * the byte that follows c, -1 at the end; `before`, a byte put back right
 * before c, must still be dropped before c's first byte, -1: none;
 * after_gone: `after` was put back and went with c's last byte, a pair
 * glibc drops whole, and must still). */
static int list_alternatives(hs_search *q, const hs_char *c, int before, int after,
                             int after_gone) {
    ub_engine *e = q->e;
    int pos[2], np = 0;
    for (int p = 0; p < c->len && np < 2; p++)
        if ((c->put_back >> p) & 1u) pos[np++] = p;
    for (unsigned v0 = 0x80; v0 <= 0xFF; v0++) {
        for (unsigned v1 = 0x80; v1 <= (np > 1 ? 0xFFu : 0x80u); v1++) {
            uint8_t b[4];
            memcpy(b, c->bytes, c->len);
            b[pos[0]] = (uint8_t)v0;
            if (np > 1) b[pos[1]] = (uint8_t)v1;
            uint32_t cp = 0;
            if (ub_utf8_decode(b, c->len, &cp) != c->len || cp < 0x80) continue;
            int ok = before < 0 || drops(q, (uint8_t)before, b[0]) ||
                     ((c->put_back & 1u) && pair_gone(q, (uint8_t)before, b[0]));
            for (int p = 0; p < c->len && ok; p++) {
                if (!((c->put_back >> p) & 1u)) continue;
                int y = p + 1 < c->len ? b[p + 1] : after;
                int y_back = p + 1 < c->len && ((c->put_back >> (p + 1)) & 1u);
                /* ... or it went with the byte put back before it */
                int gone_before = p > 0 ? ((c->put_back >> (p - 1)) & 1u) && pair_gone(q, b[p - 1], b[p])
                                        : before >= 0 && pair_gone(q, (uint8_t)before, b[0]);
                ok = gone_before || drops(q, b[p], y) || (y_back && pair_gone(q, b[p], (uint8_t)y));
            }
            if (after_gone && !pair_gone(q, b[c->len - 1], (uint8_t)after)) ok = 0;
            if (!ok) continue;
            void *room = e->cand;
            if (ub_grow(e->alloc, &room, &e->cap_cand, e->ncand + 1, sizeof *e->cand)) return -1;
            e->cand = room;
            e->cand[e->ncand++] = cp;
        }
    }
    return 0;
}

/* The best reading of chars [k0, k1) of region ri as a segment; 0 when none
 * changes anything, -1 on NOMEM. */
static int read_run(hs_search *q, size_t ri, size_t k0, size_t k1) {
    ub_engine *e = q->e;
    q->ncur = 1;
    memset(&q->cur[0], 0, sizeof q->cur[0]);
    q->nnodes = 0;
    for (size_t k = k0; k <= k1; k++) {
        uint8_t tb[4];
        int tn = k < k1 ? ub_codec_encode(q->rd->codec, e->cp[k], tb) : 0;
        q->nnext = 0;
        for (size_t i = 0; i < q->ncur; i++) {
            hs_state s = q->cur[i];
            s.nnew = 0;
            expand(q, &s, tb, tn, 2);
        }
        if (q->nnext == 0) return 0;
        for (size_t i = 0; i < q->nnext; i++) {
            hs_state *s = &q->next[i];
            for (int j = 0; j < s->nnew; j++) {
                if (push_node(q, &s->fresh[j], s->hist)) return -1;
                s->hist = (uint32_t)q->nnodes;
            }
            s->nnew = 0;
        }
        hs_state *t = q->cur;
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
        const hs_char *c = &q->nodes[order[i]].ch;
        if (!c->put_back) {
            rc = ub_push_dec(e, c->cp);
            continue;
        }
        const hs_char *pc = i > 0 ? &q->nodes[order[i - 1]].ch : NULL;
        const hs_char *nc = i + 1 < n ? &q->nodes[order[i + 1]].ch : NULL;
        int before = pc && ((pc->put_back >> (pc->len - 1)) & 1u) ? pc->bytes[pc->len - 1] : -1;
        int after = nc ? nc->bytes[0] : -1;
        size_t cand0 = e->ncand;
        int after_gone = nc && (nc->put_back & 1u) && ((c->put_back >> (c->len - 1)) & 1u) &&
                         pair_gone(q, c->bytes[c->len - 1], nc->bytes[0]);
        rc = list_alternatives(q, c, before, after, after_gone);
        if (rc == 0) {
            int nbytes = 0;
            for (int p = 0; p < c->len; p++) nbytes += (c->put_back >> p) & 1u;
            guessed += (size_t)nbytes;
            rc = ub_unit_push_hole(e, cand0, UB_H_GAP, nbytes);
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

/* Is chars [k0, k1) a run worth reading: its non-ASCII characters
 * re-encode to bytes nearly all 80..BF or the script's leads (Hangul leads
 * kept as the trail of a pair or as CP932's NEC-selected leads ED, EE;
 * Cyrillic leads as ﾐ ﾑ), and some of them are half-width katakana?
 * Chinese and Japanese text, re-encoded, has kanji leads 88..9F and trails
 * 80..BF in plenty, but no half-width katakana among them, and Japanese
 * half-width katakana runs over C0..DF as much as A1..BF. */
static int looks_read(const hs_search *q, size_t k0, size_t k1) {
    size_t nonascii = 0, bytes = 0, cont = 0, kana = 0;
    for (size_t k = k0; k < k1; k++) {
        if (q->e->cp[k] < 0x80) continue;
        uint8_t b[4];
        int n = ub_codec_encode(q->rd->codec, q->e->cp[k], b);
        nonascii++;
        kana += n == 1 && b[0] >= 0xA1 && b[0] <= 0xDF;
        for (int i = 0; i < n; i++) {
            bytes++;
            cont += (b[i] >= 0x80 && b[i] <= 0xBF) ||
                    (b[i] >= q->rd->lead_lo && b[i] <= q->rd->lead_hi);
        }
    }
    return nonascii >= HS_MIN_NONASCII && (double)cont >= HS_MIN_CONT_SHARE * (double)bytes &&
           kana >= HS_MIN_KANA && (double)kana >= HS_MIN_KANA_SHARE * (double)nonascii;
}

static void find_droppable(hs_search *q) {
    for (int d = 0; d < 256; d++) {
        q->droppable[d] = 0;
        for (int y = 0; y < 256 && !q->droppable[d] && d >= 0x80; y++)
            q->droppable[d] = (uint8_t)drops(q, (uint8_t)d, y);
    }
}

static int halfwidth_kana(uint32_t c) { return c >= 0xFF61 && c <= 0xFF9F; }

static int read_all(hs_search *q) {
    ub_engine *e = q->e;
    int found = 0;
    for (size_t ri = 0; ri < e->nreg; ri++) {
        const ub_region *r = &e->reg[ri];
        /* no half-width katakana: no run of the region is worth reading */
        size_t kana = r->c0;
        while (kana < r->c1 && !halfwidth_kana(e->cp[kana])) kana++;
        if (kana == r->c1) continue;
        /* runs of characters the codec encodes (U+FFFD and '?' are marks
         * of other damage: they end runs) */
        for (size_t k = r->c0; k < r->c1;) {
            uint8_t b[4];
            while (k < r->c1 && (e->cp[k] == '?' || !ub_codec_encode(q->rd->codec, e->cp[k], b))) k++;
            size_t k0 = k;
            while (k < r->c1 && e->cp[k] != '?' && ub_codec_encode(q->rd->codec, e->cp[k], b)) k++;
            if (k == k0 || !looks_read(q, k0, k)) continue;
            if (!found) find_droppable(q);
            found = 1;
            if (read_run(q, ri, k0, k)) return -1;
        }
    }
    return 0;
}

/* Does the window's text hold a half-width katakana U+FF61..U+FF9F (EF BD
 * A1..BF, EF BE 80..9F), the mark of every run worth reading? */
int ub_window_has_halfwidth_kana(const ub_engine *e) {
    const uint8_t *p = e->chunk, *end = e->chunk + e->chunk_len;
    while (p + 2 < end && (p = memchr(p, 0xEF, (size_t)(end - p - 2))) != NULL) {
        if ((p[1] == 0xBD && p[2] >= 0xA1 && p[2] <= 0xBF) || (p[1] == 0xBE && p[2] <= 0x9F))
            return 1;
        p++;
    }
    return 0;
}

int ub_sjis_back(ub_engine *e) {
    if (!ub_window_has_halfwidth_kana(e)) return 0;
    hs_search q;
    memset(&q, 0, sizeof q);
    q.e = e;
    q.cur = ub_malloc(e->alloc, 2 * HS_BEAM * sizeof *q.cur);
    if (!q.cur) return -1;
    q.next = q.cur + HS_BEAM;
    hs_state *beams = q.cur;
    int rc = 0;
    for (size_t i = 0; i < sizeof readings / sizeof readings[0] && rc == 0; i++) {
        q.rd = &readings[i];
        q.lang = ub_lm_lang_find(q.rd->lang);
        if (q.lang < 0 || !((e->codec_mask >> q.rd->codec) & 1u)) continue;
        rc = read_all(&q);
    }
    ub_free(e->alloc, beams, 2 * HS_BEAM * sizeof *beams);
    ub_free(e->alloc, q.nodes, q.cap_nodes * sizeof *q.nodes);
    return rc;
}
