/*
 * Hypotheses (DESIGN.md sections 2-3): re-encode a region of the damaged text
 * with a wrong codec W, read the bytes back as UTF-8, and collect the
 * stretches where that works as candidate repairs.
 *
 * A *unit* is the shortest run of damaged characters whose W-bytes are a
 * whole number of UTF-8 characters: `Ã©` -> C3 A9 -> é; `鈥渁` -> E2 80 9C 61
 * -> “a (a GBK trail byte can be an ASCII letter, so a unit may end inside
 * a character of the damaged text only when the bytes realign there).
 * Units separated only by ASCII (no newline) form a *segment*, the unit of
 * decision.
 *
 * Lost bytes (holes) are read inside a unit: unit.c.
 */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "script.h"
#include "utf8.h"

/* Units in one segment at most (see ub_hyp_region; ub_seg.units is 16
 * bits). */
#define UB_MAX_SEG_UNITS 4096

int ub_push_dec(ub_engine *e, uint32_t cp) {
    void *p = e->dec;
    if (ub_grow(e->alloc, &p, &e->cap_dec, e->ndec + 1, sizeof *e->dec)) return -1;
    e->dec = p;
    e->dec[e->ndec++] = cp;
    return 0;
}

int ub_push_seg(ub_engine *e, const ub_seg *s) {
    void *p = e->segs;
    if (ub_grow(e->alloc, &p, &e->cap_segs, e->nsegs + 1, sizeof *e->segs)) return -1;
    e->segs = p;
    e->segs[e->nsegs] = *s;
    e->segs[e->nsegs++].phase = e->seg_phase;
    return 0;
}

/* Re-encode chars [c0, c1) under codec c into kind[], bstart[], bytes[].
 *
 * Under a single-byte code page every character is one byte (0 for one it
 * cannot encode), so a region just encoded under another such code page
 * differs only at its non-ASCII characters other than U+FFFD: those alone
 * are encoded again (e->enc_region, e->enc_high). A window of cp1252
 * mojibake is tried under twenty single-byte code pages, and encoding its
 * ASCII twenty times was a tenth of the work. A search of one line of the
 * region (late.c) reads that line alone, and only its characters [k0, k1)
 * are encoded again: the rest may hold another code page's bytes, which
 * the next call mends (it encodes all of enc_high). */
static void reencode_high(ub_engine *e, const ub_region *r, ub_codec_id c, size_t k0, size_t k1) {
    size_t lo = 0, hi = e->nenc_high; /* the first of enc_high (ascending) >= k0 */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->enc_high[mid] < k0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < e->nenc_high && e->enc_high[i] < k1; i++) {
        uint32_t k = e->enc_high[i], cp = e->cp[r->c0 + k];
        uint8_t b[4];
        int n = UB_IS_RAW_BYTE(cp) || e->quiet[r->c0 + k] ? 0 : ub_codec_encode(c, cp, b);
        e->bytes[k] = n ? b[0] : 0;
        e->kind[k] = n ? UB_K_NORMAL : UB_K_NONE;
    }
}

static int encode_region(ub_engine *e, const ub_region *r, ub_codec_id c, size_t k0, size_t k1) {
    size_t m = r->c1 - r->c0;
    int single = !ub_codec_is_multibyte(c);
    if (single && e->enc_region == r) {
        reencode_high(e, r, c, k0, k1);
        return 0;
    }
    e->enc_region = NULL;
    e->nenc_high = 0;
    void *p;
    p = e->kind;
    if (ub_grow(e->alloc, &p, &e->cap_kind, m + 1, 1)) return -1;
    e->kind = p;
    p = e->bstart;
    if (ub_grow(e->alloc, &p, &e->cap_bstart, m + 1, sizeof *e->bstart)) return -1;
    e->bstart = p;
    /* bytes per character at most under c: one for a single-byte code
     * page, four for GB18030's four-byte forms, three for EUC-JP's JIS X
     * 0212 (8F xx xx), two for the rest (a window of cp1252 mojibake is
     * one region of a million characters: four bytes each for every codec
     * doubled the engine's largest buffer) */
    size_t per = !ub_codec_is_multibyte(c) ? 1 : c == UB_GB18030 ? 4 : c == UB_EUC_JP ? 3 : 2;
    p = e->bytes;
    if (ub_grow(e->alloc, &p, &e->cap_bytes, m * per + 4, 1)) return -1;
    e->bytes = p;
    size_t nb = 0;
    for (size_t k = 0; k < m; k++) {
        uint32_t cp = e->cp[r->c0 + k];
        e->bstart[k] = (uint32_t)nb;
        if (cp < 0x80) {
            e->bytes[nb++] = (uint8_t)cp;
            e->kind[k] = cp == '?' ? UB_K_QMARK : cp == ' ' ? UB_K_SPACE : UB_K_NORMAL;
        } else if (cp == 0xFFFD) {
            /* a U+FFFD an earlier round wrote (a character it could not
             * tell) is no byte to guess: it ends runs */
            e->bytes[nb++] = 0;
            e->kind[k] = e->nedits && ub_edit_output_at(e, e->off[r->c0 + k]) ? UB_K_NONE : UB_K_HOLE;
        } else {
            if (single) {
                p = e->enc_high;
                if (ub_grow(e->alloc, &p, &e->cap_enc_high, e->nenc_high + 1, sizeof *e->enc_high))
                    return -1;
                e->enc_high = p;
                e->enc_high[e->nenc_high++] = (uint32_t)k;
            }
            /* genuine CJK kept as context (genuine.c) is no unit's */
            int n = UB_IS_RAW_BYTE(cp) || e->quiet[r->c0 + k] ? 0
                                                              : ub_codec_encode(c, cp, e->bytes + nb);
            if (n == 0) {
                e->bytes[nb++] = 0;
                e->kind[k] = UB_K_NONE;
            } else {
                nb += (size_t)n;
                e->kind[k] = UB_K_NORMAL;
            }
        }
    }
    e->bstart[m] = (uint32_t)nb;
    e->nbytes = nb;
    if (single) e->enc_region = r;
    return 0;
}

/* Does the segment hold a C1 control its codec's glibc decoder keeps (a
 * byte 80..9F let through where a lead was due: unit_edges.c, ub_unit_glibc_pair_gone;
 * regions.c, ub_glibc_c1_at)? Genuine text holds none, so the guesses
 * beside it mend damage that is there, not damage guessed from nothing. */
int ub_seg_kept_c1(const ub_engine *e, const ub_seg *s) {
    if (!e->keep_c1) return 0;
    for (uint32_t k = s->start; k < s->end; k++)
        if (ub_glibc_c1_at(e, k, (ub_codec_id)s->codec)) return 1;
    return 0;
}

/* True when every unit of the segment needs a byte guessed from nothing
 * (a gap or a space) and none of its candidates is signature punctuation:
 * such a segment can only be taken on the document's evidence. */
static int blind_only(const ub_engine *e, const ub_seg *s) {
    if (ub_seg_kept_c1(e, s)) return 0;
    uint16_t blind = 0, last = 0;
    for (uint32_t i = 0; i < s->hole_n; i++) {
        const ub_hole *h = &e->holes[s->hole_off + i];
        if (h->kind != UB_H_GAP && h->kind != UB_H_NBSP) continue;
        int sig = 0;
        for (uint32_t c = 0; c < h->cand_n && !sig; c++)
            sig = ub_signature_punct(e->cand[h->cand_off + c] & ~UB_CAND_FLAGS);
        if (sig) continue;
        if (h->unit != last) blind++;
        last = h->unit;
    }
    return blind == s->units;
}

/* Sibling code pages read most text alike (windows-1252, Latin-1, -1250,
 * -1254, -1257 and ISO-8859-15 all make `é` of `Ã©`): a segment without
 * guesses whose text an earlier codec's segment over the same span already
 * holds keeps that text instead of a copy, and the window's decoded text
 * (e->dec) stays a fraction of what every codec's copy would take. Only
 * segments without holes: lost_choose writes into its segment's text. The
 * candidate's scores (decide.c, cand_scores) go with the text. The
 * table outlives the pass; a slot counts only when the segment it names
 * now is one of this pass with the same span and text. */
static void share_text(ub_engine *e, ub_seg *s) {
    if (s->hole_n || s->dec_n == 0 || s->dec_off + s->dec_n != e->ndec) return;
    uint32_t h = ((s->start * UB_HASH_MUL) ^ (s->end * 0x85EBCA6Bu)) >> (32 - UB_SHARE_BITS);
    ub_share_slot *sl = &e->share[h];
    if (sl->region == s->region + 1 && sl->start == s->start && sl->end == s->end &&
        sl->seg < e->nsegs) {
        const ub_seg *t = &e->segs[sl->seg];
        if (t->hole_n == 0 && t->dec_n == s->dec_n && t->start == s->start && t->end == s->end &&
            t->dec_off + t->dec_n <= s->dec_off &&
            memcmp(e->dec + t->dec_off, e->dec + s->dec_off, s->dec_n * sizeof *e->dec) == 0) {
            e->ndec = s->dec_off;
            s->dec_off = t->dec_off;
            /* ... and its scores: the same text between the same
             * neighbours (the codec's prior is paid apart, seg_gain) */
            s->vec_slot = t->vec_slot;
            return;
        }
    }
    sl->region = s->region + 1;
    sl->start = s->start;
    sl->end = s->end;
    sl->seg = (uint32_t)e->nsegs;
}

static int close_segment(ub_engine *e, ub_seg *s, const ub_region *r, size_t *qpos) {
    if (e->rebuild) {
        /* the same search again: hand the guesses to the lean segment that
         * starts here; the rest was decided the first time */
        while (e->rebuild_at < e->rebuild_n && e->rebuild[e->rebuild_at].start < s->start)
            e->rebuild_at++;
        ub_seg *t = e->rebuild_at < e->rebuild_n ? &e->rebuild[e->rebuild_at] : NULL;
        if (t && t->lean && t->start == s->start && t->end == s->end) {
            t->dec_off = s->dec_off;
            t->dec_n = s->dec_n;
            t->hole_off = s->hole_off;
            t->hole_n = s->hole_n;
            t->lean = 0;
        }
        *qpos = s->end;
        return 0;
    }
    ub_quote_state *q = &e->quotes[s->codec];
    /* Quotes in the text before the segment, as the text stands. */
    for (size_t k = *qpos; k < s->start; k++) {
        uint32_t cp = e->cp[k];
        if (cp == 0x201C) q->open_double = 1;
        else if (cp == 0x201D) q->open_double = 0;
        else if (cp == 0x2018) q->open_single = 1;
        else if (cp == 0x300C) q->open_corner = 1;
        else if (cp == 0x300D) q->open_corner = 0;
    }
    s->region = (uint32_t)(r - e->reg);
    s->quotes = *q;
    s->deferred = blind_only(e, s);
    for (uint32_t i = 0; i < s->hole_n && !s->deferred; i++)
        if (ub_unit_list_pending(e, &e->holes[s->hole_off + i])) return -1;
    if (!s->deferred && ub_lost_choose(e, s, NULL)) return -1;
    for (uint32_t i = 0; i < s->dec_n; i++) {
        uint32_t cp = e->dec[s->dec_off + i];
        if (cp == 0x201C) q->open_double = 1;
        else if (cp == 0x201D) q->open_double = 0;
        else if (cp == 0x2018) q->open_single = 1;
        else if (cp == 0x2019) q->open_single = 0;
        else if (cp == 0x300C) q->open_corner = 1;
        else if (cp == 0x300D) q->open_corner = 0;
    }
    *qpos = s->end;
    if (s->deferred) {
        s->gain = -INFINITY;
        s->margin = INFINITY;
        /* Most deferred segments are never worked out (clean CJK text makes
         * tens of thousands per window, with dozens of candidates per
         * guess): drop their guesses now, ub_hyp_rebuild() makes them again
         * for a codec the document vouches for. */
        if (s->hole_n) e->ncand = e->holes[s->hole_off].cand_off;
        e->nholes = s->hole_off;
        e->ndec = s->dec_off;
        s->hole_n = 0;
        s->dec_n = 0;
        s->lean = 1;
    } else {
        share_text(e, s);
        ub_decide_score(e, s);
    }
    return ub_push_seg(e, s);
}

/* A unit that decodes to an alphabetic letter or mark no language model
 * knows (`一台` read as GBK gives `һ̨`) is no repair, whatever its neighbours
 * in the segment: it must not ride along with the real repairs beside it.
 * Symbols and punctuation are not judged here (their floor is soft). */
#define UB_COMMON_CJK_LOGP (-13.0f)

static int unit_unknown(ub_engine *e, size_t dec0, size_t k0, size_t k1) {
    /* only a unit read from CJK text: the Latin letters of an inner layer
     * (ƒ, Š in `Ã¨Æ’Â½`) are no language's letters either, and are fine */
    /* ... and only when that text is made of common characters (genuine
     * Chinese such as 一台; mojibake hanzi such as 鈥 or 锟 are rare) */
    int cjk = 0;
    for (size_t k = k0; k < k1; k++) {
        uint32_t c = e->cp[k];
        if (c < 0x80) continue;
        ub_script s = ub_script_of(c);
        if (s != UB_SC_HAN && s != UB_SC_KANA && s != UB_SC_HANGUL) return 0;
        float best = ub_score_best_logp(e, c);
        if (best < UB_COMMON_CJK_LOGP) return 0;
        cjk = 1;
    }
    if (!cjk) return 0;
    /* two unknown letters, or a combining mark: one unknown letter alone
     * is what 锟斤拷 damage leaves of genuine text (要 -> Ҫ), and stays */
    int unknown = 0;
    for (size_t i = dec0; i < e->ndec; i++) {
        uint32_t c = e->dec[i];
        if (c < 0x80 || c == UB_DEC_SKIP) continue;
        ub_script s = ub_script_of(c);
        if (s == UB_SC_MARK) return 1;
        if (!(s >= UB_SC_LATIN && s <= UB_SC_THAI_ETC)) continue;
        int known = ub_score_best_logp(e, c) > UB_LM_FLOOR;
        if (!known && ++unknown >= 2) return 1;
    }
    return 0;
}

/* 锟斤拷 is U+FFFD U+FFFD in UTF-8 read as GBK: the text had been GBK read
 * as UTF-8, so it was all U+FFFD and the few GBK pairs that happened to be
 * valid UTF-8 (`ַ` from 址's bytes D6 B7). Such a stray, read as GBK again,
 * is a common hanzi, and the veto below would keep it; but next to the
 * U+FFFD it is part of the same damage and goes back with it. A unit is
 * beside such a run when the unit before it in the segment ended in U+FFFD
 * or the text right after it is 锟. */
static int beside_fffd_run(const ub_engine *e, const ub_region *r, const ub_seg *open_seg,
                           size_t dec0, size_t k0, size_t k1) {
    if (open_seg && open_seg->end == k0 && dec0 > open_seg->dec_off &&
        e->dec[dec0 - 1] == 0xFFFD)
        return 1;
    return k1 < r->c1 && e->cp[k1] == 0x951F && k0 < k1 && e->cp[k1 - 1] != 0x951F;
}

/* A letter of a script with non-ASCII letters (not ASCII: a GBK trail
 * byte or an English word next to mojibake is ASCII). */
static int nonascii_letter(uint32_t c) {
    if (c < 0x80) return 0;
    ub_script s = ub_script_of(c);
    return s >= UB_SC_LATIN && s <= UB_SC_HANGUL && s != UB_SC_HALFKANA;
}

/* A letter or number in a circle or in brackets (U+2460..U+24FF), a
 * fraction or a Roman numeral (¼ ½ ¾, U+2150..U+218F): nothing the
 * letters of a word are glued to. Ukrainian `в’є` is E2 92 BA in
 * windows-1251, the UTF-8 of `Ⓔ`, and Serbian `Вј` is C2 BC, `¼`:
 * `в’єтнамська` is no `Ⓔтнамська`, `Вјера` no `¼ера`. */
static int letterlike_sign(uint32_t c) {
    return (c >= 0x2460 && c <= 0x24FF) || (c >= 0xBC && c <= 0xBE) || (c >= 0x2150 && c <= 0x218F);
}

/* Mojibake replaces every character of a word: a unit that decodes to a
 * letter (or a letterlike_sign) and is glued to a letter that is no unit
 * itself (`Рі` in `Рік`, `РЈ` in `БРЈ`) is a piece of a genuine word that
 * happens to re-encode as UTF-8. The right neighbour is tried as a unit here and again by the
 * caller's next step; that happens only beside a non-ASCII letter. */
static int glued_to_word(ub_engine *e, ub_codec_id c, size_t m, size_t k, size_t k_end,
                         size_t covered, size_t dec0) {
    size_t c0 = e->reg[e->cur_region].c0;
    /* a repaired quote or dash may stand next to anything (`â€œ操作`) */
    int letter = 0;
    for (size_t i = dec0; i < e->ndec && !letter; i++)
        letter = nonascii_letter(e->dec[i]) || letterlike_sign(e->dec[i]);
    if (!letter) return 0;
    if (k > 0 && k - 1 >= covered && nonascii_letter(e->cp[c0 + k - 1])) return 1;
    if (k_end >= m || !nonascii_letter(e->cp[c0 + k_end])) return 0;
    size_t save_dec = e->ndec, save_holes = e->nholes, save_cand = e->ncand, end2 = 0;
    int save_drop = e->unit_pair_drop, save_cut = e->unit_cut_tail;
    /* it would follow the unit at k directly */
    int rc = ub_try_unit(e, c, m, k_end, 1, &end2);
    e->ndec = save_dec;
    e->nholes = save_holes;
    e->ncand = save_cand;
    e->unit_pair_drop = save_drop; /* what the unit at k left for the next one */
    e->unit_cut_tail = save_cut;
    return rc < 0 ? rc : rc != 0;
}

/* The unit decodes to a letter of one of the historic scripts of plane 1
 * (Linear B, Gothic, Brahmi, Khudawadi...): four Latin-1 characters read
 * as one UTF-8 sequence land there (`­æè¿` read as CP850 is U+112A8), and
 * no model knows such a letter, so it would cost less than the four it
 * replaces. Emoji (U+1F000 on), musical and mathematical symbols (U+1D000
 * to U+1D7FF) are modern text and stay possible. */
static int historic_letter(const ub_engine *e, size_t dec0) {
    for (size_t i = dec0; i < e->ndec; i++) {
        uint32_t c = e->dec[i];
        if (c >= 0x10000 && c < 0x1F000 && !(c >= 0x1D000 && c < 0x1D800)) return 1;
    }
    return 0;
}

/* The unit, not right after another unit, decodes to Han characters or
 * letters of U+0700..U+08FF that no model knows, and stands before ASCII
 * or the end: a few characters of genuine text that happen to re-encode
 * as UTF-8. Ukrainian `ДІЇ` is E4 B6 B7 in KOI8-U, the UTF-8 of `䶷` (CJK
 * Extension A); `„ß“` in windows-1252 is
 * DF 93, the NKo letter `ߓ`; a stray `̃` and a no-break space in
 * windows-1258 make the Thaana `ޠ`. Mojibake of text in such a script
 * comes in runs of units, and the rare characters of CJK mojibake stand
 * among common ones. A rare Han character whose bytes in a double-byte
 * code page are UTF-8 is the middle layer of double mojibake, and stays
 * possible (`auè„½er`: ß read as GBK is 脽, C3 9F). Symbols are not judged
 * (an emoji is as unknown to the models, and often alone). */
static int inner_layer(uint32_t c) {
    for (int w = UB_FIRST_MULTIBYTE; w < UB_CODEC_COUNT; w++) {
        uint8_t b[4];
        if (ub_codec_encode((ub_codec_id)w, c, b) == 2 && b[0] >= 0xC2 && b[0] <= 0xDF &&
            (b[1] & 0xC0) == 0x80)
            return 1;
    }
    return 0;
}

static int unknown_letters_alone(ub_engine *e, size_t dec0, size_t k1, size_t c1, int follows) {
    if (follows || (k1 < c1 && e->cp[k1] >= 0x80)) return 0;
    int any = 0;
    for (size_t i = dec0; i < e->ndec; i++) {
        uint32_t c = e->dec[i];
        if (c == UB_DEC_SKIP || c < 0x80) continue;
        /* Han, and the scripts of U+0700..U+08FF (Syriac, Thaana, NKo,
         * Samaritan...), which no model covers; not the rare letters of
         * scripts the models do cover (`µ`, Arabic-Indic digits) */
        int han = ub_script_of(c) == UB_SC_HAN;
        if (!(han || (c >= 0x0700 && c <= 0x08FF)) || ub_score_best_logp(e, c) > UB_LM_FLOOR)
            return 0;
        if (han && inner_layer(c)) return 0;
        any = 1;
    }
    return any;
}

/* May the '?' at region index k stand for a lost lead? When a non-ASCII
 * character follows it, or '?' and one (the lead and the second byte), or
 * it opens a run of exactly three next to non-ASCII text, or one space
 * from it (`찾을 ??? 있는`: a character whose three bytes were all
 * rejected), or of two right after non-ASCII text. */
static int qmark_lead(const ub_engine *e, const ub_region *r, size_t k) {
    const uint32_t *cp = e->cp + r->c0;
    size_t m = r->c1 - r->c0, n = 0;
    while (k + n < m && cp[k + n] == '?') n++;
    /* `??` right after non-ASCII text: a two-byte character lost whole
     * (ub_unit_two_byte_char_lost) */
    if (n == 2 && k > 0 && cp[k - 1] >= 0x80) return 1;
    if (k + n >= m) return 0;
    if (n <= 2 && cp[k + n] >= 0x80) return 1;
    if (n != 3 || (k > 0 && cp[k - 1] == '?')) return 0;
    uint32_t before = k == 0 ? 0 : cp[k - 1] != ' ' ? cp[k - 1] : k >= 2 ? cp[k - 2] : 0;
    uint32_t after = cp[k + 3] != ' ' ? cp[k + 3] : k + 4 < m ? cp[k + 4] : 0;
    return before >= 0x80 || after >= 0x80;
}

/* The line starting at region char *k: when its search can be put off
 * (late.c), *k moves to its end. 0, or -1 on NOMEM. */
static int put_off_line(ub_engine *e, const ub_region *r, ub_codec_id c, size_t *k, size_t k1,
                        size_t qpos) {
    size_t end = *k;
    int later = ub_late_put_off_line(e, r, c, *k, k1, qpos, &end);
    if (later > 0) *k = end;
    return later < 0 ? -1 : 0;
}

int ub_hyp_region(ub_engine *e, const ub_region *r, ub_codec_id c) {
    return ub_hyp_span(e, r, c, 0, r->c1 - r->c0, r->c0, !e->rebuild);
}

int ub_hyp_span(ub_engine *e, const ub_region *r, ub_codec_id c, size_t k0, size_t k1,
                size_t qpos, int put_off) {
    if (encode_region(e, r, c, k0, k1)) return -1;
    e->cur_region = (size_t)(r - e->reg);
    size_t m = r->c1 - r->c0;
    ub_seg seg;
    int open = 0;
    /* chars before `covered` lie in a unit; a line starts with none of
     * the line before (glued_to_word looks one char back, at its '\n') */
    size_t k = k0, covered = k0;
    put_off = put_off && ub_late_may_put_off(e, c);
    if (put_off && put_off_line(e, r, c, &k, k1, qpos)) return -1;
    while (k < k1) {
        uint32_t cp = e->cp[r->c0 + k];
        int kd = e->kind[k];
        /* '?' before a non-ASCII character may be a lost lead (qmark), and
         * '??' before one the lead and the second byte */
        /* ... and so may any '?' right after a unit: a run of them there
         * continues the damage (`結束格` read as Big5 and saved back: the
         * last byte of 結, then 束 and two bytes of 格 are `?????`) */
        int qlead = kd == UB_K_QMARK &&
                    ((open && seg.end == r->c0 + k) || qmark_lead(e, r, k));
        if ((cp < 0x80 && !qlead) || kd == UB_K_NONE) {
            if ((cp == '\n' || kd == UB_K_NONE) && open) {
                if (close_segment(e, &seg, r, &qpos)) return -1;
                open = 0;
            }
            if (cp == '\n' && put_off) {
                size_t next = k + 1;
                if (put_off_line(e, r, c, &next, k1, qpos)) return -1;
                if (next > k + 1) {
                    k = next;
                    continue;
                }
            }
            /* plain ASCII up to the next char that is not: nothing to try */
            k += cp < 0x80 ? e->skip[r->c0 + k] : 1;
            continue;
        }
        size_t save_dec = e->ndec, save_holes = e->nholes, save_cand = e->ncand;
        int rc = 0;
        if (open) /* the ASCII between two units belongs to the segment */
            for (size_t g = seg.end; g < r->c0 + k && rc == 0; g++) rc = ub_push_dec(e, e->cp[g]);
        size_t k_end = 0, unit_dec = e->ndec;
        /* a unit right after another one (no character between) sits
         * inside a run of damage: unit.c allows it more */
        int follows = open && seg.end == r->c0 + k;
        if (rc == 0) rc = ub_try_unit(e, c, m, k, follows, &k_end);
        if (rc < 0) return -1;
        /* a unit whose last character lost its tail where the garbled
         * span ended is glued to the clean text after it by construction */
        if (rc == 0 && !e->unit_cut_tail) {
            int g = glued_to_word(e, c, m, k, k_end, covered, unit_dec);
            if (g < 0) return -1;
            if (g) rc = 1;
        }
        if (rc == 0 && historic_letter(e, unit_dec)) rc = 1;
        if (rc == 0 && unknown_letters_alone(e, unit_dec, r->c0 + k_end, r->c1, follows)) rc = 1;
        if (rc == 0 && !beside_fffd_run(e, r, open ? &seg : NULL, save_dec, r->c0 + k,
                                        r->c0 + k_end) &&
            unit_unknown(e, save_dec, r->c0 + k, r->c0 + k_end))
            rc = 1;
        if (rc == 0) {
            if (!open) {
                memset(&seg, 0, sizeof seg);
                seg.start = (uint32_t)(r->c0 + k);
                seg.dec_off = (uint32_t)save_dec;
                seg.hole_off = (uint32_t)save_holes;
                seg.codec = (uint8_t)c;
                open = 1;
            }
            for (size_t i = k; i < k_end; i++)
                if (e->cp[r->c0 + i] >= 0x80) seg.orig_nonascii++;
            seg.end = (uint32_t)(r->c0 + k_end);
            seg.units++;
            covered = k_end;
            for (size_t h = save_holes; h < e->nholes; h++) e->holes[h].unit = seg.units;
            seg.dec_n = (uint32_t)(e->ndec - seg.dec_off);
            seg.hole_n = (uint32_t)(e->nholes - seg.hole_off);
            k = k_end;
            /* a segment of this many units is closed and the next unit opens
             * another: a line of damage without end (megabytes of `Ã`)
             * would otherwise hold a hole per unit until the line ends; and
             * so is one whose last unit lost its tail where the garbled
             * span ended: what follows is clean text, whose reading is no
             * part of this repair (`い。` of `銇勩`, then `私` read as GBK
             * CB BD is ˽) and is judged on its own */
            if (seg.units >= UB_MAX_SEG_UNITS ||
                (e->unit_cut_tail && ub_genuine_run(e, r->c0 + k_end, r->c1, UB_CLEAN_RUN))) {
                if (close_segment(e, &seg, r, &qpos)) return -1;
                open = 0;
            }
        } else {
            e->ndec = save_dec;
            e->nholes = save_holes;
            e->ncand = save_cand;
            if (qlead) { /* an ordinary question mark after all */
                k++;
                continue;
            }
            if (open) {
                if (close_segment(e, &seg, r, &qpos)) return -1;
                open = 0;
            }
            k++;
        }
    }
    if (open && close_segment(e, &seg, r, &qpos)) return -1;
    return 0;
}

int ub_hyp_rebuild(ub_engine *e, ub_seg *segs, size_t n) {
    if (n == 0) return 0;
    e->rebuild = segs;
    e->rebuild_n = n;
    e->rebuild_at = 0;
    int rc = ub_hyp_region(e, &e->reg[segs[0].region], (ub_codec_id)segs[0].codec);
    e->rebuild = NULL;
    return rc;
}
