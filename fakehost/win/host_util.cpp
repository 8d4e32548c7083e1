#include "host_util.h"

#include "registry.h"
#include "utf16.h"

#include <tlhelp32.h>

#include <cstdio>

namespace oh::win {

double now_ms() {
    static const LONGLONG freq = [] {
        LARGE_INTEGER f;
        QueryPerformanceFrequency(&f);
        return f.QuadPart;
    }();
    LARGE_INTEGER c;
    QueryPerformanceCounter(&c);
    return static_cast<double>(c.QuadPart) * 1000.0 / static_cast<double>(freq);
}

bool running_on_wine() {
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

namespace {

// Where a per-machine install's own HKLM class keys wait while the HKCU copy stands in for them.
const std::wstring kSetAsideRoot = L"Software\\OfflineHooks.Standin";
const std::wstring kSetAside = kSetAsideRoot + L"\\SetAside\\";

LSTATUS move_tree(HKEY root, const std::wstring& from, const std::wstring& to) {
    const LSTATUS st = copy_tree(root, from, root, to);
    return st == ERROR_SUCCESS ? delete_tree(root, from) : st;
}

} // namespace

// Puts back what a per-machine install had under HKLM (Windows' merge hides it, never removes it).
ClassesMerge::~ClassesMerge() {
    for (const auto& p : copied_) delete_tree(HKEY_LOCAL_MACHINE, p);
    for (const auto& p : set_aside_) move_tree(HKEY_LOCAL_MACHINE, kSetAside + p, p);
    if (!set_aside_.empty()) delete_tree(HKEY_LOCAL_MACHINE, kSetAsideRoot);
}

LSTATUS ClassesMerge::copy(const std::wstring& path) {
    if (key_exists(HKEY_LOCAL_MACHINE, path)) {
        const LSTATUS st = move_tree(HKEY_LOCAL_MACHINE, path, kSetAside + path);
        if (st != ERROR_SUCCESS) return st;
        set_aside_.push_back(path);
    }
    const LSTATUS st = copy_tree(HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, path);
    if (st == ERROR_SUCCESS) copied_.push_back(path);
    return st;
}

bool pump(DWORD ms, const std::function<bool()>& done) {
    const double deadline = now_ms() + ms;
    for (;;) {
        MSG msg;
        while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        if (done && done()) return true;
        const double left = deadline - now_ms();
        if (left <= 0) return !done;
        // Wake for input at once; otherwise every 10 ms, since done() may depend on other
        // threads (an Advise from the add-in's worker, a file written by a child process).
        MsgWaitForMultipleObjectsEx(0, nullptr, static_cast<DWORD>(left < 10 ? left + 1 : 10),
                                    QS_ALLINPUT, MWMO_INPUTAVAILABLE);
    }
}

long thread_count() {
    UniqueHandle snap(CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0));
    if (!valid(snap)) return -1;
    THREADENTRY32 te{};
    te.dwSize = sizeof te;
    long n = 0;
    const DWORD pid = GetCurrentProcessId();
    for (BOOL ok = Thread32First(snap.get(), &te); ok; ok = Thread32Next(snap.get(), &te))
        if (te.th32OwnerProcessID == pid) ++n;
    return n;
}

std::wstring own_folder() {
    wchar_t path[MAX_PATH];
    const DWORD n = GetModuleFileNameW(nullptr, path, MAX_PATH);
    std::wstring p(path, n);
    return p.substr(0, p.find_last_of(L"\\/") + 1);
}

std::string ms_text(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", ms);
    return buf;
}

std::string quoted(const std::wstring& s) {
    // Built by appending: GCC 12's -Wrestrict misfires on "\"" + std::string at -O3.
    std::string q(1, '"');
    q += to_utf8(s);
    q += '"';
    return q;
}

std::string guid_text(const GUID& g) {
    wchar_t buf[64];
    StringFromGUID2(g, buf, 64);
    return to_utf8(buf);
}

} // namespace oh::win
