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
 *     them), or a pair glibc's SHIFT_JIS or EUC-KR drops whole (pair_gone:
 *     glibc's EUC-KR takes an ASCII byte along, which is put back too);
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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "back_search.h"
#include "lm.h"
#include "unit.h"
#include "utf8.h"

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
    if (!q->rd->pruned || s->need == 0) return 0.0f;
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
static int feed(ub_back_search *q, bk_state *s, uint8_t b, int role) {
    int with_held = 0; /* b went with the byte put back before it */
    if (s->held) {
        if (s->held_role == BK_M1) {
            if (!ub_back_mark_one(q, s->held_b, b)) return 0;
        } else {
            with_held = role == BK_DROP && ub_back_pair_gone(q, s->held_b, b);
            if (!with_held && !ub_back_drops(q, s->held_b, b)) return 0;
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
            /* ASCII is put back only where it went with the byte before
             * it (glibc's EUC-KR: `A4 2E`, `다.`'s last byte and the stop) */
            if (role != BK_KNOWN && !with_held) return 0;
            /* the character before ends a run of its script (see read_span) */
            if (s->prev >= 0x80) s->score += ub_lm_edge(q->lang, s->prev, 1);
            bk_char *c = &s->fresh[s->nnew++];
            memset(c, 0, sizeof *c);
            c->cp = b;
            c->bytes[0] = b;
            c->len = 1;
            c->put_back = (uint8_t)(role != BK_KNOWN);
            c->role[0] = (uint8_t)role;
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
 * BK_BEAM overall; under marks, the best BK_CLASS_BEAM of each class of states
 * by the continuation bytes they still need: the bound of an unfinished
 * character is the best it can become, and finished ones would never
 * stand against it. */
static int state_class(const ub_back_search *q, const bk_state *t) {
    return q->rd->pruned ? (t->need < BK_CLASSES ? t->need : BK_CLASSES - 1) : 0;
}

static void offer(ub_back_search *q, const bk_state *t) {
    int cls = state_class(q, t);
    size_t in_class = 0, worst = SIZE_MAX;
    for (size_t i = 0; i < q->nnext; i++) {
        bk_state *o = &q->next[i];
        if (o->need == t->need && o->part == t->part && o->prev == t->prev &&
            o->held == t->held && o->held_b == t->held_b && o->held_role == t->held_role) {
            if (rank(t) > rank(o)) *o = *t;
            return;
        }
        if (state_class(q, o) != cls) continue;
        in_class++;
        if (worst == SIZE_MAX || rank(o) < rank(&q->next[worst])) worst = i;
    }
    if (in_class < (q->rd->pruned ? BK_CLASS_BEAM : BK_BEAM)) {
        q->next[q->nnext++] = *t;
        return;
    }
    if (rank(t) > rank(&q->next[worst])) q->next[worst] = *t;
}

/* Keep t among top[0..*ntop), the best BK_MARK_KEEP by rank, best first. */
static void keep_best(bk_state *top, size_t *ntop, const bk_state *t) {
    size_t i;
    if (*ntop < BK_MARK_KEEP) {
        i = (*ntop)++;
    } else {
        if (rank(t) <= rank(&top[BK_MARK_KEEP - 1])) return;
        i = BK_MARK_KEEP - 1;
    }
    while (i > 0 && rank(&top[i - 1]) < rank(t)) {
        top[i] = top[i - 1];
        i--;
    }
    top[i] = *t;
}

/* The best successors of one state, by class (pruned readings): a state
 * with bytes put back has hundreds, nearly all of them hopeless. */
typedef struct bk_keep {
    bk_state top[BK_CLASSES][BK_MARK_KEEP];
    size_t n[BK_CLASSES];
} bk_keep;

static void emit(ub_back_search *q, bk_keep *keep, const bk_state *t) {
    if (!keep) {
        offer(q, t);
        return;
    }
    int c = state_class(q, t);
    keep_best(keep->top[c], &keep->n[c], t);
}

static void expand_into(ub_back_search *q, const bk_state *s, const uint8_t *tb, int tn, int room,
                        bk_keep *keep) {
    bk_state t = *s;
    int ok = 1;
    for (int i = 0; i < tn && ok; i++) ok = feed(q, &t, tb[i], BK_KNOWN);
    if (ok && tn == 0)
        ok = t.need == 0 && (!t.held || (t.held_role == BK_M1 ? ub_back_mark_one(q, t.held_b, -1)
                                                              : ub_back_drops(q, t.held_b, -1)));
    if (ok) {
        t.bound = bound_of(q, &t);
        emit(q, keep, &t);
    }
    if (room == 0) return;
    if (s->need == 0 && s->held && s->held_role == BK_DROP) {
        /* an ASCII byte a lead-range byte took with it (pair_gone): the
         * stop of a sentence before a space or the run's end, else a space */
        uint8_t x = tn == 0 || tb[0] == ' ' || tb[0] == '\t' ? '.' : ' ';
        t = *s;
        if (feed(q, &t, x, BK_DROP)) expand_into(q, &t, tb, tn, room - 1, keep);
    }
    if (s->need == 0) {
        /* a lost lead: only before a continuation byte or another byte put back */
        for (size_t i = 0; i < q->rd->nleads; i++) {
            t = *s;
            if (feed(q, &t, q->rd->leads[i], BK_DROP)) expand_into(q, &t, tb, tn, room - 1, keep);
        }
        return;
    }
    /* a lost continuation byte, then the token, another one or a lost
     * lead: a syllable whose lead went into the pair before it may lose
     * both of its continuation bytes (`으로` EC 9C BC EB A1 9C is `쇰` in
     * EUC-KR: BC EB paired, A1 9C dropped by Python's decoder one by one,
     * by glibc's as a pair) */
    for (unsigned b = s->lo; b <= s->hi; b++) {
        if (!q->droppable[b]) continue;
        t = *s;
        if (feed(q, &t, (uint8_t)b, BK_DROP)) expand_into(q, &t, tb, tn, room - 1, keep);
    }
}

/* From s at the run's end or before a space (the token tb[0..tn)): a
 * character lost whole with the stop after it (ub_back_tails). */
static void expand_tail(ub_back_search *q, const bk_state *s, const uint8_t *tb, int tn) {
    if (s->need || s->held) return;
    size_t n = ub_back_tails(q);
    for (size_t i = 0; i < n; i++) {
        uint8_t b[4];
        int len = ub_utf8_encode(q->tails[i], b);
        bk_state t = *s;
        int ok = 1;
        for (int j = 0; j < len && ok; j++) ok = feed(q, &t, b[j], BK_DROP);
        if (ok) ok = feed(q, &t, '.', BK_DROP);
        for (int j = 0; j < tn && ok; j++) ok = feed(q, &t, tb[j], BK_KNOWN);
        if (ok && t.need == 0 && !t.held) {
            t.bound = bound_of(q, &t);
            offer(q, &t);
        }
    }
}

/* From s: put back up to `room` more bytes, then read the token tb[0..tn)
 * (tn 0: the run's end). */
static void expand(ub_back_search *q, const bk_state *s, const uint8_t *tb, int tn, int room) {
    if (!q->rd->pruned || room == 0) {
        expand_into(q, s, tb, tn, room, NULL);
        return;
    }
    bk_keep keep;
    for (int c = 0; c < BK_CLASSES; c++) keep.n[c] = 0;
    expand_into(q, s, tb, tn, room, &keep);
    for (int c = 0; c < BK_CLASSES; c++)
        for (size_t i = 0; i < keep.n[c]; i++) offer(q, &keep.top[c][i]);
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

/* The marks of two bytes that start a three-byte character, a lead of the
 * reading's and a continuation byte (lead << 8 | byte), best bound first;
 * once per reading. */
static const uint16_t *lead_pairs(ub_back_search *q) {
    if (q->pairs_known) return q->pairs;
    bk_ranked r[sizeof q->pairs / sizeof q->pairs[0]];
    size_t n = 0;
    for (size_t i = 0; i < q->rd->nleads; i++) {
        uint8_t lead = q->rd->leads[i];
        bk_state s;
        memset(&s, 0, sizeof s);
        if (!feed(q, &s, lead, BK_KNOWN)) continue;
        for (unsigned b = s.lo; b <= s.hi && n < sizeof r / sizeof r[0]; b++) {
            if (!ub_back_mark_two(q, lead, (int)b)) continue;
            bk_state t = s;
            if (!feed(q, &t, (uint8_t)b, BK_KNOWN)) continue;
            r[n].logp = bound_of(q, &t);
            r[n].cp = (uint32_t)lead << 8 | b;
            n++;
        }
    }
    qsort(r, n, sizeof r[0], ub_back_by_rank);
    for (size_t i = 0; i < n; i++) q->pairs[i] = (uint16_t)r[i].cp;
    q->npairs = n;
    q->pairs_known = 1;
    return q->pairs;
}

/* From s: read a U+FFFD, one byte or two (see the head comment). The best
 * of each kept apart: an unfinished character counts as the best it can
 * still become, which would crowd out every finished one. next: the first
 * byte of the token after the mark, -1 at the run's end, -2 when it is a
 * mark too: a mark of one byte must be one the decoder rejects before it
 * (`�･` A0 A5 in Shift_JIS: 8B A5 would have been a kanji), else the few
 * kept would all die there. */
static void expand_mark(ub_back_search *q, const bk_state *s, int next) {
    bk_state top[2][BK_MARK_KEEP];
    size_t ntop[2] = {0, 0};
    uint8_t b1s[64], b2s[64];
    size_t n1 = next_bytes(q, s, b1s);
    for (size_t i = 0; i < n1; i++) {
        bk_state t = *s;
        if (next != -2 && !ub_back_mark_one(q, b1s[i], next)) continue;
        if (feed(q, &t, b1s[i], BK_M1)) {
            t.bound = bound_of(q, &t);
            keep_best(top[0], &ntop[0], &t);
        }
    }
    if (s->need == 2 && ub_utf8_seq_len(s->open.bytes[0]) == 3) {
        /* both continuation bytes of a three-byte character: among the
         * thousands of pairs, those of its most frequent characters */
        const uint16_t *fills = ub_back_two_fills(q, s);
        for (size_t i = 0; i < BK_FILLS && fills[i]; i++) {
            bk_state t = *s;
            if (feed(q, &t, (uint8_t)(fills[i] >> 8), BK_M2A) &&
                feed(q, &t, (uint8_t)fills[i], BK_M2B))
                keep_best(top[1], &ntop[1], &t);
        }
    } else if (s->need == 0 && q->three_byte_leads) {
        /* a lead and the continuation byte after it, by what the
         * character can still become (the same order for every state) */
        const uint16_t *pairs = lead_pairs(q);
        for (size_t i = 0; i < q->npairs && ntop[1] < BK_MARK_KEEP; i++) {
            bk_state t = *s;
            if (feed(q, &t, (uint8_t)(pairs[i] >> 8), BK_M2A) &&
                feed(q, &t, (uint8_t)pairs[i], BK_M2B)) {
                t.bound = bound_of(q, &t);
                keep_best(top[1], &ntop[1], &t);
            }
        }
    } else if (s->need == 1) {
        /* the last byte of a character, then a lead: the best characters
         * first, then the leads that may follow them */
        bk_state done[BK_MARK_KEEP];
        size_t ndone = 0;
        for (size_t i = 0; i < n1; i++) {
            if (!q->lead[b1s[i]]) continue;
            bk_state u = *s;
            if (feed(q, &u, b1s[i], BK_M2A)) keep_best(done, &ndone, &u);
        }
        for (size_t i = 0; i < ndone; i++) {
            uint8_t b1 = done[i].fresh[done[i].nnew - 1].bytes[done[i].fresh[done[i].nnew - 1].len - 1];
            size_t n2 = next_bytes(q, &done[i], b2s);
            for (size_t j = 0; j < n2; j++) {
                if (!ub_back_mark_two(q, b1, b2s[j])) continue;
                bk_state t = done[i];
                if (!feed(q, &t, b2s[j], BK_M2B)) continue;
                t.bound = bound_of(q, &t);
                keep_best(top[1], &ntop[1], &t);
            }
        }
    } else {
        for (size_t i = 0; i < n1; i++) {
            if (!q->lead[b1s[i]]) continue;
            bk_state u = *s;
            if (!feed(q, &u, b1s[i], BK_M2A)) continue;
            size_t n2 = next_bytes(q, &u, b2s);
            for (size_t j = 0; j < n2; j++) {
                if (!ub_back_mark_two(q, b1s[i], b2s[j])) continue;
                bk_state t = u;
                if (!feed(q, &t, b2s[j], BK_M2B)) continue;
                t.bound = bound_of(q, &t);
                keep_best(top[1], &ntop[1], &t);
            }
        }
    }
    for (int o = 0; o < 2; o++)
        for (size_t i = 0; i < ntop[o]; i++) offer(q, &top[o][i]);
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

/* Read chars [k0, k1) of region ri as one segment (ub_back_read_run);
 * *died: where no reading went on, k1 + 1 when one reached the end. */
static int read_span(ub_back_search *q, size_t ri, size_t k0, size_t k1, size_t *died) {
    ub_engine *e = q->e;
    *died = k1 + 1;
    q->ncur = 1;
    memset(&q->cur[0], 0, sizeof q->cur[0]);
    q->nnodes = 0;
    int qmarks = q->rd->marks && e->reg[ri].qmark, saved_back = 0;
    for (size_t k = k0; k <= k1; k++) {
        uint8_t tb[4];
        int qm = qmarks && k < k1 && e->cp[k] == '?';
        /* ... a question only where one ends: before a space or the end,
         * after a character other than '?' */
        int question = qm && k > k0 && e->cp[k - 1] != '?' &&
                       (k + 1 == k1 || e->cp[k + 1] == ' ' || e->cp[k + 1] == '\n');
        int mark = k < k1 && (e->cp[k] == 0xFFFD || qm);
        int tn = k < k1 && !mark ? ub_codec_encode(q->rd->codec, e->cp[k], tb) : 0;
        int next = -1; /* see expand_mark */
        if (mark && k + 1 < k1) {
            uint32_t c = e->cp[k + 1];
            uint8_t nb[4];
            next = c == 0xFFFD || (qmarks && c == '?') || !ub_codec_encode(q->rd->codec, c, nb) ? -2 : nb[0];
        }
        saved_back |= qm;
        q->nnext = 0;
        for (size_t i = 0; i < q->ncur; i++) {
            bk_state s = q->cur[i];
            s.nnew = 0;
            if (mark) expand_mark(q, &s, next);
            if (question) expand(q, &s, (const uint8_t *)"?", 1, 0);
            else if (!mark) expand(q, &s, tb, tn, q->rd->marks ? 0 : 2);
            if (!q->rd->marks && (tn == 0 || (tn == 1 && tb[0] == ' ')))
                expand_tail(q, &s, tb, tn);
        }
        if (q->nnext == 0) {
            *died = k;
            return 0;
        }
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
    /* a run's last character ends a run of its script: the language says
     * how often it does (ko.edges: 다 often, 니 hardly ever, ahead of 다) */
    size_t best = 0;
    float best_score = -INFINITY;
    for (size_t i = 0; i < q->ncur; i++) {
        float v = q->cur[i].score + ub_lm_edge(q->lang, q->cur[i].prev, 1);
        if (v > best_score) best_score = v, best = i;
    }
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
        if (c->cp < 0x80) {
            /* an ASCII byte a pair took along (pair_gone): a hole of its
             * one candidate, so that --explain shows the guess */
            size_t cand0 = e->ncand;
            guessed++;
            rc = ub_back_list_one(q, c->cp);
            if (rc == 0) rc = ub_unit_push_hole(e, cand0, UB_H_GAP, 1);
            if (rc == 0) e->holes[e->nholes - 1].unit = (uint16_t)(i < 0xFFFF ? i : 0xFFFF);
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
        rc = ub_back_list(q, c, before, before_role, after, after_role);
        if (rc == 0) {
            int nbytes = 0, marked = 0;
            for (int p = 0; p < c->len; p++) {
                nbytes += (c->put_back >> p) & 1u;
                marked |= c->role[p] == BK_M1 || c->role[p] == BK_M2A || c->role[p] == BK_M2B;
            }
            guessed += (size_t)nbytes;
            rc = ub_unit_push_hole(e, cand0, !marked ? UB_H_GAP : saved_back ? UB_H_QMARK : UB_H_REPLACED,
                                   nbytes);
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
    /* the holes are chosen, and the segment scored, by decide.c with the
     * window's language prior: every segment of a reading holds a hole */
    return ub_push_seg(e, &s);
}

/* Characters of [a, b) in place, neither marks nor ASCII. */
static size_t in_place(const ub_engine *e, size_t a, size_t b) {
    size_t n = 0;
    for (size_t k = a; k < b; k++) n += e->cp[k] >= 0x80 && e->cp[k] != 0xFFFD;
    return n;
}

/* Where the search finds no reading (a byte the decoder's rules as modelled
 * cannot explain, a beam that lost the right state), the run is not lost
 * whole: what comes before is read up to its last space or stop, and the
 * search starts again from there (then from the token it died at). A piece
 * needs characters in place of its own (BK_PIECE_MIN_CHARS): the run was
 * judged worth reading as a whole (`??` in clean Spanish is no piece of
 * one). */
int ub_back_read_run(ub_back_search *q, size_t ri, size_t k0, size_t k1) {
    const ub_engine *e = q->e;
    if (!q->bytes_known) ub_back_find_bytes(q);
    q->bytes_known = 1;
    size_t a = k0, died;
    size_t left = 0; /* in_place(e, a, k1), kept as a moves on */
    while (a < k1) {
        if (a > k0 && left < BK_PIECE_MIN_CHARS) return 0;
        if (read_span(q, ri, a, k1, &died)) return -1;
        if (died > k1) return 0;
        if (a == k0) left = in_place(e, k0, k1);
        size_t cut = died;
        while (cut > a + 1 && e->cp[cut - 1] != ' ' && e->cp[cut - 1] != '.' && e->cp[cut - 1] != ',')
            cut--;
        if (cut == a + 1) cut = died;
        size_t piece = cut > a ? in_place(e, a, cut) : 0;
        if (piece >= BK_PIECE_MIN_CHARS && read_span(q, ri, a, cut, &died)) return -1;
        size_t next = cut > a ? cut : a + 1;
        left -= cut > a ? piece : in_place(e, a, next);
        a = next;
    }
    return 0;
}
