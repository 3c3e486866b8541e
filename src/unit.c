/*
 * One unit of a hypothesis (hypothesis.c): the bytes a wrong codec W gives
 * back for the damaged characters (e->bytes, e->kind, e->bstart, made by
 * encode_region) read as UTF-8, character by character, with the holes a
 * lossy decoder left.
 *
 * A character W could not decode left a U+FFFD, a '?' (the U+FFFD saved
 * back in W) or nothing at all (errors=ignore). Each of these is a hole
 * whose byte is bounded twice: by the UTF-8 grammar at that position, and
 * by ub_codec_could_lose() (W must have rejected it there); unit_holes.c
 * builds them, unit_marks.c reads what may stand behind visible marks, and
 * unit_edges.c says where a garbled span ended and where a pair went whole.
 * A plain space
 * where UTF-8 needs a continuation byte may be a no-break space (0xA0) that
 * became a space (`Ã ` for à). Two holes in one character are followed only
 * where both left a visible mark.
 */
#include <stdint.h>
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "script.h"
#include "unit.h"
#include "utf8.h"


static void sync_char(unit_scan *u) {
    while (u->ck < u->m && u->e->bstart[u->ck + 1] <= u->bp) u->ck++;
}

static int kind_at(unit_scan *u) {
    sync_char(u);
    return u->ck < u->m ? u->e->kind[u->ck] : -1;
}

/* Where, among positions 1..len-1 of a character whose other bytes were
 * read at at[1..len-2] (and whose end is at u->bp), a dropped byte can have
 * been: a double-byte decoder drops a byte only where it expects a lead,
 * i.e. at a character boundary of the legacy text (between E2 and 94 of
 * `鈹` it was reading a pair, so nothing can have been dropped there). */
static unsigned gap_positions(unit_scan *u, const size_t *at, int len) {
    unsigned m = 0;
    for (int pos = 1; pos < len; pos++) {
        if (!ub_codec_is_multibyte(u->codec)) {
            m |= 1u << pos;
            continue;
        }
        size_t q = pos < len - 1 ? at[pos] : u->bp;
        size_t ck = 0, lo = 0, hi = u->m;
        while (lo < hi) { /* last char starting at or before q */
            size_t mid = (lo + hi) / 2;
            if (u->e->bstart[mid] <= q) {
                ck = mid;
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (q >= u->e->bstart[u->m] || u->e->bstart[ck] == q) m |= 1u << pos;
    }
    return m;
}

/* ... and a U+FFFD in the place of a character's second byte may stand
 * for its second and third bytes, an unmapped pair of the wrong codec:
 * `の` E3 81 AE after `こ` read as Shift_JIS by a browser is E3 (the trail
 * of `昴` 93 E3) and one U+FFFD for 81 AE. Tried where the third byte is
 * not there (hole at place j - 1 = 1 of a three-byte character). */
/* Does the window show U+FFFD from a browser's decoder, one for a pair
 * (engine.h, pair_marks)? Only under Big5 and EUC: Python's decoders of
 * those write neither C1 controls nor private characters, while its
 * GB18030 and CP932 write private characters (and GBK and Shift_JIS
 * readings are tried on their text too). */
static int browser_marks(const unit_scan *u) {
    return u->e->pair_marks &&
           (u->codec == UB_BIG5 || u->codec == UB_EUC_JP || u->codec == UB_EUC_KR);
}

static int pair_replaced_inside(const unit_scan *u, int hole_kind, int hole_pos, int j, int len) {
    return ub_codec_is_multibyte(u->codec) && hole_kind == UB_H_REPLACED && len == 3 &&
           hole_pos == 1 && j == 2;
}

/* A unit that opens with continuation bytes: a double-byte decoder may
 * have dropped the lead before them without a trace, as Shift_JIS does with
 * EF before BC (no such pair): `，` EF BC 8C shows as `ｼ` + half of the next
 * character. The continuation bytes that follow say how long the character
 * was; the lead must be one the decoder could not pair with the first. */
static int lost_lead(unit_scan *u) {
    ub_engine *e = u->e;
    size_t end = e->bstart[u->m];
    uint8_t seq[4] = {0};
    int cnt = 0;
    size_t q = u->bp;
    while (q < end && cnt < 3) {
        int nb = ub_unit_byte_after(u, q);
        if (nb < 0x80 || nb > 0xBF) break;
        seq[1 + cnt++] = (uint8_t)nb;
        q++;
    }
    if (cnt == 0) return 1;
    /* after a pair dropped or replaced whole the lead went with the byte
     * before it */
    int with_pair = u->lead_owed;
    u->lead_owed = 0;
    int after = q < end ? ub_unit_byte_after(u, q) : -1;
    int rc = with_pair ? ub_unit_add_any_lead(u, seq, cnt + 1)
             : cnt == 1 && ub_unit_glibc_tail_gone(u) ? ub_unit_add_lead_or_tail(u, seq[1], after)
             : cnt == 1 && ub_unit_glibc_pair_gone(u) ? ub_unit_add_lead_pair(u, seq[1])
                                                 : ub_unit_add_hole(u, seq, cnt + 1, 0, 0xC2, 0xF4, seq[1], UB_H_GAP);
    if (rc == 0) u->bp = q;
    return rc;
}

/* Decode one UTF-8 character starting at u->bp. Returns 0 on success,
 * 1 when the bytes are not UTF-8 under this hypothesis, -1 on NOMEM. */
static int decode_char(unit_scan *u, int first) {
    ub_engine *e = u->e;
    size_t end = e->bstart[u->m];
    int k = kind_at(u);
    if (u->bp >= end || k == UB_K_NONE || k < 0) return 1;
    uint8_t b = e->bytes[u->bp];
    /* '?' standing for a U+FFFD saved back in the legacy codec: at a
     * character start it can hide a lost lead, as U+FFFD does */
    if (k == UB_K_QMARK && first) {
        int nb = ub_unit_byte_after(u, u->bp + 1);
        if (nb >= 0x80 && nb <= 0xBF) k = UB_K_HOLE;
        /* ... and so can two, the lead and the second byte, before the
         * rest (ub_unit_lead_and_second_lost), or a whole character of two
         * (ub_unit_two_byte_char_lost) or three bytes
         * (ub_unit_whole_char_lost): those readings say whether it fits */
        int k2 = ub_unit_kind_at_byte(u, u->bp + 1);
        if (k2 == UB_K_QMARK || k2 == UB_K_HOLE) k = UB_K_HOLE;
    }
    if (k == UB_K_HOLE) {
        /* The lead byte itself was lost: the continuation bytes that follow
         * say how long the character was. */
        size_t q = u->bp + 1;
        int cnt = 0;
        uint8_t seq[4] = {0};
        while (q < end && cnt < 3) {
            int nb = ub_unit_byte_after(u, q);
            if (nb < 0x80 || nb > 0xBF) break;
            seq[1 + cnt++] = (uint8_t)nb;
            q++;
        }
        if (cnt == 0 && u->lead_owed) {
            int rc0 = ub_unit_owed_lead_marks(u);
            if (rc0 != 1) return rc0;
        }
        if (cnt == 0) {
            int rc0 = ub_unit_two_byte_char_lost(u);
            if (rc0 != 1) return rc0;
            rc0 = ub_unit_lead_and_second_lost(u);
            if (rc0 != 1) return rc0;
            rc0 = ub_unit_whole_char_lost(u, !first || u->follows);
            return rc0 == 1 ? ub_unit_pair_then_lead_lost(u, !first || u->follows) : rc0;
        }
        int kind = e->kind[u->ck] == UB_K_QMARK ? UB_H_QMARK : UB_H_REPLACED;
        /* ... unless another mark follows them, and no continuation byte
         * follows that mark (it would be the lead of the next character):
         * then the character also lost its last byte. `지` EC A7 80 read as
         * Shift_JIS shows `�ｧ�`: EC cannot pair with A7, and 80 is no
         * Shift_JIS byte. */
        int km = ub_unit_kind_at_byte(u, q);
        if (cnt < 3 && (km == UB_K_HOLE || km == UB_K_QMARK)) {
            int after = ub_unit_byte_after(u, q + 1);
            if (after < 0x80 || after > 0xBF) {
                hole_range lead = {0, 0xC2, 0xF4, seq[1]}, last = {cnt + 1, 0x80, 0xBF, after};
                size_t save_dec = e->ndec, save_holes = e->nholes, save_cand = e->ncand;
                int rc2 = ub_unit_add_two_holes(u, seq, cnt + 2, lead, last, kind);
                if (rc2 < 0) return rc2;
                if (rc2 == 0) {
                    u->bp = q + 1;
                    return 0;
                }
                e->ndec = save_dec; /* no candidate: the shorter reading */
                e->nholes = save_holes;
                e->ncand = save_cand;
            }
        }
        int rc = cnt == 1 && kind == UB_H_REPLACED && ub_codec_is_multibyte(u->codec)
                     ? ub_unit_add_pair_mark(u, seq[1], kind)
                     : ub_unit_add_hole(u, seq, cnt + 1, 0, 0xC2, 0xF4, seq[1], kind);
        if (rc) return rc;
        u->bp = q;
        return 0;
    }
    if (b < 0x80) {
        if (first) return 1;
        u->bp++;
        return ub_push_dec(e, b);
    }
    int len = ub_utf8_seq_len(b);
    if (len == 0 && (first || u->lead_owed) && b <= 0xBF && ub_codec_is_multibyte(u->codec))
        return lost_lead(u);
    u->lead_owed = 0;
    if (len < 2) return 1;
    uint8_t seq[4] = {b, 0, 0, 0};
    int hole_pos = 0, hole_kind = 0, hole_next = -1;
    int hole2_pos = 0, hole2_next = -1;
    int span_end = 0;          /* the gap is a tail lost where the span ended */
    size_t at[4] = {0};        /* stream position of each byte read */
    unsigned gap_allowed = 0;  /* positions where a dropped byte may have sat */
    uint8_t hole_lo = 0, hole_hi = 0, hole2_lo = 0, hole2_hi = 0;
    u->bp++;
    for (int j = 1; j < len; j++) {
        uint8_t lo = 0x80, hi = 0xBF;
        if (j == 1) ub_utf8_second_range(b, &lo, &hi);
        int kc = u->bp < end ? kind_at(u) : -1;
        uint8_t nb = u->bp < end ? e->bytes[u->bp] : 0;
        int kind = -1;
        if (j == len - 1 && !hole_pos && kc == UB_K_NORMAL && nb >= lo && nb <= hi &&
            ub_unit_span_ends_before(u)) {
            hole_pos = j;
            hole_kind = UB_H_GAP;
            hole_lo = lo;
            hole_hi = hi;
            hole_next = -1;
            gap_allowed = 1u << j;
            span_end = 1;
            continue;
        }
        if (kc == UB_K_NORMAL && nb >= lo && nb <= hi &&
            !(j == len - 1 && ub_unit_pair_dropped(u, seq, len))) {
            seq[j] = nb;
            at[j] = u->bp;
            u->bp++;
            continue;
        }
        if (hole_pos) {
            /* A second lost byte in the same character is followed only when
             * both left a visible mark: `许` E8 AE B8 read as strict GBK
             * leaves E8 and two U+FFFD (AE opens a user-defined pair). */
            int explicit2 = kc == UB_K_HOLE || kc == UB_K_QMARK;
            /* (where the window shows its decoder replaced pairs whole, the
             * next mark is the next character's: browser_marks) */
            if (!hole2_pos && (!explicit2 || browser_marks(u)) &&
                pair_replaced_inside(u, hole_kind, hole_pos, j, len)) {
                /* ... or where one browser's U+FFFD stood for both */
                hole2_pos = j;
                hole2_lo = lo;
                hole2_hi = hi;
                hole2_next = UB_NEXT_ANY;
                continue;
            }
            if (hole2_pos || !explicit2 || (hole_kind != UB_H_REPLACED && hole_kind != UB_H_QMARK))
                return 1;
            u->bp++;
            hole2_pos = j;
            hole2_lo = lo;
            hole2_hi = hi;
            hole2_next = ub_unit_byte_after(u, u->bp);
            continue;
        }
        if (kc == UB_K_HOLE) {
            kind = UB_H_REPLACED;
            /* a browser's U+FFFD may stand for the last byte and the next
             * character's lead (see ub_unit_replaced_pair) */
            int pair = j == len - 1 && ub_unit_replaced_pair(u);
            u->bp++;
            hole_next = pair ? -1 : ub_unit_byte_after(u, u->bp);
            /* ... but a U+FFFD before clean CJK text is the garbled span's
             * end under GBK, the decoder's input ending there (`銈嬨€�タ
             * イム`: る。 lost 82, which GBK pairs with A5 of タ), as for a
             * byte dropped there (below) */
            if (ub_unit_gbk_family(u->codec) && ub_unit_clean_cjk_run_at(u, u->bp, 1)) {
                pair = 0;
                hole_next = -1;
                span_end = 1;
            }
            u->lead_owed = pair;
        } else if (kc == UB_K_QMARK) {
            kind = UB_H_QMARK;
            u->bp++;
            hole_next = ub_unit_byte_after(u, u->bp);
        } else if (kc == UB_K_SPACE && !ub_codec_is_multibyte(u->codec) && lo <= 0xA0 &&
                   hi >= 0xA0 && j == len - 1) {
            kind = UB_H_NBSP;
            hole_next = ' '; /* if it was not a no-break space, the space followed */
            at[len - 1] = u->bp;
            gap_allowed = gap_positions(u, at, len);
            u->bp++;
        } else if (j == 1 && len == 3 &&
                   (!first || (!ub_codec_is_multibyte(u->codec) &&
                               (u->follows || (kc == UB_K_NORMAL && nb >= 0xC2 && nb <= 0xF4)))) &&
                   (kc != UB_K_NORMAL || nb < 0x80 || nb > 0xBF)) {
            /* both continuation bytes dropped (`误` E8 AF AF read as GBK
             * loses AF AF, a user-defined row; `名` E5 90 8D read as cp1252
             * loses 90 and 8D, undefined there), never at the start of a
             * unit unless it follows another unit directly, or another
             * lead follows it at once, under a single-byte codec
             * (`ä¸­æè¿°`: 描 E6 8F 8F read as cp1252 loses both 8F; `å‰`
             * is 名前 in windows-1254; clean CJK text is read as
             * double-byte mojibake at every character and stays cheap):
             * elsewhere a lone lead
             * would be all the evidence, and genuine `é ` or `í ` would
             * turn into CJK */
            hole_range r1 = {1, lo, hi, -1};
            hole_range r2 = {2, 0x80, 0xBF, kc == UB_K_NORMAL || kc == UB_K_QMARK || kc == UB_K_SPACE ? nb : -1};
            size_t save_dec = e->ndec, save_holes = e->nholes, save_cand = e->ncand;
            /* a letter of clean text next: the decoder may never have seen
             * it (the garbled span ended here), and the bytes it lost are
             * those it could not read at the end (below) */
            int clean_next = ub_codec_is_multibyte(u->codec) &&
                             !ub_unit_halfwidth_kana_codec(u->codec) &&
                             r2.next >= 0x80 && ub_unit_clean_letter_at(u, u->bp);
            int rc = clean_next ? 1 : ub_unit_add_two_holes(u, seq, len, r1, r2, UB_H_GAP);
            if (rc < 0 || !ub_codec_is_multibyte(u->codec)) return rc;
            if (!clean_next && (rc == 0 || r2.next < 0x80 || !ub_unit_clean_letter_at(u, u->bp))) {
                if (!ub_unit_halfwidth_kana_codec(u->codec)) return rc;
                /* glibc drops an unmapped pair whole (see ub_unit_pair_dropped): the
                 * second byte need not be one the decoder rejects before
                 * the next (`ー` E3 83 BC read as Shift_JIS with iconv -c:
                 * 83 BC goes, and BC alone is half-width katakana). Under
                 * the other double-byte codecs a continuation byte is never
                 * a character alone, the pairs that go whole are rare, and
                 * every hole would list dozens of candidates more */
                e->ndec = save_dec;
                e->nholes = save_holes;
                e->ncand = save_cand;
                r2.next = UB_NEXT_ANY;
                return ub_unit_add_two_holes(u, seq, len, r1, r2, UB_H_GAP);
            }
            /* no byte could have been lost before the next one, a letter of
             * clean text: the garbled span may have ended here, the lost
             * bytes with nothing after them (ub_unit_cut_at_span_end) */
            r2.next = -1;
            rc = ub_unit_add_two_holes(u, seq, len, r1, r2, UB_H_GAP);
            if (rc == 0) {
                e->unit_cut_tail = 1;
                e->holes[e->nholes - 1].span_end = 1;
            }
            return rc;
        } else if (j == 1 && len == 3 && kc == UB_K_NORMAL && nb >= 0x80 && nb <= 0xBF) {
            /* the second byte dropped without a trace and the third in its
             * place, out of the lead's second-byte range (크 ED 81 AC read
             * as cp1252 loses 81: `í¬`); a unit resting on it alone waits
             * for document evidence, as for a last byte */
            seq[1] = nb;
            u->bp++;
            return ub_unit_add_gap_hole(u, seq, len, -1, 0, 1u << 1);
        } else if (j == len - 1 && u->bp == u->drop_at) {
            /* the last byte and the next character's lead, dropped together
             * as one unmapped pair (see ub_unit_pair_dropped) */
            kind = UB_H_GAP;
            gap_allowed = 1u << (len - 1);
            if (ub_unit_glibc_euc_kr(e, u->codec)) {
                /* ... or, under glibc's EUC-KR, two pairs: the last byte
                 * with the ASCII byte after it, then the next character's
                 * lead with its second byte (`트 해` ED 8A B8 20 ED 95 B4
                 * shows `\u008A`, and B4 as the lead of the pair after),
                 * which lost_lead reads (ub_unit_glibc_pair_gone) */
                hole_next = nb;
            } else {
                /* the continuation bytes after the pair say how long the
                 * character its lead began was */
                int cont = 0;
                while (cont < 3 && ub_unit_byte_after(u, u->bp + (size_t)cont) >= 0x80 &&
                       ub_unit_byte_after(u, u->bp + (size_t)cont) <= 0xBF)
                    cont++;
                hole_next = UB_NEXT_PAIR_LEAD - (cont ? cont + 1 : 0);
                u->lead_owed = 1;
            }
        } else if (j == len - 1 && (kc != UB_K_NORMAL || nb < 0x80 || nb > 0xBF)) {
            /* dropped without a trace: only the last byte, and only when the
             * next byte could not have continued the character (a unit that
             * rests on such guesses alone waits for document evidence:
             * decide.c) */
            kind = UB_H_GAP;
            hole_next = kc == UB_K_NORMAL || kc == UB_K_QMARK || kc == UB_K_SPACE ? nb : -1;
            gap_allowed = gap_positions(u, at, len);
            /* ... or, before a letter of clean text, because the garbled
             * span ended there and the decoder never saw the letter, a
             * common one (ub_unit_common_cjk_at): `。` E3 80 82 at the end of a
             * sentence read as GBK loses 82 at the end, which it would
             * have paired with the lead of `雖`. GBK pairs nearly every
             * byte with a UTF-8 lead, so a byte lost before one is rare
             * inside the damage (Big5, Shift_JIS and EUC lose many
             * there). The bytes lost at the end include those lost before
             * it */
            if (ub_unit_gbk_family(u->codec) && hole_next >= 0x80 &&
                ub_unit_common_cjk_at(u, u->bp) && ub_unit_clean_letter_at(u, u->bp)) {
                hole_next = -1;
                span_end = 1;
            }
        } else {
            return 1;
        }
        hole_pos = j;
        hole_kind = kind;
        hole_lo = lo;
        hole_hi = hi;
    }
    if (hole2_pos) {
        hole_range r1 = {hole_pos, hole_lo, hole_hi, -1}, r2 = {hole2_pos, hole2_lo, hole2_hi, hole2_next};
        return ub_unit_add_two_holes(u, seq, len, r1, r2, hole_kind);
    }
    if (hole_pos && (hole_kind == UB_H_GAP || hole_kind == UB_H_NBSP)) {
        int rc = ub_unit_add_gap_hole(u, seq, len, hole_next, hole_kind == UB_H_NBSP, gap_allowed);
        if (rc == 0 && span_end) {
            e->unit_cut_tail = 1;
            e->holes[e->nholes - 1].span_end = 1;
        }
        return rc;
    }
    if (hole_pos) {
        int rc = ub_unit_add_hole(u, seq, len, hole_pos, hole_lo, hole_hi, hole_next, hole_kind);
        if (rc == 0 && span_end) {
            e->unit_cut_tail = 1;
            e->holes[e->nholes - 1].span_end = 1;
        }
        return rc;
    }
    uint32_t cp;
    if (ub_utf8_decode(seq, (size_t)len, &cp) != len) return 1;
    /* ... but under 锟斤拷 damage the text is GBK read as UTF-8, whose stray
     * F0..F4 sequences are just such characters */
    if (ub_unit_no_text_plane(cp) && !e->reg[e->cur_region].fffd) return 1;
    if (!first && ub_codec_is_multibyte(u->codec)) {
        int cut = ub_unit_cut_at_span_end(u, at, len, cp);
        if (cut) return ub_unit_read_cut(u, seq, at, len, cut);
    }
    return ub_push_dec(e, cp);
}

/* Try a unit starting at local char k. On success sets *k_end. */
/* How far past a possible dropped pair the reading may fail for the pair
 * to be tried: within the character after it. */
#define UB_DROP_FAIL_SPAN 4

/* An ideograph, kana or Hangul syllable no model knows: what a wrong
 * reading makes of bytes whose pair went whole (`謖ｮ` read on as 挮 E6 8C
 * AE, where 87 E5 went and the text is 指定; `銇€` read on as E3 81 80,
 * U+3040, no kana at all, where AF E3 of `は、` went). Not symbols: `─`
 * E2 94 80 is no letter any model knows, and box drawing is just that. */
static int unknown_ideograph(ub_engine *e, uint32_t c) {
    ub_script sc = ub_script_of(c);
    return (sc == UB_SC_HAN || sc == UB_SC_KANA || sc == UB_SC_HANGUL) &&
           ub_score_best_logp(e, c) <= UB_LM_FLOOR;
}

/* The damage as found, in a region with no U+FFFD (nor 锟, U+FFFD read as
 * GBK): what a decoder that drops what it cannot read (iconv -c) leaves. */
static int dropping_decoder(const ub_engine *e) {
    return e->layer == 0 && !e->reg[e->cur_region].fffd;
}

int ub_try_unit(ub_engine *e, ub_codec_id c, size_t m, size_t k, int follows, size_t *k_end) {
    /* Under a single-byte code page, a character whose bytes the text
     * shows (no mark) starts a reading only with a UTF-8 lead (decode_char:
     * ASCII, a continuation byte, C0, C1 or F5..FF fail at once): most
     * characters of clean accented or Cyrillic text under most of the
     * twenty code pages. Failed here, before the scan is set up, with the
     * state a failed scan leaves. */
    if (!ub_codec_is_multibyte(c) && e->kind[k] == UB_K_NORMAL) {
        uint8_t b = e->bytes[e->bstart[k]];
        if (b < 0xC2 || b > 0xF4) {
            e->unit_cut_tail = 0;
            e->unit_pair_drop = 0;
            return 1;
        }
    }
    int lead_owed = follows && e->unit_pair_drop;
    size_t save_dec = e->ndec, save_holes = e->nholes, save_cand = e->ncand;
    size_t drop_at = SIZE_MAX, span_at = SIZE_MAX;
    int read_first = 0; /* the first reading held and is read again (attempt 2) */
    int span_tried = 0;
    size_t fail_bp = 0, fail_drop = SIZE_MAX; /* where the first reading failed */
    for (int attempt = 0; attempt < 4; attempt++) {
        unit_scan u = {e, c, m, e->reg[e->cur_region].c0, e->bstart[k], k, follows,
                       drop_at, SIZE_MAX, 0, lead_owed, span_at, SIZE_MAX};
        e->unit_cut_tail = 0;
        e->unit_pair_drop = 0;
        int rc = 0;
        for (int first = 1;; first = 0) {
            rc = decode_char(&u, first);
            if (rc) break;
            sync_char(&u);
            if (u.ck >= m || e->bstart[u.ck] == u.bp) break;
        }
        if (rc == 0) {
            /* a reading that holds, but made an ideograph no model knows of
             * the character where a pair may have gone whole: read with the
             * pair gone instead, if that holds too */
            if (attempt == 0 && u.drop_seen != SIZE_MAX && u.drop_seen_dec < e->ndec &&
                dropping_decoder(e) && unknown_ideograph(e, e->dec[u.drop_seen_dec])) {
                read_first = 1;
                drop_at = u.drop_seen;
                e->ndec = save_dec;
                e->nholes = save_holes;
                e->ncand = save_cand;
                continue;
            }
            *k_end = u.ck;
            e->unit_pair_drop = u.lead_owed; /* the next unit's lead went with it */
            return 0;
        }
        if (rc < 0) return rc;
        e->ndec = save_dec;
        e->nholes = save_holes;
        e->ncand = save_cand;
        if (read_first) { /* the pair reading failed: the first one stands */
            drop_at = SIZE_MAX;
            read_first = 0;
            attempt = 1; /* read it again as attempt 2 */
            continue;
        }
        if (!span_tried) {
            fail_bp = u.bp;
            fail_drop = drop_at == SIZE_MAX ? u.drop_seen : SIZE_MAX;
        }
        /* read again, the garbled span taken as ended where it could have
         * (ub_unit_span_ends_before), when clean text follows and the reading
         * failed; then ... */
        if (!span_tried && u.span_seen != SIZE_MAX && drop_at == SIZE_MAX &&
            ub_unit_clean_cjk_run_at(&u, u.span_seen, UB_CLEAN_RUN)) {
            span_tried = 1;
            span_at = u.span_seen;
            continue;
        }
        span_at = SIZE_MAX;
        /* ... the last place a pair may have been dropped whole taken as
         * the drop (ub_unit_pair_dropped), when the first reading failed right
         * after it (the next character's bytes taken for this one's) */
        if (fail_drop == SIZE_MAX || drop_at != SIZE_MAX || fail_bp < fail_drop ||
            fail_bp > fail_drop + UB_DROP_FAIL_SPAN)
            return rc;
        drop_at = fail_drop;
    }
    return 1;
}
