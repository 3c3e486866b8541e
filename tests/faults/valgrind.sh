#!/usr/bin/env bash
# valgrind memcheck on the CLI over every file of tests/corpus/ (one run per
# file, plus one run over all of them at once and one --explain run, which
# exercises the fix callback). Exit 77 (skipped) without valgrind.
#   valgrind.sh UNBAKE CORPUS_DIR
set -u
unbake=$1
corpus=$2
if ! command -v valgrind >/dev/null; then
    echo "SKIP: valgrind is not installed"
    exit 77
fi
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)
fail=0
n=0
mapfile -t files < <(find "$corpus" -type f -name '*.txt' | sort)
for f in "${files[@]}"; do
    n=$((n + 1))
    "${vg[@]}" "$unbake" "$f" >/dev/null 2>"${TMPDIR:-/tmp}/vg.$$.err"
    rc=$?
    if [ "$rc" -eq 99 ] || [ "$rc" -gt 3 ]; then
        echo "FAIL ($rc): $f"; cat "${TMPDIR:-/tmp}/vg.$$.err"; fail=1
    fi
done
"${vg[@]}" "$unbake" --explain "${files[@]}" >/dev/null 2>"${TMPDIR:-/tmp}/vg.$$.err"
rc=$?
if [ "$rc" -eq 99 ] || [ "$rc" -gt 3 ]; then
    echo "FAIL ($rc): --explain over all files"; grep '^==' "${TMPDIR:-/tmp}/vg.$$.err"; fail=1
fi
rm -f "${TMPDIR:-/tmp}/vg.$$.err"
echo "valgrind memcheck: $n files + one --explain run over all: $([ $fail = 0 ] && echo clean || echo ERRORS)"
exit $fail
