/*
 * Coarse character classes for the context part of the plausibility score:
 * real text rarely glues letters of unrelated scripts together (a Cyrillic
 * letter between two hanzi, a C1 control inside a word), while mojibake and
 * wrong repairs do. Ranges follow the Unicode block chart.
 */
#ifndef UNBAKE_SCRIPT_H
#define UNBAKE_SCRIPT_H

#include <stdint.h>

typedef enum ub_script {
    UB_SC_SPACE = 0,   /* ASCII space, tab, newline, NBSP, ideographic space */
    UB_SC_ASCII_PUNCT, /* ASCII punctuation and symbols */
    UB_SC_DIGIT,
    UB_SC_LATIN,       /* ASCII and accented Latin letters */
    UB_SC_GREEK,
    UB_SC_CYRILLIC,
    UB_SC_ARMENIAN,
    UB_SC_HEBREW,
    UB_SC_ARABIC,
    UB_SC_THAI_ETC,    /* other alphabetic scripts (Indic, Thai, Georgian...) */
    UB_SC_HAN,
    UB_SC_KANA,
    UB_SC_HALFKANA,    /* half-width katakana */
    UB_SC_HANGUL,
    UB_SC_CJK_PUNCT,   /* U+3000..303F, full-width forms */
    UB_SC_PUNCT,       /* general punctuation, Latin-1 punctuation */
    UB_SC_SYMBOL,      /* other symbols, box drawing, math */
    UB_SC_MARK,        /* combining marks */
    UB_SC_CONTROL,     /* C0 (other than space) and C1 controls */
    UB_SC_PRIVATE,     /* private use, unassigned, noncharacters */
    UB_SC_REPLACEMENT, /* U+FFFD */
    UB_SC_COUNT
} ub_script;

ub_script ub_script_of(uint32_t cp);

/* The generated table of the Basic Multilingual Plane
 * (tools/gen_script_table.c): ub_script_pages[ub_script_page_of[cp >> 8]]
 * [cp & 0xFF] is the script of cp. */
extern const uint8_t ub_script_page_of[256];
extern const uint8_t ub_script_pages[][256];

/* Extra cost in bits for `b` directly following `a` in text. */
float ub_script_transition(ub_script a, ub_script b);

/* Cost in bits of a character merely for being of its class (C1 controls,
 * private use, stray combining marks are expensive in any language). */
float ub_script_char_cost(ub_script s);

#endif /* UNBAKE_SCRIPT_H */
