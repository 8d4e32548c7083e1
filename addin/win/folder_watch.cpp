#include "folder_watch.h"

#include "win_error.h"

namespace oh::win {

namespace {

// What a save, an editor's save-by-rename, a delete or a new folder changes; not reads.
constexpr DWORD kFilter = FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME |
                          FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_SIZE |
                          FILE_NOTIFY_CHANGE_CREATION;

// The folder, open for listing and watching; FILE_SHARE_DELETE so that the user can still
// delete or rename it.
UniqueHandle open_folder(const std::filesystem::path& dir, DWORD access, DWORD flags) {
    return UniqueHandle(CreateFileW(dir.c_str(), access,
                                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                    OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | flags, nullptr));
}

bool same_file(const BY_HANDLE_FILE_INFORMATION& a, const BY_HANDLE_FILE_INFORMATION& b) {
    return a.dwVolumeSerialNumber == b.dwVolumeSerialNumber &&
           a.nFileIndexHigh == b.nFileIndexHigh && a.nFileIndexLow == b.nFileIndexLow;
}

} // namespace

Status WinFolderWatch::arm(const std::filesystem::path& dir, Changed changed) {
    disarm();
    // The message is made before disarm(), which would change GetLastError.
    const auto give_up = [this](std::string why) {
        disarm();
        return fail(std::move(why));
    };
    dir_ = dir;
    folder_ = open_folder(dir, FILE_LIST_DIRECTORY, FILE_FLAG_OVERLAPPED);
    done_.reset(CreateEventW(nullptr, TRUE, FALSE, nullptr));
    stop_.reset(CreateEventW(nullptr, TRUE, FALSE, nullptr));
    if (!valid(folder_) || !done_ || !stop_) return give_up("cannot open it: " + last_error_text());
    if (!GetFileInformationByHandle(folder_.get(), &identity_)) identity_ = {};
    // The first read is queued here, so that a failure (a share that cannot notify:
    // ERROR_INVALID_FUNCTION) is known at once and no change slips in before the thread runs.
    if (!read_next()) return give_up("ReadDirectoryChangesW failed: " + last_error_text());
    try {
        thread_ = std::thread([this, changed = std::move(changed)] { wait_loop(changed); });
    } catch (...) {
        return give_up("no thread to wait for changes");
    }
    return {};
}

bool WinFolderWatch::read_next() {
    overlapped_ = OVERLAPPED{};
    overlapped_.hEvent = done_.get();
    ResetEvent(done_.get());
    return ReadDirectoryChangesW(folder_.get(), buffer_, sizeof buffer_, TRUE, kFilter, nullptr,
                                 &overlapped_, nullptr) != FALSE;
}

bool WinFolderWatch::still_same() const {
    UniqueHandle now = open_folder(dir_, FILE_READ_ATTRIBUTES, 0);
    BY_HANDLE_FILE_INFORMATION info{};
    if (!valid(now) || !GetFileInformationByHandle(now.get(), &info)) return false;
    return (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) && same_file(info, identity_);
}

void WinFolderWatch::wait_loop(const Changed& changed) {
    for (;;) {
        HANDLE handles[2] = {stop_.get(), done_.get()};
        const DWORD w = WaitForMultipleObjects(2, handles, FALSE, INFINITE);
        if (w != WAIT_OBJECT_0 + 1) break; // stop (or a wait that failed)
        DWORD bytes = 0;
        // No bytes: more changes than the buffer holds; an error: the folder is going away.
        const bool ok = GetOverlappedResult(folder_.get(), &overlapped_, &bytes, FALSE) ||
                        GetLastError() == ERROR_NOTIFY_ENUM_DIR;
        // Deleted, renamed or replaced: the handle would go on watching the old folder.
        const bool alive = ok && still_same() && read_next();
        changed(!alive);
        if (!alive) return;
    }
    CancelIoEx(folder_.get(), &overlapped_); // the first read was queued by arm()'s thread
    DWORD bytes = 0;
    GetOverlappedResult(folder_.get(), &overlapped_, &bytes, TRUE); // the buffer outlives it
}

void WinFolderWatch::disarm() noexcept {
    if (thread_.joinable()) {
        SetEvent(stop_.get());
        thread_.join();
    }
    folder_.reset();
    done_.reset();
    stop_.reset();
}

} // namespace oh::win
