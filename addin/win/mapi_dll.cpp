#include "mapi_dll.h"

#include "module.h"
#include "utf16.h"
#include "win_error.h"

#include <vector>

namespace oh::win {

namespace {

#ifdef _WIN64
constexpr const char* kExportNames[] = {"HrOpenOfflineObj", "HrOpenOfflineObj@20"};
#else
constexpr const char* kExportNames[] = {"HrOpenOfflineObj@20", "HrOpenOfflineObj"};
#endif

using FGETCOMPONENTPATH = BOOL(STDAPICALLTYPE*)(LPCSTR szComponent, LPSTR szQualifier,
                                                LPSTR szDllPath, DWORD cchBufferSize,
                                                BOOL fInstall);

std::wstring system_dir() {
    wchar_t buf[MAX_PATH];
    const UINT n = GetSystemDirectoryW(buf, MAX_PATH);
    return n > 0 && n < MAX_PATH ? std::wstring(buf, n) : std::wstring();
}

// Outlook's own MAPI DLL, when it is in the process already; pinned by a reference of ours.
std::optional<MapiDll> loaded_mapi() {
    for (const wchar_t* name : {L"olmapi32.dll", L"msmapi32.dll"}) {
        HMODULE m = nullptr;
        if (!GetModuleHandleExW(0, name, &m) || !m) continue;
        MapiDll dll;
        dll.module.reset(m);
        dll.path = module_path(m);
        dll.found_by = "already loaded in Outlook (" + to_utf8(name) + ")";
        return dll;
    }
    return std::nullopt;
}

// The raw data of an LCID value, as FGetComponentPath takes it (a REG_MULTI_SZ naming the key
// and values that hold the language), NUL-terminated twice.
std::optional<std::vector<char>> lcid_qualifier(const char* value) {
    const char* key = "Software\\Clients\\Mail\\Microsoft Outlook";
    DWORD bytes = 0;
    const DWORD flags = RRF_RT_REG_MULTI_SZ | RRF_RT_REG_SZ;
    if (RegGetValueA(HKEY_LOCAL_MACHINE, key, value, flags, nullptr, nullptr, &bytes) !=
            ERROR_SUCCESS ||
        bytes == 0)
        return std::nullopt;
    std::vector<char> data(bytes + 2, '\0');
    if (RegGetValueA(HKEY_LOCAL_MACHINE, key, value, flags, nullptr, data.data(), &bytes) !=
        ERROR_SUCCESS)
        return std::nullopt;
    return data;
}

// Through the MAPI stub: the path of Outlook's MAPI DLL, loaded.
Result<MapiDll> mapi_from_stub() {
    const std::wstring dir = system_dir();
    UniqueModule stub;
    std::wstring stub_name;
    for (const wchar_t* name : {L"mapistub.dll", L"mapi32.dll"}) {
        stub.reset(LoadLibraryExW((dir + L"\\" + name).c_str(), nullptr, 0));
        stub_name = name;
        if (stub) break;
    }
    if (!stub) return fail("no MAPI stub (mapistub.dll, mapi32.dll) in " + to_utf8(dir));
    const auto get_path = proc_address<FGETCOMPONENTPATH>(stub.get(), "FGetComponentPath");
    if (!get_path) return fail(to_utf8(stub_name) + " has no FGetComponentPath");
    char path[MAX_PATH] = {};
    std::optional<std::vector<char>> qualifiers[] = {
        lcid_qualifier("MSIApplicationLCID"), lcid_qualifier("MSIOfficeLCID"), std::vector<char>()};
    for (auto& q : qualifiers) {
        if (!q) continue;
        char* qualifier = q->empty() ? nullptr : q->data();
        // fInstall FALSE: an install on demand could put up Windows Installer UI on Outlook's
        // thread.
        if (!get_path(OH_MAPI_COMPONENT_ID, qualifier, path, MAX_PATH, FALSE) || !path[0]) continue;
        const int n = MultiByteToWideChar(CP_ACP, 0, path, -1, nullptr, 0);
        std::wstring wide(n > 0 ? static_cast<std::size_t>(n) : 0, L'\0');
        if (n > 0) MultiByteToWideChar(CP_ACP, 0, path, -1, wide.data(), n);
        while (!wide.empty() && wide.back() == L'\0') wide.pop_back();
        MapiDll dll;
        // Its own folder first for its dependencies, as Outlook loads it.
        dll.module.reset(LoadLibraryExW(wide.c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH));
        if (!dll.module) return fail("cannot load " + to_utf8(wide) + ": " + last_error_text());
        dll.path = wide;
        dll.found_by = "FGetComponentPath of " + to_utf8(stub_name);
        return dll;
    }
    return fail("FGetComponentPath of " + to_utf8(stub_name) + " knows no Outlook MAPI DLL");
}

} // namespace

Result<MapiDll> find_mapi_dll() {
    std::optional<MapiDll> dll = loaded_mapi();
    if (!dll) {
        Result<MapiDll> from_stub = mapi_from_stub();
        if (!from_stub.ok())
            return fail("Outlook's MAPI DLL was not found: neither olmapi32.dll nor msmapi32.dll "
                        "is loaded, and " +
                        from_stub.error());
        dll = std::move(from_stub).value();
    }
    for (const char* name : kExportNames) {
        dll->open = proc_address<HROPENOFFLINEOBJ>(dll->module.get(), name);
        if (dll->open) {
            dll->export_name = name;
            return std::move(*dll);
        }
    }
    return fail(to_utf8(dll->path) + " exports no HrOpenOfflineObj (looked for \"" +
                kExportNames[0] + "\" and \"" + kExportNames[1] + "\")");
}

} // namespace oh::win
