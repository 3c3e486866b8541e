/*
 * Public entry points that are not the stream itself: options, the one-shot
 * call (a stream fed everything at once, so the two cannot differ), status
 * strings, version and codec names.
 */
#include <string.h>

#include "alloc.h"
#include "codec.h"
#include "unbake.h"

void unbake_options_init(unbake_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->codecs = NULL;
    opt->max_layers = 3;
    opt->min_confidence = 0.5;
    opt->hole_replacement = 0xFFFD;
    opt->window = (size_t)1 << 19;
    opt->flags = 0;
}

const char *unbake_status_string(unbake_status status) {
    switch (status) {
    case UNBAKE_OK: return "success";
    case UNBAKE_ERR_NOMEM: return "out of memory";
    case UNBAKE_ERR_ARGUMENT: return "invalid argument";
    case UNBAKE_ERR_STATE: return "call out of order";
    }
    return "unknown status";
}

const char *unbake_version(void) { return UNBAKE_VERSION_STRING; }

const char *const *unbake_codec_names(void) { return ub_codec_names(); }

unbake_status unbake_repair(const void *src, size_t len, const unbake_options *opt,
                            char **out, size_t *out_len) {
    if (!out || !out_len || (len && !src)) return UNBAKE_ERR_ARGUMENT;
    *out = NULL;
    *out_len = 0;
    unbake_options o;
    if (opt) o = *opt;
    else unbake_options_init(&o);
    const unbake_allocator *a = o.allocator;
    unbake_stream *s;
    unbake_status st = unbake_stream_new(&o, &s);
    if (st != UNBAKE_OK) return st;
    ub_buf res = {0};
    size_t used_total = 0;
    const uint8_t *p = src;
    uint8_t tmp[65536];
    for (;;) {
        size_t used = 0, produced = 0;
        st = unbake_stream_process(s, p + used_total, len - used_total, &used, tmp, sizeof tmp,
                                   &produced, 1);
        if (st != UNBAKE_OK) break;
        used_total += used;
        if (ub_buf_append(a, &res, tmp, produced)) {
            st = UNBAKE_ERR_NOMEM;
            break;
        }
        if (produced == 0 && used == 0 && !unbake_stream_pending(s) && used_total == len) break;
    }
    unbake_stream_free(s);
    if (st == UNBAKE_OK && ub_buf_reserve(a, &res, 1)) st = UNBAKE_ERR_NOMEM;
    if (st != UNBAKE_OK) {
        ub_buf_free(a, &res);
        return st;
    }
    res.data[res.len] = 0;
    /* Shrink to len + 1 so that unbake_free() can tell the allocator the
     * exact size. */
    uint8_t *q = ub_realloc(a, res.data, res.cap, res.len + 1);
    if (q) res.data = q;
    else {
        ub_buf_free(a, &res);
        return UNBAKE_ERR_NOMEM;
    }
    *out = (char *)res.data;
    *out_len = res.len;
    return UNBAKE_OK;
}

void unbake_free(const unbake_options *opt, char *buf, size_t len) {
    if (!buf) return;
    ub_free(opt ? opt->allocator : NULL, buf, len + 1);
}
