#include "inotify_watch.h"

#ifdef __linux__
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>
#endif

namespace oh {

#ifdef __linux__

namespace {

// What a save, an editor's save-by-rename, a delete or a new folder does; not reads.
constexpr std::uint32_t kEvents = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE |
                                  IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF |
                                  IN_MOVE_SELF | IN_ONLYDIR;

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

} // namespace

Status InotifyWatch::arm(const std::filesystem::path& dir, Changed changed) {
    disarm();
    // The message is made before disarm(), which may change errno.
    const auto give_up = [this](std::string why) {
        disarm();
        return fail(std::move(why));
    };
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0 || ::pipe2(stop_, O_CLOEXEC) != 0)
        return give_up(std::string("inotify: ") + std::strerror(errno));
    if (!add_one(dir)) return give_up(std::string("inotify_add_watch: ") + std::strerror(errno));
    root_wd_ = folders_.begin()->first;
    add_tree(dir);
    thread_ = std::thread([this, changed = std::move(changed)] { read_loop(changed); });
    return {};
}

bool InotifyWatch::add_one(const std::filesystem::path& dir) {
    if (folders_.size() >= max_folders) return false;
    const int wd = inotify_add_watch(fd_, dir.c_str(), kEvents);
    if (wd < 0) return false;
    folders_[wd] = dir;
    return true;
}

// Every folder under `dir` (symlinks are not followed, so a link loop cannot trap it).
void InotifyWatch::add_tree(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::recursive_directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec))
        if (it->is_directory(ec) && !it->is_symlink(ec)) add_one(it->path());
}

bool InotifyWatch::handle_events() {
    alignas(inotify_event) char buf[16384];
    for (;;) {
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) return true; // EAGAIN: all read
        for (ssize_t at = 0; at < n;) {
            const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
            at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
            if (e->wd == root_wd_ && (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)))
                return false;
            if ((e->mask & IN_IGNORED) != 0) {
                folders_.erase(e->wd);
                continue;
            }
            // A folder created (or moved in) under a watched one is watched with its tree.
            const auto parent = folders_.find(e->wd);
            if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO)) && e->len &&
                parent != folders_.end()) {
                const auto sub = parent->second / e->name;
                add_one(sub);
                add_tree(sub);
            }
        }
    }
}

void InotifyWatch::read_loop(Changed changed) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_[0], POLLIN, 0}};
    for (;;) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            changed(true);
            return;
        }
        if (fds[1].revents) return;
        const bool alive = handle_events();
        changed(!alive);
        if (!alive) return;
    }
}

void InotifyWatch::disarm() noexcept {
    if (thread_.joinable()) {
        const char byte = 0;
        [[maybe_unused]] const ssize_t n = ::write(stop_[1], &byte, 1);
        thread_.join();
    }
    close_fd(fd_);
    close_fd(stop_[0]);
    close_fd(stop_[1]);
    folders_.clear();
    root_wd_ = -1;
}

#else

Status InotifyWatch::arm(const std::filesystem::path&, Changed) {
    return fail("no inotify on this system");
}
void InotifyWatch::disarm() noexcept {}

#endif

} // namespace oh
