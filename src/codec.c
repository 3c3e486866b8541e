/*
 * Codec tables, run-time side: names, the repertoire mask, the reverse
 * (encode) table. Single-/double-byte decoding is in codec_dbcs.c.
 *
 * All data comes from the generated codec_tables.c (tools/gen_codec_tables.c
 * enumerates ICU and glibc iconv at build time; data/SOURCES.md). Layouts:
 *
 *  - encode: ub_enc_page[codec][cp >> 8] selects a deduplicated block of 256
 *    uint16 in ub_enc_blk (block 0 is empty). A value v < 0x100 is one byte,
 *    otherwise two bytes v >> 8, v & 0xFF. EUC-JP alone stores its 3-byte
 *    JIS X 0212 form 8F b2 b3 as b2 << 8 | (b3 & 0x7F): every EUC trail is
 *    >= 0xA1, so a trail without its top bit cannot be a 2-byte form.
 *    Above the BMP a sorted list (codec << 21 | cp) is searched; GB18030's
 *    4-byte forms are computed from its range table (codec_dbcs.c).
 *  - mask: ub_mask_idx[cp >> 4] selects a deduplicated chunk of 16 masks.
 */
#include "codec.h"

#include <ctype.h>
#include <string.h>

extern const uint16_t ub_enc_page[];
extern const uint16_t ub_enc_blk[];
extern const uint32_t ub_esmp_key[], ub_esmp_seq[];
extern const uint32_t ub_esmp_count;
extern const uint16_t ub_mask_idx[];
extern const uint32_t ub_mask_chunk[];
extern const uint32_t ub_mask_smp_cp[], ub_mask_smp_m[];
extern const uint32_t ub_mask_smp_count;

/* codec_dbcs.c */
int ub_gb18030_encode4(uint32_t cp, uint8_t out[4]);

/* NULL-terminated: it is also the public list (unbake_codec_names). */
static const char *const NAMES[UB_CODEC_COUNT + 1] = {
    "cp1252", "latin-1", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255",
    "cp1256", "cp1257", "cp1258", "iso-8859-2", "iso-8859-5", "iso-8859-7",
    "iso-8859-15", "koi8-r", "koi8-u", "cp437", "cp850", "cp866", "mac_roman",
    "gbk", "gb18030", "big5", "shift_jis", "cp932", "euc-jp", "euc-kr", "cp949", NULL,
};

const char *const *ub_codec_names(void) { return NAMES; }

const char *ub_codec_name(ub_codec_id id) {
    return (unsigned)id < UB_CODEC_COUNT ? NAMES[id] : "?";
}

/* Aliases, compared after folding case and dropping '-', '_' and ' ' (so
 * "ISO_8859-1", "iso88591" and "Latin-1" all meet). Names Python, WHATWG
 * labels and iconv use for the same decoders. */
static const struct { const char *alias; ub_codec_id id; } ALIASES[] = {
    {"cp1252", UB_CP1252}, {"windows1252", UB_CP1252}, {"ms1252", UB_CP1252},
    {"latin1", UB_LATIN1}, {"iso88591", UB_LATIN1}, {"l1", UB_LATIN1},
    {"8859", UB_LATIN1}, {"cp819", UB_LATIN1},
    {"cp1250", UB_CP1250}, {"windows1250", UB_CP1250},
    {"cp1251", UB_CP1251}, {"windows1251", UB_CP1251},
    {"cp1253", UB_CP1253}, {"windows1253", UB_CP1253},
    {"cp1254", UB_CP1254}, {"windows1254", UB_CP1254},
    {"cp1255", UB_CP1255}, {"windows1255", UB_CP1255},
    {"cp1256", UB_CP1256}, {"windows1256", UB_CP1256},
    {"cp1257", UB_CP1257}, {"windows1257", UB_CP1257},
    {"cp1258", UB_CP1258}, {"windows1258", UB_CP1258},
    {"iso88592", UB_ISO8859_2}, {"latin2", UB_ISO8859_2},
    {"iso88595", UB_ISO8859_5}, {"cyrillic", UB_ISO8859_5},
    {"iso88597", UB_ISO8859_7}, {"greek", UB_ISO8859_7},
    {"iso885915", UB_ISO8859_15}, {"latin9", UB_ISO8859_15},
    {"koi8r", UB_KOI8_R}, {"koi8u", UB_KOI8_U},
    {"cp437", UB_CP437}, {"ibm437", UB_CP437}, {"437", UB_CP437},
    {"cp850", UB_CP850}, {"ibm850", UB_CP850}, {"850", UB_CP850},
    {"cp866", UB_CP866}, {"ibm866", UB_CP866}, {"866", UB_CP866},
    {"macroman", UB_MAC_ROMAN}, {"macintosh", UB_MAC_ROMAN}, {"mac", UB_MAC_ROMAN},
    {"gbk", UB_GBK}, {"cp936", UB_GBK}, {"windows936", UB_GBK}, {"ms936", UB_GBK},
    {"gb2312", UB_GBK}, {"euccn", UB_GBK},
    {"gb18030", UB_GB18030},
    {"big5", UB_BIG5}, {"cp950", UB_BIG5}, {"windows950", UB_BIG5},
    {"big5hkscs", UB_BIG5}, {"big5tw", UB_BIG5},
    {"shiftjis", UB_SHIFT_JIS}, {"sjis", UB_SHIFT_JIS}, {"sjis", UB_SHIFT_JIS},
    {"cp932", UB_CP932}, {"windows31j", UB_CP932}, {"ms932", UB_CP932},
    {"mskanji", UB_CP932}, {"windows932", UB_CP932},
    {"eucjp", UB_EUC_JP}, {"ujis", UB_EUC_JP},
    {"euckr", UB_EUC_KR}, {"ksc5601", UB_EUC_KR},
    {"cp949", UB_CP949}, {"uhc", UB_CP949}, {"windows949", UB_CP949}, {"ms949", UB_CP949},
};

int ub_codec_from_name(const char *name, size_t len) {
    char key[32];
    size_t k = 0;
    if (!name) return -1;
    for (size_t i = 0; i < len && name[i]; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (ch == '-' || ch == '_' || ch == ' ') continue;
        if (k + 1 >= sizeof key) return -1;
        key[k++] = (char)tolower(ch);
    }
    key[k] = '\0';
    for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++)
        if (strcmp(key, ALIASES[i].alias) == 0) return (int)ALIASES[i].id;
    return -1;
}


uint32_t ub_codec_mask(uint32_t cp) {
    if (cp < 0x80) return 0;
    if (cp < 0x10000) return ub_mask_chunk[(uint32_t)ub_mask_idx[cp >> 4] * 16 + (cp & 15)];
    if (cp > 0x10FFFF) return 0;
    /* Every supplementary code point has a GB18030 4-byte form. */
    int i = ub_find_u32(ub_mask_smp_cp, ub_mask_smp_count, cp);
    return (1u << UB_GB18030) | (i >= 0 ? ub_mask_smp_m[i] : 0);
}

int ub_codec_encode(ub_codec_id id, uint32_t cp, uint8_t out[4]) {
    if ((unsigned)id >= UB_CODEC_COUNT) return 0;
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x10000) {
        uint32_t v = ub_enc_blk[(uint32_t)ub_enc_page[id * 256 + (cp >> 8)] * 256 + (cp & 0xFF)];
        if (v) {
            if (v < 0x100) {
                out[0] = (uint8_t)v;
                return 1;
            }
            if (id == UB_EUC_JP && (v & 0x80) == 0) {
                out[0] = 0x8F;
                out[1] = (uint8_t)(v >> 8);
                out[2] = (uint8_t)(v | 0x80);
                return 3;
            }
            out[0] = (uint8_t)(v >> 8);
            out[1] = (uint8_t)v;
            return 2;
        }
        return id == UB_GB18030 ? ub_gb18030_encode4(cp, out) : 0;
    }
    if (cp > 0x10FFFF) return 0;
    int i = ub_find_u32(ub_esmp_key, ub_esmp_count, (uint32_t)id << 21 | cp);
    if (i >= 0) {
        uint32_t s = ub_esmp_seq[i];
        int n = s > 0xFFFFFF ? 4 : s > 0xFFFF ? 3 : s > 0xFF ? 2 : 1;
        for (int k = 0; k < n; k++) out[k] = (uint8_t)(s >> (8 * (n - 1 - k)));
        return n;
    }
    return id == UB_GB18030 ? ub_gb18030_encode4(cp, out) : 0;
}

/* Prior over wrong codecs, in bits: how much rarer a codec is in the wild
 * than the common ones (windows-125x, GBK, Shift_JIS...), which cost
 * nothing. ISO-8859-5 or KOI8-U text exists but is seldom the right reading
 * when windows-1251 or KOI8-R gives another; a stray byte in a UTF-8 file is
 * far more often windows-1252 than Mac Roman. */
float ub_codec_prior_bits(ub_codec_id c) {
    switch (c) {
    case UB_ISO8859_2: case UB_ISO8859_7: case UB_KOI8_U: case UB_CP850: case UB_CP866:
        return 2.0f;
    case UB_ISO8859_5: case UB_CP1257: case UB_CP1258: case UB_MAC_ROMAN: case UB_CP437:
        return 4.0f;
    case UB_ISO8859_15: case UB_EUC_JP: case UB_GB18030: case UB_CP949: return 1.0f;
    default: return 0.0f;
    }
}
