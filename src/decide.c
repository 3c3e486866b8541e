/*
 * Decisions (DESIGN.md section 3.6). A candidate segment is taken when its
 * gain in plausibility beats a margin that grows with the guessing it needs
 * and shrinks with the document's evidence for the same hypothesis:
 *
 *   pass 1  every segment of the window is scored; segments that win by a
 *           wide margin over several characters count as strong evidence for
 *           their codec (`鈥` + `渁`, `Ã©`, `縺`...);
 *   pass 2  the margin of every segment is lowered by that evidence, so a
 *           weak run (a lone `小` before `hurch`) is repaired in an article
 *           full of GBK repairs and left alone elsewhere.
 *
 * Overlapping accepted segments of different codecs are resolved by gain
 * plus the evidence for their codecs; equal ones go to the codec listed
 * first in codec.h (the most common).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lm.h"
#include "lost_punct.h"
#include "script.h"
#include "utf8.h"

/* Margins, in bits of plausibility. */
#define UB_MARGIN_BASE 3.0f
#define UB_MARGIN_SHORT 2.0f      /* one unit of at most two characters */
#define UB_MARGIN_GAP 3.0f        /* a byte dropped without a trace */
#define UB_MARGIN_MARKED 1.0f     /* a byte behind U+FFFD or '?' */
#define UB_MARGIN_NBSP 2.0f
#define UB_MARGIN_UNDECIDED 1.0f
#define UB_STRONG_GAIN 15.0f      /* gain that makes a segment evidence */
#define UB_EVIDENCE_SCALE 2.5f
#define UB_EVIDENCE_CAP 10.0f
/* Every unit needed a byte guessed from nothing (a gap or a space): alone,
 * that is no evidence of damage at all (`Δt` is not `ğt`), so it takes the
 * document's evidence (UB_WEAK_MIN_EVIDENCE, engine.h) to accept. */
#define UB_MARGIN_WEAK 8.0f
/* A second layer of damage under the first is rarer than one layer: a
 * repaired text that still looks repairable must show it clearly. */
#define UB_MARGIN_INNER_LAYER 6.0f
/* A legacy-to-legacy reading leaves no marks at all (no U+FFFD, no lone
 * bytes): it must win clearly, and by this much per character (Bulgarian
 * read as windows-1252 shows `íà çàïèñ`, letters that Hungarian or
 * Portuguese have too, and wins by about 3 bits a character: 3.5 refused
 * whole lines of it; 2.5 moved no clean catalogue). */
#define UB_MARGIN_LEGACY 4.0f
#define UB_LEGACY_BITS_PER_CHAR 2.5f
/* ... but between two Cyrillic code pages (cp1251 read as KOI8-R and
 * back) both readings are Cyrillic letters, permuted and with their case
 * flipped: per letter the true reading wins by far less than it does over
 * Latin-1 symbols, and clean Russian read the other way loses by far more
 * than this (measured on the development set and the clean corpus). */
#define UB_LEGACY_BITS_PER_CHAR_CYRILLIC 1.0f
#define UB_LEGACY_PRIOR 6.0f
/* A window-wide reading (legacy_cp437.c) pays the base margin and the
 * priors once, or this much per character it changes if that is more: its
 * gain is a sum over the window, and a window of many weak changes must
 * still earn each. */
#define UB_GROUP_BITS_PER_CHAR 1.0f

/* Prior-free scores of the original text of s (ub_score_prepare): several
 * codecs' segments cover the same span, and every segment is scored again
 * in each pass, so spans are cached (direct-mapped, per pass). */
static const float *orig_scores(ub_engine *e, const ub_seg *s, uint32_t left, uint32_t right,
                                int flags, float *context) {
    int nl = e->nlang;
    if (!e->spans) {
        e->spans = ub_malloc(e->alloc, UB_SPAN_CACHE * sizeof *e->spans);
        e->span_vec = ub_malloc(e->alloc, UB_SPAN_CACHE * sizeof(float) * (size_t)nl);
        if (!e->spans || !e->span_vec) {
            ub_decide_free(e);
            *context = ub_score_text(e, e->cp + s->start, s->end - s->start, left, right, flags,
                                     e->lang_a);
            return e->lang_a;
        }
        memset(e->spans, 0, UB_SPAN_CACHE * sizeof *e->spans);
    }
    uint32_t h = ((s->start * UB_HASH_MUL) ^ (s->end * 0x85EBCA6Bu) ^ (uint32_t)flags) >>
                 (32 - UB_SPAN_CACHE_BITS);
    ub_span_score *sp = &e->spans[h];
    float *v = e->span_vec + (size_t)h * (size_t)nl;
    if (sp->end == s->end && sp->start == s->start && sp->flags == (uint32_t)flags) {
        *context = sp->context;
        return v;
    }
    *context = ub_score_text(e, e->cp + s->start, s->end - s->start, left, right, flags, v);
    sp->start = s->start;
    sp->end = s->end;
    sp->flags = (uint32_t)flags;
    sp->context = *context;
    return v;
}

#define UB_SEG_VEC_MAX 4096 /* candidates' scores kept per pass (~360 KB) */

/* Prior-free scores of the candidate of s, kept with the segment: its
 * text changes between passes only where a lost byte is chosen again. */
static const float *cand_scores(ub_engine *e, ub_seg *s, uint32_t left, uint32_t right, int flags,
                                float *context) {
    size_t nl = (size_t)e->nlang, stride = nl + 1;
    float *v;
    if (s->vec_slot) {
        v = e->seg_vec + (size_t)(s->vec_slot - 1) * stride;
        if (s->hole_n == 0) {
            *context = v[nl];
            return v;
        }
    } else {
        void *p = e->seg_vec;
        /* bounded: a window of clean Latin text makes 100,000 segments,
         * and memory stays flat whatever the input (the rest are scored
         * again when asked; twice the bound saved 7% of the instructions
         * on cp1252 mojibake for 3 MB of peak RSS at -j2) */
        if (e->nseg_vec >= UB_SEG_VEC_MAX ||
            ub_grow(e->alloc, &p, &e->cap_seg_vec, (e->nseg_vec + 1) * stride, sizeof(float))) {
            *context = ub_score_text(e, e->dec + s->dec_off, s->dec_n, left, right, flags,
                                     e->lang_b);
            return e->lang_b;
        }
        e->seg_vec = p;
        v = e->seg_vec + e->nseg_vec * stride;
        s->vec_slot = (uint32_t)++e->nseg_vec;
    }
    *context = ub_score_text(e, e->dec + s->dec_off, s->dec_n, left, right, flags, v);
    v[nl] = *context;
    return v;
}

void ub_decide_reset(ub_engine *e) {
    e->nseg_vec = 0;
    if (e->spans) memset(e->spans, 0, UB_SPAN_CACHE * sizeof *e->spans);
}

void ub_decide_free(ub_engine *e) {
    ub_free(e->alloc, e->seg_vec, e->cap_seg_vec * sizeof(float));
    ub_free(e->alloc, e->spans, UB_SPAN_CACHE * sizeof *e->spans);
    ub_free(e->alloc, e->span_vec, UB_SPAN_CACHE * sizeof(float) * (size_t)e->nlang);
    e->seg_vec = NULL;
    e->nseg_vec = e->cap_seg_vec = 0;
    e->spans = NULL;
    e->span_vec = NULL;
}

/* The prior-free scores of the original text of s and of its candidate
 * (per language, and the context each adds), as seg_gain compares them. */
static void seg_scores(ub_engine *e, ub_seg *s, const float **ov, float *octx, const float **cv,
                       float *cctx) {
    const ub_region *r = &e->reg[s->region];
    uint32_t left = s->start > r->c0 ? e->cp[s->start - 1] : 0;
    uint32_t right = s->end < r->c1 ? e->cp[s->end] : 0;
    /* legacy-to-legacy readings can flip letter case (KOI8-R and
     * windows-1251), and capitals are rarer in any corpus: compare them
     * case-folded, so that `ХРАНИЛИЩЕ` is not `итбоймйэе` and `ÀÁÂ` is not
     * `АБВ` */
    int fold = s->right ? UB_SCORE_FOLD : 0;
    *ov = orig_scores(e, s, left, right, 1 | fold, octx);
    *cv = cand_scores(e, s, left, right, fold, cctx);
}

/* gain less the priors a reading that is no group's pays: its codec's,
 * and where a UTF-8 reading and a legacy one compete, UTF-8 is the far
 * more common truth. (A window-wide reading pays them once, as a group.) */
static float pay_codec_priors(const ub_seg *s, float gain) {
    if (s->group) return gain;
    gain -= ub_codec_prior_bits((ub_codec_id)s->codec);
    return s->right ? gain - UB_LEGACY_PRIOR : gain;
}

static void seg_gain(ub_engine *e, ub_seg *s, const float *prior) {
    float octx, cctx;
    const float *ov, *cv;
    seg_scores(e, s, &ov, &octx, &cv, &cctx);
    float orig = ub_score_best(e, ov, prior) - octx;
    float cand = ub_score_best(e, cv, prior) - cctx;
    /* the typographic context that chose each lost byte speaks for the
     * reading as a whole: between two codecs that both repair `â€%sâ€™`,
     * the one whose lost byte can be the ‘ that ’ closes is the better */
    for (uint32_t i = 0; i < s->hole_n; i++) {
        const ub_hole *h = &e->holes[s->hole_off + i];
        uint32_t got = e->dec[h->dec_index];
        /* a character whose two or three bytes the text shows as '?' (U+FFFD
         * saved back) is the same lost character, marked as the standard
         * marks it: inside a run of damage it costs the reading nothing the
         * `??` did not, and a U+FFFD is an unknown character to every model.
         * One mark, or a unit alone (`“?”`, `??，` read as Shift_JIS), may
         * be clean text. A mark the search names (`на??ина??`: начиная) is
         * the same hole: its character's own rarity is not the reading's,
         * or the reading whose holes are decided would lose to one whose
         * holes are not */
        int marked = h->kind == UB_H_QMARK && h->nbytes >= 2 && s->units >= 2;
        if (got != e->hole_replacement) {
            cand += h->context_bits;
            if (marked) {
                float own = got < 0x80 ? 0.0f : ub_score_best_logp(e, got); /* ASCII costs 0 */
                cand -= UB_LM_FLOOR - UB_SCORE_REPLACEMENT_LOGP + own;
            }
        } else if (marked) {
            cand -= UB_LM_FLOOR;
        }
    }
    cand += s->context_bits;
    s->gain = pay_codec_priors(s, cand - orig);
}

/* Units whose repair rests on a byte guessed from nothing (a gap or a
 * space), other than signature punctuation; none where the segment holds a
 * C1 control glibc's decoder kept (ub_seg_kept_c1). */
static uint16_t count_weak_units(const ub_engine *e, const ub_seg *s) {
    if (ub_seg_kept_c1(e, s)) return 0;
    uint16_t n = 0, last = 0;
    for (uint32_t i = 0; i < s->hole_n; i++) {
        const ub_hole *h = &e->holes[s->hole_off + i];
        if (h->kind != UB_H_GAP && h->kind != UB_H_NBSP) continue;
        if (ub_signature_punct(e->dec[h->dec_index])) continue;
        if (h->unit != last) n++;
        last = h->unit;
    }
    return n;
}

static int cyrillic_codec(int c) {
    return c == UB_CP1251 || c == UB_KOI8_R || c == UB_KOI8_U || c == UB_CP866 ||
           c == UB_ISO8859_5;
}

static void seg_margin(ub_engine *e, ub_seg *s) {
    s->weak_units = count_weak_units(e, s);
    if (s->group) {
        s->margin = UB_GROUP_BITS_PER_CHAR * (float)s->orig_nonascii;
        return;
    }
    float margin = UB_MARGIN_BASE;
    if (e->layer > 0) margin += UB_MARGIN_INNER_LAYER;
    if (s->right) {
        /* per character, too: a true legacy mix-up is implausible letter by
         * letter (`Ïðèâåò`), an alphabet listing `ÀÁÂÃÄÅ` only as a whole */
        margin += UB_MARGIN_LEGACY;
        float bits = cyrillic_codec(s->codec) && cyrillic_codec((ub_codec_id)(s->right - 1))
                         ? UB_LEGACY_BITS_PER_CHAR_CYRILLIC
                         : UB_LEGACY_BITS_PER_CHAR;
        float per_char = bits * (float)s->orig_nonascii;
        if (per_char > margin) margin = per_char;
    }
    if (s->weak_units == s->units) margin += UB_MARGIN_WEAK;
    if (s->units == 1 && s->orig_nonascii <= 2) margin += UB_MARGIN_SHORT;
    for (uint32_t i = 0; i < s->hole_n; i++) {
        const ub_hole *h = &e->holes[s->hole_off + i];
        switch (h->kind) {
        case UB_H_GAP: margin += UB_MARGIN_GAP; break;
        case UB_H_NBSP: margin += UB_MARGIN_NBSP; break;
        default: margin += UB_MARGIN_MARKED; break;
        }
        if (!h->decided) margin += UB_MARGIN_UNDECIDED;
    }
    s->margin = margin;
}

void ub_decide_score(ub_engine *e, ub_seg *s) {
    seg_gain(e, s, NULL);
    seg_margin(e, s);
}

static int is_strong(const ub_seg *s) {
    return !s->group && s->gain >= UB_STRONG_GAIN && s->orig_nonascii >= 2;
}

/* The most seg_gain can give segment s under any prior, when s has no
 * hole (its text then does not depend on the prior: lost.c fills holes
 * with it) and is no group's; +INFINITY for the others. seg_gain takes
 * best(c + p) - best(o + p), each the best language's score; with L the
 * language best for c + p, best(o + p) >= o_L + p_L, so the difference is
 * at most c_L - o_L, whatever p: max over L of (c_L - o_L) bounds it. The
 * rest of the gain does not depend on the prior. */
static float gain_bound(ub_engine *e, ub_seg *s) {
    if (s->hole_n || s->group) return INFINITY;
    float octx, cctx;
    const float *ov, *cv;
    seg_scores(e, s, &ov, &octx, &cv, &cctx);
    float diff = e->nlang == 0 ? 0.0f : -INFINITY;
    for (int L = 0; L < e->nlang; L++)
        if (cv[L] - ov[L] > diff || isnan(cv[L] - ov[L])) diff = cv[L] - ov[L];
    float g = pay_codec_priors(s, diff - cctx + octx + s->context_bits);
    /* float sums round apart from this one: a hair of slack */
    return isnan(g) ? INFINITY : g + 0.01f;
}

/* Is every segment of the window refused whatever the language prior: no
 * group, no hole, none deferred whose codec the carried evidence vouches
 * for, each one's gain_bound under its need and under UB_STRONG_GAIN (so
 * no segment is strong evidence and the needs are known now)? Then
 * ub_decide_accept has nothing to score with the prior, and the prior
 * (prior.c reads every character of the window) is not made: clean
 * text with a few symbols or quoted CJK words in it is most windows. */
static int refused_without_prior(ub_engine *e) {
    for (size_t i = 0; i < e->nsegs; i++) {
        ub_seg *s = &e->segs[i];
        float ev = e->layer == 0 ? e->evidence[s->codec] : 0.0f;
        if (s->group || s->hole_n) return 0;
        if (s->deferred) {
            if (ev >= UB_WEAK_MIN_EVIDENCE) return 0;
            continue;
        }
        if (s->margin == INFINITY) { /* never scored again */
            if (is_strong(s)) return 0;
            continue;
        }
        float bonus = UB_EVIDENCE_SCALE * log2f(1.0f + ev);
        if (bonus > UB_EVIDENCE_CAP) bonus = UB_EVIDENCE_CAP;
        float g = gain_bound(e, s);
        if (!(g <= s->margin - bonus) || (g >= UB_STRONG_GAIN && s->orig_nonascii >= 2)) return 0;
    }
    return 1;
}

/* Does the segment rest on marks alone: every character it replaces that
 * is not ASCII a U+FFFD? Nothing of the text it restores survives, and
 * only the shape of the marks speaks for the codec: runs that fit lost
 * punctuation whole (engine.h, punct_marks) do; `a ���� b` alone does not
 * (it read as `する`, or `··`). */
static int marks_only(const ub_engine *e, const ub_seg *s) {
    if (s->right) return 0;
    for (uint32_t k = s->start; k < s->end; k++)
        if (e->cp[k] >= 0x80 && e->cp[k] != 0xFFFD) return 0;
    return 1;
}

/* The segments of a window-wide reading (ub_seg.group; all of one codec
 * pair) are accepted or refused together: their gains summed, the codec's
 * and the legacy prior paid once, against the base margin or, for many
 * characters, their per-character margins. An accepted reading is evidence
 * for its codec. */
static void decide_group(ub_engine *e, float *strong, uint8_t group) {
    float gain = 0.0f, margin = 0.0f;
    int codec = -1, bare = 1;
    for (size_t i = 0; i < e->nsegs; i++) {
        const ub_seg *s = &e->segs[i];
        if (s->group != group) continue;
        gain += s->gain;
        margin += s->margin;
        codec = s->codec;
        bare = bare && marks_only(e, s);
    }
    if (codec < 0) return;
    /* no UB_MARGIN_LEGACY: the reading is tried only where some character
     * gives it away (legacy_cp437.c, telltale) */
    if (margin < UB_MARGIN_BASE) margin = UB_MARGIN_BASE;
    gain -= ub_codec_prior_bits((ub_codec_id)codec) + UB_LEGACY_PRIOR;
    float ev = strong[codec] + (e->layer == 0 ? e->evidence[codec] : 0.0f);
    float bonus = UB_EVIDENCE_SCALE * log2f(1.0f + ev);
    if (bonus > UB_EVIDENCE_CAP) bonus = UB_EVIDENCE_CAP;
    float need = margin - bonus;
    float confidence = 1.0f / (1.0f + exp2f(-(gain - need) / 2.0f));
    int accepted = gain > need && confidence >= (float)e->min_confidence;
    /* runs of marks alone, as marks_only says */
    if (bare && !e->punct_marks && ev < UB_WEAK_MIN_EVIDENCE) accepted = 0;
    for (size_t i = 0; i < e->nsegs; i++) {
        ub_seg *s = &e->segs[i];
        if (s->group != group) continue;
        s->accepted = (uint8_t)accepted;
        s->confidence = confidence;
        /* against other codecs' segments over the same characters
         * (by_backed_gain) each segment stands with the priors the group
         * paid */
        s->gain -= ub_codec_prior_bits((ub_codec_id)codec) + UB_LEGACY_PRIOR;
        s->backed = s->gain + bonus;
        if (accepted && s->orig_nonascii >= 2) strong[codec] += 1.0f;
    }
}

/* Is s one character (CJK, or a symbol of a double-byte code page such as
 * `①`) read as one whole unit (no byte lost: `鈥 ` before a list item is
 * the lead of `•`), with no letter or digit on either side (a space,
 * punctuation or a line's edge)? Genuine text has such characters in
 * lists, tables and headings (`茅` is `é` in GBK, `閨` `б` in EUC-KR, `郅`
 * `л` in Big5, `"①"` in an X11 Compose file `"ơ"` in Big5), and mojibake
 * leaves one so only where more of it stands in the window (`и` read as
 * Big5 between the words of a Russian text): like a guess from nothing, it
 * needs the document to vouch for the codec. Glued to a letter or a number
 * it is a piece of a word's damage (`caf茅`, `49掳`, `小hurch` with
 * evidence). */
static int lone_char(const ub_engine *e, const ub_seg *s) {
    /* one character, non-ASCII: a unit holding an ASCII trail byte is two */
    if (s->group || s->right || s->units != 1 || s->orig_nonascii != 1 || s->hole_n ||
        s->end - s->start != 1)
        return 0;
    const ub_region *r = &e->reg[s->region];
    uint32_t left = s->start > r->c0 ? e->cp[s->start - 1] : '\n';
    uint32_t right = s->end < r->c1 ? e->cp[s->end] : '\n';
    for (int side = 0; side < 2; side++) {
        uint32_t c = side ? right : left;
        ub_script sc = ub_script_of(c);
        if (sc == UB_SC_DIGIT || (sc >= UB_SC_LATIN && sc <= UB_SC_HANGUL)) return 0;
    }
    return 1;
}

/* The evidence carried on: it fades over windows, but a long article keeps
 * its prior (the outer layer's alone). */
static void fade_evidence(ub_engine *e, const float *strong) {
    for (int c = 0; c < UB_CODEC_COUNT && e->layer == 0; c++)
        e->evidence[c] = 0.5f * e->evidence[c] + strong[c];
}

int ub_decide_accept(ub_engine *e) {
    float strong[UB_CODEC_COUNT] = {0};
    void *p = e->taken;
    if (ub_grow(e->alloc, &p, &e->cap_taken, e->n + 1, 1)) return -1;
    e->taken = p;
    if (e->nsegs && !e->always_prior && refused_without_prior(e)) {
        e->prior_skips++;
        /* what the rest of this function would conclude: nothing taken,
         * nothing strong, the evidence fading */
        for (size_t i = 0; i < e->nsegs; i++) e->segs[i].accepted = 0;
        fade_evidence(e, strong);
        return ub_decide_overlaps(e);
    }
    if (e->nsegs) {
        if (ub_context_prior(e)) return -1;
        for (size_t i = 0; i < e->nsegs; i++) {
            ub_seg *s = &e->segs[i];
            if (s->margin == INFINITY || s->deferred) continue;
            const float *prior = ub_segment_prior(e, s);
            if (s->hole_n) {
                if (ub_lost_choose(e, s, prior)) return -1;
                seg_margin(e, s);
            }
            seg_gain(e, s, prior);
        }
    }
    for (size_t i = 0; i < e->nsegs; i++)
        if (is_strong(&e->segs[i])) strong[e->segs[i].codec] += 1.0f;
    /* the searches put off (late.c) for codecs the window now vouches for:
     * their segments rest on blind guesses, worked out below */
    uint32_t vouched = 0;
    for (int c = 0; c < UB_CODEC_COUNT; c++)
        if (((e->late_codecs >> c) & 1u) &&
            strong[c] + (e->layer == 0 ? e->evidence[c] : 0.0f) >= UB_WEAK_MIN_EVIDENCE)
            vouched |= 1u << c;
    if (vouched) {
        size_t n0 = e->nsegs;
        if (ub_late_search(e, vouched) || ub_late_order(e, n0)) return -1;
    }
    /* Segments that rest on blind guesses only are worked out now, and only
     * for codecs the document vouches for: most such candidates (a hanzi
     * whose bytes start like UTF-8) never reach the costly search. */
    for (size_t i = 0; i < e->nsegs; i++) {
        ub_seg *s = &e->segs[i];
        if (!s->deferred) continue;
        float ev = strong[s->codec] + (e->layer == 0 ? e->evidence[s->codec] : 0.0f);
        if (ev < UB_WEAK_MIN_EVIDENCE) continue;
        if (s->lean) {
            /* every segment of this region and codec was made by one search,
             * in a row here: make their guesses again in one go */
            size_t j = i + 1;
            while (j < e->nsegs && e->segs[j].region == s->region && e->segs[j].codec == s->codec &&
                   !e->segs[j].right && e->segs[j].start >= e->segs[j - 1].start)
                j++;
            if (ub_hyp_rebuild(e, s, j - i)) return -1;
            if (s->lean) continue; /* not found again: cannot happen; stays out */
        }
        const float *prior = ub_segment_prior(e, s);
        if (ub_lost_choose(e, s, prior)) return -1;
        seg_margin(e, s);
        seg_gain(e, s, prior);
        s->deferred = 0;
    }
    for (size_t i = 0; i < e->nsegs; i++) {
        ub_seg *s = &e->segs[i];
        /* evidence carried from earlier windows speaks for the outer layer */
        float ev = strong[s->codec] + (e->layer == 0 ? e->evidence[s->codec] : 0.0f);
        float bonus = UB_EVIDENCE_SCALE * log2f(1.0f + ev);
        if (bonus > UB_EVIDENCE_CAP) bonus = UB_EVIDENCE_CAP;
        float need = s->margin - bonus;
        s->backed = s->gain + bonus;
        float x = (s->gain - need) / 2.0f;
        s->confidence = 1.0f / (1.0f + exp2f(-x));
        s->accepted = !s->deferred && s->gain > need && s->confidence >= (float)e->min_confidence;
        /* genuine CJK on both sides vouches for the text between */
        if (s->accepted && ub_genuine_sandwich(e, s)) s->accepted = 0;
        /* guesses from nothing need the document to vouch for the codec */
        if (s->weak_units == s->units && ev < UB_WEAK_MIN_EVIDENCE) s->accepted = 0;
        /* ... and so does one character standing alone */
        if (s->accepted && lone_char(e, s) && ev < UB_WEAK_MIN_EVIDENCE) s->accepted = 0;
        /* ... and so do marks alone, unless their runs fit lost punctuation */
        if (s->accepted && !s->group && !e->punct_marks && ev < UB_WEAK_MIN_EVIDENCE &&
            marks_only(e, s))
            s->accepted = 0;
    }
    for (uint8_t g = UB_GROUP_NONE + 1; g < UB_GROUP_COUNT; g++) decide_group(e, strong, g);
    fade_evidence(e, strong);
    return ub_decide_overlaps(e);
}
