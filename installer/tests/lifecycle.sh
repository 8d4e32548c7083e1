#!/usr/bin/env bash
# The MSI under Wine, as a user would meet it, in a Wine prefix of the installer tests' own:
#
#   lifecycle.sh fresh       A profile with no scripts folder: install (starter scripts copied),
#                            every file and registry value read back, uninstall (all gone but
#                            the starter scripts, which are the user's from then on); then the
#                            fleet variant ADDLOCAL=OfflineHooks (no starter scripts at all).
#   lifecycle.sh lifecycle   A user who already has a scripts folder: install (the folder is
#                            left exactly as it was), Outlook (the stand-in) loads the add-in
#                            through COM from the installed location and the user's script
#                            reacts, upgrade to the next version (in place: one product, new
#                            version), repair (a deleted DLL and key come back), uninstall
#                            (nothing of ours left, the user's folder intact).
#   lifecycle.sh allusers    The same for the per-machine MSI: every file under Program Files,
#                            every key in both registry views (reg /reg:64 and /reg:32), the
#                            Event Log source's message file as Event Viewer reads it.
#   lifecycle.sh both        The per-machine MSI installed while a per-user install exists:
#                            which registration Outlook uses (README "Both packages on one
#                            machine"), then each uninstalled on its own.
#
# Environment (from installer/tests/CMakeLists.txt): WINEPREFIX, OH_WINE_RUN, OH_MSI_SCOPE
# (user | machine), OH_MSI, OH_MSI_VERSION, OH_MSI_PRODUCT_CODE, OH_MSI_NEXT,
# OH_MSI_VERSION_NEXT, OH_MSI_PRODUCT_CODE_NEXT, OH_MSI_UPGRADE_CODE (and for `both` each of
# the package's variables again suffixed _USER and _MACHINE), OH_MANIFEST, OH_ADDIN_CLSID,
# OH_ADDIN_PROGID, OH_ADDIN_FRIENDLY_NAME, OH_ADDIN_DESCRIPTION, OH_ADDIN_KIND (offlinehooks |
# probe), OH_EVENTLOG_KEY, OH_MSI_QUERY, OH_STANDIN, OH_WORK_DIR.
# Wine keeps only 8 bits of an exit code (1603 reads as 67): every step is judged by what it
# left behind, not by its status alone.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../tests/wine/lib.sh
source "$here/../../tests/wine/lib.sh" # wine_run, winpath, local_appdata, reg_exists, ok, fail
# shellcheck source=msi-lib.sh
source "$here/msi-lib.sh"

case_name=${1:?usage: $0 fresh|lifecycle|allusers|both}
: "${OH_MSI_SCOPE:?}" "${OH_EVENTLOG_KEY:?}" "${OH_MSI:?}" "${OH_MSI_VERSION:?}" "${OH_MSI_PRODUCT_CODE:?}" "${OH_MSI_NEXT:?}"
: "${OH_MSI_VERSION_NEXT:?}" "${OH_MSI_PRODUCT_CODE_NEXT:?}" "${OH_MSI_UPGRADE_CODE:?}"
: "${OH_ADDIN_CLSID:?}" "${OH_ADDIN_PROGID:?}" "${OH_ADDIN_KIND:?}" "${OH_MSI_QUERY:?}"
: "${OH_STANDIN:?}" "${OH_WORK_DIR:?}" "${OH_MANIFEST:?}"
unset OFFLINEHOOKS_SCRIPTS # the add-in must find the default folder by itself

work=$OH_WORK_DIR/$case_name
rm -rf "$work"
mkdir -p "$work"
for f in "$OH_MSI" "$OH_MSI_NEXT" "$OH_MSI_QUERY" "$OH_STANDIN"; do
    [[ -f $f ]] || { echo "FAIL: $f is missing (build the targets installer and installer_upgrade_test_msi)"; exit 1; }
done

# --- Where things are, as Unix paths and as the add-in's Windows sees them.
local_dir=$(local_appdata) || { echo "FAIL: no %LOCALAPPDATA% in $WINEPREFIX"; exit 1; }
roaming_dir=${local_dir%/Local}/Roaming
programs_dir=$local_dir/Programs
user_root=$roaming_dir/OfflineHooks
user_scripts=$user_root/scripts
log_dir=$local_dir/OfflineHooks

# C:\... for a path inside the prefix's drive_c.
cpath() {
    local rel=${1#"$WINEPREFIX"/drive_c/}
    printf 'C:\\%s' "${rel//\//\\}"
}

# select_package SUFFIX: the package the steps below are about, from OH_MSI_SCOPE$SUFFIX,
# OH_MSI$SUFFIX, ... ("" for the one package of a case, _USER or _MACHINE in `both`).
select_package() {
    local v src
    for v in OH_MSI_SCOPE OH_MSI_UPGRADE_CODE OH_MSI OH_MSI_PRODUCT_CODE OH_MSI_NEXT OH_MSI_PRODUCT_CODE_NEXT; do
        src=$v$1
        [[ -n ${!src:-} ]] || { echo "FAIL: $src is not set"; exit 1; }
        printf -v "$v" '%s' "${!src}"
    done
    export OH_MSI_SCOPE # msi-lib.sh's expected_registry_rows reads it
    if [[ $OH_MSI_SCOPE == machine ]]; then
        hive=HKLM hive_long=HKEY_LOCAL_MACHINE
        install_dir=$WINEPREFIX/drive_c/Program\ Files/OfflineHooks
        products_key="HKLM\\Software\\Classes\\Installer\\Products"
    else
        hive=HKCU hive_long=HKEY_CURRENT_USER
        install_dir=$programs_dir/OfflineHooks
        products_key="HKCU\\Software\\Microsoft\\Installer\\Products"
    fi
    win_install_dir=$(cpath "$install_dir")
    # Every key of ours, without the hive (read back in both views).
    our_keys=("Software\\Classes\\CLSID\\$OH_ADDIN_CLSID" "Software\\Classes\\$OH_ADDIN_PROGID"
        "Software\\Microsoft\\Office\\Outlook\\Addins\\$OH_ADDIN_PROGID" 'Software\OfflineHooks')
    if [[ $OH_MSI_SCOPE == machine ]]; then
        our_keys+=("$OH_EVENTLOG_KEY")
    else
        our_keys+=("Software\\Classes\\Wow6432Node\\CLSID\\$OH_ADDIN_CLSID")
    fi
    addins_key="$hive\\Software\\Microsoft\\Office\\Outlook\\Addins\\$OH_ADDIN_PROGID"
}
select_package ""

# --- Windows Installer's own view (oh_msi_query: MsiEnumRelatedProducts, MsiQueryProductState).
msi_query() {
    local status=0
    wine_run "$OH_MSI_QUERY" "$@" >"$work/query.out" 2>&1 || status=$?
    if [[ $status -ne 0 ]]; then
        # Seen once on CI: exit 1 with no output at all, not reproduced here in 20 runs. Say
        # so, with whatever it printed, and ask once more: the checks judge the answer.
        echo "note: oh_msi_query $* exited $status, asked again; it printed:" >&2
        tr -d '\r' <"$work/query.out" >&2
        status=0
        wine_run "$OH_MSI_QUERY" "$@" >"$work/query.out" 2>&1 || status=$?
    fi
    tr -d '\r' <"$work/query.out"
    [[ $status -eq 0 ]] || echo "error: oh_msi_query $* exited $status"
}

# The packed form of a GUID under ...\Installer\Products and \UpgradeCodes.
packed_guid() {
    local g=${1//[\{\}-]/} out="" i
    out=$(rev <<<"${g:0:8}")$(rev <<<"${g:8:4}")$(rev <<<"${g:12:4}")
    for ((i = 16; i < 32; i += 2)); do out+=${g:i+1:1}${g:i:1}; done
    echo "$out"
}

# expect_products "VERSION CODE" | none: what MsiEnumRelatedProducts lists for the upgrade code,
# and the product's entries in the registry (Wine writes the Add/Remove Programs entry under
# HKLM, Windows under HKCU for a per-user product: either is accepted).
expect_products() {
    local out code
    out=$(msi_query related "$OH_MSI_UPGRADE_CODE")
    printf '  msi: %s\n' "${out//$'\n'/$'\n'  msi: }"
    if [[ $1 == none ]]; then
        expect_eq "$(grep -c '^product:' <<<"$out" || true)" 0 "no product of ours known to Windows Installer"
        # The product registrations and Add/Remove Programs entries of both versions, in both
        # hives (one oh_msi_query per hive: it prints nothing for a missing key).
        local root keys left
        for root in HKCU HKLM; do
            keys=()
            for code in "$OH_MSI_PRODUCT_CODE" "$OH_MSI_PRODUCT_CODE_NEXT"; do
                keys+=("Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$code")
                [[ ${products_key%%\\*} == "$root" ]] && keys+=("${products_key#*\\}\\$(packed_guid "$code")")
            done
            left=$(msi_query keys 64 "$root" "${keys[@]}")
            if [[ -n $left ]]; then
                fail "product registration or Add/Remove Programs entry left in $root:"
                echo "$left"
            else
                ok "no product registration or Add/Remove Programs entry in $root for $OH_MSI_PRODUCT_CODE, $OH_MSI_PRODUCT_CODE_NEXT"
            fi
        done
        return
    fi
    local version=${1% *} code=${1#* }
    expect_eq "$(grep -c '^product:' <<<"$out" || true)" 1 "exactly one product with our upgrade code"
    expect_grep <(echo "$out") "^product: \\$code version=$version state=5$" "product $code installed, version $version"
    expect_key "$products_key\\$(packed_guid "$code")" "$OH_MSI_SCOPE product registration ($products_key)"
    local arp="" root
    for root in HKCU HKLM; do
        if reg_exists "$root\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$code"; then arp=$root; fi
    done
    if [[ -n $arp ]]; then
        local shown
        shown=$(wine_run reg query "$arp\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$code" /v DisplayVersion 2>/dev/null | tr -d '\r' | awk '/DisplayVersion/ { print $3 }' || true)
        expect_eq "$shown" "$version" "Add/Remove Programs entry ($arp) DisplayVersion"
    else
        fail "no Add/Remove Programs entry for $code"
    fi
}

# --- msiexec, timed, with a verbose log kept in the work folder.
msiexec_run() { # msiexec_run WHAT ARGS...
    local what=$1 log status=0 start ms
    shift
    log=$work/msiexec-${what//[^A-Za-z0-9.]/_}.log
    start=$(date +%s%N)
    wine_run msiexec "$@" /qn /l*v "$(winpath "$log")" >"$work/msiexec.out" 2>&1 || status=$?
    ms=$((($(date +%s%N) - start) / 1000000))
    echo "timing: $what: $ms ms (msiexec exit $status)"
    echo "$what: $ms ms" >>"$work/timings.txt"
    if [[ $status -ne 0 ]]; then
        fail "msiexec $what exited $status (Wine keeps 8 bits: 67 = 1603 fatal error, 69 = 1605 not installed)"
        echo "--- tail of $log"
        tr -d '\r' <"$log" | tail -n 40 || true
        echo "---"
    fi
}

# msiexec_refused WHAT ARGS...: msiexec must fail (and change nothing: the caller checks).
msiexec_refused() {
    local what=$1 log status=0
    shift
    log=$work/msiexec-${what//[^A-Za-z0-9.]/_}.log
    wine_run msiexec "$@" /qn /l*v "$(winpath "$log")" >"$work/msiexec.out" 2>&1 || status=$?
    if [[ $status -ne 0 ]]; then
        ok "msiexec refused the $what (exit $status)"
    else
        fail "msiexec accepted the $what"
    fi
}

# --- The files.
# expect_install_files: every file of the manifest in the install folder, equal to its source,
# and nothing else there.
expect_install_files() {
    local rel src n=0 bad=0
    while IFS= read -r rel; do
        src=$(manifest_source install "$rel")
        n=$((n + 1))
        if ! cmp -s "$install_dir/$rel" "$src"; then
            fail "installed $rel differs from $src (or is missing)"
            bad=$((bad + 1))
        fi
    done < <(manifest_files install)
    if [[ $bad -eq 0 ]]; then ok "$n files installed under $(cpath "$install_dir"), each equal to its source"; fi
    (cd "$install_dir" 2>/dev/null && find . -type f | sed 's|^\./||' | sort) >"$work/installed.list" || true
    manifest_files install | sort >"$work/manifest-install.list"
    expect_same_lines "$work/installed.list" "$work/manifest-install.list" "the install folder holds exactly the manifest's files" || true
}

# expect_notices_beside_dll: LICENSE and THIRD_PARTY_NOTICES installed in the folder of
# OfflineHooks.dll (the code they cover), as the source tree has them.
expect_notices_beside_dll() {
    local name dll_dir
    dll_dir=$install_dir # the x64 DLL; x86\ holds only the x86 one
    for name in LICENSE THIRD_PARTY_NOTICES; do
        if cmp -s "$dll_dir/$name" "$(manifest_source install "$name")"; then
            ok "$name installed beside OfflineHooks.dll"
        else
            fail "$name missing beside OfflineHooks.dll ($(cpath "$dll_dir")) or not the shipped text"
        fi
    done
}

# expect_starter_scripts: the user's folder holds exactly the starter scripts, as shipped.
expect_starter_scripts() {
    local rel n=0 bad=0
    while IFS= read -r rel; do
        n=$((n + 1))
        if ! cmp -s "$user_scripts/$rel" "$(manifest_source user "$rel")"; then
            fail "starter script $rel missing or changed in $(cpath "$user_scripts")"
            bad=$((bad + 1))
        fi
    done < <(manifest_files user)
    if [[ $bad -eq 0 ]]; then ok "$n starter scripts in $(cpath "$user_scripts"), as shipped"; fi
    (cd "$user_scripts" 2>/dev/null && find . -type f | sed 's|^\./||' | sort) >"$work/user.list" || true
    manifest_files user | sort >"$work/manifest-user.list"
    expect_same_lines "$work/user.list" "$work/manifest-user.list" "the scripts folder holds exactly the starter scripts" || true
}

# Fingerprint of a folder: every file with its checksum.
fingerprint() { (cd "$1" 2>/dev/null && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) || true; }

# --- The registry, read back in full: every value under our keys, in each registry view the
# package writes, and nothing more. Per machine both views (reg /reg:64 and /reg:32, as 64-bit
# and 32-bit Outlook read them); per user the 64-bit view only, which under Wine is the one
# HKCU (Wine 8 redirects nothing under HKCU; the x86 class is in its physical Wow6432Node key,
# one of our_keys).
views() { if [[ $OH_MSI_SCOPE == machine ]]; then echo 64 32; else echo 64; fi; }

# Rows "View<TAB>Key<TAB>Name<TAB>TYPE:data" (Key without the hive, Name empty for the default;
# a "(key)" row for each key holding values), read by oh_msi_query in one process per view.
registry_readback() {
    local view
    for view in $(views); do
        msi_query keys "$view" "$hive" "${our_keys[@]}" >"$work/reg-raw-$view.txt"
        cat "$work/reg-raw-$view.txt"
        cat "$work/reg-raw-$view.txt" >>"$work/reg-raw.txt"
    done
}

# The expected rows, from the MSI's Registry table rows with formatted values resolved, each in
# the view of its component (the per-machine *X86 ones are 32-bit); keys outside Software\ (the
# Event Log source) are the same in both views.
registry_expected() {
    local key name value comp view
    while IFS=$'\037' read -r key name value comp; do
        case $value in
        "#"*) value="REG_DWORD:$(printf '0x%x' "${value#\#}")" ;;
        "[#F_AddinDll]") value="REG_SZ:$win_install_dir\\OfflineHooks.dll" ;;
        "[#F_AddinDllX86]") value="REG_SZ:$win_install_dir\\x86\\OfflineHooks.dll" ;;
        "[#F_FakeHost]") value="REG_SZ:$win_install_dir\\fakehost.exe" ;;
        "[INSTALLDIR]") value="REG_SZ:$win_install_dir\\" ;;
        "[D_Docs]") value="REG_SZ:$win_install_dir\\docs\\" ;;
        "[D_Policy]") value="REG_SZ:$win_install_dir\\policy\\" ;;
        "[D_PolicyEnUS]") value="REG_SZ:$win_install_dir\\policy\\en-US\\" ;;
        "[D_Examples]") value="REG_SZ:$win_install_dir\\scripts\\" ;;
        "[D_Examples_"*) value=${value#\[D_Examples_} && value="REG_SZ:$win_install_dir\\scripts\\${value%]}\\" ;;
        *) value="REG_SZ:$value" ;;
        esac
        view=64
        [[ $OH_MSI_SCOPE == machine && $comp == *X86 ]] && view=32
        printf '%s\t%s\t%s\t%s\n' "$view" "$key" "$name" "$value"
        if [[ $OH_MSI_SCOPE == machine && $key != Software\\* ]]; then
            printf '%s\t%s\t%s\t%s\n' 32 "$key" "$name" "$value"
        fi
    done < <(expected_registry_rows | tr '\t' '\037')
}

expect_registry() {
    : >"$work/reg-raw.txt"
    registry_readback >"$work/registry.actual"
    # (Wine's reg query /s lists a key only when it holds values: the key rows cover those.)
    {
        registry_expected
        registry_expected | cut -f1,2 | sort -u | sed 's/$/\t(key)\t/'
    } | sort -u >"$work/registry.expected"
    expect_same_lines "$work/registry.actual" "$work/registry.expected" \
        "registry read back ($hive, views $(views)): every key and value, nothing more" || true
}

# key_in_view VIEW KEY: the key exists in that registry view.
key_in_view() { wine_run reg query "$2" "/reg:$1" >/dev/null 2>&1; }

# reg_value VIEW KEY NAME: a REG_SZ/REG_DWORD value's data as reg prints it (NAME "": default).
reg_value() {
    local args=(/v "$3")
    [[ -z $3 ]] && args=(/ve)
    wine_run reg query "$2" "${args[@]}" "/reg:$1" 2>/dev/null | tr -d '\r' |
        awk -F'    ' 'NF >= 4 { print $4 }' | head -n 1 || true
}

expect_nothing_installed() {
    if [[ -e $install_dir ]]; then
        fail "install folder still there: $(find "$install_dir" | head -n 20 | tr '\n' ' ')"
    else
        ok "install folder gone: $(cpath "$install_dir")"
    fi
    if [[ $OH_MSI_SCOPE == user && $programs_existed == no ]]; then
        if [[ -e $programs_dir ]]; then fail "the Programs folder it created is still there"; else ok "the Programs folder it created is gone"; fi
    fi
    local view left
    for view in $(views); do
        left=$(msi_query keys "$view" "$hive" "${our_keys[@]}")
        if [[ -n $left ]]; then
            fail "values of ours left (/reg:$view):"
            echo "$left"
        else
            ok "no value left (/reg:$view) under $hive\\{$(IFS=,; echo "${our_keys[*]}")}"
        fi
    done
    # Empty parents: the installer created them in a prefix with no Office; they must go too.
    # (Per user only: Wine's msiexec leaves HKLM's empty Office\Outlook\Addins behind in both
    # views, harmless since Office itself has them.)
    if [[ $OH_MSI_SCOPE == user && $office_existed == no ]]; then
        expect_no_key 'HKCU\Software\Microsoft\Office' "no empty parent key left: HKCU\\Software\\Microsoft\\Office"
    fi
    expect_products none
}

# --- A clean slate: an interrupted earlier run may have left anything behind.
clean_slate() {
    local code out view left
    out=$(msi_query related "$OH_MSI_UPGRADE_CODE")
    for code in $(sed -n 's/^product: \({[^}]*}\).*/\1/p' <<<"$out"); do
        wine_run msiexec /x "$code" /qn >/dev/null 2>&1 || true
    done
    # Each Wine process costs a start-up: reg delete only where something was left.
    for view in $(views); do
        left=$(msi_query keys "$view" "$hive" "${our_keys[@]}")
        [[ -z $left ]] && continue
        for code in "${our_keys[@]}"; do wine_run reg delete "$hive\\$code" /f /reg:$view >/dev/null 2>&1 || true; done
    done
    rm -rf "$install_dir" "$user_root" "$log_dir"
    [[ $OH_MSI_SCOPE == user ]] && { rmdir "$programs_dir" 2>/dev/null || true; }
    if ! grep -q '^related: 0$' <<<"$out"; then out=$(msi_query related "$OH_MSI_UPGRADE_CODE"); fi
    if grep -q '^related: 0$' <<<"$out"; then
        ok "clean slate: no OfflineHooks product, files or keys in the prefix"
    else
        fail "clean slate: products still installed: $out"
        finish
    fi
    [[ -d $programs_dir ]] && programs_existed=yes || programs_existed=no
    office_existed=yes
    if [[ $OH_MSI_SCOPE == user ]] && ! key_in_view 64 'HKCU\Software\Microsoft\Office'; then office_existed=no; fi
}

show_readback() {
    echo "--- read back after $1: files under $(cpath "$install_dir")"
    (cd "$install_dir" && find . -type f -printf '%s\t%p\n' | sort -k2) || true
    echo "--- read back after $1: $(cpath "$user_scripts")"
    (cd "$user_scripts" 2>/dev/null && find . -type f -printf '%s\t%p\n' | sort -k2) || echo "(no folder)"
    echo "--- read back after $1: registry"
    cat "$work/reg-raw.txt"
    echo "---"
}

expect_installed() { # expect_installed "VERSION CODE" WHAT
    expect_products "$1"
    expect_install_files
    expect_notices_beside_dll
    expect_registry
    show_readback "$2"
}

# --- The fake host as installed: `fakehost run` finds the examples beside it, and the tests
# of the installed examples and of the starter scripts pass.
run_fakehost() { # run_fakehost NAME ARGS...
    local name=$1 status=0
    shift
    wine_run "$install_dir/fakehost.exe" "$@" >"$work/fakehost-$name.raw" 2>&1 || status=$?
    tr -d '\r' <"$work/fakehost-$name.raw" >"$work/fakehost-$name.out"
    expect_eq "$status" 0 "installed fakehost.exe $* exit status"
}

expect_fakehost_works() {
    run_fakehost run run
    expect_grep "$work/fakehost-run.out" "host +scripts from $(cpath "$install_dir" | tr '\\' /)/scripts;" \
        "fakehost run (no arguments) plays the installed examples"
    run_fakehost test-examples test "$(cpath "$install_dir")\\scripts"
    expect_grep "$work/fakehost-test-examples.out" '^[1-9][0-9]* passed, 0 failed$' \
        "the installed examples' tests pass: $(tail -n 1 "$work/fakehost-test-examples.out")"
    run_fakehost test-starter test "$(cpath "$user_scripts")"
    expect_grep "$work/fakehost-test-starter.out" '^[1-9][0-9]* passed, 0 failed$' \
        "the starter scripts' tests pass in the user's folder: $(tail -n 1 "$work/fakehost-test-starter.out")"
}

# --- Outlook's part: the stand-in activates the add-in by its ProgID, as Outlook does.
# run_standin WHAT [HIVE DLL_DIR]: Outlook (the stand-in) finds the Addins key in HIVE (HKCU
# first, as Outlook lets a user's key override the machine's) and activates the class from
# DLL_DIR (defaults: the selected package's). Under Wine the stand-in copies a per-user class to
# HKLM for the call, as Windows' merged HKCR view would show it, and puts HKLM back afterwards.
run_standin() {
    local out=$work/standin-$1.out status=0 logs=$work/logs-$1.txt
    local want_hive=${2:-$hive} dll_dir=${3:-$win_install_dir}
    export OH_PROBE_LOG
    OH_PROBE_LOG=$(winpath "$work/probe-$1.log")
    wine_run "$OH_STANDIN" --progid "$OH_ADDIN_PROGID" --shutdown notify --expect-advised \
        --go offline --wait 500 --go online --wait 500 >"$out.raw" 2>&1 || status=$?
    tr -d '\r' <"$out.raw" >"$out"
    echo "--- outlook_standin ($1, exit $status)"
    cat "$out"
    echo "---"
    expect_eq "$status" 0 "stand-in verdict ($1)"
    expect_grep "$out" '^result: ok$'
    expect_grep "$out" "^addin-key: $want_hive LoadBehavior=3 RequireShutdownNotification=1 " "Outlook's Addins key ($want_hive) as the MSI wrote it"
    if [[ $want_hive == HKCU ]]; then
        expect_grep "$out" '^classes-merge: copied HKCU -> HKLM' "per-user class found under HKCU (merged for Wine)"
    else
        expect_grep "$out" '^classes-merge: skipped' "no per-user class: the machine's, from HKLM"
    fi
    local dll_re
    dll_re=$(sed 's/[][\.*^$]/\\&/g' <<<"$dll_dir\\OfflineHooks.dll")
    expect_grep "$out" "^activate: clsid=\\$OH_ADDIN_CLSID dll=$dll_re hr=0x00000000" "activated from $dll_dir"
    expect_grep "$out" '^counts: .*notify-calls=6 transitions=2 .*problems=0$' "six notifications delivered, no misbehaviour"
    if [[ -n ${machine_dll:-} ]]; then
        expect_eq "$(reg_value 64 "HKLM\\Software\\Classes\\CLSID\\$OH_ADDIN_CLSID\\InprocServer32" "")" "$machine_dll" \
            "the per-machine class in HKLM is as the MSI wrote it after the stand-in"
    else
        expect_no_key "HKLM\\Software\\Classes\\$OH_ADDIN_PROGID" "the stand-in removed its HKLM copies"
    fi
    if [[ $OH_ADDIN_KIND == probe ]]; then
        tr -d '\r' <"$work/probe-$1.log" >"$logs" 2>/dev/null || : >"$logs"
        expect_count "$logs" '^probe: notify size=24 ' 6 "the (probe) add-in got the notifications"
        return
    fi
    find "$log_dir" -type f -name '*.log' -exec cat {} + 2>/dev/null | tr -d '\r' >"$logs" || true
    expect_grep "$logs" 'scripts folder C:/users/[^/]+/AppData/Roaming/OfflineHooks/scripts' "the add-in uses the default scripts folder"
    expect_grep "$logs" '\[installer_check\] installer-check start state=online'
    expect_grep "$logs" '\[installer_check\] installer-check offline phase=(change|done)'
    expect_grep "$logs" '\[installer_check\] installer-check online'
    expect_grep "$logs" '\[installer_check\] installer-check stop'
    expect_grep "$logs" "\\[transition_log\\] the user's own transition_log ran" "the user's own transition_log.lua ran, not the example"
}

# --- The user's own scripts folder, made before the install.
make_user_folder() {
    mkdir -p "$user_scripts"
    cat >"$user_scripts/installer_check.lua" <<'EOF'
-- A user's script, written before OfflineHooks was installed (installer/tests/lifecycle.sh).
hooks.on("start", function(e) hooks.log.info("installer-check start state=%s", e.state) end)
hooks.on("offline", function(e) hooks.log.info("installer-check offline phase=%s", e.phase) end)
hooks.on("online", function() hooks.log.info("installer-check online") end)
hooks.on("stop", function() hooks.log.info("installer-check stop") end)
EOF
    # Same name as a starter script: the MSI must neither replace nor remove it.
    cat >"$user_scripts/transition_log.lua" <<'EOF'
-- The user's own transition_log.lua (not the example of that name).
hooks.on("start", function() hooks.log.info("the user's own transition_log ran") end)
EOF
}

# --- The cases.
case_fresh() {
    clean_slate
    msiexec_run "install $OH_MSI_VERSION (no scripts folder)" /i "$(winpath "$OH_MSI")"
    expect_installed "$OH_MSI_VERSION $OH_MSI_PRODUCT_CODE" "install $OH_MSI_VERSION"
    expect_starter_scripts
    expect_fakehost_works

    msiexec_run "uninstall $OH_MSI_VERSION" /x "$(winpath "$OH_MSI")"
    expect_nothing_installed
    expect_starter_scripts # permanent: the user's from now on

    echo "--- fleet variant: ADDLOCAL=OfflineHooks installs no starter scripts"
    rm -rf "$user_root"
    msiexec_run "install $OH_MSI_VERSION ADDLOCAL=OfflineHooks" /i "$(winpath "$OH_MSI")" ADDLOCAL=OfflineHooks
    expect_products "$OH_MSI_VERSION $OH_MSI_PRODUCT_CODE"
    expect_install_files
    expect_notices_beside_dll
    if [[ -e $user_root ]]; then fail "ADDLOCAL=OfflineHooks created $(cpath "$user_root")"; else ok "no scripts folder created"; fi
    msiexec_run "uninstall $OH_MSI_VERSION (ADDLOCAL)" /x "$(winpath "$OH_MSI")"
    expect_nothing_installed
    if [[ -e $user_root ]]; then fail "$(cpath "$user_root") appeared"; else ok "still no scripts folder"; fi
}

# repair WHAT: what a user or a script can break (the x86 DLL deleted, Outlook's entry deleted
# in every view) comes back from a repair with the omus options (files missing or older,
# machine and user keys rewritten), and nothing else moves. Spelled REINSTALL=ALL
# REINSTALLMODE=omus, which is what `msiexec /fomus` means: Wine 8's msiexec takes no product
# code after /f ("not implemented") and answers 1605 for a package path.
repair() {
    local view
    rm -f "$install_dir/x86/OfflineHooks.dll"
    for view in $(views); do wine_run reg delete "$addins_key" /f /reg:$view >/dev/null 2>&1 || true; done
    if [[ -e $install_dir/x86/OfflineHooks.dll ]] || key_in_view 64 "$addins_key"; then
        fail "could not damage the install before the repair"
    fi
    msiexec_run "repair $1" /i "$(winpath "$OH_MSI_NEXT")" REINSTALL=ALL REINSTALLMODE=omus
    expect_installed "$OH_MSI_VERSION_NEXT $OH_MSI_PRODUCT_CODE_NEXT" "repair $1"
}

# expect_event_message: Event Viewer's reading of our events: the source's EventMessageFile is
# the installed x64 DLL, and its message table turns event 1 into the text the add-in reported.
expect_event_message() {
    local out=$work/event-message.out text="OfflineHooks: scripts folder C:\\x is not readable"
    msi_query event-message OfflineHooks 1 "$text" >"$out"
    cat "$out"
    expect_fixed "$out" "message-file: $win_install_dir\\OfflineHooks.dll" "EventMessageFile names the installed DLL"
    expect_fixed "$out" "message: $text" "event 1 shows the add-in's text, from the DLL's message table"
}

# The lifecycle of one package (lifecycle: per user; allusers: per machine) for a user who
# already has a scripts folder.
case_lifecycle() {
    clean_slate
    make_user_folder
    local before
    before=$(fingerprint "$user_scripts")
    [[ $OH_MSI_SCOPE == machine ]] && machine_dll="$win_install_dir\\OfflineHooks.dll"

    msiexec_run "install $OH_MSI_VERSION (user has a scripts folder)" /i "$(winpath "$OH_MSI")"
    expect_installed "$OH_MSI_VERSION $OH_MSI_PRODUCT_CODE" "install $OH_MSI_VERSION"
    expect_eq "$(fingerprint "$user_scripts")" "$before" "the user's scripts folder untouched by the install (files and checksums)"
    [[ $OH_MSI_SCOPE == machine ]] && expect_event_message

    run_standin "after-install"

    msiexec_run "upgrade $OH_MSI_VERSION -> $OH_MSI_VERSION_NEXT" /i "$(winpath "$OH_MSI_NEXT")"
    expect_installed "$OH_MSI_VERSION_NEXT $OH_MSI_PRODUCT_CODE_NEXT" "upgrade to $OH_MSI_VERSION_NEXT"
    expect_grep <(msi_query state "$OH_MSI_PRODUCT_CODE") '^state: -1$' "the old product $OH_MSI_PRODUCT_CODE is gone"
    expect_eq "$(fingerprint "$user_scripts")" "$before" "the user's scripts folder untouched by the upgrade"
    run_standin "after-upgrade"

    repair "$OH_MSI_VERSION_NEXT"
    expect_eq "$(fingerprint "$user_scripts")" "$before" "the user's scripts folder untouched by the repair"

    msiexec_refused "downgrade $OH_MSI_VERSION_NEXT -> $OH_MSI_VERSION" /i "$(winpath "$OH_MSI")"
    expect_products "$OH_MSI_VERSION_NEXT $OH_MSI_PRODUCT_CODE_NEXT"

    msiexec_run "uninstall $OH_MSI_VERSION_NEXT" /x "$(winpath "$OH_MSI_NEXT")"
    expect_nothing_installed
    expect_eq "$(fingerprint "$user_scripts")" "$before" "the user's scripts folder untouched by the uninstall"

    # Leave the prefix as clean as found (the add-in's log and store are the user's data).
    rm -rf "$user_root" "$log_dir"
}

# Both packages on one machine (README "Both packages on one machine"): the per-machine MSI
# installed while the user has the per-user one. Windows Installer keeps them apart (own
# upgrade codes, own hives); for Outlook the user's registration wins: its Addins key is found
# first and COM's merged view takes the class from HKCU, so the DLL under %LOCALAPPDATA% loads.
# With the per-user one removed, the machine's takes over, untouched.
case_both() {
    select_package _MACHINE
    clean_slate
    local machine_dir=$win_install_dir
    select_package _USER
    clean_slate
    local user_dir=$win_install_dir
    make_user_folder

    msiexec_run "per-user install $OH_MSI_VERSION" /i "$(winpath "$OH_MSI")"
    expect_installed "$OH_MSI_VERSION $OH_MSI_PRODUCT_CODE" "per-user install"
    select_package _MACHINE
    msiexec_run "per-machine install $OH_MSI_VERSION beside it" /i "$(winpath "$OH_MSI")"
    expect_installed "$OH_MSI_VERSION $OH_MSI_PRODUCT_CODE" "per-machine install beside the per-user one"
    machine_dll="$machine_dir\\OfflineHooks.dll"
    select_package _USER
    expect_products "$OH_MSI_VERSION $OH_MSI_PRODUCT_CODE" # the per-user product untouched
    expect_registry

    echo "--- both installed: which one Outlook uses"
    run_standin "both-installed" HKCU "$user_dir"
    select_package _MACHINE
    expect_registry # HKLM as the MSI wrote it, after the stand-in's merge emulation

    select_package _USER
    msiexec_run "per-user uninstall (per-machine stays)" /x "$(winpath "$OH_MSI")"
    expect_nothing_installed
    select_package _MACHINE
    expect_products "$OH_MSI_VERSION $OH_MSI_PRODUCT_CODE" # the per-machine product untouched
    expect_install_files
    expect_registry
    run_standin "machine-only" HKLM "$machine_dir"

    msiexec_run "per-machine uninstall" /x "$(winpath "$OH_MSI")"
    machine_dll=""
    expect_nothing_installed
    rm -rf "$user_root" "$log_dir"
}

machine_dll=""
case $case_name in
fresh) case_fresh ;;
lifecycle | allusers) case_lifecycle ;;
both) case_both ;;
*) echo "usage: $0 fresh|lifecycle|allusers|both" >&2; exit 2 ;;
esac
echo "--- timings"
cat "$work/timings.txt"
finish
