#!/usr/bin/env bash
# Reads a built OfflineHooks MSI back (msiinfo, msiextract) and checks what wixl made of the
# .wxs, since wixl exits 0 after ignoring what it does not support (docs/windows-on-linux.md):
#   msi-tables.sh OfflineHooks.msi            (OH_MSI_SCOPE=user)
#   msi-tables.sh OfflineHooks-AllUsers.msi   (OH_MSI_SCOPE=machine)
# Environment (from installer/tests/CMakeLists.txt): OH_MSI_SCOPE, OH_MANIFEST, OH_MSI_VERSION,
# OH_MSI_PRODUCT_CODE, OH_MSI_UPGRADE_CODE, OH_ADDIN_CLSID, OH_ADDIN_PROGID,
# OH_ADDIN_FRIENDLY_NAME, OH_ADDIN_DESCRIPTION, OH_USER_SCRIPTS_CONDITION,
# OH_USER_COMPONENT_ATTRIBUTES, OH_MSIINFO, OH_MSIEXTRACT, OH_WORK_DIR, OH_SOURCE_DIR.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=msi-lib.sh
source "$here/msi-lib.sh"

msi=${1:?usage: $0 OfflineHooks.msi}
: "${OH_MANIFEST:?}" "${OH_MSI_VERSION:?}" "${OH_MSI_PRODUCT_CODE:?}" "${OH_MSI_UPGRADE_CODE:?}"
: "${OH_ADDIN_CLSID:?}" "${OH_ADDIN_PROGID:?}" "${OH_USER_SCRIPTS_CONDITION:?}"
: "${OH_USER_COMPONENT_ATTRIBUTES:?}" "${OH_WORK_DIR:?}" "${OH_SOURCE_DIR:?}" "${OH_MSI_SCOPE:?}"
: "${OH_EVENTLOG_KEY:?}"
if [[ $OH_MSI_SCOPE == machine ]]; then
    root_name=HKLM root_number=2 install_prefix=ProgramFiles64Folder/OfflineHooks
    extracted_install=OfflineHooks # where msiextract puts the install folder
else
    root_name=HKCU root_number=1 install_prefix=LocalAppDataFolder/Programs/OfflineHooks
    extracted_install=Programs/OfflineHooks
fi
[[ -f $msi ]] || { echo "FAIL: no MSI at $msi (build the target installer first)"; exit 1; }
work=$OH_WORK_DIR
rm -rf "$work"
mkdir -p "$work"
echo "MSI: $msi ($(stat -c %s "$msi") bytes)"

check_summary() {
    local info template source
    info=$("${OH_MSIINFO:-msiinfo}" suminfo "$msi" | tr -d '\r')
    template=$(sed -n 's/^Template: //p' <<<"$info")
    source=$(sed -n 's/^Source: \([0-9]*\).*/\1/p' <<<"$info")
    expect_eq "$template" "x64;1033" "summary Template (64-bit package)"
    if [[ $OH_MSI_SCOPE == machine ]]; then
        if [[ -n $source ]] && (((source & 2) && !(source & 8))); then
            ok "summary Source $source: compressed, asks for elevation (per-machine)"
        else
            fail "summary Source '$source': expected bit 2 (compressed) and not 8 (no elevation)"
        fi
    elif [[ -n $source ]] && (((source & 8) && (source & 2))); then
        ok "summary Source $source: compressed, needs no elevation (per-user)"
    else
        fail "summary Source '$source': expected bits 2 (compressed) and 8 (no elevation)"
    fi
}

check_properties() {
    local name=OfflineHooks
    [[ $OH_MSI_SCOPE == machine ]] && name="OfflineHooks (all users)"
    expect_eq "$(msi_property "$msi" ProductName)" "$name" "ProductName"
    expect_eq "$(msi_property "$msi" ProductVersion)" "$OH_MSI_VERSION" "ProductVersion"
    expect_eq "$(msi_property "$msi" ProductCode)" "$OH_MSI_PRODUCT_CODE" "ProductCode (one per version)"
    expect_eq "$(msi_property "$msi" UpgradeCode)" "$OH_MSI_UPGRADE_CODE" "UpgradeCode (fixed)"
    if [[ $OH_MSI_SCOPE == machine ]]; then
        expect_eq "$(msi_property "$msi" ALLUSERS)" "1" "ALLUSERS=1 (per-machine install)"
    else
        expect_eq "$(msi_property "$msi" ALLUSERS)" "" "no ALLUSERS (per-user install)"
    fi
    expect_eq "$(msi_property "$msi" ARPNOMODIFY)" "1" "ARPNOMODIFY"
    local secure
    secure=$(msi_property "$msi" SecureCustomProperties)
    if [[ $OH_MSI_SCOPE == machine && ";$secure;" == *";WIX_UPGRADE_DETECTED;"* ]] ||
        [[ ";$secure;" == *";OH_USER_SCRIPTS_FOUND;"* && ";$secure;" == *";WIX_UPGRADE_DETECTED;"* ]]; then
        ok "SecureCustomProperties: $secure"
    else
        fail "SecureCustomProperties '$secure' lacks OH_USER_SCRIPTS_FOUND (per user) or WIX_UPGRADE_DETECTED"
    fi
}

check_upgrade() {
    local rows expected=$work/upgrade.expected
    rows=$work/upgrade.rows
    msi_table "$msi" Upgrade | cut -f1-3,5,7 >"$rows"
    printf '%s\t%s\t%s\t%s\t%s\n' \
        "$OH_MSI_UPGRADE_CODE" "" "$OH_MSI_VERSION" 1 WIX_UPGRADE_DETECTED \
        "$OH_MSI_UPGRADE_CODE" "$OH_MSI_VERSION" "" 2 WIX_DOWNGRADE_DETECTED >"$expected"
    expect_same_lines "$rows" "$expected" "Upgrade table: older versions replaced, newer detected"
    if msi_table "$msi" LaunchCondition | grep -q '^NOT WIX_DOWNGRADE_DETECTED'; then
        ok "LaunchCondition refuses a downgrade"
    else
        fail "no LaunchCondition NOT WIX_DOWNGRADE_DETECTED"
    fi
}

# sequence_number TABLE ACTION
sequence_number() { msi_table "$msi" "$1" | awk -F'\t' -v a="$2" '$1 == a { print $3 }'; }

check_sequences() {
    local seq search cost validate remove init
    for seq in InstallExecuteSequence InstallUISequence; do
        [[ $OH_MSI_SCOPE == machine ]] && break # no search: no starter scripts
        search=$(sequence_number $seq AppSearch)
        cost=$(sequence_number $seq CostFinalize)
        if [[ -n $search && -n $cost && $search -lt $cost ]]; then
            ok "$seq: AppSearch ($search) before CostFinalize ($cost)"
        else
            fail "$seq: AppSearch '$search' must come before CostFinalize '$cost'"
        fi
    done
    validate=$(sequence_number InstallExecuteSequence InstallValidate)
    remove=$(sequence_number InstallExecuteSequence RemoveExistingProducts)
    init=$(sequence_number InstallExecuteSequence InstallInitialize)
    if [[ -n $remove && $validate -lt $remove && $remove -lt $init ]]; then
        ok "RemoveExistingProducts ($remove) between InstallValidate and InstallInitialize"
    else
        fail "RemoveExistingProducts '$remove' not between InstallValidate '$validate' and InstallInitialize '$init'"
    fi
}

check_search() {
    if [[ $OH_MSI_SCOPE == machine ]]; then
        expect_eq "$(msi_table "$msi" AppSearch | wc -l)" 0 "no AppSearch rows (no starter scripts per machine)"
        return
    fi
    expect_eq "$(msi_table "$msi" AppSearch | grep -c '^OH_USER_SCRIPTS_FOUND	S_UserScripts$')" 1 \
        "AppSearch row OH_USER_SCRIPTS_FOUND <- S_UserScripts"
    expect_eq "$(msi_table "$msi" DrLocator)" "$(printf 'S_UserScripts\t\t[AppDataFolder]OfflineHooks\\scripts\t0')" \
        "DrLocator: the user's scripts folder"
}

check_components() {
    local comp dir attrs cond keypath n=0 before=$failures
    while IFS=$'\037' read -r comp _ dir attrs cond keypath; do
        n=$((n + 1))
        if [[ $OH_MSI_SCOPE == machine && $comp == *X86 ]]; then
            ((attrs & 256)) && fail "component $comp: Attributes $attrs has 256 (Win64): its keys would miss the 32-bit view"
            [[ $dir == D_X86 ]] || fail "component $comp in $dir, expected D_X86"
        else
            ((attrs & 256)) || fail "component $comp: Attributes $attrs lacks 256 (Win64)"
        fi
        if [[ $dir == D_UserScripts* ]]; then
            [[ $attrs == "$OH_USER_COMPONENT_ATTRIBUTES" ]] ||
                fail "starter component $comp: Attributes $attrs, expected $OH_USER_COMPONENT_ATTRIBUTES (64-bit, Permanent, NeverOverwrite)"
            [[ $cond == "$OH_USER_SCRIPTS_CONDITION" ]] ||
                fail "starter component $comp: Condition '$cond', expected '$OH_USER_SCRIPTS_CONDITION'"
            [[ $keypath == F_Us_* ]] || fail "starter component $comp: key path $keypath is not its file"
        else
            if ((attrs & 16)); then fail "component $comp is Permanent: uninstall would leave it"; fi
            [[ -z $cond ]] || fail "component $comp has a condition '$cond'"
            ((attrs & 4)) || fail "component $comp: key path is not a registry value (Attributes $attrs)"
        fi
    done < <(msi_rows "$msi" Component)
    [[ $n -gt 0 ]] || fail "no Component rows"
    if [[ $failures -eq $before ]]; then
        ok "$n components: Win64 but the per-machine x86 ones; starter ones Permanent, NeverOverwrite, conditional; the rest registry-keyed"
    fi
    local x86
    x86=$(msi_table "$msi" Component | awk -F'\t' '!($4 % 512 >= 256) { print $1 }' | sort | tr '\n' ' ')
    if [[ $OH_MSI_SCOPE == machine ]]; then
        expect_eq "$x86" "C_AddinX86 C_OutlookAddinX86 " "32-bit components: the x86 class and Addins entry"
    else
        expect_eq "$x86" "" "no 32-bit component (the x86 class goes to its Wow6432Node key)"
    fi
}

check_registry() {
    local rows=$work/registry.rows expected=$work/registry.expected roots
    roots=$(msi_table "$msi" Registry | cut -f2 | sort -u | tr '\n' ' ')
    expect_eq "$roots" "$root_number " "Registry roots ($root_number = $root_name only: no HKCR or HKMU, not the other hive)"
    msi_table "$msi" Registry | cut -f3-6 >"$rows"
    expected_registry_rows >"$expected"
    expect_same_lines "$rows" "$expected" "Registry table: every key and value, each in its component (view)"
}

# The install path of every file, from the File and Directory tables.
check_files() {
    local rows=$work/files.rows expected=$work/files.expected
    declare -A parent name
    local id par def comp fname
    while IFS=$'\037' read -r id par def; do
        parent[$id]=$par
        name[$id]=${def#*|}
    done < <(msi_rows "$msi" Directory)
    : >"$rows"
    while IFS=$'\037' read -r _ comp fname _; do
        local dir path
        dir=$(msi_table "$msi" Component | awk -F'\t' -v c="$comp" '$1 == c { print $3 }')
        path=${fname#*|}
        while [[ -n $dir && $dir != TARGETDIR ]]; do
            if [[ ${name[$dir]} == . ]]; then path="$dir/$path"; else path="${name[$dir]}/$path"; fi
            dir=${parent[$dir]:-}
        done
        echo "$path" >>"$rows"
    done < <(msi_rows "$msi" File)
    {
        manifest_files install | sed "s|^|$install_prefix/|"
        [[ $OH_MSI_SCOPE == user ]] && manifest_files user | sed 's|^|AppDataFolder/OfflineHooks/scripts/|'
    } >"$expected"
    expect_same_lines "$rows" "$expected" "File table: every file, in its folder"
}

# msi_file_dir NAME: the Directory of the component that installs the file NAME (a File id, or
# a file name found once).
msi_file_dir() {
    local comp
    comp=$(msi_table "$msi" File | awk -F'\t' -v n="$1" '$1 == n || $3 == n || $3 ~ ("[|]" n "$") { print $2 }')
    [[ -n $comp ]] && msi_table "$msi" Component | awk -F'\t' -v c="$comp" '$1 == c { print $3 }'
}

# LICENSE and THIRD_PARTY_NOTICES in the folder of OfflineHooks.dll, whose code they cover
# (asked of the File table itself, not of the manifest the other checks share with the build).
check_notices_beside_dll() {
    local dll_dir name out=$work/extracted
    dll_dir=$(msi_file_dir F_AddinDll)
    [[ -n $dll_dir ]] || { fail "no OfflineHooks.dll (F_AddinDll) in the File table"; return; }
    for name in LICENSE THIRD_PARTY_NOTICES; do
        expect_eq "$(msi_file_dir $name)" "$dll_dir" "$name installed in the folder of OfflineHooks.dll"
        cmp -s "$out/$extracted_install/$name" "$OH_SOURCE_DIR/$name" ||
            fail "extracted $name differs from $OH_SOURCE_DIR/$name (or is missing)"
    done
    if grep -qF "Copyright (C) 1994-2022 Lua.org, PUC-Rio." "$out/$extracted_install/THIRD_PARTY_NOTICES"; then
        ok "THIRD_PARTY_NOTICES holds Lua's copyright notice"
    else
        fail "THIRD_PARTY_NOTICES lacks Lua's copyright notice"
    fi
}

check_remove_folders() {
    local dirs
    dirs=$(msi_table "$msi" RemoveFile | awk -F'\t' '$5 == 2 { print $4 }' | sort | tr '\n' ' ')
    if [[ $OH_MSI_SCOPE == machine ]]; then
        expect_eq "$dirs" "" "RemoveFile: none (Windows Installer removes its own folders under Program Files)"
        return
    fi
    expect_eq "$dirs" "D_Docs D_Examples D_Examples_lib D_Examples_meta D_Policy D_PolicyEnUS D_Programs D_X86 INSTALLDIR " \
        "RemoveFile: the install folders removed on uninstall (never the user's)"
}

# The files themselves: extracted from the cabinet, equal to their sources.
check_contents() {
    local out=$work/extracted kind rel src got n=0
    "${OH_MSIEXTRACT:-msiextract}" -C "$out" "$msi" >/dev/null ||
        { fail "msiextract could not extract $msi"; return; }
    while IFS=$'\037' read -r kind rel src; do
        [[ $kind == user && $OH_MSI_SCOPE == machine ]] && continue # no starter scripts
        if [[ $kind == install ]]; then got=$out/$extracted_install/$rel; else got=$out/OfflineHooks/scripts/$rel; fi
        n=$((n + 1))
        cmp -s "$got" "$src" || fail "extracted $kind $rel differs from $src (or is missing)"
    done < <(tr '\t' '\037' <"$OH_MANIFEST")
    ok "$n extracted files compared with their sources"
}

# pe_machine FILE: the machine field of a PE file's COFF header (8664 x64, 014c i386).
pe_machine() {
    local lfanew
    lfanew=$(od -An -t u4 -j 60 -N 4 "$1" 2>/dev/null | tr -d ' ')
    [[ -n $lfanew ]] && od -An -t x2 -j $((lfanew + 4)) -N 2 "$1" | tr -d ' '
}

# Each DLL is built for the bitness its registration claims: an x86 DLL in the x64 class's
# place (or the other way round) would install cleanly and never load.
check_dll_machines() {
    local out=$work/extracted
    expect_eq "$(pe_machine "$out/$extracted_install/OfflineHooks.dll")" 8664 "OfflineHooks.dll is x64 (PE machine 8664)"
    expect_eq "$(pe_machine "$out/$extracted_install/x86/OfflineHooks.dll")" 014c "x86\\OfflineHooks.dll is i386 (PE machine 014c)"
}

check_summary
check_properties
check_upgrade
check_sequences
check_search
check_components
check_registry
check_files
check_remove_folders
check_contents
check_notices_beside_dll
check_dll_machines
finish
