/*
 * A double-byte decoder run backwards over a run of text (back.c): the
 * search shared by the readings of sjis_back.c (bytes dropped without a
 * trace) and marks_back.c (bytes replaced by U+FFFD).
 */
#ifndef UNBAKE_BACK_H
#define UNBAKE_BACK_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"

/* A reading: text of one script read as one codec. leads: the UTF-8 leads
 * a character of the script (or a punctuation mark) may have lost; a run
 * worth reading re-encodes to continuation bytes 80..BF and the script's
 * leads [lead_lo, lead_hi] nearly all. */
typedef struct ub_back_reading {
    ub_codec_id codec;
    const char *lang;
    const uint8_t *leads;
    size_t nleads;
    uint8_t lead_lo, lead_hi;
    uint8_t group;
    /* 0: the decoder dropped what it rejected (errors ignored); 1: it wrote
     * U+FFFD for it (errors replaced) and dropped nothing */
    uint8_t marks;
    /* 1: the search keeps the best few successors of each state, an
     * unfinished character counting as the best it can become (the
     * readings of marks_back.c); 0: all of them (sjis_back.c) */
    uint8_t pruned;
} ub_back_reading;

struct ub_engine;
typedef struct ub_back_search ub_back_search;

/* A search for the readings of one engine's window; NULL on NOMEM. */
ub_back_search *ub_back_new(struct ub_engine *e);
void ub_back_free(ub_back_search *q);
/* Can reading rd be used in engine e's window (its codec in use, a model
 * for its language)? */
int ub_back_usable(const struct ub_engine *e, const ub_back_reading *rd);
/* Use reading rd from now on; 0 when its language has no model or the
 * codec is not in use (then nothing is read). */
int ub_back_use(ub_back_search *q, const ub_back_reading *rd);
struct ub_region;
/* The next run of region r at or after *k worth a search under rd: up to
 * a line break, a '?' or a character rd's codec does not encode (U+FFFD
 * belongs to marks readings, and so does '?' in a region whose '?' may be
 * marks saved back, r->qmark), a few thousand characters at most; [*k0,
 * *k), 0 when none is left. */
int ub_back_next_run(const struct ub_engine *e, const ub_back_reading *rd, const struct ub_region *r,
                     size_t *k, size_t *k0);
/* Read chars [k0, k1) of region ri: the best reading becomes a segment
 * (ub_push_seg) when it changes anything, or a segment per piece where the
 * search found no reading past some token; -1 on NOMEM. Under marks, a '?'
 * of a region with r->qmark is read both ways, a mark or itself. */
int ub_back_read_run(ub_back_search *q, size_t ri, size_t k0, size_t k1);

#endif /* UNBAKE_BACK_H */
