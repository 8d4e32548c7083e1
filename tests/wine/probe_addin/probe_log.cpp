#include "probe.h"

#include "env.h"
#include "handles.h"

#include <mutex>

namespace probe {
namespace {

std::wstring log_path() {
    std::wstring p = oh::win::env_w(L"OH_PROBE_LOG");
    if (!p.empty()) return p;
    const std::wstring dir = oh::win::env_w(L"LOCALAPPDATA") + L"\\OfflineHooksProbe";
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
    if (!oh::win::valid(f)) return;
    const std::string line = "probe: " + text + "\r\n";
    DWORD written = 0;
    WriteFile(f.get(), line.data(), static_cast<DWORD>(line.size()), &written, nullptr);
}

} // namespace probe
