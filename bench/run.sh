#!/usr/bin/env bash
# Throughput benchmark: unbake against cat and iconv on large fixed inputs.
#
# Usage (from the repository root, after building build/unbake in Release):
#   bench/run.sh [-s SIZE_MB] [-n RUNS] [-b BINARY] [-d INPUT_DIR] [--ftfy]
#
#   -s SIZE_MB   size of each input file (default 64)
#   -n RUNS      runs per tool and input; the median is reported (default 5)
#   -b BINARY    unbake binary (default build/unbake)
#   -d DIR       where the inputs are made and kept (default build/bench-inputs)
#   --ftfy       also time the `ftfy` command (apt-get install python3-ftfy), 1 run
#
# Inputs (made by bench/make_inputs.py, no network needed): clean English,
# the same English's ASCII-only paragraphs, clean Chinese, French/German
# UTF-8 read as cp1252, English with curly quotes read as GBK with lost
# bytes, and a mix. Output: a markdown table with
# input, size, tool, MB/s (size / median wall time, stdin from the file,
# stdout to /dev/null), ratio to cat, and peak RSS (from wait4).
# Needs: bash, python3, iconv (libc-bin). Takes a few minutes at 64 MB.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
size=64
runs=5
binary="$repo/build/unbake"
dir="$repo/build/bench-inputs"
ftfy=()

while [ $# -gt 0 ]; do
    case "$1" in
        -s) size=$2; shift 2 ;;
        -n) runs=$2; shift 2 ;;
        -b) binary=$2; shift 2 ;;
        -d) dir=$2; shift 2 ;;
        --ftfy) ftfy=(--ftfy); shift ;;
        -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done

echo "== making inputs (${size} MB each) in $dir" >&2
python3 "$here/make_inputs.py" --size-mb "$size" --out "$dir"

echo "== measuring ($runs runs each, median)" >&2
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
if [ -x "$binary" ]; then echo "unbake: $("$binary" --version 2>/dev/null | head -n1 || echo "$binary")"; fi
echo
python3 "$here/measure.py" --runs "$runs" --unbake "$binary" "${ftfy[@]}" \
    "$dir/clean-en.txt" "$dir/clean-ascii.txt" "$dir/clean-zh.txt" "$dir/clean-latin.txt" \
    "$dir/clean-ru.txt" "$dir/cp1252-latin.txt" \
    "$dir/gbk-lost-bytes.txt" "$dir/mixed.txt"
