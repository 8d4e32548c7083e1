#!/usr/bin/env bash
# CI's check that every benchmark still builds and runs (no timing is judged): the CTest
# oh_bench_smoke (label bench), i.e. oh_bench --oh_smoke --benchmark_min_time=0.01.
# The figures of docs/performance.md come from the full run instead:
#   cmake --build build/bench --target bench
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Built in the AddressSanitizer tree tools/test.sh built already (the libraries are not
# compiled again, and each benchmark runs once under the sanitizers as a bonus); no figure
# comes from this run. CTest there then also lists the smoke test, under label bench.
build_dir=build/linux-asan
bash tools/fetch-lua-source.sh >/dev/null # the build compiles Lua's lstrlib.c
cmake --preset linux-asan -DOH_BUILD_BENCH=ON >/dev/null
cmake --build "$build_dir" --target oh_bench -j "$(nproc)"
rc=0
ctest --test-dir "$build_dir" -L bench --output-on-failure 2>&1 |
    tee "${OH_CTEST_LOGS:-/tmp}/bench.log" || rc=$?
exit "$rc"
