#!/usr/bin/env bash
# Static checks of the built Windows binaries (no Wine needed):
#  - the stand-in olmapi32.dll exports HrOpenOfflineObj under its plain (x64 Outlook) name
#    and no decorated "@20" name;
#  - every binary given imports no MinGW runtime DLL (libstdc++, libgcc, winpthread): Outlook's
#    machines will not have them, so the static runtime must be linked in.
#   check-pe.sh OBJDUMP OLMAPI32_DLL [PE_FILE...]
set -uo pipefail
objdump=${1:?usage: $0 OBJDUMP OLMAPI32_DLL [PE...]}
olmapi=${2:?}
shift 2
failures=0

exports=$("$objdump" -p "$olmapi" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p')
echo "$exports"
if grep -Eq '\] HrOpenOfflineObj$' <<<"$exports"; then
    echo "ok: olmapi32.dll exports plain HrOpenOfflineObj"
else
    echo "FAIL: olmapi32.dll does not export HrOpenOfflineObj"
    failures=$((failures + 1))
fi
if grep -q 'HrOpenOfflineObj@' <<<"$exports"; then
    echo "FAIL: olmapi32.dll exports a decorated HrOpenOfflineObj (x64 Outlook has none)"
    failures=$((failures + 1))
fi

for pe in "$olmapi" "$@"; do
    [[ -f $pe ]] || { echo "FAIL: $pe missing"; failures=$((failures + 1)); continue; }
    dlls=$("$objdump" -p "$pe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr '\n' ' ')
    if grep -Eiq 'libstdc\+\+|libgcc|libwinpthread|libssp' <<<"$dlls"; then
        echo "FAIL: $(basename "$pe") needs MinGW runtime DLLs: $dlls"
        failures=$((failures + 1))
    else
        echo "ok: $(basename "$pe") imports only: $dlls($(stat -c %s "$pe") bytes)"
    fi
done
exit $((failures > 0))
