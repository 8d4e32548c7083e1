#!/usr/bin/env bash
# OfflineHooks.dll under Wine with Outlook's connection mode and Send/Receive (issue 15), through
# the stand-in's Session.ExchangeConnectionMode (--mode steps) and Session.SendAndReceive:
#   1. mode: e.mode and e.reason of start, a lost network, the way back online (which asks for
#      Send/Receive once), Work Offline and stop; the reason filter; SendAndReceive(false)
#      reaches Outlook once, on its main thread; the mode is read only there;
#   2. slow: a mode read that takes 800 ms (a busy Outlook) does not hold the event: it goes out
#      with mode "unknown" within the 500 ms cap, although Outlook would have said
#      cached-disconnected;
#   3. refused: an Outlook whose object model refuses both: warnings, e.mode "unknown".
# Same environment as addin-e2e.sh (reuses the run's prefix): WINEPREFIX, OH_WINE_RUN,
# OH_STANDIN, OH_ADDIN_DLL, OH_WORK_DIR, OH_E2E_SCRIPTS.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"

: "${OH_STANDIN:?}" "${OH_ADDIN_DLL:?}" "${OH_WORK_DIR:?}" "${OH_E2E_SCRIPTS:?}"
progid=OfflineHooks.Connect
work=$OH_WORK_DIR/addin-mode
rm -rf "$work"
mkdir -p "$work/scripts"
cp "$OH_E2E_SCRIPTS"/mode/*.lua "$work/scripts/"
dll=$(winpath "$OH_ADDIN_DLL")
export OFFLINEHOOKS_SCRIPTS
OFFLINEHOOKS_SCRIPTS=$(winpath "$work/scripts")

wine_run regsvr32 /u /s "$dll" >/dev/null 2>&1
wine_run regsvr32 /s "$dll"
expect_status $? 0 "regsvr32 OfflineHooks.dll"
appdata=$(local_appdata) || { fail "no LOCALAPPDATA in $WINEPREFIX"; finish; }
datadir=$appdata/OfflineHooks

# run_case NAME STANDIN_ARGS...: a fresh data folder, then $out (transcript) and $log.
run_case() {
    local name=$1
    shift
    rm -rf "$datadir"
    out=$work/$name.out
    log=$work/$name.log
    wine_run "$OH_STANDIN" --progid "$progid" --shutdown notify "$@" >"$out.raw" 2>&1
    status=$?
    tr -d '\r' <"$out.raw" >"$out"
    tr -d '\r' <"$datadir/offlinehooks.log" >"$log" 2>/dev/null || : >"$log"
    echo "--- $name: outlook_standin $* (exit $status)"
    cat "$out"
    echo "--- $name: offlinehooks.log"
    cat "$log"
    echo "---"
    expect_status "$status" 0 "$name: stand-in verdict"
    expect_grep "$out" '^result: ok$' "$name: result ok"
    expect_grep "$out" '^release: refs=0 dll-unloaded=yes$' "$name: released and unloaded"
    expect_grep "$out" '^outlook: .* wrong-thread=0 ' "$name: the object model only on Outlook's main thread"
}

# 1. The mode is read twice at the start (by the runtime on Outlook's thread, then through the
# core's reader as the scripts load) and once for each notification (three for each --go):
# --expect-mode-reads waits until they are answered before the mode changes again.
run_case mode --expect-advised --expect-mode-reads 2 \
    --mode cached-disconnected --go offline --expect-mode-reads 5 \
    --mode cached-connected-full --go online --expect-mode-reads 8 --expect-send-and-receive 1 \
    --mode cached-offline --go offline --expect-mode-reads 11
expect_no_grep "$log" 'ERROR|WARN' "mode: no warning or error logged"
l='INFO  \[mode\] mode'
expect_grep "$log" "$l start phase=nil mode=cached-connected-full reason=unknown outlook.mode=cached-connected-full" \
    "start: the mode read at start-up, no reason yet"
expect_grep "$log" "$l offline phase=[a-z]+ mode=cached-disconnected reason=network outlook.mode=cached-disconnected" \
    "a lost connection: mode cached-disconnected, reason network"
expect_grep "$log" "$l online phase=[a-z]+ mode=cached-connected-full reason=network " \
    "back online: the reason of the offline period it ends"
expect_grep "$log" "$l offline phase=[a-z]+ mode=cached-offline reason=user " "Work Offline: reason user"
expect_grep "$log" "$l stop phase=nil mode=cached-offline reason=user " "stop: the mode last read and the current reason"
expect_grep "$log" "$l network-only handler ran mode=cached-disconnected" "the reason filter passes a lost network"
expect_no_grep "$log" "$l network-only handler ran mode=cached-offline" "the reason filter holds back Work Offline"
expect_count "$log" "$l send_receive -> true nil" 1 "send_receive accepted"
expect_grep "$out" '^outlook: .* mode-reads=11 send-and-receive=1 send-and-receive-with-progress=0$' \
    "SendAndReceive(false) reached Outlook once; the mode was read once per notification"
expect_grep "$log" 'DEBUG \[mode\] Outlook started Send/Receive' "the add-in logs Outlook's Send/Receive"
expect_grep "$log" "$l send_receive at stop -> nil Outlook's main thread cannot be reached \\(the add-in is shutting down\\)" \
    "send_receive in stop: refused with the reason, nothing queued for Outlook"

# 2. A slow mode read: one notification (the change), each read 800 ms (those at start-up
# too; the core's one times out and keeps the runtime's).
run_case slow --mode-delay-ms 800 --expect-advised --expect-mode-reads 2 \
    --mode cached-disconnected --go offline:change --expect-mode-reads 3
expect_grep "$log" "$l offline phase=change mode=unknown reason=unknown " \
    "a mode read past 500 ms: the event goes out with mode unknown (Outlook would have said cached-disconnected)"
expect_no_grep "$log" "mode=cached-disconnected" "the late answer is ignored"
expect_grep "$out" '^outlook: .* mode-reads=3 send-and-receive=0 ' "slow: every read ran on Outlook's thread"
expect_no_grep "$log" 'ERROR|WARN' "slow: no warning or error logged"

# 3. An Outlook that refuses both (an older version, a broken profile): every e.mode is
# "unknown", said once as a warning; a refused Send/Receive is a warning naming the script.
run_case refused --refuse mode --refuse send-and-receive --expect-advised \
    --go offline:change --expect-mode-reads 3 --go online:change --expect-mode-reads 4 \
    --expect-send-and-receive 1
expect_count "$log" "WARN  \\[OfflineHooks\\] cannot read Outlook's connection mode \\(Application.Session.ExchangeConnectionMode\\): reading ExchangeConnectionMode failed: 0x80004005.*; e.mode is \"unknown\"" 1 \
    "a mode that cannot be read: one warning with Outlook's error"
expect_grep "$log" "$l offline phase=change mode=unknown reason=unknown " "refused: e.mode unknown"
expect_grep "$log" "$l send_receive -> true nil" "send_receive returns at once, before Outlook answers"
expect_grep "$log" 'WARN  \[mode\] send_receive failed: calling SendAndReceive failed: 0x80004005' \
    "a refused Send/Receive: a warning naming the script and Outlook's error"
expect_no_grep "$log" 'ERROR' "refused: no error logged"

wine_run regsvr32 /u /s "$dll"
expect_status $? 0 "regsvr32 /u OfflineHooks.dll"
finish
