// The FolderWatch of `fakehost run --live` on Linux: inotify on the scripts folder and every
// folder under it (lib/ and its subfolders, also ones created later), read by a thread of its
// own that sleeps in poll() until something changes. Elsewhere arm() fails, and hot reload
// polls.
#pragma once

#include "change_watch.h"

#include <map>
#include <mutex>
#include <thread>

namespace oh {

class InotifyWatch final : public FolderWatch {
  public:
    // Folders watched at most (the scripts folder's whole tree): past it, the rest is not.
    static constexpr std::size_t max_folders = 1000;

    InotifyWatch() = default;
    ~InotifyWatch() override { disarm(); }
    InotifyWatch(const InotifyWatch&) = delete;
    InotifyWatch& operator=(const InotifyWatch&) = delete;

    Status arm(const std::filesystem::path& dir, Changed changed) override;
    void disarm() noexcept override;

  private:
    void add_tree(const std::filesystem::path& dir);
    bool add_one(const std::filesystem::path& dir);
    void read_loop(Changed changed);
    bool handle_events(); // false once the root's watch has ended

    int fd_ = -1;
    int stop_[2] = {-1, -1}; // a pipe: a byte in it ends read_loop
    int root_wd_ = -1;
    std::map<int, std::filesystem::path> folders_; // by watch descriptor
    std::thread thread_;
};

} // namespace oh
