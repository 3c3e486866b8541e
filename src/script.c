/*
 * Character classes and the script-transition costs (see script.h).
 *
 * ub_script_of_ranges is the definition, by ranges of the Unicode block
 * chart. tools/gen_script_table.c includes this file (with
 * UB_SCRIPT_TABLE_GENERATOR defined) and writes it out as the lookup table
 * of the Basic Multilingual Plane that ub_script_of reads; the planes above
 * are read from the ranges directly.
 */
#include "script.h"

static ub_script ub_script_of_ranges(uint32_t cp) {
    if (cp < 0x80) {
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') return UB_SC_SPACE;
        if (cp < 0x20 || cp == 0x7F) return UB_SC_CONTROL;
        if (cp >= '0' && cp <= '9') return UB_SC_DIGIT;
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return UB_SC_LATIN;
        return UB_SC_ASCII_PUNCT;
    }
    /* CJK ideographs and Hangul syllables first (the chain below would
     * take them last; outside the generator only the planes above the
     * BMP come here) */
    if (cp >= 0x4E00 && cp < 0xA000) return UB_SC_HAN;
    if (cp >= 0xAC00 && cp < 0xD7B0) return UB_SC_HANGUL;
    if (cp < 0xA0) return UB_SC_CONTROL;
    if (cp == 0xA0) return UB_SC_SPACE;
    if (cp < 0xC0) {
        if (cp == 0xAA || cp == 0xBA || cp == 0xB5) return UB_SC_LATIN;
        return UB_SC_PUNCT; /* Latin-1 punctuation and symbols */
    }
    if (cp == 0xD7 || cp == 0xF7) return UB_SC_SYMBOL;
    if (cp < 0x250) return UB_SC_LATIN;
    if (cp < 0x2B0) return UB_SC_LATIN;     /* IPA */
    if (cp < 0x300) return UB_SC_PUNCT;     /* spacing modifier letters */
    if (cp < 0x370) return UB_SC_MARK;
    if (cp < 0x400) return UB_SC_GREEK;
    if (cp < 0x530) return UB_SC_CYRILLIC;
    if (cp < 0x590) return UB_SC_ARMENIAN;
    if (cp < 0x600) return cp < 0x5D0 ? UB_SC_MARK : UB_SC_HEBREW;
    if (cp < 0x700) {
        if ((cp >= 0x64B && cp <= 0x65F) || cp == 0x670) return UB_SC_MARK;
        return UB_SC_ARABIC;
    }
    if (cp < 0x1100) return UB_SC_THAI_ETC;
    if (cp < 0x1200) return UB_SC_HANGUL;  /* jamo */
    if (cp < 0x1E00) return UB_SC_THAI_ETC;
    if (cp < 0x1F00) return UB_SC_LATIN;   /* Latin extended additional (vi) */
    if (cp < 0x2000) return UB_SC_GREEK;
    if (cp < 0x2070) {
        if (cp <= 0x200A || cp == 0x202F || cp == 0x205F) return UB_SC_SPACE;
        if (cp >= 0x200B && cp <= 0x200F) return UB_SC_CONTROL;
        if (cp >= 0x202A && cp <= 0x202E) return UB_SC_CONTROL;
        if (cp >= 0x2060) return UB_SC_CONTROL;
        return UB_SC_PUNCT;
    }
    if (cp < 0x2E80) {
        if (cp >= 0x20D0 && cp < 0x2100) return UB_SC_MARK;
        return UB_SC_SYMBOL;
    }
    if (cp < 0x3000) return UB_SC_HAN;      /* radicals */
    if (cp < 0x3040) {
        if (cp == 0x3000) return UB_SC_SPACE;
        if (cp == 0x3005 || cp == 0x3006 || cp == 0x3007) return UB_SC_HAN;
        return UB_SC_CJK_PUNCT;
    }
    if (cp < 0x3100) {
        if (cp == 0x3099 || cp == 0x309A) return UB_SC_MARK;
        return UB_SC_KANA;
    }
    if (cp < 0x3190) return cp >= 0x3130 ? UB_SC_HANGUL : UB_SC_HAN; /* bopomofo */
    if (cp < 0x3400) return cp >= 0x31F0 && cp < 0x3200 ? UB_SC_KANA : UB_SC_SYMBOL;
    if (cp < 0xA000) return (cp >= 0x4DC0 && cp < 0x4E00) ? UB_SC_SYMBOL : UB_SC_HAN;
    if (cp < 0xAC00) return UB_SC_THAI_ETC;
    if (cp < 0xD7B0) return UB_SC_HANGUL;
    if (cp < 0xE000) return UB_SC_PRIVATE;  /* jamo ext B, surrogates */
    if (cp < 0xF900) return UB_SC_PRIVATE;
    if (cp < 0xFB00) return UB_SC_HAN;      /* compatibility ideographs */
    if (cp < 0xFB50) return cp < 0xFB1D ? UB_SC_LATIN : UB_SC_HEBREW;
    if (cp < 0xFE00) return UB_SC_ARABIC;
    if (cp < 0xFE10) return UB_SC_MARK;      /* variation selectors */
    if (cp < 0xFE70) return cp >= 0xFE20 && cp < 0xFE30 ? UB_SC_MARK : UB_SC_CJK_PUNCT;
    if (cp < 0xFF00) return cp == 0xFEFF ? UB_SC_CONTROL : UB_SC_ARABIC;
    if (cp < 0xFF61) {
        if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) return UB_SC_LATIN;
        if (cp >= 0xFF10 && cp <= 0xFF19) return UB_SC_DIGIT;
        return UB_SC_CJK_PUNCT;
    }
    if (cp < 0xFFA0) return cp < 0xFF66 ? UB_SC_CJK_PUNCT : UB_SC_HALFKANA;
    if (cp < 0xFFE0) return UB_SC_HANGUL;
    if (cp < 0xFFF0) return UB_SC_CJK_PUNCT;
    if (cp == 0xFFFD) return UB_SC_REPLACEMENT;
    if (cp < 0x10000) return UB_SC_PRIVATE;
    if (cp >= 0x1F000 && cp < 0x1FB00) return UB_SC_SYMBOL; /* emoji */
    if (cp >= 0x20000 && cp < 0x32000) return UB_SC_HAN;
    if (cp >= 0xF0000) return UB_SC_PRIVATE;
    return UB_SC_THAI_ETC;
}

#ifndef UB_SCRIPT_TABLE_GENERATOR

/* The BMP from the generated table (one page of 256 classes per block,
 * identical pages shared), the planes above from the ranges. */
ub_script ub_script_of(uint32_t cp) {
    if (cp < 0x10000) return (ub_script)ub_script_pages[ub_script_page_of[cp >> 8]][cp & 0xFFu];
    return ub_script_of_ranges(cp);
}

static int is_letter_script(ub_script s) {
    return s >= UB_SC_LATIN && s <= UB_SC_HANGUL;
}

float ub_script_transition(ub_script a, ub_script b) {
    if (a == b) return 0.0f;
    if (a == UB_SC_MARK || b == UB_SC_MARK) {
        /* A combining mark follows a letter; anything else is junk. */
        if (b == UB_SC_MARK) return is_letter_script(a) ? 0.0f : 8.0f;
        return 0.0f;
    }
    if (a == UB_SC_CONTROL || b == UB_SC_CONTROL) return 6.0f;
    if (a == UB_SC_PRIVATE || b == UB_SC_PRIVATE) return 4.0f;
    if (!is_letter_script(a) || !is_letter_script(b)) return 0.0f;
    /* Both letters of different scripts, glued with no space. */
    ub_script x = a < b ? a : b, y = a < b ? b : a;
    if (x == UB_SC_HAN && (y == UB_SC_KANA || y == UB_SC_HANGUL)) return y == UB_SC_KANA ? 0.0f : 3.0f;
    if (x == UB_SC_KANA && y == UB_SC_HALFKANA) return 3.0f;
    if (x == UB_SC_LATIN) {
        if (y == UB_SC_HAN || y == UB_SC_KANA || y == UB_SC_HANGUL) return 2.0f;
        if (y == UB_SC_HALFKANA) return 3.0f;
        /* Greek capitals glued to Latin are common in formulas (Δt, ΩL) */
        return y == UB_SC_GREEK ? 3.0f : 6.0f; /* Latin glued to Cyrillic, Hebrew... */
    }
    return 9.0f;
}

float ub_script_char_cost(ub_script s) {
    switch (s) {
    case UB_SC_CONTROL: return 10.0f;
    case UB_SC_PRIVATE: return 8.0f;
    default: return 0.0f;
    }
}

#endif /* UB_SCRIPT_TABLE_GENERATOR */
