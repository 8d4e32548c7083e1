#!/usr/bin/env bash
# Fetches the Lua 5.4 source from Debian's own registry, into third_party/ (gitignored;
# nothing third-party is committed). Every build compiles the sandbox's string
# and table libraries from it (cmake/LuaMetered.cmake), and the MinGW build all of Lua
# (cmake/LuaFromSource.cmake).
# tools/deps.sh runs it.
#
#  1. Adds a deb-src entry for bookworm, copied from the machine's existing Debian entry
#     (deb822 .sources or one-line .list), only if no deb-src for bookworm is there yet.
#  2. apt-get update; apt-get source --download-only lua5.4 into third_party/.
#  3. Unpacks the orig tarball to third_party/lua-5.4/ and applies those of Debian's patches
#     that change only src/*.c (upstream's own bug fixes: CVE-2022-28805, CVE-2022-33099).
#     Debian's other patches are packaging: Makefiles, Linux module paths, and an extern "C"
#     LUA_API in luaconf.h, which would give C linkage where our build wants C++ linkage
#     (OH_LUA_CXX_LINKAGE) -- so those are left out.
#
# Idempotent: a second run with the source already unpacked does nothing (pass --force to
# download again). Uses sudo, when not root, for the apt source list and apt-get update.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root_dir/third_party"
unpacked="$dest/lua-5.4"
force=0
[[ ${1:-} == --force ]] && force=1

if [[ $force -eq 0 && -f $unpacked/src/lapi.c ]]; then
    echo "Lua source already in $unpacked"
    exit 0
fi

apt_dir=/etc/apt
sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)
our_list="$apt_dir/sources.list.d/offlinehooks-deb-src.sources"

# True when some apt source already lists deb-src for bookworm.
have_bookworm_src() {
    local f
    for f in "$apt_dir"/sources.list "$apt_dir"/sources.list.d/*.list; do
        [[ -f $f ]] || continue
        grep -Eq '^[[:space:]]*deb-src[[:space:]].*[[:space:]]bookworm([[:space:]]|$)' "$f" && return 0
    done
    for f in "$apt_dir"/sources.list.d/*.sources; do
        [[ -f $f ]] || continue
        # deb822: stanzas separated by blank lines; one needs Types with deb-src and
        # Suites with bookworm, and must not be disabled (Enabled: no).
        awk 'BEGIN { RS = ""; found = 0 }
             {
                 types = 0; suite = 0; off = 0
                 n = split($0, lines, "\n")
                 for (i = 1; i <= n; i++) {
                     l = tolower(lines[i])
                     if (l ~ /^types:/ && l ~ /deb-src/) types = 1
                     if (l ~ /^suites:/ && l ~ /[[:space:]]bookworm([[:space:]]|$)/) suite = 1
                     if (l ~ /^enabled:[[:space:]]*no/) off = 1
                 }
                 if (types && suite && !off) found = 1
             }
             END { exit found ? 0 : 1 }' "$f" && return 0
    done
    return 1
}

# Writes a deb822 deb-src stanza for bookworm using the URI and keyring of the machine's
# existing Debian (bookworm) binary entry, so the source comes from the same registry.
add_bookworm_src() {
    local uri="" keyring="" f
    for f in "$apt_dir"/sources.list.d/*.sources; do
        [[ -f $f ]] || continue
        # First enabled stanza with Types: deb and a bookworm suite (not -security/-updates
        # only): print "URI<TAB>Signed-By".
        read -r uri keyring < <(awk 'BEGIN { RS = "" }
            {
                types = 0; suite = 0; off = 0; u = ""; k = ""
                n = split($0, lines, "\n")
                for (i = 1; i <= n; i++) {
                    l = lines[i]; ll = tolower(l)
                    if (ll ~ /^types:/ && ll ~ /[[:space:]]deb([[:space:]]|$)/) types = 1
                    if (ll ~ /^suites:/ && ll ~ /[[:space:]]bookworm([[:space:]]|$)/) suite = 1
                    if (ll ~ /^enabled:[[:space:]]*no/) off = 1
                    if (ll ~ /^uris:/) { sub(/^[^:]*:[[:space:]]*/, "", l); split(l, w, /[[:space:]]+/); u = w[1] }
                    if (ll ~ /^signed-by:/) { sub(/^[^:]*:[[:space:]]*/, "", l); k = l }
                }
                if (types && suite && !off && u != "") { print u, (k == "" ? "-" : k); exit }
            }' "$f") || true
        [[ -n $uri ]] && break
    done
    if [[ -z $uri ]]; then
        for f in "$apt_dir"/sources.list "$apt_dir"/sources.list.d/*.list; do
            [[ -f $f ]] || continue
            # One-line format: deb [options] URI bookworm components...
            local line
            line=$(grep -E '^[[:space:]]*deb[[:space:]].*[[:space:]]bookworm[[:space:]]' "$f" | head -n1 || true)
            [[ -n $line ]] || continue
            uri=$(awk '{ for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i !~ /=/) { print $i; exit } }' <<<"$line")
            keyring=$(sed -n 's/.*signed-by=\([^] ]*\).*/\1/p' <<<"$line")
            [[ -n $uri ]] && break
        done
    fi
    if [[ -z $uri ]]; then
        echo "error: no Debian bookworm 'deb' entry found in $apt_dir to copy a deb-src entry from" >&2
        exit 1
    fi
    echo "Adding deb-src for bookworm ($uri) in $our_list"
    {
        echo "# Added by OfflineHooks tools/fetch-lua-source.sh: Lua's source for the build."
        echo "Types: deb-src"
        echo "URIs: $uri"
        echo "Suites: bookworm"
        echo "Components: main"
        [[ -n $keyring && $keyring != - ]] && echo "Signed-By: $keyring"
    } | "${sudo[@]}" tee "$our_list" >/dev/null
}

if have_bookworm_src; then
    echo "deb-src for bookworm already configured"
else
    add_bookworm_src
fi

"${sudo[@]}" apt-get update -qq

mkdir -p "$dest"
cd "$dest"
# --download-only: no build dependencies and no dpkg-source run; we take the orig tarball.
apt-get source --download-only lua5.4
shopt -s nullglob
tarballs=(lua5.4_*.orig.tar.gz)
if [[ ${#tarballs[@]} -eq 0 ]]; then
    echo "error: apt-get source gave no lua5.4_*.orig.tar.gz in $dest" >&2
    exit 1
fi
tarball=${tarballs[-1]}

tmp=$(mktemp -d "$dest/.unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tarball" -C "$tmp"
top=("$tmp"/*/)
if [[ ${#top[@]} -ne 1 || ! -f ${top[0]}src/lapi.c ]]; then
    echo "error: $tarball does not hold one lua-5.4.*/src tree" >&2
    exit 1
fi

debian_tars=(lua5.4_*.debian.tar.xz)
applied=()
if [[ ${#debian_tars[@]} -gt 0 ]]; then
    mkdir "$tmp/debian-pkg"
    tar -xJf "${debian_tars[-1]}" -C "$tmp/debian-pkg"
    series="$tmp/debian-pkg/debian/patches/series"
    if [[ -f $series ]]; then
        while read -r name _; do
            [[ -z $name || $name == \#* ]] && continue
            file="$tmp/debian-pkg/debian/patches/$name"
            # Only patches whose every target is a src/*.c file.
            if grep -E '^\+\+\+ ' "$file" | grep -Evq '^\+\+\+ [^/]+/src/[^/]+\.c([[:space:]]|$)'; then
                continue
            fi
            patch -d "${top[0]}" -p1 --quiet --forward <"$file"
            applied+=("$name")
        done <"$series"
    fi
fi

rm -rf "$unpacked"
mv "${top[0]}" "$unpacked"
echo "Lua source ($tarball) unpacked in $unpacked"
echo "Debian patches applied: ${applied[*]:-none}"
