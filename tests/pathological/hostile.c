/* Hostile input: the documented behaviour (README, "Hostile input") for
 * bytes that are not well-formed UTF-8 or are unusual but valid. Checked
 * with default options and with UNBAKE_FLAG_KEEP_INVALID, one-shot and
 * through the stream API with chunk edges at every position:
 *  - overlong forms (C0 AF, E0 80 AF, F0 80 80 AF), UTF-8-encoded
 *    surrogates (ED A0 80, ED B0 80) and other invalid bytes: with
 *    KEEP_INVALID they pass through unchanged; by default they are decoded
 *    from a legacy codec (DECODED records) and the output is valid UTF-8;
 *    either way mojibake before them is still repaired;
 *  - NUL bytes pass through; the output has the same length semantics
 *    (it is not cut at a NUL);
 *  - a BOM (EF BB BF) at the start or in the middle is kept as it is;
 *  - a sequence cut by the end of the input is invalid (see above); a
 *    sequence cut by a chunk edge is put together again: every chunking
 *    gives the one-shot result. */
#include "unbake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);               \
            fprintf(stderr, __VA_ARGS__);                                 \
            fputc('\n', stderr);                                          \
            failures++;                                                   \
        }                                                                 \
    } while (0)

static char *oneshot(const char *in, size_t len, unsigned flags, size_t *out_len) {
    unbake_options o;
    unbake_options_init(&o);
    o.flags = flags;
    char *out = NULL;
    if (unbake_repair(in, len, &o, &out, out_len) != UNBAKE_OK) return NULL;
    char *copy = malloc(*out_len + 1);
    memcpy(copy, out, *out_len + 1);
    unbake_free(&o, out, *out_len);
    return copy;
}

/* Stream the input in chunks: the first edge at `split`, then chunks of
 * `step` bytes; output room `room` bytes per call. */
static char *streamed(const char *in, size_t len, unsigned flags, size_t split, size_t step,
                      size_t room, size_t *out_len) {
    unbake_options o;
    unbake_options_init(&o);
    o.flags = flags;
    unbake_stream *s = NULL;
    if (unbake_stream_new(&o, &s) != UNBAKE_OK) return NULL;
    size_t cap = 4 * len + 64, n = 0, pos = 0;
    char *out = malloc(cap);
    char ob[256];
    for (int calls = 0; calls < 100000; calls++) {
        size_t want = pos == 0 && split ? split : step;
        size_t give = len - pos < want ? len - pos : want;
        int fin = pos + give == len;
        size_t used = 0, got = 0;
        if (unbake_stream_process(s, in + pos, give, &used, ob, room, &got, fin) != UNBAKE_OK)
            break;
        if (n + got > cap) break;
        memcpy(out + n, ob, got);
        n += got;
        pos += used;
        if (fin && used == give && got == 0 && !unbake_stream_pending(s)) {
            unbake_stream_free(s);
            *out_len = n;
            return out;
        }
    }
    unbake_stream_free(s);
    free(out);
    return NULL;
}

static void show(const char *what, const char *s, size_t n) {
    fprintf(stderr, "  %s:", what);
    for (size_t i = 0; i < n; i++) fprintf(stderr, " %02X", (unsigned char)s[i]);
    fputc('\n', stderr);
}

static int utf8_valid(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c < 0x80) { i++; continue; }
        if (c < 0xC2 || c > 0xF4) return 0;
        size_t k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (n - i < k) return 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c == 0xE0) lo = 0xA0;
        else if (c == 0xED) hi = 0x9F;
        else if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F;
        if (p[i + 1] < lo || p[i + 1] > hi) return 0;
        for (size_t j = 2; j < k; j++)
            if ((p[i + j] & 0xC0) != 0x80) return 0;
        i += k;
    }
    return 1;
}

/* With UNBAKE_FLAG_KEEP_INVALID `in` must become exactly `keep`. With the
 * default flags: exactly `keep` too when the input is valid UTF-8;
 * otherwise the invalid bytes are decoded (the engine picks a legacy
 * codec), so the output must be valid UTF-8 and start with `prefix` (the
 * repaired text before the first invalid byte). Every chunking of the
 * stream must give the one-shot result. */
static void expect(const char *name, const char *in, size_t len, const char *keep, size_t klen,
                   const char *prefix, size_t plen) {
    static const unsigned flag_sets[2] = {0, UNBAKE_FLAG_KEEP_INVALID};
    int valid_in = utf8_valid((const unsigned char *)in, len);
    for (int f = 0; f < 2; f++) {
        size_t n = 0, m = 0;
        char *one = oneshot(in, len, flag_sets[f], &n);
        CHECK(one != NULL, "%s (flags %u): one-shot failed", name, flag_sets[f]);
        if (!one) continue;
        int ok;
        if (flag_sets[f] || valid_in)
            ok = n == klen && memcmp(one, keep, klen) == 0;
        else
            ok = utf8_valid((unsigned char *)one, n) && n >= plen && memcmp(one, prefix, plen) == 0;
        CHECK(ok, "%s (flags %u): one-shot result", name, flag_sets[f]);
        if (!ok) {
            show("input", in, len);
            show("keep ", keep, klen);
            show("got  ", one, n);
        }
        for (size_t split = 1; split < len; split++) {
            char *got = streamed(in, len, flag_sets[f], split, len, 256, &m);
            CHECK(got && m == n && memcmp(got, one, n) == 0,
                  "%s (flags %u): stream with a chunk edge after byte %zu differs from one-shot",
                  name, flag_sets[f], split);
            free(got);
        }
        char *got = streamed(in, len, flag_sets[f], 0, 1, 1, &m); /* 1 byte in, 1 byte out */
        CHECK(got && m == n && memcmp(got, one, n) == 0,
              "%s (flags %u): stream byte by byte differs from one-shot", name, flag_sets[f]);
        free(got);
        free(one);
    }
}

#define S(lit) lit, sizeof(lit) - 1
/* invalid input kept as it is with KEEP_INVALID; by default: prefix */
#define INVALID(name, lit, pre) expect(name, S(lit), S(lit), S(pre))
/* valid input: unchanged in both modes */
#define SAME(name, lit) expect(name, S(lit), S(lit), S(lit))

int main(void) {
    /* overlong forms */
    INVALID("overlong 2-byte /", "a\xC0\xAF" "b", "a");
    INVALID("overlong 3-byte /", "a\xE0\x80\xAF" "b", "a");
    INVALID("overlong 4-byte /", "a\xF0\x80\x80\xAF" "b", "a");
    INVALID("overlong NUL", "a\xC0\x80" "b", "a");
    expect("overlong next to mojibake", S("caf\xC3\x83\xC2\xA9 \xC0\xAF"),
           S("caf\xC3\xA9 \xC0\xAF"), S("caf\xC3\xA9 "));
    /* surrogates encoded in UTF-8 (CESU-8 style) */
    INVALID("high surrogate", "x\xED\xA0\x80y", "x");
    INVALID("surrogate pair", "x\xED\xA0\xBD\xED\xB8\x80y", "x");
    expect("surrogates next to mojibake", S("caf\xC3\x83\xC2\xA9 \xED\xA0\x80\xED\xB0\x80"),
           S("caf\xC3\xA9 \xED\xA0\x80\xED\xB0\x80"), S("caf\xC3\xA9 "));
    /* other invalid bytes */
    INVALID("stray bytes", "abc \xFF\xFE\x80 def", "abc ");
    INVALID("beyond U+10FFFF", "a\xF4\x90\x80\x80" "b", "a");
    /* NUL bytes */
    SAME("NUL", "a\0b\0\0c");
    expect("NUL around mojibake", S("\0caf\xC3\x83\xC2\xA9\0 cr\xC3\x83\xC2\xA8me\0"),
           S("\0caf\xC3\xA9\0 cr\xC3\xA8me\0"), S("\0caf\xC3\xA9\0 cr\xC3\xA8me\0"));
    /* BOMs */
    SAME("BOM at the start", "\xEF\xBB\xBFhello");
    SAME("BOM in the middle", "abc\xEF\xBB\xBF" "def\xEF\xBB\xBF");
    expect("BOMs around mojibake", S("\xEF\xBB\xBF" "caf\xC3\x83\xC2\xA9\xEF\xBB\xBF"),
           S("\xEF\xBB\xBF" "caf\xC3\xA9\xEF\xBB\xBF"), S("\xEF\xBB\xBF" "caf\xC3\xA9\xEF\xBB\xBF"));
    /* sequences cut by the end of the input */
    INVALID("cut 3-byte at the end", "abc \xE4\xB8", "abc ");
    INVALID("cut 4-byte at the end", "abc \xF0\x9F\x98", "abc ");
    INVALID("cut mojibake at the end", "caf\xC3\x83\xC2", "caf");
    expect("cut sequence after mojibake", S("caf\xC3\x83\xC2\xA9 cr\xC3\x83\xC2\xA8me \xE4\xB8"),
           S("caf\xC3\xA9 cr\xC3\xA8me \xE4\xB8"), S("caf\xC3\xA9 cr\xC3\xA8me "));
    /* valid text whose sequences every chunk edge cuts */
    SAME("valid mix", "caf\xC3\xA9 \xE2\x80\x94 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 end\n");
    expect("mojibake cut by edges", S("\xE2\x80\x9CQuoted\xE2\x80\x9D caf\xC3\x83\xC2\xA9 "
                                      "cr\xC3\x83\xC2\xA8me br\xC3\x83\xC2\xBBl\xC3\x83\xC2\xA9" "e\n"),
           S("\xE2\x80\x9CQuoted\xE2\x80\x9D caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e\n"),
           S("\xE2\x80\x9CQuoted\xE2\x80\x9D caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e\n"));
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("hostile: all behaviours as documented\n");
    return 0;
}
