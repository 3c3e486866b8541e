#include "testutil.h"

#include <stdio.h>
#include <string.h>

int ut_failures;
int ut_checks;

void ut_fail(const char *file, int line, const char *expr) {
    ut_failures++;
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
}

void ut_fail_str(const char *file, int line, const char *what,
                 const char *got, size_t got_len, const char *want, size_t want_len) {
    ut_failures++;
    fprintf(stderr, "%s:%d: %s\n   got: [%.*s]\n  want: [%.*s]\n", file, line, what,
            (int)got_len, got ? got : "(null)", (int)want_len, want);
}

int ut_holds(const void *data, size_t len, const char *s) {
    const char *d = data;
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(d + i, s, n) == 0) return 1;
    return 0;
}

int ut_report(const char *name) {
    fprintf(stderr, "%s: %d checks, %d failed\n", name, ut_checks, ut_failures);
    return ut_failures ? 1 : 0;
}
