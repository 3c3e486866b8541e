/* fuzz_fix_coverage: every changed byte is covered by a fix record. The
 * output is rebuilt from the input and the records alone (copy the input
 * between records, the record's `after` in place of its `before`) and must
 * equal the real output; each record's out_offset must be where its
 * `after` lands. Options from the first byte (never dry run). */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    unbake_options o;
    fz_options_from_byte(&o, size ? data[0] : 0);
    fz_buf out = {0}, re = {0};
    fz_fixes fx = {0};
    fz_repair(data, size, &o, &out, &fx);

    size_t pos = 0;
    for (size_t i = 0; i < fx.n; i++) {
        const unbake_fix *f = &fx.v[i].f;
        FUZZ_CHECK(f->in_offset >= pos && f->in_offset + f->in_len <= size,
                   "fix %zu: input span %llu+%zu not after %zu / inside %zu", i,
                   (unsigned long long)f->in_offset, f->in_len, pos, size);
        fz_put(&re, data + pos, (size_t)f->in_offset - pos);
        FUZZ_CHECK(f->out_offset == re.n, "fix %zu: out_offset %llu, rebuilt output at %zu", i,
                   (unsigned long long)f->out_offset, re.n);
        FUZZ_CHECK(memcmp(f->before, data + f->in_offset, f->in_len) == 0,
                   "fix %zu: before is not the input span", i);
        fz_put(&re, f->after, f->out_len);
        pos = (size_t)f->in_offset + f->in_len;
    }
    fz_put(&re, data + pos, size - pos);
    if (re.n != out.n || (out.n && memcmp(re.p, out.p, out.n) != 0)) {
        size_t k = 0;
        while (k < re.n && k < out.n && re.p[k] == out.p[k]) k++;
        FUZZ_FAIL("output differs from input + fix records at output byte %zu (%zu vs %zu bytes, "
                  "%zu records)",
                  k, out.n, re.n, fx.n);
    }
    fz_buf_free(&out);
    fz_buf_free(&re);
    fz_fixes_free(&fx);
    return 0;
}
