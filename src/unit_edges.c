/*
 * The edges of the damage, for the unit reader (unit.c): where a garbled
 * span pasted into clean text ended, inside a character or before the
 * clean text's first byte, and where a decoder dropped or replaced a pair
 * whole, taking the next character's lead with it. Each answer is a place
 * a reading may take, or remember as one it could have taken when it
 * fails otherwise (ub_try_unit reads again).
 */
#include <stdint.h>

#include "engine.h"
#include "lm.h"
#include "script.h"
#include "unit.h"
#include "utf8.h"

/* ---- a garbled span that ended inside a character -------------------------
 * Mojibake pasted into clean text was decoded on its own: a decoder with
 * errors=ignore dropped the bytes it could not pair at the span's end, so
 * the last character lost its tail, and the clean text that follows lies
 * right behind its lead (`る。タイム`: 。 E3 80 82 read as GBK keeps only
 * E3, inside `嬨`, then comes タ). Re-encoded, the clean text's bytes look
 * like continuation bytes (タ is A5 BF in GBK) and complete the character
 * as one no model knows (E3 A5 BF is U+397F). Such a character, whose tail
 * starts a character of the text as it stands, is read instead as a lead
 * whose last one or two bytes were lost; the unit ends there. */

/* Does a letter some model knows start at byte position q? */
static int letter_at(const unit_scan *u, size_t q) {
    size_t ck = ub_unit_char_at_byte(u, q);
    if (ck >= u->m || u->e->bstart[ck] != q) return 0;
    uint32_t c = u->e->cp[u->c0 + ck];
    ub_script sc = ub_script_of(c);
    return sc >= UB_SC_LATIN && sc <= UB_SC_HANGUL && ub_score_best_logp(u->e, c) > UB_LM_FLOOR;
}

/* ... the clean text after a span garbled with errors=ignore? That leaves
 * no U+FFFD: a region holding one, or 锟 (锟斤拷 is U+FFFD read as GBK),
 * is other damage, whose bits of text are no clean text. */
int ub_unit_clean_letter_at(const unit_scan *u, size_t q) {
    return !u->e->reg[u->e->cur_region].fffd && letter_at(u, q);
}

/* ... and a character some CJK model finds common: the double-byte readings
 * of UTF-8 CJK text are the code pages' rare characters (genuine.c), so the
 * damage does not go on there. */
int ub_unit_common_cjk_at(const unit_scan *u, size_t q) {
    size_t ck = ub_unit_char_at_byte(u, q);
    return ck < u->m && !ub_genuine_rare(u->e, u->e->cp[u->c0 + ck]);
}

int ub_unit_clean_cjk_run_at(const unit_scan *u, size_t q, size_t need) {
    size_t ck = ub_unit_char_at_byte(u, q);
    if (ck >= u->m || u->e->bstart[ck] != q) return 0;
    return ub_genuine_run(u->e, u->c0 + ck, u->c0 + u->m, need);
}

/* Is byte position u->bp, where the last byte of a character under GBK
 * would be read, the place this reading takes the garbled span as ended,
 * its last byte lost at the end of the decoder's input, before clean CJK
 * text whose first byte fits there (`銆それで`: 。 E3 80 82 lost 82, and
 * A4 starts そ)? Three clean characters at least: not `互 ` after `鍙`,
 * where glibc dropped AF E4 of 可以. Else the place, where a character
 * starts, is remembered in u->span_seen, and ub_try_unit reads the unit
 * again so when it fails otherwise and clean CJK text starts there: read
 * so wherever clean-looking text follows, it costs more than it saves
 * (GBK readings of CJK text hold runs of common characters too). */
int ub_unit_span_ends_before(unit_scan *u) {
    if (!ub_unit_gbk_family(u->codec)) return 0;
    if (u->bp == u->span_at) return 1;
    /* whether clean text starts there is asked only if the unit fails:
     * most units hold */
    if (ub_unit_starts_char(u, u->bp)) u->span_seen = u->bp;
    return 0;
}

/* How many trailing bytes of the character just read (cp, its bytes at
 * stream positions at[1..len)) to read as lost instead: 0 (none), 1 or 2. */
int ub_unit_cut_at_span_end(const unit_scan *u, const size_t *at, int len, uint32_t cp) {
    if (len < 3) return 0;
    int cut = ub_unit_starts_char(u, at[len - 2]) ? 2 : ub_unit_starts_char(u, at[len - 1]) ? 1 : 0;
    /* an ideograph no model knows, its tail the start of a character some
     * model knows (clean text; U+FFFD and the like are other damage) */
    if (!cut || ub_script_of(cp) != UB_SC_HAN || ub_score_best_logp(u->e, cp) > UB_LM_FLOOR)
        return 0;
    return ub_unit_clean_letter_at(u, at[len - cut]) ? cut : 0;
}

int ub_unit_read_cut(unit_scan *u, uint8_t *seq, const size_t *at, int len, int cut) {
    ub_engine *e = u->e;
    u->bp = at[len - cut];
    e->unit_cut_tail = 1;
    int rc;
    if (cut == 2) {
        hole_range r1 = {len - 2, 0x80, 0xBF, -1}, r2 = {len - 1, 0x80, 0xBF, -1};
        if (len - 2 == 1) ub_utf8_second_range(seq[0], &r1.lo, &r1.hi);
        rc = ub_unit_add_two_holes(u, seq, len, r1, r2, UB_H_GAP);
    } else {
        rc = ub_unit_add_gap_hole(u, seq, len, -1, 0, 1u << (len - 1));
    }
    if (rc == 0) e->holes[e->nholes - 1].span_end = 1;
    return rc;
}

/* ---- a pair dropped whole ---------------------------------------------
 * glibc's GBK, GB18030 and EUC-KR decoders drop an unmapped pair whole, the
 * lead and its trail (`误：` E8 AF AF EF BC 9A read as GBK with iconv -c:
 * AF EF is a user-defined pair, gone both, leaving `璇細`); Python's drop
 * the lead and read on from the trail. Then the last byte of one character
 * and the lead of the next are both missing, and the next character's
 * continuation bytes follow the first character's bytes as if they were
 * its own: the reading fails a little later. ub_try_unit reads the unit
 * again with the last such position taken as the drop: the character ends
 * in a hole there, and the next unit opens with a lost lead that no pair
 * with its second byte needs to explain (lost_lead). */
/* Is byte position u->bp the place this reading takes a pair as gone
 * whole? Else it is remembered as the last place one could have been. */
static int drop_here(unit_scan *u) {
    if (u->bp == u->drop_at) return 1;
    u->drop_seen = u->bp;
    u->drop_seen_dec = u->e->ndec;
    return 0;
}

/* Under glibc's EUC-KR the pairs go whole so often (a last byte with the
 * space after it, a lead with its second byte) that a reading running on
 * across them makes some syllable of the 11,172, and most are rare (`튴`
 * for the bytes of `트 해`, unit.c at drop_at): where the byte would
 * complete such a syllable, the drop is taken at once. */
static int rare_syllable_across(const unit_scan *u, const uint8_t *seq, int len) {
    if (!ub_unit_glibc_euc_kr(u->e, u->codec) || u->e->layer != 0 ||
        u->e->reg[u->e->cur_region].fffd || len != 3)
        return 0;
    uint8_t b[3] = {seq[0], seq[1], u->e->bytes[u->bp]};
    uint32_t cp;
    return ub_utf8_decode(b, 3, &cp) == 3 && ub_script_of(cp) == UB_SC_HANGUL &&
           ub_genuine_rare(u->e, cp);
}

/* The last byte of a character, nb at u->bp, starts a character of the
 * text: it may be the next character's continuation byte instead. */
int ub_unit_pair_dropped(unit_scan *u, const uint8_t *seq, int len) {
    if (!ub_codec_is_multibyte(u->codec) || !ub_unit_starts_char(u, u->bp)) return 0;
    if (rare_syllable_across(u, seq, len)) u->drop_at = u->bp;
    return drop_here(u);
}

/* The WHATWG decoders (browsers) replace an unmapped pair whose trail is
 * not ASCII by one U+FFFD for both bytes (`что` D1 87 D1 82 D0 BE read as
 * Shift_JIS: 87 D1 is no pair, `ﾑ�ひｾ`); Python's replace the lead and read
 * on from the trail. A U+FFFD where a character's last byte belongs may
 * then also hold the next character's lead: so it does when the byte after
 * it continues a character, and else is tried as the drop above is, when
 * the unit fails otherwise. */
int ub_unit_replaced_pair(unit_scan *u) {
    if (!ub_codec_is_multibyte(u->codec)) return 0;
    /* the byte after the U+FFFD continues a character: its lead is gone */
    int after = ub_unit_byte_after(u, u->bp + 1);
    if (after >= 0x80 && after <= 0xBF) return 1;
    /* ... or exactly two more U+FFFD follow, that character's second and
     * third bytes (ub_unit_owed_lead_marks). Only under Shift_JIS: a
     * browser's Shift_JIS leaves this after `い。`, while Big5 and EUC
     * decoders that replace byte by byte leave runs of U+FFFD everywhere */
    if (ub_unit_halfwidth_kana_codec(u->codec) && ub_unit_kind_at_byte(u, u->bp + 1) == UB_K_HOLE &&
        ub_unit_kind_at_byte(u, u->bp + 2) == UB_K_HOLE &&
        ub_unit_kind_at_byte(u, u->bp + 3) != UB_K_HOLE)
        return 1;
    return drop_here(u);
}

/* Where a continuation byte starts a unit, glibc's decoders may have
 * dropped more than its lead: they keep bytes 80..9F as C1 controls (the
 * mark of glibc: Python's and the browsers' keep none) and drop a lead
 * with, or without, the byte after it.
 *
 * EUC-KR drops a lead with the trail it cannot take (EC 82 of `사` EC 82
 * AC), so in a window whose C1 controls show glibc's decoder any
 * continuation byte may be the third of a character that lost two, a C1
 * control when it is 80..A0 and else the lead of a pair (`ъ` AC EC: `사용`
 * read so is `ъ\u009A⑹`); EUC-JP, where the byte is a C1 control. */
int ub_unit_glibc_pair_gone(const unit_scan *u) {
    if (u->codec == UB_EUC_KR) return ub_unit_glibc_euc_kr(u->e, u->codec);
    if (u->codec != UB_EUC_JP) return 0;
    size_t ck = ub_unit_char_at_byte(u, u->bp);
    return ck < u->m && u->e->cp[u->c0 + ck] >= 0x80 && u->e->cp[u->c0 + ck] <= 0x9F;
}

/* Big5 and EUC-JP drop a lead alone: a C1 control they kept, the next
 * byte no continuation, may also be the middle of a character that lost
 * its last byte (unit_holes.c, ub_unit_add_lead_or_tail). */
int ub_unit_glibc_tail_gone(const unit_scan *u) {
    if (u->codec != UB_BIG5 && u->codec != UB_EUC_JP) return 0;
    size_t ck = ub_unit_char_at_byte(u, u->bp);
    return ck < u->m && ub_glibc_c1_at(u->e, u->c0 + ck, u->codec);
}
