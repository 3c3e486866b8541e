/*
 * Chunk orchestration (DESIGN.md section 3): scan -> regions -> hypotheses
 * per region and codec -> decide -> emit, repeated once per stacked layer
 * (`Ã¢â‚¬â„¢` -> `â€™` -> `’`), then one fix record per changed span with
 * the whole hypothesis chain.
 */
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "utf8.h"

int ub_engine_init(ub_engine *e, const unbake_options *opt) {
    memset(e, 0, sizeof *e);
    e->alloc = opt->allocator;
    e->max_layers = opt->max_layers ? opt->max_layers : 1;
    e->min_confidence = opt->min_confidence;
    e->hole_replacement = opt->hole_replacement;
    e->flags = opt->flags;
    e->codec_mask = 0;
    if (!opt->codecs || !*opt->codecs) {
        e->codec_mask = (UB_CODEC_COUNT >= 32) ? 0xFFFFFFFFu : ((1u << UB_CODEC_COUNT) - 1);
    } else {
        const char *p = opt->codecs;
        while (*p) {
            const char *q = p;
            while (*q && *q != ',') q++;
            int id = ub_codec_from_name(p, (size_t)(q - p));
            if (id < 0) return UNBAKE_ERR_ARGUMENT;
            e->codec_mask |= 1u << id;
            p = *q ? q + 1 : q;
        }
    }
    e->nlang = ub_lm_lang_count();
    static const char *const cjk[] = {"zh-Hans", "zh-Hant", "ja", "ko"};
    for (size_t i = 0; i < sizeof cjk / sizeof *cjk; i++) {
        int L = ub_lm_lang_find(cjk[i]);
        if (L >= 0) e->cjk_models[e->ncjk_models++] = L;
    }
    ub_score_init(e);
    e->lang_a = ub_malloc(e->alloc, sizeof(float) * (size_t)(e->nlang + 1));
    e->lang_b = ub_malloc(e->alloc, sizeof(float) * (size_t)(e->nlang + 1));
    e->lang_rank = ub_malloc(e->alloc, sizeof(float) * (size_t)(e->nlang + 1));
    e->prior = ub_malloc(e->alloc, sizeof(float) * (size_t)(e->nlang + 1));
    e->seg_prior = ub_malloc(e->alloc, sizeof(float) * (size_t)(e->nlang + 1));
    if (!e->lang_a || !e->lang_b || !e->lang_rank || !e->prior || !e->seg_prior) {
        ub_engine_free(e);
        return UNBAKE_ERR_NOMEM;
    }
    return UNBAKE_OK;
}

void ub_engine_reset(ub_engine *e) {
    memset(e->evidence, 0, sizeof e->evidence);
}

void ub_engine_free(ub_engine *e) {
    const unbake_allocator *a = e->alloc;
    size_t fl = sizeof(float) * (size_t)(e->nlang + 1);
    ub_free(a, e->lang_a, fl);
    ub_free(a, e->lang_b, fl);
    ub_free(a, e->lang_rank, fl);
    ub_free(a, e->prior, fl);
    ub_free(a, e->blk_sum, e->cap_blk_sum * sizeof(float));
    ub_free(a, e->blk_n, e->cap_blk_n * sizeof(uint32_t));
    ub_free(a, e->seg_prior, fl);
    ub_free(a, e->cp, e->cap_cp * sizeof *e->cp);
    ub_free(a, e->off, e->cap_off * sizeof *e->off);
    ub_free(a, e->blen, e->cap_blen);
    ub_free(a, e->reg, e->cap_reg * sizeof *e->reg);
    ub_free(a, e->kind, e->cap_kind);
    ub_free(a, e->bstart, e->cap_bstart * sizeof *e->bstart);
    ub_free(a, e->bytes, e->cap_bytes);
    ub_free(a, e->enc_high, e->cap_enc_high * sizeof *e->enc_high);
    ub_free(a, e->live, e->cap_live);
    ub_free(a, e->preg, e->cap_preg * sizeof *e->preg);
    ub_free(a, e->qreg, e->cap_qreg * sizeof *e->qreg);
    ub_free(a, e->qcp, e->cap_qcp * sizeof *e->qcp);
    ub_free(a, e->quiet, e->cap_quiet);
    ub_free(a, e->cls, e->cls ? 0x10000 : 0);
    ub_free(a, e->dec, e->cap_dec * sizeof *e->dec);
    ub_free(a, e->holes, e->cap_holes * sizeof *e->holes);
    ub_free(a, e->cand, e->cap_cand * sizeof *e->cand);
    ub_unit_memo_free(e);
    ub_regions_free(e);
    ub_late_free(e);
    ub_free(a, e->cand_score, e->cap_cand_score * sizeof(float));
    ub_free(a, e->segs, e->cap_segs * sizeof *e->segs);
    ub_free(a, e->skip, e->cap_skip);
    ub_free(a, e->taken, e->cap_taken);
    ub_free(a, e->edits, e->cap_edits * sizeof *e->edits);
    ub_free(a, e->edits2, e->cap_edits2 * sizeof *e->edits2);
    ub_buf_free(a, &e->text[0]);
    ub_buf_free(a, &e->text[1]);
    ub_buf_free(a, &e->edit_text);
    ub_buf_free(a, &e->scratch);
    ub_score_free(e);
    ub_decide_free(e);
    ub_seen_free(e);
    for (int c = 0; c < UB_CODEC_COUNT; c++) {
        ub_free(a, e->lose_bits[c], ub_lose_memo_size());
        ub_free(a, e->lose_col[c], ub_lose_col_size());
    }
    memset(e, 0, sizeof *e);
}

static int has_blank_line(const uint8_t *t, size_t a, size_t b) {
    const uint8_t *p = t + a, *end = t + b;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        const uint8_t *q = p + 1;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
        if (q < end && *q == '\n') return 1;
        p = q;
    }
    return 0;
}

/* ---- one pass --------------------------------------------------------- */

static int append_str(ub_engine *e, const char *s, size_t n, uint32_t *off, uint32_t *len) {
    *off = (uint32_t)e->edit_text.len;
    *len = (uint32_t)n;
    return ub_buf_append(e->alloc, &e->edit_text, s, n);
}

static void fmt_cp(char *out, size_t cap, uint32_t cp) {
    uint8_t u[5] = {0};
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
        snprintf(out, cap, "U+%04X", (unsigned)cp);
        return;
    }
    int n = ub_utf8_encode(cp, u);
    u[n] = 0;
    snprintf(out, cap, "%s", (const char *)u);
}

static const char *hole_mode(int kind) {
    switch (kind) {
    case UB_H_GAP: return "ignore";
    case UB_H_QMARK: return "qmark";
    case UB_H_NBSP: return "nbsp";
    default: return "replace";
    }
}

/* Hypothesis name and lost-byte explanation of an accepted segment. */
static int describe(ub_engine *e, const ub_seg *s, ub_edit *ed) {
    char hyp[64];
    const char *mode = NULL;
    unsigned guessed = 0;
    for (uint32_t i = 0; i < s->hole_n; i++) {
        const ub_hole *h = &e->holes[s->hole_off + i];
        uint8_t u8[4];
        uint32_t chosen = e->dec[h->dec_index];
        guessed += h->shown && chosen != e->hole_replacement
                       ? (unsigned)ub_utf8_encode(chosen, u8) - h->shown
                       : h->nbytes;
        if (!mode) mode = hole_mode(h->kind);
    }
    snprintf(hyp, sizeof hyp, "%s>%s%s%s",
             s->right ? ub_codec_name((ub_codec_id)(s->right - 1)) : "utf-8",
             ub_codec_name((ub_codec_id)s->codec), mode ? "/" : "", mode ? mode : "");
    if (append_str(e, hyp, strlen(hyp), &ed->hyp_off, &ed->hyp_len)) return -1;
    ed->guessed = (uint16_t)guessed;
    ed->detail_len = 0;
    ed->detail_off = (uint32_t)e->edit_text.len;
    for (uint32_t i = 0; i < s->hole_n && !(e->flags & UNBAKE_FLAG_NO_DETAIL); i++) {
        const ub_hole *h = &e->holes[s->hole_off + i];
        char line[256], a[3][16], took[16];
        size_t nshow = h->cand_n < 3 ? h->cand_n : 3;
        for (size_t t = 0; t < 3; t++) fmt_cp(a[t], sizeof a[t], t < nshow ? h->top_cp[t] : '-');
        fmt_cp(took, sizeof took, e->dec[h->dec_index]);
        int w = snprintf(line, sizeof line,
                         "%slost byte (%s): %u candidates; best %s (%.1f)%s%s (%.1f)%s%s (%.1f); "
                         "posterior %.2f -> %s%s",
                         i ? "; " : "", hole_mode(h->kind), (unsigned)h->cand_n, a[0],
                         (double)h->top_score[0], nshow > 1 ? ", " : "", nshow > 1 ? a[1] : "",
                         nshow > 1 ? (double)h->top_score[1] : 0.0, nshow > 2 ? ", " : "",
                         nshow > 2 ? a[2] : "", nshow > 2 ? (double)h->top_score[2] : 0.0,
                         (double)h->posterior, took, h->decided ? "" : " (undecided)");
        if (w < 0) continue;
        size_t wl = (size_t)w < sizeof line ? (size_t)w : sizeof line - 1;
        if (ub_buf_append(e->alloc, &e->edit_text, line, wl)) return -1;
        ed->detail_len += (uint32_t)wl;
    }
    return 0;
}

/* e->skip for the chars of the pass (see engine.h). */
static int find_stops(ub_engine *e) {
    void *p = e->skip;
    if (ub_grow(e->alloc, &p, &e->cap_skip, e->n + 1, 1)) return -1;
    e->skip = p;
    size_t stop = e->n;
    for (size_t k = e->n; k-- > 0;) {
        e->skip[k] = (uint8_t)(stop - k < 255 ? stop - k : 255);
        uint32_t c = e->cp[k];
        if (c >= 0x80 || c == '?' || c == '\n') stop = k;
    }
    return 0;
}

/* Does the text hold a character whose UTF-8 starts with `lead` and goes
 * on with a byte in [lo, hi]? (C1 controls: C2 80..9F; U+FFFD: EF BF; the
 * Private Use Area: EE, and EF 80..A3.) */
static int holds_seq(const uint8_t *t, size_t len, uint8_t lead, uint8_t lo, uint8_t hi) {
    const uint8_t *p = t, *end = t + len;
    while (p < end && (p = memchr(p, lead, (size_t)(end - p))) != NULL) {
        if (p + 1 < end && p[1] >= lo && p[1] <= hi) return 1;
        p++;
    }
    return 0;
}

/* Does the text hold U+FFFD, and only in runs of two or three? A double-
 * byte decoder that cannot pair E2 80 leaves such runs for a curly quote,
 * a dash or a bullet (Python's three, one a byte; a browser's two, one for
 * the pair E2 80), while a text whose single bytes were replaced (Latin-1
 * read as UTF-8: `cr��` is créé) shows lone ones too. */
static int punct_mark_runs(const uint8_t *t, size_t len) {
    static const uint8_t mark[3] = {0xEF, 0xBF, 0xBD};
    const uint8_t *p = t, *end = t + len;
    int any = 0;
    while (p < end && (p = memchr(p, 0xEF, (size_t)(end - p))) != NULL) {
        int run = 0;
        while ((size_t)(end - p) >= 3 && memcmp(p, mark, 3) == 0) {
            run++;
            p += 3;
        }
        if (run == 0) {
            p++;
            continue;
        }
        if (run < 2 || run > 3) return 0;
        any = 1;
    }
    return any;
}

/* ... unless they are the accented letters of a text in another Latin
 * script, replaced byte by byte (`caf��` is café read as ASCII with errors
 * replaced, `cr��` is créé read from Latin-1 as UTF-8): the function words
 * lead for a language other than English, twice at least (one `os` makes
 * no Portuguese of an English error message), and no CJK character stands
 * in the text. A double-byte decoder leaves marks alone only where the text
 * was ASCII but for its punctuation, which of those languages is English;
 * their accented letters, read as Big5 or EUC, are CJK characters (`pr矇cision`,
 * `m챕moire`), beside which the marks of their quotes are still read. */
#define UB_ACCENTED_LATIN_WORDS 2
static int accented_latin_marks(ub_engine *e, const uint8_t *t, size_t len) {
    uint32_t leaders = ub_function_word_leaders(e, UB_ACCENTED_LATIN_WORDS);
    int en = ub_lm_lang_find("en");
    if (leaders == 0 || (en >= 0 && en < 32 && ((leaders >> en) & 1u))) return 0;
    for (unsigned lead = 0xE3; lead <= 0xED; lead++) /* kana, CJK, Hangul */
        if (holds_seq(t, len, (uint8_t)lead, 0x80, 0xBF)) return 0;
    return 1;
}

/* Does the text read as glibc's GB18030 with -c? The GBK readings of the
 * leads of curly quotes, dashes and CJK punctuation (E2 80 `鈥`, E3 80 `銆`,
 * EF BC `锛`) lose their last byte before ASCII, and that decoder takes the
 * ASCII byte along (`• CMake` is `鈥CMake`), where Python's and glibc's GBK
 * keep it (`鈥 CMake`): such leads before ASCII, never before a space. The
 * same goes for the lead of any three-byte character (a hanzi whose GBK
 * bytes are a UTF-8 lead and a continuation, `涓` E4 B8): before an ASCII
 * letter its lost byte took a space along (`如果为 TRUE` is `濡傛灉涓TRUE`),
 * where the other decoders keep the space (`涓 TRUE`) or pair the byte with
 * the letter (`涓篢RUE`); more of those before letters than before spaces,
 * two at least, is that decoder too. And in Korean, such a lead before
 * another: the last byte of a syllable went with the space after it
 * (`鞀ろ姼毽臧垬` is 스트림 갯수), where GBK keeps the space. Not in
 * Japanese or Chinese, which write no spaces: there Python's GBK loses a
 * last byte before a lead as often (80, AA..AF). */
/* The GBK lead byte of such a character (a UTF-8 lead E0..EF and a
 * continuation byte), 0 for any other. */
static unsigned gbk_lead_pair(uint32_t c) {
    uint8_t b[4];
    if (c < 0x80 || ub_codec_encode(UB_GBK, c, b) != 2) return 0;
    return b[0] >= 0xE0 && b[0] <= 0xEF && (b[1] & 0xC0) == 0x80 ? b[0] : 0;
}

/* A Hangul syllable's UTF-8 lead. */
static int hangul_lead(unsigned lead) { return lead >= 0xEA && lead <= 0xED; }

static int eating_gb(const ub_engine *e, const uint8_t *t, size_t len) {
    int other = 0; /* such leads before ASCII: two at least, one may be `…]` */
    const uint8_t *p = t, *end = t + len;
    while (p + 3 < end && (p = memchr(p, 0xE9, (size_t)(end - p - 3))) != NULL) {
        int lead = (p[1] == 0x88 && p[2] == 0xA5) || (p[1] == 0x8A && p[2] == 0x86) ||
                   (p[1] == 0x94 && p[2] == 0x9B);
        if (lead && p[3] == ' ') return 0;
        if (lead && p[3] > ' ' && p[3] < 0x80) other++;
        p++;
    }
    if (other >= 2) return 1;
    /* the characters before ASCII all lie in the regions, with the ASCII
     * after them (UB_REGION_PAD); the regions of quiet CJK were counted
     * when they were found (regions.c) */
    uint32_t counts[2] = {e->quiet_gb[0], e->quiet_gb[1]};
    for (size_t r = 0; r < e->npreg; r++) ub_gb_eat_pairs(e->cp, e->preg[r].c0, e->preg[r].c1, counts);
    return counts[0] >= 2 && counts[0] > counts[1];
}

void ub_gb_eat_pairs(const uint32_t *cp, size_t c0, size_t c1, uint32_t counts[2]) {
    for (size_t k = c0; k + 1 < c1; k++) {
        uint32_t x = cp[k + 1];
        int letter = (x | 0x20) >= 'a' && (x | 0x20) <= 'z';
        if (!letter && x != ' ' && x < 0x80) continue;
        unsigned lead = gbk_lead_pair(cp[k]);
        if (!lead) continue;
        if (x >= 0x80) { /* Korean only (above) */
            if (!hangul_lead(lead) || !hangul_lead(gbk_lead_pair(x))) continue;
            letter = 1;
        }
        counts[letter ? 0 : 1]++;
    }
}

/* Run hypotheses over the regions of text t and build the next layer's
 * text in *next; pass edits go to e->edits2 (current-text coordinates in
 * in0/in1, new-text coordinates in out_off/out_len). Returns the number of
 * edits, or -1 on NOMEM. */
static long run_pass(ub_engine *e, const uint8_t *t, size_t len, ub_buf *next) {
    e->chunk = t;
    e->chunk_len = len;
    if (ub_decode_regions(e, t) || ub_genuine_split(e) || find_stops(e)) return -1;
    e->keep_c1 = holds_seq(t, len, 0xC2, 0x80, 0x9F);
    e->gb_eats = eating_gb(e, t, len);
    /* Python's decoders write no C1 control and no private character: a
     * text with both U+FFFD and one of those was a browser's */
    int marks = holds_seq(t, len, 0xEF, 0xBF, 0xBF); /* U+FFFD, or its neighbours */
    e->pair_marks = marks && (e->keep_c1 || holds_seq(t, len, 0xEE, 0x80, 0xBF) ||
                              holds_seq(t, len, 0xEF, 0x80, 0xA3));
    e->punct_marks = marks && punct_mark_runs(t, len) && !accented_latin_marks(e, t, len);
    e->nsegs = e->ndec = e->nholes = e->ncand = 0;
    e->enc_region = NULL; /* the regions are new (hypothesis.c) */
    if (ub_seen_reset(e)) return -1;
    ub_decide_reset(e);
    e->foreign_done = e->foreign = 0;
    e->case_done = 0;
    memset(e->quotes, 0, sizeof e->quotes);
    e->nlate = 0;
    e->late_codecs = 0;
    /* Codecs that can matter in this window (see region_codecs): those some
     * region is sure of, those a legacy run may be read with (a legacy
     * repair is evidence for its wrong codec), those with evidence carried
     * from earlier windows; in inner layers, all. */
    uint32_t active = 0, legacy = 0;
    for (size_t r = 0; r < e->nreg; r++) {
        ub_region_codecs(e, &e->reg[r]);
        active |= e->reg[r].sure;
        legacy |= e->reg[r].legacy;
    }
    if (e->layer == 0) {
        active |= legacy & ub_legacy_wrong_mask();
        for (int c = 0; c < UB_CODEC_COUNT; c++)
            if (e->evidence[c] >= UB_WEAK_MIN_EVIDENCE) active |= 1u << c;
    } else {
        active = ~0u;
    }
    for (size_t r = 0; r < e->nreg; r++) {
        if (r > 0 && has_blank_line(t, e->reg[r - 1].b1, e->reg[r].b0))
            memset(e->quotes, 0, sizeof e->quotes);
        uint32_t m = e->reg[r].codecs & active;
        for (int c = 0; c < UB_CODEC_COUNT; c++) {
            if (!((m >> c) & 1u)) continue;
            int later = ub_late_put_off(e, r, (ub_codec_id)c);
            if (later < 0) return -1;
            e->seg_phase = (uint8_t)c;
            if (!later && ub_hyp_region(e, &e->reg[r], (ub_codec_id)c)) return -1;
        }
        e->seg_phase = UB_PHASE_LEGACY;
        if (e->layer == 0 && e->reg[r].legacy &&
            ub_legacy_region(e, &e->reg[r], e->codec_mask & e->reg[r].legacy))
            return -1;
    }
    e->seg_phase = UB_PHASE_WINDOW;
    if (e->layer == 0 && ub_legacy_cp437(e)) return -1;
    if (e->layer == 0 && ub_sjis_back(e)) return -1;
    if (e->layer == 0 && ub_marks_back(e)) return -1;
    if (ub_decide_accept(e)) return -1;
    e->nedits2 = 0;
    next->len = 0;
    if (e->nsegs == 0) return 0;
    void *p = e->edits2;
    if (ub_grow(e->alloc, &p, &e->cap_edits2, e->nsegs, sizeof *e->edits2)) return -1;
    e->edits2 = p;
    size_t pos = 0, ci = 0;
    for (size_t i = 0; i < e->nsegs; i++) {
        const ub_seg *s = &e->segs[i];
        size_t a = e->off[s->start];
        size_t b = e->off[s->end - 1] + e->blen[s->end - 1];
        /* max_layers counts the layers undone at any one spot, over all
         * rounds: a later round does not dig under a spot already that deep
         * (segments and edits are both in text order) */
        int too_deep = 0;
        while (ci < e->nedits && (size_t)e->edits[ci].out_off + e->edits[ci].out_len <= a) ci++;
        for (size_t k = ci; k < e->nedits && e->edits[k].out_off < b; k++) {
            const ub_edit *d = &e->edits[k];
            /* decoding raw legacy bytes (detect.c) is not a mojibake layer */
            unsigned layers = d->layers - (d->kind == UNBAKE_FIX_DECODED);
            if (d->out_len && layers + 1 > e->max_layers) too_deep = 1;
        }
        if (too_deep) continue;
        if (ub_buf_append(e->alloc, next, t + pos, a - pos)) return -1;
        size_t na = next->len;
        for (uint32_t k = 0; k < s->dec_n; k++) {
            uint8_t u[4];
            if (e->dec[s->dec_off + k] == UB_DEC_SKIP) continue;
            int l = ub_utf8_encode(e->dec[s->dec_off + k], u);
            if (ub_buf_append(e->alloc, next, u, (size_t)l)) return -1;
        }
        ub_edit *ed = &e->edits2[e->nedits2++];
        memset(ed, 0, sizeof *ed);
        ed->in0 = a;
        ed->in1 = b;
        ed->out_off = (uint32_t)na;
        ed->out_len = (uint32_t)(next->len - na);
        ed->layers = 1;
        ed->confidence = s->confidence;
        ed->kind = UNBAKE_FIX_REPAIR;
        ed->bared_fffd = ub_count_fffd(next->data + na, ed->out_len) > ub_count_fffd(t + a, b - a);
        if (describe(e, s, ed)) return -1;
        pos = b;
    }
    if (ub_buf_append(e->alloc, next, t + pos, len - pos)) return -1;
    return (long)e->nedits2;
}


/* ---- the chunk ----------------------------------------------------------- */

unbake_status ub_engine_chunk(ub_engine *e, const uint8_t *src, size_t len, uint64_t in_base,
                              uint64_t out_base, ub_buf *out, const unbake_options *opt,
                              unbake_stats *stats, int *same) {
    if (same) *same = 0;
    size_t first = ub_ascii_prefix(src, len);
    if (first == len) { /* clean ASCII: nothing to do */
        if (same) *same = 1;
        else if (ub_buf_append(e->alloc, out, src, len)) return UNBAKE_ERR_NOMEM;
        return UNBAKE_OK;
    }
    e->nedits = 0;
    e->fw_counted = 0;
    e->edit_text.len = 0;
    const uint8_t *t = src;
    size_t tlen = len;
    int cur = 0;
    /* Bytes that are not UTF-8: decode them from the most plausible legacy
     * codec first (detect.c), then look for mojibake in the result. */
    size_t bad = (opt->flags & UNBAKE_FLAG_KEEP_INVALID) ? len : ub_first_invalid_utf8(src, len);
    if (bad < len) {
        int nd = ub_detect_decode(e, src, len, bad, &e->text[cur]);
        if (nd < 0) return UNBAKE_ERR_NOMEM;
        if (nd > 0) {
            if (ub_compose(e)) return UNBAKE_ERR_NOMEM;
            t = e->text[cur].data;
            tlen = e->text[cur].len;
            cur ^= 1;
        }
    }
    /* Rounds: a round undoes the outermost layer everywhere (layer 0: every
     * non-ASCII run) and then the layers under the runs it changed. A repair
     * can uncover damage next to it that its round judged with the damage
     * still in place (a lost byte beside a run just undone); another round
     * over the result, from the same evidence, sees the text as a second
     * call would. Rounds end when one changes nothing, so the output is a
     * fixed point and unbake(unbake(x)) == unbake(x) within a window. A
     * round that laid bare more U+FFFD than it found (锟斤拷 undone) ends
     * them: those marks are characters destroyed before we saw the text, and
     * another round would take them for lost bytes to guess. */
    /* The evidence carried to the next window (decide.c) is what the first
     * round found: later rounds read the text repaired, whose damage is
     * gone, and would hand on none of the window's. */
    float evidence0[UB_CODEC_COUNT], carried[UB_CODEC_COUNT];
    memcpy(evidence0, e->evidence, sizeof evidence0);
    memcpy(carried, e->evidence, sizeof carried);
    for (unsigned round = 0; round < UB_MAX_ROUNDS; round++) {
        if (round > 0) memcpy(e->evidence, evidence0, sizeof evidence0);
        unsigned fffd_before = ub_count_fffd(t, tlen);
        int changed = 0;
        for (unsigned layer = 0; layer < e->max_layers; layer++) {
            e->nreg = 0;
            e->nqreg = 0;
            e->chunk = t;
            e->chunk_len = tlen;
            e->halfwidth_kana = ub_text_has_halfwidth_kana(t, tlen);
            e->quiet_gb[0] = e->quiet_gb[1] = 0;
            if (layer == 0) {
                if (ub_regions_of_runs(e, t, tlen)) return UNBAKE_ERR_NOMEM;
            } else {
                /* the runs the previous pass changed; not those it turned
                 * into U+FFFD (锟斤拷 undone): what lies under them is GBK
                 * text read as UTF-8, whose marks are destroyed characters,
                 * not lost bytes of another layer */
                for (size_t k = 0; k < e->nedits2; k++)
                    if (e->edits2[k].out_len && !e->edits2[k].bared_fffd &&
                        ub_region_add_span(e, t, tlen, e->edits2[k].out_off,
                                           (size_t)e->edits2[k].out_off + e->edits2[k].out_len))
                        return UNBAKE_ERR_NOMEM;
            }
            if (e->nreg == 0) break;
            ub_buf *next = &e->text[cur];
            e->layer = layer;
            long ne = run_pass(e, t, tlen, next);
            if (ne < 0) return UNBAKE_ERR_NOMEM;
            if (ne == 0) break;
            if (ub_compose(e)) return UNBAKE_ERR_NOMEM;
            t = next->data;
            tlen = next->len;
            cur ^= 1;
            changed = 1;
        }
        if (round == 0) memcpy(carried, e->evidence, sizeof carried);
        if (!changed || ub_count_fffd(t, tlen) > fffd_before) break;
    }
    memcpy(e->evidence, carried, sizeof carried);
    if (ub_debug_fills(e, src, len)) return UNBAKE_ERR_NOMEM;
    const uint8_t *final = t;
    size_t final_len = tlen;
    if (same && (final == src || (opt->flags & UNBAKE_FLAG_DRY_RUN)))
        *same = 1;
    else if (ub_buf_append(e->alloc, out, (opt->flags & UNBAKE_FLAG_DRY_RUN) ? src : final,
                           (opt->flags & UNBAKE_FLAG_DRY_RUN) ? len : final_len))
        return UNBAKE_ERR_NOMEM;
    for (size_t k = 0; k < e->nedits; k++) {
        ub_edit *ed = &e->edits[k];
        /* A repair whose result holds more U+FFFD than its source undid
         * damage that had destroyed characters (锟斤拷 -> U+FFFD U+FFFD): it
         * is reported as irrecoverable, with the characters lost. */
        unsigned lost = ub_count_fffd(final + ed->out_off, ed->out_len);
        unsigned had = ub_count_fffd(src + ed->in0, (size_t)(ed->in1 - ed->in0));
        if (ed->kind == UNBAKE_FIX_REPAIR && lost > had &&
            !(opt->flags & UNBAKE_FLAG_NO_DAMAGE_REPORT)) {
            ed->kind = UNBAKE_FIX_IRRECOVERABLE;
            ed->lost_chars = lost - had;
        }
        if (ed->kind == UNBAKE_FIX_REPAIR) stats->repairs++;
        else if (ed->kind == UNBAKE_FIX_DECODED) stats->decoded++;
        else stats->irrecoverable++;
        stats->guessed_bytes += ed->guessed;
        if (!opt->on_fix) continue;
        /* NUL-terminated copies for the callback */
        size_t need = (size_t)(ed->in1 - ed->in0) + ed->out_len + ed->hyp_len + ed->detail_len + 4;
        e->scratch.len = 0;
        if (ub_buf_reserve(e->alloc, &e->scratch, need)) return UNBAKE_ERR_NOMEM;
        char *s = (char *)e->scratch.data;
        char *before = s;
        memcpy(before, src + ed->in0, (size_t)(ed->in1 - ed->in0));
        before[ed->in1 - ed->in0] = 0;
        char *after = before + (ed->in1 - ed->in0) + 1;
        memcpy(after, final + ed->out_off, ed->out_len);
        after[ed->out_len] = 0;
        char *hyp = after + ed->out_len + 1;
        memcpy(hyp, e->edit_text.data + ed->hyp_off, ed->hyp_len);
        hyp[ed->hyp_len] = 0;
        char *detail = hyp + ed->hyp_len + 1;
        memcpy(detail, e->edit_text.data + ed->detail_off, ed->detail_len);
        detail[ed->detail_len] = 0;
        unbake_fix f;
        memset(&f, 0, sizeof f);
        f.kind = (unbake_fix_kind)ed->kind;
        f.in_offset = in_base + ed->in0;
        f.in_len = (size_t)(ed->in1 - ed->in0);
        f.out_offset = out_base + ed->out_off;
        f.out_len = ed->out_len;
        f.before = before;
        f.after = after;
        f.hypothesis = hyp;
        f.layers = ed->layers;
        f.guessed_bytes = ed->guessed;
        f.lost_chars = ed->lost_chars;
        f.confidence = ed->confidence;
        f.detail = ed->detail_len ? detail : NULL;
        opt->on_fix(&f, opt->user);
    }
    return UNBAKE_OK;
}
