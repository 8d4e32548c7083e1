#include "probe.h"
#include "win_util.h"

#include <mutex>

namespace probe {

std::string env(const char* name) {
    char buf[1024];
    const DWORD n = GetEnvironmentVariableA(name, buf, sizeof buf);
    return n > 0 && n < sizeof buf ? std::string(buf, n) : std::string();
}

namespace {

std::wstring log_path() {
    std::wstring p = oh::win::getenv_w(L"OH_PROBE_LOG");
    if (!p.empty()) return p;
    const std::wstring dir = oh::win::getenv_w(L"LOCALAPPDATA") + L"\\OfflineHooksProbe";
    CreateDirectoryW(dir.c_str(), nullptr);
    return dir + L"\\probe.log";
}

} // namespace

void log(const std::string& text) {
    static std::mutex mu;
    std::lock_guard lock(mu);
    // Opened per line: the log is complete on disk whenever the host or a test looks.
    oh::win::UniqueHandle f(CreateFileW(log_path().c_str(), FILE_APPEND_DATA,
                                        FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_ALWAYS,
                                        FILE_ATTRIBUTE_NORMAL, nullptr));
    if (f.get() == INVALID_HANDLE_VALUE) return;
    const std::string line = "probe: " + text + "\r\n";
    DWORD written = 0;
    WriteFile(f.get(), line.data(), static_cast<DWORD>(line.size()), &written, nullptr);
}

} // namespace probe
