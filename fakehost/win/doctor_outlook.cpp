#include "doctor_win.h"

#include "doctor_parse.h"
#include "long_path.h"
#include "registry.h"
#include "utf16.h"

#include <fstream>

namespace oh::doctor {

namespace {

using win::open_key;
using win::read_string;

// "x64" / "x86" from what Office writes ("x64", "x86"; older builds "X64"); else empty.
std::string normalized(const std::wstring& s) {
    if (_wcsicmp(s.c_str(), L"x64") == 0) return "x64";
    if (_wcsicmp(s.c_str(), L"x86") == 0) return "x86";
    return {};
}

// Click-to-Run (Microsoft 365 Apps, Office 2019 and later) says it in one place.
OutlookInfo from_click_to_run() {
    const std::wstring key = L"Software\\Microsoft\\Office\\ClickToRun\\Configuration";
    if (auto k = open_key(HKEY_LOCAL_MACHINE, key, KEY_READ | KEY_WOW64_64KEY))
        if (auto p = read_string(k.get(), L"Platform"); p && !normalized(*p).empty())
            return {normalized(*p), "HKLM\\" + win::to_utf8(key) + " Platform"};
    return {};
}

// MSI-installed Office writes Bitness under its version, in its own registry view.
OutlookInfo from_bitness_value() {
    for (const wchar_t* version : {L"16.0", L"15.0", L"14.0"})
        for (REGSAM view : {KEY_WOW64_64KEY, KEY_WOW64_32KEY}) {
            const std::wstring key =
                std::wstring(L"Software\\Microsoft\\Office\\") + version + L"\\Outlook";
            if (auto k = open_key(HKEY_LOCAL_MACHINE, key, KEY_READ | view))
                if (auto b = read_string(k.get(), L"Bitness"); b && !normalized(*b).empty())
                    return {normalized(*b),
                            "HKLM\\" + win::to_utf8(key) + " Bitness (" + view_name(view) + ")"};
        }
    return {};
}

// Any Outlook: the program App Paths names, by its PE header.
OutlookInfo from_outlook_exe() {
    const std::wstring key =
        L"Software\\Microsoft\\Windows\\CurrentVersion\\App Paths\\OUTLOOK.EXE";
    for (REGSAM view : {KEY_WOW64_64KEY, KEY_WOW64_32KEY}) {
        auto k = open_key(HKEY_LOCAL_MACHINE, key, KEY_READ | view);
        auto exe = k ? read_string(k.get(), nullptr) : std::nullopt;
        if (!exe || exe->empty()) continue;
        std::wstring path = expand_env(*exe);
        if (path.size() >= 2 && path.front() == L'"' && path.back() == L'"')
            path = path.substr(1, path.size() - 2);
        if (auto m = file_machine(path); m && (*m == "x64" || *m == "x86"))
            return {*m, "the PE header of " + win::to_utf8(path) + " (App Paths)"};
    }
    return {};
}

} // namespace

std::wstring expand_env(const std::wstring& s) {
    const DWORD n = ExpandEnvironmentStringsW(s.c_str(), nullptr, 0);
    if (n == 0) return s;
    std::wstring out(n, L'\0');
    const DWORD got = ExpandEnvironmentStringsW(s.c_str(), out.data(), n);
    if (got == 0 || got > n) return s;
    out.resize(got - 1);
    return out;
}

std::optional<std::string> file_machine(const std::filesystem::path& file) {
    std::ifstream in(os_path(file), std::ios::binary);
    if (!in) return std::nullopt;
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return pe_machine(head);
}

OutlookInfo check_outlook(Report& report) {
    OutlookInfo o = from_click_to_run();
    if (o.bitness.empty()) o = from_bitness_value();
    if (o.bitness.empty()) o = from_outlook_exe();
    if (o.bitness.empty()) {
        report.add("outlook", Verdict::fail,
                   "classic Outlook not found: no Office Click-to-Run Platform, no Outlook "
                   "Bitness value, no OUTLOOK.EXE in App Paths",
                   "install classic Outlook (Microsoft 365 Apps or Office 2016 and later); the "
                   "new Outlook for Windows loads no COM add-ins");
        return o;
    }
    report.add("outlook", Verdict::ok,
               "Outlook is " + std::string(o.bitness == "x64" ? "64" : "32") + "-bit (" +
                   o.found_by + ")");
    return o;
}

} // namespace oh::doctor
