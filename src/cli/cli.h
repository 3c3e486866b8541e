/*
 * Private declarations of the `unbake` command-line filter.
 *
 * The CLI sees only the public header <unbake.h>. Modules:
 *   main.c    options, dispatch, exit status
 *   filter.c  the repair loop: parts, worker threads, line:col
 *   io.c      checked read/write helpers, atomic output, backups
 *   report.c  --explain, --check and --report=json output
 *   text.c    UTF-8 helpers and escaping shared by the reporters
 */
#ifndef UNBAKE_CLI_H
#define UNBAKE_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <iconv.h>
#include <stdio.h>
#include <sys/types.h>

#include <unbake.h>

/* Exit statuses (documented in doc/unbake.1). */
enum {
    EXIT_DONE = 0,
    EXIT_FOUND = 1, /* --check found something */
    EXIT_USAGE = 2,
    EXIT_IO = 3
};

/* Where the repaired text goes. */
enum output_mode {
    OUT_STDOUT,   /* default: concatenated on standard output */
    OUT_FILE,     /* -o FILE, written atomically */
    OUT_IN_PLACE, /* -i: each FILE rewritten atomically */
    OUT_DISCARD   /* --check: nothing is written */
};

/* Everything the command line decided; read-only after parsing. */
struct cli_options {
    enum output_mode mode;
    const char *out_path;    /* -o */
    const char *suffix;      /* -i backup suffix, NULL for none */
    int explain;
    int check;
    int quiet;
    int jobs;                /* -j: parts repaired at once (filter.c) */
    int json;
    const char *report_file; /* NULL: the JSON report goes to stderr */
    const char *from;        /* --from: the input's encoding, for iconv */
    unbake_options lib;      /* on_fix/user are set per stream */
    char **files;            /* NULL-terminated; empty means stdin */
    int nfiles;
};

/* ---- text.c: growable string and escaping ---- */

struct sbuf {
    char *data;
    size_t len;
    size_t cap;
    int failed; /* an allocation failed; the content is truncated */
};

void sb_init(struct sbuf *sb);
void sb_free(struct sbuf *sb);
void sb_add(struct sbuf *sb, const char *s, size_t n);
void sb_puts(struct sbuf *sb, const char *s);
void sb_printf(struct sbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Decode one UTF-8 sequence from s[0..n). Returns its length (1..4) and
 * stores the code point in *cp, or returns 0 for an invalid or truncated
 * sequence (the caller then treats one byte as invalid).
 */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Append a one-line, human-readable form of s[0..n): control characters
 * escaped, invalid bytes as \xNN, cut with an ellipsis after `max_chars`. */
void sb_add_display(struct sbuf *sb, const char *s, size_t n, size_t max_chars);

/* Append s[0..n) as a JSON string literal, quotes included. */
void sb_add_json_string(struct sbuf *sb, const char *s, size_t n);

/* ---- io.c ---- */

/* write(2) until done; retries EINTR. Returns 0 or -1 with errno set. */
int write_all(int fd, const void *buf, size_t len);

/* read(2) retrying EINTR. */
ssize_t read_retry(int fd, void *buf, size_t len);

/*
 * An output written atomically: a temporary file beside the target, renamed
 * over it only by atomic_commit(). When the target exists and is not a
 * regular file (a device such as /dev/null, a FIFO), it is written directly
 * instead: renaming over a device node would replace it.
 */
struct atomic_out {
    char *target;   /* resolved path that will be replaced */
    char *tmp;      /* temporary path, NULL when writing directly */
    int fd;
    int direct;
    int have_stat;  /* target existed: keep its mode and owner */
    mode_t mode;
    uid_t uid;
    gid_t gid;
};

/* Prepare an atomic output for `path`. On failure prints a message
 * (naming `display`) and returns -1. */
int atomic_begin(struct atomic_out *a, const char *path, const char *display);
/* fsync, set permissions, keep a backup `target+suffix` when suffix is
 * non-NULL, rename, fsync the directory. Prints a message and removes the
 * temporary file on failure; returns 0 or -1. */
int atomic_commit(struct atomic_out *a, const char *display, const char *suffix);
/* Remove the temporary file and release everything (safe to call twice). */
void atomic_abort(struct atomic_out *a);

/* Install signal handling: SIGPIPE ignored (EPIPE is handled as a write
 * error), and SIGINT/SIGTERM/SIGHUP remove pending temporary files. */
void io_setup_signals(void);

/* ---- report.c ---- */

struct report; /* opaque: explain/check/JSON sinks and totals */

/* Per-stream counters, filled by the fix callback. */
struct file_result {
    uint64_t repairs;
    uint64_t irrecoverable;
    uint64_t decoded;
    uint64_t guessed_bytes;
    uint64_t lost_chars;
    uint64_t bytes_in;
    uint64_t bytes_out;
    int changed; /* some fix changed bytes (or the length changed) */
};

/* Returns NULL (after printing a message) when the report file cannot be
 * created. */
struct report *report_open(const struct cli_options *o);
void report_file_begin(struct report *r, const char *name);
void report_fix(struct report *r, const char *name, const unbake_fix *fix,
                uint64_t line, uint64_t col, struct file_result *res);
/* `error` is NULL on success, else a short text stored in the JSON. */
void report_file_end(struct report *r, const struct file_result *res,
                     const char *error);
/* Non-zero when a --check line could not be written to stdout. */
int report_stdout_failed(const struct report *r);
/* Finish the JSON document (totals), commit --report-file and release.
 * Returns 0, or -1 after printing a message when it could not be written. */
int report_close(struct report *r);

/* ---- filter.c ---- */

enum run_error {
    RUN_OK = 0,
    RUN_READ, /* reading the input failed (errno saved) */
    RUN_WRITE, /* writing the output failed (errno saved) */
    RUN_LIB   /* the library refused (status saved) */
};

struct run_status {
    enum run_error error;
    int err;              /* errno for RUN_READ / RUN_WRITE */
    unbake_status status; /* for RUN_LIB */
};

/* Work buffers, allocated once and reused for every file. */
struct buffers {
    unsigned char *in;
    unsigned char *out;
    size_t size;
};

/*
 * Repair everything readable from in_fd as one stream, writing the result
 * to out_fd (nothing is written when out_fd < 0). Fixes are reported
 * through `rep` under `name`.
 */
/* An input: a file descriptor, read as it is or converted to UTF-8 from
 * the --from encoding. */
struct input {
    int fd;
    iconv_t cd;            /* (iconv_t)-1: no conversion */
    unsigned char raw[65536];
    size_t raw_len;
    int eof;
};

/* Returns -1 (errno set by iconv_open) when `from` is not an encoding
 * iconv knows; from NULL means no conversion. */
int input_open(struct input *in, int fd, const char *from);
void input_close(struct input *in);
/* Like read(2), but with --from the bytes come converted to UTF-8 (io.c). */
ssize_t input_read(struct input *in, unsigned char *buf, size_t cap);

struct run_status run_stream(struct input *in_fd, int out_fd, const char *name,
                             const struct cli_options *o, struct report *rep,
                             struct buffers *bufs, struct file_result *res);

#endif /* UNBAKE_CLI_H */
