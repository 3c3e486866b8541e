/*
 * The repair loop: the input is cut into parts, each part is repaired by
 * its own library stream (on a worker thread with -j N), and the parts are
 * written and reported in input order.
 *
 * Parts
 * -----
 * A part is PART_SIZE bytes, cut back to the last line break in its second
 * half (else the last space, else a character boundary): the same cut the
 * library's stream makes inside a part, and for the same reason, a line
 * break never sits inside a damaged unit. Parts depend only on the bytes,
 * never on -j or on how read(2) splits the input, so `-j 1` and `-j N` give
 * the same output byte for byte. A part is one repair window (the library's
 * default window is 512 KiB too) and starts with no document evidence, which
 * DESIGN.md 3.6 gathers per window anyway (carried on, it halves with every
 * window). Parts of one window also keep the buffers of clean ASCII in the
 * cache: 4 MiB parts ran clean ASCII at 0.25x cat, 1 MiB parts at 0.5x.
 * 512 KiB parts (session 10) keep two engines of mojibake under 64 MB
 * (windows-1252 mojibake, -j 2: 77 MB with 1 MiB parts, 44 MB).
 * Memory: at most `jobs` parts in flight, each its input, its output and
 * one engine.
 *
 * Positions
 * ---------
 * A fix names byte offsets in its part; the main thread adds the part's
 * place in the stream and, only for --explain, --check and --report=json,
 * counts lines and characters up to each fix (COL is 1-based and counts
 * every byte that is not a UTF-8 continuation byte; lines end at LF).
 */
#include "cli.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PART_SIZE ((size_t)1 << 19)
/* Calls in a row without progress before we call the engine stuck. */
#define MAX_IDLE_CALLS 1000

/* A fix record kept until its part is reported: strings live in the
 * part's arena, as offsets (the arena moves while it grows). */
struct saved_fix {
    unbake_fix f;
    size_t before, after, hypothesis, detail; /* arena offsets; detail SIZE_MAX: none */
};

enum part_state { PART_EMPTY, PART_QUEUED, PART_RUNNING, PART_DONE };

struct part {
    enum part_state state;
    unsigned char *in;
    size_t in_len;
    unsigned char *out;
    size_t out_len, out_cap;
    struct saved_fix *fixes;
    size_t nfix, cap_fix;
    struct sbuf arena;
    int nomem;             /* a fix record could not be kept */
    int ascii;             /* all ASCII: the output is the input itself */
    unbake_stream *stream; /* made for the slot's first part, reset for
                              each next one: a new one per part refilled
                              the code-page memos every half megabyte */
    unbake_status status;
    unbake_stats stats;
};

struct pool {
    const struct cli_options *o;
    struct part *parts;     /* ring of `jobs` slots, part k in slot k % jobs */
    int jobs;
    pthread_t *threads;
    int nthreads;
    pthread_mutex_t mu;
    pthread_cond_t work;    /* a part was queued, or stop */
    pthread_cond_t done;    /* a part is done */
    int stop;
    unsigned long long bytes_done; /* input bytes taken by the engines (mu) */
};

static size_t grow_cap(size_t cap, size_t need)
{
    if (cap == 0)
        cap = 4096;
    while (cap < need)
        cap *= 2;
    return cap;
}

static size_t arena_add(struct part *p, const char *s)
{
    size_t at = p->arena.len;
    sb_add(&p->arena, s ? s : "", s ? strlen(s) + 1 : 1);
    if (!s)
        return SIZE_MAX;
    return at;
}

static void keep_fix(const unbake_fix *fix, void *user)
{
    struct part *p = user;
    if (p->nfix == p->cap_fix) {
        size_t cap = p->cap_fix ? p->cap_fix * 2 : 64;
        struct saved_fix *v = realloc(p->fixes, cap * sizeof *v);
        if (!v) {
            p->nomem = 1;
            return;
        }
        p->fixes = v;
        p->cap_fix = cap;
    }
    struct saved_fix *k = &p->fixes[p->nfix++];
    k->f = *fix;
    /* before/after may hold NUL bytes: copy their lengths, not up to a NUL */
    k->before = p->arena.len;
    sb_add(&p->arena, fix->before ? fix->before : "", fix->before ? fix->in_len : 0);
    sb_add(&p->arena, "", 1);
    k->after = p->arena.len;
    sb_add(&p->arena, fix->after ? fix->after : "", fix->after ? fix->out_len : 0);
    sb_add(&p->arena, "", 1);
    k->hypothesis = arena_add(p, fix->hypothesis);
    k->detail = arena_add(p, fix->detail);
    if (p->arena.failed)
        p->nomem = 1;
}

/* True when p[0..n) is all ASCII, eight bytes at a time. */
static int all_ascii(const unsigned char *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull)
            return 0;
    }
    for (; i < n; i++)
        if (p[i] & 0x80)
            return 0;
    return 1;
}

/* Repair one part (any thread). */
static void repair_part(struct pool *pl, struct part *p)
{

    unbake_options opt = pl->o->lib;
    opt.on_fix = keep_fix;
    opt.user = p; /* the slot: the same for each of its parts */
    unbake_stream *s = p->stream;
    if (s) {
        unbake_stream_reset(s);
        p->status = UNBAKE_OK;
    } else {
        p->status = unbake_stream_new(&opt, &s);
        p->stream = s;
    }
    size_t pos = 0, idle = 0;
    while (p->status == UNBAKE_OK) {
        if (p->out_cap - p->out_len < 65536) {
            size_t cap = grow_cap(p->out_cap, p->out_len + 65536);
            unsigned char *o = realloc(p->out, cap);
            if (!o) {
                p->status = UNBAKE_ERR_NOMEM;
                break;
            }
            p->out = o;
            p->out_cap = cap;
        }
        size_t take = p->in_len - pos < 262144 ? p->in_len - pos : 262144;
        size_t used = 0, got = 0;
        int finish = pos + take == p->in_len;
        p->status = unbake_stream_process(s, p->in + pos, take, &used, p->out + p->out_len,
                                          p->out_cap - p->out_len, &got, finish);
        pos += used;
        p->out_len += got;
        if (used) {
            pthread_mutex_lock(&pl->mu);
            pl->bytes_done += used;
            pthread_mutex_unlock(&pl->mu);
        }
        if (p->status != UNBAKE_OK)
            break;
        if (pos == p->in_len && got == 0 && !unbake_stream_pending(s))
            break;
        /* a stream that neither takes input nor gives output is stuck */
        idle = used || got ? 0 : idle + 1;
        if (idle >= MAX_IDLE_CALLS)
            p->status = UNBAKE_ERR_STATE;
    }
    if (p->status == UNBAKE_OK && p->nomem)
        p->status = UNBAKE_ERR_NOMEM;
    unbake_stream_stats(s, &p->stats);
}

static void *worker(void *arg)
{
    struct pool *pl = arg;
    pthread_mutex_lock(&pl->mu);
    for (;;) {
        struct part *p = NULL;
        while (!pl->stop) {
            for (int k = 0; k < pl->jobs && !p; k++)
                if (pl->parts[k].state == PART_QUEUED)
                    p = &pl->parts[k];
            if (p)
                break;
            pthread_cond_wait(&pl->work, &pl->mu);
        }
        if (!p)
            break;
        p->state = PART_RUNNING;
        pthread_mutex_unlock(&pl->mu);
        repair_part(pl, p);
        pthread_mutex_lock(&pl->mu);
        p->state = PART_DONE;
        pthread_cond_broadcast(&pl->done);
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* Where a part of a full buffer ends (see the file comment). */
static size_t part_cut(const unsigned char *p, size_t n)
{
    size_t half = n / 2;
    for (size_t i = n; i > half; i--)
        if (p[i - 1] == '\n')
            return i;
    for (size_t i = n; i > half; i--)
        if (p[i - 1] == ' ')
            return i;
    for (size_t i = n - 1; i > 0; i--)
        if ((p[i] & 0xC0) != 0x80)
            return i;
    return n;
}

/* Empty a slot for its next part; its buffers are kept (a fresh 1 MiB
 * buffer per part would be paid again in page faults every time). */
static void part_reset(struct part *p)
{
    p->state = PART_EMPTY;
    p->in_len = 0;
    p->out_len = 0;
    p->nfix = 0;
    p->arena.len = 0;
    p->arena.failed = 0;
    p->nomem = 0;
    p->ascii = 0;
    p->status = UNBAKE_OK;
    memset(&p->stats, 0, sizeof p->stats);
}

static void part_free(struct part *p)
{
    free(p->in);
    free(p->out);
    free(p->fixes);
    sb_free(&p->arena);
    unbake_stream_free(p->stream);
    memset(p, 0, sizeof *p);
}

/* ---- progress on a terminal ---- */

struct progress {
    int on;                 /* stderr is a terminal and nobody said -q */
    int shown;
    struct timespec start, last;
    unsigned long long fixes;
};

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress_show(struct progress *pg, unsigned long long bytes)
{
    if (!pg->on)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double t = since(&pg->start, &now);
    /* only for runs that take a while, and a few times a second */
    if (t < 1.0 || (pg->shown && since(&pg->last, &now) < 0.25))
        return;
    pg->last = now;
    pg->shown = 1;
    fprintf(stderr, "\runbake: %.1f MB, %.1f MB/s, %llu fixes\033[K", (double)bytes / 1e6,
            (double)bytes / 1e6 / t, pg->fixes);
    fflush(stderr);
}

static void progress_end(struct progress *pg)
{
    if (pg->shown)
        fputs("\r\033[K", stderr);
}

/* ---- reporting a part in order ---- */

struct cursor {
    uint64_t line, col; /* at `pos` in the current part */
    size_t pos;
};

static void cursor_advance(struct cursor *c, const struct part *p, size_t to)
{
    if (to > p->in_len)
        to = p->in_len;
    for (; c->pos < to; c->pos++) {
        unsigned char b = p->in[c->pos];
        if (b == '\n') {
            c->line++;
            c->col = 0;
        } else if ((b & 0xC0) != 0x80) {
            c->col++;
        }
    }
}

static void report_part(struct part *p, uint64_t in_base, uint64_t out_base, int positions,
                        struct cursor *cur, const char *name, struct report *rep,
                        struct file_result *res)
{
    cur->pos = 0;
    for (size_t k = 0; k < p->nfix; k++) {
        struct saved_fix *s = &p->fixes[k];
        unbake_fix f = s->f;
        f.before = p->arena.data + s->before;
        f.after = p->arena.data + s->after;
        f.hypothesis = p->arena.data + s->hypothesis;
        f.detail = s->detail == SIZE_MAX ? NULL : p->arena.data + s->detail;
        uint64_t line = 0, col = 0;
        if (positions) {
            cursor_advance(cur, p, (size_t)f.in_offset);
            line = cur->line;
            col = cur->col + 1;
        }
        f.in_offset += in_base;
        f.out_offset += out_base;
        report_fix(rep, name, &f, line, col, res);
    }
    if (positions)
        cursor_advance(cur, p, p->in_len);
}

/* ---- the loop ---- */

static void pool_stop(struct pool *pl)
{
    if (pl->nthreads) {
        pthread_mutex_lock(&pl->mu);
        pl->stop = 1;
        pthread_cond_broadcast(&pl->work);
        pthread_mutex_unlock(&pl->mu);
        for (int k = 0; k < pl->nthreads; k++)
            pthread_join(pl->threads[k], NULL);
    }
    for (int k = 0; k < pl->jobs; k++)
        part_free(&pl->parts[k]);
    free(pl->parts);
    free(pl->threads);
    pthread_mutex_destroy(&pl->mu);
    pthread_cond_destroy(&pl->work);
    pthread_cond_destroy(&pl->done);
}

/* Read the next part into *p (its `in`); 0 at the end of input, 1 with a
 * part, -1 on a read error (errno set) or no memory (errno ENOMEM).
 * `carry` holds bytes read past the previous cut. */
static int read_part(struct input *fd, struct part *p, unsigned char *carry, size_t *carry_len,
                     struct buffers *bufs, int *eof)
{
    size_t cap = PART_SIZE + bufs->size;
    if (!p->in) {
        p->in = malloc(cap);
        if (!p->in) {
            errno = ENOMEM;
            return -1;
        }
    }
    unsigned char *buf = p->in;
    size_t len = *carry_len;
    if (len)
        memcpy(buf, carry, len);
    *carry_len = 0;
    if (*eof && len == 0)
        return 0;
    /* checked read by read, while the bytes are in the cache */
    int ascii = all_ascii(buf, len);
    while (!*eof && len < PART_SIZE) {
        /* Read one byte past the part, no more: what a read brings beyond
         * the cut is copied to the carry, and a read of the whole buffer
         * made that a quarter megabyte per part (clean ASCII 0.34x cat).
         * The byte past tells a part that ends the input from one that
         * must be cut. Converted input (--from) needs room for a whole
         * character per call, so it keeps the larger reads. */
        size_t want = fd->cd == (iconv_t)-1 ? PART_SIZE + 1 - len : cap - len;
        ssize_t n = input_read(fd, buf + len, want);
        if (n < 0)
            return -1;
        if (n == 0)
            *eof = 1;
        if (ascii)
            ascii = all_ascii(buf + len, (size_t)n);
        len += (size_t)n;
    }
    /* ASCII holds no mojibake and no legacy bytes, and the library gives
     * it back unchanged without a record: such a part skips the stream and
     * is written from its input buffer */
    p->ascii = ascii;
    if (len == 0)
        return 0;
    size_t cut = *eof && len <= PART_SIZE ? len : part_cut(buf, len < PART_SIZE ? len : PART_SIZE);
    if (cut < len) {
        memcpy(carry, buf + cut, len - cut);
        *carry_len = len - cut;
    }
    p->in_len = cut;
    return 1;
}

struct run_status run_stream(struct input *in_fd, int out_fd, const char *name,
                             const struct cli_options *o, struct report *rep,
                             struct buffers *bufs, struct file_result *res)
{
    struct run_status st = { RUN_OK, 0, UNBAKE_OK };
    memset(res, 0, sizeof *res);
    struct pool pl;
    memset(&pl, 0, sizeof pl);
    pl.o = o;
    pl.jobs = o->jobs > 0 ? o->jobs : 1;
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.work, NULL);
    pthread_cond_init(&pl.done, NULL);
    pl.parts = calloc((size_t)pl.jobs, sizeof *pl.parts);
    /* bytes past a cut: at most what one read can bring beyond PART_SIZE,
     * plus the half part a cut can give back */
    unsigned char *carry = malloc(PART_SIZE + bufs->size);
    size_t carry_len = 0;
    if (!pl.parts || !carry) {
        free(carry);
        pool_stop(&pl);
        st.error = RUN_LIB;
        st.status = UNBAKE_ERR_NOMEM;
        return st;
    }
    struct progress pg;
    memset(&pg, 0, sizeof pg);
    pg.on = !o->quiet && !o->explain && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &pg.start);
    int positions = o->explain || o->check || o->json;
    struct cursor cur = { 1, 0, 0 };
    uint64_t in_base = 0, out_base = 0;
    unsigned long long submitted = 0, emitted = 0;
    int eof = 0, input_done = 0;
    struct run_status read_st = { RUN_OK, 0, UNBAKE_OK };

    for (;;) {
        /* keep every slot busy while there is input */
        while (st.error == RUN_OK && !input_done &&
               submitted - emitted < (unsigned long long)pl.jobs) {
            struct part *p = &pl.parts[submitted % (unsigned long long)pl.jobs];
            int r = read_part(in_fd, p, carry, &carry_len, bufs, &eof);
            if (r < 0) {
                /* the parts read before the failure are still written */
                if (errno == ENOMEM) {
                    read_st.error = RUN_LIB;
                    read_st.status = UNBAKE_ERR_NOMEM;
                } else {
                    read_st.error = RUN_READ;
                    read_st.err = errno;
                }
                input_done = 1;
                break;
            }
            if (r == 0) {
                input_done = 1;
                break;
            }
            submitted++;
            if (p->ascii) {
                p->status = UNBAKE_OK;
                p->stats.bytes_in = p->stats.bytes_out = p->in_len;
                pthread_mutex_lock(&pl.mu);
                pl.bytes_done += p->in_len;
                p->state = PART_DONE;
                pthread_mutex_unlock(&pl.mu);
                continue;
            }
            if (pl.jobs == 1) {
                repair_part(&pl, p);
                p->state = PART_DONE;
                break;
            }
            if (pl.nthreads < pl.jobs && pl.nthreads < (int)(submitted - emitted)) {
                if (!pl.threads)
                    pl.threads = calloc((size_t)pl.jobs, sizeof *pl.threads);
                if (pl.threads && pthread_create(&pl.threads[pl.nthreads], NULL, worker, &pl) == 0)
                    pl.nthreads++;
            }
            pthread_mutex_lock(&pl.mu);
            p->state = PART_QUEUED;
            pthread_cond_signal(&pl.work);
            pthread_mutex_unlock(&pl.mu);
            if (pl.nthreads == 0) { /* no thread could be started: do it here */
                p->state = PART_RUNNING;
                repair_part(&pl, p);
                p->state = PART_DONE;
            }
        }
        if (emitted == submitted)
            break;
        struct part *p = &pl.parts[emitted % (unsigned long long)pl.jobs];
        pthread_mutex_lock(&pl.mu);
        while (p->state != PART_DONE) {
            struct timespec t;
            clock_gettime(CLOCK_REALTIME, &t);
            t.tv_nsec += 250000000L;
            if (t.tv_nsec >= 1000000000L) {
                t.tv_sec++;
                t.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&pl.done, &pl.mu, &t);
            unsigned long long done = pl.bytes_done;
            pthread_mutex_unlock(&pl.mu);
            progress_show(&pg, done);
            pthread_mutex_lock(&pl.mu);
        }
        pthread_mutex_unlock(&pl.mu);
        emitted++;
        if (st.error == RUN_OK && p->status != UNBAKE_OK) {
            st.error = RUN_LIB;
            st.status = p->status;
        }
        if (st.error == RUN_OK) {
            report_part(p, in_base, out_base, positions, &cur, name, rep, res);
            pg.fixes += p->nfix;
            const unsigned char *out = p->ascii ? p->in : p->out;
            size_t out_len = p->ascii ? p->in_len : p->out_len;
            if (out_fd >= 0 && out_len && write_all(out_fd, out, out_len) != 0) {
                st.error = RUN_WRITE;
                st.err = errno;
            }
            res->bytes_in += p->stats.bytes_in;
            res->bytes_out += p->stats.bytes_out;
            in_base += p->in_len;
            out_base += out_len;
        }
        pthread_mutex_lock(&pl.mu); /* workers read the states under it */
        part_reset(p);
        unsigned long long done = pl.bytes_done;
        pthread_mutex_unlock(&pl.mu);
        progress_show(&pg, done);
    }
    progress_end(&pg);
    if (st.error == RUN_OK)
        st = read_st;
    if (res->bytes_in != res->bytes_out)
        res->changed = 1;
    free(carry);
    pool_stop(&pl);
    return st;
}
