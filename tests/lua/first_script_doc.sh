#!/usr/bin/env bash
# Follows docs/first-script.md as a reader would, and fails when what the program prints
# differs from what the page shows: the tutorial must show real commands and real output.
#
#   first_script_doc.sh FAKEHOST_PROGRAM REPO_ROOT
#
# The page's two Lua blocks become my-scripts/back_online.lua and its test, the block that
# starts with "# A morning" becomes my-day.scn, and every block that starts with
# "$ fakehost" is run in that folder and its output compared, line for line. The blocks that
# show a failure are run after the edit the page asks for just before them.
set -euo pipefail

fakehost=$1
root=$2
page="$root/docs/first-script.md"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Block n (from 0) of the page, without its fences.
block() {
    awk -v want="$1" '
        /^```/ { if (inside) { inside = 0; n++ } else { inside = 1 }; next }
        inside && n == want { print }
    ' "$page"
}

count=$(grep -c '^```' "$page")
blocks=$((count / 2))
mkdir -p "$work/my-scripts"
lua_blocks=0
for ((i = 0; i < blocks; i++)); do
    first=$(block "$i" | head -n 1)
    case "$first" in
    "-- back_online.lua"*) block "$i" >"$work/my-scripts/back_online.lua"; lua_blocks=$((lua_blocks + 1)) ;;
    "-- Find back_online.lua"*) block "$i" >"$work/my-scripts/back_online_test.lua"; lua_blocks=$((lua_blocks + 1)) ;;
    "# A morning"*) block "$i" >"$work/my-day.scn" ;;
    esac
done
if [[ $lua_blocks -ne 2 || ! -s "$work/my-day.scn" ]]; then
    echo "docs/first-script.md: cannot find the script, its test and the scenario" >&2
    exit 1
fi

failures=0
compared=0
for ((i = 0; i < blocks; i++)); do
    first=$(block "$i" | head -n 1)
    [[ "$first" == '$ fakehost '* ]] || continue
    expected=$(block "$i" | tail -n +2)
    command=${first#\$ fakehost }
    # The edits the page asks for before showing a failure, undone afterwards.
    cp "$work/my-scripts/back_online.lua" "$work/script.orig"
    cp "$work/my-scripts/back_online_test.lua" "$work/test.orig"
    if grep -q '"onlin"' <<<"$expected"; then
        sed -i 's/hooks.on("online"/hooks.on("onlin"/' "$work/my-scripts/back_online.lua"
    fi
    if grep -q 'offline for 30 minutes' <<<"$expected"; then
        sed -i '/tells the user after a long time offline/,/end)/ s/h:advance("45m")/h:advance("30m")/' \
            "$work/my-scripts/back_online_test.lua"
    fi
    if [[ "$command" == *--lint* ]]; then
        if ! command -v luacheck >/dev/null; then
            echo "skipped (no luacheck): fakehost $command"
            continue
        fi
        cp "$root/scripts/.luacheckrc" "$work/my-scripts/.luacheckrc"
    fi
    # shellcheck disable=SC2086 # the page's command line, split into words as a shell would
    actual=$(cd "$work" && "$fakehost" $command 2>&1) || true
    rm -f "$work/my-scripts/.luacheckrc"
    cp "$work/script.orig" "$work/my-scripts/back_online.lua"
    cp "$work/test.orig" "$work/my-scripts/back_online_test.lua"
    compared=$((compared + 1))
    if [[ "$actual" == "$expected" ]]; then
        echo "ok    fakehost $command"
    else
        echo "FAIL  fakehost $command: the page shows something else; diff (page, program):"
        diff <(echo "$expected") <(echo "$actual") || true
        failures=$((failures + 1))
    fi
done

echo "$compared command(s) compared, $failures differ"
[[ $compared -gt 0 && $failures -eq 0 ]]
