/*
 * Typographic context for the lost-byte search (lost_punct.h). Most lost
 * bytes of Latin text land in U+2000..U+203F and of CJK text in the
 * ideographic and full-width punctuation, where the letter models say
 * little: a closing quote closes an open one, a dash sits between spaces,
 * an ellipsis ends a clause, 」 closes a 「, （ ） come in pairs.
 */
#include <math.h>

#include "lost_punct.h"
#include "script.h"

int ub_lost_letter(uint32_t c) {
    ub_script s = ub_script_of(c);
    return s >= UB_SC_LATIN && s <= UB_SC_HANGUL;
}

static int is_quote(uint32_t c) { return c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D; }

/* An apostrophe inside a word (`Kim’s`) closes no quotation. */
static int apostrophe(uint32_t prev, uint32_t c, uint32_t next) {
    return c == 0x2019 && ub_lost_letter(prev) && ub_lost_letter(next);
}

/* The next quotation mark after a hole, in the segment and then in the text
 * that follows it: an opening quote is confirmed by its closing partner. */
static uint32_t next_quote(const ub_engine *e, const ub_seg *s, long idx) {
    const uint32_t *d = e->dec + s->dec_off;
    for (uint32_t i = (uint32_t)idx + 1; i < s->dec_n && i < (uint32_t)idx + 200; i++) {
        uint32_t c = d[i];
        if (c == '\n') return 0;
        if (is_quote(c) && !apostrophe(d[i - 1], c, i + 1 < s->dec_n ? d[i + 1] : 0)) return c;
    }
    const ub_region *r = &e->reg[s->region];
    if (s->dec_n > (uint32_t)idx + 200) return 0;
    for (uint32_t k = s->end; k < r->c1 && k < s->end + 200; k++) {
        uint32_t c = e->cp[k];
        if (c == '\n') return 0;
        if (is_quote(c) && !apostrophe(k > 0 ? e->cp[k - 1] : 0, c, k + 1 < r->c1 ? e->cp[k + 1] : 0))
            return c;
    }
    return 0;
}

static float punct_context(uint32_t c, uint32_t prev, uint32_t next, int open_double,
                           int open_single, uint32_t ahead) {
    if ((c == 0x2018 && ahead == 0x2019) || (c == 0x201C && ahead == 0x201D)) return 5.0f;
    if ((c == 0x2018 && ahead == 0x201D) || (c == 0x201C && ahead == 0x2019)) return -1.0f;
    int next_end = ub_lost_space(next) || next == ',' || next == '.' || next == ';' ||
                   next == ':' || next == ')' || next == '!' || next == '?';
    int line_start = prev == '\n' || prev == 0;
    int opening = line_start || ub_lost_space(prev) || prev == '(' || prev == '[';
    /* an opening quote glued to the end of a word, a space after it, opens
     * nothing: `re‘ cent` is a broken word (‐) */
    int open_at_word_end = ub_lost_letter(prev) && ub_lost_space(next);
    switch (c) {
    case 0x201D: /* ” */
        if (open_double) return next_end ? 5.0f : 2.0f;
        return -3.0f;
    case 0x201C: /* “ */
        if (open_double || open_at_word_end) return -3.0f;
        return opening && !ub_lost_space(next) ? 3.0f : -1.0f;
    case 0x2014: /* — */
    case 0x2013: /* – */
        /* spaced dashes inside a line: the em dash of news style is the
         * likelier one; at the start of a line a dash is rarer than a bullet */
        if (line_start) return 0.0f;
        if (ub_lost_space(prev) && ub_lost_space(next)) return c == 0x2014 ? 7.0f : 4.0f;
        if (ub_lost_letter(prev) && ub_lost_letter(next)) return 1.0f;
        return 0.0f;
    case 0x2026: /* … */
        return next_end && !ub_lost_space(prev) ? 2.0f : -1.0f;
    case 0x2019: /* ’ */
        if (ub_lost_letter(prev) && ub_lost_letter(next)) return 3.0f;
        if (open_single && next_end) return 4.0f;
        if (!open_single && opening) return -2.0f;
        /* closing nothing at a word's end, it is an apostrophe: English
         * puts one there after the s of a plural (`the students’ work`);
         * `May’ if` is `May… if` */
        if (!open_single && next_end && ub_lost_letter(prev) && (prev | 0x20) != 's') return -2.0f;
        return 0.0f;
    case 0x201E: /* „ opens a quotation (German, Polish, Czech, Hebrew...) */
        if (open_double || open_at_word_end) return -3.0f;
        return opening && !ub_lost_space(next) ? 3.0f : -2.0f;
    case 0x2018: /* ‘ */
        if (open_single || open_at_word_end) return -3.0f;
        /* before a printf conversion, GNU messages quote singly (the
         * installed en@quot and en@boldquot catalogues: ‘% 817 times, “%
         * 181): the closing one follows by pairing */
        return (opening && !ub_lost_space(next) ? 4.0f : -1.0f) + (next == '%' ? 2.0f : 0.0f);
    case 0x2010: /* ‐ hyphen: a word broken at a line end (`re‐ cent`, man
                  * pages); rare in running text, so the letter models price
                  * it far below the quotes that share its lead bytes */
        return !open_at_word_end ? 0.0f : next == '\n' || next == 0 ? 4.0f : 6.0f;
    case 0x3002: /* 。 ends a sentence: before a line end; before a space
                  * hardly likelier than 、, which technical Japanese spaces
                  * too (`場合、 スタティック`: in the 75 pages of
                  * manpages-ja, 、 stands before a space 130 times and 。
                  * 100 times, before a line end 386 and 2928) */
        if (next == '\n' || next == 0) return 4.0f;
        return next_end && next != ',' ? 0.5f : 0.0f;
    case 0x3001: /* 、 continues one: a line end after it is rare */
        return next == '\n' || next == 0 ? -2.0f : 0.0f;
    case 0xFF0C: /* ， continues a sentence: a line end after it is rare */
        return next == '\n' || next == 0 ? -3.0f : 0.0f;
    case 0x2022: /* • */
        return line_start && ub_lost_space(next) ? 7.0f : 0.0f;
    default:
        return 0.0f;
    }
}

/* 」 closes a 「 (Japanese and Chinese quotation); 、 and 」 are both E3 80
 * xx and lose the same way, and 、 is five bits commoner: an open 「 in the
 * line speaks for 」 as an open “ does for ” (常に「List of contents」の中に,
 * the 「 kept in an earlier segment: ub_quote_state.open_corner). */
static float corner_bracket(uint32_t c, int open) {
    if (c == 0x300D) return open ? 5.0f : -3.0f;
    if (c == 0x300C) return open ? -2.0f : 0.0f;
    return 0.0f;
}

/* Full-width parentheses pair like quotes: （ and ） share their lead bytes
 * EF BC with ， and ：, the commonest of them, and lose their last byte
 * the same way. A （ is confirmed by a ） ahead in the line, a ） by an
 * open （. */
static uint32_t next_paren(const ub_engine *e, const ub_seg *s, long idx) {
    for (uint32_t i = (uint32_t)idx + 1; i < s->dec_n && i < (uint32_t)idx + 200; i++) {
        uint32_t c = e->dec[s->dec_off + i];
        if (c == 0xFF08 || c == 0xFF09) return c;
        if (c == '\n') return 0;
    }
    return 0;
}

static float fullwidth_paren(uint32_t c, int open, uint32_t ahead) {
    if (c == 0xFF09) return open ? 4.0f : -2.0f;
    if (c == 0xFF08) return open ? -2.0f : ahead == 0xFF09 ? 4.0f : 0.0f;
    return 0.0f;
}

/* A character that lost its tail where the garbled span ended (unit.c,
 * ub_unit_cut_at_span_end) closed that span: spans pasted into clean text (a
 * sentence, a field, a message) end in a full stop far more often than in
 * a comma, and 。 and 、 (E3 80 82, E3 80 81) are otherwise alike. */
#define UB_SPAN_END_BITS 1.5f

static float span_end(uint32_t c) {
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF0E ? UB_SPAN_END_BITS : 0.0f;
}


/* A （ and a ） both lost, one after the other in a line: each alone loses
 * to ，, the commonest full-width form, but together they are a pair
 * (`%s（%s）` read as Big5 keeps EF BC of both). After the holes are
 * chosen, such a pair of holes is read as （ ）when the pair, its ） now
 * closing an open （ (fullwidth_paren: +4 instead of -2), scores more than
 * the choices made less UB_PAREN_PAIR_BITS. */
#define UB_PAREN_PAIR_BITS 2.0f
#define UB_PAREN_CLOSE_OPEN_BITS 6.0f

void ub_pair_parens(ub_engine *e, const ub_seg *s) {
    for (uint32_t a = 0; a + 1 < s->hole_n; a++) {
        ub_hole *ha = &e->holes[s->hole_off + a];
        float open = ha->paren_score[0];
        if (open == -INFINITY || e->dec[ha->dec_index] == 0xFF08) continue;
        ub_hole *hb = &e->holes[s->hole_off + a + 1];
        float close = hb->paren_score[1];
        if (close == -INFINITY || e->dec[hb->dec_index] == 0xFF09) continue;
        int between = 0; /* a line end or a parenthesis between them */
        for (uint32_t i = ha->dec_index + 1; i < hb->dec_index && !between; i++) {
            uint32_t c = e->dec[i];
            between = c == '\n' || c == 0xFF08 || c == 0xFF09;
        }
        if (between || open + close + UB_PAREN_CLOSE_OPEN_BITS + UB_PAREN_PAIR_BITS <=
                           ha->top_score[0] + hb->top_score[0])
            continue;
        e->dec[ha->dec_index] = 0xFF08;
        e->dec[hb->dec_index] = 0xFF09;
        ha->decided = hb->decided = 1;
        a++;
    }
}

void ub_punct_see(ub_punct_state *st, uint32_t c) {
    if (c == 0x201C) st->open_double = 1;
    else if (c == 0x201D) st->open_double = 0;
    else if (c == 0x2018) st->open_single = 1;
    else if (c == 0x2019) st->open_single = 0;
    else if (c == 0x300C) st->open_corner = 1;
    else if (c == 0x300D) st->open_corner = 0;
    else if (c == 0xFF08) st->open_paren = 1;
    else if (c == 0xFF09 || c == '\n') st->open_paren = 0;
}

void ub_punct_look_ahead(ub_punct_state *st, const ub_engine *e, const ub_seg *s, long idx) {
    st->quote_ahead = next_quote(e, s, idx);
    st->paren_ahead = next_paren(e, s, idx);
}

float ub_punct_bits(const ub_punct_state *st, uint32_t c, uint32_t prev, uint32_t next,
                    int at_span_end) {
    /* every character the rules above weigh lies in one of three blocks:
     * the lost-byte search asks about every candidate, letters mostly */
    if (!((c >= 0x2010 && c <= 0x2026) || (c >= 0x3001 && c <= 0x300D) ||
          (c >= 0xFF01 && c <= 0xFF1F)))
        return 0.0f;
    float bits = punct_context(c, prev, next, st->open_double, st->open_single, st->quote_ahead) +
                 corner_bracket(c, st->open_corner);
    if (c == 0xFF08 || c == 0xFF09) bits += fullwidth_paren(c, st->open_paren, st->paren_ahead);
    if (at_span_end) bits += span_end(c);
    return bits;
}
