#!/usr/bin/env bash
# CTest fixtures for the Wine tests: one prefix and one persistent wineserver per test run.
#   wine-fixture.sh prefix   create/update the prefix, with a server of its own that it waits
#                            out (a new prefix: ~5-10 s; an existing one: ~1 s)
#   wine-fixture.sh start    start a persistent `wineserver -p` for it, and Wine's services
#   wine-fixture.sh stop     end the server (and every Wine process of the prefix)
# Run them in that order (tests/wine/CMakeLists.txt: wine.prefix, wine.server.start, ...,
# wine.server.stop). Environment: WINEPREFIX (required), OH_WINE (wine64), OH_WINESERVER, USER
# (the profile's name; the same on every call).
#
# Measured here, and why the order matters:
#  - a persistent server saves ~2.5 s per Wine program (windows-on-linux.md);
#  - creating a prefix while a persistent server runs ends that server at the end of wineboot,
#    and for minutes after, the first program of each test waits 10 s for RPCSS ("Failed to
#    start RpcSs service"): so the prefix is made first, its own server waited out (-w);
#  - the first program of a server session starts Wine's services, which inherit its stdout
#    and live as long as the server: started here with their output in a log, never by a
#    test, or CTest would wait on the test's pipe until its timeout.
set -euo pipefail

: "${WINEPREFIX:?WINEPREFIX must be set}"
wine=${OH_WINE:-/usr/lib/wine/wine64}
server=${OH_WINESERVER:-/usr/lib/wine/wineserver64}
export WINEDEBUG=${WINEDEBUG:--all}
log="$WINEPREFIX.fixture-${1:-none}.log"

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# A prefix made for another $USER (an older build folder, a run by hand) has that user's %TEMP%
# in its registry: Wine only adds a bare profile folder for the new name. The tests need the
# whole profile named after $USER (CMakeLists.txt), so such a prefix is made again.
made_for_user() {
    [[ -z ${USER:-} || -d $WINEPREFIX/drive_c/users/$USER/Temp ]]
}

make_prefix() {
    local start status=0
    start=$(date +%s%N)
    mkdir -p "$(dirname "$WINEPREFIX")"
    # Whatever server still runs for this prefix (an interrupted run) goes first.
    timeout 30 "$server" -k >/dev/null 2>&1 || true
    timeout 30 "$server" -w >/dev/null 2>&1 || true
    if [[ -f $WINEPREFIX/system.reg ]] && ! made_for_user; then
        echo "the prefix was made for another user than '$USER': making it again"
        rm -rf "$WINEPREFIX"
    fi
    # No Mono/Gecko installers (absent anyway): console programs need neither.
    WINEDLLOVERRIDES="mscoree,mshtml=" timeout 300 "$wine" wineboot -i </dev/null >>"$log" 2>&1 ||
        status=$?
    # wineboot returns before the prefix is fully set up: wait until its server has ended.
    timeout 300 "$server" -w </dev/null >>"$log" 2>&1 || status=$?
    if [[ $status -ne 0 ]]; then
        cat "$log"
        echo "prefix creation failed ($status)"
        exit "$status"
    fi
    echo "prefix ready in $(ms_since "$start") ms: $WINEPREFIX"
}

: >"$log"
case ${1:-} in
prefix)
    make_prefix
    ;;
start)
    if [[ -f $WINEPREFIX/system.reg ]] && made_for_user; then
        # A server left by an interrupted run would refuse -p: end it first.
        timeout 30 "$server" -k >/dev/null 2>&1 || true
        timeout 30 "$server" -w >/dev/null 2>&1 || true
    else
        make_prefix
    fi
    start=$(date +%s%N)
    # The server daemonizes; its stdio must not be CTest's pipes either.
    "$server" -p </dev/null >/dev/null 2>&1
    # Starts the session's services (services.exe, rpcss, ...) with their output in the log.
    timeout 120 "$wine" wineboot </dev/null >>"$log" 2>&1
    echo "wineserver -p and services started in $(ms_since "$start") ms for $WINEPREFIX"
    ;;
stop)
    timeout 30 "$server" -k >/dev/null 2>&1 || true
    timeout 30 "$server" -w >/dev/null 2>&1 || true
    echo "wineserver ended for $WINEPREFIX"
    ;;
*)
    echo "usage: $0 prefix|start|stop" >&2
    exit 2
    ;;
esac
