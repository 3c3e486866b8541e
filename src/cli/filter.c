/*
 * The streaming loop: read 64 KiB at a time, feed the library's stream,
 * write what it returns, and turn the byte offsets of fix records into
 * LINE:COL for the reports.
 *
 * Line:column tracking, with bounded memory
 * -----------------------------------------
 * A fix names its position as a byte offset into the input stream
 * (fix->in_offset). By the time the callback runs, that byte may have left
 * our read buffer long ago: the engine decides over a window of up to
 * options.window bytes. So we keep a "history" of input bytes that have
 * been read but not yet counted, plus a cursor (offset, line, column) at
 * its start. A fix at offset X advances the cursor to X, counting newlines
 * and characters on the way, and the counted bytes are dropped.
 *
 * Without fixes nothing would advance the cursor, so the history would
 * grow with clean input. Output bounds it: between fixes the engine copies
 * input to output unchanged, so the output byte `out_total` corresponds to
 * input byte `last_in_end + (out_total - last_out_end)`. A fix is reported
 * no later than its output bytes are returned (see REQUIREMENTS below), so
 * no future fix starts before that input byte and the cursor may move up
 * to it. We stay HISTORY_SLACK bytes behind that point anyway, to tolerate
 * an engine that reports a little late. The history therefore holds about
 * what the engine itself holds (its window) plus the slack.
 *
 * REQUIREMENTS on the engine (also in the CLI report to the engine author):
 * fix callbacks arrive in non-decreasing in_offset order, never name input
 * not yet fed, and are made no later than the call that returns the first
 * output byte of the fix. A fix that violates this still gets reported,
 * with the cursor's position (the closest we know) instead of its own.
 *
 * COL is 1-based and counts characters: every byte that is not a UTF-8
 * continuation byte (10xxxxxx) starts one. For valid UTF-8 that is the code
 * point count; for other bytes it is the usual one-per-byte approximation.
 * Lines end at LF only.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_SLACK ((uint64_t)65536)
/* Calls in a row without progress before we call the engine stuck. */
#define MAX_IDLE_CALLS 1000

struct linepos {
    unsigned char *hist; /* read input not yet counted: hist[head..head+len) */
    size_t head, len, cap;
    uint64_t cursor;     /* stream offset of hist[head] */
    uint64_t line;       /* 1-based line number at the cursor */
    uint64_t col;        /* characters from the line start to the cursor */
    uint64_t out_total;  /* output bytes returned by the stream so far */
    uint64_t last_in_end, last_out_end; /* end of the last fix, both sides */
    int lost;            /* history allocation failed: positions unknown */
};

/* Count lines and characters from the cursor up to `target`. */
static void lp_advance(struct linepos *lp, uint64_t target)
{
    if (target <= lp->cursor)
        return;
    uint64_t avail = lp->len;
    uint64_t n = target - lp->cursor;
    if (n > avail)
        n = avail;
    const unsigned char *p = lp->hist + lp->head;
    for (uint64_t i = 0; i < n; i++) {
        if (p[i] == '\n') {
            lp->line++;
            lp->col = 0;
        } else if ((p[i] & 0xC0) != 0x80) {
            lp->col++;
        }
    }
    lp->head += (size_t)n;
    lp->len -= (size_t)n;
    lp->cursor += n;
    if (lp->len == 0)
        lp->head = 0;
}

static void lp_append(struct linepos *lp, const unsigned char *data, size_t n)
{
    if (lp->lost)
        return;
    if (lp->cap - lp->head - lp->len < n) {
        if (lp->head > 0) {
            memmove(lp->hist, lp->hist + lp->head, lp->len);
            lp->head = 0;
        }
        if (lp->cap - lp->len < n) {
            size_t cap = lp->cap ? lp->cap : 65536;
            while (cap - lp->len < n)
                cap *= 2;
            unsigned char *p = realloc(lp->hist, cap);
            if (!p) {
                /* Reports lose their positions; the repair goes on. */
                lp->lost = 1;
                free(lp->hist);
                lp->hist = NULL;
                lp->cap = lp->len = lp->head = 0;
                return;
            }
            lp->hist = p;
            lp->cap = cap;
        }
    }
    memcpy(lp->hist + lp->head + lp->len, data, n);
    lp->len += n;
}

/* After the stream returned output: move the cursor as far as is safe. */
static void lp_output(struct linepos *lp, size_t out_len)
{
    lp->out_total += out_len;
    if (lp->out_total < lp->last_out_end)
        return; /* still inside the last fix's output */
    uint64_t safe = lp->last_in_end + (lp->out_total - lp->last_out_end);
    if (safe > HISTORY_SLACK)
        lp_advance(lp, safe - HISTORY_SLACK);
}

struct fix_ctx {
    struct linepos *lp;
    const char *name;
    struct report *rep;
    struct file_result *res;
};

static void on_fix(const unbake_fix *fix, void *user)
{
    struct fix_ctx *c = user;
    struct linepos *lp = c->lp;
    uint64_t line = 0, col = 0; /* 0 = unknown */
    if (!lp->lost) {
        lp_advance(lp, fix->in_offset);
        line = lp->line;
        col = lp->col + 1;
    }
    uint64_t in_end = fix->in_offset + fix->in_len;
    uint64_t out_end = fix->out_offset + fix->out_len;
    if (out_end >= lp->last_out_end) {
        lp->last_out_end = out_end;
        lp->last_in_end = in_end;
    }
    report_fix(c->rep, c->name, fix, line, col, c->res);
}

struct run_status run_stream(int in_fd, int out_fd, const char *name,
                             const struct cli_options *o, struct report *rep,
                             struct buffers *bufs, struct file_result *res)
{
    struct run_status st = { RUN_OK, 0, UNBAKE_OK };
    struct linepos lp;
    memset(&lp, 0, sizeof lp);
    lp.line = 1;
    /* Positions are printed only by --explain, --check and --report=json;
     * without them the input is not kept for line counting (it would cost
     * a pass over every byte). */
    if (!(o->explain || o->check || o->json))
        lp.lost = 1;
    memset(res, 0, sizeof *res);
    struct fix_ctx ctx = { &lp, name, rep, res };

    unbake_options opt = o->lib;
    opt.on_fix = on_fix;
    opt.user = &ctx;
    unbake_stream *s = NULL;
    unbake_status us = unbake_stream_new(&opt, &s);
    if (us != UNBAKE_OK) {
        st.error = RUN_LIB;
        st.status = us;
        return st;
    }

    const unsigned char *p = bufs->in;
    size_t left = 0;
    int eof = 0, idle = 0;
    for (;;) {
        if (!eof && left == 0) {
            ssize_t n = read_retry(in_fd, bufs->in, bufs->size);
            if (n < 0) {
                st.error = RUN_READ;
                st.err = errno;
                break;
            }
            if (n == 0) {
                eof = 1;
            } else {
                p = bufs->in;
                left = (size_t)n;
                lp_append(&lp, p, left);
            }
        }
        size_t used = 0, out_len = 0;
        us = unbake_stream_process(s, p, left, &used, bufs->out, bufs->size, &out_len,
                                   eof && left == 0);
        if (us != UNBAKE_OK) {
            st.error = RUN_LIB;
            st.status = us;
            break;
        }
        p += used;
        left -= used;
        if (out_len > 0 && out_fd >= 0 && write_all(out_fd, bufs->out, out_len) != 0) {
            st.error = RUN_WRITE;
            st.err = errno;
            break;
        }
        lp_output(&lp, out_len);
        if (eof && left == 0 && out_len == 0 && !unbake_stream_pending(s))
            break;
        /* A stream that neither takes input nor gives output would make us
         * spin forever: treat it as an engine failure. */
        if (used == 0 && out_len == 0 && (left > 0 || eof)) {
            if (++idle >= MAX_IDLE_CALLS) {
                st.error = RUN_LIB;
                st.status = UNBAKE_ERR_STATE;
                break;
            }
        } else {
            idle = 0;
        }
    }

    unbake_stats stats;
    unbake_stream_stats(s, &stats);
    res->bytes_in = stats.bytes_in;
    res->bytes_out = stats.bytes_out;
    if (stats.bytes_in != stats.bytes_out)
        res->changed = 1;
    unbake_stream_free(s);
    free(lp.hist);
    return st;
}
