#!/usr/bin/env bash
# OfflineHooks.dll under Wine, loaded by the Outlook stand-in, with the paths an unlucky
# Windows user has. The whole Wine test run uses a profile named outside ASCII and Latin-1
# ($USER, set by CMakeLists.txt on every Wine call, prefix creation included), so
# %LOCALAPPDATA% (log, journal, store) and %APPDATA% (the default scripts folder) hold it.
#   1. profile: the default scripts folder %APPDATA%\OfflineHooks\scripts; café.lua dofile()s
#      "lib/Jürgen 山田.lua" and counts its starts in hooks.store across a restart; 山田.lua finds
#      the store file an earlier version saved under its UTF-8 name; the log is valid UTF-8
#      and names script, profile and files right;
#   2. env: OFFLINEHOOKS_SCRIPTS set to a folder past 260 characters with blanks, '#', '%',
#      Greek and CJK in it: folder scan, script loading, dofile, store, and hooks.run (whose
#      programs cannot start in such a folder: under Wine CreateProcessW then aborts the
#      process with "malloc(): invalid size");
#   3. registry: HKCU\Software\OfflineHooks ScriptsDir holding a CJK folder, written as
#      "\\?\Z:\..." in quotes, as Explorer's "Copy as path" and a long-path user might;
# %LOCALAPPDATA% itself past 260 characters cannot be had here: Wine 8's SHGetKnownFolderPath
# ignores a "Local AppData" set in User Shell Folders. The store and the journal past 260
# characters are tested in tests/scripting/paths_test.cpp (the log file takes the same os_path).
# Environment (from CMake): WINEPREFIX, OH_WINE_RUN, OH_STANDIN, OH_ADDIN_DLL, OH_WORK_DIR,
# OH_PATHS_SCRIPTS (tests/wine/paths_scripts), USER.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

: "${OH_STANDIN:?}" "${OH_ADDIN_DLL:?}" "${OH_WORK_DIR:?}" "${OH_PATHS_SCRIPTS:?}" "${USER:?}"
progid=OfflineHooks.Connect
settings_key='HKCU\Software\OfflineHooks'
work=$OH_WORK_DIR/addin-paths
rm -rf "$work"
mkdir -p "$work"
dll=$(winpath "$OH_ADDIN_DLL")

restore() {
    wine_run reg delete "$settings_key" /v ScriptsDir /f >/dev/null 2>&1
    wine_run regsvr32 /u /s "$dll" >/dev/null 2>&1
}
restore
wine_run regsvr32 /s "$dll"
expect_status $? 0 "regsvr32 OfflineHooks.dll"
appdata=$(local_appdata) || { fail "no LOCALAPPDATA in $WINEPREFIX"; finish; }
if [[ $appdata == */users/"$USER"/AppData/Local ]]; then
    ok "the profile folder is named after \$USER: $USER"
else
    fail "the profile folder is $appdata, not named after \$USER ($USER)"
fi
roaming=${appdata%/Local}/Roaming

# run NAME DATADIR [STANDIN ARGS]: the stand-in plays one offline transition; $out, $log,
# $journal for the checks (the log and journal copied from DATADIR, CR LF made LF).
run() {
    local name=$1 data=$2
    shift 2
    out=$work/$name.out
    log=$work/$name.log
    journal=$work/$name.journal
    wine_run "$OH_STANDIN" --progid "$progid" --shutdown notify --expect-advised --go offline \
        --wait 100 "$@" >"$out.raw" 2>&1
    status=$?
    tr -d '\r' <"$out.raw" >"$out"
    tr -d '\r' <"$data/offlinehooks.log" >"$log" 2>/dev/null || : >"$log"
    tr -d '\r' <"$data/journal.jsonl" >"$journal" 2>/dev/null || : >"$journal"
    echo "--- $name: outlook_standin (exit $status)"
    cat "$out"
    echo "--- $name: offlinehooks.log"
    cat "$log"
    echo "---"
}

# expect_script_ran NAME START_COUNT SCRIPTS_DIR_AS_LOGGED: café.lua ran, with its lib, and
# found its count; nothing went wrong.
expect_script_ran() {
    expect_status "$status" 0 "$1: stand-in verdict"
    expect_grep "$out" '^result: ok$' "$1: result ok"
    expect_utf8 "$log" "$1: the log is valid UTF-8"
    expect_fixed "$log" "[café] café n=$2 grüß 山田" "$1: café.lua ran its dofile and read n=$2 from its store"
    expect_fixed "$log" "[café] path=$3/café.lua" "$1: hooks.script.path names the file"
    expect_no_grep "$log" '(ERROR|WARN) ' "$1: no error or warning"
    expect_grep "$journal" '"new":"offline"' "$1: the journal has the notifications"
}

# Windows' form of a Unix path as the add-in logs it ('/' separators).
logged() { local w; w=$(winpath "$1"); echo "${w//\\//}"; }

# 1. The default scripts folder, in the non-ASCII profile; two starts.
data=$appdata/OfflineHooks
scripts=$roaming/OfflineHooks/scripts
rm -rf "$data" "$scripts"
mkdir -p "$scripts" "$data/store"
cp -r "$OH_PATHS_SCRIPTS"/. "$scripts/"
printf '# OfflineHooks store: key <TAB> s|i|n|b <TAB> value\nk\ts\tsaved before\n' >"$data/store/山田.store"
profile_dir="C:/users/$USER/AppData/Roaming/OfflineHooks/scripts"
unset OFFLINEHOOKS_SCRIPTS
for n in 0 1; do
    run "profile$n" "$data"
    expect_script_ran "profile$n" "$n" "$profile_dir"
done
expect_fixed "$log" "scripts folder $profile_dir (the default" "the default scripts folder in the profile, named right"
expect_fixed "$log" "[山田] 山田 kept=saved before" "a store file saved before under its UTF-8 name is found"
if [[ -f $data/store/café.store ]]; then ok "the store file is café.store"; else fail "no café.store in $data/store: $(ls "$data/store")"; fi

# 2. OFFLINEHOOKS_SCRIPTS past 260 characters, with blanks, '#', '%', Greek and CJK.
long=$work/long
for i in 1 2 3 4 5 6; do long+="/Ωmega #$i 100% 山田 $(printf 'x%.0s' {1..30})"; done
mkdir -p "$long"
cp -r "$OH_PATHS_SCRIPTS"/café.lua "$OH_PATHS_SCRIPTS"/lib "$long/"
rm -rf "$data"
OFFLINEHOOKS_SCRIPTS=$(winpath "$long")
export OFFLINEHOOKS_SCRIPTS
if [[ ${#OFFLINEHOOKS_SCRIPTS} -gt 260 ]]; then ok "scripts folder of ${#OFFLINEHOOKS_SCRIPTS} characters"; else fail "scripts folder only ${#OFFLINEHOOKS_SCRIPTS} characters"; fi
OH_PATHS_DONE=$(winpath "$work/env-done")
export OH_PATHS_DONE
for n in 0 1; do
    rm -f "$work/env-done"
    run "env$n" "$data" --expect-file "$OH_PATHS_DONE" --wait 300
    expect_script_ran "env$n" "$n" "$(logged "$long")"
    expect_fixed "$log" "[café] café run code=0" "env$n: hooks.run from the long folder started the program"
done
unset OH_PATHS_DONE
expect_fixed "$log" "scripts folder $(logged "$long") (the OFFLINEHOOKS_SCRIPTS" "the long folder logged as given"
unset OFFLINEHOOKS_SCRIPTS

# 3. The registry's ScriptsDir: CJK, quoted, in the "\\?\" form.
reg_dir="$work/山田 の scripts"
mkdir -p "$reg_dir"
cp -r "$OH_PATHS_SCRIPTS"/café.lua "$OH_PATHS_SCRIPTS"/lib "$reg_dir/"
rm -rf "$data"
wine_run reg add "$settings_key" /v ScriptsDir /t REG_SZ /d "\"\\\\?\\$(winpath "$reg_dir")\"" /f >/dev/null
expect_status $? 0 "reg add ScriptsDir"
run registry "$data"
expect_script_ran registry 0 "$(logged "$reg_dir")"
expect_fixed "$log" "scripts folder $(logged "$reg_dir") (HKCU" "ScriptsDir read as UTF-16, prefix and quotes taken off"
wine_run reg delete "$settings_key" /v ScriptsDir /f >/dev/null 2>&1

restore
finish
