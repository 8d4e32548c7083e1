#!/usr/bin/env bash
# fakehost.exe under Wine with the paths an unlucky Windows user has: its arguments must arrive
# whole (UTF-16, not the ANSI code page), in a folder past 260 characters with blanks, '#', '%',
# Greek and CJK letters, a non-ASCII script that dofile()s a non-ASCII file and keeps a store,
# and a test file there that requires a module of its lib/.
# Environment (from CMake): WINEPREFIX, OH_WINE_RUN, OH_FAKEHOST, OH_WORK_DIR, OH_PATHS_SCRIPTS.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

: "${OH_FAKEHOST:?}" "${OH_WORK_DIR:?}" "${OH_PATHS_SCRIPTS:?}"
work=$OH_WORK_DIR/fakehost-paths
rm -rf "$work"
long=$work/scripts
for i in 1 2 3 4 5 6; do long+="/Ωmega #$i 100% 山田 $(printf 'x%.0s' {1..30})"; done
mkdir -p "$long"
cp -r "$OH_PATHS_SCRIPTS"/café.lua "$OH_PATHS_SCRIPTS"/lib "$long/"
store="$work/Jürgen 山田 store"
scripts_w=$(winpath "$long")

# fakehost ARGS...: $out holds the output (CR LF made LF), $status the exit status.
fakehost() {
    out=$work/out.$((++runs))
    wine_run "$OH_FAKEHOST" "$@" 2>&1 | tr -d '\r' >"$out"
    status=${PIPESTATUS[0]}
    echo "--- fakehost $* (exit $status)"
    cat "$out"
}
runs=0

for n in 0 1; do
    fakehost run --scripts "$scripts_w" --store "$(winpath "$store")" --events '1s offline'
    expect_status "$status" 0 "run $n"
    expect_utf8 "$out" "run $n: the transcript is valid UTF-8"
    expect_fixed "$out" "café n=$n grüß 山田" "run $n: the script ran its dofile and read n=$n from its store"
    expect_grep "$out" ', 0 errors$' "run $n: no error"
done
if [[ -f $store/café.store ]]; then ok "the store is $store/café.store"; else fail "no café.store in $store"; fi

fakehost check "$scripts_w"
expect_status "$status" 0 "check"
expect_fixed "$out" "ok    $(winpath "$long" | tr '\\' /)/café.lua" "check names the script in the long folder"
expect_count "$out" '^(ok|FAIL) ' 1 "check looked at that folder and no other"

# fakehost test: the test file requires lib/paths_words.lua, in a folder outside ASCII (Lua's
# own searcher opens files in the ANSI code page and found nothing there).
tests="$work/Jürgen 山田 tests"
mkdir -p "$tests"
cp -r "$OH_PATHS_SCRIPTS"/. "$tests/"
fakehost test "$(winpath "$tests")"
expect_status "$status" 0 "test"
expect_grep "$out" '^1 passed, 0 failed' "the test file found its module and its script"
finish
