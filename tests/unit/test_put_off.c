/* Work the engine puts off or skips must change no output and no fix
 * record (issue #5). Two such shortcuts, each with a test hook that turns
 * it off:
 *   - windows decided without the language prior (decide.c,
 *     refused_without_prior): when every segment of a window is refused
 *     whatever the prior, the prior, which reads every character of the
 *     window, is not made (e->always_prior makes it);
 *   - searches put off (late.c): a region not sure of a codec makes only
 *     segments resting on blind guesses under it, read only for a codec the
 *     document vouches for, so its search waits for the window's strong
 *     repairs and is run only if they vouch for the codec; and so does
 *     the search of a line not sure of the codec, in a region that is
 *     (e->try_every_region searches every region and line at once).
 * Each text below is repaired with the shortcut and without it, and the two
 * must agree and hold the expected text; the shortcut must also be taken
 * where it is meant to be. A text is given as chunks repaired in turn by one
 * engine, as a stream hands it its windows. */
#include "engine.h"
#include "testutil.h"
#include "unbake.h"

#include <stdio.h>
#include <string.h>

#define PAD " The quick brown fox jumps over the lazy dog again and again, for padding only. "

enum { HOOK_PRIOR = 1, HOOK_LATE = 2 };

typedef struct run {
    ub_buf out;
    unsigned long skips;     /* windows decided without the prior */
    unsigned long put_offs;  /* searches put off */
    unsigned long late_runs; /* ... and run late */
    unsigned long lines;     /* searches of a line alone put off */
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
static int repair(const char *const *chunks, size_t n, int hooks, run *r) {
    memset(r, 0, sizeof *r);
    unbake_options opt;
    unbake_options_init(&opt);
    opt.on_fix = on_fix;
    opt.user = r;
    ub_engine e;
    if (ub_engine_init(&e, &opt) != UNBAKE_OK) return -1;
    e.always_prior = (hooks & HOOK_PRIOR) != 0;
    e.try_every_region = (hooks & HOOK_LATE) != 0;
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
    r->put_offs = e.late_put_offs;
    r->late_runs = e.late_runs;
    r->lines = e.late_lines;
    ub_engine_free(&e);
    return rc;
}

/* The same output and records with the shortcut `hook` and without; the
 * output holds `expect`; the shortcut taken at least `min_taken` times
 * (windows without the prior, or searches put off), and for HOOK_LATE
 * searches run late at least `min_late` times. */
static void same_with(int hook, const char *name, const char *const *chunks, size_t n,
                      const char *expect, unsigned long min_taken, unsigned long min_late,
                      unsigned long min_lines) {
    run a, b;
    int ok = repair(chunks, n, 0, &a) == 0 && repair(chunks, n, hook, &b) == 0;
    ok = ok && a.lines >= min_lines && (hook != HOOK_LATE || b.lines == 0);
    unsigned long taken = hook == HOOK_PRIOR ? a.skips : a.put_offs;
    unsigned long off = hook == HOOK_PRIOR ? b.skips : b.put_offs;
    ok = ok && off == 0 && taken >= min_taken && (hook != HOOK_LATE || a.late_runs >= min_late) &&
         a.out.len == b.out.len && memcmp(a.out.data, b.out.data, a.out.len) == 0 &&
         a.fixes == b.fixes && a.nrec == b.nrec && memcmp(a.records, b.records, a.nrec) == 0 &&
         ut_holds(a.out.data, a.out.len, expect);
    if (!ok)
        fprintf(stderr, "%s: taken %lu/%lu, late %lu, lines %lu, lengths %zu/%zu, fixes %lu/%lu\n",
                name, taken, off, a.late_runs, a.lines, a.out.len, b.out.len, a.fixes, b.fixes);
    CHECK(ok);
    ub_buf_free(NULL, &a.out);
    ub_buf_free(NULL, &b.out);
}

static void same_either_way(const char *name, const char *const *chunks, size_t n,
                            const char *expect, unsigned long min_skips) {
    same_with(HOOK_PRIOR, name, chunks, n, expect, min_skips, 0, 0);
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

    /* searches put off: clean French, whose accented letters start readings
     * under a dozen code pages, and none of its regions is sure of most */
    static const char *const french[] = {
        "Indique au gestionnaire de fenêtres comment implémenter l’indication visuelle "
        "que l’évènement sonore du système a été émis.\n"
        "Générer les relocalisations dans la sortie ; à côté, déjà, où, naïve, Noël.\n"
        "Die minimale Höhe zum Füllen von Blöcken, größer als über.\n",
    };
    same_with(HOOK_LATE, "french", french, 1, "l’évènement sonore du système a été émis", 1, 0, 0);
    /* ... and run late where the window's strong repairs vouch for the
     * codec: French read as windows-1252 (strong), and a line of Spanish
     * capitals read with errors dropped (`ÍNDICE` C3 8D: 8D is no
     * windows-1252 byte), whose readings rest on bytes guessed from nothing
     * and whose region is put off until the repairs vouch for the codec;
     * the window's segments, made in two goes, are then read in the order
     * of one */
    static const char *const vouched[] = {
        "The cafÃ© served crÃ¨me brÃ»lÃ©e.\nIl a Ã©tÃ© Ã©mis dÃ©jÃ  hier." PAD "\n"
        "ÃNDICE DEL ÃREA DE ÃFRICA Y ÃNDICE DE ÃREA" PAD "\n"
        "Il a été émis à côté de l’évènement, déjà." PAD "\n",
    };
    same_with(HOOK_LATE, "vouched", vouched, 1, "crème brûlée", 1, 1, 0);
    /* lines put off alone: a Russian paragraph made sure of windows-1251
     * by one line (`т»` is F2 BB, a lead and a byte UTF-8 allows after
     * it), whose other lines under it make only segments resting on
     * blind guesses (`п` is EF, a lead wanting two more bytes) */
    static const char *const russian[] = {
        "Он сказал: «Привет» и ушёл домой.\n"
        "Указывает диспетчеру окон, как реализовать визуальную индикацию.\n"
        "Создавать перемещения в выходном файле, рядом с этим уже.\n"
        "Минимальная высота для заполнения блоков, больше чем над.\n",
    };
    same_with(HOOK_LATE, "russian lines", russian, 1, "Создавать перемещения в выходном", 1, 0,
              2);
    /* ... and run late, between the lines searched in order, where strong
     * repairs vouch for windows-1251: UTF-8 Russian read as windows-1251
     * on the first and last lines, genuine Russian between them */
    static const char *const russian_vouched[] = {
        "РџСЂРёРІРµС‚, РјРёСЂ! Р­С‚Рѕ РїСЂРѕРІРµСЂРєР° С‚РµРєСЃС‚Р°.\n"
        "Указывает диспетчеру окон, как реализовать визуальную индикацию.\n"
        "Создавать перемещения в выходном файле, рядом с этим уже.\n"
        "Р•С‰С‘ РѕРґРЅР° СЃС‚СЂРѕРєР° РґР»СЏ РїСЂРѕРІРµСЂРєРё.\n",
    };
    same_with(HOOK_LATE, "russian lines, vouched", russian_vouched, 1, "Привет, мир! Это проверка",
              1, 1, 2);
    return ut_report("test_put_off");
}
