#!/usr/bin/env bash
# Runs a Windows program under 64-bit Wine, as the MinGW build's CMAKE_CROSSCOMPILING_EMULATOR
# and by hand:   tools/wine-run.sh build/mingw-x64/tests/oh_tests.exe [args...]
#
#  - WINEDEBUG=-all unless set (Wine's fixme lines would drown the program's output).
#  - WINEPREFIX from the environment, else <build>/wineprefix, where <build> is the nearest
#    folder holding CMakeCache.txt above the program (or above the current folder). A new
#    prefix is created by the first run (about 10 s); tests/wine's fixtures do that once.
#  - Under `timeout` (OH_WINE_TIMEOUT seconds, default 600), so a hung program cannot hang CI.
#  - Exits with the program's exit code (Wine keeps only its low 8 bits), 124 on timeout.
#
# Note: the first program of a wineserver session starts Wine's services, which inherit its
# stdout. With a persistent server (`wineserver -p`) they never end, so a pipe reading that
# output never closes: start the server and the services first with their output elsewhere,
# as tests/wine/wine-fixture.sh (start, prefix) does for ctest.
set -uo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 PROGRAM.exe [ARGS...]" >&2
    exit 2
fi

wine=${OH_WINE:-/usr/lib/wine/wine64}
if [[ ! -x $wine ]]; then
    echo "wine-run.sh: $wine not found (apt-get install wine64)" >&2
    exit 127
fi

find_build_dir() {
    local d
    d=$(cd "$1" 2>/dev/null && pwd) || return 1
    while [[ $d != / ]]; do
        [[ -f $d/CMakeCache.txt ]] && { echo "$d"; return 0; }
        d=$(dirname "$d")
    done
    return 1
}

if [[ -z ${WINEPREFIX:-} ]]; then
    build_dir=""
    [[ -e $1 ]] && build_dir=$(find_build_dir "$(dirname "$1")")
    [[ -z $build_dir ]] && build_dir=$(find_build_dir "$PWD")
    if [[ -z $build_dir ]]; then
        echo "wine-run.sh: set WINEPREFIX, or run a program inside a CMake build folder" >&2
        exit 2
    fi
    export WINEPREFIX=$build_dir/wineprefix
fi
export WINEDEBUG=${WINEDEBUG:--all}
# No Mono/Gecko installer dialogs when Wine creates a prefix; console programs need no display.
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}

timeout --kill-after=10 "${OH_WINE_TIMEOUT:-600}" "$wine" "$@"
exit $?
