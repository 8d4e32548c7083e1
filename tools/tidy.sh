#!/usr/bin/env bash
# clang-tidy over our sources with the checks in .clang-tidy; the exit status is 1 if it warns.
#   tools/tidy.sh          the native build: engine, add-in core, fake host, tests, benchmarks
#   tools/tidy.sh all      also the Windows DLL, the Outlook stand-in and the probe add-in,
#                          from the MinGW build, parsed by clang for x86_64-w64-mingw32
# It takes a few minutes on two cores; CI does not run it (its budget is for the tests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
bash tools/deps.sh "${1:-linux}"
if ! command -v run-clang-tidy >/dev/null; then
    sudo=()
    [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq clang-tidy >/dev/null
fi
jobs=$(nproc)
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Runs clang-tidy on the files of build folder $1 that match regex $2 (further arguments go to
# run-clang-tidy). A folder with no such file is an error, not a clean result. What clang-tidy
# finds, compile errors included, is in its output; its exit status adds nothing.
tidy() {
    local dir=$1 files=$2
    shift 2
    if ! grep -qE "\"file\": \"($files)" "$dir/compile_commands.json"; then
        echo "tools/tidy.sh: no file in $dir matches $files" >&2
        exit 2
    fi
    run-clang-tidy -p "$dir" -quiet -j "$jobs" "$@" "$files" >>"$out" 2>/dev/null || true
}

echo "=== clang-tidy: native build"
cmake -S . -B build/tidy -G Ninja -DCMAKE_BUILD_TYPE=Debug -DOH_BUILD_BENCH=ON >/dev/null
# Our files only: not Lua's sources, which the MinGW build compiles too.
tidy build/tidy "$root/(addin|scripting|fakehost|tests)/"

if [[ ${1:-linux} == all ]]; then
    echo "=== clang-tidy: Windows x64 (MinGW-w64 headers)"
    bash tools/fetch-lua-source.sh >/dev/null
    cmake --preset mingw-x64 -B build/tidy-mingw >/dev/null
    # clang finds MinGW's C headers by the target, but not its libstdc++ (the posix flavour,
    # which has std::thread and std::mutex).
    gcc=$(ls -d /usr/lib/gcc/x86_64-w64-mingw32/*-posix | sort -V | tail -n 1)
    args=()
    for a in --target=x86_64-w64-mingw32 -Wno-unknown-warning-option -nostdinc++ \
        "-isystem$gcc/include/c++" "-isystem$gcc/include/c++/x86_64-w64-mingw32" \
        "-isystem$gcc/include/c++/backward"; do
        args+=("-extra-arg=$a")
    done
    tidy build/tidy-mingw "$root/(addin/win|fakehost/win|tests/wine)/" "${args[@]}"
fi

# A header's warning is printed once per file that includes it: count each place once.
warnings=$(grep -E '(warning|error): ' "$out" | sed 's/\x1b\[[0-9;]*m//g' | sort -u || true)
if [[ -n $warnings ]]; then
    echo "$warnings"
    echo "clang-tidy: $(wc -l <<<"$warnings") warning(s)"
    exit 1
fi
echo "clang-tidy: no warnings"
