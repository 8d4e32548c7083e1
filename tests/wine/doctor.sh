#!/usr/bin/env bash
# fakehost.exe doctor under Wine, on each state a support desk meets: healthy (exit 0), then
# one broken thing at a time (exit 1, a FAIL line naming it and what to do): LoadBehavior 2, a
# missing COM class, a missing DLL, a script with a syntax error, a Resiliency DisabledItems
# entry; plus 32-bit Outlook with only the x64 DLL, no Outlook at all, and the --json shape.
# Outlook is played by the registry: App Paths names outlook_standin.exe (an x64 PE file), or
# Click-to-Run's Platform value says x86. One prefix (the run's), one doctor run per state, and
# each state's registry changes in one regedit import (each Wine program costs ~0.5 s).
# Environment (from CMake): WINEPREFIX, OH_WINE_RUN, OH_FAKEHOST, OH_ADDIN_DLL, OH_STANDIN,
# OH_WORK_DIR.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

: "${OH_FAKEHOST:?}" "${OH_ADDIN_DLL:?}" "${OH_STANDIN:?}" "${OH_WORK_DIR:?}"
progid=OfflineHooks.Connect
clsid='{D01E9B12-FD27-4921-B914-FC6AA87E6CBC}'
addins_key="HKCU\\Software\\Microsoft\\Office\\Outlook\\Addins\\$progid"
resiliency='HKCU\Software\Microsoft\Office\16.0\Outlook\Resiliency'
work=$OH_WORK_DIR/doctor
rm -rf "$work"
scripts="$work/doctor scripts 山田"
mkdir -p "$scripts"
printf 'hooks.on("offline", function() hooks.log.info("off") end)\n' >"$scripts/good.lua"
dll=$(winpath "$OH_ADDIN_DLL")
export OFFLINEHOOKS_SCRIPTS
OFFLINEHOOKS_SCRIPTS=$(winpath "$scripts")

# reg_import: applies a .reg text from stdin (the header added) with one regedit call.
imports=0
reg_import() {
    local f=$work/import.$((++imports)).reg
    { printf 'Windows Registry Editor Version 5.00\r\n\r\n'; sed 's/$/\r/'; } >"$f"
    wine_run regedit /s "$(winpath "$f")" || fail "regedit $f"
}
# A Windows path as a .reg string: backslashes doubled.
reg_text() { printf '"%s"' "${1//\\/\\\\}"; }
hkcu='HKEY_CURRENT_USER\Software'
hklm='HKEY_LOCAL_MACHINE\Software'
addins_reg="$hkcu\\Microsoft\\Office\\Outlook\\Addins\\$progid"
class_reg="$hkcu\\Classes\\CLSID\\$clsid"
app_paths_reg="$hklm\\Microsoft\\Windows\\CurrentVersion\\App Paths\\OUTLOOK.EXE"
c2r_reg="$hklm\\Microsoft\\Office\\ClickToRun\\Configuration"
resiliency_reg="$hkcu\\Microsoft\\Office\\16.0\\Outlook\\Resiliency"
clean_slate() {
    wine_run regsvr32 /u /s "$dll" >/dev/null 2>&1
    reg_import <<REG
[-$app_paths_reg]
[-$c2r_reg]
[-$resiliency_reg]
[-$hkcu\\Policies\\OfflineHooks]
REG
}
clean_slate
wine_run regsvr32 /s "$dll" || fail "regsvr32 OfflineHooks.dll"
reg_import <<REG
[$app_paths_reg]
@=$(reg_text "$(winpath "$OH_STANDIN")")
REG

# A log as the add-in leaves it: an error before the last start (not counted), one after.
appdata=$(local_appdata) || { fail "no LOCALAPPDATA in $WINEPREFIX"; finish; }
mkdir -p "$appdata/OfflineHooks"
log="$appdata/OfflineHooks/offlinehooks.log"
start_line='INFO  [OfflineHooks] OfflineHooks 0.1.0 starting in Outlook (process 7); scripts folder X (default)'
printf '%s\r\n' "2026-01-05T09:00:00.000+01:00 $start_line" \
    "2026-01-05T09:00:01.000+01:00 ERROR [old] before the last start" \
    "2026-01-05T10:00:00.000+01:00 $start_line" >"$log"

# doctor NAME [ARGS...]: $out holds the output (CR LF made LF), $status the exit status.
doctor() {
    local name=$1
    shift
    out=$work/$name.out
    wine_run "$OH_FAKEHOST" doctor "$@" 2>&1 | tr -d '\r' >"$out"
    status=${PIPESTATUS[0]}
    echo "--- $name: fakehost doctor $* (exit $status)"
    cat "$out"
}

doctor healthy
expect_status "$status" 0 "healthy"
expect_grep "$out" '^ok    Outlook is 64-bit \(the PE header of .*outlook_standin\.exe \(App Paths\)\)$' "healthy: Outlook's bitness from OUTLOOK.EXE's PE header"
expect_fixed "$out" "ok    Addins key $addins_key: LoadBehavior 3, load at start-up" "healthy: the Addins key"
expect_fixed "$out" "ok    ProgID $progid -> $clsid" "healthy: the ProgID"
expect_fixed "$out" "ok    COM class in the 64-bit view: $dll (x64, as Outlook" "healthy: the class names the x64 DLL"
expect_fixed "$out" "      a per-user class: an Outlook run as administrator does not see it" "healthy: the per-user class is noted"
expect_grep "$out" '^ok    Resiliency: Outlook has not disabled the add-in' "healthy: Resiliency"
expect_grep "$out" '^ok    no OfflineHooks policy in force$' "healthy: no policy"
expect_grep "$out" '^ok    log .*offlinehooks\.log: no error since the add-in last started$' "healthy: an error before the last start is not counted"
# Paths the engine prints have '/' separators (path_to_utf8), as `fakehost check` shows them.
scripts_shown=${OFFLINEHOOKS_SCRIPTS//\\//}
expect_fixed "$out" "ok    user scripts folder $scripts_shown (the OFFLINEHOOKS_SCRIPTS environment variable): 1 script(s), 1 ok" "healthy: the scripts folder"
expect_grep "$out" '^ok    machine scripts folder C:/ProgramData/OfflineHooks/scripts \(.*\): not there, not used$' "healthy: no machine folder is fine"
expect_count "$out" '^(FAIL|warn) ' 0 "healthy: nothing failed or warned"
expect_grep "$out" ', 0 failed, .*: healthy$' "healthy: the summary"

doctor json --json
expect_status "$status" 0 "json"
if python3 - "$out" <<'PY'; then ok "json: one object with the documented shape"; else fail "json: shape (see above)"; fi
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["healthy"] is True and doc["platform"] == "windows", doc
assert set(doc["counts"]) == {"ok", "warn", "fail", "skip"}, doc["counts"]
ids = [c["id"] for c in doc["checks"]]
for want in ["outlook", "addin.key", "com.progid", "com.class", "resiliency", "policy", "log", "scripts.folder"]:
    assert want in ids, (want, ids)
for c in doc["checks"]:
    assert set(c) == {"id", "verdict", "what", "fix", "details"}, c
    assert c["verdict"] in ("ok", "warn", "fail", "skip"), c
PY

# Outlook disabled the add-in; and policies in force, one of them out of range.
reg_import <<REG
[$addins_reg]
"LoadBehavior"=dword:00000002
[$hkcu\\Policies\\OfflineHooks]
"HandlerBudgetMs"=dword:000001f4
"MemoryCapMiB"=dword:00000001
REG
doctor load_behavior_2
expect_status "$status" 1 "LoadBehavior 2"
expect_fixed "$out" "FAIL  Addins key $addins_key: LoadBehavior 2, Outlook disabled the add-in" "LoadBehavior 2: the FAIL line"
expect_fixed "$out" "fix: set LoadBehavior to 3 (reg add \"$addins_key\" /v LoadBehavior /t REG_DWORD /d 3 /f)" "LoadBehavior 2: the fix"
expect_grep "$out" '^ok    1 OfflineHooks setting\(s\) set by policy$' "policy: counted"
expect_fixed "$out" "handler budget 500 ms (policy HKCU)" "policy: the value and where it came from"
expect_fixed "$out" "warn  settings: ignored HKCU\\Software\\Policies\\OfflineHooks MemoryCapMiB = 1: expected a REG_DWORD from 4 to 1024" "policy: a value out of range is a warning"

# The class is gone (the Addins key and ProgID left behind).
reg_import <<REG
[$addins_reg]
"LoadBehavior"=dword:00000003
[-$hkcu\\Policies\\OfflineHooks]
[-$class_reg]
REG
doctor missing_class
expect_status "$status" 1 "missing class"
expect_fixed "$out" "FAIL  COM class $clsid is not registered in the 64-bit view, which x64 Outlook reads" "missing class: the FAIL line"

# The class names a DLL that is not there (deleted by hand, an interrupted uninstall).
missing_dll='C:\Program Files\OfflineHooks\gone\OfflineHooks.dll'
reg_import <<REG
[$class_reg\\InprocServer32]
@=$(reg_text "$missing_dll")
"ThreadingModel"="Apartment"
REG
doctor missing_dll
expect_status "$status" 1 "missing DLL"
expect_fixed "$out" "names $missing_dll, which does not exist" "missing DLL: the FAIL line names the path"
expect_fixed "$out" "fix: repair or reinstall OfflineHooks" "missing DLL: the fix"

# A script with a syntax error (the class back as regsvr32 writes it); and a machine scripts
# folder the user owns (as every file made under Wine is): the add-in refuses it and its script.
reg_import <<REG
[$class_reg\\InprocServer32]
@=$(reg_text "$dll")
REG
printf 'hooks.on("online", function()\n  x = = 1\nend)\n' >"$scripts/bad.lua"
machine=$WINEPREFIX/drive_c/ProgramData/OfflineHooks/scripts
mkdir -p "$machine"
printf 'hooks.on("online", function() end)\n' >"$machine/m.lua"
doctor syntax_error
expect_status "$status" 1 "syntax error"
expect_fixed "$out" "FAIL  script $scripts_shown/bad.lua" "syntax error: the script's FAIL line"
expect_grep "$out" 'bad\.lua:2: unexpected symbol near' "syntax error: file:line and Lua's message"
expect_fixed "$out" "ok    machine scripts folder C:/ProgramData/OfflineHooks/scripts (the default, %ProgramData%\\OfflineHooks\\scripts): 1 script(s), 1 ok" "machine folder: its line"
expect_grep "$out" '^FAIL  machine scripts folder C:/ProgramData/OfflineHooks/scripts refused: it is owned by .*icacls' "machine folder: refused, who owns it, the icacls fix"
expect_grep "$out" '^FAIL  machine script C:/ProgramData/OfflineHooks/scripts/m\.lua refused: ' "machine folder: its script refused too"
rm "$scripts/bad.lua"
rm -r "$WINEPREFIX/drive_c/ProgramData/OfflineHooks"

# Outlook hard-disabled it: a DisabledItems value as Office writes it (the DLL path in lower
# case), beside one of another add-in that must not count; a CrashingAddinList entry; and an
# error in the log after the last start (a warning with the line).
hexbytes() { od -An -v -tx1 | tr -s ' \n' ',,' | sed 's/^,//; s/,$//'; }
le32() { printf '%b' "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x00\\x00"; }
disabled_item() { # PATH NAME: the value's bytes as .reg hex
    local p n
    p=$(printf '%s' "$1" | iconv -f UTF-8 -t UTF-16LE | od -An -v -tx1 | wc -w)
    n=$(printf '%s' "$2" | iconv -f UTF-8 -t UTF-16LE | od -An -v -tx1 | wc -w)
    {
        le32 1
        le32 $((p + 2))
        le32 $((n + 2))
        printf '%s' "$1" | iconv -f UTF-8 -t UTF-16LE
        printf '\0\0'
        printf '%s' "$2" | iconv -f UTF-8 -t UTF-16LE
        printf '\0\0'
    } | hexbytes
}
lower_dll=${dll,,}
reg_import <<REG
[$resiliency_reg\\DisabledItems]
"5A1B3C"=hex:$(disabled_item 'c:\other\addin.dll' Other)
"7E2F4D"=hex:$(disabled_item "$lower_dll" OfflineHooks)
[$resiliency_reg\\CrashingAddinList]
$(reg_text "$lower_dll")=dword:00000001
REG
printf '%s\r\n' "2026-01-05T10:00:05.000+01:00 ERROR [good] boom at good.lua:1" >>"$log"
doctor disabled_item
expect_status "$status" 1 "DisabledItems"
expect_fixed "$out" "FAIL  Outlook 16.0 has disabled the add-in: $resiliency\\DisabledItems 7E2F4D names $lower_dll" "DisabledItems: the FAIL line names the value and the path"
expect_fixed "$out" "reg delete \"$resiliency\\DisabledItems\" /v 7E2F4D /f" "DisabledItems: the fix"
expect_count "$out" '^FAIL  Outlook 16\.0 has disabled' 1 "DisabledItems: only our entry, not the other add-in's"
expect_fixed "$out" "warn  Outlook 16.0 was loading the add-in when it stopped: $resiliency\\CrashingAddinList $lower_dll" "CrashingAddinList: the warning"
expect_grep "$out" '^warn  log .*: 1 error\(s\) since the add-in last started; the last 1:$' "log: the warning"
expect_fixed "$out" "      2026-01-05T10:00:05.000+01:00 ERROR [good] boom at good.lua:1" "log: the error line"

# 32-bit Outlook (Click-to-Run says so) with the x64 DLL only: not loadable.
reg_import <<REG
[-$resiliency_reg]
[$c2r_reg]
"Platform"="x86"
REG
doctor outlook_x86
expect_status "$status" 1 "32-bit Outlook"
expect_fixed "$out" "ok    Outlook is 32-bit (HKLM\\Software\\Microsoft\\Office\\ClickToRun\\Configuration Platform)" "32-bit Outlook: from Click-to-Run"
expect_grep "$out" '^FAIL  (COM class .* is not registered in the 32-bit view|.* the 32-bit view needs the x86 DLL)' "32-bit Outlook: no x86 class"

# No Outlook at all.
reg_import <<REG
[-$c2r_reg]
[-$app_paths_reg]
REG
doctor no_outlook
expect_status "$status" 1 "no Outlook"
expect_grep "$out" '^FAIL  classic Outlook not found' "no Outlook: the FAIL line"

clean_slate
rm -f "$log"
finish
