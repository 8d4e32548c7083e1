#include "process_pipes.h"

#include "win_error.h"

#include <algorithm>
#include <atomic>

namespace oh::win {

PipeReader::PipeReader(UniqueHandle pipe, std::string& sink, std::size_t max_bytes)
    : pipe_(std::move(pipe)), event_(CreateEventW(nullptr, TRUE, FALSE, nullptr)), sink_(sink),
      max_bytes_(max_bytes) {}

void PipeReader::start() {
    if (!open_ || pending_) return;
    overlapped_ = OVERLAPPED{};
    overlapped_.hEvent = event_.get();
    ResetEvent(event_.get());
    if (ReadFile(pipe_.get(), buffer_, sizeof buffer_, nullptr, &overlapped_) ||
        GetLastError() == ERROR_IO_PENDING) {
        pending_ = true; // a read done at once signals the event all the same
        return;
    }
    open_ = false; // ERROR_BROKEN_PIPE: the writers are gone
}

void PipeReader::complete() {
    DWORD got = 0;
    if (!GetOverlappedResult(pipe_.get(), &overlapped_, &got, FALSE)) {
        if (GetLastError() == ERROR_IO_INCOMPLETE) return;
        pending_ = false;
        open_ = false;
        return;
    }
    pending_ = false;
    const std::size_t room = max_bytes_ - std::min(max_bytes_, sink_.size());
    sink_.append(buffer_, std::min<std::size_t>(room, got));
    start();
}

void PipeReader::cancel() {
    if (pending_) {
        CancelIo(pipe_.get());
        DWORD got = 0;
        GetOverlappedResult(pipe_.get(), &overlapped_, &got, TRUE);
        pending_ = false;
    }
    open_ = false;
}

// One instance (anonymous pipes cannot do overlapped I/O). The name is unique per process and
// per pipe; remote clients are refused.
Result<Pipe> make_pipe() {
    static std::atomic<unsigned long> counter{0};
    const std::wstring name = L"\\\\.\\pipe\\OfflineHooks-" +
                              std::to_wstring(GetCurrentProcessId()) + L"-" +
                              std::to_wstring(counter.fetch_add(1));
    Pipe pipe;
    pipe.read.reset(CreateNamedPipeW(
        name.c_str(), PIPE_ACCESS_INBOUND | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
        PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1, 0, 65536,
        0, nullptr));
    if (!valid(pipe.read)) return fail("cannot create a pipe: " + last_error_text());
    SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
    pipe.write.reset(CreateFileW(name.c_str(), GENERIC_WRITE, 0, &inherit, OPEN_EXISTING,
                                 FILE_ATTRIBUTE_NORMAL, nullptr));
    if (!valid(pipe.write)) return fail("cannot open a pipe: " + last_error_text());
    return pipe;
}

UniqueHandle open_nul_for_stdin() {
    SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
    return UniqueHandle(CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                    &inherit, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
}

} // namespace oh::win
