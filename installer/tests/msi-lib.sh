# shellcheck shell=bash
# Helpers for the installer tests (sourced): reading an MSI back with msiinfo, the manifest
# CMake writes (installer-manifest.tsv: "install|user <TAB> relative path <TAB> source"), and
# the ok/fail bookkeeping (the same as tests/wine/lib.sh's, defined here when that one is not
# sourced).
#
# Environment: OH_MSIINFO (msiinfo), OH_MANIFEST, OH_MSI_SCOPE (user | machine), OH_EVENTLOG_KEY.

if ! declare -F ok >/dev/null; then
    failures=0
    ok() { echo "ok: $*"; }
    fail() {
        echo "FAIL: $*"
        failures=$((failures + 1))
    }
    finish() {
        if [[ $failures -gt 0 ]]; then
            echo "$failures check(s) failed"
            exit 1
        fi
        echo "all checks passed"
        exit 0
    }
fi

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
    if [[ $1 == "$2" ]]; then ok "$3: $1"; else fail "$3: got '$1', expected '$2'"; fi
}

# expect_same_lines ACTUAL_FILE EXPECTED_FILE WHAT: the same lines, in any order.
expect_same_lines() {
    local missing extra
    missing=$(comm -13 <(sort "$1") <(sort "$2"))
    extra=$(comm -23 <(sort "$1") <(sort "$2"))
    if [[ -z $missing && -z $extra ]]; then
        ok "$3 ($(wc -l <"$2") lines)"
        return 0
    fi
    fail "$3"
    [[ -n $missing ]] && printf '  missing: %s\n' "$missing" | sed '2,$s/^/           /'
    [[ -n $extra ]] && printf '  unexpected: %s\n' "$extra" | sed '2,$s/^/              /'
    return 1
}

# msi_table MSI TABLE: the table's rows, tab-separated, without msiinfo's three header lines.
msi_table() {
    "${OH_MSIINFO:-msiinfo}" export "$1" "$2" | tr -d '\r' | tail -n +4
}

# msi_rows MSI TABLE: the same with fields separated by \037, for `IFS=$'\037' read`
# (a tab in IFS would merge the empty fields around it).
msi_rows() { msi_table "$1" "$2" | tr '\t' '\037'; }

# msi_property MSI NAME: one property's value (empty when absent).
msi_property() {
    msi_table "$1" Property | awk -F'\t' -v p="$2" '$1 == p { print $2 }'
}

# manifest_files KIND: the relative paths of one kind ("install" or "user").
manifest_files() {
    awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$OH_MANIFEST"
}

# manifest_source KIND REL: where that file comes from in the source or build tree.
manifest_source() {
    awk -F'\t' -v k="$1" -v r="$2" '$1 == k && $2 == r { print $3 }' "$OH_MANIFEST"
}

# The registry values the MSI must write: "Key<TAB>Name<TAB>Value<TAB>Component" (Name empty:
# the default value; Value as MSI's Registry table holds it: #n a DWORD, [..] formatted; the
# component says the view: the *X86 ones are 32-bit). OH_MSI_SCOPE user (HKCU) or machine
# (HKLM). The one list both the table test and the installed-registry checks use.
expected_registry_rows() {
    local clsid_key="Software\\Classes\\CLSID\\$OH_ADDIN_CLSID"
    local progid_key="Software\\Classes\\$OH_ADDIN_PROGID"
    local addins_key="Software\\Microsoft\\Office\\Outlook\\Addins\\$OH_ADDIN_PROGID"
    local install_key='Software\OfflineHooks\Install'
    local dir comp
    printf '%s\t%s\t%s\t%s\n' \
        "$clsid_key" "" "$OH_ADDIN_FRIENDLY_NAME" C_Addin \
        "$clsid_key\\InprocServer32" "" "[#F_AddinDll]" C_Addin \
        "$clsid_key\\InprocServer32" "ThreadingModel" "Apartment" C_Addin \
        "$clsid_key\\ProgID" "" "$OH_ADDIN_PROGID" C_Addin \
        "$progid_key" "" "$OH_ADDIN_FRIENDLY_NAME" C_Addin \
        "$progid_key\\CLSID" "" "$OH_ADDIN_CLSID" C_Addin
    # The x86 class: per machine the same keys from a 32-bit component (Windows Installer writes
    # them in the 32-bit view); per user the physical Wow6432Node key (OfflineHooks.wxs.in says
    # why), the ProgID shared.
    local x86_clsid_key=$clsid_key
    [[ $OH_MSI_SCOPE == user ]] && x86_clsid_key="Software\\Classes\\Wow6432Node\\CLSID\\$OH_ADDIN_CLSID"
    printf '%s\t%s\t%s\t%s\n' \
        "$x86_clsid_key" "" "$OH_ADDIN_FRIENDLY_NAME" C_AddinX86 \
        "$x86_clsid_key\\InprocServer32" "" "[#F_AddinDllX86]" C_AddinX86 \
        "$x86_clsid_key\\InprocServer32" "ThreadingModel" "Apartment" C_AddinX86 \
        "$x86_clsid_key\\ProgID" "" "$OH_ADDIN_PROGID" C_AddinX86
    [[ $OH_MSI_SCOPE == machine ]] && printf '%s\t%s\t%s\t%s\n' \
        "$progid_key" "" "$OH_ADDIN_FRIENDLY_NAME" C_AddinX86 \
        "$progid_key\\CLSID" "" "$OH_ADDIN_CLSID" C_AddinX86
    # Outlook's entry: per user one key serves both bitnesses (HKCU\Software is shared); per
    # machine one in each view.
    for comp in C_OutlookAddin C_OutlookAddinX86; do
        [[ $comp == *X86 && $OH_MSI_SCOPE == user ]] && continue
        printf '%s\t%s\t%s\t%s\n' \
            "$addins_key" "LoadBehavior" "#3" "$comp" \
            "$addins_key" "FriendlyName" "$OH_ADDIN_FRIENDLY_NAME" "$comp" \
            "$addins_key" "Description" "$OH_ADDIN_DESCRIPTION" "$comp" \
            "$addins_key" "RequireShutdownNotification" "#1" "$comp"
    done
    if [[ $OH_MSI_SCOPE == machine ]]; then
        printf '%s\t%s\t%s\t%s\n' \
            "$OH_EVENTLOG_KEY" "EventMessageFile" "[#F_AddinDll]" C_EventLog \
            "$OH_EVENTLOG_KEY" "TypesSupported" "#7" C_EventLog
    fi
    printf '%s\t%s\t%s\t%s\n' \
        "$install_key" "InstallDir" "[INSTALLDIR]" C_Tools \
        "$install_key" "FakeHost" "[#F_FakeHost]" C_Tools \
        "$install_key" "Docs" "[D_Docs]" C_Docs \
        "$install_key" "Policy" "[D_Policy]" C_Policy \
        "$install_key" "Policy.en-US" "[D_PolicyEnUS]" C_PolicyEnUS \
        "$install_key" "Examples" "[D_Examples]" C_Examples
    # One value per subfolder of the examples (Examples.lib, ...).
    while IFS= read -r dir; do
        printf '%s\t%s\t%s\t%s\n' "$install_key" "Examples.$dir" "[D_Examples_$dir]" "C_Examples_$dir"
    done < <(manifest_files install | sed -n 's|^scripts/\([^/]*\)/.*|\1|p' | sort -u)
}
