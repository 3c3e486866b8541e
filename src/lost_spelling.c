/*
 * Spelling rules the letter models cannot see, for the lost-byte search
 * (lost.c): Hebrew final letters, one Greek stress, the case of a letter
 * inside its word, kana between katakana, and the Korean particles that fit
 * the syllable before them and the verb after them.
 */
#include <stdint.h>

#include "lm.h"
#include "lost_punct.h"
#include "lost_words.h"
#include "script.h"

/* ---- spelling rules the letter models cannot see --------------------------
 * Hebrew writes ך ם ן ף ץ only at a word's end and כ מ נ פ צ never there;
 * monotonic Greek marks one stressed vowel in a word of two syllables or
 * more. UTF-8 Hebrew read as windows-1255 loses the second byte of א ך ל ם
 * מ ן, Greek read as windows-1253 that of ρ ό ύ ώ: these rules choose. */
#define UB_SPELLING_BITS 6.0f

static int hebrew_final(uint32_t c) {
    return c == 0x5DA || c == 0x5DD || c == 0x5DF || c == 0x5E3 || c == 0x5E5;
}
static int hebrew_nonfinal(uint32_t c) {
    return c == 0x5DB || c == 0x5DE || c == 0x5E0 || c == 0x5E4 || c == 0x5E6;
}
static int greek_accented(uint32_t c) {
    return c == 0x386 || (c >= 0x388 && c <= 0x38A) || c == 0x38C || c == 0x38E ||
           c == 0x38F || c == 0x390 || (c >= 0x3AC && c <= 0x3B0) || (c >= 0x3CC && c <= 0x3CE);
}
static int greek_small(uint32_t c) { return c >= 0x3AC && c <= 0x3CE; }

/* A polysyllabic Greek word in small letters with no stress mark yet: a
 * stressed candidate is likelier (a weak hint; capitals carry no marks). */
#define UB_GREEK_STRESS_HINT_BITS 2.0f

/* Korean case particles take their form from the syllable before them: 을
 * and 를 (object), 은 and 는 (topic) after a final consonant and after a
 * vowel. 를 after a final consonant never happens; 을 after a vowel only
 * in a few words (마을). A particle ends its word. */
#define UB_PARTICLE_BITS 4.0f

static int hangul_final_consonant(uint32_t c) {
    return c >= 0xAC00 && c <= 0xD7A3 && (c - 0xAC00) % 28 != 0;
}

/* ... and 있다 and 없다 (there is, there is not) take a subject, never an
 * object, and a genitive (의) ties nouns, not verbs: `파일이 없습니다`, not
 * `파일을 없습니다` or `파일의 없습니다` (`할 수 있다` puts 수
 * between), a rule the word lists cannot overrule (파일을 is the commoner
 * form). `word` holds the first two letters of the next word (0: none). */
static float korean_particle(uint32_t c, uint32_t prev, uint32_t next, const uint32_t word[2]) {
    if (ub_lost_letter(next) || prev < 0xAC00 || prev > 0xD7A3) return 0.0f;
    int final = hangul_final_consonant(prev);
    int object = c == 0xB97C || c == 0xC744 || c == 0xC758; /* 를 을, and 의 (of) */
    /* 없애다 (to remove) is no 없다: it takes an object */
    int exists = word[0] == 0xC788 || (word[0] == 0xC5C6 && word[1] != 0xC560);
    float exist = object && exists ? -2.0f * UB_PARTICLE_BITS : 0.0f;
    if (c == 0xB97C) return (final ? -UB_PARTICLE_BITS : 0.0f) + exist; /* 를 */
    if (c == 0xC744) return (final ? 0.0f : -UB_PARTICLE_BITS) + exist; /* 을 */
    return exist;
}

/* The first letter of the next word for the pairs across a space
 * (ub_lm_spaced), 0 for none: not 없 of 없애다, which takes an object where
 * the pairs, counted mostly from 없다, ask for a subject (see above). */
uint32_t ub_spaced_next(const uint32_t word[2]) {
    return word[0] == 0xC5C6 && word[1] == 0xC560 ? 0 : word[0];
}

/* Letter case inside a word: the letter models fold case, and a double-
 * byte decoder that loses the second byte of Cyrillic letters leaves the
 * capitals А..П (D0 90..9F) and the small р..я (D1 80..8F) alike as
 * candidates (`ФайлА` for Файлы, where `файла` is a word too). A capital
 * after a small letter of the same word, or a small letter between
 * capitals, is no spelling of running text (camel case is rare and
 * ASCII). */
static int cased_script(uint32_t c) {
    ub_script sc = ub_script_of(c);
    return sc == UB_SC_LATIN || sc == UB_SC_GREEK || sc == UB_SC_CYRILLIC;
}
static int upper_letter(uint32_t c) { return cased_script(c) && ub_lm_fold(c, 0) != c; }
static int lower_letter(uint32_t c) { return cased_script(c) && ub_lm_fold(c, 0) == c; }

static float letter_case(uint32_t c, uint32_t prev, uint32_t next) {
    if (upper_letter(c)) return lower_letter(prev) ? -UB_SPELLING_BITS : 0.0f;
    if (lower_letter(c) && upper_letter(prev) && upper_letter(next)) return -UB_SPELLING_BITS;
    return 0.0f;
}

/* Japanese writes a katakana word whole: a lone hiragana between two
 * katakana is a particle after one word and before the next (`システムを
 * ロック`), hardly ever another kana (`システムむロック` is クロック with
 * its last byte guessed wrong). */
static float kana_in_katakana(uint32_t c, uint32_t prev, uint32_t next) {
    if (ub_word_kind_of(c) != UB_WORD_HIRAGANA || ub_word_kind_of(prev) != UB_WORD_KATAKANA ||
        ub_word_kind_of(next) != UB_WORD_KATAKANA)
        return 0.0f;
    static const uint16_t particles[] = {0x306F, 0x304C, 0x3092, 0x306B, 0x306E, 0x3078,
                                         0x3068, 0x3067, 0x3082, 0x3084, 0x304B};
    for (size_t i = 0; i < sizeof particles / sizeof *particles; i++)
        if (c == particles[i]) return 0.0f;
    return -UB_SPELLING_BITS;
}

/* Bits for candidate c, between prev and next, in a word whose other
 * letters are w[0..n) (n < 0: not known); `word` begins the next word. */
float ub_spelling_bits(uint32_t c, uint32_t prev, uint32_t next, const uint32_t word[2],
                       const uint32_t *w, int n) {
    if (c >= 0xAC00 && c <= 0xD7A3) return korean_particle(c, prev, next, word);
    float cased = letter_case(c, prev, next);
    if (cased != 0.0f) return cased;
    float kana = kana_in_katakana(c, prev, next);
    if (kana != 0.0f) return kana;
    if (c >= 0x5D0 && c <= 0x5EA) {
        int at_end = !ub_lost_letter(next);
        if (hebrew_final(c) && !at_end) return -UB_SPELLING_BITS;
        if (hebrew_nonfinal(c) && at_end) return -UB_SPELLING_BITS;
        return 0.0f;
    }
    if (!greek_small(c) || n < 0) return 0.0f;
    int accent = 0, small = 1;
    for (int i = 0; i < n; i++) {
        accent |= greek_accented(w[i]);
        small &= greek_small(w[i]);
    }
    if (greek_accented(c))
        return accent ? -UB_SPELLING_BITS : (small && n >= 3 ? UB_GREEK_STRESS_HINT_BITS : 0.0f);
    return 0.0f;
}
