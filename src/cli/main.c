/*
 * unbake: command-line filter that repairs mojibake.
 *
 *   unbake [options] [FILE...]
 *
 * This file parses the options and dispatches each input to the streaming
 * loop (filter.c) with the right output: standard output, one atomic -o
 * file, each FILE in place, or nothing (--check).
 *
 * The option parser is hand-written rather than getopt_long: getopt_long is
 * a GNU extension outside _POSIX_C_SOURCE, and -i takes an optional
 * attached argument (-i.bak) that POSIX getopt cannot express.
 */
#include "cli.h"

#include <errno.h>
#include <iconv.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUFFER_SIZE (256 * 1024)

static const char usage_text[] =
    "Usage: unbake [OPTION]... [FILE]...\n"
    "Repair mojibake (text decoded with the wrong encoding). With no FILE, or\n"
    "when FILE is -, read standard input. Output goes to standard output.\n"
    "\n"
    "  -o, --output=FILE       write the output to FILE, replacing it atomically\n"
    "  -i, --in-place[=SUFFIX] rewrite each FILE atomically when it changes;\n"
    "                          with SUFFIX keep the original as FILE+SUFFIX\n"
    "      --check             change nothing; list what would be repaired on\n"
    "                          stdout and exit 1 if anything would be\n"
    "      --explain           describe every fix on stderr\n"
    "      --report=json       write a JSON report of all fixes to stderr\n"
    "      --report-file=FILE  write the JSON report to FILE instead\n"
    "      --min-confidence=X  apply only repairs with confidence >= X (0..1)\n"
    "      --codecs=LIST       wrong codecs to consider, comma-separated\n"
    "      --from=ENC          the input is in ENC (any name iconv knows): convert\n"
    "                          it to UTF-8 instead of detecting, then repair\n"
    "      --list-codecs       print the known codec names and exit\n"
    "      --no-guess          write U+FFFD for lost bytes that cannot be decided\n"
    "      --keep-invalid      leave bytes that are not UTF-8 unchanged\n"
    "  -j, --jobs=N            repair N parts of a large input at once (default:\n"
    "                          the number of processors); output is the same\n"
    "  -q, --quiet             no progress line; --check: print nothing, only\n"
    "                          set the exit status\n"
    "  -h, --help              show this help and exit\n"
    "      --version           show the version and exit\n"
    "\n"
    "Exit status: 0 done, 1 --check found something, 2 usage error,\n"
    "3 input/output error. See unbake(1).\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("unbake: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'unbake --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* Result of parsing: run, or exit at once with `exit_code`. */
enum parse_result { PARSE_RUN, PARSE_EXIT };

static int parse_confidence(const char *s, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0 || isnan(x) || x < 0.0 || x > 1.0)
        return -1;
    *out = x;
    return 0;
}

/* Long option name match: "--name" or "--name=value". Sets *value to the
 * text after '=' (NULL when there is none). */
static int parse_jobs(const char *s, int *out)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno || end == s || *end || n < 1 || n > 256)
        return -1;
    *out = (int)n;
    return 0;
}

static int long_opt(const char *arg, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncmp(arg + 2, name, n) != 0)
        return 0;
    if (arg[2 + n] == '\0') {
        *value = NULL;
        return 1;
    }
    if (arg[2 + n] == '=') {
        *value = arg + 3 + n;
        return 1;
    }
    return 0;
}

/* Value of an option that requires one: attached, or the next argument. */
static const char *need_value(const char *value, int argc, char **argv, int *i)
{
    if (value)
        return value;
    if (*i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static enum parse_result parse_args(int argc, char **argv, struct cli_options *o,
                                    int *exit_code)
{
    int i;
    *exit_code = EXIT_DONE;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (a[0] != '-' || a[1] == '\0')
            break; /* first operand ("-" is standard input) */
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[1] != '-') {
            /* Cluster of short options: -q, -h, -o FILE, -iSUFFIX. */
            for (const char *c = a + 1; *c; c++) {
                if (*c == 'q') {
                    o->quiet = 1;
                } else if (*c == 'h') {
                    fputs(usage_text, stdout);
                    return PARSE_EXIT;
                } else if (*c == 'j') {
                    v = need_value(c[1] ? c + 1 : NULL, argc, argv, &i);
                    if (!v)
                        goto missing;
                    if (parse_jobs(v, &o->jobs) != 0) {
                        *exit_code = usage_error("invalid -j value '%s' (expected 1 to 256)", v);
                        return PARSE_EXIT;
                    }
                    break;
                } else if (*c == 'i') {
                    o->mode = OUT_IN_PLACE;
                    o->suffix = c[1] ? c + 1 : NULL;
                    break;
                } else if (*c == 'o') {
                    v = need_value(c[1] ? c + 1 : NULL, argc, argv, &i);
                    if (!v)
                        goto missing;
                    o->mode = OUT_FILE;
                    o->out_path = v;
                    break;
                } else {
                    char opt[3] = { '-', *c, '\0' };
                    *exit_code = usage_error("unknown option '%s'", opt);
                    return PARSE_EXIT;
                }
            }
            continue;
        }
        if (long_opt(a, "help", &v) && !v) {
            fputs(usage_text, stdout);
            return PARSE_EXIT;
        } else if (long_opt(a, "version", &v) && !v) {
            printf("unbake %s\n", unbake_version());
            return PARSE_EXIT;
        } else if (long_opt(a, "list-codecs", &v) && !v) {
            const char *const *names = unbake_codec_names();
            for (; names && *names; names++)
                printf("%s\n", *names);
            return PARSE_EXIT;
        } else if (long_opt(a, "explain", &v) && !v) {
            o->explain = 1;
        } else if (long_opt(a, "check", &v) && !v) {
            o->check = 1;
        } else if (long_opt(a, "quiet", &v) && !v) {
            o->quiet = 1;
        } else if (long_opt(a, "no-guess", &v) && !v) {
            o->lib.flags |= UNBAKE_FLAG_NO_GUESS;
        } else if (long_opt(a, "keep-invalid", &v) && !v) {
            o->lib.flags |= UNBAKE_FLAG_KEEP_INVALID;
        } else if (long_opt(a, "in-place", &v)) {
            o->mode = OUT_IN_PLACE;
            o->suffix = v && *v ? v : NULL;
        } else if (long_opt(a, "output", &v)) {
            if (!(v = need_value(v, argc, argv, &i)))
                goto missing;
            o->mode = OUT_FILE;
            o->out_path = v;
        } else if (long_opt(a, "report", &v)) {
            if (!(v = need_value(v, argc, argv, &i)))
                goto missing;
            if (strcmp(v, "json") != 0) {
                *exit_code = usage_error("invalid --report format '%s' (only 'json' is known)", v);
                return PARSE_EXIT;
            }
            o->json = 1;
        } else if (long_opt(a, "report-file", &v)) {
            if (!(v = need_value(v, argc, argv, &i)) || !*v)
                goto missing;
            o->report_file = v;
            o->json = 1;
        } else if (long_opt(a, "min-confidence", &v)) {
            if (!(v = need_value(v, argc, argv, &i)))
                goto missing;
            if (parse_confidence(v, &o->lib.min_confidence) != 0) {
                *exit_code = usage_error(
                    "invalid --min-confidence value '%s' (expected a number from 0 to 1)", v);
                return PARSE_EXIT;
            }
        } else if (long_opt(a, "from", &v)) {
            if (!(v = need_value(v, argc, argv, &i)) || !*v)
                goto missing;
            iconv_t cd = iconv_open("UTF-8", v);
            if (cd == (iconv_t)-1) {
                *exit_code = usage_error("unknown encoding '%s' for --from (see iconv -l)", v);
                return PARSE_EXIT;
            }
            iconv_close(cd);
            o->from = v;
        } else if (long_opt(a, "jobs", &v)) {
            if (!(v = need_value(v, argc, argv, &i)))
                goto missing;
            if (parse_jobs(v, &o->jobs) != 0) {
                *exit_code = usage_error("invalid --jobs value '%s' (expected 1 to 256)", v);
                return PARSE_EXIT;
            }
        } else if (long_opt(a, "codecs", &v)) {
            if (!(v = need_value(v, argc, argv, &i)))
                goto missing;
            o->lib.codecs = v;
        } else {
            *exit_code = usage_error("unknown option '%s'", a);
            return PARSE_EXIT;
        }
    }
    o->files = argv + i;
    o->nfiles = argc - i;

    if (o->check && o->mode != OUT_STDOUT) {
        *exit_code = usage_error("%s", "--check writes nothing; it cannot be combined with -o or -i");
        return PARSE_EXIT;
    }
    if (o->check)
        o->mode = OUT_DISCARD;
    /* only --explain and the JSON report print how lost bytes were chosen */
    if (!o->explain && !o->json)
        o->lib.flags |= UNBAKE_FLAG_NO_DETAIL;
    if (o->mode == OUT_IN_PLACE) {
        if (o->nfiles == 0) {
            *exit_code = usage_error("%s", "-i needs at least one FILE");
            return PARSE_EXIT;
        }
        for (int k = 0; k < o->nfiles; k++)
            if (strcmp(o->files[k], "-") == 0) {
                *exit_code = usage_error("%s", "-i cannot rewrite standard input");
                return PARSE_EXIT;
            }
    }
    return PARSE_RUN;

missing:
    *exit_code = usage_error("option '%s' requires a value", argv[i < argc ? i : argc - 1]);
    return PARSE_EXIT;
}

/* State shared by all inputs of one run. */
struct run {
    const struct cli_options *o;
    struct report *rep;
    struct buffers bufs;
    int io_error;     /* some input or output failed: exit 3 */
    int output_dead;  /* the shared output failed: stop processing */
    int found;        /* some fix was reported */
};

static const char *lib_error_text(unbake_status s)
{
    const char *t = unbake_status_string(s);
    return t ? t : "internal error";
}

/*
 * Process one input. Returns the run status; `out_name` names the output
 * in write error messages.
 */
static struct run_status process(struct run *r, int in_fd, const char *name, int out_fd,
                                 const char *out_name, struct file_result *res)
{
    report_file_begin(r->rep, name);
    struct run_status st = { RUN_OK, 0, UNBAKE_OK };
    struct input *in = malloc(sizeof *in);
    if (!in) {
        st.error = RUN_LIB;
        st.status = UNBAKE_ERR_NOMEM;
    } else if (input_open(in, in_fd, r->o->from) != 0) {
        st.error = RUN_READ; /* checked at start-up; only resources fail here */
        st.err = errno;
    } else {
        if (r->o->explain && r->o->from)
            fprintf(stderr, "%s: read as %s (--from), converted to UTF-8\n", name, r->o->from);
        st = run_stream(in, out_fd, name, r->o, r->rep, &r->bufs, res);
        input_close(in);
    }
    free(in);
    const char *error = NULL;
    switch (st.error) {
    case RUN_OK:
        break;
    case RUN_READ:
        error = strerror(st.err);
        fprintf(stderr, "unbake: %s: %s\n", name, error);
        break;
    case RUN_WRITE:
        error = strerror(st.err);
        /* A reader that went away (EPIPE) is not worth a message. */
        if (st.err != EPIPE)
            fprintf(stderr, "unbake: %s: %s\n", out_name, error);
        break;
    case RUN_LIB:
        error = lib_error_text(st.status);
        fprintf(stderr, "unbake: %s: %s\n", name, error);
        break;
    }
    if (st.error != RUN_OK)
        r->io_error = 1;
    if (res->repairs || res->irrecoverable || res->decoded)
        r->found = 1;
    report_file_end(r->rep, res, error);
    return st;
}

/* Open an input; "-" is standard input. Reports failures itself. */
static int open_input(struct run *r, const char *path, const char **name)
{
    if (strcmp(path, "-") == 0) {
        *name = "<stdin>";
        return STDIN_FILENO;
    }
    *name = path;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        const char *error = strerror(errno);
        fprintf(stderr, "unbake: %s: %s\n", path, error);
        struct file_result none;
        memset(&none, 0, sizeof none);
        report_file_begin(r->rep, path);
        report_file_end(r->rep, &none, error);
        r->io_error = 1;
    }
    return fd;
}

/* Standard output, --check or -o: every input into one output. */
static void run_shared_output(struct run *r, int out_fd, const char *out_name)
{
    static char *stdin_only[] = { "-", NULL };
    char **files = r->o->nfiles ? r->o->files : stdin_only;
    int n = r->o->nfiles ? r->o->nfiles : 1;
    for (int k = 0; k < n && !r->output_dead; k++) {
        const char *name;
        int fd = open_input(r, files[k], &name);
        if (fd < 0)
            continue;
        struct file_result res;
        struct run_status st = process(r, fd, name, out_fd, out_name, &res);
        if (st.error == RUN_WRITE)
            r->output_dead = 1;
        if (fd != STDIN_FILENO)
            close(fd); /* read-only: a close error loses nothing */
    }
}

static void run_in_place(struct run *r, const char *path)
{
    const char *name;
    int fd = open_input(r, path, &name);
    if (fd < 0)
        return;
    struct stat st;
    int bad = fstat(fd, &st) != 0 ? errno : !S_ISREG(st.st_mode) ? -1 : 0;
    if (!bad && (st.st_mode & 0222) == 0) {
        /* A file nobody may write is somebody's decision: -i does not get
         * around it by renaming over it (sed -i would). */
        fprintf(stderr, "unbake: %s: file is read-only; not changed (make it writable to repair it)\n",
                path);
        r->io_error = 1;
        close(fd);
        return;
    }
    if (bad) {
        /* Only regular files can be replaced by rename. */
        fprintf(stderr, "unbake: %s: %s\n", path,
                bad > 0 ? strerror(bad)
                        : S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
        r->io_error = 1;
        close(fd);
        return;
    }
    struct atomic_out a;
    if (atomic_begin(&a, path, path) != 0) {
        r->io_error = 1;
        close(fd);
        return;
    }
    struct file_result res;
    struct run_status rs = process(r, fd, name, a.fd, path, &res);
    close(fd);
    if (rs.error != RUN_OK || !res.changed) {
        atomic_abort(&a); /* failed, or nothing to change: leave it alone */
        return;
    }
    if (atomic_commit(&a, path, r->o->suffix) != 0)
        r->io_error = 1;
}

int main(int argc, char **argv)
{
    struct cli_options o;
    memset(&o, 0, sizeof o);
    o.mode = OUT_STDOUT;
    unbake_options_init(&o.lib);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = ncpu < 1 ? 1 : ncpu > 256 ? 256 : (int)ncpu;

    int code;
    if (parse_args(argc, argv, &o, &code) == PARSE_EXIT) {
        if (fflush(stdout) != 0 && code == EXIT_DONE)
            code = EXIT_IO;
        return code;
    }

    /* Let the library validate the options (e.g. --codecs) before any
     * file is touched, so that a bad value is a usage error. */
    unbake_stream *probe = NULL;
    unbake_status ps = unbake_stream_new(&o.lib, &probe);
    unbake_stream_free(probe);
    if (ps == UNBAKE_ERR_ARGUMENT) {
        if (o.lib.codecs && *o.lib.codecs)
            return usage_error("invalid --codecs list '%s' (see --list-codecs)", o.lib.codecs);
        return usage_error("%s", "the library rejected the options");
    }
    if (ps != UNBAKE_OK) {
        fprintf(stderr, "unbake: %s\n", lib_error_text(ps));
        return EXIT_IO;
    }

    io_setup_signals();

    struct run r;
    memset(&r, 0, sizeof r);
    r.o = &o;
    r.bufs.size = BUFFER_SIZE;
    r.bufs.in = malloc(BUFFER_SIZE);
    r.bufs.out = malloc(BUFFER_SIZE);
    if (!r.bufs.in || !r.bufs.out) {
        fprintf(stderr, "unbake: %s\n", strerror(ENOMEM));
        return EXIT_IO;
    }
    r.rep = report_open(&o);
    if (!r.rep)
        return EXIT_IO;

    switch (o.mode) {
    case OUT_STDOUT:
        run_shared_output(&r, STDOUT_FILENO, "<stdout>");
        break;
    case OUT_DISCARD:
        run_shared_output(&r, -1, "<none>");
        break;
    case OUT_FILE: {
        struct atomic_out a;
        if (atomic_begin(&a, o.out_path, o.out_path) != 0) {
            r.io_error = 1;
            break;
        }
        run_shared_output(&r, a.fd, o.out_path);
        /* An incomplete output must not replace the target. */
        if (r.io_error)
            atomic_abort(&a);
        else if (atomic_commit(&a, o.out_path, NULL) != 0)
            r.io_error = 1;
        break;
    }
    case OUT_IN_PLACE:
        for (int k = 0; k < o.nfiles; k++)
            run_in_place(&r, o.files[k]);
        break;
    }

    /* --check lines went through stdio: a failure shows up at the flush. */
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout) || report_stdout_failed(r.rep)) {
        int e = errno ? errno : EIO;
        if (e != EPIPE)
            fprintf(stderr, "unbake: <stdout>: %s\n", strerror(e));
        r.io_error = 1;
    }
    if (report_close(r.rep) != 0)
        r.io_error = 1;
    free(r.bufs.in);
    free(r.bufs.out);
    if (r.io_error)
        return EXIT_IO;
    return o.check && r.found ? EXIT_FOUND : EXIT_DONE;
}
