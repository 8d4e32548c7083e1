#!/usr/bin/env bash
# CTest fixtures for the Wine tests: one prefix and one persistent wineserver per test run.
#   wine-fixture.sh start    start `wineserver -p` for $WINEPREFIX (creating the folder)
#   wine-fixture.sh prefix   create/update the prefix (wineboot; ~10 s the first time)
#   wine-fixture.sh stop     end the server (and every Wine process of the prefix)
# Environment: WINEPREFIX (required), OH_WINE (wine64), OH_WINESERVER (wineserver binary).
# A persistent server saves ~2.5 s per Wine program started (measured, windows-on-linux.md).
set -euo pipefail

: "${WINEPREFIX:?WINEPREFIX must be set}"
wine=${OH_WINE:-/usr/lib/wine/wine64}
server=${OH_WINESERVER:-/usr/lib/wine/wineserver64}
export WINEDEBUG=${WINEDEBUG:--all}

case ${1:-} in
start)
    mkdir -p "$WINEPREFIX"
    # A server left by an interrupted run would hold the prefix: end it first.
    timeout 30 "$server" -k >/dev/null 2>&1 || true
    # The server daemonizes; its stdio must not be CTest's pipes, or CTest waits for it.
    "$server" -p </dev/null >/dev/null 2>&1
    echo "wineserver -p started for $WINEPREFIX"
    ;;
prefix)
    start=$(date +%s%N)
    # wineboot starts Wine's services (services.exe, explorer.exe, ...), which live as long as
    # the persistent server: they must not inherit CTest's pipes either, or CTest waits for
    # them until its timeout. Hence the log file.
    log="$WINEPREFIX.wineboot.log"
    # No Mono/Gecko installers (absent anyway): console programs need neither.
    status=0
    WINEDLLOVERRIDES="mscoree,mshtml=" timeout 300 "$wine" wineboot -i </dev/null >"$log" 2>&1 ||
        status=$?
    cat "$log"
    [[ $status -eq 0 ]] || { echo "wineboot failed ($status)"; exit "$status"; }
    echo "prefix ready in $((($(date +%s%N) - start) / 1000000)) ms: $WINEPREFIX"
    ;;
stop)
    timeout 30 "$server" -k >/dev/null 2>&1 || true
    timeout 30 "$server" -w >/dev/null 2>&1 || true
    echo "wineserver ended for $WINEPREFIX"
    ;;
*)
    echo "usage: $0 start|prefix|stop" >&2
    exit 2
    ;;
esac
