#!/usr/bin/env bash
# Static checks of the built Windows binaries, by reading their PE headers with objdump (no
# Wine: the x86 tree runs them too, where no 32-bit program can start). One check a call, so
# that each is a CTest test of its own (tests/wine/CMakeLists.txt):
#
#   check-pe.sh machine OBJDUMP FORMAT PE...   each file is "file format FORMAT" (objdump -f):
#                                              pei-x86-64 for x64, pei-i386 for x86
#   check-pe.sh exports OBJDUMP DEF DLL        the DLL exports exactly the names the .def file
#                                              lists (decorations included: "X@20" stays so)
#   check-pe.sh mapi OBJDUMP NAME DLL          the MAPI stand-in exports HrOpenOfflineObj under
#                                              NAME (HrOpenOfflineObj on x64, HrOpenOfflineObj@20
#                                              on x86, as Outlook does) and under no other name
#   check-pe.sh imports OBJDUMP PE...          each file imports only DLLs Windows itself has:
#                                              no MinGW runtime (libstdc++, libgcc, winpthread),
#                                              which Outlook's machines will not have
set -uo pipefail
usage="usage: $0 machine|exports|mapi|imports OBJDUMP ARGS..."
check=${1:?$usage}
objdump=${2:?$usage}
shift 2
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# The names a DLL exports, one a line, sorted.
exported_names() {
    "$objdump" -p "$1" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' |
        sed -n 's/^[[:space:]]*\[[[:space:]]*[0-9]*\] //p' | sort
}

# The names a .def file exports: the lines after EXPORTS, less comments, aliases ("A = B"
# exports A) and keywords (PRIVATE, DATA, @ordinal).
def_names() {
    sed -e 's/;.*//' "$1" | tr -d '\r' | awk '
        /^[[:space:]]*EXPORTS/ { in_exports = 1; next }
        /^[[:space:]]*(LIBRARY|NAME|SECTIONS|HEAPSIZE|STACKSIZE|VERSION)/ { in_exports = 0 }
        in_exports && NF { print $1 }' | sort
}

# Windows' own DLLs: what a DLL loaded into Outlook may import.
system_dll='^(kernel32|user32|gdi32|advapi32|shell32|shlwapi|ole32|oleaut32|msvcrt|ntdll|'
system_dll+='ws2_32|version|comctl32|comdlg32|rpcrt4|bcrypt|crypt32|secur32|userenv|psapi|'
system_dll+='api-ms-win-[a-z0-9-]+)\.dll$'

case $check in
machine)
    format=${1:?$usage}
    shift
    for pe in "$@"; do
        [[ -f $pe ]] || { fail "$pe missing"; continue; }
        got=$("$objdump" -f "$pe" | sed -n 's/.*file format //p')
        if [[ $got == "$format" ]]; then
            echo "ok: $(basename "$pe") is $got"
        else
            fail "$(basename "$pe") is \"$got\", expected \"$format\""
        fi
    done
    ;;
exports)
    def=${1:?$usage}
    dll=${2:?$usage}
    [[ -f $dll ]] || { echo "FAIL: $dll missing"; exit 1; }
    want=$(def_names "$def")
    got=$(exported_names "$dll")
    [[ -n $want ]] || fail "$def lists no exports"
    if [[ $got == "$want" ]]; then
        echo "ok: $(basename "$dll") exports exactly what $(basename "$def") lists:" $got
    else
        fail "$(basename "$dll") exports differ from $(basename "$def") (< .def, > DLL):"
        diff <(echo "$want") <(echo "$got")
    fi
    ;;
mapi)
    name=${1:?$usage}
    dll=${2:?$usage}
    [[ -f $dll ]] || { echo "FAIL: $dll missing"; exit 1; }
    got=$(exported_names "$dll" | grep -E '^HrOpenOfflineObj(@|$)')
    if [[ $got == "$name" ]]; then
        echo "ok: $(basename "$dll") exports HrOpenOfflineObj as \"$name\" only"
    else
        fail "$(basename "$dll") exports HrOpenOfflineObj as \"${got//$'\n'/\", \"}\"; expected \"$name\" only"
    fi
    ;;
imports)
    for pe in "$@"; do
        [[ -f $pe ]] || { fail "$pe missing"; continue; }
        dlls=$("$objdump" -p "$pe" | sed -n 's/^[[:space:]]*DLL Name: //p')
        bad=$(tr 'A-Z' 'a-z' <<<"$dlls" | grep -Ev "$system_dll")
        if [[ -n $bad ]]; then
            fail "$(basename "$pe") imports DLLs Windows does not have:" $bad
        else
            echo "ok: $(basename "$pe") imports only Windows' own:" $dlls "($(stat -c %s "$pe") bytes)"
        fi
    done
    ;;
*)
    echo "$usage" >&2
    exit 2
    ;;
esac
exit $((failures > 0))
