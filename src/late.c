/*
 * Readings tried late (issue #5: clean accented and Cyrillic text).
 *
 * A region that is not sure of a codec (regions.c, ub_region_codecs: no
 * unit of it can rest on bytes that are there) yields under that codec
 * only segments resting on blind guesses, and decide.c works such
 * segments out only for a codec the document vouches for: evidence carried
 * from earlier windows, or strong repairs in this one. Where the carried
 * evidence does not vouch for the codec, the search over such a region
 * (ub_hyp_region, a unit tried at nearly every accented letter) is put off
 * here; once the window's strong repairs are counted, it is run for the
 * codecs they vouch for, and never for the others, whose deferred
 * segments would have been refused unread. In clean French it is most of
 * the search.
 *
 * The same holds of a line: a segment ends at a line break, so a line of
 * a region that is sure of the codec elsewhere (one `а»` makes a Russian
 * paragraph sure of windows-1251) but not on that line (ub_line_sure)
 * makes only segments resting on blind guesses, and its search is put
 * off alone (ub_hyp_span). In clean Russian that is most lines under four
 * of the five Cyrillic code pages.
 *
 * Only single-byte code pages are put off: there a unit rests on a blind
 * guess unless its second byte is there (the region is sure of the codec),
 * a mark stands for a lost byte (the region is then sure of every codec),
 * or its lead may start signature punctuation whose bytes were lost (E2,
 * E3, EF: ub_region.signature). The double-byte decoders lose leads and
 * pairs in more ways (unit.c), which the region's masks do not follow.
 * (Checked: with every search put off run late whatever the evidence, no
 * segment made late rests on anything but blind guesses, and the segments
 * are those of a search that puts nothing off, in the same order, over
 * the development, browser and glibc sets and the bench inputs.)
 *
 * Putting it off must change nothing, so:
 *   - the regions and lines put off hold none of the quotation marks the
 *     search reads in the text (“ ” ‘ 「 」): it carries their state from
 *     region to region and segment to segment (hypothesis.c,
 *     close_segment), and a span without one leaves that state as it found
 *     it (its deferred segments hold no decoded character but ASCII and
 *     holes); the state a span found, and where the search had read the
 *     text up to (qpos), are kept with it for the late search;
 *   - the search carries nothing else from line to line: no unit spans a
 *     line break, and a line's first character follows one;
 *   - the segments made late are put where the search in order would have
 *     made them (by region, then codec, then legacy and window-wide
 *     readings: ub_seg.phase, then place), as decide.c and overlap.c read
 *     them in order.
 */
#include <string.h>

#include "engine.h"

static int put_off(ub_engine *e, const ub_region *r, ub_codec_id c, size_t k0, size_t k1,
                   size_t qpos) {
    void *p = e->late;
    if (ub_grow(e->alloc, &p, &e->cap_late, e->nlate + 1, sizeof *e->late)) return -1;
    e->late = p;
    ub_late *l = &e->late[e->nlate++];
    l->region = (uint32_t)(r - e->reg);
    l->k0 = (uint32_t)k0;
    l->k1 = (uint32_t)k1;
    l->qpos = (uint32_t)qpos;
    l->codec = (uint8_t)c;
    l->quotes = e->quotes[c];
    e->late_codecs |= 1u << c;
    e->late_put_offs++;
    return 1;
}

int ub_late_may_put_off(const ub_engine *e, ub_codec_id c) {
    return e->layer == 0 && !e->try_every_region && !ub_codec_is_multibyte(c) &&
           e->evidence[c] < UB_WEAK_MIN_EVIDENCE;
}

int ub_late_put_off(ub_engine *e, size_t r, ub_codec_id c) {
    const ub_region *g = &e->reg[r];
    if (!ub_late_may_put_off(e, c) || (((g->sure | g->signature) >> c) & 1u) || g->quote_chars)
        return 0;
    return put_off(e, g, c, 0, g->c1 - g->c0, g->c0);
}

int ub_late_put_off_line(ub_engine *e, const ub_region *r, ub_codec_id c, size_t k0,
                         size_t kmax, size_t qpos, size_t *end) {
    /* (the caller, hypothesis.c ub_hyp_span, has asked ub_late_may_put_off) */
    uint32_t line_end;
    if (ub_line_sure(e, r, (uint32_t)(r->c0 + k0), (uint32_t)(r->c0 + kmax), c, &line_end))
        return 0;
    *end = line_end - r->c0;
    if (*end == k0) return 0; /* an empty line */
    e->late_lines++;
    return put_off(e, r, c, k0, *end, qpos);
}

int ub_late_search(ub_engine *e, uint32_t codecs) {
    ub_quote_state saved[UB_CODEC_COUNT];
    memcpy(saved, e->quotes, sizeof saved);
    uint8_t phase = e->seg_phase;
    int rc = 0;
    for (size_t i = 0; i < e->nlate && rc == 0; i++) {
        const ub_late *l = &e->late[i];
        if (!((codecs >> l->codec) & 1u)) continue;
        e->quotes[l->codec] = l->quotes;
        e->seg_phase = l->codec;
        /* (hypothesis.c, encode_region, knows which region bytes[] holds:
         * under another single-byte code page, the line's non-ASCII
         * characters alone are encoded again) */
        rc = ub_hyp_span(e, &e->reg[l->region], (ub_codec_id)l->codec, l->k0, l->k1, l->qpos, 0);
        e->late_runs++;
    }
    memcpy(e->quotes, saved, sizeof saved);
    e->seg_phase = phase;
    return rc;
}

/* Does the search in order put segment a after b? By region, then codec
 * (legacy and window-wide readings last), then place in the text (the
 * lines of a region searched late go between those searched in order). */
static int comes_after(const ub_seg *a, const ub_seg *b) {
    uint64_t ra = a->phase == UB_PHASE_WINDOW ? UINT64_MAX : a->region;
    uint64_t rb = b->phase == UB_PHASE_WINDOW ? UINT64_MAX : b->region;
    if (ra != rb) return ra > rb;
    if (a->phase != b->phase) return a->phase > b->phase;
    return a->start > b->start;
}

int ub_late_order(ub_engine *e, size_t n0) {
    /* segs[0, n0) are in order, and so are the late ones after them (the
     * late list is by region, then codec): merge from the end, the late
     * ones set aside first */
    size_t nl = e->nsegs - n0;
    if (nl == 0) return 0;
    void *p = e->late_segs;
    if (ub_grow(e->alloc, &p, &e->cap_late_segs, nl, sizeof *e->segs)) return -1;
    e->late_segs = p;
    memcpy(e->late_segs, e->segs + n0, nl * sizeof *e->segs);
    size_t i = n0, j = nl, out = e->nsegs;
    while (j > 0) {
        /* ties cannot happen (no two segments of one region and codec
         * start at one place); the in-order segment goes first */
        if (i > 0 && comes_after(&e->segs[i - 1], &e->late_segs[j - 1]))
            e->segs[--out] = e->segs[--i];
        else
            e->segs[--out] = e->late_segs[--j];
    }
    return 0;
}

void ub_late_free(ub_engine *e) {
    ub_free(e->alloc, e->late, e->cap_late * sizeof *e->late);
    ub_free(e->alloc, e->late_segs, e->cap_late_segs * sizeof *e->segs);
    e->late = NULL;
    e->late_segs = NULL;
    e->nlate = e->cap_late = e->cap_late_segs = 0;
}
