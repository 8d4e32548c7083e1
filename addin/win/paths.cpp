#include "paths.h"

#include "env.h"
#include "ids.h"
#include "long_path.h"

#include <objbase.h>
#include <shlobj.h>

#include <optional>

namespace oh::win {

namespace {

std::optional<std::filesystem::path> known_folder(REFKNOWNFOLDERID id) {
    PWSTR raw = nullptr;
    const HRESULT hr = SHGetKnownFolderPath(id, KF_FLAG_DEFAULT, nullptr, &raw);
    std::optional<std::filesystem::path> result;
    if (SUCCEEDED(hr) && raw) result = std::filesystem::path(raw);
    CoTaskMemFree(raw); // owed even on failure
    return result;
}

// "%USERPROFILE%\Scripts" -> "C:\Users\me\Scripts".
std::wstring expand(const std::wstring& s) {
    const DWORD n = ExpandEnvironmentStringsW(s.c_str(), nullptr, 0);
    if (n == 0) return s;
    std::wstring out(n, L'\0');
    const DWORD got = ExpandEnvironmentStringsW(s.c_str(), out.data(), n);
    if (got == 0 || got > n) return s;
    out.resize(got - 1); // without the terminating NUL
    return out;
}

std::wstring registry_string(HKEY root, const wchar_t* key, const wchar_t* name) {
    DWORD bytes = 0;
    // RRF_NOEXPAND: REG_EXPAND_SZ comes back as written; expand() handles both kinds alike.
    const DWORD flags = RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND;
    if (RegGetValueW(root, key, name, flags, nullptr, nullptr, &bytes) != ERROR_SUCCESS ||
        bytes < sizeof(wchar_t))
        return {};
    std::wstring value(bytes / sizeof(wchar_t), L'\0');
    if (RegGetValueW(root, key, name, flags, nullptr, value.data(), &bytes) != ERROR_SUCCESS)
        return {};
    value.resize(bytes / sizeof(wchar_t));
    while (!value.empty() && value.back() == L'\0') value.pop_back();
    return value;
}

std::filesystem::path under_product(std::optional<std::filesystem::path> base,
                                    const wchar_t* env_fallback) {
    std::filesystem::path root = base ? *base : std::filesystem::path(env_w(env_fallback));
    if (root.empty()) {
        wchar_t temp[MAX_PATH + 1];
        const DWORD n = GetTempPathW(MAX_PATH + 1, temp);
        root = std::filesystem::path(std::wstring(temp, n));
    }
    return root / kProductName;
}

// A scripts folder as a user wrote it, as the engine needs it: surrounding quotes (pasted from
// Explorer's "Copy as path") and a "\\?\" prefix taken off (os_path puts that back where a
// long path needs it; the engine's own path handling cannot work with it), then absolute with
// "." and ".." resolved and no trailing separator.
std::filesystem::path folder_setting(std::wstring s) {
    if (s.size() >= 2 && s.front() == L'"' && s.back() == L'"') s = s.substr(1, s.size() - 2);
    std::filesystem::path p(windows_plain_form(expand(s)));
    std::error_code ec;
    if (!p.is_absolute()) {
        std::filesystem::path full = std::filesystem::absolute(p, ec);
        if (!ec) p = std::move(full);
    }
    p = p.lexically_normal();
    if (p.has_relative_path() && !p.has_filename()) p = p.parent_path();
    return p;
}

} // namespace

std::filesystem::path local_data_dir() {
    return under_product(known_folder(FOLDERID_LocalAppData), L"LOCALAPPDATA");
}

ScriptsDir find_scripts_dir() {
    if (std::wstring env = env_w(L"OFFLINEHOOKS_SCRIPTS"); !env.empty())
        return {folder_setting(env), "the OFFLINEHOOKS_SCRIPTS environment variable"};
    if (std::wstring reg =
            registry_string(HKEY_CURRENT_USER, L"Software\\OfflineHooks", L"ScriptsDir");
        !reg.empty())
        return {folder_setting(reg), "HKCU\\Software\\OfflineHooks ScriptsDir"};
    return {under_product(known_folder(FOLDERID_RoamingAppData), L"APPDATA") / "scripts",
            "the default, %APPDATA%\\OfflineHooks\\scripts"};
}

} // namespace oh::win
