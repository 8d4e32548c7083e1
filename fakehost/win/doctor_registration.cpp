// The add-in as Outlook finds it: the Addins key (HKCU, and HKLM in Outlook's registry view),
// the ProgID, the COM class in Outlook's view and the DLL it names.
#include "doctor_win.h"

#include "ids.h"
#include "long_path.h"
#include "registry.h"
#include "utf16.h"

#include <algorithm>

namespace oh::doctor {

namespace {

using win::open_key;
using win::read_dword;
using win::read_string;
using win::to_utf8;

struct Place {
    HKEY root;
    REGSAM view;
    const char* name;
};

// HKCU\Software is shared by both views (only HKCU\Software\Classes\CLSID is redirected).
const Place kAddinPlaces[] = {
    {HKEY_CURRENT_USER, KEY_WOW64_64KEY, "HKCU"},
    {HKEY_LOCAL_MACHINE, KEY_WOW64_64KEY, "HKLM (64-bit view)"},
    {HKEY_LOCAL_MACHINE, KEY_WOW64_32KEY, "HKLM (32-bit view, WOW6432Node)"},
};

std::string addin_key_text(const char* place) {
    return std::string(place) + "\\Software\\Microsoft\\Office\\Outlook\\Addins\\" +
           to_utf8(win::kProgId);
}

// What Outlook does with a LoadBehavior, for the line.
std::string load_behavior_meaning(DWORD lb) {
    switch (lb) {
    case 0:
        return "do not load (unticked in COM Add-ins)";
    case 1:
        return "do not load at start-up";
    case 2:
        return "Outlook disabled the add-in (it failed or was too slow at start-up)";
    case 3:
        return "load at start-up";
    case 8:
    case 9:
        return "load on demand only";
    case 16:
        return "load once, then on demand";
    default:
        return "not a LoadBehavior Outlook knows";
    }
}

// One Addins key: the line for it, if it is there. True when it is there.
bool check_addin_key(Report& report, const Place& p, bool outlook_reads) {
    const std::wstring key =
        std::wstring(L"Software\\Microsoft\\Office\\Outlook\\Addins\\") + win::kProgId;
    auto k = open_key(p.root, key, KEY_READ | p.view);
    if (!k) return false;
    const std::string name = "Addins key " + addin_key_text(p.name);
    const std::string fix3 =
        "set LoadBehavior to 3 (reg add \"" + addin_key_text(p.name) +
        "\" /v LoadBehavior /t REG_DWORD /d 3 /f" +
        (p.view == KEY_WOW64_32KEY && p.root == HKEY_LOCAL_MACHINE ? " /reg:32" : "") +
        "), or tick OfflineHooks in Outlook's File > Options > Add-ins > "
        "COM Add-ins";
    const auto lb = read_dword(k.get(), L"LoadBehavior");
    if (!outlook_reads) {
        report.add("addin.key", Verdict::warn,
                   name + ": in a registry view this Outlook does not read",
                   "harmless for this Outlook; it serves Outlook of the other bitness");
    } else if (!lb) {
        report.add("addin.key", Verdict::fail, name + ": no LoadBehavior (REG_DWORD)", fix3);
    } else if (*lb == 3) {
        report.add("addin.key", Verdict::ok,
                   name + ": LoadBehavior 3, " + load_behavior_meaning(3));
    } else {
        report.add("addin.key", *lb == 2 ? Verdict::fail : Verdict::warn,
                   name + ": LoadBehavior " + std::to_string(*lb) + ", " +
                       load_behavior_meaning(*lb),
                   *lb == 2 ? fix3 + "; then see the Resiliency line for why" : fix3);
    }
    return true;
}

void check_addin_keys(Report& report, const OutlookInfo& outlook) {
    const REGSAM view = outlook_view(outlook);
    bool read_by_outlook = false;
    for (const Place& p : kAddinPlaces) {
        const bool reads = p.root == HKEY_CURRENT_USER || p.view == view;
        if (check_addin_key(report, p, reads) && reads) read_by_outlook = true;
    }
    if (!read_by_outlook)
        report.add("addin.key", Verdict::fail,
                   "no Addins key for " + to_utf8(win::kProgId) + " where this Outlook looks (" +
                       addin_key_text("HKCU") + ", or HKLM in the " + view_name(view) + ")",
                   "install OfflineHooks.msi (per user) or OfflineHooks-AllUsers.msi (per "
                   "machine), or run regsvr32 OfflineHooks.dll");
}

// The CLSID the ProgID names, HKCU first as COM looks (not for an elevated Outlook: then only
// HKLM counts).
void check_progid(Report& report) {
    const std::wstring key = std::wstring(L"Software\\Classes\\") + win::kProgId + L"\\CLSID";
    for (HKEY root : {HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE}) {
        auto k = open_key(root, key, KEY_READ);
        auto clsid = k ? read_string(k.get(), nullptr) : std::nullopt;
        if (!clsid) continue;
        const std::string where = win::root_name(root) + "\\" + to_utf8(key);
        if (_wcsicmp(clsid->c_str(), win::kClsidConnectText) == 0)
            report.add("com.progid", Verdict::ok,
                       "ProgID " + to_utf8(win::kProgId) + " -> " + to_utf8(*clsid) + " (" + where +
                           ")");
        else
            report.add("com.progid", Verdict::fail,
                       where + " names " + to_utf8(*clsid) + ", not OfflineHooks' class " +
                           to_utf8(win::kClsidConnectText),
                       "repair the installation (another program took the ProgID)");
        return;
    }
    report.add("com.progid", Verdict::fail,
               "ProgID " + to_utf8(win::kProgId) +
                   " is not registered (HKCU or HKLM\\Software\\Classes): Outlook cannot create "
                   "the add-in",
               "repair or reinstall OfflineHooks (or regsvr32 OfflineHooks.dll)");
}

struct ClassEntry {
    std::string where; // "HKCU\Software\Classes\CLSID\{...}\InprocServer32 (64-bit view)"
    std::wstring dll;
};

std::optional<ClassEntry> find_class(REGSAM view) {
    const std::wstring key =
        std::wstring(L"Software\\Classes\\CLSID\\") + win::kClsidConnectText + L"\\InprocServer32";
    for (HKEY root : {HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE}) {
        auto k = open_key(root, key, KEY_READ | view);
        auto dll = k ? read_string(k.get(), nullptr) : std::nullopt;
        if (dll)
            return ClassEntry{win::root_name(root) + "\\" + to_utf8(key) + " (" + view_name(view) +
                                  ")",
                              expand_env(*dll)};
    }
    return std::nullopt;
}

// The class in one view: the lines, and the DLL it names. In Outlook's view each problem
// fails; in the other view, only a missing DLL is worth a warning.
void check_class(Report& report, REGSAM view, const OutlookInfo& outlook, bool outlooks_view,
                 std::vector<std::wstring>& dlls) {
    const auto entry = find_class(view);
    if (!entry) {
        if (outlooks_view)
            report.add("com.class", Verdict::fail,
                       "COM class " + to_utf8(win::kClsidConnectText) +
                           " is not registered in "
                           "the " +
                           view_name(view) + ", which " +
                           (outlook.bitness.empty() ? "64-bit" : outlook.bitness) +
                           " Outlook reads",
                       "repair or reinstall OfflineHooks (both packages register the DLL of "
                       "each bitness), or regsvr32 the DLL of Outlook's bitness");
        return;
    }
    // Where the views share the key (Wine; HKCU\Software\Classes\CLSID on old Windows), the
    // other view shows the same registration again: not a second one to judge.
    if (!outlooks_view && std::find(dlls.begin(), dlls.end(), entry->dll) != dlls.end()) return;
    dlls.push_back(entry->dll);
    const std::filesystem::path dll(entry->dll);
    const std::string dll_text = to_utf8(entry->dll);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(os_path(dll), ec)) {
        report.add("com.dll", outlooks_view ? Verdict::fail : Verdict::warn,
                   entry->where + " names " + dll_text + ", which does not exist",
                   "repair or reinstall OfflineHooks, which puts the DLL back");
        return;
    }
    const auto machine = file_machine(dll);
    const std::string want = view == KEY_WOW64_32KEY ? "x86" : "x64";
    if (!machine || *machine != want) {
        report.add("com.dll", outlooks_view ? Verdict::fail : Verdict::warn,
                   dll_text + " is " + (machine ? "an " + *machine + " DLL" : "not a DLL") +
                       "; the " + view_name(view) + " needs the " + want + " DLL",
                   "reinstall OfflineHooks: it registers the " + want + " DLL in that view");
        return;
    }
    Check& c = report.add("com.class", Verdict::ok,
                          "COM class in the " + std::string(view_name(view)) + ": " + dll_text +
                              " (" + *machine +
                              (outlooks_view ? ", as Outlook" : ", for Outlook of that bitness") +
                              "; " + entry->where + ")");
    // COM leaves HKCU's classes out for an elevated process.
    if (outlooks_view && entry->where.rfind("HKCU", 0) == 0)
        c.details.push_back("a per-user class: an Outlook run as administrator does not see it "
                            "(OfflineHooks-AllUsers.msi registers it for the machine)");
}

} // namespace

std::vector<std::wstring> check_registration(Report& report, const OutlookInfo& outlook) {
    check_addin_keys(report, outlook);
    check_progid(report);
    std::vector<std::wstring> dlls;
    const REGSAM view = outlook_view(outlook);
    check_class(report, view, outlook, true, dlls);
    check_class(report, view == KEY_WOW64_64KEY ? KEY_WOW64_32KEY : KEY_WOW64_64KEY, outlook, false,
                dlls);
    return dlls;
}

} // namespace oh::doctor
