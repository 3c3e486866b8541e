/*
 * Regions (DESIGN.md section 3): the spans of a window worth reading. Every
 * non-ASCII run but typographic punctuation alone starts one; runs closer
 * than UB_REGION_GAP bytes share one, with UB_REGION_PAD bytes of ASCII
 * context each side (a GBK trail may be an ASCII letter, a lost byte may
 * hide behind '?' or a space). Only the regions' bytes are decoded to
 * characters, and each region learns which codecs can start a unit in it.
 */
#include <string.h>

#include "engine.h"
#include "utf8.h"

#define UB_REGION_GAP 64
#define UB_REGION_PAD 8

int ub_region_add_span(ub_engine *e, const uint8_t *t, size_t len, size_t a, size_t b) {
    a = a > UB_REGION_PAD ? a - UB_REGION_PAD : 0;
    b = b + UB_REGION_PAD < len ? b + UB_REGION_PAD : len;
    while (a > 0 && (t[a] & 0xC0) == 0x80) a--;
    while (b < len && (t[b] & 0xC0) == 0x80) b++;
    if (e->nreg && a <= e->reg[e->nreg - 1].b1 + UB_REGION_GAP) {
        if (b > e->reg[e->nreg - 1].b1) e->reg[e->nreg - 1].b1 = (uint32_t)b;
        return 0;
    }
    ub_region r;
    memset(&r, 0, sizeof r);
    r.b0 = (uint32_t)a;
    r.b1 = (uint32_t)b;
    return ub_add_region(e, &r);
}

int ub_add_region(ub_engine *e, const ub_region *r) {
    void *p = e->reg;
    if (ub_grow(e->alloc, &p, &e->cap_reg, e->nreg + 1, sizeof *e->reg)) return -1;
    e->reg = p;
    e->reg[e->nreg++] = *r;
    return 0;
}

/* Is the non-ASCII run t[a, b) only typographic punctuation (U+2010..
 * U+2027: dashes, quotes, bullets, the ellipsis) between ASCII other than
 * '?'? Such a run is no reading's unit: every code page writes those
 * characters as bytes no UTF-8 sequence starts with (’ is 92 in
 * windows-1252, A1 AF in GBK), or, in Mac Roman, as a lead before ASCII;
 * the mojibake of one (`â€™`, `鈥檚`) shows other characters. Clean
 * English spends its non-ASCII bytes on such runs, and they start no
 * region. */
static int inert_run(const uint8_t *t, size_t len, size_t a, size_t b) {
    if ((a > 0 && t[a - 1] == '?') || (b < len && t[b] == '?') || (b - a) % 3) return 0;
    for (size_t i = a; i < b; i += 3)
        if (t[i] != 0xE2 || t[i + 1] != 0x80 || t[i + 2] < 0x90 || t[i + 2] > 0xA7) return 0;
    return 1;
}

/* Regions that hold only quiet genuine CJK runs (ub_genuine_quiet_run)
 * would be cut away whole by ub_genuine_split: they move to e->qreg
 * before any of their text is decoded, with what the language prior and
 * eating_gb need of them. Genuine Chinese spent most of its time decoding
 * and cutting such regions (issue #5). */
static int drop_quiet_regions(ub_engine *e) {
    size_t kept = 0;
    for (size_t r = 0; r < e->nreg; r++) {
        ub_region *g = &e->reg[r];
        if (g->noisy) {
            e->reg[kept++] = *g;
            continue;
        }
        void *p = e->qreg;
        if (ub_grow(e->alloc, &p, &e->cap_qreg, e->nqreg + 1, sizeof *e->qreg)) return -1;
        e->qreg = p;
        e->qreg[e->nqreg++] = *g;
        e->quiet_gb[0] += g->quiet_gb[0];
        e->quiet_gb[1] += g->quiet_gb[1];
    }
    e->nreg = kept;
    return 0;
}

int ub_regions_of_runs(ub_engine *e, const uint8_t *t, size_t len) {
    /* (layer 0 only; a window-wide reading, sjis_back.c, takes every run) */
    int may_be_quiet =
        !e->read_every_run && e->ncjk_models > 0 && !e->halfwidth_kana;
    for (size_t i = ub_ascii_prefix(t, len); i < len;) {
        size_t a = i;
        while (i < len && t[i] >= 0x80) i++;
        if (!inert_run(t, len, a, i)) {
            size_t before = e->nreg;
            if (ub_region_add_span(e, t, len, a, i)) return -1;
            ub_region *g = &e->reg[e->nreg - 1];
            if (e->nreg > before) g->noisy = 0;
            /* a region one run has made noisy is read whatever the others */
            long quiet = may_be_quiet && !g->noisy ? ub_genuine_quiet_run(e, t, len, a, i) : 0;
            if (quiet < 0) return -1;
            if (!quiet) g->noisy = 1;
            else ub_gb_eat_pairs(e->qcp, 1, (size_t)quiet, g->quiet_gb);
        }
        i += ub_ascii_prefix(t + i, len - i);
    }
    return may_be_quiet ? drop_quiet_regions(e) : 0;
}

/* Decode the regions' bytes into e->cp/off/blen. */
int ub_decode_regions(ub_engine *e, const uint8_t *t) {
    size_t need = 0;
    for (size_t r = 0; r < e->nreg; r++) need += e->reg[r].b1 - e->reg[r].b0;
    /* each array keeps its own capacity, so a failure between the three
     * growths leaves every size the allocator was told correct */
    void *p = e->cp;
    if (ub_grow(e->alloc, &p, &e->cap_cp, need + 1, sizeof *e->cp)) return -1;
    e->cp = p;
    p = e->off;
    if (ub_grow(e->alloc, &p, &e->cap_off, need + 1, sizeof *e->off)) return -1;
    e->off = p;
    p = e->blen;
    if (ub_grow(e->alloc, &p, &e->cap_blen, need + 1, 1)) return -1;
    e->blen = p;
    size_t n = 0;
    for (size_t r = 0; r < e->nreg; r++) {
        ub_region *g = &e->reg[r];
        g->c0 = (uint32_t)n;
        for (size_t i = g->b0; i < g->b1;) {
            uint32_t cp;
            int l = ub_utf8_decode(t + i, g->b1 - i, &cp);
            if (l == 0) {
                cp = UB_RAW_BYTE_BASE + t[i];
                l = 1;
            }
            e->cp[n] = cp;
            e->off[n] = (uint32_t)i;
            e->blen[n] = (uint8_t)l;
            n++;
            i += (size_t)l;
        }
        g->c1 = (uint32_t)n;
    }
    e->n = n;
    return 0;
}

/* The byte that follows a character's encoding under codec w when the
 * next character is k: -1 when there is none (region end, a character w
 * cannot encode), -2 for a hole mark (U+FFFD, '?'). */
static int next_first_byte(const ub_engine *e, const ub_region *r, uint32_t k, ub_codec_id w) {
    if (k >= r->c1 || e->quiet[k]) return -1;
    uint32_t c = e->cp[k];
    if (c == 0xFFFD || c == '?') return -2;
    if (c < 0x80) return (int)c;
    uint8_t b[4];
    return ub_codec_encode(w, c, b) ? b[0] : -1;
}

/* Latin-1 and windows-1252 read the bytes 80..9F they leave undefined as
 * C1 controls too, after the lead of the same UTF-8 character (`â\u0080\u0099`
 * is ’, `â€\u009D` is ” under two layers): a C1 control after such a
 * reading (C1 controls between) is theirs, not a mark of glibc. */
static int single_byte_lead_before(const ub_engine *e, size_t k) {
    while (k > 0 && e->cp[k - 1] >= 0x80 && e->cp[k - 1] <= 0x9F) k--;
    if (k == 0) return 0;
    uint32_t c = e->cp[k - 1];
    uint8_t b[4];
    return (c >= 0xA0 && c <= 0xFF) || (ub_codec_encode(UB_CP1252, c, b) == 1 && b[0] >= 0x80);
}

int ub_glibc_c1_at(const ub_engine *e, size_t k, ub_codec_id w) {
    uint32_t c = e->cp[k];
    return e->keep_c1 && e->layer == 0 && c >= 0x80 && c <= 0x9F &&
           ub_codec_glibc_c1(w, (uint8_t)c) && !single_byte_lead_before(e, k);
}

/* Codecs worth trying on a region. A unit starts with a UTF-8 lead byte
 * (C2..F4) or a lost byte, so a codec matters only when some character of
 * the region re-encodes under it to bytes starting with a lead: ’ is 0x92 in
 * cp1252, a continuation byte, and a region of curly apostrophes never needs
 * the cp1252 reading. GB18030 can produce nearly every code point (four-byte
 * forms), but UTF-8 read as GB18030 gives the same two-byte characters as
 * GBK; it is tried only where a character needs a two-byte GB18030 form.
 *
 * r->sure narrows r->codecs to the codecs under which a unit can rest on
 * bytes that are there: its lead is followed by a byte UTF-8 allows in the
 * second place, or by a hole mark, or it is signature punctuation whose lead
 * a double-byte decoder dropped (80/81/BC first: `，` EF BC 8C). Every other
 * unit needs a byte guessed from nothing (hypothesis.c, blind_only), and such
 * segments wait for document evidence: where no region of the window is sure
 * of a codec and no evidence is carried, the codec is not tried at all
 * (run_pass), which decides nothing differently and spares clean text. */
static int same_as_gbk(uint32_t c, const uint8_t gb18030[2]) {
    uint8_t g[4];
    return ub_codec_encode(UB_GBK, c, g) == 2 && g[0] == gb18030[0] && g[1] == gb18030[1];
}

/* What region_codecs reads from the encodings of one code point: they
 * depend on the code point and the engine's codecs alone, and a region of
 * Russian or French text asks for the same few dozen letters under twenty
 * code pages each, thousands of times (recent ones kept, direct-mapped). */
#define UB_CP_CODECS_BITS 12
typedef struct ub_cp_codecs {
    uint32_t cp;     /* 0: empty (never a non-ASCII code point) */
    uint32_t cm;     /* ub_codec_mask */
    uint32_t found;  /* codecs writing it with a UTF-8 lead first */
    uint32_t pre;    /* double-byte codecs writing it 80, 81 or BC first */
    uint32_t two;    /* of found: two bytes, the second one UTF-8 allows */
    uint32_t next;   /* of found: one byte, the next character decides */
    uint32_t sig;    /* of found: a signature's lead whose second byte
                        the codec can lose (signature_lead) */
    uint32_t enc;    /* codecs that encode it at all */
    uint8_t gb_own;  /* GB18030 writes it otherwise than GBK */
    uint8_t b0[UB_CODEC_COUNT]; /* the first byte under each of enc */
} ub_cp_codecs;

/* Can a unit of codec w whose lead is b0 be signature punctuation (E2 80,
 * E2 81, E3 80, EF BC: unit_holes.c, may_be_signature) with its second
 * byte lost, which the codec's decoders can drop? */
static int signature_lead(ub_codec_id w, uint8_t b0) {
    if (b0 == 0xE2) return ub_codec_could_lose(w, 0x80, -1) || ub_codec_could_lose(w, 0x81, -1);
    if (b0 == 0xE3) return ub_codec_could_lose(w, 0x80, -1);
    if (b0 == 0xEF) return ub_codec_could_lose(w, 0xBC, -1);
    return 0;
}

static void cp_codecs_fill(const ub_engine *e, uint32_t c, ub_cp_codecs *f) {
    const uint32_t gbk = 1u << UB_GBK;
    memset(f, 0, sizeof *f);
    f->cp = c;
    f->cm = ub_codec_mask(c);
    uint32_t todo = f->cm & e->codec_mask;
    for (int w = 0; todo; w++) {
        if (!((todo >> w) & 1u)) continue;
        todo &= ~(1u << w);
        uint8_t b[4];
        int n = ub_codec_encode((ub_codec_id)w, c, b);
        if (n == 0) continue;
        f->enc |= 1u << w;
        f->b0[w] = b[0];
        if (w == UB_GB18030 && n == 2 && (f->cm & gbk) && !same_as_gbk(c, b)) f->gb_own = 1;
        if (w == UB_GB18030 && (n != 2 || (f->cm & gbk))) continue;
        if (ub_codec_is_multibyte((ub_codec_id)w) && (b[0] == 0x80 || b[0] == 0x81 || b[0] == 0xBC))
            f->pre |= 1u << w;
        if (b[0] < 0xC2 || b[0] > 0xF4) continue;
        f->found |= 1u << w;
        if (signature_lead((ub_codec_id)w, b[0])) f->sig |= 1u << w;
        uint8_t lo, hi;
        ub_utf8_second_range(b[0], &lo, &hi);
        if (n < 2) f->next |= 1u << w;
        else if (b[1] >= lo && b[1] <= hi) f->two |= 1u << w;
    }
}

static const ub_cp_codecs *cp_codecs(ub_engine *e, uint32_t c, ub_cp_codecs *spare) {
    if (!e->cp_codecs) {
        e->cp_codecs = ub_malloc(e->alloc, sizeof *e->cp_codecs << UB_CP_CODECS_BITS);
        if (!e->cp_codecs) { /* no memory: no memo */
            cp_codecs_fill(e, c, spare);
            return spare;
        }
        memset(e->cp_codecs, 0, sizeof *e->cp_codecs << UB_CP_CODECS_BITS);
    }
    ub_cp_codecs *f = &e->cp_codecs[(c * UB_HASH_MUL) >> (32 - UB_CP_CODECS_BITS)];
    if (f->cp != c) cp_codecs_fill(e, c, f);
    return f;
}

void ub_regions_free(ub_engine *e) {
    ub_free(e->alloc, e->cp_codecs, sizeof *e->cp_codecs << UB_CP_CODECS_BITS);
    e->cp_codecs = NULL;
}

/* The codecs under which a unit led by character k (encodings f) rests
 * on bytes that are there: its lead is followed by a byte UTF-8 allows
 * second, of the character itself or of the next one (next_first_byte),
 * or by a hole mark; or a double-byte decoder dropped the lead of
 * signature punctuation. `known`: codecs already sure, not asked again. */
static uint32_t char_sure(const ub_engine *e, const ub_region *r, uint32_t k,
                          const ub_cp_codecs *f, uint32_t known) {
    uint32_t sure = f->pre;
    uint32_t open = f->found & ~(known | sure);
    sure |= open & f->two;
    for (uint32_t todo = open & f->next; todo; todo &= todo - 1) {
        int w = ub_lowest_bit(todo);
        int nb = next_first_byte(e, r, k + 1, (ub_codec_id)w);
        uint8_t lo, hi;
        ub_utf8_second_range(f->b0[w], &lo, &hi);
        if (nb == -2 || (nb >= lo && nb <= hi)) sure |= 1u << w;
    }
    return sure;
}

/* A quotation mark whose state the search carries (hypothesis.c,
 * close_segment, reads them in the text). */
static int quote_char(uint32_t c) {
    return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x300C || c == 0x300D;
}

/* Is the '?' at region char k beside a non-ASCII character (a mark that
 * may stand for a lost byte)? */
static int qmark_at(const ub_engine *e, const ub_region *r, uint32_t k) {
    return e->cp[k] == '?' && ((k > r->c0 && e->cp[k - 1] >= 0x80) ||
                               (k + 1 < r->c1 && e->cp[k + 1] >= 0x80));
}

/* The first byte of character k under codec w, as next_first_byte says,
 * read through the memo (which the caller must not hold an entry of): in
 * ub_line_sure's scan of one codec the next character's entry is most
 * often there (clean Russian: 4% fewer instructions than encoding it),
 * while ub_region_codecs, which asks for several codecs, does better
 * encoding it. */
static int next_byte_memo(ub_engine *e, const ub_region *r, uint32_t k, ub_codec_id w) {
    if (k >= r->c1 || e->quiet[k]) return -1;
    uint32_t c = e->cp[k];
    if (c == 0xFFFD || c == '?') return -2;
    if (c < 0x80) return (int)c;
    ub_cp_codecs spare;
    const ub_cp_codecs *f = cp_codecs(e, c, &spare);
    return (f->enc >> w) & 1u ? f->b0[w] : -1;
}

int ub_line_sure(ub_engine *e, const ub_region *r, uint32_t k0, uint32_t kmax, ub_codec_id w,
                 uint32_t *end) {
    const uint32_t bit = 1u << w;
    ub_cp_codecs spare;
    uint32_t k = k0;
    while (k < kmax) {
        uint32_t c = e->cp[k];
        if (c < 0x80) {
            if (c == '\n') break;
            if (qmark_at(e, r, k)) return 1;
            k += e->skip[k]; /* plain ASCII up to the next '?', '\n' or non-ASCII */
            continue;
        }
        if (c == 0xFFFD || quote_char(c)) return 1;
        if (!e->quiet[k]) {
            const ub_cp_codecs *f = cp_codecs(e, c, &spare);
            /* as ub_region_codecs reads it (char_sure), for w alone */
            if ((f->sig | f->pre | (f->found & f->two)) & bit) return 1;
            if (c <= 0x9F && ub_glibc_c1_at(e, k, w)) return 1;
            if (f->found & f->next & bit) {
                uint8_t lo, hi;
                ub_utf8_second_range(f->b0[w], &lo, &hi); /* before f may be reused */
                int nb = next_byte_memo(e, r, k + 1, w);
                if (nb == -2 || (nb >= lo && nb <= hi)) return 1;
            }
        }
        k++;
    }
    *end = k < kmax ? k : kmax;
    return 0;
}

void ub_region_codecs(ub_engine *e, ub_region *r) {
    uint32_t found = 0, sure = 0, any = 0, legacy = 0;
    int hole = 0, qmark = 0, qlead = 0, kunkao = 0;
    int gb_own = 0; /* a character GB18030 encodes otherwise than GBK */
    const uint32_t gbk = 1u << UB_GBK;
    uint32_t m1 = 0, m2 = 0; /* masks of the two characters before, 0 if ASCII */
    ub_cp_codecs spare;
    r->quote_chars = 0;
    r->signature = 0;
    for (uint32_t k = r->c0; k < r->c1; k++) {
        uint32_t c = e->cp[k];
        /* the marks whose state close_segment reads in the text */
        if (quote_char(c)) r->quote_chars = 1;
        if (c == 0x951F) kunkao = 1; /* 锟: U+FFFD read as GBK */
        if (c < 0x80 || c == 0xFFFD) {
            /* '?' next to a non-ASCII character may stand for a lost byte */
            if (c == 0xFFFD) hole = 1;
            if (qmark_at(e, r, k)) qmark = 1;
            if (c == '?' && k + 1 < r->c1 && e->cp[k + 1] >= 0x80) qlead = 1;
            /* ... an ASCII character right after a non-ASCII one may be the
             * trail byte of a double-byte legacy character (legacy.c) */
            if (!ub_legacy_trail(c) || k == r->c0 || e->cp[k - 1] < 0x80) m1 = m2 = 0;
            continue;
        }
        /* genuine CJK kept as context is no unit's (encode_region) */
        if (e->quiet[k]) {
            m1 = m2 = 0;
            continue;
        }
        const ub_cp_codecs *f = cp_codecs(e, c, &spare);
        uint32_t cm = f->cm;
        any |= cm;
        /* a C1 control, where the window keeps them, is a continuation
         * byte glibc's EUC or Big5 decoder let through after dropping its
         * lead (unit_edges.c, ub_unit_glibc_pair_gone and _tail_gone): damage for
         * sure, under those codecs */
        if (c <= 0x9F)
            for (int w = UB_FIRST_MULTIBYTE; w < UB_CODEC_COUNT; w++)
                if (ub_glibc_c1_at(e, k, (ub_codec_id)w)) {
                    found |= 1u << w;
                    sure |= 1u << w;
                }
        /* legacy runs (legacy.c) need three non-ASCII characters in a row
         * that the wrong single-byte codec encodes */
        legacy |= cm & m1 & m2;
        m2 = m1;
        m1 = cm;
        gb_own |= f->gb_own;
        r->signature |= f->sig;
        found |= f->found;
        sure |= char_sure(e, r, k, f, sure);
    }
    /* a U+FFFD can stand for a lost lead byte: then a character that
     * re-encodes to continuation bytes may finish a unit, under any codec
     * that produces the region's characters */
    if (hole) found |= any & ~(1u << UB_GB18030);
    /* ... and a region whose only damage is such marks, in runs that fit
     * whole characters (engine.h, punct_marks), is a reading under the
     * double-byte codecs that cannot pair E2 80 (unit_marks.c: a curly
     * quote or a bullet lost whole) */
    if (hole && !any && e->punct_marks)
        for (int w = UB_FIRST_MULTIBYTE; w < UB_CODEC_COUNT; w++)
            if (ub_codec_could_lose((ub_codec_id)w, 0xE2, 0x80)) found |= 1u << w;
    /* ... and so can a '?' before a non-ASCII character (the U+FFFD of a
     * lost lead, saved back in the legacy codec) */
    if (qlead) found |= any & ~(1u << UB_GB18030);
    /* GB18030 is GBK but for a few pairs (€ is A2 E3 in GB18030, 80 in
     * GBK) and its 4-byte forms: where the region holds such a pair, it is
     * a reading wherever GBK is */
    if (gb_own) {
        if (found & gbk) found |= 1u << UB_GB18030;
        if (sure & gbk) sure |= 1u << UB_GB18030;
    }
    r->codecs = found & e->codec_mask;
    r->sure = hole || qmark ? r->codecs : sure & r->codecs;
    r->legacy = legacy;
    r->fffd = (uint8_t)(hole || kunkao);
    r->qmark = (uint8_t)qmark;
}
