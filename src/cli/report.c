/*
 * Reporting of fix records: --explain lines (stderr), --check lines
 * (stdout) and the --report=json document (stderr or --report-file).
 *
 * The JSON document is written incrementally so memory stays bounded
 * however many fixes a file has. When it goes to stderr it is first
 * spooled to an anonymous temporary file and copied out at the end, so
 * that error messages and --explain lines (also on stderr) come before it
 * instead of landing in the middle of it.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Longest BEFORE/AFTER shown on one line, in characters. */
#define DISPLAY_MAX_CHARS 40
/* Flush the JSON buffer once it holds this much. */
#define JSON_FLUSH_AT 65536

struct report {
    const struct cli_options *o;
    struct sbuf line;       /* one explain/check line, reused */
    /* JSON sink */
    struct sbuf json;
    int json_fd;            /* -1 when no JSON report is wanted */
    FILE *spool;            /* stderr target: temporary spool file */
    struct atomic_out file; /* --report-file target */
    int json_err;           /* errno of the first failed JSON write */
    int first_file, first_fix;
    int stdout_failed;
    /* totals */
    uint64_t files, files_changed, errors;
    struct file_result total;
};

static double clamp01(double x)
{
    if (!(x >= 0.0)) /* also catches NaN */
        return 0.0;
    return x > 1.0 ? 1.0 : x;
}

static void json_flush(struct report *r)
{
    if (r->json_fd < 0 || r->json.len == 0)
        return;
    if (!r->json_err && write_all(r->json_fd, r->json.data, r->json.len) != 0)
        r->json_err = errno;
    if (!r->json_err && r->json.failed)
        r->json_err = ENOMEM;
    r->json.len = 0;
}

struct report *report_open(const struct cli_options *o)
{
    struct report *r = calloc(1, sizeof *r);
    if (!r) {
        fprintf(stderr, "unbake: %s\n", strerror(ENOMEM));
        return NULL;
    }
    r->o = o;
    r->json_fd = -1;
    r->file.fd = -1;
    r->first_file = 1;
    sb_init(&r->line);
    sb_init(&r->json);
    if (!o->json)
        return r;
    if (o->report_file) {
        if (atomic_begin(&r->file, o->report_file, o->report_file) != 0) {
            free(r);
            return NULL;
        }
        r->json_fd = r->file.fd;
    } else {
        r->spool = tmpfile();
        /* Without a spool, write straight to stderr: still valid JSON
         * when nothing else is printed. */
        r->json_fd = r->spool ? fileno(r->spool) : STDERR_FILENO;
    }
    sb_printf(&r->json, "{\n  \"unbake\": \"%s\",\n  \"mode\": \"%s\",\n  \"files\": [",
              unbake_version(), o->check ? "check" : "repair");
    return r;
}

static const char *kind_name(unbake_fix_kind k)
{
    switch (k) {
    case UNBAKE_FIX_REPAIR: return "repair";
    case UNBAKE_FIX_IRRECOVERABLE: return "irrecoverable";
    case UNBAKE_FIX_DECODED: return "decoded";
    }
    return "unknown";
}

void report_file_begin(struct report *r, const char *name)
{
    r->files++;
    if (r->json_fd < 0)
        return;
    sb_puts(&r->json, r->first_file ? "\n    {\"file\": " : ",\n    {\"file\": ");
    r->first_file = 0;
    sb_add_json_string(&r->json, name, strlen(name));
    sb_puts(&r->json, ", \"fixes\": [");
    r->first_fix = 1;
}

/* "NAME:LINE:COL: " with the name escaped like the spans. */
static void add_location(struct sbuf *sb, const char *name, uint64_t line, uint64_t col)
{
    sb_add_display(sb, name, strlen(name), (size_t)-1);
    sb_printf(sb, ":%llu:%llu: ", (unsigned long long)line, (unsigned long long)col);
}

static void add_change(struct sbuf *sb, const unbake_fix *fix)
{
    sb_add_display(sb, fix->before ? fix->before : "", fix->before ? fix->in_len : 0,
                   DISPLAY_MAX_CHARS);
    sb_puts(sb, " \xE2\x86\x92 "); /* → */
    sb_add_display(sb, fix->after ? fix->after : "", fix->after ? fix->out_len : 0,
                   DISPLAY_MAX_CHARS);
}

static const char *plural(uint64_t n)
{
    return n == 1 ? "" : "s";
}

static void explain_line(struct report *r, const char *name, const unbake_fix *fix,
                         uint64_t line, uint64_t col)
{
    struct sbuf *sb = &r->line;
    sb->len = 0;
    add_location(sb, name, line, col);
    if (fix->kind == UNBAKE_FIX_IRRECOVERABLE)
        sb_puts(sb, "irrecoverable damage: ");
    else if (fix->kind == UNBAKE_FIX_DECODED)
        sb_puts(sb, "not UTF-8: ");
    add_change(sb, fix);
    if (fix->kind == UNBAKE_FIX_IRRECOVERABLE)
        sb_printf(sb, ", %u character%s lost", fix->lost_chars, plural(fix->lost_chars));
    sb_printf(sb, " [%s%s", fix->kind == UNBAKE_FIX_DECODED ? "decoded as " : "",
              fix->hypothesis ? fix->hypothesis : "?");
    if (fix->guessed_bytes)
        sb_printf(sb, ", %u byte%s guessed", fix->guessed_bytes, plural(fix->guessed_bytes));
    sb_printf(sb, ", confidence %.2f]", clamp01(fix->confidence));
    if (fix->detail) {
        sb_puts(sb, " \xE2\x80\x94 "); /* — */
        sb_add_display(sb, fix->detail, strlen(fix->detail), (size_t)-1);
    }
    sb_add(sb, "\n", 1);
    /* stderr is unbuffered: one fwrite keeps the line whole. */
    fwrite(sb->data, 1, sb->len, stderr);
}

static void check_line(struct report *r, const char *name, const unbake_fix *fix,
                       uint64_t line, uint64_t col)
{
    struct sbuf *sb = &r->line;
    sb->len = 0;
    add_location(sb, name, line, col);
    switch (fix->kind) {
    case UNBAKE_FIX_IRRECOVERABLE: sb_puts(sb, "irrecoverable: "); break;
    case UNBAKE_FIX_DECODED: sb_puts(sb, "not-utf-8: "); break;
    default: sb_puts(sb, "mojibake: "); break;
    }
    add_change(sb, fix);
    sb_puts(sb, " (");
    if (fix->kind == UNBAKE_FIX_IRRECOVERABLE)
        sb_printf(sb, "%u character%s lost, ", fix->lost_chars, plural(fix->lost_chars));
    sb_printf(sb, "%s, confidence %.2f)\n", fix->hypothesis ? fix->hypothesis : "?",
              clamp01(fix->confidence));
    if (fwrite(sb->data, 1, sb->len, stdout) != sb->len)
        r->stdout_failed = 1;
}

static void json_fix(struct report *r, const unbake_fix *fix, uint64_t line, uint64_t col)
{
    struct sbuf *j = &r->json;
    sb_puts(j, r->first_fix ? "\n      " : ",\n      ");
    r->first_fix = 0;
    sb_printf(j, "{\"kind\": \"%s\", \"line\": %llu, \"col\": %llu, "
                 "\"in_offset\": %llu, \"in_len\": %llu, "
                 "\"out_offset\": %llu, \"out_len\": %llu, \"before\": ",
              kind_name(fix->kind), (unsigned long long)line, (unsigned long long)col,
              (unsigned long long)fix->in_offset, (unsigned long long)fix->in_len,
              (unsigned long long)fix->out_offset, (unsigned long long)fix->out_len);
    sb_add_json_string(j, fix->before ? fix->before : "", fix->before ? fix->in_len : 0);
    sb_puts(j, ", \"after\": ");
    sb_add_json_string(j, fix->after ? fix->after : "", fix->after ? fix->out_len : 0);
    sb_puts(j, ", \"hypothesis\": ");
    if (fix->hypothesis)
        sb_add_json_string(j, fix->hypothesis, strlen(fix->hypothesis));
    else
        sb_puts(j, "null");
    sb_printf(j, ", \"layers\": %u, \"guessed_bytes\": %u, \"lost_chars\": %u, "
                 "\"confidence\": %.4f, \"detail\": ",
              fix->layers, fix->guessed_bytes, fix->lost_chars, clamp01(fix->confidence));
    if (fix->detail)
        sb_add_json_string(j, fix->detail, strlen(fix->detail));
    else
        sb_puts(j, "null");
    sb_puts(j, "}");
    if (j->len >= JSON_FLUSH_AT)
        json_flush(r);
}

void report_fix(struct report *r, const char *name, const unbake_fix *fix,
                uint64_t line, uint64_t col, struct file_result *res)
{
    switch (fix->kind) {
    case UNBAKE_FIX_IRRECOVERABLE: res->irrecoverable++; break;
    case UNBAKE_FIX_DECODED: res->decoded++; break;
    default: res->repairs++; break;
    }
    res->guessed_bytes += fix->guessed_bytes;
    res->lost_chars += fix->lost_chars;
    if (fix->in_len != fix->out_len ||
        (fix->in_len && (!fix->before || !fix->after ||
                         memcmp(fix->before, fix->after, fix->in_len) != 0)))
        res->changed = 1;

    if (r->o->explain)
        explain_line(r, name, fix, line, col);
    if (r->o->check && !r->o->quiet)
        check_line(r, name, fix, line, col);
    if (r->json_fd >= 0)
        json_fix(r, fix, line, col);
}

static void add_counts(struct sbuf *j, const struct file_result *c)
{
    sb_printf(j, "\"repairs\": %llu, \"irrecoverable\": %llu, \"decoded\": %llu, "
                 "\"guessed_bytes\": %llu, \"lost_chars\": %llu, "
                 "\"bytes_in\": %llu, \"bytes_out\": %llu",
              (unsigned long long)c->repairs, (unsigned long long)c->irrecoverable,
              (unsigned long long)c->decoded, (unsigned long long)c->guessed_bytes,
              (unsigned long long)c->lost_chars, (unsigned long long)c->bytes_in,
              (unsigned long long)c->bytes_out);
}

void report_file_end(struct report *r, const struct file_result *res, const char *error)
{
    struct file_result *t = &r->total;
    t->repairs += res->repairs;
    t->irrecoverable += res->irrecoverable;
    t->decoded += res->decoded;
    t->guessed_bytes += res->guessed_bytes;
    t->lost_chars += res->lost_chars;
    t->bytes_in += res->bytes_in;
    t->bytes_out += res->bytes_out;
    if (res->changed)
        r->files_changed++;
    if (error)
        r->errors++;
    if (r->json_fd < 0)
        return;
    struct sbuf *j = &r->json;
    sb_puts(j, r->first_fix ? "], " : "\n    ], ");
    sb_printf(j, "\"changed\": %s, ", res->changed ? "true" : "false");
    add_counts(j, res);
    sb_puts(j, ", \"error\": ");
    if (error)
        sb_add_json_string(j, error, strlen(error));
    else
        sb_puts(j, "null");
    sb_puts(j, "}");
    json_flush(r);
}

int report_stdout_failed(const struct report *r)
{
    return r->stdout_failed;
}

/* Copy the spooled JSON to stderr. */
static int copy_spool(struct report *r)
{
    if (fflush(r->spool) != 0 || fseek(r->spool, 0, SEEK_SET) != 0)
        return -1;
    char buf[65536];
    int fd = fileno(r->spool);
    ssize_t n;
    while ((n = read_retry(fd, buf, sizeof buf)) > 0)
        if (write_all(STDERR_FILENO, buf, (size_t)n) != 0)
            return -1;
    return n < 0 ? -1 : 0;
}

int report_close(struct report *r)
{
    int rc = 0;
    if (r->json_fd >= 0) {
        struct sbuf *j = &r->json;
        sb_puts(j, r->first_file ? "],\n" : "\n  ],\n");
        sb_printf(j, "  \"totals\": {\"files\": %llu, \"files_changed\": %llu, "
                     "\"errors\": %llu, ",
                  (unsigned long long)r->files, (unsigned long long)r->files_changed,
                  (unsigned long long)r->errors);
        add_counts(j, &r->total);
        sb_puts(j, "}\n}\n");
        json_flush(r);
        if (r->spool) {
            /* Our own writes went to the fd, so the FILE has no buffered
             * data; rewinding it is enough. */
            if (!r->json_err && copy_spool(r) != 0)
                r->json_err = errno ? errno : EIO;
            fclose(r->spool);
        }
        const char *where = r->o->report_file ? r->o->report_file : "<stderr>";
        if (r->json_err) {
            fprintf(stderr, "unbake: %s: cannot write report: %s\n", where,
                    strerror(r->json_err));
            rc = -1;
            if (r->o->report_file)
                atomic_abort(&r->file);
        } else if (r->o->report_file) {
            if (atomic_commit(&r->file, where, NULL) != 0)
                rc = -1;
        }
    }
    sb_free(&r->line);
    sb_free(&r->json);
    free(r);
    return rc;
}
