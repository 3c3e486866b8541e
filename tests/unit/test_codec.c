/* Codec tables: encode/decode facts from the code pages, variant merging,
 * the lost-byte predicate, and exhaustive round trips.
 *
 * `test_codec --check FILE` is used by check_codecs_vs_python.py: FILE has
 * lines "codec hexbytes cp" (what Python's strict codec decodes); prints
 * one line per mismatch and a per-codec summary. */
#define _POSIX_C_SOURCE 200809L
#include "codec.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int enc_is(ub_codec_id id, uint32_t cp, const char *hex) {
    uint8_t b[4];
    int n = ub_codec_encode(id, cp, b);
    char got[9] = "";
    for (int i = 0; i < n; i++) snprintf(got + 2 * i, 3, "%02X", b[i]);
    if (strcmp(got, hex) != 0) {
        fprintf(stderr, "  encode(%s, U+%04X) = %s, want %s\n", ub_codec_name(id), (unsigned)cp,
                got, hex);
        return 0;
    }
    return 1;
}

static uint32_t dec2(ub_codec_id id, ub_family f, uint8_t a, uint8_t b, int *len) {
    uint8_t s[2] = {a, b};
    uint32_t cp = 0;
    *len = ub_codec_decode(id, f, s, 2, &cp);
    return *len ? cp : 0;
}

static int check_file(const char *path) {
    FILE *fp = fopen(path, "r");
    if (!fp) return 2;
    char name[32], hex[16];
    unsigned long cp;
    long total[UB_CODEC_COUNT] = {0}, bad_enc[UB_CODEC_COUNT] = {0}, bad_dec[UB_CODEC_COUNT] = {0};
    while (fscanf(fp, "%31s %15s %lx", name, hex, &cp) == 3) {
        int id = ub_codec_from_name(name, strlen(name));
        if (id < 0) continue;
        uint8_t want[4], got[4];
        int wn = (int)strlen(hex) / 2;
        for (int i = 0; i < wn; i++) {
            unsigned x;
            sscanf(hex + 2 * i, "%2x", &x);
            want[i] = (uint8_t)x;
        }
        total[id]++;
        int gn = ub_codec_encode((ub_codec_id)id, (uint32_t)cp, got);
        if (gn != wn || memcmp(got, want, (size_t)wn) != 0) {
            bad_enc[id]++;
            printf("ENC %s U+%04lX python=%s ours=", name, cp, hex);
            for (int i = 0; i < gn; i++) printf("%02X", got[i]);
            printf("\n");
        }
        uint32_t d = 0;
        int dn = ub_codec_decode((ub_codec_id)id, UB_FAMILY_STRICT, want, (size_t)wn, &d);
        if (dn != wn || d != cp) {
            bad_dec[id]++;
            printf("DEC %s %s python=U+%04lX strict=%d:U+%04X\n", name, hex, cp, dn, (unsigned)d);
        }
    }
    fclose(fp);
    for (int i = 0; i < UB_CODEC_COUNT; i++)
        if (total[i])
            printf("SUMMARY %-12s %6ld sequences, %4ld encode mismatches, %4ld strict-decode mismatches\n",
                   ub_codec_name((ub_codec_id)i), total[i], bad_enc[i], bad_dec[i]);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--check") == 0) return check_file(argv[2]);

    /* Single-byte encode, including the sloppy C1 bytes. */
    CHECK(enc_is(UB_CP1252, 0xE9, "E9"));
    CHECK(enc_is(UB_CP1252, 0x20AC, "80"));
    CHECK(enc_is(UB_CP1252, 0x81, "81"));
    CHECK(enc_is(UB_CP1252, 0x201D, "94"));
    CHECK(enc_is(UB_CP1252, 'A', "41"));
    CHECK(enc_is(UB_CP1252, 0x4E00, ""));
    CHECK(enc_is(UB_LATIN1, 0x85, "85"));
    CHECK(enc_is(UB_CP1251, 0x0416, "C6"));
    CHECK(enc_is(UB_KOI8_R, 0x0416, "F6"));
    CHECK(enc_is(UB_CP437, 0x2502, "B3"));
    CHECK(enc_is(UB_MAC_ROMAN, 0x00E9, "8E"));

    /* GBK: the classic 鈥 (E2 80), 渁, user-defined area, A1A4 variants. */
    CHECK(enc_is(UB_GBK, 0x9225, "E280"));
    CHECK(enc_is(UB_GBK, 0x6E01, "9C61"));
    CHECK(enc_is(UB_GBK, 0x20AC, "80"));
    CHECK(enc_is(UB_GBK, 0xE000, "AAA1"));
    CHECK(enc_is(UB_GBK, 0xE234, "F8A1"));
    CHECK(enc_is(UB_GBK, 0xE4C6, "A140"));
    CHECK(enc_is(UB_GBK, 0x00B7, "A1A4"));
    CHECK(enc_is(UB_GBK, 0x30FB, "A1A4"));
    CHECK(enc_is(UB_GB18030, 0x9225, "E280"));
    CHECK(enc_is(UB_GB18030, 0x00E9, "A8A6"));
    CHECK(enc_is(UB_GB18030, 0x0080, "81308130"));
    CHECK(enc_is(UB_GB18030, 0x1F600, "9439FC36"));
    CHECK(enc_is(UB_SHIFT_JIS, 0x7E3A, "E381"));
    CHECK(enc_is(UB_CP932, 0x7E3A, "E381"));
    CHECK(enc_is(UB_CP932, 0xFF71, "B1"));
    CHECK(enc_is(UB_EUC_JP, 0x3042, "A4A2"));
    CHECK(enc_is(UB_EUC_JP, 0x4E28, "8FB0A9")); /* JIS X 0212 */
    CHECK(enc_is(UB_EUC_KR, 0xAC00, "B0A1"));
    CHECK(enc_is(UB_CP949, 0xAC02, "8141"));
    CHECK(enc_is(UB_BIG5, 0x4E00, "A440"));

    /* Decode, per family. */
    int n;
    CHECK(dec2(UB_GBK, UB_FAMILY_STRICT, 0xE2, 0x80, &n) == 0x9225 && n == 2);
    CHECK(dec2(UB_GBK, UB_FAMILY_WHATWG, 0xE2, 0x80, &n) == 0x9225 && n == 2);
    CHECK(dec2(UB_GBK, UB_FAMILY_STRICT, 0xAD, 0xE6, &n) == 0 && n == 0);
    CHECK(dec2(UB_GBK, UB_FAMILY_WHATWG, 0xAA, 0xA1, &n) == 0xE000 && n == 2);
    CHECK(dec2(UB_GBK, UB_FAMILY_WHATWG, 0x80, 0x41, &n) == 0x20AC && n == 1);
    CHECK(dec2(UB_GBK, UB_FAMILY_STRICT, 0x80, 0x41, &n) == 0 && n == 0);
    CHECK(dec2(UB_GBK, UB_FAMILY_STRICT, 0x9D, 0x20, &n) == 0 && n == 0);
    CHECK(dec2(UB_CP1252, UB_FAMILY_STRICT, 0x81, 0x41, &n) == 0 && n == 0);
    CHECK(dec2(UB_CP1252, UB_FAMILY_WHATWG, 0x81, 0x41, &n) == 0x81 && n == 1);
    CHECK(dec2(UB_SHIFT_JIS, UB_FAMILY_STRICT, 0xE3, 0x81, &n) == 0x7E3A && n == 2);
    {
        const uint8_t gb4[4] = {0x81, 0x30, 0x81, 0x30}, smp[4] = {0x94, 0x39, 0xFC, 0x36};
        const uint8_t ej[3] = {0x8F, 0xB0, 0xA9};
        uint32_t cp = 0;
        CHECK(ub_codec_decode(UB_GB18030, UB_FAMILY_STRICT, gb4, 4, &cp) == 4 && cp == 0x80);
        CHECK(ub_codec_decode(UB_GB18030, UB_FAMILY_WHATWG, smp, 4, &cp) == 4 && cp == 0x1F600);
        CHECK(ub_codec_decode(UB_GB18030, UB_FAMILY_WHATWG, gb4, 3, &cp) == 0);
        CHECK(ub_codec_decode(UB_EUC_JP, UB_FAMILY_STRICT, ej, 3, &cp) == 3 && cp == 0x4E28);
        CHECK(ub_codec_decode(UB_GBK, UB_FAMILY_STRICT, gb4, 0, &cp) == 0);
    }

    /* Lost-byte predicate. */
    CHECK(ub_codec_could_lose(UB_GBK, 0x9D, 0x20) == 1);
    CHECK(ub_codec_could_lose(UB_GBK, 0xE4, 0xB8) == 0);
    CHECK(ub_codec_could_lose(UB_GBK, 0xAD, 0xE6) == 1);
    CHECK(ub_codec_could_lose(UB_GBK, 0xE4, -1) == 1);
    CHECK(ub_codec_could_lose(UB_GBK, 0x80, 0x41) == 1);
    CHECK(ub_codec_could_lose(UB_GBK, 0x41, 0x41) == 0);
    CHECK(ub_codec_could_lose(UB_GB18030, 0x81, 0x30) == 0);
    CHECK(ub_codec_could_lose(UB_BIG5, 0xE2, 0x80) == 1);
    {
        const uint8_t lost[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
        int cnt = 0;
        for (int b = 0x80; b <= 0xFF; b++) cnt += ub_codec_could_lose(UB_CP1252, (uint8_t)b, -1);
        CHECK(cnt == 5);
        for (size_t i = 0; i < sizeof lost; i++) CHECK(ub_codec_could_lose(UB_CP1252, lost[i], 0x41));
        CHECK(!ub_codec_could_lose(UB_LATIN1, 0x81, -1));
    }

    /* Pairs glibc drops whole: a lead byte (empty rows included) and a
     * trail its table does not pair it with. */
    CHECK(ub_codec_pair_unmapped(UB_GBK, 0xAA, 0xF0));   /* user-defined row */
    CHECK(!ub_codec_pair_unmapped(UB_GBK, 0x82, 0xF0));  /* 鉀 */
    CHECK(!ub_codec_pair_unmapped(UB_GBK, 0x80, 0xF0));  /* 80 is no lead */
    CHECK(ub_codec_pair_unmapped(UB_SHIFT_JIS, 0x85, 0xE0)); /* empty row 85 */
    CHECK(!ub_codec_pair_unmapped(UB_SHIFT_JIS, 0xA1, 0xE0)); /* ｡ alone */
    CHECK(!ub_codec_pair_unmapped(UB_EUC_KR, 0x90, 0xE0)); /* no lead */
    CHECK(ub_codec_pair_unmapped(UB_EUC_KR, 0xAD, 0xE0)); /* empty row AD */
    CHECK(!ub_codec_pair_unmapped(UB_CP1252, 0xAA, 0xF0));

    /* Mask. */
    CHECK(ub_codec_mask('A') == 0);
    CHECK(ub_codec_mask(0xE9) & (1u << UB_CP1252));
    CHECK(ub_codec_mask(0xE9) & (1u << UB_LATIN1));
    CHECK(!(ub_codec_mask(0xE9) & (1u << UB_CP1251)));
    CHECK(ub_codec_mask(0x9225) & (1u << UB_GBK));
    CHECK(ub_codec_mask(0x7E3A) & (1u << UB_SHIFT_JIS));
    CHECK(ub_codec_mask(0x7E3A) & (1u << UB_CP932));
    CHECK(!(ub_codec_mask(0x9225) & (1u << UB_CP1252)));
    CHECK(ub_codec_mask(0x81) & (1u << UB_CP1252));
    CHECK(ub_codec_mask(0xE000) & (1u << UB_GBK));
    CHECK(ub_codec_mask(0x1F600) == (1u << UB_GB18030));
    CHECK(ub_codec_mask(0x110000) == 0);

    /* Names. */
    CHECK(ub_codec_from_name("Windows-1252", 12) == UB_CP1252);
    CHECK(ub_codec_from_name("ISO_8859-1", 10) == UB_LATIN1);
    CHECK(ub_codec_from_name("latin1", 6) == UB_LATIN1);
    CHECK(ub_codec_from_name("SJIS", 4) == UB_SHIFT_JIS);
    CHECK(ub_codec_from_name("windows-31j", 11) == UB_CP932);
    CHECK(ub_codec_from_name("cp936", 5) == UB_GBK);
    CHECK(ub_codec_from_name("UHC", 3) == UB_CP949);
    CHECK(ub_codec_from_name("big5-hkscs", 10) == UB_BIG5);
    CHECK(ub_codec_from_name("EUC-JP", 6) == UB_EUC_JP);
    CHECK(ub_codec_from_name("utf-8", 5) == -1);
    for (int i = 0; i < UB_CODEC_COUNT; i++) {
        const char *nm = ub_codec_name((ub_codec_id)i);
        CHECK(ub_codec_from_name(nm, strlen(nm)) == i);
    }

    /* Exhaustive: every single byte, pair (and GB18030 4-byte BMP slot)
     * some family accepts encodes back to bytes decoding to the same code
     * point, and the mask has the codec's bit. */
    long rt_fail = 0, mask_fail = 0, accepted = 0;
    for (int id = 0; id < UB_CODEC_COUNT; id++) {
        for (int f = 0; f < UB_FAMILY_COUNT; f++) {
            for (int a = 0x80; a <= 0xFF; a++) {
                for (int b = ub_codec_is_multibyte((ub_codec_id)id) ? 0x21 : 0x41; b <= 0xFF; b++) {
                    uint8_t s[4] = {(uint8_t)a, (uint8_t)b, 0xA1, 0}, e[4];
                    uint32_t cp, cp2 = 0;
                    int len = ub_codec_decode((ub_codec_id)id, (ub_family)f, s, 3, &cp);
                    if (!len || (len == 1 && b != 0x41)) continue;
                    accepted++;
                    int en = ub_codec_encode((ub_codec_id)id, cp, e);
                    int ok = 0;
                    for (int g = 0; g < UB_FAMILY_COUNT && !ok; g++)
                        ok = en > 0 && ub_codec_decode((ub_codec_id)id, (ub_family)g, e, (size_t)en, &cp2) == en &&
                             cp2 == cp;
                    if (!ok && rt_fail++ < 10)
                        fprintf(stderr, "  round trip %s %02X%02X -> U+%04X -> %d bytes\n",
                                ub_codec_name((ub_codec_id)id), a, b, (unsigned)cp, en);
                    if (cp >= 0x80 && !(ub_codec_mask(cp) & (1u << id)) && mask_fail++ < 10)
                        fprintf(stderr, "  mask %s U+%04X\n", ub_codec_name((ub_codec_id)id), (unsigned)cp);
                }
            }
        }
    }
    for (int f = 0; f < UB_FAMILY_COUNT; f++)
        for (uint32_t lin = 0; lin < 39420; lin++) {
            uint8_t s[4] = {(uint8_t)(0x81 + lin / 12600), (uint8_t)(0x30 + lin / 1260 % 10),
                            (uint8_t)(0x81 + lin / 10 % 126), (uint8_t)(0x30 + lin % 10)}, e[4];
            uint32_t cp, cp2 = 0;
            if (ub_codec_decode(UB_GB18030, (ub_family)f, s, 4, &cp) != 4) continue;
            accepted++;
            int en = ub_codec_encode(UB_GB18030, cp, e), ok = 0;
            for (int g = 0; g < UB_FAMILY_COUNT && !ok; g++)
                ok = en > 0 && ub_codec_decode(UB_GB18030, (ub_family)g, e, (size_t)en, &cp2) == en && cp2 == cp;
            if (!ok && rt_fail++ < 10) fprintf(stderr, "  round trip gb18030 lin %u\n", (unsigned)lin);
        }
    CHECK(rt_fail == 0);
    CHECK(mask_fail == 0);
    CHECK(accepted > 150000);
    fprintf(stderr, "round trips: %ld sequences, %ld failures\n", accepted, rt_fail);
    return ut_report("test_codec");
}
