#!/bin/sh
# Download the pinned inputs of the plausibility model (see data/SOURCES.md,
# "Plausibility model") into a scratch directory outside the repository and
# unpack them. Needs the Debian archive (apt-get) and the npm registry.
#
#   tools/fetch_lm_sources.sh [DIR]        (default /tmp/unbake-lm-src)
#
# Afterwards run:  python3 tools/count_lm.py --src DIR (and count_words.py,
# count_edges.py, count_katakana.py with the same --src)
# The exact versions fetched are written to DIR/versions.txt; count_lm.py
# copies them into the header of every data/lm/*.tsv file. The tables change
# whenever the inputs change: regenerate on purpose, not as part of the build.
set -eu

DIR=${1:-/tmp/unbake-lm-src}
mkdir -p "$DIR/deb" "$DIR/root" "$DIR/npm"
DIR=$(cd "$DIR" && pwd)

# Model inputs.
PKGS="unicode-data unicode-cldr-core mecab-ipadic hunspell-ko
manpages-zh manpages-ja manpages-ru manpages-uk manpages-de manpages-fr manpages-es
manpages-it manpages-pl manpages
libreoffice-help-zh-cn libreoffice-help-zh-tw libreoffice-help-ja libreoffice-help-ko
libreoffice-help-ru libreoffice-help-el libreoffice-help-de libreoffice-help-fr
libreoffice-help-es libreoffice-help-pt-br libreoffice-help-pl libreoffice-help-cs
libreoffice-help-tr libreoffice-help-vi libreoffice-help-it libreoffice-help-hu
libreoffice-help-en-us
libreoffice-l10n-he libreoffice-l10n-uk libreoffice-l10n-bg libreoffice-l10n-ar
libreoffice-l10n-ru libreoffice-l10n-el libreoffice-l10n-de libreoffice-l10n-fr
libreoffice-l10n-es libreoffice-l10n-pt-br libreoffice-l10n-pl libreoffice-l10n-cs
libreoffice-l10n-tr libreoffice-l10n-vi libreoffice-l10n-it libreoffice-l10n-hu
libreoffice-l10n-ja libreoffice-l10n-ko
firefox-esr-l10n-he firefox-esr-l10n-uk firefox-esr-l10n-bg firefox-esr-l10n-ar
firefox-esr-l10n-ru firefox-esr-l10n-el firefox-esr-l10n-de firefox-esr-l10n-fr
firefox-esr-l10n-es-es firefox-esr-l10n-pt-br firefox-esr-l10n-pl firefox-esr-l10n-cs
firefox-esr-l10n-tr firefox-esr-l10n-vi firefox-esr-l10n-it firefox-esr-l10n-hu
firefox-esr-l10n-ja firefox-esr-l10n-ko"
# Pinned set of gettext catalogs (.mo): the only running text for several
# languages (bg, he, ar, ...). Never use whatever happens to be installed.
MO_PKGS="git coreutils binutils-common iso-codes gnupg-l10n bash libc-l10n
libglib2.0-data libgtk2.0-common dpkg gettext xkb-data gsettings-desktop-schemas wget
login tar apt diffutils make shared-mime-info procps findutils grep sed
util-linux-locales e2fsprogs man-db debconf-i18n"

if [ "${UNBAKE_SKIP_APT_UPDATE:-0}" != 1 ]; then
    apt-get update -qq || echo "warning: apt-get update failed; using existing lists" >&2
fi

cd "$DIR/deb"
# shellcheck disable=SC2086
apt-get download $PKGS $MO_PKGS

: > "$DIR/versions.txt"
for f in "$DIR"/deb/*.deb; do
    name=$(dpkg-deb -f "$f" Package)
    ver=$(dpkg-deb -f "$f" Version)
    echo "$name $ver" >> "$DIR/versions.txt"
    dpkg-deb -x "$f" "$DIR/root"
done

cd "$DIR/npm"
rm -rf package nodejieba-*.tgz
npm pack --silent nodejieba@3.5.8 >/dev/null
tar xzf nodejieba-3.5.8.tgz
echo "npm:nodejieba 3.5.8" >> "$DIR/versions.txt"

# Unihan comes zipped inside unicode-data.
if [ -f "$DIR/root/usr/share/unicode/Unihan.zip" ]; then
    mkdir -p "$DIR/unihan"
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
        "$DIR/root/usr/share/unicode/Unihan.zip" "$DIR/unihan"
fi

sort -o "$DIR/versions.txt" "$DIR/versions.txt"
echo "sources ready in $DIR ($(wc -l < "$DIR/versions.txt") packages)"
