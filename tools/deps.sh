#!/usr/bin/env bash
# Installs what OfflineHooks needs, from Debian's packages only (nothing else is downloaded),
# and Lua's source from Debian's lua5.4 source package (tools/fetch-lua-source.sh): every
# build compiles the sandbox's string and table libraries from it.
#   tools/deps.sh linux   the native build, the fake host and its tests
#   tools/deps.sh all     also MinGW-w64 (x64 and x86), Wine and wixl for the Windows DLLs and the MSI
# Packages already installed are not asked for again, so a second run costs nothing.
set -euo pipefail

linux=(cmake ninja-build g++ pkg-config liblua5.4-dev lua5.4 catch2 libbenchmark-dev lua-check
       tzdata clang libclang-rt-14-dev nlohmann-json3-dev)
windows=(g++-mingw-w64-x86-64 wine64 wixl msitools)
# The x86 DLL for 32-bit Outlook (preset mingw-x86): built and PE-checked, never run here.
windows+=(g++-mingw-w64-i686-posix)
# tools/fetch-lua-source.sh: apt-get source, unpacking (xz) and patching.
linux+=(dpkg-dev xz-utils patch)

wanted=("${linux[@]}")
[[ ${1:-linux} == all ]] && wanted+=("${windows[@]}")

missing=()
for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
    sudo=()
    [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    echo "Installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
bash "$(dirname "${BASH_SOURCE[0]}")/fetch-lua-source.sh" >/dev/null
