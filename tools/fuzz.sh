#!/usr/bin/env bash
# The libFuzzer targets of tests/fuzz (clang, -fsanitize=fuzzer,address,undefined):
#   tools/fuzz.sh [smoke [SECONDS]]          every target for SECONDS (default 10) each; CI
#   tools/fuzz.sh long TARGET [SECONDS]      one target for a long run (default 3600 s)
#   tools/fuzz.sh list                       the targets
# TARGET is duration, json, journal, scenario, notify, pattern or sandbox. A long run keeps its
# corpus in build/fuzz/corpus/TARGET (seeded from tests/fuzz/corpus/TARGET, which it never
# writes) and any crash in build/fuzz/artifacts/; on a machine with cores to spare add
# -jobs/-workers:
#   FUZZ_ARGS="-jobs=2 -workers=2" tools/fuzz.sh long notify 36000
# A crash input reproduces with: build/fuzz/tests/fuzz/fuzz_TARGET CRASH_FILE
# With OH_CTEST_LOGS set (tools/test.sh), the smoke run leaves a CTest-style summary line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
targets=(duration json journal scenario notify pattern sandbox)
build_dir=build/fuzz

build() {
    bash tools/fetch-lua-source.sh >/dev/null # fuzz_pattern compiles Lua's lstrlib.c
    CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S . -B "$build_dir" -G Ninja \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOH_BUILD_FUZZ=ON -DOH_BUILD_TESTS=OFF \
        -DOH_WERROR=ON >/dev/null
    cmake --build "$build_dir" --target oh_fuzz -j "$(nproc)"
}

# Runs one target for $2 seconds on a corpus folder $3 (seeded from the repository's).
fuzz_one() {
    local target=$1 seconds=$2 corpus=$3
    mkdir -p "$corpus" "$build_dir/artifacts"
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of libFuzzer flags
    "$build_dir/tests/fuzz/fuzz_$target" "$corpus" "tests/fuzz/corpus/$target" \
        -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$build_dir/artifacts/$target-" ${FUZZ_ARGS:-}
}

smoke() {
    local seconds=${1:-10} failed=0 work
    build
    work=$(mktemp -d)
    for t in "${targets[@]}"; do
        printf '\n=== fuzz_%s, %s s\n' "$t" "$seconds"
        if fuzz_one "$t" "$seconds" "$work/$t" >"$work/$t.log" 2>&1; then
            grep -E '^(Done|stat::number_of_executed_units)' "$work/$t.log" || true
        else
            failed=$((failed + 1))
            tail -n 40 "$work/$t.log"
            echo "fuzz_$t FAILED (crash input in $build_dir/artifacts/)"
        fi
    done
    rm -rf "$work"
    local n=${#targets[@]}
    local line="$(((n - failed) * 100 / n))% tests passed, $failed tests failed out of $n"
    echo "$line"
    [[ -n ${OH_CTEST_LOGS:-} ]] && echo "$line" >"$OH_CTEST_LOGS/fuzz.log"
    ((failed == 0))
}

case ${1:-smoke} in
smoke) smoke "${2:-10}" ;;
long)
    target=${2:?usage: tools/fuzz.sh long TARGET [SECONDS]}
    build
    fuzz_one "$target" "${3:-3600}" "$build_dir/corpus/$target"
    ;;
list) printf '%s\n' "${targets[@]}" ;;
*)
    echo "usage: tools/fuzz.sh [smoke [SECONDS] | long TARGET [SECONDS] | list]" >&2
    exit 2
    ;;
esac
