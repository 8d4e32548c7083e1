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

} // namespace

std::filesystem::path local_data_dir() {
    return under_product(known_folder(FOLDERID_LocalAppData), L"LOCALAPPDATA");
}

// A scripts folder as a user wrote it, as the engine needs it: surrounding quotes (pasted from
// Explorer's "Copy as path") and a "\\?\" prefix taken off (os_path puts that back where a
// long path needs it; the engine's own path handling cannot work with it), then absolute with
// "." and ".." resolved and no trailing separator.
std::filesystem::path scripts_folder_from_text(std::wstring s) {
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

std::filesystem::path default_scripts_dir() {
    return under_product(known_folder(FOLDERID_RoamingAppData), L"APPDATA") / "scripts";
}

std::filesystem::path default_machine_scripts_dir() {
    const auto base = known_folder(FOLDERID_ProgramData);
    return base ? *base / kProductName / "scripts" : std::filesystem::path();
}

} // namespace oh::win
