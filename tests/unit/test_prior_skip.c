/* Windows decided without the language prior (decide.c,
 * refused_without_prior): when every segment of a window is refused
 * whatever the prior, the prior is not made (issue #5: it reads every
 * character of the window, a fifth of the time of clean English). That
 * must change no output and no fix record: each text below is repaired
 * with the shortcut allowed and with the prior always made
 * (e->always_prior), and the two must agree and hold the expected text.
 * The shortcut must also be taken where it is meant to be: clean text with
 * symbols and quoted CJK words, the windows that make up most of a corpus.
 * A text is given as chunks repaired in turn by one engine, as a stream
 * hands it its windows. */
#include "engine.h"
#include "testutil.h"
#include "unbake.h"

#include <stdio.h>
#include <string.h>

#define PAD " The quick brown fox jumps over the lazy dog again and again, for padding only. "

typedef struct run {
    ub_buf out;
    unsigned long skips;
    unsigned long fixes;
    char records[4096]; /* offsets and texts of the fixes, in order */
    size_t nrec;
} run;

static void on_fix(const unbake_fix *f, void *user) {
    run *r = user;
    r->fixes++;
    int n = snprintf(r->records + r->nrec, sizeof r->records - r->nrec, "%llu:%s>%s;",
                     (unsigned long long)f->in_offset, f->before, f->after);
    if (n > 0 && (size_t)n < sizeof r->records - r->nrec) r->nrec += (size_t)n;
}

/* Repair the chunks in turn with one engine; 0 on success. */
static int repair(const char *const *chunks, size_t n, int always_prior, run *r) {
    memset(r, 0, sizeof *r);
    unbake_options opt;
    unbake_options_init(&opt);
    opt.on_fix = on_fix;
    opt.user = r;
    ub_engine e;
    if (ub_engine_init(&e, &opt) != UNBAKE_OK) return -1;
    e.always_prior = always_prior;
    unbake_stats stats;
    memset(&stats, 0, sizeof stats);
    uint64_t in_base = 0;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(chunks[i]);
        if (ub_engine_chunk(&e, (const uint8_t *)chunks[i], len, in_base, r->out.len, &r->out,
                            &opt, &stats, NULL) != UNBAKE_OK)
            rc = -1;
        in_base += len;
    }
    r->skips = e.prior_skips;
    ub_engine_free(&e);
    return rc;
}

static int holds(const ub_buf *b, const char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, s, n) == 0) return 1;
    return 0;
}

/* The same output and records either way; the output holds `expect`; at
 * least `min_skips` windows decided without the prior. */
static void same_either_way(const char *name, const char *const *chunks, size_t n,
                            const char *expect, unsigned long min_skips) {
    run a, b;
    int ok = repair(chunks, n, 0, &a) == 0 && repair(chunks, n, 1, &b) == 0;
    ok = ok && b.skips == 0 && a.skips >= min_skips && a.out.len == b.out.len &&
         memcmp(a.out.data, b.out.data, a.out.len) == 0 && a.fixes == b.fixes &&
         a.nrec == b.nrec && memcmp(a.records, b.records, a.nrec) == 0 && holds(&a.out, expect);
    if (!ok)
        fprintf(stderr, "%s: skips %lu/%lu, lengths %zu/%zu, fixes %lu/%lu\n", name, a.skips,
                b.skips, a.out.len, b.out.len, a.fixes, b.fixes);
    CHECK(ok);
    ub_buf_free(NULL, &a.out);
    ub_buf_free(NULL, &b.out);
}

int main(void) {
    /* clean English with the symbols and quoted CJK that cost a clean
     * corpus its time: unchanged, and decided without the prior */
    static const char *const clean[] = {
        "E = mc² ≈ 3 × 10⁸ m/s; 25 °C ± 2 µs, α + β ≠ γ ≤ δ, ½ of ¾." PAD "\n"
        "The option reads “隠したウィジェットは無視” in Japanese and “缺少需要的参数角色名”"
        " in Chinese; the key is 🔐." PAD "\n"
        "Original names: “开文件夹”, “文件名称以遵循最新版本的”, “吊销所有当前会话的临时授”." PAD "\n",
    };
    same_either_way("clean symbols", clean, 1, "× 10⁸ m/s; 25 °C ± 2 µs", 1);
    {
        run r;
        CHECK(repair(clean, 1, 0, &r) == 0 && r.out.len == strlen(clean[0]) &&
              memcmp(r.out.data, clean[0], r.out.len) == 0 && r.fixes == 0);
        ub_buf_free(NULL, &r.out);
    }
    /* the same symbols beside mojibake: repaired as with the prior. The
     * first reads as windows-1252 without a lost byte, so every segment of
     * its window is scored under the bound (gain_bound), and some win */
    static const char *const latin[] = {
        "The cafÃ© served crÃ¨me brÃ»lÃ©e at 25 °C ± 2, α + β ≠ γ." PAD "\n"
        "Original names: “开文件夹”, “文件名称以遵循最新版本的”." PAD "\n",
    };
    same_either_way("windows-1252", latin, 1, "café served crème brûlée", 0);
    static const char *const mixed[] = {
        "The cafÃ© served crÃ¨me brÃ»lÃ©e at 25 °C ± 2, α + β ≠ γ." PAD "\n"
        "HANOI (AP) 鈥 Kim鈥檚 鈥渁ggression,鈥 a pact." PAD "\n"
        "ÐŸÑ€Ð¸Ð²ÐµÑ‚, Ð¼Ð¸Ñ€! E = mc² ≈ 3 × 10⁸" PAD "\n",
    };
    same_either_way("mixed", mixed, 1, "Kim’s “aggression,” a pact", 0);
    /* a lone character whose repair rests on a byte guessed from nothing
     * (`涓 ` is 中 E4 B8 AD before a space, AD dropped by a GBK decoder):
     * its segment is deferred, refused without the document's evidence,
     * and the window is decided without the prior */
    static const char *const alone[] = {
        "我们的软件可以帮助你修复文件中的乱码问题。\nPress 涓 鏂 瀛 at 25 °C ± 2, α + β ≠ γ.\n",
    };
    same_either_way("deferred, no evidence", alone, 1, "Press 涓 鏂 瀛 at", 1);
    /* ... and repaired, either way, after a window of Chinese read as GBK
     * that makes the document vouch for GBK: the evidence carried from it
     * (engine.c keeps what its first round found) lets the segment be
     * worked out, so the window must not be decided without the prior */
    static const char *const carried[] = {
        "鎴戜滑鐨勮蒋浠跺彲浠ュ府鍔╀綘淇澶嶆枃浠朵腑鐨勪贡鐮侀棶棰樸\n"
        "杩欐槸涓涓寰堝ソ鐨勫伐鍏凤紝\n"
        "璇峰ぇ瀹惰瘯鐢ㄥ苟鎻愬嚭瀹濊吹鐨勬剰瑙佸拰寤鸿銆\n"
        "鎴戜滑鐨勮蒋浠跺彲浠ュ府鍔╀綘淇澶嶆枃浠朵腑鐨勪贡鐮侀棶棰樸\n",
        alone[0],
    };
    same_either_way("deferred, carried evidence", carried, 2, "Press 中 文", 0);
    return ut_report("test_prior_skip");
}
