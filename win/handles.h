// RAII owners for Win32 resources: kernel handles, loaded modules, registry keys, windows and
// event sources. Every such resource in the add-in, the Outlook stand-in and the Wine probe
// lives in one of these, so that no early return or exception can leak it (Outlook runs for
// days).
#pragma once

#include <windows.h>

#include <memory>
#include <type_traits>

namespace oh::win {

// A kernel HANDLE (CloseHandle); INVALID_HANDLE_VALUE and nullptr both mean "none".
struct HandleCloser {
    void operator()(HANDLE h) const noexcept {
        if (h && h != INVALID_HANDLE_VALUE) CloseHandle(h);
    }
};
using UniqueHandle = std::unique_ptr<void, HandleCloser>;

inline bool valid(const UniqueHandle& h) {
    return h && h.get() != INVALID_HANDLE_VALUE;
}

// A module we loaded ourselves (FreeLibrary). Modules found with GetModuleHandle are not
// owned and never go in here.
struct ModuleFreer {
    void operator()(HMODULE m) const noexcept {
        if (m) FreeLibrary(m);
    }
};
using UniqueModule = std::unique_ptr<std::remove_pointer_t<HMODULE>, ModuleFreer>;

// An open registry key (RegCloseKey).
struct KeyCloser {
    void operator()(HKEY k) const noexcept {
        if (k) RegCloseKey(k);
    }
};
using UniqueKey = std::unique_ptr<std::remove_pointer_t<HKEY>, KeyCloser>;

// A window (DestroyWindow; only on the thread that created it).
struct WindowDestroyer {
    void operator()(HWND w) const noexcept {
        if (w) DestroyWindow(w);
    }
};
using UniqueWindow = std::unique_ptr<std::remove_pointer_t<HWND>, WindowDestroyer>;

// An event source of the Event Log (DeregisterEventSource).
struct EventSourceCloser {
    void operator()(HANDLE h) const noexcept {
        if (h) DeregisterEventSource(h);
    }
};
using UniqueEventSource = std::unique_ptr<void, EventSourceCloser>;

// A typed export. GCC warns (-Wcast-function-type) on a direct FARPROC cast; the address goes
// through void*, which is what GetProcAddress really returns.
template <class Fn>
Fn proc_address(HMODULE module, const char* name) {
    return reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(module, name)));
}

} // namespace oh::win
