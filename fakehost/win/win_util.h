// Small Win32 helpers shared by the Outlook stand-in, its MAPI DLL and the Wine test probe:
// RAII owners for handles and modules, UTF-8 <-> UTF-16, HRESULT text, typed GetProcAddress.
#pragma once

#include <windows.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace oh::win {

// Owns a kernel HANDLE (CloseHandle); INVALID_HANDLE_VALUE and nullptr both mean "none".
struct HandleCloser {
    void operator()(HANDLE h) const {
        if (h && h != INVALID_HANDLE_VALUE) CloseHandle(h);
    }
};
using UniqueHandle = std::unique_ptr<void, HandleCloser>;

// Owns a loaded module (FreeLibrary).
struct ModuleFreer {
    void operator()(HMODULE m) const {
        if (m) FreeLibrary(m);
    }
};
using UniqueModule = std::unique_ptr<std::remove_pointer_t<HMODULE>, ModuleFreer>;

// Owns an open registry key (RegCloseKey).
struct KeyCloser {
    void operator()(HKEY k) const {
        if (k) RegCloseKey(k);
    }
};
using UniqueKey = std::unique_ptr<std::remove_pointer_t<HKEY>, KeyCloser>;

// A typed export. GCC 12 warns (-Wcast-function-type) on a direct FARPROC cast, so the
// address goes through void*, which is what GetProcAddress really returns.
template <class Fn>
Fn proc_address(HMODULE module, const char* name) {
    return reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(module, name)));
}

inline std::string to_utf8(std::wstring_view w) {
    if (w.empty()) return {};
    const int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0,
                                      nullptr, nullptr);
    std::string s(static_cast<std::size_t>(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), s.data(), n, nullptr,
                        nullptr);
    return s;
}

inline std::wstring from_utf8(std::string_view s) {
    if (s.empty()) return {};
    const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
    std::wstring w(static_cast<std::size_t>(n), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
    return w;
}

// "0x8004010F": HRESULTs are compared and grepped as 8 hex digits.
inline std::string hr_text(HRESULT hr) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08lX", static_cast<unsigned long>(hr));
    return buf;
}

inline std::wstring getenv_w(const wchar_t* name) {
    const DWORD n = GetEnvironmentVariableW(name, nullptr, 0);
    if (n == 0) return {};
    std::wstring v(n, L'\0');
    const DWORD got = GetEnvironmentVariableW(name, v.data(), n);
    v.resize(got);
    return v;
}

inline std::string getenv_utf8(const wchar_t* name) {
    return to_utf8(getenv_w(name));
}

// The milliseconds since an arbitrary start, with sub-millisecond resolution.
inline double now_ms() {
    static const LONGLONG freq = [] {
        LARGE_INTEGER f;
        QueryPerformanceFrequency(&f);
        return f.QuadPart;
    }();
    LARGE_INTEGER c;
    QueryPerformanceCounter(&c);
    return static_cast<double>(c.QuadPart) * 1000.0 / static_cast<double>(freq);
}

// True under Wine (ntdll exports wine_get_version there, never on Windows).
inline bool running_on_wine() {
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

} // namespace oh::win
