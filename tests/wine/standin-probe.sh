#!/usr/bin/env bash
# End-to-end tests of the Outlook stand-in (outlook_standin.exe + olmapi32.dll) with the probe
# add-in (probe_addin/), under Wine: registration through regsvr32, COM activation like
# Outlook's, the MAPI offline-state conversation, shutdown checks, unregistration.
#   standin-probe.sh CASE
# Environment (from CMake): WINEPREFIX, OH_WINE_RUN, OH_STANDIN, OH_PROBE_DLL, OH_WORK_DIR.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

: "${OH_STANDIN:?}" "${OH_PROBE_DLL:?}" "${OH_WORK_DIR:?}"
case_name=${1:?usage: $0 CASE}
progid=OfflineHooks.WineProbe
clsid='{5FB7B434-C8AD-46A4-ABB9-10A87D1945E5}'
work=$OH_WORK_DIR/$case_name
rm -rf "$work"
mkdir -p "$work"
probe_log=$work/probe.log
out=$work/standin.out
export OH_PROBE_LOG
OH_PROBE_LOG=$(winpath "$probe_log")

register() {
    wine_run regsvr32 /s "$(winpath "$OH_PROBE_DLL")"
    expect_status $? 0 "regsvr32 probe"
}
unregister() {
    wine_run regsvr32 /u /s "$(winpath "$OH_PROBE_DLL")"
    expect_status $? 0 "regsvr32 /u probe"
}
# Runs the stand-in; its transcript goes to $out and to this test's output.
standin() {
    wine_run "$OH_STANDIN" --progid "$progid" "$@" >"$out.raw" 2>&1
    status=$?
    # Console output under Wine ends lines with CR LF; the checks anchor on line ends.
    tr -d '\r' <"$out.raw" >"$out"
    [[ -f $probe_log ]] && tr -d '\r' <"$probe_log" >"$probe_log.tmp" && mv "$probe_log.tmp" "$probe_log"
    echo "--- outlook_standin $* (exit $status)"
    cat "$out"
    echo "--- probe log"
    cat "$probe_log" 2>/dev/null || echo "(none)"
    echo "---"
}
# A run with a well-behaved probe: exit 0, the probe connected, advised and unadvised.
expect_clean_run() {
    expect_status "$status" 0 "stand-in verdict"
    expect_grep "$out" '^result: ok$'
    expect_grep "$out" '^counts: .* advised-now=0 .* managers-alive=0 .* problems=0$' "nothing left advised or open"
}

case $case_name in
basic)
    register
    expect_key "HKCU\\Software\\Classes\\$progid" "HKCU ProgID key"
    standin --expect-advised --go offline --wait 50 --go online
    expect_clean_run
    expect_grep "$out" '^addin-key: HKCU LoadBehavior=3 RequireShutdownNotification=1 '
    expect_grep "$out" '^classes-merge: copied HKCU -> HKLM progid=0 clsid=0 '
    expect_grep "$out" "^activate: clsid=\\$clsid .*hr=0x00000000"
    expect_grep "$out" '^on-connection: mode=startup hr=0x00000000 ms=[0-9.]+$'
    expect_grep "$out" '^on-startup-complete: hr=0x00000000'
    expect_grep "$out" '^on-begin-shutdown: hr=0x00000000'
    expect_grep "$out" '^on-disconnection: mode=host-shutdown hr=0x00000000'
    expect_grep "$out" '^mapi: open profile="OfflineHooks Test" -> 0x00000000$'
    expect_grep "$out" '^advise\[0\]: size=32 client-token=0x000FF1CE callback-type=0 types=0x1 mask=0x003F037F notify-sink=yes token=1 hr=0x00000000$'
    expect_grep "$out" '^counts: .*notify-calls=6 transitions=2 requests=0 .*state=online'
    expect_grep "$out" '^release: refs=0 dll-unloaded=yes$'
    expect_grep "$probe_log" '^probe: mapi-export=HrOpenOfflineObj'
    expect_grep "$probe_log" '^probe: profile="OfflineHooks Test" hr=0x00000000'
    expect_grep "$probe_log" '^probe: capabilities=0x3 hr=0x00000000'
    expect_count "$probe_log" '^probe: notify size=24 type=[123] token=0x000FF1CE mask=0x3 ' 6 "well-formed notifications"
    expect_grep "$probe_log" '^probe: notify size=24 type=1 token=0x000FF1CE mask=0x3 old=2 new=1'
    expect_grep "$probe_log" '^probe: notify size=24 type=3 token=0x000FF1CE mask=0x3 old=1 new=2'
    expect_grep "$probe_log" '^probe: unadvise hr=0x00000000'
    expect_grep "$probe_log" '^probe: can-unload-now yes'
    # The stand-in removes its HKLM copies again: the prefix keeps only what the add-in wrote.
    expect_no_key "HKLM\\Software\\Classes\\$progid" "HKLM copies removed by the stand-in"
    unregister
    for key in "HKCU\\Software\\Classes\\$progid" "HKCU\\Software\\Classes\\CLSID\\$clsid" \
               "HKCU\\Software\\Microsoft\\Office\\Outlook\\Addins\\$progid"; do
        expect_no_key "$key" "unregistered: $key"
    done
    ;;
bounce)
    # The probe asks for online after each DONE into offline, through its message-only window
    # (main thread), then again at once: the second request must meet E_PENDING.
    register
    OH_PROBE_BOUNCE=twice standin --expect-advised --go offline --expect-requests 2 --expect-idle
    expect_clean_run
    expect_grep "$out" '^request\[0\]: state=online flags=0x0 mask=0x3 thread=main hr=0x00000000$'
    expect_grep "$out" '^request\[1\]: state=online flags=0x0 mask=0x3 thread=main hr=0x8000000A$' "second request: E_PENDING"
    expect_grep "$out" '^mapi: transition offline -> online cause=request$'
    expect_grep "$out" '^counts: .*notify-calls=6 transitions=2 requests=2 .*state=online'
    expect_grep "$probe_log" '^probe: set-state online hr=0x00000000'
    expect_grep "$probe_log" '^probe: set-state online again hr=0x8000000A'
    expect_grep "$probe_log" '^probe: notify size=24 type=3 token=0x000FF1CE mask=0x3 old=1 new=2'
    unregister
    ;;
bounce_delayed)
    # The same with a change that takes 300 ms (OH_FAKE_MAPI_DELAY_MS): the transition comes
    # later, from the host's message loop, and the repeated request still meets E_PENDING.
    register
    OH_FAKE_MAPI_DELAY_MS=300 OH_PROBE_BOUNCE=twice \
        standin --expect-advised --go offline --expect-requests 2 --expect-idle
    expect_clean_run
    expect_grep "$out" '^request\[1\]: state=online .*hr=0x8000000A$' "second request: E_PENDING"
    expect_grep "$out" '^step: expect-idle$'
    # The transition back to online is played after the expect-idle step has started waiting.
    if sed -n '/^step: expect-idle$/,$p' "$out" | grep -q '^mapi: transition offline -> online cause=request$'; then
        ok "the delayed change completed while the host pumped messages"
    else
        fail "the delayed change did not come after the requests"
    fi
    unregister
    ;;
raw)
    # Malformed notifications: the probe must ignore them (the stand-in sends them as given).
    register
    standin --expect-advised --raw size=8 --raw type=9 --raw mask=0x100 --raw token=7,type=change
    expect_clean_run
    expect_count "$probe_log" '^probe: notify .* ignored' 3 "malformed notifications ignored"
    expect_grep "$probe_log" '^probe: notify size=24 type=2 token=0x00000007 mask=0x3 old=2 new=1$' "raw token passed as given"
    unregister
    ;;
after_startup)
    register
    standin --connect-mode after --expect-advised --go offline
    expect_clean_run
    expect_grep "$out" '^on-connection: mode=after hr=0x00000000'
    expect_no_grep "$out" '^on-startup-complete:' "no OnStartupComplete after ext_cm_AfterStartup"
    expect_grep "$probe_log" '^probe: on-connection mode=0 app=yes addin-inst=yes custom=yes$'
    unregister
    ;;
fast_shutdown)
    # Without RequireShutdownNotification Outlook 2010+ skips OnBeginShutdown/OnDisconnection.
    register
    wine_run reg delete "HKCU\\Software\\Microsoft\\Office\\Outlook\\Addins\\$progid" /v RequireShutdownNotification /f >/dev/null
    standin --expect-advised
    expect_status "$status" 0 "stand-in verdict"
    expect_grep "$out" '^shutdown: fast '
    expect_no_grep "$out" '^on-begin-shutdown:' "no OnBeginShutdown"
    unregister
    ;;
load_behavior)
    register
    wine_run reg add "HKCU\\Software\\Microsoft\\Office\\Outlook\\Addins\\$progid" /v LoadBehavior /t REG_DWORD /d 2 /f >/dev/null
    standin
    expect_status "$status" 2 "LoadBehavior 2 refused"
    expect_grep "$out" '^error: LoadBehavior must be 3'
    unregister
    ;;
mapi_fail_open | mapi_fail_advise | mapi_fail_caps)
    register
    case $case_name in
    mapi_fail_open) knob=open want='^probe: open hr=0x8004010F$' ;;
    mapi_fail_advise) knob=advise want='^probe: advise token=0 hr=0x80004005$' ;;
    mapi_fail_caps) knob=nocaps want='^probe: capabilities=0x0 hr=0x00000000$' ;;
    esac
    OH_FAKE_MAPI_FAIL=$knob standin --go offline
    expect_clean_run
    expect_grep "$probe_log" "$want" "probe saw the $knob failure"
    expect_no_grep "$probe_log" '^probe: notify' "no notification reaches an unadvised probe"
    unregister
    ;;
no_mapi)
    register
    standin --no-mapi --wait 50
    expect_status "$status" 0 "stand-in verdict"
    expect_grep "$out" '^mapi-dll: none$'
    expect_grep "$probe_log" '^probe: mapi-dll=none$'
    unregister
    ;;
late_notify)
    # "Notify may still arrive after Unadvise": the stand-in sends one; the sink ignores it.
    register
    OH_FAKE_MAPI_LATE_NOTIFY=1 standin --expect-advised
    expect_clean_run
    expect_grep "$out" '^mapi: late notify to 1 unadvised sink'
    expect_grep "$probe_log" '^probe: notify .* late$'
    unregister
    ;;
misbehave_keep_advise | misbehave_wrong_thread | misbehave_bad_advise)
    # The stand-in must catch a broken add-in: exit 1 and say why.
    register
    case $case_name in
    misbehave_keep_advise) knob=keep-advise want='^misbehavior: still advised after OnDisconnection \(1 sink' ;;
    misbehave_wrong_thread) knob=wrong-thread want="^misbehavior: [0-9]+ object-model call\\(s\\) off Outlook's main thread" ;;
    misbehave_bad_advise) knob=bad-advise want='^misbehavior: MAPI protocol: Advise: ulSize 24 \(expected 32\)' ;;
    esac
    OH_PROBE_MISBEHAVE=$knob standin --wait 50
    expect_status "$status" 1 "stand-in verdict on $knob"
    expect_grep "$out" "$want"
    expect_grep "$out" '^result: FAIL \([0-9]+ problem\(s\)\)$'
    unregister
    ;;
missing_addin)
    standin --progid OfflineHooks.Missing --wait 0
    expect_status "$status" 2 "unregistered ProgID"
    expect_grep "$out" '^error: no Addins key '
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
finish
