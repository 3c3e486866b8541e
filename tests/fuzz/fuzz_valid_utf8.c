/* fuzz_valid_utf8:
 *  - default options: any input gives valid UTF-8 output (bytes that are
 *    not UTF-8 are decoded from a legacy codec, DECODED records);
 *  - UNBAKE_FLAG_KEEP_INVALID: valid UTF-8 in gives valid UTF-8 out, and
 *    the bytes of the output that are not valid UTF-8 are exactly the
 *    invalid bytes of the input, in the same order (passed through
 *    unchanged, never made), and no record covers an invalid input byte;
 *  - both: every fix record's `after` is valid UTF-8. */
#include "fuzz_util.h"

static void check(const uint8_t *data, size_t size, unsigned flags) {
    unbake_options o;
    unbake_options_init(&o);
    o.flags |= flags;
    fz_buf out = {0}, bad_in = {0}, bad_out = {0};
    fz_fixes fx = {0};
    fz_repair(data, size, &o, &out, &fx);
    int valid_in = fz_utf8_valid(data, size);
    if (valid_in || !(flags & UNBAKE_FLAG_KEEP_INVALID))
        FUZZ_CHECK(fz_utf8_valid(out.p, out.n), "invalid UTF-8 out (valid in: %d, flags %u)",
                   valid_in, flags);
    for (size_t i = 0; i < fx.n; i++)
        FUZZ_CHECK(fz_utf8_valid(fx.v[i].f.after, fx.v[i].f.out_len), "fix %zu: after is not UTF-8",
                   i);
    if (!(flags & UNBAKE_FLAG_KEEP_INVALID)) {
        fz_buf_free(&out);
        fz_fixes_free(&fx);
        return;
    }
    fz_invalid_bytes(data, size, &bad_in);
    fz_invalid_bytes(out.p, out.n, &bad_out);
    FUZZ_CHECK(bad_in.n == bad_out.n && (bad_in.n == 0 || memcmp(bad_in.p, bad_out.p, bad_in.n) == 0),
               "invalid bytes not passed through: %zu invalid in, %zu out (flags %u)", bad_in.n,
               bad_out.n, flags);
    for (size_t i = 0; i < fx.n; i++) {
        const unbake_fix *f = &fx.v[i].f;
        FUZZ_CHECK(fz_utf8_valid(f->before, f->in_len),
                   "fix %zu (kind %d) covers invalid input bytes with KEEP_INVALID", i, (int)f->kind);
    }
    fz_buf_free(&out);
    fz_buf_free(&bad_in);
    fz_buf_free(&bad_out);
    fz_fixes_free(&fx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    check(data, size, 0);
    check(data, size, UNBAKE_FLAG_KEEP_INVALID);
    return 0;
}
