// The add-in's FolderWatch: ReadDirectoryChangesW on the scripts folder and its whole subtree
// (lib/ included), waited for by a thread of its own that sleeps until Windows reports a
// change. Network shares that send no notifications fail arm(): the dispatcher then polls.
#pragma once

#include "change_watch.h"
#include "handles.h"

#include <thread>

namespace oh::win {

class WinFolderWatch final : public FolderWatch {
  public:
    WinFolderWatch() = default;
    ~WinFolderWatch() override { disarm(); }
    WinFolderWatch(const WinFolderWatch&) = delete;
    WinFolderWatch& operator=(const WinFolderWatch&) = delete;

    Status arm(const std::filesystem::path& dir, Changed changed) override;
    void disarm() noexcept override;

  private:
    bool read_next();        // queues the next ReadDirectoryChangesW
    bool still_same() const; // the path still names the folder we hold open
    void wait_loop(const Changed& changed);

    std::filesystem::path dir_;
    UniqueHandle folder_;
    UniqueHandle done_; // the read's completion
    UniqueHandle stop_; // set by disarm()
    OVERLAPPED overlapped_{};
    BY_HANDLE_FILE_INFORMATION identity_{};
    alignas(DWORD) unsigned char buffer_[16384];
    std::thread thread_;
};

} // namespace oh::win
