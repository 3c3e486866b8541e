/*
 * The word around a hole, for the lost-byte search (lost.c): frequent
 * words (data/lm/<lang>.words.tsv) and letter triples (<lang>.trigrams.tsv)
 * that a candidate letter completes. The word's letters are collected once
 * per hole and kind of word (ub_word_ctx_init); each candidate then costs a
 * few hash lookups per model (ub_word_bits). Implemented in lost_words.c.
 */
#ifndef UB_LOST_WORDS_H
#define UB_LOST_WORDS_H

#include <stdint.h>

#include "engine.h"

/* Languages that compete for a segment's holes (lost.c). */
#define UB_LOST_LANGS 4
/* Letters of a word, at most. */
#define UB_WORD_MAX 24
/* Holes of more candidates are not tried inside a neighbour's word. */
#define UB_WORD_OPEN_CANDS 40

/* What a word is: a run of letters of any script; Japanese writes no
 * spaces, but a run of katakana is a word (ネットワーク), and a run of
 * hiragana the particles and endings between kanji (のような, により); so is
 * a run of Hangul syllables. */
enum { UB_WORD_LETTERS, UB_WORD_KATAKANA, UB_WORD_HANGUL, UB_WORD_HIRAGANA, UB_WORD_KINDS };

/* The kind of word a character belongs to by itself (UB_WORD_LETTERS for
 * anything but kana and Hangul), and the kind a hole between prev and next
 * is in before its candidate is known (katakana first: の|ヘルプ). */
int ub_word_kind_of(uint32_t c);
int ub_word_kind(uint32_t prev, uint32_t next);

/* Letter pairs on each side of a hole, for the triples. */
typedef struct ub_word_edges {
    uint32_t l[2], r[2];
    int nl, nr;
} ub_word_edges;

/* The word around one hole, for one kind of word. */
typedef struct ub_word_ctx {
    int kind;
    int nwl, nwr;       /* letters left and right; -1: no word to look up */
    int open_r;         /* holes still open on the right */
    int joint_max;      /* completions tried per candidate */
    int nwall;          /* letters of the whole word when all are known, or -1 */
    uint32_t wl[UB_WORD_MAX], wr[UB_WORD_MAX], wall[2 * UB_WORD_MAX];
    uint32_t wpre[UB_LOST_LANGS]; /* per top model: hash of the letters left */
    float closure[UB_LOST_LANGS]; /* bits for a candidate that ends the run
                                     there (katakana, Hangul): the run on the
                                     left is a known word */
    int lex_tri[UB_LOST_LANGS], lex_word[UB_LOST_LANGS];
    ub_word_edges wed[UB_LOST_LANGS];
} ub_word_ctx;

/* Collect the word of `kind` around segment dec index idx (nbsp_slot: the
 * hole may swallow the space after it, so the word ends there) for the top
 * models top[0..ntop). */
void ub_word_ctx_init(ub_word_ctx *w, const ub_engine *e, const ub_seg *s, long idx,
                      int nbsp_slot, int kind, const int *top, int ntop);

/* Bits that model top[li] = L gives candidate c (of script sc; letter: of
 * a script with letters) for the words and triples it completes; a
 * character the word's kind does not hold completes none (a hanzi
 * completes no English word), but ends a run of katakana or Hangul
 * (タイトルバー|に). */
float ub_word_bits(const ub_word_ctx *w, const ub_engine *e, const ub_seg *s, int li, int L,
                   uint32_t c, int sc, int letter);

/* Does model top[li] know anything of words here (ub_word_bits is 0 if not)? */
static inline int ub_word_any(const ub_word_ctx *w, int li) {
    return w->lex_tri[li] || w->lex_word[li] || w->closure[li] != 0.0f;
}

/* Is the word around the hole still waiting for a hole on its right? */
static inline int ub_word_waits(const ub_word_ctx *w) { return w->nwr < 0 || w->open_r; }

/* lost_spelling.c: bits for candidate c between prev and next, in a word
 * whose other letters are w[0..n) (n < 0: not known), `word` holding the
 * first two letters of the next word (0: none); spelling rules the letter
 * models cannot see. */
float ub_spelling_bits(uint32_t c, uint32_t prev, uint32_t next, const uint32_t word[2],
                       const uint32_t *w, int n);
/* The first letter of the next word for the Korean pairs across a space
 * (ub_lm_spaced), or 0 where they would mislead (없애다). */
uint32_t ub_spaced_next(const uint32_t word[2]);

#endif
