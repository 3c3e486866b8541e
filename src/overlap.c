/*
 * Overlapping readings (DESIGN.md section 3.6): after decide.c has accepted
 * or refused every segment of a window, several accepted segments of
 * different codecs may cover the same characters. The best backed (gain
 * plus the document's evidence for its codec) stands, unless a sibling
 * code page covers its codec's readings (prefer_covering); a character
 * belongs to at most one repair.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static int by_backed_gain(const void *a, const void *b) {
    const ub_seg *x = a, *y = b;
    if (x->backed != y->backed) return x->backed > y->backed ? -1 : 1;
    if (x->codec != y->codec) return x->codec < y->codec ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

static int by_start(const void *a, const void *b) {
    const ub_seg *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* One decoder garbled the document. Sibling code pages read most of it
 * alike (Hebrew read as windows-1252 is the same text under windows-1254),
 * and only their undefined bytes differ: the lines showing `ž` (9E) were
 * read by windows-1252, which decodes it, and a line there whose 9E is
 * missing was no windows-1254 text. So where every character that codec
 * B's accepted segments cover is covered by codec A's too, and A covers
 * characters B does not (in a segment of two or more), B's readings lose to
 * A's wherever the two overlap, whatever their gains. Of the accepted
 * segments segs[0..nacc), sorted by start here; e->taken is scratch. */
#define UB_COVERED_BITS 1000.0f

static void prefer_covering(ub_engine *e, size_t nacc) {
    ub_seg *segs = e->segs;
    uint32_t present = 0;
    for (size_t i = 0; i < nacc; i++)
        if (!ub_codec_is_multibyte((ub_codec_id)segs[i].codec)) present |= 1u << segs[i].codec;
    if (!(present & (present - 1))) return; /* one codec */
    qsort(segs, nacc, sizeof *segs, by_start);
    for (size_t i = 0; i < nacc; i++) segs[i].rivals = 0;
    /* sorted by start: a segment overlaps those after it that start
     * before it ends */
    for (size_t i = 0; i < nacc; i++)
        for (size_t j = i + 1; j < nacc && segs[j].start < segs[i].end; j++) {
            if (segs[j].codec == segs[i].codec) continue;
            segs[i].rivals |= 1u << segs[j].codec;
            segs[j].rivals |= 1u << segs[i].codec;
        }
    /* beyond[c]: bit m, codec c covers a character codec m does not;
     * stands[c]: ... in a segment of two non-ASCII characters or more */
    uint32_t beyond[UB_CODEC_COUNT] = {0}, stands[UB_CODEC_COUNT] = {0};
    for (int m = 0; m < UB_CODEC_COUNT; m++) {
        if (!((present >> m) & 1u)) continue;
        for (size_t i = 0; i < nacc; i++)
            if (segs[i].codec == m) memset(e->taken + segs[i].start, 1, segs[i].end - segs[i].start);
        for (size_t i = 0; i < nacc; i++) {
            const ub_seg *s = &segs[i];
            if (s->codec == m || !((present >> s->codec) & 1u)) continue;
            /* overlapping no segment of m, it covers nothing m does */
            uint32_t k = (s->rivals >> m) & 1u ? s->start : s->end - 1;
            while (k < s->end && e->taken[k]) k++;
            if (k == s->end) continue;
            beyond[s->codec] |= 1u << m;
            if (s->orig_nonascii >= 2) stands[s->codec] |= 1u << m;
        }
        for (size_t i = 0; i < nacc; i++)
            if (segs[i].codec == m) memset(e->taken + segs[i].start, 0, segs[i].end - segs[i].start);
    }
    uint32_t covered_by[UB_CODEC_COUNT] = {0};
    for (int b = 0; b < UB_CODEC_COUNT; b++)
        for (int a = 0; a < UB_CODEC_COUNT && ((present >> b) & 1u); a++)
            if (a != b && ((present >> a) & 1u) && !((beyond[b] >> a) & 1u) &&
                ((stands[a] >> b) & 1u))
                covered_by[b] |= 1u << a;
    for (size_t i = 0; i < nacc; i++)
        if (((present >> segs[i].codec) & 1u) && (covered_by[segs[i].codec] & segs[i].rivals))
            segs[i].backed -= UB_COVERED_BITS;
}

int ub_decide_overlaps(ub_engine *e) {
    /* Overlaps: best gain first, with the document's evidence for each
     * codec (a word read the other way round in a list of KOI8-R read as
     * windows-1251 is that too); a char belongs to at most one repair. */
    /* only the accepted compete (clean CJK text leaves tens of thousands
     * of refused segments per window: no need to sort them) */
    size_t nacc = 0;
    for (size_t i = 0; i < e->nsegs; i++)
        if (e->segs[i].accepted) e->segs[nacc++] = e->segs[i];
    memset(e->taken, 0, e->n + 1);
    if (nacc > 1) prefer_covering(e, nacc);
    if (nacc) qsort(e->segs, nacc, sizeof *e->segs, by_backed_gain);
    size_t kept = 0;
    for (size_t i = 0; i < nacc; i++) {
        ub_seg *s = &e->segs[i];
        int clash = 0;
        for (uint32_t k = s->start; k < s->end && !clash; k++) clash = e->taken[k];
        if (clash) continue;
        memset(e->taken + s->start, 1, s->end - s->start);
        e->segs[kept++] = *s;
    }
    e->nsegs = kept;
    if (e->nsegs) qsort(e->segs, e->nsegs, sizeof *e->segs, by_start);
    return 0;
}
