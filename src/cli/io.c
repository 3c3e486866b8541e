/*
 * Checked I/O for the filter: full writes, EINTR-safe reads, input
 * converted from a legacy encoding as it is read (--from), and outputs
 * that replace their target atomically (temporary file in the same
 * directory, fsync, permissions, optional backup, rename, directory fsync),
 * so a failed or interrupted run never leaves a half-written file behind.
 */
/* realpath() is an XSI interface; _POSIX_C_SOURCE alone hides it. */
#define _XOPEN_SOURCE 700

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

ssize_t read_retry(int fd, void *buf, size_t len)
{
    for (;;) {
        ssize_t n = read(fd, buf, len);
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

/*
 * Temporary files to remove if a signal kills us. This is the one piece of
 * global mutable state: a signal handler has no other way to find them.
 * Slots are filled before the file is created and cleared after it is
 * renamed or removed; the handler only reads complete slots.
 */
#define TMP_SLOTS 4
#define TMP_PATH_MAX 4096
static char tmp_slot_path[TMP_SLOTS][TMP_PATH_MAX];
static volatile sig_atomic_t tmp_slot_used[TMP_SLOTS];

static void tmp_register(const char *path)
{
    size_t n = strlen(path);
    if (n >= TMP_PATH_MAX)
        return; /* too long to track; only signal cleanup is lost */
    for (int i = 0; i < TMP_SLOTS; i++) {
        if (!tmp_slot_used[i]) {
            memcpy(tmp_slot_path[i], path, n + 1);
            tmp_slot_used[i] = 1;
            return;
        }
    }
}

static void tmp_unregister(const char *path)
{
    for (int i = 0; i < TMP_SLOTS; i++) {
        if (tmp_slot_used[i] && strcmp(tmp_slot_path[i], path) == 0) {
            tmp_slot_used[i] = 0;
            return;
        }
    }
}

static void on_fatal_signal(int sig)
{
    for (int i = 0; i < TMP_SLOTS; i++)
        if (tmp_slot_used[i])
            unlink(tmp_slot_path[i]); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

void io_setup_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    /* A closed pipe shows up as EPIPE from write(), which we handle. */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    sa.sa_handler = on_fatal_signal;
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* Keep "ignored" when the parent asked for it (nohup). */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

static char *str_concat3(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = malloc(la + lb + lc + 1);
    if (!s)
        return NULL;
    memcpy(s, a, la);
    memcpy(s + la, b, lb);
    memcpy(s + la + lb, c, lc + 1);
    return s;
}

/* Directory part of a path ("." when there is no slash). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return str_concat3(".", "", "");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, path, n);
    d[n] = '\0';
    return d;
}

static void errmsg(const char *display, const char *what, int err)
{
    if (what)
        fprintf(stderr, "unbake: %s: %s: %s\n", display, what, strerror(err));
    else
        fprintf(stderr, "unbake: %s: %s\n", display, strerror(err));
}

/* Make a temporary file "DIR/.BASE.XXXXXX" next to `target`. */
static int make_temp(const char *target, char **out_path)
{
    char *dir = dir_of(target);
    if (!dir)
        return -1;
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    char *tmpl = str_concat3(dir, "/.", base);
    free(dir);
    char *full = tmpl ? str_concat3(tmpl, ".unbake-", "XXXXXX") : NULL;
    free(tmpl);
    if (!full) {
        errno = ENOMEM;
        return -1;
    }
    /* Block the cleanup signals so that the file exists only once it is
     * registered for removal. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    int fd = mkstemp(full);
    int e = errno;
    if (fd >= 0)
        tmp_register(full);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        free(full);
        errno = e;
        return -1;
    }
    *out_path = full;
    return fd;
}

int atomic_begin(struct atomic_out *a, const char *path, const char *display)
{
    memset(a, 0, sizeof *a);
    a->fd = -1;
    /* Follow symlinks so that the link keeps pointing at the new file. */
    a->target = realpath(path, NULL);
    if (!a->target) {
        if (errno != ENOENT) {
            errmsg(display, NULL, errno);
            return -1;
        }
        a->target = str_concat3(path, "", "");
        if (!a->target) {
            errmsg(display, NULL, ENOMEM);
            return -1;
        }
    }
    struct stat st;
    if (stat(a->target, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            /* A device or FIFO: write to it directly. */
            a->direct = 1;
            a->fd = open(a->target, O_WRONLY | O_TRUNC);
            if (a->fd < 0) {
                errmsg(display, NULL, errno);
                atomic_abort(a);
                return -1;
            }
            return 0;
        }
        a->have_stat = 1;
        a->mode = st.st_mode & 07777;
        a->uid = st.st_uid;
        a->gid = st.st_gid;
    } else if (errno != ENOENT) {
        errmsg(display, NULL, errno);
        atomic_abort(a);
        return -1;
    } else {
        /* A new file gets what open(O_CREAT, 0666) would give it. */
        mode_t mask = umask(0);
        umask(mask);
        a->mode = 0666 & ~mask;
    }
    a->fd = make_temp(a->target, &a->tmp);
    if (a->fd < 0) {
        errmsg(display, "cannot create temporary file", errno);
        atomic_abort(a);
        return -1;
    }
    return 0;
}

void atomic_abort(struct atomic_out *a)
{
    if (a->fd >= 0)
        close(a->fd); /* the data is being thrown away; errors don't matter */
    a->fd = -1;
    if (a->tmp) {
        unlink(a->tmp);
        tmp_unregister(a->tmp);
        free(a->tmp);
        a->tmp = NULL;
    }
    free(a->target);
    a->target = NULL;
}

/* Copy `src` to a new file `dst` (atomically, via a temporary file). */
static int copy_file(const char *src, const char *dst, mode_t mode)
{
    int in = open(src, O_RDONLY);
    if (in < 0)
        return -1;
    char *tmp = NULL;
    int out = make_temp(dst, &tmp);
    if (out < 0) {
        int e = errno;
        close(in);
        errno = e;
        return -1;
    }
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read_retry(in, buf, sizeof buf)) > 0)
        if (write_all(out, buf, (size_t)n) != 0) {
            rc = -1;
            break;
        }
    if (n < 0)
        rc = -1;
    if (rc == 0 && (fchmod(out, mode) != 0 || fsync(out) != 0))
        rc = -1;
    int e = errno;
    if (close(out) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    close(in);
    if (rc == 0 && rename(tmp, dst) != 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0)
        unlink(tmp);
    tmp_unregister(tmp);
    free(tmp);
    errno = e;
    return rc;
}

/* Keep the current target as target+suffix: a hard link when possible,
 * otherwise a copy. */
static int make_backup(const struct atomic_out *a, const char *suffix)
{
    char *bak = str_concat3(a->target, suffix, "");
    if (!bak) {
        errno = ENOMEM;
        return -1;
    }
    int rc = link(a->target, bak);
    if (rc != 0 && errno == EEXIST) {
        /* Replace an old backup; the original is still untouched here. */
        if (unlink(bak) == 0)
            rc = link(a->target, bak);
    }
    if (rc != 0 && errno != ENOENT && errno != EEXIST && errno != ENOTDIR)
        rc = copy_file(a->target, bak, a->mode); /* no hard links here */
    int e = errno;
    free(bak);
    errno = e;
    return rc;
}

static int sync_dir(const char *target)
{
    char *dir = dir_of(target);
    if (!dir) {
        errno = ENOMEM;
        return -1;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    /* Some file systems cannot sync a directory; the rename still stands. */
    if (rc != 0 && (e == EINVAL || e == ENOTSUP))
        rc = 0;
    errno = e;
    return rc;
}

int atomic_commit(struct atomic_out *a, const char *display, const char *suffix)
{
    if (a->direct) {
        int rc = close(a->fd);
        a->fd = -1;
        if (rc != 0)
            errmsg(display, NULL, errno);
        atomic_abort(a);
        return rc == 0 ? 0 : -1;
    }
    if (fsync(a->fd) != 0) {
        errmsg(display, NULL, errno);
        atomic_abort(a);
        return -1;
    }
    /* Owner first: chown may clear set-id bits that fchmod then restores.
     * Failing to chown (not root) is normal and leaves us the owner. */
    if (a->have_stat && (a->uid != geteuid() || a->gid != getegid())) {
        if (fchown(a->fd, a->uid, a->gid) != 0)
            a->mode &= 0777; /* never hand set-id bits to another owner */
    }
    if (fchmod(a->fd, a->mode) != 0) {
        errmsg(display, "cannot set permissions", errno);
        atomic_abort(a);
        return -1;
    }
    int rc = close(a->fd);
    a->fd = -1;
    if (rc != 0) {
        errmsg(display, NULL, errno);
        atomic_abort(a);
        return -1;
    }
    if (suffix && a->have_stat && make_backup(a, suffix) != 0) {
        errmsg(display, "cannot make backup", errno);
        atomic_abort(a);
        return -1;
    }
    if (rename(a->tmp, a->target) != 0) {
        errmsg(display, NULL, errno);
        atomic_abort(a);
        return -1;
    }
    tmp_unregister(a->tmp);
    free(a->tmp);
    a->tmp = NULL;
    rc = 0;
    if (sync_dir(a->target) != 0) {
        errmsg(display, "cannot sync directory", errno);
        rc = -1;
    }
    atomic_abort(a); /* releases the remaining memory; nothing to unlink */
    return rc;
}

/* ---- --from=ENC: the input converted to UTF-8 by iconv as it is read ---- */

int input_open(struct input *in, int fd, const char *from)
{
    memset(in, 0, sizeof *in);
    in->fd = fd;
    in->cd = (iconv_t)-1;
    if (!from)
        return 0;
    in->cd = iconv_open("UTF-8", from);
    return in->cd == (iconv_t)-1 ? -1 : 0;
}

void input_close(struct input *in)
{
    if (in->cd != (iconv_t)-1)
        iconv_close(in->cd);
    in->cd = (iconv_t)-1;
}

/* Like read(2), but with --from the bytes come converted to UTF-8. A byte
 * sequence the encoding does not define becomes U+FFFD (one per byte), as
 * does a sequence cut off by the end of the input. */
ssize_t input_read(struct input *in, unsigned char *buf, size_t cap)
{
    if (in->cd == (iconv_t)-1)
        return read_retry(in->fd, buf, cap);
    size_t got = 0;
    while (got + 4 <= cap) {
        if (in->raw_len == 0 && !in->eof) {
            ssize_t n = read_retry(in->fd, in->raw, sizeof in->raw);
            if (n < 0)
                return got ? (ssize_t)got : -1;
            if (n == 0)
                in->eof = 1;
            in->raw_len = (size_t)n;
        }
        if (in->raw_len == 0)
            break; /* end of input */
        char *src = (char *)in->raw, *dst = (char *)buf + got;
        size_t left = in->raw_len, room = cap - got;
        size_t rc = iconv(in->cd, &src, &left, &dst, &room);
        got = (size_t)((unsigned char *)dst - buf);
        size_t used = in->raw_len - left;
        int err = rc == (size_t)-1 ? errno : 0;
        if (err == EILSEQ || (err == EINVAL && in->eof)) {
            /* undefined here, or cut off at the end: one U+FFFD per byte */
            if (cap - got < 3)
                break;
            memcpy(buf + got, "\xEF\xBF\xBD", 3);
            got += 3;
            used++;
            left--;
        }
        memmove(in->raw, in->raw + used, left);
        in->raw_len = left;
        if (err == E2BIG)
            break;
        if (err == EINVAL && !in->eof) {
            /* an incomplete sequence waits for the next read */
            ssize_t n = read_retry(in->fd, in->raw + in->raw_len, sizeof in->raw - in->raw_len);
            if (n < 0)
                return got ? (ssize_t)got : -1;
            if (n == 0)
                in->eof = 1;
            in->raw_len += (size_t)n;
        }
        if (got)
            break; /* give back what we have */
    }
    return (ssize_t)got;
}
