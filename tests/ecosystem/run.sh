#!/usr/bin/env bash
# Ecosystem test: the installed C library (pkg-config and find_package
# consumers), the installed binary and man page, the Python module (built
# offline with pip into a Debian venv, then its unittest suite) and the Dask
# example (tests/ecosystem/test_dask.py). Run by .ci/run, stage 4:
#
#   bash tests/ecosystem/run.sh [BUILD_DIR]        (default: build)
#
# Needs: a finished CMake build in BUILD_DIR, pkg-config, man-db,
# python3-venv, python3-dev, python3-setuptools, python3-wheel, python3-dask,
# python3-distributed. Scratch space: $UNBAKE_ECO_WORK (default
# /tmp/unbake-ecosystem); the install prefix is $UNBAKE_PREFIX (default
# /tmp/unbake-prefix). Both are recreated on every run.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
build=$(cd "${1:-build}" && pwd)
prefix=${UNBAKE_PREFIX:-/tmp/unbake-prefix}
work=${UNBAKE_ECO_WORK:-/tmp/unbake-ecosystem}
rm -rf "$prefix" "$work"
mkdir -p "$work"

step() { printf '\n-- ecosystem: %s\n' "$*"; }
fail() { echo "ecosystem: FAIL: $*" >&2; exit 1; }

# The damaged input and what every consumer must print for it.
printf 'The caf\xc3\x83\xc2\xa9 is open.\n' > "$work/in.txt"      # cafÃ©
printf 'The caf\xc3\xa9 is open.\n' > "$work/want.txt"              # café
# and one made with Python's codecs (UTF-8 read as cp1251, and as cp1252):
python3 - "$work/in2.txt" "$work/want2.txt" <<'EOF'
import sys
original = "Поезд отправляется в семь утра. Le musée ouvre à neuf heures.\n"
baked = ("Поезд отправляется в семь утра.".encode().decode("cp1251")
         + " Le musée ouvre à neuf heures.".encode().decode("cp1252") + "\n")
open(sys.argv[1], "w", encoding="utf-8").write(baked)
open(sys.argv[2], "w", encoding="utf-8").write(original)
EOF
check_consumer() { # NAME COMMAND...
    local name=$1; shift
    local f
    for f in in in2; do
        local rc=0
        "$@" < "$work/$f.txt" > "$work/$name.$f.out" 2> "$work/$name.$f.err" || rc=$?
        [ "$rc" = 0 ] || { cat "$work/$name.$f.err" >&2; fail "$name exited with $rc"; }
        local want=$work/want.txt
        [ "$f" = in2 ] && want=$work/want2.txt
        cmp -s "$work/$name.$f.out" "$want" \
            || { diff "$work/$name.$f.out" "$want" >&2 || true; fail "$name: wrong output for $f.txt"; }
        # ...and the same as the CLI of the build tree
        "$build/unbake" < "$work/$f.txt" | cmp -s - "$work/$name.$f.out" \
            || fail "$name: output differs from $build/unbake"
    done
    echo "ok: $name repairs both inputs ($(cat "$work/$name.in.out" | head -c 60))"
}

step "cmake --install $build --prefix $prefix"
cmake --install "$build" --prefix "$prefix" > "$work/install.log"
libdir=
for d in "$prefix"/lib "$prefix"/lib64 "$prefix"/lib/*-linux-gnu; do
    if [ -e "$d/libunbake.a" ]; then libdir=$d; break; fi
done
[ -n "$libdir" ] || fail "libunbake.a not installed under $prefix"
for f in "$prefix/include/unbake.h" "$libdir/libunbake.a" "$libdir/libunbake.so" \
         "$libdir/libunbake.so.0" "$libdir/pkgconfig/unbake.pc" \
         "$libdir/cmake/unbake/unbakeConfig.cmake" "$libdir/cmake/unbake/unbakeConfigVersion.cmake" \
         "$libdir/cmake/unbake/unbakeTargets.cmake" "$prefix/bin/unbake" \
         "$prefix/share/man/man1/unbake.1"; do
    [ -e "$f" ] || fail "not installed: $f"
done
soname=$(objdump -p "$libdir/libunbake.so" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = libunbake.so.0 ] || fail "SONAME is '$soname', want libunbake.so.0"
echo "ok: header, libraries (SONAME $soname), pkg-config file, CMake package, binary, man page"
# only the public API is exported from the shared library
bad=$(nm -D --defined-only "$libdir/libunbake.so" | awk '$2 ~ /[TDBR]/ {print $3}' | grep -v '^unbake_' || true)
[ -z "$bad" ] || fail "libunbake.so exports non-API symbols: $bad"
echo "ok: libunbake.so exports only unbake_* symbols"

step "installed binary"
check_consumer installed-cli "$prefix/bin/unbake"
"$prefix/bin/unbake" --version

step "consumer built with pkg-config (shared)"
export PKG_CONFIG_PATH=$libdir/pkgconfig
pkg-config --exists unbake || fail "pkg-config does not find unbake"
[ "$(pkg-config --modversion unbake)" = "$("$build/unbake" --version | grep -o '[0-9][0-9.]*' | head -n1)" ] \
    || echo "note: pkg-config version $(pkg-config --modversion unbake)"
echo "pkg-config --cflags --libs unbake: $(pkg-config --cflags --libs unbake)"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror tests/ecosystem/consumer.c \
    $(pkg-config --cflags --libs unbake) -o "$work/consumer-pc"
readelf -d "$work/consumer-pc" | grep -q 'NEEDED.*libunbake.so.0' \
    || fail "consumer-pc is not linked against libunbake.so.0"
check_consumer pkg-config-shared env LD_LIBRARY_PATH="$libdir" "$work/consumer-pc"

step "consumer built with pkg-config --static"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror tests/ecosystem/consumer.c \
    $(pkg-config --cflags unbake) -L"$libdir" -Wl,-Bstatic -lunbake -Wl,-Bdynamic \
    $(pkg-config --static --libs-only-l unbake | sed 's/-lunbake//') -o "$work/consumer-pc-static"
readelf -d "$work/consumer-pc-static" | grep -q 'libunbake' \
    && fail "consumer-pc-static still needs libunbake.so"
check_consumer pkg-config-static "$work/consumer-pc-static"

step "consumer built with CMake find_package(unbake) + unbake::unbake"
cmake -S tests/ecosystem/cmake-consumer -B "$work/cmake-consumer" \
    -DCMAKE_PREFIX_PATH="$prefix" > "$work/cmake-consumer.log" \
    || { cat "$work/cmake-consumer.log" >&2; fail "find_package(unbake) failed"; }
cmake --build "$work/cmake-consumer" > "$work/cmake-consumer-build.log" 2>&1 \
    || { cat "$work/cmake-consumer-build.log" >&2; fail "cmake consumer does not build"; }
readelf -d "$work/cmake-consumer/consumer" | grep -q 'NEEDED.*libunbake.so.0' \
    || fail "unbake::unbake did not link the shared library"
# CMake puts the imported library's directory in the build RPATH
check_consumer cmake-find_package "$work/cmake-consumer/consumer"
check_consumer cmake-find_package-static "$work/cmake-consumer/consumer_static"

step "man page"
man_out=$(MANWIDTH=80 man --warnings -l "$prefix/share/man/man1/unbake.1" 2> "$work/man.err" )
if grep -qi warn "$work/man.err"; then cat "$work/man.err" >&2; fail "man reports warnings for unbake.1"; fi
if [ -s "$work/man.err" ]; then sed "s/^/note (man): /" "$work/man.err"; fi
for section in NAME SYNOPSIS DESCRIPTION OPTIONS; do
    grep -q "^$section" <<< "$man_out" || fail "man page has no $section section"
done
grep -q -- '--check' <<< "$man_out" || fail "man page does not document --check"
echo "ok: man -l renders unbake.1 ($(wc -l <<< "$man_out") lines, no warnings)"
# and man finds it by name through the prefix
MANPATH=$prefix/share/man man -w unbake | grep -qF "$prefix/share/man/man1/unbake.1" \
    || fail "man -w unbake does not find the installed page"

step "Python module: venv (Debian python3 --system-site-packages), offline pip install"
/usr/bin/python3 -m venv --system-site-packages "$work/venv"
py=$work/venv/bin/python
# Links the installed static library (UNBAKE_PREFIX); -Werror keeps the
# extension free of warnings (setup.py adds -Wall -Wextra).
rm -rf bindings/python/build bindings/python/unbake.egg-info
UNBAKE_PREFIX=$prefix CFLAGS="-Werror" PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$py" -m pip install --no-build-isolation --no-cache-dir --no-index -v bindings/python \
    > "$work/pip.log" 2>&1 || { cat "$work/pip.log" >&2; fail "pip install bindings/python"; }
grep -E -- '-c unbake/_unbake.c|libunbake.a' "$work/pip.log" | sed 's/^ */  /'
if grep -E 'warning:' "$work/pip.log" | grep -v 'byte-compiling is disabled' | grep -q .; then
    grep -E 'warning:' "$work/pip.log" >&2; fail "compiler warnings in the extension"
fi
rm -rf bindings/python/build bindings/python/unbake.egg-info
(cd "$work" && "$py" -c 'import unbake, sys; print("ok: import unbake", unbake.__version__, "from", unbake.__file__); sys.exit(unbake.repair("cafÃ©") != "café")')

step "Python unittest"
(cd "$work" && "$py" -m unittest discover -s "$repo/bindings/python/tests" -v)

step "Dask example (LocalCluster, 2 worker processes)"
(cd "$work" && "$py" "$repo/tests/ecosystem/test_dask.py" --cli "$build/unbake" --work "$work/dask" -v)

printf '\n-- ecosystem: all passed\n'
