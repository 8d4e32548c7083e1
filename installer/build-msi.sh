#!/usr/bin/env bash
# Builds the MSI with wixl, treating every wixl warning as an error (wixl exits 0 after
# ignoring what it does not know: docs/windows-on-linux.md), then applies to the built
# database what wixl cannot express (one SQL statement a line, through msibuild): the search
# for the user's scripts folder, the starter scripts' conditions and attributes.
#
#   build-msi.sh --wixl WIXL --msibuild MSIBUILD --sql FILE.sql --out OUT.msi
#                [--path NAME=PATH]... -- WIXL-ARGS...
#
# --path defines the preprocessor variable NAME as PATH made relative to the current folder:
# wixl 0.101 finds a File/@Source only by a relative path (an absolute one fails an assertion).
#
# OUT.msi is written only when everything succeeded.
set -euo pipefail

die() {
    echo "build-msi.sh: $*" >&2
    exit 1
}

usage() { die "usage: $0 --wixl WIXL --msibuild MSIBUILD --sql FILE --out OUT.msi [--path NAME=PATH]... -- WIXL-ARGS..."; }

parse_args() {
    wixl="" msibuild="" sql="" out=""
    path_defines=()
    while [[ $# -gt 0 ]]; do
        case $1 in
        --wixl) wixl=${2:?}; shift 2 ;;
        --msibuild) msibuild=${2:?}; shift 2 ;;
        --sql) sql=${2:?}; shift 2 ;;
        --out) out=${2:?}; shift 2 ;;
        --path) add_path_define "${2:?}"; shift 2 ;;
        --) shift; break ;;
        *) usage ;;
        esac
    done
    [[ -n $wixl && -n $msibuild && -n $sql && -n $out && $# -gt 0 ]] || usage
    [[ -f $sql ]] || die "no SQL file $sql"
    wixl_args=("${path_defines[@]}" "$@")
}

add_path_define() {
    local name=${1%%=*} path=${1#*=}
    [[ $name != "$1" && -n $name && -n $path ]] || die "--path wants NAME=PATH, got '$1'"
    [[ -e $path ]] || die "--path $name: $path does not exist"
    path_defines+=(-D "$name=$(realpath -m --relative-to=. "$path")")
}

run_wixl() {
    local err=$tmp.wixl-stderr status=0
    "$wixl" -o "$tmp" "${wixl_args[@]}" 2>"$err" || status=$?
    if [[ $status -ne 0 ]]; then
        cat "$err" >&2
        die "wixl failed (exit $status)"
    fi
    if [[ -s $err ]]; then
        cat "$err" >&2
        die "wixl printed the warnings above: they are errors here (wixl ignores what it does not support)"
    fi
    rm -f "$err"
}

apply_sql() {
    local line n=0 err=$tmp.msibuild-stderr
    while IFS= read -r line || [[ -n $line ]]; do
        [[ -z $line ]] && continue
        n=$((n + 1))
        if ! "$msibuild" "$tmp" -q "$line" 2>"$err" || [[ -s $err ]]; then
            cat "$err" >&2
            die "msibuild could not apply line $n of $sql: $line"
        fi
    done <"$sql"
    rm -f "$err"
    echo "build-msi.sh: wixl built $(basename "$out"); $n SQL statements applied"
}

parse_args "$@"
tmp=$out.tmp
rm -f "$tmp"
trap 'rm -f "$tmp" "$tmp".*-stderr' EXIT
run_wixl
apply_sql
mv -f "$tmp" "$out"
echo "build-msi.sh: $out ($(stat -c %s "$out") bytes)"
