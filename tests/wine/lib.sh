# shellcheck shell=bash
# Helpers for the Wine end-to-end test scripts (sourced). Environment from tests/wine's CMake:
# WINEPREFIX, OH_WINE_RUN (tools/wine-run.sh), OH_WINE (wine64).

: "${WINEPREFIX:?WINEPREFIX must be set}"
: "${OH_WINE_RUN:?OH_WINE_RUN must be set}"
export WINEDEBUG=${WINEDEBUG:--all}

failures=0

# The Windows path of a Unix path (Wine maps / to Z:).
winpath() {
    local p
    p=$(realpath -m "$1")
    printf 'Z:%s' "${p//\//\\}"
}

# Runs a Windows program (or a builtin such as regsvr32, reg, cmd) in the test prefix.
wine_run() { "$OH_WINE_RUN" "$@"; }

# The prefix's %LOCALAPPDATA% as a Unix path: the profile Wine names after $USER (the tests
# run under a non-ASCII user name, see CMakeLists.txt), else the first one there is.
local_appdata() {
    local d
    d=$WINEPREFIX/drive_c/users/${USER:-}/AppData/Local
    [[ -n ${USER:-} && -d $d ]] && { echo "$d"; return 0; }
    for d in "$WINEPREFIX"/drive_c/users/*/AppData/Local; do
        [[ $d == */Public/* ]] && continue
        [[ -d $d ]] && { echo "$d"; return 0; }
    done
    return 1
}

# True when the registry key exists (reg.exe exits 0 only then).
reg_exists() { wine_run reg query "$1" >/dev/null 2>&1; }

# expect_key KEY [WHAT] / expect_no_key KEY [WHAT]: the registry key exists / does not.
expect_key() {
    if reg_exists "$1"; then ok "${2:-key $1}"; else fail "${2:-key $1}: missing"; fi
}
expect_no_key() {
    if reg_exists "$1"; then fail "${2:-no key $1}: still there"; else ok "${2:-gone: $1}"; fi
}

ok() { echo "ok: $*"; }
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# expect_grep FILE REGEX [WHAT]: the file has a line matching REGEX (grep -E).
expect_grep() {
    if grep -Eq -- "$2" "$1"; then ok "${3:-$2}"; else fail "${3:-$2} (no line matching /$2/ in $1)"; fi
}
expect_no_grep() {
    if grep -Eq -- "$2" "$1"; then fail "${3:-$2} (unexpected line matching /$2/ in $1)"; else ok "${3:-no $2}"; fi
}
# expect_count FILE REGEX N [WHAT]
expect_count() {
    local n
    n=$(grep -Ec -- "$2" "$1" || true)
    if [[ $n -eq $3 ]]; then ok "${4:-$2} x$3"; else fail "${4:-$2}: $n lines match /$2/, expected $3"; fi
}
expect_status() { # expect_status ACTUAL EXPECTED WHAT
    if [[ $1 -eq $2 ]]; then ok "$3: exit $1"; else fail "$3: exit $1, expected $2"; fi
}

# expect_utf8 FILE [WHAT]: the file is valid UTF-8 throughout.
expect_utf8() {
    if iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then ok "${2:-$1 is valid UTF-8}"; else fail "${2:-$1}: not valid UTF-8"; fi
}

# expect_fixed FILE TEXT [WHAT]: the file has a line containing TEXT (no regex: paths hold
# '#', '%', '.' and brackets).
expect_fixed() {
    if grep -Fq -- "$2" "$1"; then ok "${3:-$2}"; else fail "${3:-$2} (no line containing [$2] in $1)"; fi
}

finish() {
    if [[ $failures -gt 0 ]]; then
        echo "$failures check(s) failed"
        exit 1
    fi
    echo "all checks passed"
    exit 0
}
