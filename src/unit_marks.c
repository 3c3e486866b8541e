/*
 * Readings at visible marks (unit.h): where a decoder left U+FFFD (or '?',
 * the U+FFFD saved back) for bytes it could not read, more than one byte
 * of a character may stand behind the marks: its lead and second byte,
 * the whole character (of three bytes, or of two in text of two-byte
 * characters), or (after a pair replaced whole) its second and third.
 * unit.c calls these where a mark opens a character.
 */
#include "unit.h"
#include "script.h"
#include "utf8.h"

/* The three-byte characters whose every byte a double-byte decoder could
 * have rejected in turn, the last one before `next`: Python's Shift_JIS
 * leaves `???` for `수` EC 88 98 before a space (EC and 88 open no pair
 * with the byte after them, 98 none with the space); they are few enough
 * to guess among (lost.c) where a decoder rejects few bytes. Else, or under
 * a single-byte codec, one U+FFFD: the honest repair of one character
 * lost. Returns -1 on NOMEM. */
#define UB_WHOLE_CHAR_MAX 2048

static int whole_char_candidates(unit_scan *u, int next) {
    ub_engine *e = u->e;
    size_t cand0 = e->ncand;
    if (ub_codec_is_multibyte(u->codec)) {
        void *p = e->cand;
        if (ub_grow(e->alloc, &p, &e->cap_cand, e->ncand + UB_WHOLE_CHAR_MAX + 1, sizeof *e->cand))
            return -1;
        e->cand = p;
        uint64_t zm[2];
        ub_lost_mask(e, u->codec, next, 0x80, 0xBF, zm);
        for (uint64_t zs = zm[0]; zs; zs &= zs - 1) {
            unsigned z = 0x80 + ub_lowest_bit(zs);
            uint64_t ym[2];
            ub_lost_mask(e, u->codec, (int)z, 0x80, 0xBF, ym);
            for (uint64_t ys = ym[0]; ys; ys &= ys - 1) {
                unsigned y = 0x80 + ub_lowest_bit(ys);
                uint64_t xm[2];
                ub_lost_mask(e, u->codec, (int)y, 0xE0, 0xEF, xm);
                for (uint64_t xs = xm[1]; xs; xs &= xs - 1) {
                    unsigned x = 0xC0 + ub_lowest_bit(xs);
                    uint8_t lo, hi;
                    ub_utf8_second_range((uint8_t)x, &lo, &hi);
                    uint32_t cp = (x & 0x0Fu) << 12 | (y & 0x3Fu) << 6 | (z & 0x3Fu);
                    if (y < lo || y > hi || (cp >= 0xE000 && cp < 0xF900)) continue;
                    if (e->ncand - cand0 >= UB_WHOLE_CHAR_MAX) {
                        e->ncand = cand0; /* too many to guess among */
                        goto none;
                    }
                    e->cand[e->ncand++] = cp;
                }
            }
        }
        if (e->ncand > cand0) return 0;
    }
none:
    e->cand[e->ncand++] = 0xFFFD;
    return 0;
}

/* Is the nearest character on either side of bytes [l, r) of the region,
 * past ASCII and marks, one of CJK text (re-encoded, its UTF-8 lead E3..ED:
 * kana, hanzi, Hangul)? `CB は 0` read as EUC-JP loses は whole between
 * ASCII, and the Japanese around it says it was no dash. */
#define UB_CJK_NEAR_BYTES 48

static int cjk_text_near(const unit_scan *u, size_t l, size_t r) {
    const ub_engine *e = u->e;
    size_t end = e->bstart[u->m], ck = u->ck < u->m ? u->ck : u->m;
    for (size_t p = l, n = 0; p > 0 && n < UB_CJK_NEAR_BYTES; n++) {
        p--;
        while (ck > 0 && e->bstart[ck] > p) ck--;
        uint8_t b = e->bytes[p];
        if (e->kind[ck] != UB_K_NORMAL || b < 0xC2 || b == 0xE2) continue;
        if (b <= 0xF4) {
            if (b >= 0xE3 && b <= 0xED) return 1;
            break;
        }
    }
    for (size_t p = r, n = 0; p < end && n < UB_CJK_NEAR_BYTES; p++, n++) {
        int k = ub_unit_kind_at_byte(u, p);
        uint8_t b = e->bytes[p];
        if (k != UB_K_NORMAL || b < 0xC2 || b == 0xE2) continue;
        if (b <= 0xF4) return b >= 0xE3 && b <= 0xED;
    }
    return 0;
}

/* Three visible holes in a row where a character starts: decoders that
 * reject every byte of a character (EUC-KR, Big5 and EUC-JP cannot pair a
 * continuation byte 80..A0) leave `���` for `—`. Nothing of the character
 * survives, so only the General Punctuation block E2 80 xx is considered:
 * it is what such a hole holds in running text, and its members are told
 * apart by context (lost.c). */
/* Is the text around nmarks marks at u->bp Latin-script (1) or CJK (0)?
 * -1 when the marks sit inside a longer run of U+FFFD that does not line
 * up with characters of nmarks marks. */
static int latin_around(const unit_scan *u, size_t nmarks, int aligned) {
    const ub_engine *e = u->e;
    int latin = 1;
    size_t k = u->ck;
    /* the neighbours, or across one space the words around */
    uint32_t before = k > 0 ? e->cp[u->c0 + k - 1] : ' ';
    uint32_t after = k + nmarks < u->m ? e->cp[u->c0 + k + nmarks] : ' ';
    if (before == ' ' && k > 1) before = e->cp[u->c0 + k - 2];
    if (after == ' ' && k + nmarks + 1 < u->m) after = e->cp[u->c0 + k + nmarks + 1];
    /* inside a run of U+FFFD the marks line up with characters only if
     * the whole run is a few whole characters long; a longer run (or one
     * of another length) says nothing about where characters began ('?'
     * saved back stays as it was: its runs mix with real question
     * marks) */
    if (before == 0xFFFD || after == 0xFFFD) {
        /* ... unless the character before this one in the unit took
         * the marks before it: then this one starts here */
        size_t a = k, b = k;
        while (!aligned && a > 0 && e->cp[u->c0 + a - 1] == 0xFFFD && k - a <= 15) a--;
        while (b < u->m && e->cp[u->c0 + b] == 0xFFFD && b - k <= 15) b++;
        if (!aligned && (b - a > 15 || (b - a) % nmarks != 0 || (k - a) % nmarks != 0))
            return -1;
        before = a > 0 ? e->cp[u->c0 + a - 1] : ' ';
        after = b < u->m ? e->cp[u->c0 + b] : ' ';
        /* ... across one space, as above: `입력 파일이` read as EUC-KR
         * starts a line with six marks, and the word after them is
         * Korean, so are they */
        if (before == ' ' && a > 1) before = e->cp[u->c0 + a - 2];
        if (after == ' ' && b + 1 < u->m) after = e->cp[u->c0 + b + 1];
    }
    /* the character read just before, which took the marks before
     * this one, is the better neighbour (結 before `???`) */
    if (aligned && e->ndec > 0 && e->dec[e->ndec - 1] >= 0x80) before = e->dec[e->ndec - 1];
    ub_script sb = ub_script_of(before), sa = ub_script_of(after);
    if (before >= 0x80 && sb != UB_SC_LATIN && sb != UB_SC_PUNCT && sb != UB_SC_SPACE) latin = 0;
    if (after >= 0x80 && sa != UB_SC_LATIN && sa != UB_SC_PUNCT && sa != UB_SC_SPACE) latin = 0;
    /* ASCII on both sides: the text further away */
    if (latin && before < 0x80 && after < 0x80 && cjk_text_near(u, u->bp, u->bp + nmarks)) latin = 0;
    return latin;
}

int ub_unit_whole_char_lost(unit_scan *u, int aligned) {
    ub_engine *e = u->e;
    /* only on the damage as found: a U+FFFD made by undoing an outer layer
     * (锟斤拷 -> U+FFFD U+FFFD) is a lost character, not a lost byte */
    if (e->layer > 0) return 1;
    /* Between Latin-script text such a hole is punctuation; in CJK text it
     * holds a syllable or a hanzi that nothing here can tell, and the honest
     * repair is one U+FFFD for the one character lost (not three). */
    int latin = latin_around(u, 3, aligned);
    if (latin < 0) return 1;
    size_t end = e->bstart[u->m];
    size_t q = u->bp;
    for (int i = 0; i < 3; i++, q++) {
        if (q >= end) return 1;
        size_t ck = u->ck;
        while (ck < u->m && e->bstart[ck + 1] <= q) ck++;
        if (ck >= u->m || (e->kind[ck] != UB_K_HOLE && e->kind[ck] != UB_K_QMARK)) return 1;
    }
    int next = ub_unit_byte_after(u, q);
    size_t cand0 = e->ncand;
    void *p = e->cand;
    if (ub_grow(e->alloc, &p, &e->cap_cand, e->ncand + 64, sizeof *e->cand)) return -1;
    e->cand = p;
    for (unsigned x = 0x80; x <= 0xBF && latin; x++)
        if (ub_could_lose(e, u->codec, 0xE2, 0x80) && ub_could_lose(e, u->codec, 0x80, (int)x) &&
            ub_could_lose(e, u->codec, (uint8_t)x, next))
            e->cand[e->ncand++] = 0x2000 + (x - 0x80);
    if (!latin && whole_char_candidates(u, next) < 0) return -1;
    int rc = ub_unit_push_hole(e, cand0, UB_H_REPLACED, 3);
    if (rc == 0) u->bp = q;
    return rc;
}

/* Two visible marks where a character starts, then ASCII: a browser's
 * Big5 or EUC decoder replaces the pair E2 80 (80 is no trail) by one
 * U+FFFD, then the third byte, a lead that cannot pair with the ASCII byte
 * after it, by another, and reads that ASCII byte again: `• find` shows
 * `�� find`, `‘%s’` shows `��%s��`. (Python's decoders replace byte by
 * byte and leave three: ub_unit_whole_char_lost.) As there, nothing of the
 * character survives, and only General Punctuation between Latin-script
 * text is guessed at. */
int ub_unit_pair_then_lead_lost(unit_scan *u, int aligned) {
    ub_engine *e = u->e;
    /* ... where the window's marks all fit whole characters, or a browser
     * is known to have made them: `cr��` is créé read as UTF-8 where the
     * rest of a Latin-1 text shows lone marks (`succ�s`) */
    if (e->layer > 0 || !(e->punct_marks || e->pair_marks) || !ub_codec_is_multibyte(u->codec) ||
        !ub_could_lose(e, u->codec, 0xE2, 0x80))
        return 1;
    if (ub_unit_kind_at_byte(u, u->bp + 1) != UB_K_HOLE || e->kind[u->ck] != UB_K_HOLE) return 1;
    int next = ub_unit_byte_after(u, u->bp + 2);
    size_t end = e->bstart[u->m];
    if (u->bp + 2 < end && (next < 0 || next >= 0x80)) return 1;
    if (latin_around(u, 2, aligned) != 1) return 1;
    size_t cand0 = e->ncand;
    void *p = e->cand;
    if (ub_grow(e->alloc, &p, &e->cap_cand, e->ncand + 64, sizeof *e->cand)) return -1;
    e->cand = p;
    for (unsigned x = 0x80; x <= 0xBF; x++)
        if (ub_could_lose(e, u->codec, (uint8_t)x, next)) e->cand[e->ncand++] = 0x2000 + (x - 0x80);
    int rc = ub_unit_push_hole(e, cand0, UB_H_REPLACED, 3);
    if (rc == 0) u->bp += 2;
    return rc;
}

/* Two visible marks where the lead went in the pair replaced before them
 * (lead_owed): the second and third bytes (ub_unit_add_owed_marks).
 * Returns 1 when the text does not look like that. */
int ub_unit_owed_lead_marks(unit_scan *u) {
    ub_engine *e = u->e;
    if (e->layer > 0 || !ub_codec_is_multibyte(u->codec)) return 1;
    int km = ub_unit_kind_at_byte(u, u->bp + 1);
    if (km != UB_K_HOLE && km != UB_K_QMARK) return 1;
    int kind = e->kind[u->ck] == UB_K_QMARK ? UB_H_QMARK : UB_H_REPLACED;
    int rc = ub_unit_add_owed_marks(u, ub_unit_byte_after(u, u->bp + 2), kind);
    if (rc == 0) {
        u->bp += 2;
        u->lead_owed = 0;
    }
    return rc;
}

/* Two visible marks, then continuation bytes: the lead and the byte after
 * it were lost, the rest is there. Decoders that pair only bytes A1..FE
 * (EUC-KR, EUC-JP, Big5) lose both where a character's second byte is
 * 80..A0: `사` EC 82 AC read as EUC-KR shows `��` and then AC, which pairs
 * with the next character's lead (`ъ`). Returns 1 when the text does not
 * look like that. */
int ub_unit_lead_and_second_lost(unit_scan *u) {
    ub_engine *e = u->e;
    /* as ub_unit_whole_char_lost: a U+FFFD made by undoing an outer layer is a
     * lost character, not a lost byte */
    if (e->layer > 0) return 1;
    size_t q = u->bp + 1;
    int km = ub_unit_kind_at_byte(u, q);
    if (km != UB_K_HOLE && km != UB_K_QMARK) return 1;
    uint8_t seq[4] = {0};
    int cnt = 0;
    size_t p = q + 1;
    while (cnt < 2) {
        int nb = ub_unit_byte_after(u, p);
        if (nb < 0x80 || nb > 0xBF) break;
        seq[2 + cnt++] = (uint8_t)nb;
        p++;
    }
    if (cnt == 0) return 1;
    int kind = e->kind[u->ck] == UB_K_QMARK ? UB_H_QMARK : UB_H_REPLACED;
    hole_range lead = {0, 0xC2, 0xF4, -1}, second = {1, 0x80, 0xBF, seq[2]};
    int rc = ub_unit_add_two_holes(u, seq, cnt + 2, lead, second, kind);
    if (rc == 0) u->bp = p;
    return rc;
}

/* Two visible marks where a character starts, in text of two-byte
 * characters: decoders that replace byte by byte (Python's Big5, EUC-JP and
 * EUC-KR cannot pair a continuation byte 80..A0, nor read it alone) leave
 * `��` for `с` D1 81, and the Cyrillic around it shows as hanzi (`и` D0 B8
 * is 邽 in Big5). Nothing of the character survives. Its neighbours tell
 * its length and its script: the lead byte right after the marks, or else
 * the last character before them (both re-encoded), is a two-byte lead, and
 * a letter of the same script has a lead next to it (Cyrillic D0..D1, Greek
 * CE..CF). The candidates are the characters with such a lead that the
 * decoder could not pair with their continuation byte, nor read that byte
 * before what followed. Returns 1 when the text does not look like that. */
static int two_byte_neighbour(const unit_scan *u, size_t after_run) {
    const ub_engine *e = u->e;
    int nb = ub_unit_byte_after(u, after_run);
    if (nb >= 0xC2 && nb <= 0xF4) return ub_utf8_seq_len((uint8_t)nb) == 2 ? nb : 0;
    /* the character before: back over its continuation bytes to its lead */
    size_t p = u->bp, ck = u->ck < u->m ? u->ck : u->m;
    for (int i = 0; i < 2 && p > 0; i++) {
        p--;
        while (ck > 0 && e->bstart[ck] > p) ck--;
        if (e->kind[ck] != UB_K_NORMAL) return 0;
        uint8_t b = e->bytes[p];
        if (b < 0x80) return 0;
        if (b >= 0xC0) return ub_utf8_seq_len(b) == 2 && u->bp - p == 2 ? b : 0;
    }
    return 0;
}

int ub_unit_two_byte_char_lost(unit_scan *u) {
    ub_engine *e = u->e;
    /* as ub_unit_whole_char_lost: only on the damage as found */
    if (e->layer > 0) return 1;
    int km = ub_unit_kind_at_byte(u, u->bp + 1);
    if (km != UB_K_HOLE && km != UB_K_QMARK) return 1;
    size_t q = u->bp + 2;
    int nb = ub_unit_byte_after(u, q);
    if (nb >= 0x80 && nb <= 0xBF) return 1; /* the third byte of a longer one */
    size_t run = q;
    while (run < u->bp + 16) {
        int k = ub_unit_kind_at_byte(u, run);
        if (k != UB_K_HOLE && k != UB_K_QMARK) break;
        run++;
    }
    int lead = two_byte_neighbour(u, run);
    if (!lead) return 1;
    int kind = e->kind[u->ck] == UB_K_QMARK ? UB_H_QMARK : UB_H_REPLACED;
    uint8_t seq[4] = {0};
    hole_range lo_hi = {0, (uint8_t)(lead > 0xC2 ? lead - 1 : 0xC2),
                        (uint8_t)(lead < 0xDF ? lead + 1 : 0xDF), -1};
    hole_range cont = {1, 0x80, 0xBF, nb};
    int rc = ub_unit_add_two_holes(u, seq, 2, lo_hi, cont, kind);
    if (rc == 0) u->bp = q;
    return rc;
}
