/*
 * windows-1252 text read as CP437 (a DOS console, an old terminal, a file
 * opened as "OEM" text): `Passw÷rtern` is Passwörtern, `zusΣtzlich`
 * zusätzlich, `ItÆs` It’s, `ò item` • item, `ù` between spaces —.
 *
 * One reading for the whole window, accepted or refused as a whole. The
 * decoder leaves no marks, and taken one character at a time most of the
 * evidence is weak (a lone `ò` is an Italian letter as well as a bullet),
 * but a CP437 decoder turns every non-ASCII byte of the file, so the
 * hypothesis is that every non-ASCII character of the window is its image:
 * a window that holds one character CP437 does not have, or one whose byte
 * windows-1252 leaves undefined (81, 8D, 8F, 90, 9D: CP437 ü ì Å É ¥), is
 * not such text. Clean text is safe where it matters: its accented letters
 * are CP437 characters too, but their cp1252 readings are punctuation and
 * symbols inside words (`côté` would be `c“t‚`), which the model refuses.
 *
 * One segment per region, all of them in one group (ub_seg.group): decide.c
 * weighs the group's summed gain against one margin, so that the window's
 * umlauts speak for its bullets and dashes.
 */
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "script.h"

/* The windows-1252 character whose byte CP437 shows as c, or 0. */
static uint32_t cp1252_of(uint32_t c) {
    uint8_t b[4];
    uint32_t out;
    if (ub_codec_encode(UB_CP437, c, b) != 1) return 0;
    if (ub_codec_decode(UB_CP1252, UB_FAMILY_STRICT, b, 1, &out) != 1) return 0;
    return out;
}

static int ascii_letter(uint32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int blank(uint32_t c) { return c == ' ' || c == '\t' || c == '\n'; }
static int closes(uint32_t c) {
    return blank(c) || c == ',' || c == '.' || c == ';' || c == ':' || c == ')' || c == '!' ||
           c == '?';
}

/* The character before / after char k of region r ('\n' at the chunk
 * edges: a chunk starts and ends at line breaks or spaces). */
static uint32_t before(const ub_engine *e, const ub_region *r, size_t k) {
    if (k > r->c0) return e->cp[k - 1];
    return r->b0 > 0 ? e->chunk[r->b0 - 1] : '\n';
}
static uint32_t after(const ub_engine *e, const ub_region *r, size_t k) {
    if (k + 1 < r->c1) return e->cp[k + 1];
    return r->b1 < e->chunk_len ? e->chunk[r->b1] : '\n';
}

/* The letters after char k are an English contraction ending (`donÆt`,
 * `itÆs`, `weÆre`, `IÆll`), followed by a non-letter: an apostrophe there;
 * `BEMÆRK` is a Danish word. */
static int contraction(const ub_engine *e, const ub_region *r, size_t k) {
    char w[4];
    size_t n = 0;
    for (size_t j = k + 1; n < 3; j++) {
        uint32_t c = j < r->c1 ? e->cp[j] : after(e, r, r->c1 - 1);
        if (!ascii_letter(c)) break;
        w[n++] = (char)(c | 0x20);
        if (j >= r->c1) break;
    }
    if (n == 0 || n > 2) return 0;
    w[n] = 0;
    static const char *const endings[] = {"s", "t", "d", "m", "re", "ve", "ll"};
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++)
        if (strcmp(w, endings[i]) == 0) return 1;
    return 0;
}

/* Typography the language models cannot see, as bits for the reading: the
 * characters of cp1252's punctuation block (0x91..0x97) in the places such
 * punctuation stands. Text models know a ’ is common, not that a `ò` at a
 * line start before a space is a bullet: no language starts a line with a
 * lone ò, ù or û, nor writes `ItÆs`. Each is near proof on its own. */
#define UB_CP437_PAIR_BITS 18.0f   /* ‘…’ or “…” on one line, per pair */
#define UB_CP437_BULLET_BITS 20.0f /* • at a line start before a space */
#define UB_CP437_INWORD_BITS 14.0f /* ’ of an English contraction */
#define UB_CP437_DASH_BITS 20.0f   /* – or — between spaces */
#define UB_CP437_RANGE_BITS 14.0f  /* – between a number and a word (`0x1–0xff`) */
#define UB_CP437_MILLE_BITS 24.0f  /* ‰ after a number (the models rate ‰ as rare) */
/* A symbol glued between two letters, whose cp1252 reading is a letter
 * (`Contrase±a`, `ge÷ffnet`): the models charge the symbol for standing in
 * a word (score.c), this is the letter's side of the same evidence. */
#define UB_CP437_GLUE_BITS 4.0f
/* ... and at a word's edge (`pi∙` più, `fall≤` falló, `─nderung`), where
 * math symbols do not stand; a Greek letter there (`perchΘ`, `Δt`) is a
 * little evidence only. */
#define UB_CP437_EDGE_BITS 6.0f
#define UB_CP437_EDGE_GREEK_BITS 2.0f
/* A Latin letter read as something else without a typographic reason. */
#define UB_CP437_OWN_LETTER_BITS 6.0f
/* A symbol beside a number (`≤ 128K`, `±5`, `x² + 1`) stands where symbols
 * stand; reading it as a letter (`ó 128K`) counts against the reading. */
#define UB_CP437_NUMBER_BITS 8.0f

static int digit(uint32_t c) { return c >= '0' && c <= '9'; }
static int alnum(uint32_t c) { return digit(c) || ascii_letter(c); }

/* p: the cp1252 reading of char k (cp1252_of), here and below. */
static float typography(const ub_engine *e, const ub_region *r, size_t k, uint32_t p) {
    uint32_t prev = before(e, r, k), next = after(e, r, k);
    switch (p) {
    case 0x2018: case 0x201C: {
        if (!(blank(prev) || prev == '(' || prev == '[') || blank(next)) return 0.0f;
        uint32_t want = p == 0x2018 ? 0x2019 : 0x201D;
        for (size_t j = k + 1; j < r->c1 && e->cp[j] != '\n'; j++)
            if (e->cp[j] >= 0x80 && cp1252_of(e->cp[j]) == want && !blank(e->cp[j - 1]) &&
                closes(after(e, r, j)))
                return UB_CP437_PAIR_BITS;
        return 0.0f;
    }
    case 0x2019:
        return ascii_letter(prev) && contraction(e, r, k) ? UB_CP437_INWORD_BITS : 0.0f;
    case 0x2022: return prev == '\n' && (next == ' ' || next == '\n') ? UB_CP437_BULLET_BITS : 0.0f;
    case 0x2013:
        if (alnum(prev) && alnum(next) && (digit(prev) || digit(next))) return UB_CP437_RANGE_BITS;
        /* fall through */
    case 0x2014: return prev == ' ' && next == ' ' ? UB_CP437_DASH_BITS : 0.0f;
    case 0x2030: return digit(prev) ? UB_CP437_MILLE_BITS : 0.0f;
    default: return 0.0f;
    }
}

/* ASCII letters in a row from char k going by step (-1, +1) in region r. */
static size_t letters_from(const ub_engine *e, const ub_region *r, size_t k, int step) {
    size_t n = 0;
    for (size_t i = k; i >= r->c0 && i < r->c1 && ascii_letter(e->cp[i]); i += (size_t)step) n++;
    return n;
}

/* A vowel with a grave or acute accent: the letters that end Romance words
 * (`pi∙` più, `giα` già, `perchΘ` perché, `pu≥` può, `asφ` así). */
static int accented_vowel(uint32_t c) {
    switch (c) {
    case 0xE0: case 0xE1: case 0xE8: case 0xE9: case 0xEC:
    case 0xED: case 0xF2: case 0xF3: case 0xF9: case 0xFA: return 1;
    default: return 0;
    }
}

/* ß where German never writes it: at a word's start or after a consonant
 * (`ßrea` área, `mßs` más, `parßmetro` parámetro; CP437 E1 is á). The
 * models know ß as a common German letter, not where it may stand. */
#define UB_CP437_SHARP_S_BITS 8.0f

static int misplaced_sharp_s(const ub_engine *e, const ub_region *r, size_t k, size_t left,
                             size_t right) {
    if (e->cp[k] != 0xDF) return 0;
    if (left == 0) return right >= 2 && before(e, r, k) < 0x80; /* not after `√` */
    return strchr("aeiouy", (int)(e->cp[k - 1] | 0x20)) == NULL;
}

/* Char k stands alone between two words of two letters or more and reads
 * as a word of one letter in a language whose function words the window
 * holds most often: Italian è (`Questa Φ una`), Portuguese é, French or
 * Portuguese à. Physics writes `le flux Φ est` too, but not in Italian. */
#define UB_CP437_LONE_WORD_BITS 8.0f

static uint32_t lang_bit(const char *name) {
    int L = ub_lm_lang_find(name);
    return L >= 0 && L < 32 ? 1u << L : 0;
}

static float lone_word(ub_engine *e, const ub_region *r, size_t k, uint32_t p) {
    if (p != 0xE8 && p != 0xE9 && p != 0xE0) return 0.0f;
    if (ub_script_of(e->cp[k]) == UB_SC_LATIN) return 0.0f;
    if (!(before(e, r, k) == ' ' && after(e, r, k) == ' ' && k > r->c0 + 2 && k + 3 < r->c1 &&
          letters_from(e, r, k - 2, -1) >= 2 && letters_from(e, r, k + 2, 1) >= 2))
        return 0.0f;
    uint32_t it = lang_bit("it"), pt = lang_bit("pt"), fr = lang_bit("fr");
    uint32_t speakers = p == 0xE8 ? it : p == 0xE9 ? pt : fr | pt;
    return ub_function_word_leaders(e, 1) & speakers ? UB_CP437_LONE_WORD_BITS : 0.0f;
}

/* Box drawing and block elements (U+2500..U+259F): a line of a drawing
 * where one touches another (`├─user.slice`, a tree of units or files),
 * whatever letters follow. */
static int drawing(uint32_t c) { return c >= 0x2500 && c <= 0x259F; }

/* Evidence that char k is the CP437 image of its cp1252 reading, in bits
 * for the reading, or a negative value for none. It cannot be what it
 * shows where it stands, and its reading can: punctuation in its
 * typographic place; a symbol or Greek letter glued inside a word
 * (`Passw÷rtern`, `zusΣtzlich`) or at a word's edge after or before three
 * letters (`─nderung`, `Θtendue`) or, for an accented vowel, after two
 * (`pi∙`); a word of one letter (lone_word); a misplaced ß; never a
 * piece of a drawing. A window with no such character is not judged at
 * all: a reading that only turns `x²` into `xý` or box drawing into `ÄÄÄ`
 * would be the model's guess, not evidence. */
static float telltale(ub_engine *e, const ub_region *r, size_t k, uint32_t p) {
    if (drawing(e->cp[k]) && (drawing(before(e, r, k)) || drawing(after(e, r, k)))) return -1.0f;
    float bits = typography(e, r, k, p);
    if (bits > 0.0f) return bits;
    bits = lone_word(e, r, k, p);
    if (bits > 0.0f) return bits;
    size_t left = k > r->c0 ? letters_from(e, r, k - 1, -1) : 0;
    size_t right = letters_from(e, r, k + 1, 1);
    ub_script sc = ub_script_of(e->cp[k]);
    if (sc == UB_SC_LATIN)
        return misplaced_sharp_s(e, r, k, left, right) ? UB_CP437_SHARP_S_BITS : -1.0f;
    if (sc == UB_SC_SPACE) return -1.0f;
    int letter = ub_script_of(p) == UB_SC_LATIN;
    if (left && right) return letter ? UB_CP437_GLUE_BITS : 0.0f;
    uint32_t pc = before(e, r, k), nc = after(e, r, k);
    if (!letter || digit(pc) || digit(nc)) return -1.0f;
    if (left >= 3 || right >= 3 || (left >= 2 && accented_vowel(p)))
        return sc == UB_SC_GREEK ? UB_CP437_EDGE_GREEK_BITS : UB_CP437_EDGE_BITS;
    return -1.0f;
}

/* The nearest character before / after char k past one space. */
static uint32_t near_before(const ub_engine *e, const ub_region *r, size_t k) {
    uint32_t c = before(e, r, k);
    return c == ' ' && k > r->c0 ? before(e, r, k - 1) : c;
}
static uint32_t near_after(const ub_engine *e, const ub_region *r, size_t k) {
    uint32_t c = after(e, r, k);
    return c == ' ' && k + 1 < r->c1 ? after(e, r, k + 1) : c;
}

/* Char k is a symbol in its place beside a number whose reading would be
 * a letter: bits against the reading, else 0. */
static float fits_number(const ub_engine *e, const ub_region *r, size_t k, uint32_t p) {
    ub_script sc = ub_script_of(e->cp[k]);
    if (sc != UB_SC_SYMBOL && sc != UB_SC_PUNCT && sc != UB_SC_GREEK) return 0.0f;
    if (ub_script_of(p) != UB_SC_LATIN) return 0.0f;
    return digit(near_before(e, r, k)) || digit(near_after(e, r, k)) ? UB_CP437_NUMBER_BITS : 0.0f;
}

/* Every non-ASCII character of the window is a CP437 image of a cp1252
 * byte, and one at least gives the reading away (telltale). */
static int window_images(ub_engine *e) {
    int told = 0;
    for (size_t ri = 0; ri < e->nreg; ri++)
        for (size_t k = e->reg[ri].c0; k < e->reg[ri].c1; k++) {
            if (e->cp[k] < 0x80) continue;
            uint32_t p = cp1252_of(e->cp[k]);
            if (!p) return 0;
            if (!told) told = telltale(e, &e->reg[ri], k, p) >= 0.0f;
        }
    return told;
}

int ub_legacy_cp437(ub_engine *e) {
    if (!((e->codec_mask >> UB_CP437) & 1u) || !((e->codec_mask >> UB_CP1252) & 1u)) return 0;
    if (!window_images(e)) return 0;
    for (size_t ri = 0; ri < e->nreg; ri++) {
        const ub_region *r = &e->reg[ri];
        size_t k0 = r->c0, k1 = r->c1;
        while (k0 < k1 && e->cp[k0] < 0x80) k0++;
        while (k1 > k0 && e->cp[k1 - 1] < 0x80) k1--;
        if (k0 == k1) continue;
        ub_seg s;
        memset(&s, 0, sizeof s);
        s.dec_off = (uint32_t)e->ndec;
        for (size_t k = k0; k < k1; k++) {
            uint32_t c = e->cp[k];
            if (c >= 0x80) {
                uint32_t p = cp1252_of(c);
                float bits = telltale(e, r, k, p);
                if (bits > 0.0f) s.context_bits += bits;
                s.context_bits -= fits_number(e, r, k, p);
                /* CP437 shows windows-1252's letters as symbols and Greek
                 * letters, its punctuation as Latin letters; a Latin letter
                 * with no typographic place to explain it is the text's own
                 * (`non è costante` would read `non Š`) */
                if (bits <= 0.0f && ub_script_of(c) == UB_SC_LATIN)
                    s.context_bits -= UB_CP437_OWN_LETTER_BITS;
                s.orig_nonascii++;
                c = p;
            }
            if (ub_push_dec(e, c)) return -1;
        }
        s.start = (uint32_t)k0;
        s.end = (uint32_t)k1;
        s.dec_n = (uint32_t)(e->ndec - s.dec_off);
        s.hole_off = (uint32_t)e->nholes;
        s.codec = (uint8_t)UB_CP437;
        s.right = (uint8_t)(UB_CP1252 + 1);
        s.units = 2; /* a run, not a lone unit: no short-unit margin */
        s.group = UB_GROUP_CP437;
        s.region = (uint32_t)ri;
        ub_decide_score(e, &s);
        if (ub_push_seg(e, &s)) return -1;
    }
    return 0;
}
