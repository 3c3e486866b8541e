#!/usr/bin/env bash
# Peak memory of unbake on very large streamed inputs (issue #5: "Peak RSS
# <= 64 MB on a 2 GB input and on a 2 GB single line").
#
# Usage (from the repository root, after building build/unbake in Release):
#   bench/rss.sh [-s SIZE_MB] [-b BINARY] [-d INPUT_DIR] [-j JOBS]
#
#   -s SIZE_MB   bytes streamed per run, in MB (default 2048)
#   -b BINARY    unbake binary (default build/unbake)
#   -d DIR       the inputs of bench/make_inputs.py (default build/bench-inputs;
#                made there at 64 MB when missing)
#   -j JOBS      unbake -j value (default: the number of processors)
#
# Each input file is repeated into a pipe until SIZE_MB have gone through
# (so nothing of that size touches the disk), unbake reads the pipe and
# writes to /dev/null, and GNU time reports the peak resident set size. The
# runs: clean English, English read as GBK with lost bytes, and the same
# mojibake with every line break made a space (one line of SIZE_MB, no
# newline). Needs: bash, python3, GNU time (Debian package `time`), head.
# The mojibake runs take several minutes each at 2 GB.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
size=2048
binary="$repo/build/unbake"
dir="$repo/build/bench-inputs"
jobs=$(nproc)

while [ $# -gt 0 ]; do
    case "$1" in
        -s) size=$2; shift 2 ;;
        -b) binary=$2; shift 2 ;;
        -d) dir=$2; shift 2 ;;
        -j) jobs=$2; shift 2 ;;
        -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [ ! -x /usr/bin/time ]; then
    echo "bench/rss.sh: needs GNU time (apt-get install time)" >&2
    exit 2
fi
if [ ! -f "$dir/clean-en.txt" ] || [ ! -f "$dir/gbk-lost-bytes.txt" ]; then
    python3 "$here/make_inputs.py" --size-mb 64 --out "$dir" >&2
fi

bytes=$((size * 1024 * 1024))

# repeat FILE until the reader is gone, the line breaks made spaces with
# `oneline`
stream() {
    if [ "${2:-}" = oneline ]; then
        while tr '\n' ' ' < "$1"; do :; done
    else
        while cat "$1"; do :; done
    fi
}

run() { # label file [oneline]
    local start end rss
    start=$(date +%s.%N)
    rss=$( { stream "$2" "${3:-}" 2> /dev/null | head -c "$bytes" |
             /usr/bin/time -f %M "$binary" -q -j "$jobs" > /dev/null; } 2>&1 | tail -n 1)
    end=$(date +%s.%N)
    printf '| %s | %d MB | %s | %.1f MiB | %.0f s |\n' "$1" "$size" "-j $jobs" \
        "$(echo "$rss / 1024" | bc -l)" "$(echo "$end - $start" | bc -l)"
}

echo "| input | streamed | jobs | peak RSS | wall time |"
echo "|---|---:|---|---:|---:|"
run "clean English" "$dir/clean-en.txt"
run "English read as GBK (lost bytes)" "$dir/gbk-lost-bytes.txt"
run "the same, one line (no newline)" "$dir/gbk-lost-bytes.txt" oneline
