#!/usr/bin/env bash
# The README's second command, and what CI runs: every test there is.
#  1. Linux: the whole CTest suite (the Catch2 suite, the example scripts' Lua tests, check,
#     lint and the demo) built with AddressSanitizer + UBSan. It is the only Linux run of the
#     suite: a plain build would run the same tests again without the sanitizers, and CI's
#     30 minutes do not hold both beside the Windows builds. `ctest --preset linux` runs it
#     plainly for anyone.
#  2. Windows x64: cross-built with MinGW-w64, its tests and the end-to-end add-in tests
#     under Wine (the DLL loaded through COM by the Outlook stand-in), and both MSIs.
#     Windows x86: the DLL and the MAPI stand-in cross-built and their PE files checked (no
#     32-bit process can run here).
#  3. The threaded tests under ThreadSanitizer; a short run of each fuzz target; the
#     benchmarks' smoke run.
# The last line sums up every CTest run: "all: N passed, N failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
bash tools/deps.sh all
jobs=$(nproc)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

stage() { printf '\n=== %s\n' "$*"; }

# Runs ctest with the given arguments, keeping its output to sum up at the end.
run_ctest() {
    local name=$1
    shift
    local rc=0
    ctest "$@" 2>&1 | tee "$logs/$name.log" || rc=$?
    return "$rc"
}

failed=0
stage "Linux: the whole suite under AddressSanitizer + UBSan"
OH_CTEST_LOGS=$logs bash tools/sanitizers.sh asan || failed=1

stage "Windows x64 build (MinGW-w64)"
bash tools/fetch-lua-source.sh
cmake --preset mingw-x64 >/dev/null
cmake --build --preset mingw-x64 -j "$jobs"
stage "Windows x64 tests (Wine)"
run_ctest mingw --preset mingw-x64 || failed=1

# 32-bit Outlook's DLL. No 32-bit process can start on these machines, so it is checked by
# reading the built files (tests x86.pe.*). The x64 build above built the x86 DLL already
# (both MSIs carry it); this adds the x86 MAPI stand-in, whose export name 32-bit Outlook's
# olmapi32.dll has. The x86 test programs, fakehost.exe and the Outlook stand-in, which no
# package ships and nothing here can run, are left to `cmake --build --preset mingw-x86`
# (measured cold: 5.4 CPU-minutes for the product targets, about as much again for them).
stage "Windows x86 build (MinGW-w64, built and checked, not run)"
cmake --preset mingw-x86 >/dev/null
cmake --build --preset mingw-x86 -j "$jobs" --target OfflineHooks oh_olmapi32
run_ctest mingw-x86 --preset mingw-x86 -LE test_programs || failed=1

stage "Linux: the threaded tests under ThreadSanitizer"
OH_CTEST_LOGS=$logs bash tools/sanitizers.sh tsan || failed=1

for extra in tools/fuzz.sh tools/bench-smoke.sh; do
    if [[ -f $extra ]]; then
        stage "$extra"
        OH_CTEST_LOGS=$logs bash "$extra" || failed=1
    fi
done

# "N% tests passed, F tests failed out of T" from every CTest run.
passed=0
fails=0
for log in "$logs"/*.log; do
    line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1) || continue
    f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    t=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
    passed=$((passed + t - f))
    fails=$((fails + f))
done
((failed == 0 && fails > 0)) && failed=1
echo
echo "all: $passed passed, $fails failed"
exit "$failed"
