/*
 * The search of back.c and the byte rules of back_fill.c: what they share.
 * Private to those two files.
 */
#ifndef UNBAKE_BACK_SEARCH_H
#define UNBAKE_BACK_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "back.h"
#include "engine.h"

#define BK_BEAM 48
/* Characters read in one go at most: the history of a run is kept whole */
#define BK_MAX_RUN 4096
#define BK_CLASS_BEAM 16 /* under marks, of each class */
#define BK_CLASSES 3 /* of states under marks: need 0, 1, 2 or more */
#define BK_INSERT_BITS 1.0f /* per byte put back: the fewer guesses, the better */
/* A mark's readings offered per state: the best by score and bound */
#define BK_MARK_KEEP 8
/* Pairs of continuation bytes tried for one U+FFFD that finishes a
 * character (two_fills) */
#define BK_FILLS 24
/* A character of three unknown bytes (a whole character under marks):
 * candidates only among the language's common characters */
#define BK_BLIND_MIN_LOGP -12.0f
/* Characters in place a piece of a run needs, read after the search died */
#define BK_PIECE_MIN_CHARS 2
/* Candidates kept for a character of two unknown bytes or more */
#define BK_MAX_BLIND 64
/* Characters tried where a run ends, lost whole with the stop after them */
#define BK_TAILS 16

/* How a byte came to be in a reading. */
enum { BK_KNOWN = 0, BK_DROP, BK_M1, BK_M2A, BK_M2B };

/* A character completed by a step of the search. */
typedef struct bk_char {
    uint32_t cp;
    uint8_t bytes[4], len;
    uint8_t put_back; /* bit p: byte p was put back (not in the text) */
    uint8_t role[4];  /* BK_*: how byte p came to be there */
} bk_char;

typedef struct bk_state {
    float score;
    float bound;           /* best the unfinished character can still add */
    uint32_t prev;         /* last character completed (pair context) */
    uint32_t part;         /* bits of the character being read */
    uint8_t need, lo, hi;  /* continuation bytes still needed, next one's range */
    uint8_t held, held_b;  /* a byte put back whose role needs the next byte */
    uint8_t held_role;     /* BK_DROP or BK_M1 */
    bk_char open;          /* the character being read, so far */
    uint32_t hist;         /* its last completed character in the history + 1 */
    uint8_t nnew;          /* characters completed by this step */
    bk_char fresh[4];
} bk_state;

/* A character (or a byte pair) with its letter value, for sorting. */
typedef struct bk_ranked {
    float logp;
    uint32_t cp;
} bk_ranked;

/* A completed character in the history: a chain back to the run's start. */
typedef struct bk_node {
    bk_char ch;
    uint32_t parent; /* + 1; 0: none */
} bk_node;

struct ub_back_search {
    ub_engine *e;
    const ub_back_reading *rd;
    int lang;                 /* the reading's language model */
    uint8_t droppable[256];   /* the decoder drops this byte before some byte */
    uint8_t lead[256];        /* the decoder reads this byte and the next as a pair */
    uint8_t single_bad[256];  /* ... no lead, and rejected alone */
    uint8_t row_known[128];   /* rejected[d - 0x80] is filled in */
    uint8_t rejected[128][257]; /* rejects(): [d - 0x80][y + 1] */
    int bytes_known;          /* the three tables above are the codec's */
    float bound2[32], bound3a[16], bound3b[1024]; /* NAN: not yet known */
    uint16_t fills[16][BK_FILLS]; /* two_fills(), by lead */
    uint32_t fills_known;         /* bit: fills[lead & 0x0F] is filled in */
    uint16_t pairs[16 * 64];      /* lead_pairs() */
    size_t npairs;
    int pairs_known;
    int three_byte_leads;         /* every lead of the reading starts three bytes */
    int common_known;
    uint64_t common[1024];        /* common_char(), a bit per BMP code point */
    uint32_t tails[BK_TAILS];     /* ub_back_tails() */
    size_t ntails;
    int tails_known;
    bk_state *cur, *next;
    size_t ncur, nnext;
    bk_node *nodes;
    size_t nnodes, cap_nodes;
};

/* back_fill.c: qsort order of bk_ranked, best letter value first, then
 * code point. */
int ub_back_by_rank(const void *a, const void *b);
/* back_fill.c: the decoder's rules for the reading's codec. */
void ub_back_find_bytes(ub_back_search *q);
/* ... does it drop byte d when byte y (-1: the end) follows it? */
int ub_back_drops(ub_back_search *q, uint8_t d, int y);
/* ... and both, d and y (glibc's SHIFT_JIS)? */
int ub_back_pair_gone(ub_back_search *q, uint8_t d, uint8_t y);
/* ... a U+FFFD of one byte d, y (-1: the end) read next? */
int ub_back_mark_one(ub_back_search *q, uint8_t d, int y);
/* ... a U+FFFD of the two bytes d, y? */
int ub_back_mark_two(ub_back_search *q, uint8_t d, int y);
/* back_fill.c: the characters of the reading's language that its decoder
 * can lose whole with a stop after them (glibc's EUC-KR), to try where a
 * run ends (q->tails, best first; 0 under most decoders). */
size_t ub_back_tails(ub_back_search *q);
/* back_fill.c: the byte pairs (b1 << 8 | b2, 0: no more) that finish the
 * three-byte character s has the lead of as one U+FFFD, best first. */
const uint16_t *ub_back_two_fills(ub_back_search *q, const bk_state *s);
/* back_fill.c: cp, the one candidate of a hole (e->cand); -1 on NOMEM. */
int ub_back_list_one(ub_back_search *q, uint32_t cp);
/* back_fill.c: the candidates of hole char c (e->cand), its bytes put back
 * varied over what fits their roles; before: the last byte of the
 * character before if put back (-1: none), after: the first byte of the
 * one after (-1: none); -1 on NOMEM. */
int ub_back_list(ub_back_search *q, const bk_char *c, int before, int before_role, int after,
                 int after_role);

#endif /* UNBAKE_BACK_SEARCH_H */
