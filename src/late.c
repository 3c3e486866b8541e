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
 * Only single-byte code pages are put off: there a unit rests on a blind
 * guess unless its second byte is there (the region is sure of the codec),
 * a mark stands for a lost byte (the region is then sure of every codec),
 * or its lead may start signature punctuation whose bytes were lost (E2,
 * E3, EF: ub_region.signature). The double-byte decoders lose leads and
 * pairs in more ways (unit.c), which the region's masks do not follow.
 * (Checked: with every search put off run late whatever the evidence, no
 * segment made late rests on anything but blind guesses, over the
 * development, browser and glibc sets and the bench inputs.)
 *
 * Putting it off must change nothing, so:
 *   - the regions put off hold none of the quotation marks the search
 *     reads in the text (“ ” ‘ 「 」): it carries their state from region
 *     to region (hypothesis.c, close_segment), and a region without one
 *     leaves that state as it found it (its deferred segments hold no
 *     decoded character but ASCII and holes); the state a region found is
 *     kept with it for the late search;
 *   - the segments made late are put where the search in order would have
 *     made them (by region, then codec, then legacy and window-wide
 *     readings: ub_seg.phase), as decide.c and overlap.c read them in order.
 */
#include <string.h>

#include "engine.h"

int ub_late_put_off(ub_engine *e, size_t r, ub_codec_id c) {
    const ub_region *g = &e->reg[r];
    if (e->layer > 0 || e->try_every_region || ub_codec_is_multibyte(c) ||
        (((g->sure | g->signature) >> c) & 1u) || g->quote_chars ||
        e->evidence[c] >= UB_WEAK_MIN_EVIDENCE)
        return 0;
    void *p = e->late;
    if (ub_grow(e->alloc, &p, &e->cap_late, e->nlate + 1, sizeof *e->late)) return -1;
    e->late = p;
    ub_late *l = &e->late[e->nlate++];
    l->region = (uint32_t)r;
    l->codec = (uint8_t)c;
    l->quotes = e->quotes[c];
    e->late_codecs |= 1u << c;
    e->late_put_offs++;
    return 1;
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
        e->enc_region = NULL; /* bytes[] holds another region's now */
        rc = ub_hyp_region(e, &e->reg[l->region], (ub_codec_id)l->codec);
        e->late_runs++;
    }
    memcpy(e->quotes, saved, sizeof saved);
    e->seg_phase = phase;
    return rc;
}

/* Where the search in order puts a segment: window-wide readings last. */
static uint64_t order_key(const ub_seg *s) {
    uint64_t region = s->phase == UB_PHASE_WINDOW ? UINT32_MAX : s->region;
    return region << 8 | s->phase;
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
        /* ties cannot happen (a region and codec are searched once); the
         * in-order segment goes first */
        if (i > 0 && order_key(&e->segs[i - 1]) > order_key(&e->late_segs[j - 1]))
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
