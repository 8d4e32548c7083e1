// Change notifications for the scripts folder, so that hot reload need not poll: the add-in
// implements this with ReadDirectoryChangesW (addin/win/folder_watch.h), the fake host's
// --live mode with inotify (fakehost/inotify_watch.h), the tests with a fake. The dispatcher
// arms it and is told of changes; where arming fails it polls instead.
#pragma once

#include "result.h"

#include <filesystem>
#include <functional>

namespace oh {

class FolderWatch {
  public:
    // From a thread of the watch: something under the folder may have changed. `lost` is
    // true when the watch itself has ended (the folder was deleted, renamed or replaced):
    // nothing more is reported until arm() succeeds again.
    using Changed = std::function<void(bool lost)>;

    virtual ~FolderWatch() = default;
    // Starts (or restarts) watching `dir` and every folder under it. Fails, saying why, when
    // it cannot be watched (no such folder, a network share that sends no notifications, ...).
    virtual Status arm(const std::filesystem::path& dir, Changed changed) = 0;
    // Stops watching: when it returns, no call of `changed` is under way or follows.
    virtual void disarm() noexcept = 0;
};

} // namespace oh
