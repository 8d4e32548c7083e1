#!/usr/bin/env bash
# End-to-end test of OfflineHooks.dll under Wine, loaded through COM the way Outlook loads it
# (outlook_standin.exe), with a test script:
#   1. regsvr32 /s OfflineHooks.dll writes the per-user keys (and only those);
#   2. the stand-in activates it, plays "offline"; the script logs, starts a child process
#      (reg.exe adds a marker value) and asks for "online", which must reach the stand-in's
#      MAPI as SetCurrentState on Outlook's main thread and come back as a transition;
#   3. the log under %LOCALAPPDATA%\OfflineHooks holds the script's lines;
#   4. regsvr32 /u removes every key.
# Environment (from CMake): WINEPREFIX, OH_WINE_RUN, OH_STANDIN, OH_ADDIN_DLL, OH_WORK_DIR,
# OH_E2E_SCRIPTS (the folder holding e2e.lua).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

: "${OH_STANDIN:?}" "${OH_ADDIN_DLL:?}" "${OH_WORK_DIR:?}" "${OH_E2E_SCRIPTS:?}"
progid=OfflineHooks.Connect
addins_key="HKCU\\Software\\Microsoft\\Office\\Outlook\\Addins\\$progid"
marker_key='HKCU\Software\OfflineHooksE2E'
work=$OH_WORK_DIR/addin-e2e
rm -rf "$work"
mkdir -p "$work/scripts"
cp "$OH_E2E_SCRIPTS"/*.lua "$work/scripts/"
out=$work/standin.out
dll=$(winpath "$OH_ADDIN_DLL")

# A clean slate: an earlier failed run may have left registration, log or marker behind.
wine_run regsvr32 /u /s "$dll" >/dev/null 2>&1
wine_run reg delete "$marker_key" /f >/dev/null 2>&1
appdata=$(local_appdata) || { fail "no LOCALAPPDATA in $WINEPREFIX"; finish; }
rm -rf "$appdata/OfflineHooks"

# 1. Registration.
wine_run regsvr32 /s "$dll"
expect_status $? 0 "regsvr32 OfflineHooks.dll"
clsid=$(wine_run reg query "HKCU\\Software\\Classes\\$progid\\CLSID" /ve 2>/dev/null |
        grep -Eo '\{[0-9A-Fa-f-]{36}\}' | head -n1)
if [[ -n $clsid ]]; then ok "ProgID -> CLSID $clsid"; else fail "no HKCU\\Software\\Classes\\$progid\\CLSID"; fi
expect_key "HKCU\\Software\\Classes\\CLSID\\$clsid\\InprocServer32" "InprocServer32 under HKCU"
expect_key "$addins_key" "Outlook Addins key under HKCU"
expect_no_key "HKLM\\Software\\Classes\\$progid" "nothing registered in HKLM"

# 2. Outlook's part.
export OFFLINEHOOKS_SCRIPTS OH_E2E_REG_KEY=$marker_key
OFFLINEHOOKS_SCRIPTS=$(winpath "$work/scripts")
wine_run "$OH_STANDIN" --progid "$progid" --shutdown notify \
    --expect-advised --go offline --expect-requests 1 --expect-idle --wait 1000 >"$out.raw" 2>&1
status=$?
tr -d '\r' <"$out.raw" >"$out" # Wine's console output ends lines with CR LF
echo "--- outlook_standin (exit $status)"
cat "$out"
echo "---"
expect_status "$status" 0 "stand-in verdict"
expect_grep "$out" '^result: ok$'
expect_grep "$out" '^on-connection: mode=startup hr=0x00000000'
expect_grep "$out" '^advise\[0\]: size=32 .*callback-type=0 types=0x1 mask=0x003F037F notify-sink=yes .*hr=0x00000000$'
expect_grep "$out" '^request\[0\]: state=online flags=0x0 mask=0x3 thread=main hr=0x00000000$' "set_state reached Outlook's main thread"
expect_grep "$out" '^mapi: transition offline -> online cause=request$'
expect_grep "$out" '^counts: .* advised-now=0 .* managers-alive=0 .* problems=0$'

# 3. The script's log lines and the child process's effect.
logdir=$appdata/OfflineHooks
if [[ -d $logdir ]]; then
    ok "log folder $logdir"
    all_logs=$work/all-logs.txt
    find "$logdir" -type f -exec cat {} + 2>/dev/null | tr -d '\r' >"$all_logs"
    expect_grep "$all_logs" 'e2e start state=online profile=OfflineHooks Test'
    expect_grep "$all_logs" 'e2e offline seq=[0-9]+ phase=(change|done) cause=outlook'
    expect_grep "$all_logs" 'e2e set_state online -> true'
    expect_grep "$all_logs" 'e2e run exit code=0'
    expect_grep "$all_logs" 'e2e stop'
else
    fail "no log folder $logdir"
fi
if wine_run reg query "$marker_key" /v ran 2>/dev/null | grep -q yes; then
    ok "hooks.run child process ran (marker value set)"
else
    fail "hooks.run child process left no marker in $marker_key"
fi

# 4. Unregistration removes every key it wrote.
wine_run regsvr32 /u /s "$dll"
expect_status $? 0 "regsvr32 /u OfflineHooks.dll"
keys=("HKCU\\Software\\Classes\\$progid" "$addins_key")
[[ -n $clsid ]] && keys+=("HKCU\\Software\\Classes\\CLSID\\$clsid")
for key in "${keys[@]}"; do
    expect_no_key "$key" "unregistered: $key"
done
wine_run reg delete "$marker_key" /f >/dev/null 2>&1
finish
