#!/usr/bin/env bash
# End-to-end test of OfflineHooks.dll under Wine, loaded through COM the way Outlook loads it
# (outlook_standin.exe), with test scripts:
#   1. regsvr32 /s OfflineHooks.dll writes the per-user keys (and only those);
#   2. main: the stand-in activates it and plays "offline"; the script logs, starts child
#      processes (reg.exe adds marker values, one with an argument full of quotes, blanks and
#      backslashes; cmd.exe echoes into the captured stdout; a missing program fails cleanly),
#      shows a notification and asks for "online", which must reach the stand-in's MAPI as
#      SetCurrentState on Outlook's main thread and come back as a transition; a late Notify
#      after Unadvise is ignored; every thread of the add-in is gone and the DLL unloads;
#   3. the log under %LOCALAPPDATA%\OfflineHooks holds the script's lines, the journal the six
#      notifications;
#   4. pending, pending_gives_up: a request meeting E_PENDING is tried again, then dropped with
#      a warning;
#   5. what must not stop Outlook: a script that fails to load (with ext_cm_AfterStartup and a
#      fast shutdown), a scripts folder that does not exist, no HrOpenOfflineObj (no MAPI DLL
#      loaded and none found through the MAPI stub), Advise failing: each logged with its
#      reason, and the stand-in carries on (exit 0);
#   8. policies under HKCU\Software\Policies\OfflineHooks: the start-up line names each
#      value's source, hooks.run refused, no journal, no debug lines, no user scripts;
#   6. regsvr32 /u removes every key.
# Environment (from CMake): WINEPREFIX, OH_WINE_RUN, OH_STANDIN, OH_ADDIN_DLL, OH_WORK_DIR,
# OH_E2E_SCRIPTS (the folder holding e2e.lua and the cases' subfolders).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

: "${OH_STANDIN:?}" "${OH_ADDIN_DLL:?}" "${OH_WORK_DIR:?}" "${OH_E2E_SCRIPTS:?}"
progid=OfflineHooks.Connect
addins_key="HKCU\\Software\\Microsoft\\Office\\Outlook\\Addins\\$progid"
marker_key='HKCU\Software\OfflineHooksE2E'
work=$OH_WORK_DIR/addin-e2e
rm -rf "$work"
mkdir -p "$work"
dll=$(winpath "$OH_ADDIN_DLL")
# e2e.lua creates $done_file once every program it started has ended (on_exit called):
# the stand-in waits for that file instead of a fixed time.
done_file=$work/children-done
OH_E2E_DONE=$(winpath "$done_file")
export OH_E2E_REG_KEY=$marker_key OH_E2E_DONE OFFLINEHOOKS_SCRIPTS

# A clean slate: an earlier failed run may have left registration, log or marker behind.
wine_run regsvr32 /u /s "$dll" >/dev/null 2>&1
wine_run reg delete "$marker_key" /f >/dev/null 2>&1
wine_run reg delete 'HKCU\Software\Policies\OfflineHooks' /f >/dev/null 2>&1
appdata=$(local_appdata) || { fail "no LOCALAPPDATA in $WINEPREFIX"; finish; }
datadir=$appdata/OfflineHooks

# run_case NAME SCRIPTS_DIR STANDIN_ARGS...: a fresh data folder, the stand-in with the scripts
# folder given (a Unix path; it need not exist), then $out (transcript), $log (the add-in's log)
# and $journal for the checks. Extra environment for the stand-in comes from the caller.
run_case() {
    local name=$1 scripts=$2
    shift 2
    rm -rf "$datadir"
    OFFLINEHOOKS_SCRIPTS=$(winpath "$scripts")
    out=$work/$name.out
    log=$work/$name.log
    journal=$work/$name.journal
    wine_run "$OH_STANDIN" --progid "$progid" "$@" >"$out.raw" 2>&1
    status=$?
    tr -d '\r' <"$out.raw" >"$out" # Wine's console output ends lines with CR LF
    tr -d '\r' <"$datadir/offlinehooks.log" >"$log" 2>/dev/null || : >"$log"
    tr -d '\r' 2>/dev/null <"$datadir/journal.jsonl" >"$journal" || : >"$journal"
    echo "--- $name: outlook_standin $* (exit $status)"
    cat "$out"
    echo "--- $name: offlinehooks.log"
    cat "$log"
    echo "---"
}

# A run after which Outlook would be content: exit 0, nothing left advised or open, every
# object released and the DLL unloaded.
expect_clean() {
    expect_status "$status" 0 "$1: stand-in verdict"
    expect_grep "$out" '^result: ok$' "$1: result ok"
    expect_grep "$out" '^counts: .* advised-now=0 .* managers-alive=0 .* problems=0$' "$1: nothing left advised or open"
    expect_grep "$out" '^release: refs=0 dll-unloaded=yes$' "$1: released and unloaded"
}

# 1. Registration.
wine_run regsvr32 /s "$dll"
expect_status $? 0 "regsvr32 OfflineHooks.dll"
clsid=$(wine_run reg query "HKCU\\Software\\Classes\\$progid\\CLSID" /ve 2>/dev/null |
        grep -Eo '\{[0-9A-Fa-f-]{36}\}' | head -n1)
if [[ -n $clsid ]]; then ok "ProgID -> CLSID $clsid"; else fail "no HKCU\\Software\\Classes\\$progid\\CLSID"; fi
expect_key "HKCU\\Software\\Classes\\CLSID\\$clsid\\InprocServer32" "InprocServer32 under HKCU"
if wine_run reg query "HKCU\\Software\\Classes\\CLSID\\$clsid\\InprocServer32" /v ThreadingModel 2>/dev/null |
    grep -q 'Apartment'; then
    ok "ThreadingModel Apartment"
else
    fail "ThreadingModel is not Apartment"
fi
expect_key "$addins_key" "Outlook Addins key under HKCU"
expect_no_key "HKLM\\Software\\Classes\\$progid" "nothing registered in HKLM"
expect_no_key "HKLM\\Software\\Classes\\CLSID\\$clsid" "no class in HKLM"

# 2. Main case. The late Notify (OH_FAKE_MAPI_LATE_NOTIFY) comes after Unadvise: ignored, and
# the DLL still unloads once Outlook has let go of the sink.
mkdir -p "$work/main"
cp "$OH_E2E_SCRIPTS"/*.lua "$work/main/"
OH_FAKE_MAPI_LATE_NOTIFY=1 run_case main "$work/main" --shutdown notify \
    --expect-advised --go offline --expect-requests 1 --expect-idle \
    --expect-file "$OH_E2E_DONE" --wait 100
expect_clean main
expect_grep "$out" '^addin-key: HKCU LoadBehavior=3 RequireShutdownNotification=1 FriendlyName="OfflineHooks" '
expect_grep "$out" '^on-connection: mode=startup hr=0x00000000'
expect_grep "$out" '^on-startup-complete: hr=0x00000000'
expect_grep "$out" '^on-begin-shutdown: hr=0x00000000'
expect_grep "$out" '^on-disconnection: mode=host-shutdown hr=0x00000000'
expect_grep "$out" '^mapi: open profile="OfflineHooks Test" -> 0x00000000$' "HrOpenOfflineObj with Outlook's profile"
expect_grep "$out" '^advise\[0\]: size=32 .*callback-type=0 types=0x1 mask=0x003F037F notify-sink=yes .*hr=0x00000000$'
expect_grep "$out" '^request\[0\]: state=online flags=0x0 mask=0x3 thread=main hr=0x00000000$' "set_state reached Outlook's main thread"
expect_no_grep "$out" '^request\[.*in-notify' "no request from inside Notify"
expect_grep "$out" '^mapi: transition offline -> online cause=request$'
expect_grep "$out" '^mapi: late notify to 1 unadvised sink'
expect_grep "$out" '^counts: .*notify-calls=7 transitions=2 requests=1 late-notifies=1 ' "6 notifications and the late one"
if [[ $(grep -Eo '^threads: before-activation=[0-9]+' "$out" | grep -Eo '[0-9]+$') == \
      $(grep -Eo 'after-disconnection=[0-9]+' "$out" | grep -Eo '[0-9]+$') ]]; then
    ok "every thread of the add-in joined by OnDisconnection"
else
    fail "threads left running after OnDisconnection ($(grep '^threads:' "$out"))"
fi
if pgrep -fi 'ping.exe -n 45 127.0.0.2' >/dev/null; then
    fail "a program the script started outlived the add-in"
else
    ok "programs still running at shutdown were ended"
fi

# 3. The script's log lines, the children's effects, the journal.
expect_grep "$log" 'INFO  \[OfflineHooks\] OfflineHooks [^ ]+ starting in Outlook .*scripts folder .*OFFLINEHOOKS_SCRIPTS'
expect_grep "$log" '\[e2e\] e2e start state=online profile=OfflineHooks Test'
expect_grep "$log" '\[e2e\] e2e offline seq=[0-9]+ phase=(change|done) cause=outlook'
expect_grep "$log" '\[e2e\] e2e set_state online -> true'
expect_grep "$log" '\[e2e\] e2e online seq=[0-9]+'
expect_grep "$log" '\[e2e\] e2e run exit code=0 timed_out=false'
expect_grep "$log" '\[e2e\] e2e args stored code=0'
expect_grep "$log" '\[e2e\] e2e echo code=0 out=\[hello from cmd\]' "stdout captured through the pipe"
expect_grep "$log" '\[e2e\] e2e missing code=nil err=cannot start no-such-program-e2e.exe: ' "a missing program is an on_exit error"
expect_grep "$log" '\[e2e\] e2e slow code=nil timed_out=true' "a program past its timeout is ended"
expect_grep "$log" '\[e2e\] notification: OfflineHooks e2e: Outlook went offline'
expect_grep "$log" '\[e2e\] e2e stop'
expect_grep "$log" 'INFO  \[OfflineHooks\] OfflineHooks stopped'
expect_no_grep "$log" 'ERROR' "no error logged"
expect_grep "$log" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{12}[+-][0-9]{2}:[0-9]{2} (DEBUG|INFO |WARN |ERROR) \[' "log line layout"
if wine_run reg query "$marker_key" /v ran 2>/dev/null | grep -q yes; then
    ok "hooks.run child process ran (marker value set)"
else
    fail "hooks.run child process left no marker in $marker_key"
fi
# shellcheck disable=SC1003 # a literal backslash ends the value (the argv case under test)
want_args='two words "quoted" back\slash \"q\" end\'
got_args=$(wine_run reg query "$marker_key" /v args 2>/dev/null | tr -d '\r' | sed -n 's/^ *args *REG_SZ *//p')
if [[ $got_args == "$want_args" ]]; then
    ok "argv reached the child intact: $got_args"
else
    fail "argv mangled on the way to the child: got [$got_args], want [$want_args]"
fi
expect_count "$journal" '^\{"time":[0-9.]+,"seq":[0-9]+,"phase":"(start|change|done)",' 6 "journal lines"
expect_count "$journal" '"old":"online","new":"offline"' 3 "journal: the transition to offline"
expect_count "$journal" '"old":"offline","new":"online"' 3 "journal: the requested transition back"

# 4. E_PENDING: retried on a timer until Outlook's change is done ...
mkdir -p "$work/pending"
cp "$OH_E2E_SCRIPTS"/pending/*.lua "$work/pending/"
OH_FAKE_MAPI_DELAY_MS=400 run_case pending "$work/pending" --shutdown notify \
    --expect-advised --go offline --expect-requests 3 --expect-idle --wait 800
expect_clean pending
expect_grep "$out" '^request\[0\]: state=online .*thread=main hr=0x00000000$'
expect_grep "$out" '^request\[1\]: state=online .*thread=main hr=0x8000000A$' "second request met E_PENDING"
expect_grep "$out" '^request\[[2-9]\]: state=online .*thread=main hr=0x00000000$' "retried once the change was done"
expect_count "$log" 'Outlook accepted set_state\("online"\)' 2 "both requests accepted in the end"
expect_no_grep "$log" 'dropped' "nothing dropped"
# ... and given up with a warning when it stays busy.
OH_FAKE_MAPI_DELAY_MS=4000 run_case pending_gives_up "$work/pending" --shutdown notify \
    --expect-advised --go offline --expect-requests 7 --expect-idle
expect_clean pending_gives_up
expect_grep "$log" 'WARN  \[pending\] set_state\("online"\) dropped: Outlook was still busy with another change after 6 tries \(E_PENDING\)'

# 5. What must not stop Outlook.
mkdir -p "$work/load_error"
cp "$OH_E2E_SCRIPTS"/load_error/*.lua "$work/load_error/"
run_case load_error "$work/load_error" --connect-mode after --shutdown fast --expect-advised --wait 200
expect_status "$status" 0 "load_error: stand-in verdict"
expect_grep "$out" '^result: ok$' "load_error: result ok"
expect_grep "$out" '^on-connection: mode=after hr=0x00000000'
expect_grep "$out" '^release: refs=0 dll-unloaded=yes$' "fast shutdown: the final Release still ends everything"
expect_grep "$log" 'ERROR \[OfflineHooks\] cannot load .*broken\.lua: .*broken\.lua:[0-9]+:' "the load error with file:line"
expect_grep "$log" '\[good\] good start state=online' "the other script runs"

run_case missing_folder "$work/does-not-exist" --shutdown notify --expect-advised --go offline
expect_clean missing_folder
expect_grep "$log" 'WARN  \[OfflineHooks\] .*does-not-exist: the scripts folder does not exist; running with no scripts'
expect_grep "$log" 'INFO  \[OfflineHooks\] monitoring Outlook \(state online\)'
expect_grep "$journal" '"new":"offline"' "notifications journaled with no scripts"

run_case no_mapi "$work/main" --no-mapi --shutdown notify --wait 200
expect_status "$status" 0 "no_mapi: stand-in verdict"
expect_grep "$out" '^result: ok$' "no_mapi: result ok"
expect_grep "$log" "ERROR \\[OfflineHooks\\] OfflineHooks is not monitoring Outlook: Outlook's MAPI DLL was not found: neither olmapi32.dll nor msmapi32.dll is loaded, and "
expect_no_grep "$log" '\[e2e\]' "no script runs without MAPI"

OH_FAKE_MAPI_FAIL=advise run_case advise_fails "$work/main" --shutdown notify --go offline --wait 200
expect_clean advise_fails
expect_grep "$out" '^advise\[0\]: .*hr=0x80004005$'
expect_grep "$log" 'ERROR \[OfflineHooks\] OfflineHooks is not monitoring Outlook: Advise failed: 0x80004005 \(E_FAIL\)'
expect_no_grep "$log" '\[e2e\]' "no script runs unadvised"

# 7. Hot reload by change notification (ReadDirectoryChangesW), and a dispatcher that does not
# wake up while nothing happens: with polling it woke once a second, 12 times here at least.
mkdir -p "$work/reload"
echo "hooks.on('start', function() hooks.log.info('reload v1') end)" >"$work/reload/r.lua"
(sleep 5; echo "hooks.on('start', function() hooks.log.info('reload v2') end)" >"$work/reload/r.lua") &
editor=$!
run_case reload "$work/reload" --shutdown notify --expect-advised --wait 12000
wait "$editor"
expect_clean reload
expect_grep "$log" '\[r\] reload v1'
expect_grep "$log" '\[r\] reload v2' "a saved script is reloaded while Outlook runs"
expect_no_grep "$log" 'cannot watch the scripts folder' "the folder is watched, not polled"
woke=$(grep -Eo 'the dispatcher thread woke [0-9]+ times' "$log" | grep -Eo '[0-9]+' | head -n1)
if [[ -n $woke && $woke -le 6 ]]; then
    ok "the dispatcher woke $woke times in 12 s, one save included"
else
    fail "the dispatcher woke ${woke:-?} times in 12 s (polling?)"
fi

# 8. Group Policy (HKCU\Software\Policies\OfflineHooks): the start-up line says where each
# value came from, and the add-in does what the policies say.
policy_key='HKCU\Software\Policies\OfflineHooks'
wine_run reg delete "$policy_key" /f >/dev/null 2>&1
wine_run reg add "$policy_key" /v RunAllowed /t REG_DWORD /d 0 /f >/dev/null
wine_run reg add "$policy_key" /v Journal /t REG_DWORD /d 0 /f >/dev/null
wine_run reg add "$policy_key" /v LogLevel /t REG_SZ /d info /f >/dev/null
wine_run reg add "$policy_key" /v MemoryCapMiB /t REG_DWORD /d 32 /f >/dev/null
wine_run reg add "$policy_key" /v HandlerBudgetMs /t REG_DWORD /d 5 /f >/dev/null # out of range
mkdir -p "$work/policy"
cat >"$work/policy/p.lua" <<'LUA'
hooks.on("start", function()
  local ok, err = pcall(hooks.run, {"cmd.exe", "/c", "exit"})
  hooks.log.info("run refused: %s", err)
  hooks.log.debug("a debug line")
end)
LUA
run_case policy "$work/policy" --shutdown notify --expect-advised --go offline --wait 200
expect_clean policy
expect_grep "$log" 'INFO  \[OfflineHooks\] OfflineHooks .* starting in Outlook .*; settings: user scripts allowed \(default\), handler budget 250 ms \(default\), memory cap 32 MiB \(policy HKCU\), hooks.run off \(policy HKCU\), set_state allowed \(default\), journal off \(policy HKCU\), log level info \(policy HKCU\)$' \
    "the start-up line says where each value came from"
expect_grep "$log" 'WARN  \[OfflineHooks\] settings: ignored HKCU\\Software\\Policies\\OfflineHooks HandlerBudgetMs = 5: expected a REG_DWORD from 10 to 60000' \
    "a value out of range is named in the log"
expect_grep "$log" '\[p\] run refused: .*hooks.run is turned off by policy' "RunAllowed 0: hooks.run raises"
expect_no_grep "$log" 'DEBUG' "LogLevel info: no debug line"
if [[ -s $journal ]]; then fail "Journal 0: a journal was written"; else ok "Journal 0: no journal"; fi

# LogLevel error: the start-up line and the settings' warnings are still written.
wine_run reg add "$policy_key" /v UserScriptsAllowed /t REG_DWORD /d 0 /f >/dev/null
wine_run reg add "$policy_key" /v LogLevel /t REG_SZ /d error /f >/dev/null
run_case policy_no_user_scripts "$work/policy" --shutdown notify --wait 200
expect_status "$status" 0 "policy_no_user_scripts: stand-in verdict"
expect_grep "$log" 'INFO  \[OfflineHooks\] OfflineHooks .* starting in Outlook .*; settings: user scripts forbidden \(policy HKCU\), .* log level error \(policy HKCU\)$' \
    "LogLevel error: the start-up line is still written"
expect_grep "$log" 'WARN  \[OfflineHooks\] settings: ignored .*HandlerBudgetMs = 5' "LogLevel error: so are the settings' warnings"
expect_no_grep "$log" 'INFO  \[OfflineHooks\] OfflineHooks stopped' "LogLevel error: other info lines are not"
expect_grep "$log" "WARN  \\[OfflineHooks\\] the user's scripts are not loaded: policy forbids user scripts \\(UserScriptsAllowed 0, policy HKCU\\); only the machine scripts folder .*ProgramData/OfflineHooks/scripts \\(the default, %ProgramData%\\\\OfflineHooks\\\\scripts\\) is loaded" \
    "UserScriptsAllowed 0: the log says the user's scripts are not loaded, and names the machine folder"
expect_no_grep "$log" '\[p\]' "UserScriptsAllowed 0: the user's script does not run"
wine_run reg delete "$policy_key" /f >/dev/null 2>&1

# 9. A machine scripts folder (HKLM MachineScriptsDir policy) beside the user's. Wine gives a
# folder it makes an owner and access list of the Unix user's, not an administrator's: the
# folder is refused, with the principal and the icacls fix in the log, and the user's script of
# the same name runs instead. (Accepted folders: tests/addin/admin_only_test.cpp.)
machine_key='HKLM\Software\Policies\OfflineHooks'
mkdir -p "$work/machine" "$work/machine_user"
echo "hooks.on('start', function() hooks.log.info('machine vpn') end)" >"$work/machine/vpn.lua"
echo "hooks.on('start', function() hooks.log.info('user vpn') end)" >"$work/machine_user/vpn.lua"
if wine_run reg add "$machine_key" /v MachineScriptsDir /t REG_SZ /d "$(winpath "$work/machine")" /f >/dev/null 2>&1; then
    run_case machine_refused "$work/machine_user" --shutdown notify --expect-advised --wait 200
    expect_clean machine_refused
    expect_grep "$log" 'starting in Outlook .*; machine scripts folder Z:/.*/machine \(policy HKLM MachineScriptsDir\)' \
        "the start-up line names the machine folder and where it came from"
    expect_grep "$log" 'ERROR \[OfflineHooks\] machine scripts folder Z:/.*/machine refused: .*(can|owned by) .*icacls "Z:\\.*machine" .*\(not loaded\)' \
        "a machine folder others can change is refused, naming who and the fix"
    expect_grep "$log" '\[vpn\] user vpn' "the user's script of the same name runs instead"
    expect_no_grep "$log" 'machine vpn' "the refused machine script does not run"
    wine_run reg delete "$machine_key" /v MachineScriptsDir /f >/dev/null 2>&1
else
    echo "note: HKLM policy key not writable in this prefix: machine folder case not run"
fi

# 6. Unregistration removes every key it wrote.
wine_run regsvr32 /u /s "$dll"
expect_status $? 0 "regsvr32 /u OfflineHooks.dll"
keys=("HKCU\\Software\\Classes\\$progid" "$addins_key")
[[ -n $clsid ]] && keys+=("HKCU\\Software\\Classes\\CLSID\\$clsid")
for key in "${keys[@]}"; do
    expect_no_key "$key" "unregistered: $key"
done
expect_key 'HKCU\Software\Microsoft\Office\Outlook\Addins' "the Addins parent key is left alone"
wine_run reg delete "$marker_key" /f >/dev/null 2>&1
finish
