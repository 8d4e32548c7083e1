#!/usr/bin/env bash
# The Catch2 suite under the sanitizers (tools/test.sh calls this; so can anyone):
#   tools/sanitizers.sh [asan|tsan|all]      (default: all)
#  asan: preset linux-asan (AddressSanitizer + UndefinedBehaviorSanitizer), every CTest test:
#        the whole Catch2 suite, one process per test case, and the Lua-side tests.
#  tsan: preset linux-tsan (ThreadSanitizer), the tests that run threads: the dispatcher, the
#        sink and its queue (the storm included) and hot reload. Suppressions, each with its
#        reason, are in tools/tsan.supp.
# Debian's liblua5.4-c++ is not instrumented: ASan/UBSan still check all of our code, and each
# Lua state is used by one thread at a time, which TSan sees through our own locks.
# With OH_CTEST_LOGS set (tools/test.sh), each run leaves a CTest-style summary line there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
which=${1:-all}
jobs=$(nproc)
logs=${OH_CTEST_LOGS:-$(mktemp -d)}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tools/tsan.supp}

# build PRESET [TARGET...]: all targets unless some are named.
build() {
    bash tools/fetch-lua-source.sh >/dev/null # the build compiles Lua's lstrlib.c
    cmake --preset "$1" >/dev/null
    local args=() t
    for t in "${@:2}"; do args+=(--target "$t"); done
    cmake --build --preset "$1" -j "$jobs" "${args[@]}"
}

run_asan() {
    printf '\n=== ASan + UBSan: the whole suite\n'
    build linux-asan
    local rc=0
    ctest --preset linux-asan -j "$jobs" 2>&1 | tee "$logs/asan.log" || rc=$?
    return "$rc"
}

# The threaded tests run in one Catch2 process; its result is written as CTest would, so that
# tools/test.sh counts it with the rest.
run_tsan() {
    printf '\n=== TSan: dispatcher, sink/queue, storm and reload tests\n'
    build linux-tsan oh_tests # the only program this run starts
    local out rc=0
    out=$(mktemp)
    # setarch -R (no address-space randomization) where allowed: TSan's shadow memory needs
    # the classic layout on kernels with high mmap randomization.
    local runner=()
    setarch "$(uname -m)" -R true 2>/dev/null && runner=(setarch "$(uname -m)" -R)
    "${runner[@]}" build/linux-tsan/tests/oh_tests "[dispatcher],[addin],[queue],[reload]" 2>&1 |
        tee "$out" || rc=$?
    local total failed
    if grep -q '^All tests passed' "$out"; then
        total=$(sed -nE 's/^All tests passed \(.* in ([0-9]+) test cases?\).*/\1/p' "$out")
        failed=0
    else
        total=$(sed -nE 's/^test cases: *([0-9]+) .*/\1/p' "$out" | tail -n 1)
        failed=$(sed -nE 's/^test cases:.* ([0-9]+) failed.*/\1/p' "$out" | tail -n 1)
        total=${total:-1}
        failed=${failed:-1}
    fi
    ((rc != 0 && failed == 0)) && failed=1 # a sanitizer abort reports no summary
    local pct=$(((total - failed) * 100 / (total > 0 ? total : 1)))
    echo "$pct% tests passed, $failed tests failed out of $total" | tee "$logs/tsan.log"
    rm -f "$out"
    return "$rc"
}

failed=0
case $which in
asan) run_asan || failed=1 ;;
tsan) run_tsan || failed=1 ;;
all)
    run_asan || failed=1
    run_tsan || failed=1
    ;;
*)
    echo "usage: tools/sanitizers.sh [asan|tsan|all]" >&2
    exit 2
    ;;
esac
exit "$failed"
