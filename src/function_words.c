/*
 * Function words (`the`, `und`, `che`...) of the Latin-script languages in
 * the window's ASCII text: the language models score only non-ASCII
 * characters, and the ASCII words around them say which language a text
 * is in (decide.c's prior; legacy_cp437.c's lone letters).
 */
#include <string.h>

#include "engine.h"
#include "lm.h"

/* Function words of Latin-script languages: ASCII carries no character
 * statistics in our model, but it does say which language a text is in,
 * and that decides between candidates such as the spaced dashes – and —. */
static const struct {
    const char *lang;
    const char *words[10]; /* lower case, 2..5 letters */
} function_words[] = {
    {"en", {"the", "and", "of", "to", "is", "that", "with", "for", "was", "are"}},
    {"de", {"der", "die", "und", "das", "nicht", "ist", "mit", "den", "sich", "auf"}},
    {"fr", {"les", "des", "est", "une", "pour", "dans", "que", "pas", "sur", "avec"}},
    {"es", {"los", "las", "del", "que", "por", "una", "para", "con", "como", "est"}},
    {"it", {"il", "che", "della", "per", "non", "una", "sono", "gli", "nel", "con"}},
    {"pt", {"os", "que", "uma", "para", "com", "dos", "das", "como", "pelo", "seu"}},
    {"pl", {"nie", "jest", "tego", "jak", "lub", "przez", "dla", "oraz", "jako", "od"}},
    {"cs", {"je", "se", "jako", "pro", "ale", "jsou", "nebo", "byl", "jeho", "podle"}},
    {"tr", {"ve", "bir", "bu", "ile", "olarak", "gibi", "daha", "veya", "kadar", "sonra"}},
    {"hu", {"az", "hogy", "nem", "egy", "meg", "van", "csak", "vagy", "mint", "ez"}},
};
#define UB_NFW (sizeof function_words / sizeof function_words[0])
#define UB_FUNCTION_WORD_BONUS 4.0f
#define UB_LATIN_CONTEXT_WORDS 3
/* A word of 2..5 ASCII letters packed into 28 bits (5 per letter, the
 * length on top), 0 for anything else. */
static uint32_t pack_word(const uint8_t *w, size_t len) {
    if (len < 2 || len > 5) return 0;
    uint32_t k = (uint32_t)len << 25;
    for (size_t i = 0; i < len; i++) k |= (uint32_t)((w[i] | 0x20) - 'a' + 1) << (5 * i);
    return k;
}

#define UB_FW_SLOTS 256 /* open addressing, at most 100 words: under half full */
#define UB_FW_SAMPLE (32u * 1024u)

/* The slot of `key` in the table, or the empty slot where it would go. */
static uint32_t fw_slot(const uint32_t *keys, uint32_t key) {
    uint32_t slot = (key * UB_HASH_MUL) >> 24;
    while (keys[slot] && keys[slot] != key) slot = (slot + 1) & (UB_FW_SLOTS - 1);
    return slot;
}

/* Count each language's function words in the window text; after them,
 * hits[UB_NFW] the words of two ASCII letters or more, hits[UB_NFW + 1]
 * the non-ASCII characters. */
static void count_function_words_now(const ub_engine *e, unsigned *hits) {
    /* the function words as packed keys, each with the languages that have
     * it (`que` is French, Spanish and Portuguese) */
    uint32_t keys[UB_FW_SLOTS] = {0};
    uint16_t langs[UB_FW_SLOTS] = {0};
    _Static_assert(UB_NFW <= 16, "language bits in uint16_t");
    for (size_t L = 0; L < UB_NFW; L++)
        for (size_t k = 0; k < 10; k++) {
            const char *fw = function_words[L].words[k];
            uint32_t key = pack_word((const uint8_t *)fw, strlen(fw));
            uint32_t slot = fw_slot(keys, key);
            keys[slot] = key;
            langs[slot] |= (uint16_t)(1u << L);
        }
    const uint8_t *t = e->chunk;
    /* the first UB_FW_SAMPLE bytes: the hint is capped at a few words'
     * lead (ub_ascii_language_hint), which a sample of this size settles
     * (32 KiB of English holds hundreds of function words), and scanning
     * a whole window of English cost a seventh of its time, 128 KiB still
     * a tenth */
    size_t n = e->chunk_len < UB_FW_SAMPLE ? e->chunk_len : UB_FW_SAMPLE;
    for (size_t L = 0; L < UB_NFW; L++) hits[L] = 0;
    unsigned words = 0, nonascii = 0;
    for (size_t i = 0; i < n;) {
        if (!((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z')) {
            nonascii += t[i] >= 0xC0; /* a UTF-8 lead: one character */
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && (t[j] | 0x20) >= 'a' && (t[j] | 0x20) <= 'z') j++;
        words += j - i >= 2;
        uint32_t key = pack_word(t + i, j - i);
        if (key) {
            uint32_t slot = fw_slot(keys, key);
            if (keys[slot])
                for (size_t L = 0; L < UB_NFW; L++) hits[L] += (langs[slot] >> L) & 1u;
        }
        i = j;
    }
    hits[UB_NFW] = words;
    hits[UB_NFW + 1] = nonascii;
}

/* How many of each language's function words the window holds: counted
 * once per window (ub_engine_chunk clears fw_counted), as repairs change
 * its non-ASCII text and leave the ASCII words alone. */
static void count_function_words(ub_engine *e, unsigned *hits) {
    _Static_assert(UB_NFW + 2 <= UB_FW_LANGS, "function-word counts held by the engine");
    if (!e->fw_counted) {
        count_function_words_now(e, e->fw_hits);
        e->fw_counted = 1;
    }
    memcpy(hits, e->fw_hits, (UB_NFW + 2) * sizeof *hits);
}

uint32_t ub_function_word_leaders(ub_engine *e, unsigned min_hits) {
    unsigned hits[UB_NFW + 2], most = 0;
    count_function_words(e, hits);
    for (size_t L = 0; L < UB_NFW; L++)
        if (hits[L] > most) most = hits[L];
    uint32_t mask = 0;
    for (size_t L = 0; L < UB_NFW && most && most >= min_hits; L++) {
        int lang = ub_lm_lang_find(function_words[L].lang);
        if (hits[L] == most && lang >= 0 && lang < 32) mask |= 1u << lang;
    }
    return mask;
}

void ub_ascii_language_hint(ub_engine *e, float *chunk, size_t clean_chars) {
    unsigned hits[UB_NFW + 2];
    count_function_words(e, hits);
    /* A window of ASCII words with a few damaged characters among them and
     * no clean non-ASCII character to speak for a script: the damage is in
     * Latin-script text (`[%2zu] \u0098%s\u0099 invalid` is ‘%s’, not 수%s동,
     * whose syllables each read as common Korean where nothing else
     * tells) */
    unsigned words = hits[UB_NFW], nonascii = hits[UB_NFW + 1];
    if (clean_chars == 0 && words >= UB_LATIN_CONTEXT_WORDS && words >= 2 * nonascii)
        for (int L = 0; L < e->nlang; L++)
            if (!((e->latin_langs >> L) & 1u)) chunk[L] -= UB_FUNCTION_WORD_BONUS;
    size_t best = 0;
    for (size_t L = 1; L < UB_NFW; L++)
        if (hits[L] > hits[best]) best = L;
    unsigned second = 0;
    for (size_t L = 0; L < UB_NFW; L++)
        if (L != best && hits[L] > second) second = hits[L];
    if (hits[best] < 2 || hits[best] < 2 * second) return;
    int lang = ub_lm_lang_find(function_words[best].lang);
    if (lang < 0) return;
    /* one bit per function word of lead, up to the cap */
    float bonus = (float)(hits[best] - second);
    if (bonus > UB_FUNCTION_WORD_BONUS) bonus = UB_FUNCTION_WORD_BONUS;
    for (int L = 0; L < e->nlang; L++)
        if (L != lang) chunk[L] -= bonus;
}
