/* A tiny program that uses an *installed* libunbake: it reads standard input,
 * repairs it with unbake_repair() and writes the result to standard output.
 * Built by tests/ecosystem/run.sh with pkg-config and with find_package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unbake.h>

int main(void)
{
    size_t cap = 4096, len = 0, n;
    char *in = malloc(cap);
    if (!in)
        return 3;
    while ((n = fread(in + len, 1, cap - len, stdin)) > 0) {
        len += n;
        if (len == cap) {
            char *p = realloc(in, cap *= 2);
            if (!p) {
                free(in);
                return 3;
            }
            in = p;
        }
    }
    unbake_options opt;
    unbake_options_init(&opt);
    char *out;
    size_t out_len;
    unbake_status st = unbake_repair(in, len, &opt, &out, &out_len);
    free(in);
    if (st != UNBAKE_OK) {
        fprintf(stderr, "consumer: %s\n", unbake_status_string(st));
        return 1;
    }
    fwrite(out, 1, out_len, stdout);
    unbake_free(&opt, out, out_len);
    fprintf(stderr, "consumer: libunbake %s\n", unbake_version());
    return 0;
}
