/* Regions of quiet genuine CJK text (regions.c, ub_genuine_quiet_run): a
 * region whose every run ub_genuine_split would cut away whole is set aside
 * before its text is decoded (issue #5). That must change no output: the
 * language prior and glibc's GB18030 test still count those runs. Each
 * window below holds quiet runs and, lines away, real mojibake; the output
 * with the regions set aside must equal the output with every run read,
 * and both must be the repair. The cases where a run is not quiet (glued to
 * a letter, beside damage, a window with half-width katakana) are checked
 * on the engine's own record of what it set aside (e->nqreg). */
#include "engine.h"
#include "testutil.h"
#include "unbake.h"

#include <stdio.h>
#include <string.h>

#define PAD " The quick brown fox jumps over the lazy dog again and again, for padding only. "

/* Repair text with the engine; out gets the result. Returns the number of
 * regions set aside as quiet by the last pass over layer 0. */
static size_t repair(const char *text, int read_every_run, ub_buf *out) {
    unbake_options opt;
    unbake_options_init(&opt);
    ub_engine e;
    if (ub_engine_init(&e, &opt) != UNBAKE_OK) return (size_t)-1;
    e.read_every_run = read_every_run;
    unbake_stats stats;
    memset(&stats, 0, sizeof stats);
    out->len = 0;
    unbake_status st = ub_engine_chunk(&e, (const uint8_t *)text, strlen(text), 0, 0, out, &opt, &stats, NULL);
    size_t quiet = st == UNBAKE_OK ? e.nqreg : (size_t)-1;
    ub_engine_free(&e);
    return quiet;
}

/* The same output with and without setting quiet regions aside, holding
 * `repaired`; at least `min_quiet` regions set aside. */
static void same_output(const char *name, const char *text, const char *repaired, size_t min_quiet) {
    ub_buf a = {0}, b = {0};
    size_t qa = repair(text, 0, &a), qb = repair(text, 1, &b);
    int ok = qa != (size_t)-1 && qa >= min_quiet && qb == 0 && a.len == b.len &&
             memcmp(a.data, b.data, a.len) == 0 && ut_holds(a.data, a.len, repaired);
    if (!ok) fprintf(stderr, "%s: quiet %zu/%zu, lengths %zu/%zu\n", name, qa, qb, a.len, b.len);
    CHECK(ok);
    ub_buf_free(NULL, &a);
    ub_buf_free(NULL, &b);
}

static size_t quiet_of(const char *text) {
    ub_buf out = {0};
    size_t q = repair(text, 0, &out);
    ub_buf_free(NULL, &out);
    return q;
}

int main(void) {
    /* English read as GBK with lost bytes ('“Hi,” she said, “it’s fine.”'
     * .encode().decode('gbk', 'ignore')) among quoted Chinese */
    same_output("chinese quotes, gbk damage",
                "Read “首先注意到”." PAD "\nRead “最新的版本是”." PAD "\nRead “无法填充”." PAD "\n"
                "鈥淗i,鈥 she said, 鈥渋t鈥檚 fine.鈥\n"
                "See “首先注意到”." PAD "\nSee “无法填充”." PAD "\n",
                "“Hi,” she said, “it’s fine.”", 4);
    /* Japanese read as GBK ('ファイルを開くことができません'.encode()
     * .decode('gbk', 'ignore')) among genuine Japanese: the window's
     * Japanese, set aside, still leads the prior */
    same_output("japanese, gbk damage",
                "「隠したウィジェットは無視」" PAD "\n「得られます」" PAD "\n「の所有とする」" PAD "\n"
                "エラー: 銉曘偂銈ゃ儷銈掗枊銇忋亾銇ㄣ亴銇с亶銇俱仜銈\n"
                "「隠したウィジェットは無視」" PAD "\n「得られます」" PAD "\n",
                "ファイルを開くことができません", 3);
    /* The lost bytes of a Japanese sentence read as GBK with errors dropped
     * (a development-set input): the document's pairs from the quiet lines
     * (seen.c; `の所有` makes の likelier than な) settle one hole, so a
     * prior blind to the regions set aside would choose otherwise */
    same_output("japanese pairs, gbk lost bytes",
                "「隠したウィジェットは無視」" PAD "\n「得られます」" PAD "\n「の所有とする」" PAD "\n"
                "「ファイルを選択してください」" PAD "\n"
                "瀹熻屻伄姝ｇ⒑銇鏅傞枔銈掗亷銇庛仸銇椼伨銇嗐亾銇ㄣ伅銇傘倞銇俱仚銇屻佹°伄銉椼儹銉炽儣銉堛仹銇閬呫倢銇熴偝銉炪兂銉夈亴瀹熻屻仌銈屻伨銇欍\n"
                "「隠したウィジェットは無視」" PAD "\n「得られます」" PAD "\n「の所有とする」" PAD "\n"
                "「ファイルを選択してください」" PAD "\n",
                "次のプロンプトでは遅れたコマンドが実行されます。", 6);
    /* clean text: every run set aside, nothing changed */
    same_output("clean", "Read “首先注意到”." PAD "\n", "“首先注意到”", 1);

    /* not quiet: glued to a letter (`小hurch` is Cyrillic С read as GBK) */
    CHECK(quiet_of("Read “首先注意到”x." PAD "\n") == 0);
    /* ... within a region's reach of damage */
    CHECK(quiet_of("Read “首先注意到” and caf茅." PAD "\n") == 0);
    /* ... a rare character (a GBK reading's lead, 鈥) */
    CHECK(quiet_of("Read “首先鈥注意到”." PAD "\n") == 0);
    /* ... in a window where half-width katakana call for a reading of
     * every run (sjis_back.c) */
    CHECK(quiet_of("Read “首先注意到”." PAD "\n" PAD PAD "ｱｲｳ\n") == 0);
    return ut_report("test_quiet");
}
