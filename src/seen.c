/*
 * The characters a window shows: a lost-byte candidate the same document
 * writes elsewhere is the likelier one (a cache model, as speech and
 * translation systems keep of the words a text has used). A GBK reading
 * that lost the third byte of `│` (E2 94 82) offers ─ and │ alike to the
 * letter models; the table the text draws with `│` settles it. Counted once
 * per pass by decide.c (context_prior), over the characters no segment
 * wants to change: mojibake shows characters a hole could become (`┿`, A9
 * E3 in GBK, the bytes of two kana), which must not vouch for themselves.
 * Holes chosen before that (when segments are made) get no such bits; the
 * choice that stands is made again after it.
 */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "script.h"
#include "utf8.h"

/* Bits per doubling of a character's count, and at most: a few sightings
 * tip a close choice, none outweighs the letter models. Symbols (box
 * drawing, arrows, math) get twice as many: the letter models know next to
 * nothing of them, and a hole in `│` offers the 64 characters of E2 94 80..
 * BF within a bit or two of each other, where the document's own `│` is
 * the evidence. (Two bits for letters too measured worse: 및 became 바,
 * 이 became 일, where common letters are seen everywhere.) */
#define UB_SEEN_BITS 1.0f
#define UB_SEEN_CAP 3.0f
#define UB_SEEN_SYMBOL_BITS 2.0f
#define UB_SEEN_SYMBOL_CAP 6.0f

/* Pairs of letters side by side count in the same table: the document's
 * own words (`クロック` written clean elsewhere settles `アロック`; `의 마`
 * across a space in Korean). A pair is worth more than a character alone,
 * being rarer by chance. */
#define UB_SEEN_PAIR_BITS 2.0f
#define UB_SEEN_PAIR_CAP 6.0f

static uint32_t slot_of(uint32_t cp) { return (cp * 2654435761u) >> (32 - UB_SEEN_LOG2); }

/* A pair's key: above every code point (bit 31), a space between in bit
 * 30, never 0; pairs that share a key (one in a billion) share counts. */
static uint32_t pair_key(uint32_t a, uint32_t b, int spaced) {
    uint32_t h = (a * 0x9E3779B1u) ^ (b * 0x85EBCA77u + 0x7F4A7C15u);
    return 0x80000000u | (spaced ? 0x40000000u : 0u) | (h & 0x3FFFFFFFu);
}

static float count_bits(uint16_t n, float per, float cap) {
    float b = per * log2f(1.0f + (float)n);
    return b < cap ? b : cap;
}

/* The count of key, 0 when not seen. */
static uint16_t seen_n(const ub_engine *e, uint32_t key) {
    for (uint32_t i = slot_of(key), probes = 0; probes < UB_SEEN_SLOTS;
         i = (i + 1) & (UB_SEEN_SLOTS - 1), probes++) {
        if (e->seen_cp[i] == key) return e->seen_n[i];
        if (e->seen_cp[i] == 0) return 0;
    }
    return 0;
}

void ub_seen_count(ub_engine *e, uint32_t cp) {
    if (cp == 0) return; /* 0 marks a free slot */
    for (uint32_t i = slot_of(cp), probes = 0; probes < UB_SEEN_SLOTS; i = (i + 1) & (UB_SEEN_SLOTS - 1), probes++) {
        if (e->seen_cp[i] == cp) {
            if (e->seen_n[i] < UINT16_MAX) e->seen_n[i]++;
            return;
        }
        if (e->seen_cp[i] == 0) {
            /* a full table keeps what it has: the first few thousand
             * distinct characters of a window are plenty */
            if (e->seen_used >= UB_SEEN_SLOTS / 2) return;
            e->seen_cp[i] = cp;
            e->seen_n[i] = 1;
            e->seen_used++;
            return;
        }
    }
}

int ub_seen_reset(ub_engine *e) {
    e->seen_built = 0;
    e->seen_used = 0;
    /* each table on its own: one that failed is asked for again next time */
    if (!e->seen_cp) e->seen_cp = ub_malloc(e->alloc, UB_SEEN_SLOTS * sizeof *e->seen_cp);
    if (!e->seen_n) e->seen_n = ub_malloc(e->alloc, UB_SEEN_SLOTS * sizeof *e->seen_n);
    if (!e->seen_cp || !e->seen_n) return -1;
    memset(e->seen_cp, 0, UB_SEEN_SLOTS * sizeof *e->seen_cp);
    return 0;
}

float ub_seen_bits(const ub_engine *e, uint32_t cp) {
    if (!e->seen_built || cp < 0x80) return 0.0f;
    uint16_t n = seen_n(e, cp);
    if (n == 0) return 0.0f;
    int symbol = ub_script_of(cp) == UB_SC_SYMBOL;
    return symbol ? count_bits(n, UB_SEEN_SYMBOL_BITS, UB_SEEN_SYMBOL_CAP)
                  : count_bits(n, UB_SEEN_BITS, UB_SEEN_CAP);
}

void ub_seen_count_pair(ub_engine *e, uint32_t a, uint32_t b, int spaced) {
    ub_seen_count(e, pair_key(a, b, spaced));
}

float ub_seen_pair_bits(const ub_engine *e, uint32_t a, uint32_t b, int spaced) {
    if (!e->seen_built || a < 0x80 || b < 0x80) return 0.0f;
    uint16_t n = seen_n(e, pair_key(a, b, spaced));
    return n ? count_bits(n, UB_SEEN_PAIR_BITS, UB_SEEN_PAIR_CAP) : 0.0f;
}

void ub_seen_free(ub_engine *e) {
    ub_free(e->alloc, e->seen_cp, e->seen_cp ? UB_SEEN_SLOTS * sizeof *e->seen_cp : 0);
    ub_free(e->alloc, e->seen_n, e->seen_n ? UB_SEEN_SLOTS * sizeof *e->seen_n : 0);
    e->seen_cp = NULL;
    e->seen_n = NULL;
}
