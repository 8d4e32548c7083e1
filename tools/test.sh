#!/usr/bin/env bash
# The README's second command, and what CI runs: every test there is.
#  1. Linux: the Catch2 suite, the example scripts' Lua tests, check, lint and the demo.
#  2. Windows x64: cross-built with MinGW-w64, its tests and the end-to-end add-in tests
#     under Wine (the DLL loaded through COM by the Outlook stand-in), and the MSI.
#     Windows x86: the product cross-built and its PE files checked (it cannot run here).
#  3. The Catch2 suite under AddressSanitizer+UBSan and the threaded tests under
#     ThreadSanitizer; a short run of each fuzz target; the benchmarks' smoke run.
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
stage "Linux build"
cmake --preset linux >/dev/null
cmake --build --preset linux -j "$jobs"
stage "Linux tests"
run_ctest linux --preset linux -j "$jobs" || failed=1

stage "Windows x64 build (MinGW-w64)"
bash tools/fetch-lua-source.sh
cmake --preset mingw-x64 >/dev/null
cmake --build --preset mingw-x64 -j "$jobs"
stage "Windows x64 tests (Wine)"
run_ctest mingw --preset mingw-x64 || failed=1

# 32-bit Outlook's DLL. No 32-bit process can start on these machines, so it is checked by
# reading the built files (tests x86.pe.*). Measured cold (CCACHE_DISABLE=1): this stage is
# 5.4 CPU-minutes, under 3 minutes on two cores; the x86 test programs (oh_tests.exe, the
# probe) would add about as much again, so CI builds what ships, with the Outlook stand-in,
# and leaves out the checks of the test programs it did not build. (`cmake --build --preset
# mingw-x86` builds them all.)
stage "Windows x86 build (MinGW-w64, built and checked, not run)"
cmake --preset mingw-x86 >/dev/null
cmake --build --preset mingw-x86 -j "$jobs" --target OfflineHooks oh_olmapi32 fakehost outlook_standin
run_ctest mingw-x86 --preset mingw-x86 -LE test_programs || failed=1

for extra in tools/sanitizers.sh tools/fuzz.sh tools/bench-smoke.sh; do
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
