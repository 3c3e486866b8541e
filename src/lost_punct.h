/*
 * Typographic context for the lost-byte search (lost.c): the bonus, in
 * bits, that punctuation candidates get from their surroundings (quote and
 * bracket pairing, spacing, line ends), and the pairing of full-width
 * parentheses once a segment's holes are chosen. Implemented in
 * lost_punct.c.
 */
#ifndef UB_LOST_PUNCT_H
#define UB_LOST_PUNCT_H

#include <stdint.h>

#include "engine.h"

/* What the text before a hole left open, and the next quotation mark and
 * full-width parenthesis after it. */
typedef struct ub_punct_state {
    int open_double, open_single; /* “ ‘ seen and not closed */
    int open_corner, open_paren;  /* 「 （ seen and not closed */
    uint32_t quote_ahead, paren_ahead;
} ub_punct_state;

/* Shared by the searches: ASCII or no-break space, a line end or the text's
 * edge (0); a letter of any script. */
static inline int ub_lost_space(uint32_t c) {
    return c == ' ' || c == '\t' || c == 0xA0 || c == '\n' || c == 0;
}
int ub_lost_letter(uint32_t c);

/* Carry the state over one character of text, in text order. */
void ub_punct_see(ub_punct_state *st, uint32_t c);
/* Look from segment dec index idx for the next quote and parenthesis. */
void ub_punct_look_ahead(ub_punct_state *st, const ub_engine *e, const ub_seg *s, long idx);
/* Bits for candidate c between prev and next; span_end: the hole ends a
 * garbled span (unit_edges.c, ub_unit_cut_at_span_end). */
float ub_punct_bits(const ub_punct_state *st, uint32_t c, uint32_t prev, uint32_t next,
                    int span_end);
/* After the holes of a segment are chosen: two lost full-width parentheses
 * in a line read as a pair where that scores close enough. */
void ub_pair_parens(ub_engine *e, const ub_seg *s);

#endif
