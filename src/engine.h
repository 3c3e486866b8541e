/*
 * The repair engine: one call repairs one chunk (a window of the stream).
 * Internal structures shared by engine.c (orchestration), hypothesis.c
 * (re-encoding under a wrong codec, unit search), lost.c (lost-byte
 * candidates), score.c (plausibility) and decide.c (segments, evidence,
 * selection). Pipeline and terms follow DESIGN.md section 3.
 */
#ifndef UNBAKE_ENGINE_H
#define UNBAKE_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "codec.h"
#include "unbake.h"

/* How a character of the damaged text re-encodes under a hypothesis. */
enum ub_char_kind {
    UB_K_NORMAL = 0, /* bytes known */
    UB_K_NONE,       /* no decoder of the codec produces it: breaks runs */
    UB_K_HOLE,       /* U+FFFD: one byte the decoder rejected */
    UB_K_QMARK,      /* '?': maybe a U+FFFD saved back in the legacy codec */
    UB_K_SPACE       /* ' ': maybe a lost no-break space 0xA0 */
};

/* How a lost byte showed up (for explanations and margins). */
enum ub_hole_kind {
    UB_H_REPLACED = 0, /* U+FFFD in the text */
    UB_H_QMARK,        /* '?' in the text */
    UB_H_GAP,          /* nothing in the text: the decoder dropped it */
    UB_H_NBSP          /* a plain space standing for 0xA0 */
};

#define UB_MAX_CANDIDATES 4096
#define UB_MAX_GAP_CANDIDATES 1024

/* In dec[]: a character slot that turned out to be empty (the space after a
 * lost no-break-space candidate was the no-break space itself). */
#define UB_DEC_SKIP 0x110000u
/* In cand[]: this candidate consumes the following space (it is 0xA0). */
#define UB_CAND_NBSP 0x80000000u
/* In cand[]: this candidate had a space after it, which the decoder took
 * with the candidate's last byte (glibc's GB18030 drops a lead and the
 * ASCII byte after it: `• CMake` read with iconv -c is `•CMake`). */
#define UB_CAND_EATEN 0x40000000u
#define UB_CAND_FLAGS (UB_CAND_NBSP | UB_CAND_EATEN)

/* How to list the candidates of a hole whose listing waits (unit_holes.c:
 * a hole guessed from nothing is listed only once its segment is known not
 * to wait for document evidence). */
typedef struct ub_hole_recipe {
    uint8_t fn;        /* which listing (unit_holes.c); 0: listed already */
    uint8_t codec;
    uint8_t kind;      /* enum ub_hole_kind */
    uint8_t nbsp;      /* gap: the no-break-space reading at the last place */
    uint8_t eaten;     /* gap: the reading of a last byte taken with a space
                          (2: only that reading; unit_holes.c) */
    uint8_t allowed;   /* gap: bit p, a byte may be missing at place p */
    int8_t len;        /* bytes of the character */
    int8_t pos[2];     /* places of the unknown bytes */
    uint8_t seq[4];    /* the character's known bytes */
    uint8_t lo[2], hi[2];
    int16_t next[2];   /* byte after each unknown one (-1: none known) */
    uint8_t pair_whole; /* two adjacent unknown bytes may also be a pair the
                           decoder dropped whole, any it leaves unmapped */
} ub_hole_recipe;

/* A lost byte (or two) inside one decoded character. */
typedef struct ub_hole {
    uint32_t dec_index;  /* index into the engine's dec[] */
    uint32_t cand_off;   /* candidates in cand[cand_off .. +cand_n) */
    uint32_t cand_n;
    uint8_t kind;        /* enum ub_hole_kind */
    uint8_t nbytes;      /* lost bytes in this character (1 or 2) */
    uint8_t shown;       /* not 0: candidates of several lengths, this many
                            bytes of each in the text (the lost ones are
                            the chosen character's length less these) */
    uint16_t unit;       /* index of its unit within the segment */
    uint8_t decided;     /* 1: the best candidate is clear enough to emit */
    uint8_t rescore;     /* chosen before the hole after it: choose again
                            once that one is known (lost.c) */
    uint8_t eaten;       /* the slot after it is a space the decoder took
                            with its last byte, or UB_DEC_SKIP (UB_CAND_EATEN) */
    uint8_t span_end;    /* the tail of a character lost where the garbled
                            span ended (unit_edges.c, ub_unit_cut_at_span_end) */
    float posterior;     /* probability of the chosen candidate */
    float margin_bits;   /* score of best minus runner-up */
    float context_bits;  /* typographic-context bonus of the chosen candidate */
    uint32_t top_cp[3];  /* best candidates, for explanations */
    float top_score[3];
    float paren_score[2]; /* scores of （ and ） (-inf: no candidate), for
                             pairing them (lost.c, pair_parens) */
    ub_hole_recipe pending; /* candidates not listed yet (cand_n is 0) */
} ub_hole;

/* Per-codec running state across the regions of a chunk. */
typedef struct ub_quote_state {
    int8_t open_double;      /* “ seen and not yet closed */
    int8_t open_single;
    int8_t open_corner;      /* 「 seen and not closed */
} ub_quote_state;

/* Punctuation whose UTF-8 leads are the classic signatures of this damage:
 * E2 80 (“ ” ‘ ’ — … •), E3 80 (。「」), EF BC (！（）：). Read as legacy
 * text those leads give characters real text almost never holds (`鈥`,
 * `銆`, `锛`, `â€`), so a lost last byte there is no blind guess. */
static inline int ub_signature_punct(uint32_t c) {
    return (c >= 0x2010 && c <= 0x2044) || (c >= 0x3001 && c <= 0x301F) ||
           (c >= 0xFF01 && c <= 0xFF1F);
}

/* A code point under every language model (score.c, ub_score_row). */
typedef struct ub_cp_row {
    uint32_t cp;        /* 0: empty slot */
    uint32_t known;     /* bit L: model L holds cp (half-width kana: its
                           full-width form) */
    uint32_t in_script; /* bit L: a letter of model L's script it lacks */
    uint8_t halfwidth;  /* 1: values are those of the full-width form */
    uint8_t fold_ascii; /* bit f: folded as ub_lm_bigram_fold() f says, it
                           is ASCII (score_memo.c) */
} ub_cp_row;

#define UB_CP_CACHE_BITS 13
#define UB_CP_CACHE_SIZE (1u << UB_CP_CACHE_BITS)

/* Scores of one text (ub_score_text), by content. */
typedef struct ub_text_score {
    uint64_t hash;        /* of the code points, left, right and flags */
    uint32_t n;           /* code points; 0: empty slot */
    float context;
} ub_text_score;

#define UB_TEXT_CACHE_BITS 11
#define UB_TEXT_CACHE_SIZE (1u << UB_TEXT_CACHE_BITS)

/* One model's value for one code point (ub_score_model_logp). */
typedef struct ub_model_memo {
    uint32_t key; /* kind << 26 | code point << 5 | model, + 1 (0: empty) */
    float logp;
} ub_model_memo;

#define UB_MODEL_MEMO_BITS 13
#define UB_MODEL_MEMO_SIZE (1u << UB_MODEL_MEMO_BITS)

/* Multiplier of the engine's small hash tables (Fibonacci hashing, 2^32 /
 * phi; the slot is the top bits of key * UB_HASH_MUL). */
#define UB_HASH_MUL 0x9E3779B1u

/* The last segment without guesses over a span (hypothesis.c,
 * share_text): a direct-mapped table of 2^UB_SHARE_BITS slots. */
typedef struct ub_share_slot {
    uint32_t region; /* + 1; 0: empty */
    uint32_t start, end, seg;
} ub_share_slot;
#define UB_SHARE_BITS 10

/* Cached prior-free score of an original span (decide.c). */
typedef struct ub_span_score {
    uint32_t start, end; /* end 0: empty */
    uint32_t flags;      /* the `generous` flags it was scored with */
    float context;
} ub_span_score;
#define UB_SPAN_CACHE_BITS 12
#define UB_SPAN_CACHE (1u << UB_SPAN_CACHE_BITS)

/* A candidate repair of chars [start, end) under one codec. */
/* Window-wide readings: their segments are accepted or refused together
 * (decide.c, decide_group). */
enum ub_group {
    UB_GROUP_NONE = 0,
    UB_GROUP_CP437,        /* windows-1252 read as CP437 (legacy_cp437.c) */
    UB_GROUP_HANGUL_SJIS,  /* Korean read as Shift_JIS (sjis_back.c) */
    UB_GROUP_HANGUL_CP932, /* ... as CP932 */
    UB_GROUP_CYRILLIC_SJIS,  /* Russian read as Shift_JIS */
    UB_GROUP_CYRILLIC_CP932, /* ... as CP932 */
    UB_GROUP_MARKS,          /* the first of marks_back.c's readings */
    UB_GROUP_COUNT = UB_GROUP_MARKS + 34
};

typedef struct ub_seg {
    uint32_t start, end;     /* char indices in the chunk text */
    uint32_t dec_off, dec_n; /* decoded code points in dec[] */
    uint32_t hole_off, hole_n;
    uint32_t region;         /* index into reg[] */
    uint8_t codec;
    uint8_t accepted;
    uint8_t deferred;        /* weak whatever the guess: scored only with evidence */
    uint8_t right;           /* 0: the text was UTF-8; else right codec id + 1 */
    uint8_t group;           /* not UB_GROUP_NONE: one of a window-wide
                                reading's segments (enum ub_group),
                                accepted or refused together (decide.c) */
    uint8_t lean;            /* deferred, its guesses dropped to save memory:
                                ub_hyp_rebuild() makes them again */
    uint8_t phase;           /* where the search made it (late.c): the codec
                                of a unit search, UB_PHASE_LEGACY,
                                UB_PHASE_WINDOW */
    uint16_t units;
    uint16_t weak_units;     /* units that needed an invisible (gap/nbsp) guess */
    ub_quote_state quotes;   /* quote state where the segment starts */
    uint32_t orig_nonascii;
    float context_bits;      /* typographic context of a legacy punctuation
                                reading (legacy.c), added to the gain */
    uint32_t vec_slot;       /* 0, or 1 + index of its candidate's scores in
                                seg_vec (decide.c), kept between passes */
    float gain;              /* score(candidate) - score(original), bits */
    float backed;            /* gain plus the document's evidence for the
                                codec: what overlapping readings compare */
    uint32_t rivals;         /* accepted: bit c, an accepted segment of codec
                                c overlaps it (decide.c, prefer_covering) */
    float margin;            /* gain needed to accept */
    float confidence;
} ub_seg;

/* ub_seg.phase beyond the codecs' own: legacy runs of a region (legacy.c),
 * then the window-wide readings (CP437, Shift_JIS and marks read back). */
#define UB_PHASE_LEGACY 30
#define UB_PHASE_WINDOW 31
_Static_assert(UB_PHASE_LEGACY >= 28, "phases after every codec's");

/* A search under a codec put off (late.c): of a whole region, or of one
 * of its lines (chars k0..k1 of the region), with the state of the quotes
 * it found and where the text was last read for them (qpos). */
typedef struct ub_late {
    uint32_t region;
    uint32_t k0, k1, qpos;
    uint8_t codec;
    ub_quote_state quotes;
} ub_late;

/* Strong repairs of a codec (this window's, plus the decayed count carried
 * from earlier ones) it takes before segments resting on blind guesses are
 * worked out and accepted (decide.c; run_pass skips codecs below it). */
#define UB_WEAK_MIN_EVIDENCE 2.0f
/* Rounds of repair over a window before its output is taken as final
 * (engine.c): one to repair, one to find nothing more, rarely a third. */
#define UB_MAX_ROUNDS 4

/* The chunk as characters: only regions around non-ASCII bytes are decoded
 * (clean ASCII between them is never looked at twice). */
typedef struct ub_region {
    uint32_t c0, c1;         /* chars [c0, c1) */
    uint32_t b0, b1;         /* bytes [b0, b1) of the chunk */
    uint32_t blk0;           /* first prior block (decide.c) */
    uint32_t codecs;         /* codecs whose units can start in the region */
    uint32_t sure;           /* ... of which a unit can rest on bytes present
                                (not on a blind guess): see region_codecs */
    uint32_t legacy;         /* wrong codecs of a possible legacy run */
    uint8_t noisy;           /* regions.c: some run of it is no quiet
                                genuine CJK (ub_genuine_quiet_run) */
    uint32_t quiet_gb[2];    /* ... the eating_gb counts of its quiet runs
                                (engine.c, ub_gb_eat_pairs) */
    uint8_t fffd;            /* the region holds a U+FFFD or 锟 */
    uint32_t signature;      /* codecs writing some character of it with
                                E2, E3 or EF first, and able to lose the
                                byte after: a unit from it may be signature
                                punctuation, no blind guess (unit_holes.c,
                                may_be_signature) */
    uint8_t quote_chars;     /* ... a quotation mark whose state the unit
                                search carries (hypothesis.c, late.c) */
    uint8_t qmark;           /* ... a '?' beside a non-ASCII character: a
                                U+FFFD saved back in a legacy code page */
    uint32_t parent;         /* index in preg of the region it was cut from
                                (genuine.c) */
} ub_region;


/* One replacement applied by a pass, in that pass's input coordinates. */
typedef struct ub_edit {
    uint64_t in0, in1;       /* span in the ORIGINAL chunk */
    uint32_t out_off, out_len; /* replacement text in edit_text */
    uint32_t hyp_off, hyp_len; /* hypothesis chain text in edit_text */
    uint32_t detail_off, detail_len;
    uint16_t layers;
    uint16_t guessed;
    float confidence;
    uint8_t kind;            /* unbake_fix_kind */
    uint8_t bared_fffd;      /* its output holds more U+FFFD than its input */
    uint32_t lost_chars;
} ub_edit;

typedef struct ub_engine {
    const unbake_allocator *alloc;
    uint32_t codec_mask;     /* codecs to consider */
    unsigned max_layers;
    double min_confidence;
    uint32_t hole_replacement;
    unsigned flags;

    /* chunk text */
    uint32_t *cp; uint32_t *off; uint8_t *blen; size_t n, cap_cp, cap_off, cap_blen;
    ub_region *reg; size_t nreg, cap_reg;
    /* the regions as found, before genuine CJK text was cut out of them
     * (genuine.c): the language prior reads all their text (decide.c) */
    ub_region *preg; size_t npreg, cap_preg;
    /* the regions of layer 0 that held only quiet genuine CJK text
     * (ub_genuine_quiet_run): never decoded nor read; the language prior
     * (decide.c) and glibc's GB18030 test (engine.c) count them still */
    ub_region *qreg; size_t nqreg, cap_qreg;
    uint32_t quiet_gb[2];    /* their eating_gb counts, summed */
    uint32_t *qcp; size_t cap_qcp; /* one run's characters (genuine.c) */
    int read_every_run;      /* tests: set no region aside as quiet, to show
                                that doing so changes no output */
    ub_late *late; size_t nlate, cap_late; /* searches put off (late.c) */
    uint32_t late_codecs;    /* ... their codecs */
    ub_seg *late_segs; size_t cap_late_segs; /* late.c: scratch */
    uint8_t seg_phase;       /* ub_seg.phase of the segments made now */
    int try_every_region;    /* tests: put no search off (late.c) */
    unsigned long late_put_offs, late_runs; /* searches put off, and run late */
    unsigned long late_lines; /* ... of them, of a line alone */
    int always_prior;        /* tests: make the language prior even for a
                                window whose every segment is refused without
                                it (decide.c, refused_without_prior) */
    unsigned long prior_skips; /* windows decided without the prior */
    uint8_t *cls;            /* genuine.c: class of each BMP code point, by
                                need; NULL until first use */
    uint8_t *quiet; size_t cap_quiet; /* per char of the pass: genuine CJK
                                far from any sign of mojibake (genuine.c),
                                context only */
    const uint8_t *chunk; size_t chunk_len;

    /* re-encoding of one region under one codec */
    uint8_t *kind; uint32_t *bstart; size_t cap_kind, cap_bstart;
    uint8_t *bytes; size_t nbytes, cap_bytes;
    /* hypothesis.c, encode_region: the region the three hold under a
     * single-byte code page (NULL: none), and its non-ASCII characters
     * other than U+FFFD; reset by whatever else writes bytes[] (legacy.c)
     * and by each pass */
    const ub_region *enc_region;
    uint32_t *enc_high; size_t nenc_high, cap_enc_high;
    /* genuine.c: per char of one region, near a sign of mojibake */
    uint8_t *live; size_t cap_live;
    int cjk_models[4], ncjk_models; /* Chinese, Japanese, Korean models */

    /* candidates */
    uint32_t *dec; size_t ndec, cap_dec;
    ub_hole *holes; size_t nholes, cap_holes;
    uint32_t *cand; size_t ncand, cap_cand;
    float *cand_score; size_t cap_cand_score;
    ub_share_slot share[1u << UB_SHARE_BITS]; /* hypothesis.c, share_text */
    ub_seg *segs; size_t nsegs, cap_segs;
    uint8_t *skip; size_t cap_skip; /* per char of the pass: how far the
                                next one that is not plain ASCII (non-ASCII,
                                '?', a line break) or e->n is, at most 255
                                (hypothesis.c skips the rest, under every
                                codec; a byte each keeps the window's
                                memory small) */
    uint8_t *taken; size_t cap_taken;   /* chars claimed by an accepted repair */

    /* every model's value of recently seen code points (score.c): a
     * character is looked up under 21 models each time a segment holding
     * it is scored, and segments overlap */
    ub_cp_row *cp_rows;      /* UB_CP_CACHE_SIZE rows; NULL until first use */
    ub_model_memo *model_memo; /* UB_MODEL_MEMO_SIZE slots; NULL until first use */
    ub_text_score *text_scores; /* UB_TEXT_CACHE_SIZE slots, nlang values each in
                                   text_vals; NULL until first use */
    float *text_vals;
    float *cp_vals;          /* nlang values per row */
    float *cp_lm;            /* ... and the models' own (score.c, row_lm) */
    int32_t *cp_rank;        /* ... and the letter's pair ranks (score_memo.c) */
    int32_t ascii_rank[128][32]; /* the same for ASCII, made when first needed */
    uint8_t ascii_fold[128];
    int ascii_ranked;
    /* scoring scratch: one float per language model */
    uint8_t lang_script[32]; /* main script of each model (ub_script) */
    uint32_t latin_langs;    /* bit L: lang_script[L] is Latin */
    uint32_t cp1252_langs;   /* ... and windows-1252 writes it (score.c) */
    uint8_t bg_fold[32];     /* ub_lm_bigram_fold() of each model */
    /* decide.c: the window's function words per language, counted once */
#define UB_FW_LANGS 16
    unsigned fw_hits[UB_FW_LANGS];
    int fw_counted;
    /* legacy.c: bit (codec * 2 + cyrillic) of the window: foreign letters
     * looked for / found (reset per pass) */
    uint64_t foreign_done, foreign;
    /* legacy.c: the window's Cyrillic letters by case (case_done: counted
     * this pass) */
    int case_done;
    size_t cyr_lower, cyr_upper;
    float *lang_a, *lang_b, *prior;  /* prior: chunk-level language prior */
    float *lang_rank;        /* lost.c: the models ranked for a segment's holes */
    float *blk_sum; size_t cap_blk_sum;     /* per prior block: nlang log-prob sums */
    uint32_t *blk_n; size_t cap_blk_n;      /* clean characters in each block */
    float *seg_prior;                       /* scratch: the prior of one segment */
    /* decide.c: prior-free scores (nlang values and the context cost) of
     * segments' candidates, and of original spans (several codecs' segments
     * cover the same text, and a segment is scored in every pass) */
    float *seg_vec; size_t nseg_vec, cap_seg_vec;
    ub_span_score *spans; float *span_vec; /* UB_SPAN_CACHE entries, lazily */
    int nlang;

    unsigned layer;          /* 0 for the outermost layer of damage */
    size_t cur_region;       /* region being searched (hypothesis.c) */
    int unit_pair_drop;      /* the last unit read ends where a pair was
                                dropped whole (unit_edges.c, ub_unit_pair_dropped) */
    int unit_cut_tail;       /* the last unit read ends in a character whose
                                tail was lost where the garbled span ended
                                (unit_edges.c, ub_unit_cut_at_span_end) */
    ub_seg *rebuild;         /* ub_hyp_rebuild(): the lean segments to fill,
                                in text order, NULL otherwise */
    size_t rebuild_n, rebuild_at;
    ub_quote_state quotes[UB_CODEC_COUNT];
    /* ub_codec_could_lose() for single-byte codecs: bit (b - 0x80) */
    uint64_t sb_lose[UB_CODEC_COUNT][2];
    uint32_t sb_lose_ready;  /* bit c: sb_lose[c] is filled */
    /* ub_codec_could_lose() for double-byte codecs, memoised per engine:
     * bit (b - 0x80) * 257 + (next + 1), valid once lose_ready bit is set */
    uint8_t *lose_bits[UB_CODEC_COUNT];
    /* ... and by columns: which bytes could be lost before a given next
     * byte (unit.c, lose_col) */
    uint64_t *lose_col[UB_CODEC_COUNT];
    struct ub_list_memo *list_memo; /* unit_holes.c: recent candidate
                                listings by recipe; NULL until first use */
    struct ub_cp_codecs *cp_codecs; /* regions.c: what region_codecs reads
                                of recent code points; NULL until first use */
    /* the pairs a double-byte codec leaves unmapped whose lead is a
     * continuation byte x (lose.c, unmapped_row): bit y - 0x80 of
     * pair_unmapped[c - UB_FIRST_MULTIBYTE][x - 0x80], y = 80..FF, valid
     * once that codec's bit of pair_unmapped_ready is set */
    uint64_t pair_unmapped[UB_CODEC_COUNT - UB_FIRST_MULTIBYTE][64][2];
    uint32_t pair_unmapped_ready;
    float evidence[UB_CODEC_COUNT];       /* strong repairs seen, decayed */
    int pair_marks;          /* the pass's text shows U+FFFD beside
                                characters only a browser's (ICU's, WHATWG's)
                                double-byte decoder writes (C1 controls,
                                the Private Use Area): a U+FFFD there
                                replaced a pair, not a byte (unit.c) */
    int punct_marks;         /* the pass's text shows U+FFFD only in runs
                                of two or three: whole characters a
                                double-byte decoder lost (regions.c) */
    int gb_eats;             /* the pass's text reads as glibc's GB18030
                                with -c, which takes the ASCII byte after a
                                lead it cannot pair (engine.c, eating_gb) */
    int halfwidth_kana;      /* the pass's text holds half-width katakana
                                (sjis_back.c): a window-wide reading, which
                                takes every run (genuine.c, regions.c) */
    int keep_c1;             /* the pass's text shows C1 controls (U+0080..
                                009F): its decoder read such bytes alone,
                                as glibc's do, so they were not lost
                                (ub_codec_could_lose_keeping_c1) */

    /* output of passes */
    ub_buf text[2];          /* layer texts (ping-pong) */
    ub_edit *edits; size_t nedits, cap_edits;
    ub_edit *edits2; size_t nedits2, cap_edits2;
    ub_buf edit_text;
    ub_buf scratch;          /* explanation strings */

    /* the characters of the pass's regions, counted (seen.c) */
    uint32_t *seen_cp;       /* UB_SEEN_SLOTS keys, 0: free */
    uint16_t *seen_n;
    size_t seen_used;
    int seen_built;          /* counted for this pass (decide.c) */
} ub_engine;

int ub_engine_init(ub_engine *e, const unbake_options *opt);
/* Forget what earlier chunks said of the document (the evidence carried
 * from window to window), as a new engine would; everything else an
 * engine keeps between chunks is a memo of its options, the code pages and
 * the models (stream.c, unbake_stream_reset). */
void ub_engine_reset(ub_engine *e);

/* lose.c: ub_codec_could_lose() through the engine's memo; on an
 * allocation failure it falls back to the direct computation. */
int ub_could_lose(ub_engine *e, ub_codec_id c, uint8_t b, int next);
/* The bytes x in [lo, hi] (0x80 <= lo <= hi <= 0xFF) codec c could have
 * lost before `next`, as a 128-bit mask (bit x - 0x80). `next` may be
 * UB_NEXT_PAIR_LEAD - n: x went with the next character's lead as one
 * unmapped pair, a lead of an n-byte UTF-8 character (n = 2..4; 0: any). */
#define UB_NEXT_PAIR_LEAD (-4)
void ub_lost_mask(ub_engine *e, ub_codec_id c, int next, unsigned lo, unsigned hi, uint64_t m[2]);
/* The continuation bytes y (bit y - 0x80) that make with continuation
 * byte x a pair codec c leaves unmapped, which glibc drops whole. */
uint64_t ub_pair_unmapped_cont(ub_engine *e, ub_codec_id c, uint8_t x);
/* ub_could_lose(e, c, x, next) for next = 0x80..0xBF (bit next - 0x80). */
uint64_t ub_lose_mask_cont(ub_engine *e, ub_codec_id c, uint8_t x);
/* Bits of x in [lo, hi] within word h of such a 128-bit mask. */
static inline uint64_t ub_range_bits(unsigned lo, unsigned hi, unsigned h) {
    unsigned base = 0x80 + 64 * h;
    if (hi < base || lo > base + 63) return 0;
    unsigned a = lo > base ? lo - base : 0, z = hi < base + 63 ? hi - base : 63;
    uint64_t upto = z == 63 ? ~0ull : (1ull << (z + 1)) - 1;
    return upto & ~((1ull << a) - 1);
}
/* Index of the lowest set bit of a non-zero word. */
static inline unsigned ub_lowest_bit(uint64_t m) {
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(m);
#else
    unsigned n = 0;
    while (!(m & 1u)) {
        m >>= 1;
        n++;
    }
    return n;
#endif
}
/* unit_holes.c: free the memo of candidate listings. */
void ub_unit_memo_free(ub_engine *e);

/* Sizes in bytes of one codec's memos (for freeing). */
size_t ub_lose_memo_size(void);
size_t ub_lose_col_size(void);
void ub_engine_free(ub_engine *e);

/* Repair `len` bytes; append the result to `out` and report fixes through
 * opt->on_fix with stream offsets in_base/out_base. When `same` is not
 * NULL and the output is `src` itself (nothing changed, or a dry run),
 * nothing is appended and *same is set to 1: the caller hands `src` out
 * (stream.c), one copy fewer for the text that is nearly all of a corpus.
 * Returns UNBAKE_OK or UNBAKE_ERR_NOMEM. */
unbake_status ub_engine_chunk(ub_engine *e, const uint8_t *src, size_t len,
                              uint64_t in_base, uint64_t out_base, ub_buf *out,
                              const unbake_options *opt, unbake_stats *stats, int *same);

/* detect.c: the decoding of a window that holds bytes that are not UTF-8
 * (from first_bad, ub_first_invalid_utf8): the output text goes to `out`,
 * one DECODED edit per changed run to e->edits2. Returns the number of
 * edits, or -1 on NOMEM. */
int ub_detect_decode(ub_engine *e, const uint8_t *src, size_t len, size_t first_bad, ub_buf *out);

/* hypothesis.c: append one code point to e->dec, one segment to e->segs
 * (-1 on NOMEM). */
int ub_push_dec(ub_engine *e, uint32_t cp);
int ub_push_seg(ub_engine *e, const ub_seg *s);

/* hypothesis.c: find the candidate segments of region r under codec c and
 * append them to e->segs (with decoded text, holes, gains). */
/* compose.c: fold the pass's edits2 into the cumulative edits. 0 or -1 on
 * NOMEM. */
int ub_compose(ub_engine *e);
/* compose.c: does byte off of the current text lie in the output of a
 * repair already made (e->edits)? */
int ub_edit_output_at(const ub_engine *e, size_t off);
/* damage.c: U+FFFD in p[0..n); runs of a debug fill pattern in the
 * original chunk src[0..len), added to e->edits as report-only
 * irrecoverable records (0, or -1 on NOMEM). */
unsigned ub_count_fffd(const uint8_t *p, size_t n);
int ub_debug_fills(ub_engine *e, const uint8_t *src, size_t len);

int ub_hyp_region(ub_engine *e, const ub_region *r, ub_codec_id c);
/* The search of ub_hyp_region over chars [k0, k1) of region r alone (a
 * line, or the whole region), the quotes read in the text from char qpos
 * on; lines are put off (late.c) when `put_off`. */
int ub_hyp_span(ub_engine *e, const ub_region *r, ub_codec_id c, size_t k0, size_t k1,
                size_t qpos, int put_off);
/* unit.c: try a unit of codec c starting at char k of the current region
 * (m chars, re-encoded by hypothesis.c); `follows`: it starts where another
 * unit ended, inside a run of damage. 0 with *k_end set, 1 when the bytes
 * are no UTF-8 under c, -1 on NOMEM. */
int ub_try_unit(ub_engine *e, ub_codec_id c, size_t m, size_t k, int follows, size_t *k_end);
/* Make again the guesses of the lean segments segs[0..n), all of one region
 * and codec and in text order (decide.c, when the document vouches for the
 * codec). Returns 0 or -1 on NOMEM. */
/* Is character k a C1 control that glibc's decoder for w let through
 * (the window keeps C1 controls, the outer layer, and no Latin-1 or
 * windows-1252 reading before it accounts for it)? (regions.c) */
int ub_glibc_c1_at(const ub_engine *e, size_t k, ub_codec_id w);
/* The segment holds a C1 control its codec's glibc decoder keeps: proof of
 * damage, so its gap guesses are not blind (hypothesis.c). */
int ub_seg_kept_c1(const ub_engine *e, const ub_seg *s);
int ub_hyp_rebuild(ub_engine *e, ub_seg *segs, size_t n);
/* unit_holes.c: list the candidates of a hole whose listing waited (a
 * guess from nothing, in a segment that turned out not to wait for
 * evidence); -1 on NOMEM. */
int ub_unit_list_pending(ub_engine *e, ub_hole *h);

/* legacy.c: legacy-to-legacy candidates (right codec not UTF-8) for the
 * wrong single-byte codecs in wrong_mask. */
int ub_legacy_region(ub_engine *e, const ub_region *r, uint32_t wrong_mask);
/* legacy_cp437.c: windows-1252 read as CP437, one reading of the whole
 * window (a segment per region, in one group). */
int ub_legacy_cp437(ub_engine *e);
/* regions.c: append a region to e->reg. */
int ub_add_region(ub_engine *e, const ub_region *r);
/* regions.c: the regions of layer 0, around the window's non-ASCII runs. */
int ub_regions_of_runs(ub_engine *e, const uint8_t *t, size_t len);
/* regions.c: a region around t[a, b) with context, or the last region
 * stretched over it when close. */
int ub_region_add_span(ub_engine *e, const uint8_t *t, size_t len, size_t a, size_t b);
/* regions.c: decode the regions' bytes into e->cp/off/blen (e->n chars). */
int ub_decode_regions(ub_engine *e, const uint8_t *t);
/* regions.c: r->codecs, r->sure, r->legacy, r->fffd and r->qmark. */
void ub_region_codecs(ub_engine *e, ub_region *r);
/* Can a unit of codec w on the line of region r that starts at char k0
 * (and ends at its '\n' or kmax) rest on bytes that are there, or start
 * signature punctuation (as r->sure and r->signature say of the whole
 * region)? 1 also when the line holds a hole mark or a quotation mark the
 * search reads; 0 with *end set to the line's end. */
int ub_line_sure(ub_engine *e, const ub_region *r, uint32_t k0, uint32_t kmax, ub_codec_id w,
                 uint32_t *end);
/* regions.c: free its memo of code points' encodings. */
void ub_regions_free(ub_engine *e);
/* genuine.c: e->preg takes the regions of the pass; e->reg becomes their
 * parts that could be mojibake (layer 0; regions with damage stay whole). */
int ub_genuine_split(ub_engine *e);
/* genuine.c: would ub_genuine_split cut all of the non-ASCII run t[a, b)
 * (between ASCII bytes or the window's edges) out of its region as quiet
 * genuine CJK? If so, returns the number of characters it leaves in
 * e->qcp: the run's, with the ASCII byte each side (0 at an edge); else 0,
 * or -1 on NOMEM. The caller has checked that no window-wide reading
 * applies (layer 0, CJK models, no half-width katakana). */
long ub_genuine_quiet_run(ub_engine *e, const uint8_t *t, size_t len, size_t a, size_t b);
/* engine.c: the counts glibc's GB18030 test (eating_gb) takes from the
 * characters [c0, c1): [0] GBK leads before a letter, [1] before a space. */
void ub_gb_eat_pairs(const uint32_t *cp, size_t c0, size_t c1, uint32_t counts[2]);
/* genuine.c: is CJK character c rare in every CJK model (memoised)? */
int ub_genuine_rare(ub_engine *e, uint32_t c);
/* Does clean CJK text start at char k (before end): common CJK letters
 * (Han, kana, Hangul) up to the UB_CLEAN_RUN-th or the first ASCII
 * character, at least `need` of them? UTF-8 CJK text read as GBK shows a
 * rare character (a lead E3..E9 read as a second-level hanzi's) at least
 * every second one, so this is the text after a garbled span. */
#define UB_CLEAN_RUN 3
int ub_genuine_run(ub_engine *e, size_t k, size_t end, size_t need);
/* genuine.c: does segment s turn CJK text, set between common CJK
 * text on one side and CJK text, punctuation or space on the other, into
 * no CJK at all? (`信息。` is not `信©。`: EUC-JP writes 息 C2 A9.)
 * Such a reading is no repair. */
int ub_genuine_sandwich(ub_engine *e, const ub_seg *s);
/* sjis_back.c: Korean or Russian read as Shift_JIS or CP932 with the
 * errors dropped, the decoder run backwards (a segment per run, one group
 * per reading). */
int ub_sjis_back(ub_engine *e);
/* marks_back.c: CJK, Korean or Russian read as a double-byte codec with
 * the errors replaced by U+FFFD, the decoder run backwards (a segment per
 * run, one group per reading). */
int ub_marks_back(ub_engine *e);
/* sjis_back.c: does the text hold half-width katakana, the mark of a
 * Shift_JIS reading? (e->halfwidth_kana: the pass's text does) */
int ub_text_has_halfwidth_kana(const uint8_t *t, size_t len);
/* An ASCII character that can be the trail byte of a double-byte legacy
 * character (GBK, Big5, Shift_JIS: 0x40..0x7E): after a misread lead byte
 * it belongs to the same character, and a run of damage goes on across it. */
static inline int ub_legacy_trail(uint32_t c) { return c >= 0x40 && c <= 0x7E; }
/* The wrong codecs of the legacy pairs, as a mask. */
uint32_t ub_legacy_wrong_mask(void);

/* function_words.c: the language models whose ASCII function words
 * (`the`, `und`, `che`...) the window holds most often, at least min_hits
 * times, as bits; 0 when it holds none so often. */
uint32_t ub_function_word_leaders(ub_engine *e, unsigned min_hits);
/* ... and chunk[L] lowered, up to a few bits, for every model but the one
 * whose function words lead clearly; and for every non-Latin model where
 * the window is ASCII words with a few damaged characters and none of its
 * clean_chars (the non-ASCII characters no segment takes) is there. */
void ub_ascii_language_hint(ub_engine *e, float *chunk, size_t clean_chars);

/* lost.c: choose among the candidates of every hole of segment s. */
int ub_lost_choose(ub_engine *e, ub_seg *s, const float *prior);

/* score.c */
float ub_score_chars(ub_engine *e, const uint32_t *cps, size_t n,
                     uint32_t left, uint32_t right, const float *prior, int generous);
void ub_score_lang_vector(ub_engine *e, const uint32_t *cps, size_t n, float *vec);
/* ub_score_chars in two steps: the part that does not depend on the prior
 * (every model's score into vec, the context costs returned), then the
 * best model under a prior. score = best - context. */
float ub_score_prepare(ub_engine *e, const uint32_t *cps, size_t n, uint32_t left,
                       uint32_t right, int generous, float *vec);
float ub_score_best(const ub_engine *e, const float *vec, const float *prior);
/* What the scorer charges a U+FFFD in text (score.c): an ordinary rare
 * character, so that a repair is not rewarded merely for removing one. */
#define UB_SCORE_REPLACEMENT_LOGP (-12.0f)
/* Fill e->lang_script, e->latin_langs and e->cp1252_langs once (score.c). */
void ub_score_init(ub_engine *e);
void ub_score_free(ub_engine *e);
/* Row of non-ASCII code point c: *vals receives the nlang values the
 * scorer gives c in text as it stands, before the in-script floor
 * (char_logp); NULL when out of memory. */
const ub_cp_row *ub_score_row(ub_engine *e, uint32_t c, const float **vals);
/* score_memo.c: letter pairs by rank. The ranks of c in every model's
 * pair alphabet, folded as the model folds (rank[L], -1: none), and which
 * foldings make it ASCII (*ascii, bit f); c's ranks, from its row or the
 * engine's ASCII table (or buf); and vec[L] += ub_lm_bigram_folded(L, a,
 * b) for the models of `mask`, from a's and b's ranks. */
void ub_pairs_fill(const ub_engine *e, uint32_t c, int32_t *rank, uint8_t *ascii);
const int32_t *ub_pairs_of(ub_engine *e, uint32_t c, int32_t *buf, uint8_t *ascii);
/* ... the same for non-ASCII c whose row r (values v) the caller holds
 * (NULL: out of memory), without looking it up again */
const int32_t *ub_pairs_of_row(ub_engine *e, uint32_t c, const ub_cp_row *r, const float *v,
                               int32_t *buf, uint8_t *ascii);
void ub_pairs_add(const ub_engine *e, float *vec, uint32_t mask, const int32_t *ra, uint8_t fa,
                  const int32_t *rb, uint8_t fb);
/* The best ub_lm_logp(L, c) over the models (UB_LM_FLOOR: none knows c). */
float ub_score_best_logp(ub_engine *e, uint32_t c);
/* vec[L] += ub_lm_logp(L, c) for every model, from one cache row. */
void ub_score_add_lm(ub_engine *e, uint32_t c, float *vec);
/* ub_lm_logp(L, c) through the cache: the same value. */
float ub_score_lm_logp(ub_engine *e, int L, uint32_t c);
/* score_memo.c: ub_lm_logp(L, c), remembered: the lost-byte search asks the few top
 * models about the same candidates hole after hole (`”` and its 63
 * neighbours at every lost quote), and a full cache row (ub_score_row)
 * would cost all the models. */
float ub_score_model_logp(ub_engine *e, int L, uint32_t c);
/* ub_lm_edge(L, c, end), remembered in the same table: a binary search per
 * candidate and model at every hole beside a CJK run (lost.c, run_edges). */
float ub_score_model_edge(ub_engine *e, int L, uint32_t c, int end);
/* score_memo.c: ub_score_prepare, remembered by content: the segments of several codecs
 * often decode to the same text (`Ã©` is é in windows-1252, Latin-1,
 * ISO-8859-15, windows-1254...), and each is scored in every pass. */
float ub_score_text(ub_engine *e, const uint32_t *cps, size_t n, uint32_t left, uint32_t right,
                    int flags, float *vec);
/* Flag for ub_score_chars' `generous` argument: score letters case-folded. */
#define UB_SCORE_FOLD 2

/* decide.c: score segments, weigh document evidence, accept, resolve
 * overlaps. */
void ub_decide_score(ub_engine *e, ub_seg *s);
/* overlap.c: of the accepted segments that overlap, keep the best backed;
 * e->segs ends up holding the kept ones in text order. -1 on NOMEM. */
int ub_decide_overlaps(ub_engine *e);
/* Forget the score caches (a new pass: new text, new segments). */
void ub_decide_reset(ub_engine *e);
void ub_decide_free(ub_engine *e);

int ub_decide_accept(ub_engine *e);

/* late.c: may a search under codec c be put off at all (the outer layer,
 * a single-byte code page the carried evidence does not vouch for)? Put
 * off the search of region r under codec c when it can make only segments
 * the carried evidence leaves unread (1; 0: search now; -1 on NOMEM), or
 * of the line of region r from char k0 (ending at its '\n' or kmax: *end);
 * run the searches put off for `codecs`, their segments added to e->segs
 * (-1 on NOMEM); put the segments made from index n0 on in the places the
 * search in order would have made them; free. */
int ub_late_may_put_off(const ub_engine *e, ub_codec_id c);
int ub_late_put_off(ub_engine *e, size_t r, ub_codec_id c);
int ub_late_put_off_line(ub_engine *e, const ub_region *r, ub_codec_id c, size_t k0,
                         size_t kmax, size_t qpos, size_t *end);
int ub_late_search(ub_engine *e, uint32_t codecs);
int ub_late_order(ub_engine *e, size_t n0);
void ub_late_free(ub_engine *e);

/* prior.c: the window's language prior, from the characters no segment
 * with a gain claims (and the document's letters and pairs, seen.c, as
 * they go); -1 on NOMEM. Then the prior of segment s, in e->seg_prior. */
int ub_context_prior(ub_engine *e);
const float *ub_segment_prior(ub_engine *e, const ub_seg *s);

/* seen.c: how often the pass's regions show each character, and each
 * pair of letters side by side (Hangul also across one space), for the
 * lost-byte search (a cache model). */
#define UB_SEEN_LOG2 15
#define UB_SEEN_SLOTS (1u << UB_SEEN_LOG2)
int ub_seen_reset(ub_engine *e);        /* at the start of a pass; -1 on NOMEM */
void ub_seen_count(ub_engine *e, uint32_t cp);
float ub_seen_bits(const ub_engine *e, uint32_t cp);
void ub_seen_count_pair(ub_engine *e, uint32_t a, uint32_t b, int spaced);
float ub_seen_pair_bits(const ub_engine *e, uint32_t a, uint32_t b, int spaced);
void ub_seen_free(ub_engine *e);

#endif /* UNBAKE_ENGINE_H */
