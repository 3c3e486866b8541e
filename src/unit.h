/*
 * Internal to the unit reader: unit.c reads a unit character by character,
 * unit_holes.c builds the holes a lossy decoder left, each with its
 * candidate characters (bounded by the UTF-8 grammar and by what the wrong
 * decoder could have lost there, lose.c).
 */
#ifndef UB_UNIT_H
#define UB_UNIT_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

/* Scanning state of one unit attempt. */
typedef struct unit_scan {
    ub_engine *e;
    ub_codec_id codec;
    size_t m;       /* chars in the region */
    size_t c0;      /* index of the region's first char in e->cp */
    size_t bp;      /* byte position */
    size_t ck;      /* char containing bp (m at the end) */
    int follows;    /* the unit starts where another one ended */
    size_t drop_at;   /* byte position read as a pair dropped whole (see
                         ub_unit_pair_dropped), SIZE_MAX: none */
    size_t drop_seen; /* the last position where that reading was possible */
    size_t drop_seen_dec; /* dec[] index of the character read there */
    int lead_owed;    /* the next character's lead went in a pair dropped or
                         replaced whole (ub_unit_pair_dropped, ub_unit_replaced_pair), here
                         or at the end of the unit before */
    size_t span_at;   /* byte position read as the end of the garbled span,
                         a last byte lost before it (ub_unit_span_ends_before),
                         SIZE_MAX: none */
    size_t span_seen; /* the last character start where that reading could
                         be tried */
} unit_scan;

/* One unknown byte of a character: its position in the sequence, the range
 * the UTF-8 grammar allows there, and the byte after it when that is not
 * the other hole (-1: the end, or unknown). */
/* hole_range.next for a byte that was the trail of an unmapped pair, taken
 * with its lead whatever it was (no byte after it bounds it). */
#define UB_NEXT_ANY (-3)

typedef struct hole_range {
    int pos;
    uint8_t lo, hi;
    int next; /* byte after the hole when it is not the other hole */
} hole_range;

/* The region's character holding byte position q (m past the region). */
static inline size_t ub_unit_char_at_byte(const unit_scan *u, size_t q) {
    const ub_engine *e = u->e;
    size_t ck = u->ck < u->m ? u->ck : u->m;
    while (ck > 0 && e->bstart[ck] > q) ck--;
    while (ck < u->m && e->bstart[ck + 1] <= q) ck++;
    return ck;
}

/* Does a character of the region start at byte position q? */
static inline int ub_unit_starts_char(const unit_scan *u, size_t q) {
    size_t ck = ub_unit_char_at_byte(u, q);
    return ck < u->m && u->e->bstart[ck] == q;
}

/* GBK and GB18030: one table but for a few pairs, whose decoders pair
 * nearly every byte with a UTF-8 lead (a byte lost before one is rare
 * inside the damage, and marks where a garbled span ended). */
static inline int ub_unit_gbk_family(ub_codec_id c) { return c == UB_GBK || c == UB_GB18030; }

/* Is the reading EUC-KR of glibc's decoder (iconv -c)? So it is in a text
 * that shows C1 controls, which of the EUC-KR decoders only glibc's writes
 * (ub_codec_glibc_c1). */
static inline int ub_unit_glibc_euc_kr(const ub_engine *e, ub_codec_id c) {
    return c == UB_EUC_KR && e->keep_c1;
}

/* Does the wrong decoder take the ASCII byte after a lead it cannot pair
 * along with the lead, as glibc's GB18030 and EUC-KR do with -c (`BC 20`
 * goes whole; GBK, Big5 and Python's decoders read the space again)?
 * GB18030: in a text that reads as its output (engine.c, eating_gb); its
 * text is GBK's but for a few pairs, and is read as GBK (regions.c,
 * ub_region_codecs). */
static inline int ub_unit_eats_after_lead(const ub_engine *e, ub_codec_id c) {
    return (e->gb_eats && ub_unit_gbk_family(c)) || ub_unit_glibc_euc_kr(e, c);
}

/* Shift_JIS and CP932 read the continuation bytes A1..BF alone, as
 * half-width katakana. */
static inline int ub_unit_halfwidth_kana_codec(ub_codec_id c) {
    return c == UB_SHIFT_JIS || c == UB_CP932;
}

/* unit_edges.c: the edges of the damage. */
/* Is there, at byte position q, a letter some model knows, after a span
 * garbled with errors=ignore (no U+FFFD in the region)? */
int ub_unit_clean_letter_at(const unit_scan *u, size_t q);
/* ... a CJK character some CJK model finds common? */
int ub_unit_common_cjk_at(const unit_scan *u, size_t q);
/* ... clean CJK text starting with a character there (ub_genuine_run)? */
int ub_unit_clean_cjk_run_at(const unit_scan *u, size_t q, size_t need);
/* Does the garbled span end at u->bp under GBK, the last byte of the
 * character being read lost there (u->span_at)? Else a character start
 * there is remembered in u->span_seen. */
int ub_unit_span_ends_before(unit_scan *u);
/* How many trailing bytes (0, 1, 2) of the character just read, cp, its
 * bytes at at[1..len), to read as lost at the span's end instead. */
int ub_unit_cut_at_span_end(const unit_scan *u, const size_t *at, int len, uint32_t cp);
/* Read the character's last `cut` bytes as lost at the span's end. */
int ub_unit_read_cut(unit_scan *u, uint8_t *seq, const size_t *at, int len, int cut);
/* Is u->bp the place this reading takes a pair as dropped whole (glibc),
 * else remembered in u->drop_seen? */
int ub_unit_pair_dropped(unit_scan *u, const uint8_t *seq, int len);
/* May the U+FFFD at u->bp stand for a pair replaced whole (a browser),
 * the next character's lead with it? */
int ub_unit_replaced_pair(unit_scan *u);
/* May a unit opening with one continuation byte at u->bp have lost a lead
 * with the byte after it (glibc's EUC-KR, EUC-JP), or its last byte
 * (glibc's Big5, EUC-JP keeping a C1 control)? */
int ub_unit_glibc_pair_gone(const unit_scan *u);
int ub_unit_glibc_tail_gone(const unit_scan *u);

/* Kind of the character holding byte position q, -1 past the region. */
static inline int ub_unit_kind_at_byte(const unit_scan *u, size_t q) {
    const ub_engine *e = u->e;
    if (q >= e->bstart[u->m]) return -1;
    size_t ck = u->ck;
    while (ck < u->m && e->bstart[ck + 1] <= q) ck++;
    return ck < u->m ? e->kind[ck] : -1;
}

/* The byte a decoder met right after a hole ending at byte position q,
 * or -1 at the end of the region / an unknown byte. */
static inline int ub_unit_byte_after(const unit_scan *u, size_t q) {
    const ub_engine *e = u->e;
    if (q >= e->bstart[u->m]) return -1;
    size_t ck = u->ck;
    while (ck < u->m && e->bstart[ck + 1] <= q) ck++;
    if (ck >= u->m) return -1;
    int k = e->kind[ck];
    if (k == UB_K_HOLE || k == UB_K_NONE) return -1;
    return e->bytes[q];
}

/* A code point of a plane no text uses: the empty planes 4 to 13 and the
 * private planes 15 and 16 (`ЄКТА` read as CP866 is F2 8A 92 80, which is
 * UTF-8 for U+8A480: no reading makes such a character). */
static inline int ub_unit_no_text_plane(uint32_t cp) {
    return cp >= 0x40000 && (cp < 0xE0000 || cp >= 0xF0000);
}

/* Readings at visible marks (unit_marks.c); each returns 0 on success, 1
 * when the text does not look like it, -1 on NOMEM. */
int ub_unit_whole_char_lost(unit_scan *u, int aligned);
int ub_unit_pair_then_lead_lost(unit_scan *u, int aligned);
int ub_unit_owed_lead_marks(unit_scan *u);
int ub_unit_lead_and_second_lost(unit_scan *u);
int ub_unit_two_byte_char_lost(unit_scan *u);

/* Each returns 0 on success, 1 when no candidate is left (the reading
 * fails), -1 on NOMEM; the hole's placeholder is pushed to dec[]. */
int ub_unit_push_hole(ub_engine *e, size_t cand0, int kind, int nbytes);
int ub_unit_add_hole(unit_scan *u, uint8_t *seq, int len, int hole_pos, uint8_t lo, uint8_t hi,
                     int next, int kind);
int ub_unit_add_gap_hole(unit_scan *u, const uint8_t *seq, int len, int next_after, int nbsp,
                         unsigned allowed);
int ub_unit_add_two_holes(unit_scan *u, uint8_t *seq, int len, hole_range a, hole_range b,
                          int kind);
int ub_unit_add_any_lead(unit_scan *u, uint8_t *seq, int len);
int ub_unit_add_lead_pair(unit_scan *u, uint8_t last);
int ub_unit_add_lead_or_tail(unit_scan *u, uint8_t kept, int after);
int ub_unit_add_owed_marks(unit_scan *u, int after, int kind);
int ub_unit_add_pair_mark(unit_scan *u, uint8_t cont, int kind);

#endif
