/* Character classes (script.c): sample code points of each class, and the
 * transition and per-class costs the plausibility score relies on. */
#include "script.h"
#include "testutil.h"

#include <stdio.h>

static int is(uint32_t cp, ub_script want) {
    ub_script got = ub_script_of(cp);
    if (got != want) fprintf(stderr, "  U+%04X: class %d, want %d\n", (unsigned)cp, got, want);
    return got == want;
}

static void test_classes(void) {
    /* spaces */
    CHECK(is(' ', UB_SC_SPACE));
    CHECK(is('\t', UB_SC_SPACE));
    CHECK(is('\n', UB_SC_SPACE));
    CHECK(is('\r', UB_SC_SPACE));
    CHECK(is(0xA0, UB_SC_SPACE));
    CHECK(is(0x3000, UB_SC_SPACE));
    CHECK(is(0x2009, UB_SC_SPACE)); /* thin space */
    /* ASCII */
    CHECK(is('a', UB_SC_LATIN));
    CHECK(is('Z', UB_SC_LATIN));
    CHECK(is('0', UB_SC_DIGIT));
    CHECK(is('9', UB_SC_DIGIT));
    CHECK(is('!', UB_SC_ASCII_PUNCT));
    CHECK(is('@', UB_SC_ASCII_PUNCT));
    CHECK(is('[', UB_SC_ASCII_PUNCT));
    CHECK(is('`', UB_SC_ASCII_PUNCT));
    CHECK(is('{', UB_SC_ASCII_PUNCT));
    CHECK(is(0x00, UB_SC_CONTROL));
    CHECK(is(0x1B, UB_SC_CONTROL));
    CHECK(is(0x7F, UB_SC_CONTROL));
    /* C1 controls */
    for (uint32_t cp = 0x80; cp < 0xA0; cp++) CHECK(is(cp, UB_SC_CONTROL));
    /* Latin */
    CHECK(is(0xE9, UB_SC_LATIN));  /* é */
    CHECK(is(0xC0, UB_SC_LATIN));  /* À */
    CHECK(is(0xFF, UB_SC_LATIN));  /* ÿ */
    CHECK(is(0x153, UB_SC_LATIN)); /* œ */
    CHECK(is(0x1EA1, UB_SC_LATIN)); /* ạ (Vietnamese) */
    CHECK(is(0xD7, UB_SC_SYMBOL)); /* × */
    CHECK(is(0xF7, UB_SC_SYMBOL)); /* ÷ */
    CHECK(is(0xA9, UB_SC_PUNCT));  /* © */
    CHECK(is(0xB0, UB_SC_PUNCT));  /* ° */
    /* other alphabets */
    CHECK(is(0x3B1, UB_SC_GREEK));    /* α */
    CHECK(is(0x416, UB_SC_CYRILLIC)); /* Ж */
    CHECK(is(0x421, UB_SC_CYRILLIC)); /* С */
    CHECK(is(0x44F, UB_SC_CYRILLIC)); /* я */
    CHECK(is(0x5D0, UB_SC_HEBREW));   /* א */
    CHECK(is(0x627, UB_SC_ARABIC));   /* ا */
    CHECK(is(0xE01, UB_SC_THAI_ETC)); /* ก */
    CHECK(is(0x301, UB_SC_MARK));     /* combining acute */
    /* CJK */
    CHECK(is(0x4E00, UB_SC_HAN)); /* 一 */
    CHECK(is(0x7535, UB_SC_HAN)); /* 电 */
    CHECK(is(0x9FFF, UB_SC_HAN));
    CHECK(is(0x3400, UB_SC_HAN)); /* extension A */
    CHECK(is(0x20000, UB_SC_HAN)); /* extension B */
    CHECK(is(0x3005, UB_SC_HAN)); /* 々 */
    CHECK(is(0x3042, UB_SC_KANA)); /* あ */
    CHECK(is(0x30AB, UB_SC_KANA)); /* カ */
    CHECK(is(0x30FC, UB_SC_KANA)); /* ー */
    CHECK(is(0xFF76, UB_SC_HALFKANA)); /* ｶ */
    CHECK(is(0xFF80, UB_SC_HALFKANA)); /* ﾀ */
    CHECK(is(0xFF9D, UB_SC_HALFKANA)); /* ﾝ */
    CHECK(is(0xFF61, UB_SC_CJK_PUNCT)); /* ｡ half-width full stop */
    CHECK(is(0xAC00, UB_SC_HANGUL)); /* 가 */
    CHECK(is(0xD55C, UB_SC_HANGUL)); /* 한 */
    CHECK(is(0x3131, UB_SC_HANGUL)); /* compatibility jamo */
    CHECK(is(0x3002, UB_SC_CJK_PUNCT)); /* 。 */
    CHECK(is(0xFF0C, UB_SC_CJK_PUNCT)); /* ， */
    CHECK(is(0xFF21, UB_SC_LATIN)); /* Ａ full-width */
    CHECK(is(0xFF10, UB_SC_DIGIT)); /* ０ full-width */
    /* punctuation and symbols */
    CHECK(is(0x2014, UB_SC_PUNCT)); /* — */
    CHECK(is(0x201C, UB_SC_PUNCT)); /* “ */
    CHECK(is(0x2019, UB_SC_PUNCT)); /* ’ */
    CHECK(is(0x2248, UB_SC_SYMBOL)); /* ≈ */
    CHECK(is(0x20AC, UB_SC_SYMBOL)); /* € */
    CHECK(is(0x2500, UB_SC_SYMBOL)); /* box drawing */
    CHECK(is(0x1F600, UB_SC_SYMBOL)); /* emoji */
    /* special */
    CHECK(is(0xFFFD, UB_SC_REPLACEMENT));
    CHECK(is(0xE000, UB_SC_PRIVATE));
    CHECK(is(0xF8FF, UB_SC_PRIVATE));
    CHECK(is(0xFFFF, UB_SC_PRIVATE));
    CHECK(is(0xF0000, UB_SC_PRIVATE));
    CHECK(is(0x200B, UB_SC_CONTROL)); /* zero width space */
    CHECK(is(0xFEFF, UB_SC_CONTROL)); /* BOM */
    /* every code point gets a class in range */
    int bad = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        ub_script s = ub_script_of(cp);
        if ((int)s < 0 || s >= UB_SC_COUNT) bad++;
    }
    CHECK(bad == 0);
}

static void test_transitions(void) {
    for (int a = 0; a < UB_SC_COUNT; a++) {
        /* same class: free */
        CHECK(ub_script_transition((ub_script)a, (ub_script)a) == 0.0f);
        for (int b = 0; b < UB_SC_COUNT; b++) {
            float t = ub_script_transition((ub_script)a, (ub_script)b);
            CHECK(t >= 0.0f && t < 100.0f);
            /* spaces separate anything without cost */
            if (a == UB_SC_SPACE && b != UB_SC_MARK && b != UB_SC_CONTROL &&
                b != UB_SC_PRIVATE)
                CHECK(t == 0.0f);
        }
    }
    ub_script han = ub_script_of(0x4E00), cyr = ub_script_of(0x416);
    CHECK(ub_script_transition(han, cyr) > 0.0f);
    CHECK(ub_script_transition(cyr, han) > 0.0f);
    /* glued unrelated alphabets cost more than Han with kana (Japanese) */
    CHECK(ub_script_transition(UB_SC_HAN, UB_SC_KANA) == 0.0f);
    CHECK(ub_script_transition(UB_SC_KANA, UB_SC_HAN) == 0.0f);
    CHECK(ub_script_transition(UB_SC_LATIN, UB_SC_CYRILLIC) > 0.0f);
    CHECK(ub_script_transition(UB_SC_LATIN, UB_SC_CYRILLIC) >
          ub_script_transition(UB_SC_LATIN, UB_SC_HAN));
    CHECK(ub_script_transition(UB_SC_KANA, UB_SC_HALFKANA) > 0.0f);
    /* a combining mark after a letter is fine, after a space it is junk */
    CHECK(ub_script_transition(UB_SC_LATIN, UB_SC_MARK) == 0.0f);
    CHECK(ub_script_transition(UB_SC_SPACE, UB_SC_MARK) > 0.0f);
    /* controls inside text are expensive */
    CHECK(ub_script_transition(UB_SC_LATIN, UB_SC_CONTROL) > 0.0f);
    CHECK(ub_script_transition(UB_SC_CONTROL, UB_SC_LATIN) > 0.0f);
    /* letters next to punctuation or digits cost nothing */
    CHECK(ub_script_transition(UB_SC_HAN, UB_SC_PUNCT) == 0.0f);
    CHECK(ub_script_transition(UB_SC_CYRILLIC, UB_SC_DIGIT) == 0.0f);
}

static void test_char_cost(void) {
    CHECK(ub_script_char_cost(UB_SC_CONTROL) > 0.0f);
    CHECK(ub_script_char_cost(UB_SC_PRIVATE) > 0.0f);
    CHECK(ub_script_char_cost(UB_SC_LATIN) == 0.0f);
    CHECK(ub_script_char_cost(UB_SC_HAN) == 0.0f);
    CHECK(ub_script_char_cost(UB_SC_CYRILLIC) == 0.0f);
}

int main(void) {
    test_classes();
    test_transitions();
    test_char_cost();
    return ut_report("test_script");
}
