#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the fake host and plays the
# bundled default scenario to the bundled example scripts. Extra arguments go to
# `fakehost run` (e.g. --json, --scenario FILE).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/deps.sh linux
cmake --preset linux >/dev/null
cmake --build --preset linux --target fakehost >/dev/null
exec ./build/linux/fakehost/fakehost run "$@"
