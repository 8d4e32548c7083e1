#!/usr/bin/env bash
# The add-in's ribbon under Wine, driven as Office drives it (outlook_standin.exe --ribbon...,
# fakehost/win/ribbon_driver.h): GetCustomUI, the XML parsed by MSXML and checked against the
# 2009/07 customUI namespace, every callback it names resolved through GetIDsOfNames and called
# through Invoke with an IRibbonControl whose Id is the control's, onLoad with an IRibbonUI that
# counts invalidations. Two scripts: steady.lua, and flaky.lua whose offline handler fails with
# XML's special characters in its error, and grüße.lua, named outside ASCII. The run:
#   1. --ribbon before the add-in has started: the label says "Starting...";
#   2. once advised, the label (asked again after each InvalidateControl) shows 3 running;
#   3. offline: flaky fails, the add-in invalidates the label, which now counts 1 error;
#   4. --ribbon again: the menu names both scripts, flaky's with its error (escaped in the XML,
#      read back intact); Reload scripts reloads (each script's start runs again) and the
#      status is invalidated after it; Open scripts folder and Open log start the opener.
# The opener: OFFLINEHOOKS_OPENER replaces explorer.exe with `tree_child record DIR`, which
# writes the path it is given to a file of its own in DIR, so the test sees the paths and no
# window opens. (Not `cmd /c echo>>FILE`: two openers started at once append at the same offset
# under Wine, and one path is lost.)
# Environment (from CMake): WINEPREFIX, OH_WINE_RUN, OH_STANDIN, OH_ADDIN_DLL, OH_TREE_CHILD, OH_WORK_DIR,
# OH_RIBBON_SCRIPTS (the folder holding the three scripts).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

: "${OH_STANDIN:?}" "${OH_ADDIN_DLL:?}" "${OH_TREE_CHILD:?}" "${OH_WORK_DIR:?}" "${OH_RIBBON_SCRIPTS:?}"
progid=OfflineHooks.Connect
work=$OH_WORK_DIR/addin-ribbon
rm -rf "$work"
mkdir -p "$work/scripts"
cp "$OH_RIBBON_SCRIPTS"/*.lua "$work/scripts/"
dll=$(winpath "$OH_ADDIN_DLL")
opened_dir=$work/opened
mkdir -p "$opened_dir"
opened=$work/opened.txt

wine_run regsvr32 /u /s "$dll" >/dev/null 2>&1
wine_run reg delete 'HKCU\Software\Policies\OfflineHooks' /f >/dev/null 2>&1
appdata=$(local_appdata) || { fail "no LOCALAPPDATA in $WINEPREFIX"; finish; }
datadir=$appdata/OfflineHooks
rm -rf "$datadir"
wine_run regsvr32 /s "$dll"
expect_status $? 0 "regsvr32 OfflineHooks.dll"

OFFLINEHOOKS_SCRIPTS=$(winpath "$work/scripts")
OFFLINEHOOKS_OPENER="\"$(winpath "$OH_TREE_CHILD")\" record \"$(winpath "$opened_dir")\""
export OFFLINEHOOKS_SCRIPTS OFFLINEHOOKS_OPENER
out=$work/ribbon.out
log=$work/ribbon.log
wine_run "$OH_STANDIN" --progid "$progid" --shutdown notify \
    --ribbon \
    --expect-advised \
    --expect-label 'status=3 running, 0 quarantined, 0 errors since start' \
    --go offline \
    --expect-label 'status=, 1 error since start' \
    --ribbon \
    --expect-invalidated status >"$out.raw" 2>&1
status=$?
tr -d '\r' <"$out.raw" >"$out"
tr -d '\r' <"$datadir/offlinehooks.log" >"$log" 2>/dev/null || : >"$log"
# The openers run on their own (nothing waits for them): wait up to 10 s for both lines.
for _ in $(seq 100); do
    cat "$opened_dir"/*.txt 2>/dev/null | tr -d '\r' >"$opened.lf"
    grep -q 'scripts"\?$' "$opened.lf" && grep -q 'offlinehooks.log"\?$' "$opened.lf" && break
    sleep 0.1
done
echo "--- outlook_standin (exit $status)"
cat "$out"
echo "--- offlinehooks.log"
cat "$log"
echo "---"

expect_status "$status" 0 "stand-in verdict"
expect_grep "$out" '^result: ok$' "result ok"
expect_grep "$out" '^ribbon: GetCustomUI\(Microsoft.Outlook.Explorer\) hr=0x00000000 ' "GetCustomUI answered"
expect_grep "$out" '^ribbon: customUI xml=[0-9]+ chars namespace=http://schemas.microsoft.com/office/2009/07/customui root=customUI callbacks=6$' \
    "the XML parses, in the 2009/07 namespace, naming six callbacks"
expect_grep "$out" '^ribbon-call: onLoad OnRibbonLoad id= hr=0x00000000 ' "onLoad took the IRibbonUI"
expect_grep "$out" '^ribbon-call: getLabel GetStatusLabel id=status hr=0x00000000 ms=[0-9.]+ result="Starting..."$' \
    "before the start the label says so"
expect_grep "$out" '^ribbon-call: getLabel GetStatusLabel id=status hr=0x00000000 ms=[0-9.]+ result="3 running, 0 quarantined, 0 errors since start"$' \
    "the label counts the running scripts once they are loaded"
expect_grep "$out" '^ribbon-call: getLabel GetStatusLabel id=status hr=0x00000000 ms=[0-9.]+ result="[0-9] running, [0-9] quarantined, 1 error since start"$' \
    "a script error raises the count, and the label is invalidated and asked again"
expect_grep "$out" '^ribbon-call: getContent GetScriptsMenu id=scripts hr=0x00000000 ' "getContent answered"
expect_grep "$out" '^ribbon: menu xml=[0-9]+ chars namespace=http://schemas.microsoft.com/office/2009/07/customui root=menu ' \
    "the menu's XML is well-formed, in the namespace"
expect_grep "$out" '^ribbon-menu-item: id=script0 label="flaky: (running|quarantined)" supertip="Last error: .*flaky\.lua:[0-9]+: flaky <b> & "quoted" failed"$' \
    "the menu names flaky with its last error, escaped in the XML and read back intact"
expect_grep "$out" '^ribbon-menu-item: id=script1 label="grüße: running"$' "the menu names grüße as written"
expect_grep "$out" '^ribbon-menu-item: id=script2 label="steady: running"$' "the menu names steady"
for cb in 'onAction OnReload id=reload' 'onAction OnOpenFolder id=openFolder' 'onAction OnOpenLog id=openLog' \
          'onAction OnOpenLog id=script0'; do
    expect_grep "$out" "^ribbon-call: $cb hr=0x00000000 " "$cb called"
done
expect_no_grep "$out" '^ribbon-call: .* hr=0x[1-9A-F]' "every callback succeeded"
expect_no_grep "$out" 'GetIDsOfNames hr=' "every callback name resolved"
expect_grep "$out" '^ribbon-ui: invalidate=0 invalidate-control=[0-9]+ ids=scripts:[0-9]+,status:[0-9]+ wrong-thread=0 held-by-addin=0$' \
    "InvalidateControl on the main thread only, and the IRibbonUI released at shutdown"
expect_grep "$out" '^release: refs=0 dll-unloaded=yes$' "released and unloaded"
expect_grep "$log" 'INFO  \[OfflineHooks\] reloading every script \(ribbon: Reload scripts\)' "Reload scripts is logged"
expect_count "$log" '\[steady\] ribbon steady start' 2 "Reload scripts ran steady's start again"
expect_no_grep "$log" 'cannot open' "the opener started"
# tree_child records its one argument as Windows parsed it: a path with blanks (the log's,
# under "Jürgen ...") that were not quoted would arrive as several and record nothing.
expect_grep "$opened.lf" 'addin-ribbon\\scripts"?$' "Open scripts folder opened the scripts folder"
expect_grep "$opened.lf" 'OfflineHooks\\offlinehooks.log"?$' "Open log opened the log"

wine_run regsvr32 /u /s "$dll"
finish
