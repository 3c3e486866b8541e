/* Minimal assertion helpers for the unit tests: a failed check prints the
 * location and the values, and the test exits non-zero at the end. */
#ifndef UNBAKE_TESTUTIL_H
#define UNBAKE_TESTUTIL_H

#include <stddef.h>

extern int ut_failures;
extern int ut_checks;

void ut_fail(const char *file, int line, const char *expr);
void ut_fail_str(const char *file, int line, const char *what,
                 const char *got, size_t got_len, const char *want, size_t want_len);
int ut_report(const char *name);
/* Does data[0, len) hold the NUL-terminated string s? */
int ut_holds(const void *data, size_t len, const char *s);

#define CHECK(expr) do { ut_checks++; if (!(expr)) ut_fail(__FILE__, __LINE__, #expr); } while (0)
/* Compare a buffer with a NUL-terminated expected string. */
#define CHECK_STR(got, got_len, want) do { ut_checks++; \
    if ((got_len) != strlen(want) || memcmp((got), (want), (got_len)) != 0) \
        ut_fail_str(__FILE__, __LINE__, #got, (got), (got_len), (want), strlen(want)); } while (0)

#endif
