/*
 * Genuine CJK text left alone cheaply (issue 5: clean Chinese at a fraction
 * of memory speed, not a thousand instructions a byte).
 *
 * UTF-8 read as GBK, Big5, Shift_JIS, EUC-JP or EUC-KR gives the rare
 * characters of those code pages: the UTF-8 leads E3..E9 of CJK text land
 * in the second-level hanzi/kanji rows (GBK D8..F7, Big5 C9..F9, JIS X 0208
 * rows 48..84, the KS X 1001 hanja), and a lead before a space leaves 鈥 or
 * 銆 alone. Common characters come out of two-byte UTF-8: the Latin-1
 * symbols of a CJK text (`»«` C2 BB C2 AB is 損束 in EUC-JP, `°` C2 B0 is
 * 掳 in GBK), and letters glued to the ASCII letters of their word
 * (`小hurch`: Cyrillic С is D0 A1); and out of the code page's rows of the
 * other script (Korean 는 read as GBK is 電, common in Traditional Chinese,
 * glued to the word before it: `mandb電`). So a character is a sign of
 * possible mojibake (sign_reach) when every Chinese, Japanese and Korean
 * model finds it rare; when it is no CJK character at all, bar general
 * punctuation (“ ” — … are every script's); when it is U+FFFD or a raw
 * byte; when a double-byte codec writes it as a two-byte UTF-8 sequence
 * and no genuine CJK character holds its run (Latin-1 symbols, Greek and
 * Cyrillic letters: `伪 + 尾 = 49掳` is `α + β = 49°`). Characters within
 * UB_LIVE_REACH of a sign are worth reading, and a character glued to an
 * ASCII letter, digit or '?' is worth reading with its neighbour. The rest,
 * nearly all of a genuine Chinese text, read under the lost-byte search as
 * no unit at all, the verdict it reaches at a hundred times the cost:
 * e->reg keeps only the parts of each region around signs, and the quiet
 * characters at their edges as context (ub_genuine_split). Only CJK
 * characters are ever quiet: the others may matter to a single-byte
 * reading. A reading that would turn CJK text set among genuine CJK into
 * no CJK at all is refused (ub_genuine_sandwich).
 *
 * The threshold sits below every common character (的 -5.7, 台 -10.6 bits
 * in zh-Hans) and above the leads of mojibake (涓 銆 锛 -14.1, 鈥 -16.5).
 * A region with U+FFFD or 锟 is damage through and through (锟斤拷 is GBK
 * text read as UTF-8 and back: the common hanzi after it are that text
 * too) and is left whole.
 */
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "script.h"
#include "utf8.h"

#define UB_GENUINE_LOGP (-13.5f)
#define UB_LIVE_REACH 3
#define UB_GLUED_REACH 1
#define UB_CONTEXT_PAD 4

/* ub_engine.cls bits, per BMP code point */
#define UB_CLS_DONE 0x80u
#define UB_CLS_COMMON 0x01u /* some CJK model finds it common */
#define UB_CLS_LATIN1 0x02u /* a double-byte codec writes it C2/C3 + continuation */
#define UB_CLS_TWO 0x04u    /* ... C4..DF + continuation */

/* Characters that can be quiet: CJK punctuation, kana, hanzi, Hangul and
 * full-width forms; every other character may matter to a single-byte
 * reading (an `Ã`, a `ΓÇÖ`) and is a sign. Half-width katakana are the
 * bytes A1..DF of a Shift_JIS reading (sjis_back.c), signs too. */
static int cjk_block(uint32_t c) {
    return (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFA0 && c <= 0xFFEF);
}

static unsigned char_class(ub_engine *e, uint32_t c) {
    if (!cjk_block(c)) return 0;
    if (!e->cls) {
        e->cls = ub_malloc(e->alloc, 0x10000);
        if (!e->cls) return 0; /* no memory: every character is a sign */
        memset(e->cls, 0, 0x10000);
    }
    unsigned k = e->cls[c];
    if (k & UB_CLS_DONE) return k;
    k = UB_CLS_DONE;
    for (int i = 0; i < e->ncjk_models; i++)
        if (ub_lm_logp(e->cjk_models[i], c) >= UB_GENUINE_LOGP) k |= UB_CLS_COMMON;
    for (int w = UB_FIRST_MULTIBYTE; w < UB_CODEC_COUNT && (k & UB_CLS_COMMON); w++) {
        uint8_t b[4];
        if (!((e->codec_mask >> w) & 1u) || ub_codec_encode((ub_codec_id)w, c, b) != 2) continue;
        if ((b[1] & 0xC0) != 0x80 || b[0] < 0xC2 || b[0] > 0xDF) continue;
        k |= b[0] <= 0xC3 ? UB_CLS_LATIN1 : UB_CLS_TWO;
    }
    e->cls[c] = (uint8_t)k;
    return k;
}

int ub_genuine_rare(ub_engine *e, uint32_t c) { return !(char_class(e, c) & UB_CLS_COMMON); }

int ub_genuine_run(ub_engine *e, size_t k, size_t end, size_t need) {
    size_t i = k;
    for (; i < end && i < k + UB_CLEAN_RUN; i++) {
        uint32_t c = e->cp[i];
        if (c < 0x80) break;
        ub_script sc = ub_script_of(c);
        if ((sc != UB_SC_HAN && sc != UB_SC_KANA && sc != UB_SC_HANGUL) || ub_genuine_rare(e, c))
            return 0;
    }
    return i > k && i - k >= need;
}

static int ascii_mark(uint32_t c) {
    return c == '?' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Does a CJK character some model finds common, and that no double-byte
 * codec writes as two-byte UTF-8, stand at k? Such a neighbour holds the
 * characters beside it in genuine text. */
static int holds(ub_engine *e, const uint32_t *cp, size_t c0, size_t c1, size_t k) {
    if (k < c0 || k >= c1) return 0;
    unsigned cls = char_class(e, cp[k]);
    return (cls & UB_CLS_COMMON) && !(cls & (UB_CLS_LATIN1 | UB_CLS_TWO));
}

#define UB_PAIR_RUN_MAX 8

/* How far character k of the chars [c0, c1) makes its neighbours worth
 * reading: UB_LIVE_REACH for a sign (see above), UB_GLUED_REACH for a
 * character glued to an ASCII letter, digit or '?', 0 for none. A
 * character a double-byte codec writes as two-byte UTF-8 is a sign only
 * when its run of such characters stands between no held character (see
 * holds): between genuine hanzi it reads as no repair anyway
 * (ub_genuine_sandwich), and one Chinese character in eight or so is one. */
static int sign_reach(ub_engine *e, const uint32_t *cp, size_t c0, size_t c1, size_t k) {
    uint32_t c = cp[k];
    if (c < 0x80) return 0;
    uint32_t before = k > c0 ? cp[k - 1] : 0, after = k + 1 < c1 ? cp[k + 1] : 0;
    if (ascii_mark(before) || ascii_mark(after)) return UB_GLUED_REACH;
    /* general punctuation (“ ” ‘ ’ • — …) is what genuine text of every
     * script uses; no double-byte reading writes it from UTF-8 (鈥 is E2
     * 80): it stays for the single-byte readings, a sign of nothing */
    if (c >= 0x2000 && c <= 0x206F) return 0;
    unsigned cls = char_class(e, c);
    if (!(cls & UB_CLS_COMMON)) return UB_LIVE_REACH;
    if (!(cls & (UB_CLS_LATIN1 | UB_CLS_TWO))) return 0;
    /* the run of such characters around k */
    size_t a = k, b = k + 1;
    while (a > c0 && k - a < UB_PAIR_RUN_MAX && cp[a - 1] >= 0x80 &&
           (char_class(e, cp[a - 1]) & (UB_CLS_LATIN1 | UB_CLS_TWO)))
        a--;
    while (b < c1 && b - k < UB_PAIR_RUN_MAX && cp[b] >= 0x80 &&
           (char_class(e, cp[b]) & (UB_CLS_LATIN1 | UB_CLS_TWO)))
        b++;
    if (holds(e, cp, c0, c1, a - 1) || holds(e, cp, c0, c1, b)) return 0;
    /* Latin-1 symbols anywhere else (`: 損束` is `: »«`); Greek and
     * Cyrillic letters beside ASCII or a line's edge (`伪 + 尾` is `α + β`) */
    uint32_t l = a > c0 ? cp[a - 1] : 0, r = b < c1 ? cp[b] : 0;
    return (cls & UB_CLS_LATIN1) || l < 0x80 || r < 0x80 ? UB_LIVE_REACH : 0;
}

/* Is region r to be read whole: damage through and through (U+FFFD, 锟,
 * raw bytes), or no CJK character to cut out? */
static int read_whole(const ub_engine *e, const ub_region *r) {
    int cjk = 0;
    for (uint32_t k = r->c0; k < r->c1; k++) {
        uint32_t c = e->cp[k];
        if (c == 0xFFFD || c == 0x951F || UB_IS_RAW_BYTE(c)) return 1;
        cjk |= cjk_block(c);
    }
    return !cjk;
}

/* e->live[k - c0] for the chars [c0, c1): 1 when some sign reaches it
 * (sign_reach), else 0. */
static int make_live(ub_engine *e, size_t c0, size_t c1) {
    size_t m = c1 - c0;
    void *p = e->live;
    if (ub_grow(e->alloc, &p, &e->cap_live, m + 1, 1)) return -1;
    e->live = p;
    /* e->live first holds each character's reach, then whether some
     * sign reaches it: forward, then backward */
    size_t reach_end = 0; /* characters before it are reached */
    for (size_t k = 0; k < m; k++) {
        int r = sign_reach(e, e->cp, c0, c1, c0 + k);
        e->live[k] = (uint8_t)r;
        if (r && k + (size_t)r + 1 > reach_end) reach_end = k + (size_t)r + 1;
        if (k < reach_end) e->live[k] |= 0x80;
    }
    size_t reach_start = m; /* characters from it on are reached */
    for (size_t k = m; k-- > 0;) {
        int r = e->live[k] & 0x7F;
        if (r && k < reach_start + (size_t)r) reach_start = k >= (size_t)r ? k - (size_t)r : 0;
        e->live[k] = (e->live[k] & 0x80) || k >= reach_start;
    }
    return 0;
}

/* Is char k typographic punctuation (U+2010..U+2027: dashes, quotes,
 * bullets, the ellipsis) with no '?' beside it? Such a character starts no
 * unit of any reading (regions.c, inert_run), and with only quiet CJK or
 * ASCII around it, a span of them and ASCII holds nothing to read: the
 * quotes around genuine Chinese (`“首先注意到”`) in an English text, or
 * `“%s”` in a Chinese one. */
static int inert_punct(const ub_engine *e, uint32_t k) {
    uint32_t c = e->cp[k];
    if (c < 0x2010 || c > 0x2027) return 0;
    return !(k > 0 && e->cp[k - 1] == '?') && !(k + 1 < e->n && e->cp[k + 1] == '?');
}

long ub_genuine_quiet_run(ub_engine *e, const uint8_t *t, size_t len, size_t a, size_t b) {
    /* the run's characters with the ASCII byte each side (0 at the
     * window's edges), as a region holds them */
    size_t m = 0;
    void *p = e->qcp;
    if (ub_grow(e->alloc, &p, &e->cap_qcp, b - a + 2, sizeof *e->qcp)) return -1;
    e->qcp = p;
    uint32_t *cp = e->qcp;
    cp[m++] = a > 0 ? t[a - 1] : 0;
    int cjk = 0;
    for (size_t i = a; i < b;) {
        uint32_t c;
        int l = ub_utf8_decode(t + i, b - i, &c);
        /* not UTF-8, U+FFFD, 锟: read whole (read_whole); neither CJK nor
         * typographic punctuation (inert_punct): read */
        if (l == 0 || c == 0x951F || !(cjk_block(c) || (c >= 0x2010 && c <= 0x2027))) return 0;
        cjk |= cjk_block(c);
        cp[m++] = c;
        i += (size_t)l;
    }
    cp[m++] = b < len ? t[b] : 0;
    /* a region without CJK is read whole (read_whole); a sign makes
     * itself or its neighbours live */
    if (!cjk) return 0;
    for (size_t k = 1; k + 1 < m; k++)
        if (sign_reach(e, cp, 0, m, k)) return 0;
    return (long)m;
}

int ub_genuine_split(ub_engine *e) {
    size_t nreg = e->nreg;
    void *p = e->preg;
    if (ub_grow(e->alloc, &p, &e->cap_preg, nreg + 1, sizeof *e->preg)) return -1;
    e->preg = p;
    p = e->quiet;
    if (ub_grow(e->alloc, &p, &e->cap_quiet, e->n + 1, 1)) return -1;
    e->quiet = p;
    memset(e->quiet, 0, e->n + 1);
    memcpy(e->preg, e->reg, nreg * sizeof *e->reg);
    e->npreg = nreg;
    e->nreg = 0;
    /* a window-wide reading (sjis_back.c: Korean read as Shift_JIS) takes
     * every run of the window, the lone common kanji too (`乱` is `에`
     * without its last byte) */
    int whole_window = e->ncjk_models == 0 || e->layer > 0 || e->halfwidth_kana;
    for (size_t r = 0; r < nreg; r++) {
        ub_region whole = e->preg[r];
        whole.parent = (uint32_t)r;
        if (whole_window || read_whole(e, &whole)) {
            if (ub_add_region(e, &whole)) return -1;
            continue;
        }
        if (make_live(e, whole.c0, whole.c1)) return -1;
        const uint8_t *live = e->live - whole.c0;
        /* only CJK characters are ever quiet: the rest may matter to a
         * single-byte reading */
        for (uint32_t k = whole.c0; k < whole.c1; k++)
            e->quiet[k] = e->cp[k] >= 0x80 && !live[k] && cjk_block(e->cp[k]);
        /* sub-regions: the spans between quiet characters, each kept when
         * it holds a live non-ASCII character, with UB_CONTEXT_PAD quiet
         * characters on each side: what the scores and word lists read
         * beside a segment (seg_gain's neighbours, lost_words.c), never
         * tried themselves (encode_region makes them UB_K_NONE) */
        uint32_t last = whole.c0; /* end of the previous sub-region */
        for (uint32_t k = whole.c0; k < whole.c1;) {
            while (k < whole.c1 && e->quiet[k]) k++;
            uint32_t a = k;
            int any = 0;
            for (; k < whole.c1 && !e->quiet[k]; k++) any |= e->cp[k] >= 0x80 && !inert_punct(e, k);
            if (!any) continue;
            uint32_t a0 = a - last > UB_CONTEXT_PAD ? a - UB_CONTEXT_PAD : last;
            uint32_t k1 = whole.c1 - k > UB_CONTEXT_PAD ? k + UB_CONTEXT_PAD : whole.c1;
            if (e->nreg > 0 && last > whole.c0 && a0 <= last) {
                /* close to the previous one: the same sub-region */
                ub_region *prev = &e->reg[e->nreg - 1];
                prev->c1 = k1;
                prev->b1 = e->off[k1 - 1] + e->blen[k1 - 1];
            } else {
                ub_region sub = whole;
                sub.c0 = a0;
                sub.c1 = k1;
                sub.b0 = e->off[a0];
                sub.b1 = e->off[k1 - 1] + e->blen[k1 - 1];
                if (ub_add_region(e, &sub)) return -1;
            }
            last = k1;
        }
    }
    return 0;
}

/* A side of a segment that leaves it set in text: any CJK character, ASCII
 * other than letters, digits and '?', or general punctuation. */
static int open_side(uint32_t c) {
    return cjk_block(c) || (c < 0x80 && !ascii_mark(c)) || (c >= 0x2000 && c <= 0x206F);
}

int ub_genuine_sandwich(ub_engine *e, const ub_seg *s) {
    if (s->right || !ub_codec_is_multibyte((ub_codec_id)s->codec) || s->group) return 0;
    for (uint32_t k = s->start; k < s->end; k++)
        if (!cjk_block(e->cp[k])) return 0;
    for (uint32_t i = 0; i < s->dec_n; i++) {
        uint32_t c = e->dec[s->dec_off + i];
        if (c != UB_DEC_SKIP && cjk_block(c)) return 0;
    }
    /* the neighbours in the text itself: a region of an inner layer may
     * start right at the segment */
    const uint8_t *t = e->chunk;
    size_t a = e->off[s->start], b = e->off[s->end - 1] + e->blen[s->end - 1];
    uint32_t left = '\n', right = '\n';
    if (a > 0) {
        size_t p = a - 1;
        while (p > 0 && a - p < 4 && (t[p] & 0xC0) == 0x80) p--;
        if (ub_utf8_decode(t + p, a - p, &left) != (int)(a - p)) left = 0xFFFD;
    }
    if (b < e->chunk_len && ub_utf8_decode(t + b, e->chunk_len - b, &right) == 0) right = 0xFFFD;
    /* one side common CJK; the other may be any CJK character (`交叉路由`),
     * punctuation or space (`详细信息.`, `保存”`), not a letter or digit:
     * `49掳` and `小hurch` are glued to their words */
    int common = ((char_class(e, left) | char_class(e, right)) & UB_CLS_COMMON) != 0;
    return common && open_side(left) && open_side(right);
}
