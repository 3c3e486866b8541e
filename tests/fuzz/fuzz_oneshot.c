/* fuzz_oneshot: one-shot repair of any bytes, options chosen by the first
 * byte. Must return UNBAKE_OK with a NUL-terminated output, and the fix
 * records must be well formed: in output order, not overlapping, inside
 * the input and the output, `before` equal to the input span, `after`
 * equal to the output span, confidence in [0, 1], layers >= 1. A dry run
 * of the same input must emit the input unchanged and report the same
 * number of records. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    unbake_options o;
    fz_options_from_byte(&o, size ? data[0] : 0);
    fz_buf out = {0};
    fz_fixes fx = {0};
    fz_repair(data, size, &o, &out, &fx);

    uint64_t in_end = 0, out_end = 0;
    for (size_t i = 0; i < fx.n; i++) {
        const unbake_fix *f = &fx.v[i].f;
        FUZZ_CHECK(f->kind == UNBAKE_FIX_REPAIR || f->kind == UNBAKE_FIX_IRRECOVERABLE ||
                       f->kind == UNBAKE_FIX_DECODED,
                   "fix %zu: kind %d", i, (int)f->kind);
        FUZZ_CHECK(f->in_offset >= in_end && f->out_offset >= out_end,
                   "fix %zu out of order or overlapping (in %llu < %llu or out %llu < %llu)", i,
                   (unsigned long long)f->in_offset, (unsigned long long)in_end,
                   (unsigned long long)f->out_offset, (unsigned long long)out_end);
        FUZZ_CHECK(f->in_offset + f->in_len <= size, "fix %zu: input span past the end", i);
        FUZZ_CHECK(f->out_offset + f->out_len <= out.n, "fix %zu: output span past the end", i);
        FUZZ_CHECK(memcmp(f->before, data + f->in_offset, f->in_len) == 0,
                   "fix %zu: before is not the input span", i);
        FUZZ_CHECK(memcmp(f->after, out.p + f->out_offset, f->out_len) == 0,
                   "fix %zu: after is not the output span", i);
        FUZZ_CHECK(f->confidence >= 0.0 && f->confidence <= 1.0, "fix %zu: confidence %g", i,
                   f->confidence);
        FUZZ_CHECK(f->layers >= 1, "fix %zu: layers %u", i, f->layers);
        FUZZ_CHECK(f->hypothesis && f->hypothesis[0], "fix %zu: no hypothesis", i);
        in_end = f->in_offset + f->in_len;
        out_end = f->out_offset + f->out_len;
    }

    unbake_options d = o;
    d.flags |= UNBAKE_FLAG_DRY_RUN;
    fz_buf dry = {0};
    fz_fixes dfx = {0};
    fz_repair(data, size, &d, &dry, &dfx);
    FUZZ_CHECK(dry.n == size && (size == 0 || memcmp(dry.p, data, size) == 0),
               "dry run changed the text");
    FUZZ_CHECK(dfx.n == fx.n, "dry run reports %zu records, a real run %zu", dfx.n, fx.n);

    fz_buf_free(&out);
    fz_buf_free(&dry);
    fz_fixes_free(&fx);
    fz_fixes_free(&dfx);
    return 0;
}
