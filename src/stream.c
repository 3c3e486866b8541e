/*
 * The streaming engine: input is gathered into a window of opt.window bytes
 * and repaired a chunk at a time, so memory stays bounded whatever the input
 * size. Chunk boundaries depend only on the bytes (a chunk is cut when the
 * window is full, at the last line break, else the last space, else the last
 * character boundary), never on how the caller splits its input: the
 * one-shot call and any chunking of the same bytes give the same output.
 */
#include <string.h>

#include "alloc.h"
#include "engine.h"
#include "utf8.h"

struct unbake_stream {
    unbake_options opt;
    char *codecs;          /* owned copy of opt.codecs */
    size_t codecs_size;
    ub_engine eng;
    uint8_t *in;           /* window */
    size_t in_len, window;
    size_t pass;           /* bytes at the start of the window that are
                              repaired already (left as they were) and wait
                              to be handed out straight from the window */
    size_t pass_pos;
    ub_buf out;            /* repaired bytes not yet handed out */
    size_t out_pos;
    uint64_t in_base;      /* stream offset of in[0] */
    uint64_t out_base;     /* stream offset of the next repaired byte */
    int finishing;         /* finish seen and all input taken */
    unbake_stats stats;
};

/* Where to end a chunk of a full window: after the last newline, else the
 * last space, else before the last ASCII byte, else before the last byte
 * that starts a UTF-8 character. A line break
 * or space never sits inside a damaged unit (a GBK trail is >= 0x40; a lost
 * byte hides before the space, not after it). */
static size_t find_cut(const uint8_t *p, size_t n) {
    size_t half = n / 2;
    for (size_t i = n; i > half; i--)
        if (p[i - 1] == '\n') return i;
    for (size_t i = n; i > half; i--)
        if (p[i - 1] == ' ') return i;
    for (size_t i = n - 1; i > half; i--)
        if (p[i] < 0x80) return i;
    /* no ASCII at all in the second half (CJK without spaces, a run of
     * U+FFFD): cut before a UTF-8 lead byte, never inside a character */
    for (size_t i = n - 1; i > 0; i--)
        if ((p[i] & 0xC0) != 0x80) return i;
    return n;
}

static unbake_status repair_chunk(unbake_stream *s, size_t n) {
    uint64_t before = s->out.len;
    /* Text the repair leaves as it is (clean text, nearly all of a corpus)
     * is handed out from the window itself instead of being copied through
     * the output buffer; only when that buffer is drained, to keep order. */
    int same = 0;
    unbake_status st = ub_engine_chunk(&s->eng, s->in, n, s->in_base,
                                       s->out_base + (s->out.len - s->out_pos), &s->out,
                                       &s->opt, &s->stats,
                                       s->out.len == s->out_pos ? &same : NULL);
    if (st != UNBAKE_OK) return st;
    if (same) {
        s->pass = n;
        s->pass_pos = 0;
        s->stats.bytes_in += n;
        s->stats.bytes_out += n;
        s->in_base += n;
        return UNBAKE_OK;
    }
    s->stats.bytes_in += n;
    s->stats.bytes_out += s->out.len - before;
    memmove(s->in, s->in + n, s->in_len - n);
    s->in_len -= n;
    s->in_base += n;
    return UNBAKE_OK;
}

unbake_status unbake_stream_new(const unbake_options *opt, unbake_stream **stream) {
    if (!stream) return UNBAKE_ERR_ARGUMENT;
    *stream = NULL;
    unbake_options o;
    if (opt) o = *opt;
    else unbake_options_init(&o);
    const unbake_allocator *a = o.allocator;
    if (a && (!a->alloc || !a->realloc || !a->free)) return UNBAKE_ERR_ARGUMENT;
    if (!(o.min_confidence >= 0.0 && o.min_confidence <= 1.0)) return UNBAKE_ERR_ARGUMENT;
    if (o.hole_replacement > 0x10FFFF ||
        (o.hole_replacement >= 0xD800 && o.hole_replacement <= 0xDFFF))
        return UNBAKE_ERR_ARGUMENT;
    if (o.window < 4096) o.window = 4096;
    if (o.window > ((size_t)1 << 30)) return UNBAKE_ERR_ARGUMENT;
    unbake_stream *s = ub_malloc(a, sizeof *s);
    if (!s) return UNBAKE_ERR_NOMEM;
    memset(s, 0, sizeof *s);
    s->opt = o;
    if (o.codecs) {
        s->codecs_size = strlen(o.codecs) + 1;
        s->codecs = ub_malloc(a, s->codecs_size);
        if (!s->codecs) {
            ub_free(a, s, sizeof *s);
            return UNBAKE_ERR_NOMEM;
        }
        memcpy(s->codecs, o.codecs, s->codecs_size);
        s->opt.codecs = s->codecs;
    }
    unbake_status st = (unbake_status)ub_engine_init(&s->eng, &s->opt);
    if (st == UNBAKE_OK) {
        s->window = o.window;
        s->in = ub_malloc(a, s->window);
        if (!s->in) st = UNBAKE_ERR_NOMEM;
    }
    if (st != UNBAKE_OK) {
        unbake_stream_free(s);
        return st;
    }
    *stream = s;
    return UNBAKE_OK;
}

unbake_status unbake_stream_process(unbake_stream *s, const void *in, size_t in_len,
                                    size_t *in_used, void *out, size_t out_cap,
                                    size_t *out_len, int finish) {
    if (in_used) *in_used = 0;
    if (out_len) *out_len = 0;
    if (!s || !in_used || !out_len || (in_len && !in) || (out_cap && !out))
        return UNBAKE_ERR_ARGUMENT;
    if (s->finishing && in_len) return UNBAKE_ERR_STATE;
    const uint8_t *src = in;
    uint8_t *dst = out;
    for (;;) {
        size_t avail = s->out.len - s->out_pos;
        if (avail) {
            size_t take = out_cap - *out_len < avail ? out_cap - *out_len : avail;
            if (take) memcpy(dst + *out_len, s->out.data + s->out_pos, take);
            *out_len += take;
            s->out_pos += take;
            s->out_base += take;
            if (s->out_pos < s->out.len) return UNBAKE_OK; /* caller must drain */
            s->out.len = s->out_pos = 0;
        }
        if (s->pass) {
            size_t left = s->pass - s->pass_pos;
            size_t give = out_cap - *out_len < left ? out_cap - *out_len : left;
            if (give) memcpy(dst + *out_len, s->in + s->pass_pos, give);
            *out_len += give;
            s->pass_pos += give;
            s->out_base += give;
            if (s->pass_pos < s->pass) return UNBAKE_OK; /* caller must drain */
            memmove(s->in, s->in + s->pass, s->in_len - s->pass);
            s->in_len -= s->pass;
            s->pass = s->pass_pos = 0;
        }
        size_t take = in_len - *in_used;
        if (take > s->window - s->in_len) take = s->window - s->in_len;
        if (take) {
            memcpy(s->in + s->in_len, src + *in_used, take);
            s->in_len += take;
            *in_used += take;
        }
        if (finish && *in_used == in_len) s->finishing = 1;
        unbake_status st;
        if (s->in_len == s->window) {
            st = repair_chunk(s, find_cut(s->in, s->in_len));
        } else if (s->finishing && s->in_len) {
            st = repair_chunk(s, s->in_len);
        } else {
            return UNBAKE_OK;
        }
        if (st != UNBAKE_OK) return st;
    }
}

int unbake_stream_pending(const unbake_stream *s) {
    if (!s) return 0;
    return s->in_len > 0 || s->out.len > s->out_pos || s->pass > 0;
}

void unbake_stream_stats(const unbake_stream *s, unbake_stats *stats) {
    if (!stats) return;
    if (!s) {
        memset(stats, 0, sizeof *stats);
        return;
    }
    *stats = s->stats;
}

void unbake_stream_reset(unbake_stream *s) {
    if (!s) return;
    ub_engine_reset(&s->eng);
    s->in_len = 0;
    s->pass = s->pass_pos = 0;
    s->out.len = s->out_pos = 0;
    s->in_base = s->out_base = 0;
    s->finishing = 0;
    memset(&s->stats, 0, sizeof s->stats);
}

void unbake_stream_free(unbake_stream *s) {
    if (!s) return;
    const unbake_allocator *a = s->opt.allocator;
    ub_engine_free(&s->eng);
    ub_free(a, s->in, s->window);
    ub_buf_free(a, &s->out);
    ub_free(a, s->codecs, s->codecs_size);
    ub_free(a, s, sizeof *s);
}
