// Outlook's Resiliency: what it remembers about add-ins that crashed or were slow, per Office
// version, under HKCU\Software\Microsoft\Office\<version>\Outlook\Resiliency:
//   DisabledItems      REG_BINARY values (layout: doctor_parse.h): add-ins Outlook hard-disabled
//   CrashingAddinList  values named after an add-in being loaded when Outlook stopped
// and the Resiliency policies that keep an add-in enabled (README, "Keep Outlook from
// disabling the add-in").
#include "doctor_win.h"

#include "doctor_parse.h"
#include "ids.h"
#include "registry.h"
#include "text_file.h"
#include "utf16.h"

namespace oh::doctor {

namespace {

using win::open_key;
using win::to_utf8;

const wchar_t* const kVersions[] = {L"16.0", L"15.0", L"14.0"};

struct RegValue {
    std::wstring name;
    DWORD type = REG_NONE;
    std::string data;
};

std::vector<RegValue> values_of(HKEY key) {
    std::vector<RegValue> out;
    DWORD count = 0, max_name = 0, max_data = 0;
    if (RegQueryInfoKeyW(key, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, &count,
                         &max_name, &max_data, nullptr, nullptr) != ERROR_SUCCESS)
        return out;
    for (DWORD i = 0; i < count; ++i) {
        std::wstring name(max_name + 1, L'\0');
        std::string data(max_data, '\0');
        DWORD name_len = max_name + 1, data_len = max_data, type = 0;
        if (RegEnumValueW(key, i, name.data(), &name_len, nullptr, &type,
                          reinterpret_cast<BYTE*>(data.data()), &data_len) != ERROR_SUCCESS)
            continue;
        name.resize(name_len);
        data.resize(data_len);
        out.push_back({std::move(name), type, std::move(data)});
    }
    return out;
}

// Lower case by Windows' Unicode tables, not the C locale's (ASCII only): Office writes the
// path in lower case, "c:\users\jürgen\..." for "C:\Users\JÜRGEN\...".
std::wstring lower(std::wstring s) {
    if (!s.empty()) CharLowerBuffW(s.data(), static_cast<DWORD>(s.size()));
    return s;
}

bool is_ours(const DisabledItem& item, const std::vector<std::wstring>& dlls) {
    const std::wstring path = lower(std::wstring(item.path.begin(), item.path.end()));
    for (const auto& d : dlls)
        if (lower(d) == path) return true;
    // A DLL no longer registered (moved by a reinstall) keeps the name; so does Outlook's list.
    return std::wstring(item.name.begin(), item.name.end()) == win::kFriendlyName;
}

std::string resiliency_key(const wchar_t* version, const wchar_t* sub) {
    return "HKCU\\Software\\Microsoft\\Office\\" + to_utf8(version) + "\\Outlook\\Resiliency\\" +
           to_utf8(sub);
}

std::wstring resiliency_path(const wchar_t* version, const wchar_t* sub) {
    return std::wstring(L"Software\\Microsoft\\Office\\") + version + L"\\Outlook\\Resiliency\\" +
           sub;
}

int check_disabled_items(Report& report, const wchar_t* version,
                         const std::vector<std::wstring>& dlls) {
    auto k = open_key(HKEY_CURRENT_USER, resiliency_path(version, L"DisabledItems"));
    if (!k) return 0;
    int found = 0;
    for (const RegValue& v : values_of(k.get())) {
        const auto item = v.type == REG_BINARY ? decode_disabled_item(v.data) : std::nullopt;
        if (!item || !is_ours(*item, dlls)) continue;
        ++found;
        const std::string key = resiliency_key(version, L"DisabledItems");
        report.add("resiliency.disabled", Verdict::fail,
                   "Outlook " + to_utf8(version) + " has disabled the add-in: " + key + " " +
                       to_utf8(v.name) + " names " + utf16_to_utf8(item->path),
                   "in Outlook: File > Options > Add-ins > Manage: Disabled Items > Go, enable "
                   "OfflineHooks (or with Outlook closed: reg delete \"" +
                       key + "\" /v " + to_utf8(v.name) +
                       " /f); to keep it from happening, see the Resiliency policies in the "
                       "README");
    }
    return found;
}

bool names_us(const std::wstring& value_name, const std::vector<std::wstring>& dlls) {
    const std::wstring n = lower(value_name);
    if (n.find(lower(win::kProgId)) != std::wstring::npos) return true;
    for (const auto& d : dlls)
        if (n.find(lower(d)) != std::wstring::npos) return true;
    return false;
}

int check_crashing(Report& report, const wchar_t* version, const std::vector<std::wstring>& dlls) {
    auto k = open_key(HKEY_CURRENT_USER, resiliency_path(version, L"CrashingAddinList"));
    if (!k) return 0;
    int found = 0;
    for (const RegValue& v : values_of(k.get())) {
        if (!names_us(v.name, dlls)) continue;
        ++found;
        report.add("resiliency.crashing", Verdict::warn,
                   "Outlook " + to_utf8(version) + " was loading the add-in when it stopped: " +
                       resiliency_key(version, L"CrashingAddinList") + " " + to_utf8(v.name),
                   "if Outlook is not running, it crashed then: send the log (the log line "
                   "below) to support; Outlook may offer to disable the add-in at its next start");
    }
    return found;
}

// Value 1 named by our ProgID (REG_DWORD, or REG_SZ as some policy tools write it).
bool set_to_one(HKEY root, const std::wstring& key) {
    auto k = open_key(root, key);
    if (!k) return false;
    if (auto d = win::read_dword(k.get(), win::kProgId)) return *d == 1;
    auto s = win::read_string(k.get(), win::kProgId);
    return s && *s == L"1";
}

// What keeps Outlook from disabling the add-in for being slow (README, "Keeping Outlook from
// disabling the add-in"): the AddinList policy, or the user's "Always enable this add-in".
std::string kept_enabled(const wchar_t* version) {
    const std::wstring policy = std::wstring(L"Software\\Policies\\Microsoft\\Office\\") + version +
                                L"\\Outlook\\Resiliency\\AddinList";
    for (HKEY root : {HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE})
        if (set_to_one(root, policy))
            return "; the policy " + win::root_name(root) + "\\" + to_utf8(policy) +
                   " keeps it enabled";
    if (set_to_one(HKEY_CURRENT_USER, resiliency_path(version, L"DoNotDisableAddinList")))
        return "; " + resiliency_key(version, L"DoNotDisableAddinList") +
               " keeps it enabled (the user's choice)";
    return {};
}

} // namespace

void check_resiliency(Report& report, const std::vector<std::wstring>& dlls) {
    int found = 0;
    std::string policy;
    for (const wchar_t* version : kVersions) {
        found += check_disabled_items(report, version, dlls);
        found += check_crashing(report, version, dlls);
        if (policy.empty()) policy = kept_enabled(version);
    }
    if (found == 0)
        report.add("resiliency", Verdict::ok,
                   "Resiliency: Outlook has not disabled the add-in (no DisabledItems or "
                   "CrashingAddinList entry for it)" +
                       policy);
}

} // namespace oh::doctor
