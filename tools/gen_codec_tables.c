/*
 * gen_codec_tables — build-time generator of the wrong-codec tables.
 *
 * Enumerates every byte sequence of each legacy codec under every decoder
 * variant real software uses (glibc iconv ~ Python's strict codecs; ICU's
 * Windows/IBM converters; the WHATWG Encoding Standard rules) and writes one
 * C source file of compact tables read by src/codec.c. ICU and iconv are
 * used here only; the library has no run-time dependency on them.
 *
 * Families (src/codec.h):
 *   STRICT = the first iconv variant of the codec (what Python does).
 *   WHATWG = the ICU variants in priority order, gaps filled by the WHATWG
 *            rules (C1 for undefined windows-125x bytes 0x80-0x9F, GBK 0x80 =
 *            U+20AC, GBK/Shift_JIS user-defined areas -> PUA).
 * The reverse (encode) table is the UNION of all variants, so that every
 * code point any decoder produced maps back to the bytes it saw; when
 * several byte sequences give one code point the encoder's choice wins
 * (iconv fromUnicode first, then ICU's).
 *
 * Output is deterministic: fixed variant order, fixed iteration order.
 * Usage: gen_codec_tables OUTPUT.c
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/utf16.h>

#define NCODEC 28
#define FIRST_MB 20
#define NMB (NCODEC - FIRST_MB)
#define MAXVAR 8
#define GB4_BMP 39420   /* 81308130 .. 8439FE39: 4*10*126*10 linear slots */
#define NROW 384        /* 256 lead rows + 128 rows for EUC-JP 8F b2 (b2 0x80-0xFF) */

enum { V_ICONV, V_ICU, V_RULE };
enum { R_NONE, R_C1, R_GBK, R_GB18030, R_SJIS };

typedef struct { int kind; const char *name; } variant;
typedef struct {
    const char *name;
    int rule;
    variant v[MAXVAR];
} codec_def;

/* Variant order: the first V_ICONV is the STRICT family; V_ICU entries in
 * order make the WHATWG family; V_RULE fills the WHATWG gaps. Other iconv
 * entries only widen the encode union. */
static const codec_def CODECS[NCODEC] = {
    {"cp1252", R_C1, {{V_ICONV, "CP1252"}, {V_ICU, "windows-1252"}}},
    {"latin-1", R_NONE, {{V_ICONV, "ISO-8859-1"}, {V_ICU, "ISO-8859-1"}}},
    {"cp1250", R_C1, {{V_ICONV, "CP1250"}, {V_ICU, "windows-1250"}}},
    {"cp1251", R_C1, {{V_ICONV, "CP1251"}, {V_ICU, "windows-1251"}}},
    {"cp1253", R_C1, {{V_ICONV, "CP1253"}, {V_ICU, "windows-1253"}}},
    {"cp1254", R_C1, {{V_ICONV, "CP1254"}, {V_ICU, "windows-1254"}}},
    {"cp1255", R_C1, {{V_ICONV, "CP1255"}, {V_ICU, "windows-1255"}}},
    {"cp1256", R_C1, {{V_ICONV, "CP1256"}, {V_ICU, "windows-1256"}}},
    {"cp1257", R_C1, {{V_ICONV, "CP1257"}, {V_ICU, "windows-1257"}}},
    {"cp1258", R_C1, {{V_ICONV, "CP1258"}, {V_ICU, "windows-1258"}}},
    {"iso-8859-2", R_NONE, {{V_ICONV, "ISO-8859-2"}, {V_ICU, "ISO-8859-2"}}},
    {"iso-8859-5", R_NONE, {{V_ICONV, "ISO-8859-5"}, {V_ICU, "ISO-8859-5"}}},
    {"iso-8859-7", R_NONE, {{V_ICONV, "ISO-8859-7"}, {V_ICU, "ISO-8859-7"}}},
    {"iso-8859-15", R_NONE, {{V_ICONV, "ISO-8859-15"}, {V_ICU, "ISO-8859-15"}}},
    {"koi8-r", R_NONE, {{V_ICONV, "KOI8-R"}, {V_ICU, "KOI8-R"}}},
    {"koi8-u", R_NONE, {{V_ICONV, "KOI8-U"}, {V_ICU, "KOI8-U"}}},
    {"cp437", R_NONE, {{V_ICONV, "CP437"}, {V_ICU, "ibm-437"}}},
    {"cp850", R_NONE, {{V_ICONV, "CP850"}, {V_ICU, "ibm-850"}}},
    {"cp866", R_NONE, {{V_ICONV, "CP866"}, {V_ICU, "ibm-866"}}},
    {"mac_roman", R_NONE, {{V_ICONV, "MACINTOSH"}, {V_ICU, "macintosh"}}},
    {"gbk", R_GBK, {{V_ICONV, "GBK"}, {V_ICU, "windows-936-2000"}, {V_ICONV, "CP936"},
                    {V_ICU, "ibm-1386"}, {V_ICONV, "GB2312"}, {V_ICU, "ibm-1383"}}},
    {"gb18030", R_GB18030, {{V_ICONV, "GB18030"}, {V_ICU, "gb18030"}}},
    /* WHATWG's big5 is the HKSCS index, hence ibm-1375 in the ICU chain. */
    /* Strict: glibc BIG5-HKSCS values (they match Python's big5, e.g.
     * A145 = U+2022, A241 = U+FF0F) on the pairs glibc BIG5 accepts. */
    {"big5", R_NONE, {{V_ICONV, "BIG5-HKSCS"}, {V_ICU, "windows-950-2000"}, {V_ICU, "ibm-1375"},
                      {V_ICU, "ibm-1373"}, {V_ICU, "ibm-5471"}, {V_ICONV, "BIG5"},
                      {V_ICONV, "CP950"}}},
    {"shift_jis", R_SJIS, {{V_ICONV, "SHIFT_JIS"}, {V_ICU, "ibm-943_P15A-2003"},
                           {V_ICU, "ibm-943_P130-1999"}}},
    {"cp932", R_SJIS, {{V_ICONV, "CP932"}, {V_ICU, "ibm-943_P15A-2003"},
                       {V_ICU, "ibm-943_VSUB_VPUA"}, {V_ICONV, "IBM943"}}},
    {"euc-jp", R_NONE, {{V_ICONV, "EUC-JP"}, {V_ICU, "ibm-33722"}, {V_ICU, "euc-jp-2007"},
                        {V_ICONV, "EUC-JP-MS"}}},
    /* Browsers decode the euc-kr label as windows-949 (UHC). */
    {"euc-kr", R_NONE, {{V_ICONV, "EUC-KR"}, {V_ICU, "ibm-970"}, {V_ICU, "windows-949-2000"}}},
    {"cp949", R_NONE, {{V_ICONV, "CP949"}, {V_ICU, "windows-949-2000"}, {V_ICU, "ibm-1363"}}},
};

/* ---- one decoder variant, opened --------------------------------------- */

typedef struct {
    int kind;
    iconv_t to_u, from_u;
    UConverter *cv;
} dec;

static void die(const char *what, const char *name) {
    fprintf(stderr, "gen_codec_tables: %s %s\n", what, name);
    exit(1);
}

static int dec_open(dec *d, const variant *v) {
    d->kind = v->kind;
    if (v->kind == V_ICONV) {
        d->to_u = iconv_open("UTF-32LE", v->name);
        d->from_u = iconv_open(v->name, "UTF-32LE");
        if (d->to_u == (iconv_t)-1 || d->from_u == (iconv_t)-1) {
            fprintf(stderr, "gen_codec_tables: warning: iconv lacks %s, skipped\n", v->name);
            return 0;
        }
    } else if (v->kind == V_ICU) {
        UErrorCode e = U_ZERO_ERROR;
        d->cv = ucnv_open(v->name, &e);
        if (U_FAILURE(e)) {
            fprintf(stderr, "gen_codec_tables: warning: ICU lacks %s, skipped\n", v->name);
            return 0;
        }
        ucnv_setToUCallBack(d->cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
        ucnv_setFromUCallBack(d->cv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
        if (U_FAILURE(e)) die("cannot set ICU callbacks for", v->name);
    }
    return 1;
}

static void dec_close(dec *d) {
    if (d->kind == V_ICONV) {
        iconv_close(d->to_u);
        iconv_close(d->from_u);
    } else if (d->kind == V_ICU) {
        ucnv_close(d->cv);
    }
}

/* Decode exactly one character from b[0..n); 0 if rejected, incomplete, or
 * several code points (e.g. HKSCS 8862 = U+00CA U+0304: not representable). */
static uint32_t dec_one(dec *d, const uint8_t *b, int n) {
    if (d->kind == V_ICONV) {
        char out[64], *o = out, *in = (char *)(uintptr_t)b;
        size_t il = (size_t)n, ol = sizeof out;
        iconv(d->to_u, NULL, NULL, NULL, NULL);
        if (iconv(d->to_u, &in, &il, &o, &ol) == (size_t)-1 || il != 0) return 0;
        if (iconv(d->to_u, NULL, NULL, &o, &ol) == (size_t)-1) return 0;
        if (o - out != 4) return 0;
        return (uint32_t)(uint8_t)out[0] | (uint32_t)(uint8_t)out[1] << 8 |
               (uint32_t)(uint8_t)out[2] << 16 | (uint32_t)(uint8_t)out[3] << 24;
    } else {
        UChar buf[8], *t = buf;
        const char *s = (const char *)b;
        UErrorCode e = U_ZERO_ERROR;
        ucnv_reset(d->cv);
        ucnv_toUnicode(d->cv, &t, buf + 8, &s, (const char *)b + n, NULL, 1, &e);
        if (U_FAILURE(e) || s != (const char *)b + n) return 0;
        if (t - buf == 1 && !U16_IS_SURROGATE(buf[0])) return buf[0];
        if (t - buf == 2 && U16_IS_LEAD(buf[0]) && U16_IS_TRAIL(buf[1]))
            return (uint32_t)U16_GET_SUPPLEMENTARY(buf[0], buf[1]);
        return 0;
    }
}

/* Encoder's choice for cp: packed bytes (see seq_pack), 0 if unmappable. */
static uint32_t enc_one(dec *d, uint32_t cp) {
    uint8_t out[16];
    int len;
    if (d->kind == V_ICONV) {
        uint8_t in4[4] = {(uint8_t)cp, (uint8_t)(cp >> 8), (uint8_t)(cp >> 16), 0};
        char *in = (char *)in4, *o = (char *)out;
        size_t il = 4, ol = sizeof out;
        iconv(d->from_u, NULL, NULL, NULL, NULL);
        if (iconv(d->from_u, &in, &il, &o, &ol) == (size_t)-1) return 0;
        if (iconv(d->from_u, NULL, NULL, &o, &ol) == (size_t)-1) return 0;
        len = (int)(o - (char *)out);
    } else if (d->kind == V_ICU) {
        UChar u[2];
        int ul = 0;
        UErrorCode e = U_ZERO_ERROR;
        U16_APPEND_UNSAFE(u, ul, cp);
        ucnv_reset(d->cv);
        len = ucnv_fromUChars(d->cv, (char *)out, (int32_t)sizeof out, u, ul, &e);
        if (U_FAILURE(e)) return 0;
    } else {
        return 0;
    }
    if (len < 1 || len > 4) return 0;
    uint32_t s = 0;
    for (int i = 0; i < len; i++) s = s << 8 | out[i];
    return s;
}

/* ---- per-variant maps ---------------------------------------------------- */

/* A byte sequence is packed big-endian into a uint32; the first byte is
 * >= 0x80, so the length is implied by the magnitude. */
typedef struct {
    uint32_t sb[256];      /* single byte b -> cp */
    uint32_t db[65536];    /* lead<<8|trail -> cp */
    uint32_t tb[65536];    /* EUC-JP: 8F b2 b3, key b2<<8|b3 */
    uint32_t gb4[GB4_BMP]; /* GB18030 4-byte BMP part, by linear index */
} vmap;

static void fill_rule(vmap *m, int rule) {
    if (rule == R_C1) {
        /* WHATWG windows-125x index / MySQL / "sloppy" decoders: bytes
         * 0x80-0x9F that the code page leaves undefined are C1 controls. */
        for (int b = 0x80; b < 0xA0; b++) m->sb[b] = (uint32_t)b;
    } else if (rule == R_GBK || rule == R_GB18030) {
        m->sb[0x80] = 0x20AC; /* WHATWG gb18030 decoder: 0x80 -> euro */
        if (rule == R_GB18030) return;
        /* CP936 / WHATWG index gb18030: user-defined areas -> PUA. */
        for (int l = 0xAA; l <= 0xAF; l++)
            for (int t = 0xA1; t <= 0xFE; t++)
                m->db[l << 8 | t] = 0xE000u + (uint32_t)((l - 0xAA) * 94 + (t - 0xA1));
        for (int l = 0xF8; l <= 0xFE; l++)
            for (int t = 0xA1; t <= 0xFE; t++)
                m->db[l << 8 | t] = 0xE234u + (uint32_t)((l - 0xF8) * 94 + (t - 0xA1));
        for (int l = 0xA1; l <= 0xA7; l++)
            for (int t = 0x40; t <= 0xA0; t++) {
                if (t == 0x7F) continue;
                m->db[l << 8 | t] = 0xE4C6u + (uint32_t)((l - 0xA1) * 96 + (t - 0x40) - (t > 0x7F));
            }
    } else if (rule == R_SJIS) {
        /* WHATWG shift_jis: 0x80 is U+0080; EUDC leads F0-F9 -> PUA. */
        m->sb[0x80] = 0x80;
        for (int l = 0xF0; l <= 0xF9; l++)
            for (int t = 0x40; t <= 0xFC; t++) {
                if (t == 0x7F) continue;
                int ptr = (l - 0xC1) * 188 + t - (t < 0x7F ? 0x40 : 0x41);
                m->db[l << 8 | t] = 0xE000u + (uint32_t)(ptr - 8836);
            }
    }
}

static void fill_var(vmap *m, dec *d, int mb, int is_gb18030, int is_eucjp) {
    uint8_t b[4];
    for (int x = 0x80; x <= 0xFF; x++) {
        b[0] = (uint8_t)x;
        m->sb[x] = dec_one(d, b, 1);
    }
    if (!mb) return;
    for (int l = 0x80; l <= 0xFF; l++) {
        if (m->sb[l]) continue;
        b[0] = (uint8_t)l;
        for (int t = 0x21; t <= 0xFF; t++) {
            b[1] = (uint8_t)t;
            m->db[l << 8 | t] = dec_one(d, b, 2);
        }
    }
    if (is_eucjp) {
        b[0] = 0x8F;
        for (int x = 0xA1; x <= 0xFE; x++)
            for (int y = 0xA1; y <= 0xFE; y++) {
                b[1] = (uint8_t)x;
                b[2] = (uint8_t)y;
                m->tb[x << 8 | y] = dec_one(d, b, 3);
            }
    }
    if (is_gb18030) {
        for (int i = 0; i < GB4_BMP; i++) {
            b[0] = (uint8_t)(0x81 + i / 12600);
            b[1] = (uint8_t)(0x30 + i / 1260 % 10);
            b[2] = (uint8_t)(0x81 + i / 10 % 126);
            b[3] = (uint8_t)(0x30 + i % 10);
            m->gb4[i] = dec_one(d, b, 4);
        }
    }
}

/* How many bytes of a one- or two-byte sequence could occur in UTF-8. */
static int utf8_byte_ok(uint32_t b) {
    return b < 0x80 || (b >= 0x80 && b <= 0xBF) || (b >= 0xC2 && b <= 0xF4);
}
static int utf8_fit(uint32_t sq) {
    if (sq <= 0xFF) return utf8_byte_ok(sq);
    return utf8_byte_ok(sq >> 8) + utf8_byte_ok(sq & 0xFF);
}

static uint32_t gb4_seq(int i) {
    return (uint32_t)(0x81 + i / 12600) << 24 | (uint32_t)(0x30 + i / 1260 % 10) << 16 |
           (uint32_t)(0x81 + i / 10 % 126) << 8 | (uint32_t)(0x30 + i % 10);
}

/* Code point some variant maps seq to (0 if none). */
static uint32_t vmap_get(const vmap *m, uint32_t s) {
    if (s < 0x100) return s >= 0x80 ? m->sb[s] : 0;
    if (s < 0x10000) return m->db[s];
    if (s < 0x1000000) return (s >> 16) == 0x8F ? m->tb[s & 0xFFFF] : 0;
    uint32_t b1 = s >> 24, b2 = s >> 16 & 0xFF, b3 = s >> 8 & 0xFF, b4 = s & 0xFF;
    if (b1 < 0x81 || b1 > 0x84 || b2 < 0x30 || b2 > 0x39 || b3 < 0x81 || b3 > 0xFE ||
        b4 < 0x30 || b4 > 0x39)
        return 0;
    return m->gb4[((b1 - 0x81) * 10 + (b2 - 0x30)) * 1260 + (b3 - 0x81) * 10 + (b4 - 0x30)];
}

/* ---- output ------------------------------------------------------------- */

static FILE *out;

static void emit_u16(const char *name, const uint16_t *a, size_t n) {
    fprintf(out, "extern const uint16_t %s[%zu];\nconst uint16_t %s[%zu] = {", name, n, name, n);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s0x%x,", i % 16 ? "" : "\n", a[i]);
    fprintf(out, "\n};\n");
}
static void emit_u32(const char *name, const uint32_t *a, size_t n) {
    if (n == 0) {
        fprintf(out, "extern const uint32_t %s[1];\nconst uint32_t %s[1] = {0};\n", name, name);
        return;
    }
    fprintf(out, "extern const uint32_t %s[%zu];\nconst uint32_t %s[%zu] = {", name, n, name, n);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s0x%x,", i % 8 ? "" : "\n", a[i]);
    fprintf(out, "\n};\n");
}
static void emit_u8(const char *name, const uint8_t *a, size_t n) {
    fprintf(out, "extern const uint8_t %s[%zu];\nconst uint8_t %s[%zu] = {", name, n, name, n);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%u,", i % 24 ? "" : "\n", a[i]);
    fprintf(out, "\n};\n");
}
static void emit_count(const char *name, size_t n) {
    fprintf(out, "extern const uint32_t %s;\nconst uint32_t %s = %zu;\n", name, name, n);
}

/* growable arrays */
typedef struct { uint32_t *a; size_t n, cap; } vec;
static void vpush(vec *v, uint32_t x) {
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1024;
        v->a = realloc(v->a, v->cap * sizeof *v->a);
        if (!v->a) die("out of", "memory");
    }
    v->a[v->n++] = x;
}

/* ---- tables being built ---------------------------------------------------- */

static uint16_t sb_dec[NCODEC][2][128];
static uint32_t row_off[NMB][NROW];
static uint8_t row_lo[NMB][NROW], row_hi[NMB][NROW];
static vec db_val;                       /* uint16 values stored in uint32 */
static vec ww_key, ww_cp;                /* WHATWG values that differ from STRICT */
static vec smp_key, smp_cp;              /* STRICT pair values above the BMP */
static vec gb4_lin[2], gb4_cp[2], gb4_len[2];
static uint16_t enc_page[NCODEC][256];
static vec enc_blk;                      /* blocks of 256 uint16 */
static vec esmp_key, esmp_seq;           /* encode above the BMP: codec<<21|cp */
static uint32_t *mask;                   /* per code point, 0x110000 */
static uint8_t *famhit;                  /* cp produced by a family decoder */

static uint16_t add_enc_block(const uint16_t *blk) {
    size_t nb = enc_blk.n / 256;
    for (size_t i = 0; i < nb; i++) {
        size_t k = 0;
        while (k < 256 && enc_blk.a[i * 256 + k] == blk[k]) k++;
        if (k == 256) return (uint16_t)i;
    }
    for (int k = 0; k < 256; k++) vpush(&enc_blk, blk[k]);
    return (uint16_t)nb;
}

static uint32_t fam_pair(const vmap *f, int row, int t) {
    if (row < 256) return f->db[row << 8 | t];
    return f->tb[(row - 256 + 0x80) << 8 | t];
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: gen_codec_tables OUTPUT.c\n");
        return 2;
    }
    vmap *vm = calloc(MAXVAR + 1, sizeof *vm);  /* last slot: WHATWG rules */
    vmap *fam = calloc(2, sizeof *fam);
    uint32_t *best = calloc(0x110000, sizeof *best);
    mask = calloc(0x110000, sizeof *mask);
    famhit = calloc(0x110000, 1);
    if (!famhit || !vm || !fam || !best || !mask) die("out of", "memory");
    vpush(&enc_blk, 0);                        /* block 0: all zero */
    for (int k = 1; k < 256; k++) vpush(&enc_blk, 0);

    for (int c = 0; c < NCODEC; c++) {
        const codec_def *cd = &CODECS[c];
        int mb = c >= FIRST_MB, gb = c == 21, ej = c == 25;
        dec d[MAXVAR];
        int ok[MAXVAR + 1] = {0}, nv = 0, strict_v = -1, first_icu = -1;
        memset(vm, 0, (MAXVAR + 1) * sizeof *vm);
        memset(fam, 0, 2 * sizeof *fam);
        for (nv = 0; nv < MAXVAR && cd->v[nv].name; nv++) {
            ok[nv] = dec_open(&d[nv], &cd->v[nv]);
            if (!ok[nv]) continue;
            fill_var(&vm[nv], &d[nv], mb, gb, ej);
            if (cd->v[nv].kind == V_ICONV && strict_v < 0) strict_v = nv;
            if (cd->v[nv].kind == V_ICU && first_icu < 0) first_icu = nv;
        }
        if (strict_v < 0 || first_icu < 0) die("no iconv or ICU variant for", cd->name);
        fill_rule(&vm[MAXVAR], cd->rule);
        ok[MAXVAR] = 1;

        /* Families. STRICT: the iconv variant as is. WHATWG: ICU chain, then
         * rules fill gaps. */
        fam[0] = vm[strict_v];
        /* glibc's GBK decodes 0x80 as the euro sign; Python's gbk (the
         * strict reference) rejects it, as GBK proper does. */
        if (c == FIRST_MB) fam[0].sb[0x80] = 0;
        /* glibc's Big5 decodes 0x80 alone, and its EUC-KR and EUC-JP the C1
         * range 80..9F, as control characters; Python's codecs reject them
         * (every byte a decoder rejects is a byte UTF-8 can lose, and 80..9F
         * are continuation bytes). The controls glibc writes are still
         * encoded back (the encode table is the union of the variants). */
        if (c == FIRST_MB + 2) fam[0].sb[0x80] = 0;
        if (c == FIRST_MB + 5 || c == FIRST_MB + 6)
            for (int b = 0x80; b <= 0x9F; b++)
                if (fam[0].sb[b] == (uint32_t)b) fam[0].sb[b] = 0;
        if (c == FIRST_MB + 2 && ok[5]) /* big5: restrict to glibc BIG5's pairs */
            for (int s = 0; s < 65536; s++)
                if (!vm[5].db[s]) fam[0].db[s] = 0;
        if (c == FIRST_MB + 4) {
            /* Python's cp932 (Microsoft's table) decodes these singles;
             * glibc's CP932 does not. */
            static const uint32_t one[][2] = {{0x80, 0x80}, {0xA0, 0xF8F0}, {0xFD, 0xF8F1},
                                              {0xFE, 0xF8F2}, {0xFF, 0xF8F3}};
            for (int i = 0; i < 5; i++) {
                fam[0].sb[one[i][0]] = one[i][1];
                vm[MAXVAR].sb[one[i][0]] = one[i][1];
                if (!fam[1].sb[one[i][0]]) fam[1].sb[one[i][0]] = one[i][1];
            }
        }
        {
            uint32_t *f = (uint32_t *)&fam[1];
            size_t nw = sizeof(vmap) / sizeof(uint32_t);
            for (int v = 0; v <= MAXVAR; v++) {
                if (!ok[v] || (v < MAXVAR && cd->v[v].kind != V_ICU)) continue;
                const uint32_t *src = (const uint32_t *)&vm[v];
                for (size_t i = 0; i < nw; i++)
                    if (!f[i] && src[i]) f[i] = src[i];
            }
        }
        /* Single bytes: a byte that is a lead in a family is not a char. */
        for (int f = 0; f < 2; f++)
            for (int b = 0; b < 128; b++) {
                uint32_t cp = fam[f].sb[b + 0x80];
                if (cp > 0xFFFF) die("single byte above BMP in", cd->name);
                sb_dec[c][f][b] = (uint16_t)cp;
            }

        /* Pair rows. */
        if (mb) {
            int k = c - FIRST_MB;
            for (int r = 0; r < NROW; r++) {
                int lo = 256, hi = -1;
                if (r >= 256 && !ej) { row_off[k][r] = UINT32_MAX; continue; }
                for (int t = 0x21; t <= 0xFF; t++)
                    if (fam_pair(&fam[0], r, t) || fam_pair(&fam[1], r, t)) {
                        if (t < lo) lo = t;
                        hi = t;
                    }
                if (hi < 0) { row_off[k][r] = UINT32_MAX; continue; }
                row_off[k][r] = (uint32_t)db_val.n;
                row_lo[k][r] = (uint8_t)lo;
                row_hi[k][r] = (uint8_t)hi;
                for (int t = lo; t <= hi; t++) {
                    uint32_t s = fam_pair(&fam[0], r, t), w = fam_pair(&fam[1], r, t);
                    uint32_t key = (uint32_t)k << 20 | (uint32_t)r << 8 | (uint32_t)t;
                    if (s > 0xFFFF) {
                        vpush(&smp_key, key);
                        vpush(&smp_cp, s);
                        vpush(&db_val, 0xD800);
                    } else {
                        vpush(&db_val, s);
                    }
                    if (w != s) {
                        vpush(&ww_key, key);
                        vpush(&ww_cp, w);
                    }
                }
            }
        }
        if (gb) {
            for (int f = 0; f < 2; f++) {
                int i = 0;
                while (i < GB4_BMP) {
                    if (!fam[f].gb4[i]) { i++; continue; }
                    int j = i + 1;
                    while (j < GB4_BMP && fam[f].gb4[j] &&
                           fam[f].gb4[j] == fam[f].gb4[i] + (uint32_t)(j - i))
                        j++;
                    vpush(&gb4_lin[f], (uint32_t)i);
                    vpush(&gb4_cp[f], fam[f].gb4[i]);
                    vpush(&gb4_len[f], (uint32_t)(j - i));
                    i = j;
                }
            }
        }

        /* Encode: union of all variants. Preference, so that encode agrees
         * with decode where it can: (1) an encoder's own choice (iconv, then
         * ICU fromUnicode) that a family decodes back to cp; (2) the first
         * family-decoded sequence in byte order; (3) an encoder's choice
         * any variant decodes to cp; (4) the first sequence of any variant. */
        memset(best, 0, 0x110000 * sizeof *best);
        for (int pass = 0; pass < 2; pass++) {
            int nm = pass == 0 ? 2 : MAXVAR + 1;
            for (int v = 0; v < nm; v++) {
                const vmap *m = pass == 0 ? &fam[v] : &vm[v];
                if (pass == 1 && !ok[v]) continue;
                for (uint32_t b = 0x80; b <= 0xFF; b++)
                    if (m->sb[b] && !best[m->sb[b]]) best[m->sb[b]] = b;
                if (!mb) continue;
                for (uint32_t s = 0x8000; s <= 0xFFFF; s++)
                    if (m->db[s] && !best[m->db[s]]) best[m->db[s]] = s;
                if (ej)
                    for (uint32_t s = 0; s <= 0xFFFF; s++)
                        if (m->tb[s] && !best[m->tb[s]]) best[m->tb[s]] = 0x8F0000 | s;
                if (gb)
                    for (int i = 0; i < GB4_BMP; i++)
                        if (m->gb4[i] && !best[m->gb4[i]]) best[m->gb4[i]] = gb4_seq(i);
            }
            if (pass == 0) {
                /* remember which code points a family produces */
                for (uint32_t cp = 0; cp < 0x110000; cp++) famhit[cp] = best[cp] != 0;
            }
        }
        int order[MAXVAR], no = 0;
        for (int v = 0; v < nv; v++)
            if (ok[v] && cd->v[v].kind == V_ICONV) order[no++] = v;
        for (int v = 0; v < nv; v++)
            if (ok[v] && cd->v[v].kind == V_ICU) order[no++] = v;
        for (uint32_t cp = 0x80; cp < 0x110000; cp++) {
            if (!best[cp]) continue;
            uint32_t any = 0;
            int done = 0;
            for (int oi = 0; oi < no && !done; oi++) {
                uint32_t s = enc_one(&d[order[oi]], cp);
                if (!s) continue;
                if (vmap_get(&fam[0], s) == cp || vmap_get(&fam[1], s) == cp) {
                    best[cp] = s;
                    done = 1;
                } else if (!any) {
                    for (int v = 0; v <= MAXVAR && !any; v++)
                        if (ok[v] && vmap_get(&vm[v], s) == cp) any = s;
                }
            }
            if (!done && !famhit[cp] && any) best[cp] = any;
            mask[cp] |= 1u << c;
        }
        /* Among sequences that decode to the same code point (CP932's NEC
         * and IBM duplicates, Big5 A1FE/A241), keep the one whose bytes can
         * all occur in UTF-8 (ASCII, lead C2..F4 or continuation 80..BF):
         * the encoder's preferred duplicate (e.g. CP932 FAxx) can never be
         * part of UTF-8 read as this codec, the other one (EDxx) can. */
        if (mb)
            for (int f = 0; f < 2; f++)
                for (uint32_t sq = 0x8000; sq <= 0xFFFF; sq++) {
                    uint32_t cp = fam[f].db[sq];
                    if (!cp || cp >= 0x110000 || best[cp] > 0xFFFF || best[cp] == sq) continue;
                    if (utf8_fit(sq) > utf8_fit(best[cp])) best[cp] = sq;
                }
        for (int p = 0; p < 256; p++) {
            uint16_t blk[256];
            for (int i = 0; i < 256; i++) {
                uint32_t cp = (uint32_t)(p << 8 | i), s = cp < 0x80 ? 0 : best[cp];
                if (s > 0xFFFFFF) s = 0; /* GB18030 4-byte: range table at run time */
                if (s > 0xFFFF) {       /* EUC-JP 8F b2 b3: b2<<8 | b3&0x7F (EUC trails >= A1) */
                    if ((s >> 16) != 0x8F || (s & 0x80) == 0) die("bad 3-byte seq in", cd->name);
                    s = (s & 0xFF00) | (s & 0x7F);
                }
                blk[i] = (uint16_t)s;
            }
            enc_page[c][p] = add_enc_block(blk);
        }
        for (uint32_t cp = 0x10000; cp < 0x110000; cp++)
            if (best[cp]) {
                vpush(&esmp_key, (uint32_t)c << 21 | cp);
                vpush(&esmp_seq, best[cp]);
            }
        if (gb) /* every supplementary code point has an algorithmic 4-byte form */
            for (uint32_t cp = 0x10000; cp < 0x110000; cp++) mask[cp] |= 1u << c;
        for (int v = 0; v < nv; v++)
            if (ok[v]) dec_close(&d[v]);
    }

    out = fopen(argv[1], "w");
    if (!out) die("cannot write", argv[1]);
    fprintf(out, "/* GENERATED by tools/gen_codec_tables.c — DO NOT EDIT.\n"
                 " * Source: ICU %s converters and glibc iconv mappings, plus the WHATWG\n"
                 " * Encoding Standard rules; see data/SOURCES.md. */\n"
                 "#include <stdint.h>\n\n", U_ICU_VERSION);
    emit_u16("ub_sb_dec", &sb_dec[0][0][0], sizeof sb_dec / 2);
    emit_u32("ub_row_off", &row_off[0][0], NMB * NROW);
    emit_u8("ub_row_lo", &row_lo[0][0], NMB * NROW);
    emit_u8("ub_row_hi", &row_hi[0][0], NMB * NROW);
    {
        uint16_t *t = malloc(db_val.n * 2);
        for (size_t i = 0; i < db_val.n; i++) t[i] = (uint16_t)db_val.a[i];
        emit_u16("ub_db_val", t, db_val.n);
        free(t);
    }
    emit_u32("ub_ww_key", ww_key.a, ww_key.n);
    emit_u32("ub_ww_cp", ww_cp.a, ww_cp.n);
    emit_count("ub_ww_count", ww_key.n);
    emit_u32("ub_smp_key", smp_key.a, smp_key.n);
    emit_u32("ub_smp_cp", smp_cp.a, smp_cp.n);
    emit_count("ub_smp_count", smp_key.n);
    for (int f = 0; f < 2; f++) {
        char nm[64];
        snprintf(nm, sizeof nm, "ub_gb4_lin%d", f); emit_u32(nm, gb4_lin[f].a, gb4_lin[f].n);
        snprintf(nm, sizeof nm, "ub_gb4_cp%d", f); emit_u32(nm, gb4_cp[f].a, gb4_cp[f].n);
        snprintf(nm, sizeof nm, "ub_gb4_len%d", f); emit_u32(nm, gb4_len[f].a, gb4_len[f].n);
        snprintf(nm, sizeof nm, "ub_gb4_count%d", f); emit_count(nm, gb4_lin[f].n);
    }
    emit_u16("ub_enc_page", &enc_page[0][0], NCODEC * 256);
    {
        uint16_t *t = malloc(enc_blk.n * 2);
        for (size_t i = 0; i < enc_blk.n; i++) t[i] = (uint16_t)enc_blk.a[i];
        emit_u16("ub_enc_blk", t, enc_blk.n);
        free(t);
    }
    emit_u32("ub_esmp_key", esmp_key.a, esmp_key.n);
    emit_u32("ub_esmp_seq", esmp_seq.a, esmp_seq.n);
    emit_count("ub_esmp_count", esmp_key.n);
    /* Mask: BMP in chunks of 16 code points, deduplicated; above the BMP a
     * sorted exception list on top of the GB18030 bit. */
    {
        vec chunks = {0};
        uint16_t idx[4096];
        for (int i = 0; i < 16; i++) vpush(&chunks, 0);
        for (int h = 0; h < 4096; h++) {
            const uint32_t *m = &mask[h * 16];
            size_t nc = chunks.n / 16, j;
            for (j = 0; j < nc; j++)
                if (!memcmp(&chunks.a[j * 16], m, 16 * sizeof *m)) break;
            if (j == nc)
                for (int i = 0; i < 16; i++) vpush(&chunks, m[i]);
            idx[h] = (uint16_t)j;
        }
        emit_u16("ub_mask_idx", idx, 4096);
        emit_u32("ub_mask_chunk", chunks.a, chunks.n);
        vec mk = {0}, mv = {0};
        for (uint32_t cp = 0x10000; cp < 0x110000; cp++)
            if (mask[cp] & ~(1u << 21)) {
                vpush(&mk, cp);
                vpush(&mv, mask[cp]);
            }
        emit_u32("ub_mask_smp_cp", mk.a, mk.n);
        emit_u32("ub_mask_smp_m", mv.a, mv.n);
        emit_count("ub_mask_smp_count", mk.n);
        fprintf(stderr, "gen_codec_tables: dec pairs %zu, ww exc %zu, smp %zu, gb4 ranges %zu/%zu, "
                "enc blocks %zu, esmp %zu, mask chunks %zu, mask smp %zu\n",
                db_val.n, ww_key.n, smp_key.n, gb4_lin[0].n, gb4_lin[1].n, enc_blk.n / 256,
                esmp_key.n, chunks.n / 16, mk.n);
    }
    if (fclose(out) != 0) die("cannot write", argv[1]);
    return 0;
}
