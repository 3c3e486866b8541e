/* fuzz_stream: the streaming API fed in random chunks (sizes and output
 * room drawn from a PRNG seeded by a hash of the input, so a saved input
 * reproduces) must give exactly the one-shot output and the same fix
 * records, field by field. Options come from the first byte; half of them
 * use the minimum 4 KiB window so chunk and window edges meet. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    unbake_options o;
    fz_options_from_byte(&o, size ? data[0] : 0);
    fz_buf one = {0}, st = {0};
    fz_fixes f1 = {0}, f2 = {0};
    fz_repair(data, size, &o, &one, &f1);

    uint64_t seed = fz_hash(data, size);
    /* small chunks (1..7 bytes: cut inside every UTF-8 sequence), then
     * larger ones with tiny output room */
    static const size_t max_in[2] = {7, 1500}, max_out[2] = {4096, 5};
    for (int round = 0; round < 2; round++) {
        fz_stream(data, size, &o, seed + (uint64_t)round, max_in[round], max_out[round], &st,
                  &f2);
        FUZZ_CHECK(st.n == one.n && (one.n == 0 || memcmp(st.p, one.p, one.n) == 0),
                   "round %d: stream output (%zu bytes) differs from one-shot (%zu bytes)", round,
                   st.n, one.n);
        fz_fixes_assert_equal(&f1, &f2, round ? "stream (large chunks)" : "stream (small chunks)");
        fz_fixes_free(&f2);
    }
    fz_buf_free(&one);
    fz_buf_free(&st);
    fz_fixes_free(&f1);
    return 0;
}
