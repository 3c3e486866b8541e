/* fuzz_idempotent: repair(repair(x)) == repair(x) for the repairs the
 * engine is sure of.
 *
 * The engine repairs each window in rounds until one changes nothing
 * (engine.c), which makes its output a fixed point. That is promised only
 * where a second call sees what the last round saw: not where the first
 * call guessed lost bytes or left U+FFFD or '?' (a second call may guess at
 * them: hypotheses with /ignore, /replace, /qmark), nor where it stopped at
 * max_layers. So the property is asserted where it must hold: the input is
 * valid UTF-8 without U+FFFD, the first pass changed something, and every
 * fix it made is a REPAIR with confidence >= 0.9, no guessed bytes, no
 * lost-byte hypothesis ('/' in the chain) and fewer layers than max_layers.
 * Then the second pass must change nothing. Default options otherwise.
 * corpus/fuzz_idempotent/regress-second-pass-changes-* are the findings
 * that made the engine work in rounds. */
#include "fuzz_util.h"

static int has_fffd(const uint8_t *d, size_t n) {
    for (size_t i = 0; i + 2 < n; i++)
        if (d[i] == 0xEF && d[i + 1] == 0xBF && d[i + 2] == 0xBD) return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!fz_utf8_valid(data, size) || has_fffd(data, size)) return 0;
    unbake_options o;
    unbake_options_init(&o);
    fz_buf y = {0}, z = {0};
    fz_fixes f1 = {0}, f2 = {0};
    fz_repair(data, size, &o, &y, &f1);

    int changed = y.n != size || (size && memcmp(y.p, data, size) != 0);
    int sure = f1.n > 0;
    for (size_t i = 0; i < f1.n; i++) {
        const unbake_fix *f = &f1.v[i].f;
        if (f->kind != UNBAKE_FIX_REPAIR || f->confidence < 0.9 || f->layers >= o.max_layers ||
            f->guessed_bytes || (f->hypothesis && strchr(f->hypothesis, '/')))
            sure = 0;
    }
    if (changed && sure) {
        fz_repair(y.p, y.n, &o, &z, &f2);
        if (z.n != y.n || memcmp(z.p, y.p, y.n) != 0) {
            fprintf(stderr, "second pass changed the text; first-pass fixes:\n");
            for (size_t i = 0; i < f1.n; i++)
                fprintf(stderr, "  @%llu [%s conf %.3f] '%s' -> '%s'\n",
                        (unsigned long long)f1.v[i].f.in_offset, f1.v[i].f.hypothesis,
                        f1.v[i].f.confidence, f1.v[i].before, f1.v[i].after);
            fprintf(stderr, "second-pass fixes:\n");
            for (size_t i = 0; i < f2.n; i++)
                fprintf(stderr, "  @%llu [%s conf %.3f] '%s' -> '%s'\n",
                        (unsigned long long)f2.v[i].f.in_offset, f2.v[i].f.hypothesis,
                        f2.v[i].f.confidence, f2.v[i].before, f2.v[i].after);
            FUZZ_FAIL("repair is not idempotent (%zu -> %zu -> %zu bytes)", size, y.n, z.n);
        }
    }
    fz_buf_free(&y);
    fz_buf_free(&z);
    fz_fixes_free(&f1);
    fz_fixes_free(&f2);
    return 0;
}
