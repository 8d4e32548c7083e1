// A program that starts a process tree, for the process runner's tests under Wine
// (tests/addin/process_runner_test.cpp). Every process it starts inherits its stdout and
// stderr, as cmd.exe's children do, and ignores Ctrl-C and console close.
//   tree_child exit PIDFILE        starts one sleeper, writes its PID, exits 0 once the
//                                  file PIDFILE.go exists (the test has seen the PID)
//   tree_child wait N PIDFILE      starts N sleepers, writes their PIDs, runs until killed
//   tree_child mute PIDFILE        closes its stdout and stderr, writes its PID, runs on
//   tree_child sleep               runs until killed
//   tree_child record DIR ARG      writes ARG, in UTF-8, to DIR\<its PID>.txt: an opener for
//                                  the ribbon's test that two at once cannot overwrite
//                                  (cmd's `echo>>` can: both append at the same offset)
#include <windows.h>

#include <cstdio>
#include <cstdlib>
#include <cwchar>
#include <string>

namespace {

DWORD start_sleeper() {
    wchar_t self[MAX_PATH];
    GetModuleFileNameW(nullptr, self, MAX_PATH);
    std::wstring line = L"\"" + std::wstring(self) + L"\" sleep";
    STARTUPINFOW si{};
    si.cb = sizeof si;
    PROCESS_INFORMATION pi{};
    if (!CreateProcessW(nullptr, line.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &si,
                        &pi))
        return 0;
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return pi.dwProcessId;
}

// The PIDs, one a line; written to a temporary name first so that a reader never sees half.
void write_pids(const wchar_t* file, const std::string& pids) {
    const std::wstring temp = std::wstring(file) + L".tmp";
    FILE* f = _wfopen(temp.c_str(), L"wb");
    if (!f) return;
    std::fputs(pids.c_str(), f);
    std::fclose(f);
    MoveFileExW(temp.c_str(), file, MOVEFILE_REPLACE_EXISTING);
}

std::string to_utf8(const std::wstring& w) {
    const int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0,
                                      nullptr, nullptr);
    std::string out(static_cast<std::size_t>(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), out.data(), n, nullptr,
                        nullptr);
    return out;
}

[[noreturn]] void run_forever() {
    for (;;) Sleep(100);
}

} // namespace

int wmain(int argc, wchar_t** argv) {
    SetConsoleCtrlHandler(nullptr, TRUE); // Ctrl-C and close are ignored: only a kill ends us
    const std::wstring mode = argc > 1 ? argv[1] : L"";
    if (mode == L"sleep") run_forever();
    if (mode == L"exit" && argc == 3) {
        const DWORD pid = start_sleeper();
        write_pids(argv[2], std::to_string(pid) + "\n");
        std::printf("started %lu\n", static_cast<unsigned long>(pid));
        std::fflush(stdout);
        const std::wstring go = std::wstring(argv[2]) + L".go";
        for (int i = 0; i < 200 && GetFileAttributesW(go.c_str()) == INVALID_FILE_ATTRIBUTES; ++i)
            Sleep(100);
        return pid ? 0 : 2;
    }
    if (mode == L"wait" && argc == 4) {
        const int n = std::wcstol(argv[2], nullptr, 10);
        std::string pids;
        for (int i = 0; i < n; ++i) pids += std::to_string(start_sleeper()) + "\n";
        write_pids(argv[3], pids);
        std::printf("started %d\n", n);
        std::fflush(stdout);
        run_forever();
    }
    if (mode == L"mute" && argc == 3) {
        CloseHandle(GetStdHandle(STD_OUTPUT_HANDLE));
        CloseHandle(GetStdHandle(STD_ERROR_HANDLE));
        write_pids(argv[2], std::to_string(GetCurrentProcessId()) + "\n");
        run_forever();
    }
    if (mode == L"record" && argc == 4) {
        const std::wstring file =
            std::wstring(argv[2]) + L"\\" + std::to_wstring(GetCurrentProcessId()) + L".txt";
        write_pids(file.c_str(), to_utf8(argv[3]) + "\n");
        return 0;
    }
    std::fprintf(stderr, "usage: tree_child exit|wait N|mute PIDFILE, record DIR ARG, or sleep\n");
    return 2;
}
